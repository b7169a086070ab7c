"""Read the date phrases of news copy relative to the document's publication time.

``read_when("Monday", published)`` turns a phrase from a news report into a
:class:`When`: a first day, a last day (``None`` when open-ended) and the
precision the phrase was given at. No Django, no database.

Conventions (a newsroom's reading, not a calendar library's):

* A bare weekday in a report published on that weekday is the publication day;
  otherwise it is the most recent such weekday before publication, because news
  reports what happened. In a future-tense phrase ("will start Monday",
  "is due Friday", "next Monday", "upcoming") a weekday goes forward instead:
  the same day if it is the publication day, else the next one. "next Monday" is
  always strictly after publication (on a Monday: the Monday a week later);
  "last Monday" is always strictly before; "this Friday" is the Friday of the
  publication's Monday-to-Sunday week. A weekday given with a date
  ("Wednesday, August 6") takes the year, of the nearest past and future
  ones, in which the date falls on that weekday; when neither does, the
  phrase is not read.
* Parts of day and clock times are dropped: "by Monday afternoon", "Monday
  morning", "earlier Monday", "late Sunday", "Monday at 3 p.m.", "in the small
  hours of Sunday", "said on Friday" give that day. "this morning", "this
  afternoon", "tonight", and a time of day alone ("by noon", "in the
  morning", "at 10:00 local time") are the publication day; "last night" is
  the day before. A night named without a day ("overnight", "during the
  night") is the night before publication, both its days: the day before and
  the publication day; "overnight Sunday into Monday" is those two days.
* Days counted from another day: "the previous day", "the day before" are the
  day before publication, "the next / following day", "the day after" the day
  after; "two days earlier / later" count from publication; "two days before
  August 3", "the day after Friday" from the day named. A day counted from an
  event ("two days after leaving") is not read.
* A month or a day-and-month given without a year is the most recent one not
  after publication (the future-tense phrases above take the next one not
  before publication). "since April" starts on 1 April of that year.
* "last week" / "this week" / "next week" are Monday-to-Sunday weeks around the
  publication's week, with day precision. "a week ago", "a fortnight ago" and
  "two weeks ago" are the day 7 or 14 days before publication (said of an
  event, they name its day); three or more weeks ago is the Monday-to-Sunday
  week holding the day N*7 days before. "N days ago" is one day; "N months
  ago" a whole month; "N years ago" a whole year.
* "earlier this week/month/year" runs from the start of that period to the
  publication day; "later this ..." from the publication day to its end.
* "early/mid/late April" are days 1-10, 11-20 and 21-end, with day precision;
  so are "early last month", "the end of next month", and "the beginning /
  middle / end of" say the same as "early / mid / late". Of a week: early is
  Monday-Tuesday, mid Wednesday-Thursday, late Friday-Sunday. Of a year
  ("early next year", "mid-2013"): January-April, May-August,
  September-December, with month precision. "since the beginning of the
  month" is open from its first day ("since the start of the year" from its
  first month).
* Seasons are three months, with month precision: winter December-February
  (named by its January: "winter 2014" is December 2013 - February 2014),
  spring March-May, summer June-August, autumn (fall) September-November.
  "last winter" is the latest one ended before publication, "next winter" the
  first one starting after it; a bare season is the one under way, else the
  latest past one (the next one in a future-tense phrase); "this" season is
  the one under way, else the one that starts in the publication's year
  ("this spring" in August is the past spring, "this winter" the coming one).
* The future tense is any auxiliary ("will", "is to", "is expected to", "plans
  to", "due to", ...); the verb after it carries no date and is dropped ("is
  expected to vote on Friday" is the Friday after publication). Other words
  the desk does not know make the phrase unreadable ("plans to hold talks on
  Wednesday": "talks"); ``why_unreadable`` names the first such word.
* Russian and Ukrainian (``language="ru"`` / ``"uk"``) follow the same rules:
  each word is put into the English reading words above (claims.cyrillic:
  month and weekday names from dateparser's language data, all their case
  forms from pymorphy3's dictionaries), so "в понедельник" is "Monday", "с
  апреля" / "з квітня" (with no end) is "since April", "с понедельника по
  пятницу" is "from Monday to Friday", "три дня назад" is "3 days ago",
  "накануне" is "the previous day", "в ночь на воскресенье" is Sunday. Verbs
  are dropped, their future tense kept. Dates with dots or slashes are
  day-first in both.
* Numeric dates: ISO ``2014-08-03`` is read as is. ``dd.mm.yyyy`` (dots) is
  day-first, as everywhere dots are used. With slashes (``03/08/2014``) the
  order is ambiguous between British and American use: by default the phrase
  is read only when it cannot be misread (one part above 12, or both parts
  equal) and rejected (``None``) otherwise. Pass ``day_first=True`` or
  ``day_first=False`` when the document's locale settles it.
* A range takes the finer precision of its two ends ("from April to 3 August"
  is a day range 1 Apr - 3 Aug) and must not end before it starts.
* The publication day is the calendar day of ``published`` as given: an aware
  datetime is read in its own time zone (a Moscow paper's Monday evening stays
  Monday); a plain ``date`` is taken as noon of that day.
* dateparser is only a last resort for single absolute dates spelt in some way
  the patterns here do not know, always with ``languages=["en"]`` (a Russian
  or Ukrainian phrase reaches it in its English reading words).

Anything unreadable returns ``None``; ``read_when`` never raises.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from .cyrillic import english_reading
from .languages import EN, known
from .when import span_text

__all__ = ["DAY", "MONTH", "YEAR", "PRECISIONS", "When", "read_when", "why_unreadable"]

DAY = "day"
MONTH = "month"
YEAR = "year"
PRECISIONS = (DAY, MONTH, YEAR)

@dataclass(frozen=True)
class When:
    """A normalized time: ``start``..``end`` inclusive, ``end`` None when open-ended."""

    start: date
    end: date | None
    precision: str

    def describe(self) -> str:
        """Short human text: "4 Aug 2014", "4–8 Aug 2014", "from Apr 2014 on", "2013"
        (claims.when, the desk's one way to show a time)."""
        return span_text(self.start, self.end, self.precision)


# --- Vocabulary ------------------------------------------------------------------------

_MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
    "april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
    "august": 8, "aug": 8, "september": 9, "sept": 9, "sep": 9,
    "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
_WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3,
    "friday": 4, "saturday": 5, "sunday": 6,
}
_SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "a couple of": 2, "a couple": 2, "couple of": 2,
}

_MON = "(?P<{name}>" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"
_WD = "(?P<wd>" + "|".join(_WEEKDAYS) + ")"
_ORD = r"(?:st|nd|rd|th)?"
_COUNT = r"(?P<n>\d{1,3}|" + "|".join(
    re.escape(k) for k in sorted(_SMALL_NUMBERS, key=len, reverse=True)
) + ")"


def _rx(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


# Clean-up of the raw phrase.
_EDGE = " \t\r\n\"'“”‘’«»()[]{}.,;:!?*"
_SPACES = _rx(r"\s+")
_ABBR_DOT = _rx(r"\b(jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec|a\.m|p\.m|mon|tues?|"
                r"wed|thu(?:rs?)?|fri|sat|sun)\.")
_CLOCK = _rx(r"\b(?:at |around |about |from )?\d{1,2}(?::\d{2})?\s*(?:a\.?m|p\.?m)\.?(?=\s|$)"
             r"|\b(?:at |around |about )?\d{1,2}:\d{2}(?::\d{2})?\b"
             r"|\b(?:local time|moscow time|kyiv time|kiev time|gmt|utc|msk|cet|cest|est|edt)\b")
_TODAYISH = _rx(r"\b(?:this (?:morning|afternoon|evening)|tonight|today's)\b")
_YESTERDAYISH = _rx(r"\blast (?:night|evening)\b")
_FUTURE = _rx(r"\b(?:will|shall|\w+'ll|is to|are to|going to|due|scheduled|planned|plans? to|"
              r"set to|expected to|upcoming|coming|next|tomorrow)\b")
# Words that carry no date: auxiliaries, prepositions, parts of day.
_FILLER = _rx(
    r"\b(?:is to|are to|going to|set to|due to|expected to|planned to|plans? to|scheduled to|"
    r"take place|takes place|took place|to be|as of|some time|"
    r"will|would|shall|\w+'ll|be|is|are|was|were|been|due|scheduled|planned|set|expected|"
    r"held|on|by|at|in|during|over|within|for|of|the|around|about|sometime|"
    r"said|says|told|reported|announced|added|stated|confirmed|"
    r"start|starts|started|starting|begin|begins|began|beginning|"
    r"morning|afternoon|evening|night|overnight|noon|midday|lunchtime|midnight|dawn|dusk|"
    r"daybreak)\b"
)
_PART_OF_DAY = _rx(r"\b(?:morning|afternoon|evening|noon|midday|lunchtime)\b")
_EARLY_LATE = _rx(r"\b(?:early|earlier|late|later)\b")

# Single expressions, matched against the cleaned phrase.
_OPEN_SINCE = _rx(r"(?:ever )?since (?P<x>.+)")
_OPEN_FROM = _rx(r"(?:from|starting|beginning|as of) (?P<x>.+?) (?:on|onwards?)")
_RELATIVE_DAY = _rx(r"(?P<w>today|now|yesterday|tomorrow|day before yesterday|"
                    r"day after tomorrow)")
_PART_OF_PERIOD = _rx(r"(?P<side>earlier|later) this (?P<unit>week|month|year)")
_PERIOD = _rx(r"(?P<which>this|last|next|past|previous|current) (?P<unit>week|month|year)")
_WEEKEND = _rx(r"(?:(?P<which>this|last|next|past|previous|coming) )?weekend")
_AGO = _rx(_COUNT + r" (?P<unit>day|week|fortnight|month|year)s? ago")
# Parts of periods: "early last month", "late next week", "mid-2013", "the end of the year".
_PART_WORDS = [
    (_rx(r"\b(?:at |in |by |from )?(?:the )?(?:very )?(?:beginning|start) of (?:the )?"),
     "early "),
    (_rx(r"\b(?:at |in |by )?(?:the )?middle of (?:the )?"), "mid "),
    (_rx(r"\b(?:at |in |by )?(?:the )?(?:very )?end of (?:the )?"), "late "),
    (_rx(r"\b(early|mid|late)[- ](week|month|year)\b"), r"\1 this \2"),
]
_PART_GATE = _rx(r"\b(?:beginning|start|middle|end|early|mid|late)")
_PART_PERIOD = _rx(r"(?P<part>early|mid|late)[- ]?(?:(?P<which>this|last|next|past|previous|"
                   r"current|coming) )?(?P<unit>week|month|year)")
_PART_YEAR = _rx(r"(?P<part>early|mid|late)[- ]?(?P<y>\d{4})")
_SEASON_MONTHS = {"winter": 12, "spring": 3, "summer": 6, "autumn": 9, "fall": 9}
_SEASON = _rx(r"(?:(?P<which>this|last|next|past|previous|coming) )?"
              r"(?P<season>winter|spring|summer|autumn|fall)(?: (?P<y>\d{4}))?")
# Days counted from another day: "the previous day", "two days later", "the day after Monday".
_COUNTED = _rx(
    r"(?:(?P<rel>previous|next|following) day|day (?P<dir>before|after|earlier|later)"
    r"|(?P<n>" + _COUNT[len("(?P<n>"):-1] + r") days? (?P<dir2>before|after|earlier|later))"
    r"(?: (?P<anchor>.+))?"
)
# The night without a day: "overnight", "during the night" (the night before publication,
# so the day before and the publication day); "in the small hours" (after midnight).
_NIGHT = _rx(r"(?:(?:during|in|through|over|throughout) )?(?:the )?(?:night|overnight)")
_SMALL_HOURS = _rx(r"\b(?:in )?(?:the )?(?:small|early|wee|pre-?dawn) hours(?: of)?\b")
# The verb after a future auxiliary carries no date: "is expected to vote", "will meet".
_FUTURE_VERB = _rx(
    r"\b((?:is|are|was|were|expected|due|set|scheduled|planned|plans?|going|intends?|aims?|"
    r"hopes?|likely|about|ready) to|will|shall|\w+'ll) (?!be\b|start|begin|last|run|end|"
    r"continue)(?:not )?[a-z]+\b"
)
_PAST_SPAN = _rx(r"(?:past|last|previous) (?:" + _COUNT
                 + r" )?(?P<unit>hour|day|week|month|year)s?")
_WEEKDAY = _rx(r"(?:(?P<which>this|last|next|coming|past|previous) )?" + _WD)
_WEEKDAY_THEN_REST = _rx(_WD + r" (?P<rest>.*\d.*)")
_ISO = _rx(r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
           r"(?:t\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:z|[+-]\d{2}:?\d{2})?)?")
_ISO_MONTH = _rx(r"(?P<y>\d{4})-(?P<m>\d{1,2})")
_NUMERIC = _rx(r"(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)(?P<y>\d{4}|\d{2})")
_SEP = r"[ /-]"
_YEAR = r"(?:" + _SEP + r"(?P<y>\d{4}|'\d{2}))?"
_DAY_MONTH = _rx(r"(?P<d>\d{1,2})" + _ORD + _SEP + _MON.format(name="mon") + _YEAR)
_MONTH_DAY = _rx(_MON.format(name="mon") + _SEP + r"(?P<d>\d{1,2})" + _ORD + _YEAR)
_DAYS_MONTH = _rx(r"(?:from |between )?(?P<d1>\d{1,2})" + _ORD
                  + r" ?(?:-|to|and|through|thru|until|till) ?(?P<d2>\d{1,2})" + _ORD + " "
                  + _MON.format(name="mon") + r"(?: (?P<y>\d{4}))?")
_MONTH_DAYS = _rx(r"(?:from |between )?" + _MON.format(name="mon") + r" (?P<d1>\d{1,2})" + _ORD
                  + r" ?(?:-|to|and|through|thru|until|till) ?(?P<d2>\d{1,2})" + _ORD
                  + r"(?: (?P<y>\d{4}))?")
_PART_MONTH = _rx(r"(?P<part>early|mid|late)[- ]?" + _MON.format(name="mon")
                  + r"(?: (?P<y>\d{4}))?")
_MONTH = _rx(r"(?:(?P<which>this|last|next|past|coming) )?" + _MON.format(name="mon")
             + r"(?: (?P<y>\d{4})| (?P<rel>last|this|next) year)?")
_YEAR_ONLY = _rx(r"(?P<y>\d{4})")

# Range connectors: "to", "through", "until", "-", "and", also "... and last through".
_CONNECTOR = _rx(
    r"\s*-\s*|\s+(?:and\s+)?(?:(?:last|lasts|lasted|lasting|run|runs|ran|running|continue|"
    r"continues|continued|continuing|end|ends|ended|ending|go on|goes on|went on)\s+)?"
    r"(?:to|through|thru|until|till|til|and|into)\s+"
)
_RANGE_LEAD = _rx(r"^(?:from|between|starting|beginning|start|begin)\s+")
_FALLBACK_GATE = _rx(r"\b(?:" + "|".join(_MONTHS) + r")\b")
_HAS_CONNECTOR = _rx(r"\b(?:to|through|thru|until|till|between|and|since|ago)\b|-")


# --- Date arithmetic -------------------------------------------------------------------


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def _month_when(year: int, month: int) -> When:
    return When(date(year, month, 1), _month_end(year, month), MONTH)


def _year_when(year: int) -> When:
    return When(date(year, 1, 1), date(year, 12, 31), YEAR)


def _day_when(d: date) -> When:
    return When(d, d, DAY)


def _shift_month(year: int, month: int, by: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + by
    return index // 12, index % 12 + 1


def _minus_months(d: date, months: int) -> date:
    year, month = _shift_month(d.year, d.month, -months)
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _week_of(d: date) -> When:
    monday = d - timedelta(days=d.weekday())
    return When(monday, monday + timedelta(days=6), DAY)


def _count(word: str) -> int | None:
    if word.isdecimal():
        return int(word)
    return _SMALL_NUMBERS.get(word)


def _year_of(text: str | None) -> int | None:
    if not text:
        return None
    if text.startswith("'"):
        return 2000 + int(text[1:])
    return int(text)


def _resolve_day(month: int, day: int, year: int | None, ref: date, future: bool) -> date | None:
    """A day and month; without a year, the nearest one not after (or not before) ``ref``."""
    if year is not None:
        try:
            return date(year, month, day)
        except ValueError:
            return None
    step = 1 if future else -1
    for offset in range(9):  # 29 February may lie up to eight years away
        try:
            candidate = date(ref.year + step * offset, month, day)
        except ValueError:
            continue
        if (candidate >= ref) if future else (candidate <= ref):
            return candidate
    return None


def _resolve_month(month: int, ref: date, future: bool, which: str | None) -> int:
    """The year of a month named without one."""
    if which == "this":
        return ref.year
    if which in ("last", "past"):
        return ref.year if month < ref.month else ref.year - 1
    if which in ("next", "coming"):
        return ref.year if month > ref.month else ref.year + 1
    if future:
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


def _resolve_weekday(weekday: int, ref: date, future: bool, which: str | None) -> date:
    if which == "this":  # the one in the publication's Monday-to-Sunday week
        return ref - timedelta(days=ref.weekday()) + timedelta(days=weekday)
    if which in ("last", "past", "previous"):
        return ref - timedelta(days=(ref.weekday() - weekday - 1) % 7 + 1)
    if which in ("next", "coming"):
        return ref + timedelta(days=(weekday - ref.weekday() - 1) % 7 + 1)
    if future:
        return ref + timedelta(days=(weekday - ref.weekday()) % 7)
    return ref - timedelta(days=(ref.weekday() - weekday) % 7)


# --- Reading ---------------------------------------------------------------------------


def _clean(phrase: str) -> str:
    text = phrase.strip().strip(_EDGE).lower()
    text = text.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    text = _ABBR_DOT.sub(r"\1", text)
    text = text.replace(",", " ")
    return _SPACES.sub(" ", text).strip()


@functools.lru_cache(maxsize=8192)  # a range's ends are stripped again and again
def _strip_fillers(text: str) -> str:
    text = _CLOCK.sub(" ", text)
    text = _TODAYISH.sub(" today ", text)
    text = _YESTERDAYISH.sub(" yesterday ", text)
    text = _FILLER.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def _single(text: str, pub: date, ref: date, future: bool) -> When | None:
    """One date expression (possibly open-ended); ``ref`` anchors words without a year."""
    text = text.strip()
    if _NIGHT.fullmatch(text):
        return When(pub - timedelta(days=1), pub, DAY)
    if "hours" in text and _SMALL_HOURS.search(text):
        text = _SMALL_HOURS.sub(" ", text).strip() or "today"
    m = _OPEN_SINCE.fullmatch(text) or _OPEN_FROM.fullmatch(text)
    if m:
        inner = _single(m.group("x"), pub, ref, future=False)
        if inner is None or inner.end is None:
            return None
        return When(inner.start, None, inner.precision)

    part_of_day = bool(_PART_OF_DAY.search(text) or _CLOCK.search(text))
    text = _strip_fillers(text)
    if not text:
        # "by noon", "in the morning", "at 10:00": a time of day alone is the publication day's
        return _day_when(pub) if part_of_day else None

    m = _PART_OF_PERIOD.fullmatch(text)
    if m:
        whole = _period("this", m.group("unit"), pub)
        if m.group("side") == "earlier":
            return When(whole.start, pub, DAY)
        return When(pub, whole.end, DAY)

    m = _PART_PERIOD.fullmatch(text)
    if m:
        return _part_of_period(m.group("part"), m.group("which") or "this", m.group("unit"), pub)

    m = _PART_YEAR.fullmatch(text)
    if m:
        first, last = {"early": (1, 4), "mid": (5, 8)}.get(m.group("part"), (9, 12))
        year = int(m.group("y"))
        return When(date(year, first, 1), _month_end(year, last), MONTH)

    m = _SEASON.fullmatch(text)
    if m:
        return _season(m.group("season"), m.group("which"), m.group("y"), pub, future)

    m = _COUNTED.fullmatch(text)
    if m:
        return _counted(m, pub, future)

    m = _PART_MONTH.fullmatch(text)
    if m:
        month = _MONTHS[m.group("mon")]
        year = _year_of(m.group("y")) or _resolve_month(month, ref, future, None)
        first, last = {"early": (1, 10), "mid": (11, 20)}.get(
            m.group("part"), (21, calendar.monthrange(year, month)[1]))
        return When(date(year, month, first), date(year, month, last), DAY)

    text = _SPACES.sub(" ", _EARLY_LATE.sub(" ", text)).strip()
    if not text:
        return None

    m = _RELATIVE_DAY.fullmatch(text)
    if m:
        shift = {"today": 0, "now": 0, "yesterday": -1, "tomorrow": 1,
                 "day before yesterday": -2, "day after tomorrow": 2}[m.group("w")]
        return _day_when(pub + timedelta(days=shift))

    m = _PERIOD.fullmatch(text)
    if m:
        return _period(m.group("which"), m.group("unit"), pub)

    m = _WEEKEND.fullmatch(text)
    if m:
        which = m.group("which")
        if which in ("next", "coming") or (which == "this" and future):
            saturday = pub + timedelta(days=(5 - pub.weekday() - 1) % 7 + 1)
        else:
            saturday = pub - timedelta(days=(pub.weekday() - 5) % 7)
            if which in ("last", "past", "previous") and pub <= saturday + timedelta(days=1):
                saturday -= timedelta(days=7)
        return When(saturday, saturday + timedelta(days=1), DAY)

    m = _AGO.fullmatch(text)
    if m:
        return _ago(_count(m.group("n")), m.group("unit"), pub)

    m = _PAST_SPAN.fullmatch(text)
    if m:
        n = _count(m.group("n")) if m.group("n") else 1
        if not n:
            return None
        unit = m.group("unit")
        if unit == "hour":
            start = pub - timedelta(days=(n + 23) // 24)
        elif unit in ("day", "week"):
            start = pub - timedelta(days=n * (7 if unit == "week" else 1))
        else:
            start = _minus_months(pub, n * (12 if unit == "year" else 1))
        return When(start, pub, DAY)

    m = _WEEKDAY.fullmatch(text)
    if m:
        return _day_when(_resolve_weekday(_WEEKDAYS[m.group("wd")], ref, future, m.group("which")))

    m = _WEEKDAY_THEN_REST.fullmatch(text)
    if m:  # "Sunday August 3 2014": the date, in the year its weekday fits
        weekday = _WEEKDAYS[m.group("wd")]
        for direction in (future, not future):
            found = _absolute(m.group("rest"), ref, direction)
            if found is None or found.start != found.end:
                return found
            if found.start.weekday() == weekday:
                return found
        return None  # "Wednesday, 7 August 2014" was a Thursday: which is meant?

    return _absolute(text, ref, future)


def _part_of_period(part: str, which: str, unit: str, pub: date) -> When:
    """"early last month" (days 1-10), "late this week" (Friday-Sunday), "mid next year"."""
    whole = _period(which if which != "past" else "last", unit, pub)
    if unit == "year":
        first, last = {"early": (1, 4), "mid": (5, 8)}.get(part, (9, 12))
        year = whole.start.year
        return When(date(year, first, 1), _month_end(year, last), MONTH)
    if unit == "week":
        first, last = {"early": (0, 1), "mid": (2, 3)}.get(part, (4, 6))
        return When(whole.start + timedelta(days=first), whole.start + timedelta(days=last), DAY)
    start = whole.start
    first, last = {"early": (1, 10), "mid": (11, 20)}.get(
        part, (21, calendar.monthrange(start.year, start.month)[1]))
    return When(start.replace(day=first), start.replace(day=last), DAY)


def _season(season: str, which: str | None, year: str | None, pub: date, future: bool) -> When:
    """A season as its three months (winter December-February, named by its January)."""
    first = _SEASON_MONTHS[season]

    def starting(y: int) -> When:
        end_year, end_month = _shift_month(y, first, 2)
        return When(date(y, first, 1), _month_end(end_year, end_month), MONTH)

    if year:
        return starting(int(year) - 1 if season == "winter" else int(year))
    # the season that holds the publication day, or the last one before it
    start_year = pub.year if pub.month >= first else pub.year - 1
    current = starting(start_year)
    if current.end < pub:  # the publication day lies after it: it is the latest past one
        latest_past, upcoming = current, starting(start_year + 1)
        holding = None
    else:
        latest_past, upcoming = starting(start_year - 1), starting(start_year + 1)
        holding = current
    if which in ("last", "past", "previous"):
        return latest_past
    if which in ("next", "coming"):
        return upcoming
    if holding is not None:
        return holding
    if which == "this":  # "this spring" in August: this year's ("this winter": the coming one)
        return starting(pub.year)
    return upcoming if future else latest_past


def _counted(m: re.Match[str], pub: date, future: bool) -> When | None:
    """Days counted from another day (the publication day unless one is named)."""
    if m.group("rel"):
        shift = -1 if m.group("rel") == "previous" else 1
    else:
        direction = m.group("dir") or m.group("dir2")
        n = 1 if m.group("dir") else _count(m.group("n"))
        if not n:
            return None
        shift = -n if direction in ("before", "earlier") else n
    anchor = m.group("anchor")
    if anchor:
        base = _single(anchor, pub, pub, future)
        if base is None or base.end is None or base.start != base.end:
            return None
        day = base.start
    else:
        day = pub
    return _day_when(day + timedelta(days=shift))


def _period(which: str, unit: str, pub: date) -> When:
    if unit == "week":
        this_week = _week_of(pub)
        if which in ("this", "current"):
            return this_week
        if which == "next":
            return _week_of(pub + timedelta(days=7))
        if which == "past":
            return When(pub - timedelta(days=7), pub, DAY)
        return _week_of(pub - timedelta(days=7))
    if unit == "month":
        if which in ("this", "current"):
            return _month_when(pub.year, pub.month)
        if which == "past":
            return When(_minus_months(pub, 1), pub, DAY)
        return _month_when(*_shift_month(pub.year, pub.month, 1 if which == "next" else -1))
    if which in ("this", "current"):
        return _year_when(pub.year)
    if which == "past":
        return When(_minus_months(pub, 12), pub, DAY)
    return _year_when(pub.year + (1 if which == "next" else -1))


def _ago(n: int | None, unit: str, pub: date) -> When | None:
    if not n:
        return None
    if unit == "day":
        return _day_when(pub - timedelta(days=n))
    if unit == "fortnight":
        n, unit = 2 * n, "week"
    if unit == "week" and n <= 2:  # "a week ago", "a fortnight ago": that day
        return _day_when(pub - timedelta(days=7 * n))
    if unit == "week":
        return _week_of(pub - timedelta(days=7 * n))
    if unit == "month":
        return _month_when(*_shift_month(pub.year, pub.month, -n))
    return _year_when(pub.year - n)


def _absolute(text: str, ref: date, future: bool, day_first: bool | None = None) -> When | None:
    m = _ISO.fullmatch(text)
    if m:
        return _checked_day(int(m.group("y")), int(m.group("m")), int(m.group("d")))
    m = _ISO_MONTH.fullmatch(text)
    if m:
        month = int(m.group("m"))
        return _month_when(int(m.group("y")), month) if 1 <= month <= 12 else None
    m = _NUMERIC.fullmatch(text)
    if m:
        return _numeric(m, ref, day_first)
    m = _DAYS_MONTH.fullmatch(text) or _MONTH_DAYS.fullmatch(text)
    if m:
        return _day_span(m, ref, future)
    m = _DAY_MONTH.fullmatch(text) or _MONTH_DAY.fullmatch(text)
    if m:
        found = _resolve_day(_MONTHS[m.group("mon")], int(m.group("d")),
                             _year_of(m.group("y")), ref, future)
        return _day_when(found) if found else None
    m = _MONTH.fullmatch(text)
    if m:
        month = _MONTHS[m.group("mon")]
        if m.group("y"):
            year = int(m.group("y"))
        elif m.group("rel"):
            year = ref.year + {"last": -1, "this": 0, "next": 1}[m.group("rel")]
        else:
            year = _resolve_month(month, ref, future, m.group("which"))
        return _month_when(year, month)
    m = _YEAR_ONLY.fullmatch(text)
    if m:
        year = int(m.group("y"))
        return _year_when(year) if 1000 <= year <= 2999 else None
    return None


def _checked_day(year: int, month: int, day: int) -> When | None:
    try:
        return _day_when(date(year, month, day))
    except ValueError:
        return None


def _numeric(m: re.Match[str], ref: date, day_first: bool | None) -> When | None:
    a, b = int(m.group("a")), int(m.group("b"))
    raw_year = m.group("y")
    year = int(raw_year)
    if len(raw_year) == 2:  # '14 -> 2014, '98 -> 1998
        year += 2000 if 2000 + year <= ref.year + 10 else 1900
    if m.group("sep") == ".":
        day_first = True
    if day_first is None:
        if a > 12 >= b:
            day_first = True
        elif b > 12 >= a:
            day_first = False
        elif a == b:
            day_first = True
        else:
            return None  # 03/08/2014: 3 August or March 8? Refuse to guess.
    day, month = (a, b) if day_first else (b, a)
    return _checked_day(year, month, day)


def _day_span(m: re.Match[str], ref: date, future: bool) -> When | None:
    month = _MONTHS[m.group("mon")]
    first, last = int(m.group("d1")), int(m.group("d2"))
    if last < first:
        return None
    start = _resolve_day(month, first, _year_of(m.group("y")), ref, future)
    if start is None:
        return None
    try:
        end = date(start.year, month, last)
    except ValueError:
        return None
    return When(start, end, DAY)


def _finer(a: str, b: str) -> str:
    return a if PRECISIONS.index(a) <= PRECISIONS.index(b) else b


def _range(text: str, pub: date, future: bool) -> When | None:
    """Two ends joined by a connector: "from Monday to Friday", "April - June 2014"."""
    for m in _CONNECTOR.finditer(text):
        left = _RANGE_LEAD.sub("", _strip_fillers(text[: m.start()])).strip()
        right = text[m.end():].strip()
        if not left or not right:
            continue
        if re.search(r"\b\d{4}\b", right) and not re.search(r"\b\d{4}\b", left):
            # "28 July to 3 August 2013": the end's year places the start.
            last = _single(right, pub, pub, future)
            if last is None or last.end is None:
                continue
            first = _single(left, pub, last.start, future=False)
        else:
            first = _single(left, pub, pub, future)
            if first is None or first.end is None:
                continue
            last = _single(right, pub, first.start, future=True)
        if first is None or last is None or first.end is None or last.end is None:
            continue
        if last.end < first.start:
            continue
        return When(first.start, last.end, _finer(first.precision, last.precision))
    return None


def _fallback(text: str, pub: datetime) -> When | None:
    """dateparser, for single absolute dates in a form the patterns above do not know."""
    if not (_FALLBACK_GATE.search(text) and re.search(r"\d", text)):
        return None
    if _HAS_CONNECTOR.search(text):
        return None
    bare = _strip_fillers(text)
    if _DAY_MONTH.fullmatch(bare) or _MONTH_DAY.fullmatch(bare) or _WEEKDAY_THEN_REST.fullmatch(
        bare
    ):
        return None  # a day and month the patterns read, and found no such day ("31 June")
    parts = ["day", "month"]
    if re.search(r"\b\d{4}\b", text):
        parts.append("year")
    try:
        import dateparser  # imported late: it is slow to load and rarely needed

        found = dateparser.parse(
            text,
            languages=["en"],
            settings={
                "RELATIVE_BASE": pub,
                "PREFER_DATES_FROM": "past",
                "REQUIRE_PARTS": parts,
                "RETURN_AS_TIMEZONE_AWARE": False,
            },
        )
    except Exception:  # dateparser must never break a form
        return None
    if found is None:
        return None
    return _day_when(found.date())


def read_when(
    phrase: str,
    published: datetime | date,
    *,
    day_first: bool | None = None,
    language: str = EN,
) -> When | None:
    """Read a date phrase relative to a publication time; ``None`` when unreadable.

    ``day_first`` settles slash dates such as 03/08/2014: ``None`` (the default)
    rejects them when the order is ambiguous, ``True`` reads day/month/year,
    ``False`` month/day/year. ``language`` is the document's ("en", "ru", "uk").
    """
    if not isinstance(phrase, str):
        return None
    if isinstance(published, datetime):
        pub_date = published.date()
        pub_naive = published.replace(tzinfo=None)
    elif isinstance(published, date):
        pub_date = published
        pub_naive = datetime.combine(published, time(12, 0))
    else:
        return None
    try:
        text = _clean(phrase)
        if not text or len(text) > 200:
            return None
        said_future = False
        language = known(language)
        if language != EN:
            text, said_future = english_reading(text, language)
            if not text:
                return None
            day_first = True if day_first is None else day_first
        if _PART_GATE.search(text):
            for pattern, replacement in _PART_WORDS:
                text = pattern.sub(replacement, text)
        future = said_future or bool(_FUTURE.search(text))
        if future:
            text = _FUTURE_VERB.sub(r"\1", text)
        if day_first is not None:
            m = _NUMERIC.fullmatch(_strip_fillers(text))
            if m:
                return _numeric(m, pub_date, day_first)
        return (
            _single(text, pub_date, pub_date, future)
            or _range(text, pub_date, future)
            or _fallback(text, pub_naive)
        )
    except (ValueError, OverflowError, KeyError, IndexError):
        return None


@functools.cache
def _known_words() -> frozenset[str]:
    """Every English word the patterns above read (taken from the patterns themselves)."""
    words: set[str] = set(_MONTHS) | set(_WEEKDAYS) | set(_SMALL_NUMBERS)
    for value in globals().values():
        if isinstance(value, re.Pattern):
            words.update(re.findall(r"[a-z]+", value.pattern))
    return frozenset(words)


def why_unreadable(
    phrase: str, published: datetime | date, *, day_first: bool | None = None,
    language: str = EN,
) -> str:
    """Why :func:`read_when` gives ``None`` for the phrase ("" when it reads): the first
    word it does not know, as written, or what else stands in the way."""
    if not isinstance(phrase, str) or not phrase.strip():
        return "Nothing to read: the phrase is empty."
    if read_when(phrase, published, day_first=day_first, language=language) is not None:
        return ""
    text = _clean(phrase)
    if known(language) != EN:
        text = english_reading(text, known(language))[0]
    text = _FUTURE_VERB.sub(r"\1", text)
    for word in re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text):
        if word not in _known_words() and not word.endswith("'s"):
            return f"“{word}” is not a word I know in a date."
    if _WEEKDAY_THEN_REST.fullmatch(_strip_fillers(text)):
        return "The weekday is not that date's, this year or the one nearest it."
    if _NUMERIC.fullmatch(_strip_fillers(text)):
        return "Day and month could be either way round (03/08 is 3 August or March 8)."
    return "These words do not make a date I can read."
