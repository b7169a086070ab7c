"""How the desk shows a time: one format everywhere, with the precision a date has.

A day is "17 Jul 2014", a month "Jul 2014", a year "2014", a range its two ends with an
en dash ("4 Aug 2014 – 8 Aug 2014", "4 Aug 2014 – open"), and a moment (a publication, a
log entry) its day and hour in the current time zone ("4 Aug 2014, 09:30"). Each comes
with the ISO text a <time datetime="..."> carries. Every presenter calls these; no
template formats a date.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.timezone import get_current_timezone_name, template_localtime

DAY, MONTH, YEAR = "day", "month", "year"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


@dataclass(frozen=True, slots=True)
class Shown:
    """A time as the desk shows it: the text and the ISO value for <time datetime>."""

    text: str
    iso: str

    def __str__(self) -> str:
        return self.text

    def __bool__(self) -> bool:
        return bool(self.text)


NONE = Shown("", "")


def shown_day(day: date | None, precision: str = DAY) -> Shown:
    """One date at its precision: "17 Jul 2014", "Jul 2014" or "2014"."""
    if day is None:
        return NONE
    if isinstance(day, datetime):
        day = template_localtime(day).date()
    if precision == YEAR:
        return Shown(str(day.year), f"{day.year:04d}")
    if precision == MONTH:
        return Shown(f"{MONTHS[day.month - 1]} {day.year}", f"{day.year:04d}-{day.month:02d}")
    return Shown(f"{day.day} {MONTHS[day.month - 1]} {day.year}", day.isoformat())


def shown_span(start: date | None, end: date | None, precision: str = DAY, *,
               open_end: bool = False) -> Shown:
    """A time a claim is about or was said: one date, or a range "start – end" ("– open"
    when `open_end` and it has no end). The ISO value is the start's."""
    if start is None:
        return NONE
    first = shown_day(start, precision if precision in (DAY, MONTH, YEAR) else DAY)
    if end is None:
        return Shown(f"{first.text} – open", first.iso) if open_end else first
    if end == start:
        return first
    last = shown_day(end, DAY if precision not in (MONTH, YEAR) else precision)
    if last.text == first.text:
        return first
    return Shown(f"{first.text} – {last.text}", first.iso)


def shown_time(moment: datetime | None) -> Shown:
    """A moment in the current time zone: "4 Aug 2014, 09:30"."""
    if moment is None:
        return NONE
    return _moment(moment, get_current_timezone_name())


@functools.lru_cache(maxsize=20_000)
def _moment(moment: datetime, zone: str) -> Shown:
    local = template_localtime(moment)
    day = shown_day(local.date())
    return Shown(f"{day.text}, {local:%H:%M}", local.isoformat())
