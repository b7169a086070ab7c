"""How the desk shows a time: one format everywhere, with the precision a date has.

A day is "17 Jul 2014", a month "Jul 2014", a year "2014"; a range is written once
("4–8 Aug 2014", "28 Jul – 3 Aug 2014", "Apr–Jun 2014", "2012–2013") and an open one
"from Apr 2014 on". A moment (a publication, a log entry, a change) is its day and its
time in the current time zone: "4 Aug 2014, 09:30" (with seconds where two changes may
share a minute: "4 Aug 2014, 09:30:05"). Each comes with the ISO text of
<time datetime="...">. Every presenter calls these; no template formats a date.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import date, datetime

from django.utils.timezone import get_current_timezone_name, template_localtime

DAY, MONTH, YEAR = "day", "month", "year"
MONTHS = ("", "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov",
          "Dec")


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


def _one(d: date, precision: str) -> str:
    if precision == YEAR:
        return str(d.year)
    if precision == MONTH:
        return f"{MONTHS[d.month]} {d.year}"
    return f"{d.day} {MONTHS[d.month]} {d.year}"


def _iso(d: date, precision: str) -> str:
    if precision == YEAR:
        return f"{d.year:04d}"
    if precision == MONTH:
        return f"{d.year:04d}-{d.month:02d}"
    return d.isoformat()


def span_text(start: date, end: date | None, precision: str = DAY) -> str:
    """The text of a time from `start` to `end` (inclusive; None: open) at `precision`."""
    if precision not in (DAY, MONTH, YEAR):
        precision = DAY
    if end is None:
        return f"from {_one(start, precision)} on"
    if precision == YEAR:
        return str(start.year) if start.year == end.year else f"{start.year}–{end.year}"
    if precision == MONTH:
        if (start.year, start.month) == (end.year, end.month):
            return _one(start, MONTH)
        if start.year == end.year:
            return f"{MONTHS[start.month]}–{MONTHS[end.month]} {end.year}"
        return f"{_one(start, MONTH)} – {_one(end, MONTH)}"
    if start == end:
        return _one(start, DAY)
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {MONTHS[end.month]} {end.year}"
    if start.year == end.year:
        return f"{start.day} {MONTHS[start.month]} – {_one(end, DAY)}"
    return f"{_one(start, DAY)} – {_one(end, DAY)}"


def shown_span(start: date | None, end: date | None, precision: str = DAY, *,
               open_end: bool = False) -> Shown:
    """A claim's time: its start to its end at its precision. A claim with a start and no
    end is shown at its start, or as open ("from ... on") when `open_end`."""
    if start is None:
        return NONE
    if end is None and not open_end:
        end = start
    return Shown(span_text(start, end, precision), _iso(start, precision))


def shown_day(day: date | datetime | None) -> Shown:
    """One day: "17 Jul 2014" (a moment's day in the current time zone)."""
    if day is None:
        return NONE
    if isinstance(day, datetime):
        day = template_localtime(day).date()
    return Shown(_one(day, DAY), day.isoformat())


def shown_time(moment: datetime | None, *, seconds: bool = False) -> Shown:
    """A moment in the current time zone: "4 Aug 2014, 09:30"."""
    if moment is None:
        return NONE
    return _moment(moment, seconds, get_current_timezone_name())


@functools.lru_cache(maxsize=20_000)
def _moment(moment: datetime, seconds: bool, zone: str) -> Shown:
    local = template_localtime(moment)
    clock = f"{local:%H:%M:%S}" if seconds else f"{local:%H:%M}"
    return Shown(f"{_one(local.date(), DAY)}, {clock}", local.isoformat())
