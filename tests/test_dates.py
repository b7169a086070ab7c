"""Date phrases of news copy, read relative to the publication time (no database)."""

from datetime import date, datetime, timedelta, timezone

import pytest

from claims.dates import When, read_when

# The seed article: The Moscow Times, Monday 4 August 2014.
MONDAY = datetime(2014, 8, 4, 12, 0)
D = date

# (phrase, start, end, precision), all published on MONDAY.
MONDAY_CASES = [
    # the seed article's phrases
    ("Monday", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("since April", D(2014, 4, 1), None, "month"),
    ("will start Monday and last through Friday", D(2014, 8, 4), D(2014, 8, 8), "day"),
    ("By Monday afternoon,", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("Earlier Monday", D(2014, 8, 4), D(2014, 8, 4), "day"),
    # weekdays and parts of day
    ("on Monday", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("Monday afternoon", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("Monday morning", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("late Sunday", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("on Sunday night", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("overnight Sunday", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("Friday", D(2014, 8, 1), D(2014, 8, 1), "day"),
    ("Tuesday", D(2014, 7, 29), D(2014, 7, 29), "day"),
    ("last Monday", D(2014, 7, 28), D(2014, 7, 28), "day"),
    ("next Monday", D(2014, 8, 11), D(2014, 8, 11), "day"),
    ("will start Friday", D(2014, 8, 8), D(2014, 8, 8), "day"),
    ("Monday at 3 p.m. local time", D(2014, 8, 4), D(2014, 8, 4), "day"),
    # days around publication
    ("today", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("yesterday", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("tonight", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("this morning", D(2014, 8, 4), D(2014, 8, 4), "day"),
    ("last night", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("the day before yesterday", D(2014, 8, 2), D(2014, 8, 2), "day"),
    ("tomorrow", D(2014, 8, 5), D(2014, 8, 5), "day"),
    ("two days ago", D(2014, 8, 2), D(2014, 8, 2), "day"),
    # weeks, months, years around publication
    ("last week", D(2014, 7, 28), D(2014, 8, 3), "day"),
    ("this week", D(2014, 8, 4), D(2014, 8, 10), "day"),
    ("next week", D(2014, 8, 11), D(2014, 8, 17), "day"),
    ("three weeks ago", D(2014, 7, 14), D(2014, 7, 20), "day"),
    ("the weekend", D(2014, 8, 2), D(2014, 8, 3), "day"),
    ("over the past 24 hours", D(2014, 8, 3), D(2014, 8, 4), "day"),
    ("in the past two weeks", D(2014, 7, 21), D(2014, 8, 4), "day"),
    ("earlier this month", D(2014, 8, 1), D(2014, 8, 4), "day"),
    ("later this week", D(2014, 8, 4), D(2014, 8, 10), "day"),
    ("this month", D(2014, 8, 1), D(2014, 8, 31), "month"),
    ("last month", D(2014, 7, 1), D(2014, 7, 31), "month"),
    ("next month", D(2014, 9, 1), D(2014, 9, 30), "month"),
    ("two months ago", D(2014, 6, 1), D(2014, 6, 30), "month"),
    ("last year", D(2013, 1, 1), D(2013, 12, 31), "year"),
    ("this year", D(2014, 1, 1), D(2014, 12, 31), "year"),
    ("a year ago", D(2013, 1, 1), D(2013, 12, 31), "year"),
    # months and years
    ("since 2013", D(2013, 1, 1), None, "year"),
    ("in 2013", D(2013, 1, 1), D(2013, 12, 31), "year"),
    ("in April", D(2014, 4, 1), D(2014, 4, 30), "month"),
    ("April 2014", D(2014, 4, 1), D(2014, 4, 30), "month"),
    ("in September", D(2013, 9, 1), D(2013, 9, 30), "month"),
    ("April last year", D(2013, 4, 1), D(2013, 4, 30), "month"),
    ("next April", D(2015, 4, 1), D(2015, 4, 30), "month"),
    ("in early April", D(2014, 4, 1), D(2014, 4, 10), "day"),
    ("mid-August", D(2014, 8, 11), D(2014, 8, 20), "day"),
    ("late July", D(2014, 7, 21), D(2014, 7, 31), "day"),
    ("since Monday", D(2014, 8, 4), None, "day"),
    ("from April onwards", D(2014, 4, 1), None, "month"),
    # single days
    ("on 3 August", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("3 August 2014", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("August 3", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("Aug. 3", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("August 3, 2014", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("the 3rd of August", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("Sunday, August 3, 2014", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("Thursday, July 31st", D(2014, 7, 31), D(2014, 7, 31), "day"),
    ("March 14th, 2014", D(2014, 3, 14), D(2014, 3, 14), "day"),
    ("Sept. 1", D(2013, 9, 1), D(2013, 9, 1), "day"),
    ("will be held on 20 August", D(2014, 8, 20), D(2014, 8, 20), "day"),
    ("2014-08-03", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("2014-08-03T10:00:00Z", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("3.8.2014", D(2014, 8, 3), D(2014, 8, 3), "day"),
    ("13/08/2014", D(2014, 8, 13), D(2014, 8, 13), "day"),
    ("08/13/2014", D(2014, 8, 13), D(2014, 8, 13), "day"),
    ("08/08/2014", D(2014, 8, 8), D(2014, 8, 8), "day"),
    ("29 February", D(2012, 2, 29), D(2012, 2, 29), "day"),
    ("2014 August 3", D(2014, 8, 3), D(2014, 8, 3), "day"),  # dateparser fallback
    # ranges
    ("from Monday to Friday", D(2014, 8, 4), D(2014, 8, 8), "day"),
    ("Monday through Friday", D(2014, 8, 4), D(2014, 8, 8), "day"),
    ("Friday to Monday", D(2014, 8, 1), D(2014, 8, 4), "day"),
    ("between 1 and 3 August", D(2014, 8, 1), D(2014, 8, 3), "day"),
    ("1-3 August", D(2014, 8, 1), D(2014, 8, 3), "day"),
    ("1–3 Aug 2014", D(2014, 8, 1), D(2014, 8, 3), "day"),
    ("August 1-3", D(2014, 8, 1), D(2014, 8, 3), "day"),
    ("from 28 July to 3 August", D(2014, 7, 28), D(2014, 8, 3), "day"),
    ("28 July to 3 August 2013", D(2013, 7, 28), D(2013, 8, 3), "day"),
    ("from April to June", D(2014, 4, 1), D(2014, 6, 30), "month"),
    ("from April to 3 August", D(2014, 4, 1), D(2014, 8, 3), "day"),
    ("between 2012 and 2013", D(2012, 1, 1), D(2013, 12, 31), "year"),
    ("2014-08-01 to 2014-08-03", D(2014, 8, 1), D(2014, 8, 3), "day"),
]


@pytest.mark.parametrize(("phrase", "start", "end", "precision"), MONDAY_CASES)
def test_read_when_published_monday(phrase, start, end, precision):
    found = read_when(phrase, MONDAY)
    assert found is not None, phrase
    assert (found.start, found.end, found.precision) == (start, end, precision)


WEDNESDAY = datetime(2014, 8, 6, 9, 30)
SUNDAY = datetime(2014, 8, 3, 18, 0)
MID_JANUARY = date(2014, 1, 15)  # a plain date works too
# A Moscow evening edition: the publication's own calendar day counts, not UTC's.
LATE_MOSCOW = datetime(2014, 8, 4, 23, 30, tzinfo=timezone(timedelta(hours=4)))

# (published, phrase, start, end, precision)
OTHER_DAY_CASES = [
    (WEDNESDAY, "Monday", D(2014, 8, 4), D(2014, 8, 4), "day"),
    (WEDNESDAY, "Wednesday", D(2014, 8, 6), D(2014, 8, 6), "day"),
    (WEDNESDAY, "Thursday", D(2014, 7, 31), D(2014, 7, 31), "day"),
    (WEDNESDAY, "will start Monday", D(2014, 8, 11), D(2014, 8, 11), "day"),
    (WEDNESDAY, "next Friday", D(2014, 8, 8), D(2014, 8, 8), "day"),
    (WEDNESDAY, "Monday through Friday", D(2014, 8, 4), D(2014, 8, 8), "day"),
    (WEDNESDAY, "earlier this week", D(2014, 8, 4), D(2014, 8, 6), "day"),
    (SUNDAY, "last week", D(2014, 7, 21), D(2014, 7, 27), "day"),
    (SUNDAY, "this week", D(2014, 7, 28), D(2014, 8, 3), "day"),
    (SUNDAY, "last weekend", D(2014, 7, 26), D(2014, 7, 27), "day"),
    (MID_JANUARY, "since April", D(2013, 4, 1), None, "month"),
    (MID_JANUARY, "last month", D(2013, 12, 1), D(2013, 12, 31), "month"),
    (MID_JANUARY, "in December", D(2013, 12, 1), D(2013, 12, 31), "month"),
    (MID_JANUARY, "from 28 December to 3 January", D(2013, 12, 28), D(2014, 1, 3), "day"),
    (MID_JANUARY, "three months ago", D(2013, 10, 1), D(2013, 10, 31), "month"),
    (LATE_MOSCOW, "today", D(2014, 8, 4), D(2014, 8, 4), "day"),
]


@pytest.mark.parametrize(("published", "phrase", "start", "end", "precision"), OTHER_DAY_CASES)
def test_read_when_other_publication_days(published, phrase, start, end, precision):
    found = read_when(phrase, published)
    assert found is not None, phrase
    assert (found.start, found.end, found.precision) == (start, end, precision)


UNREADABLE = [
    "",
    "   ",
    "...",
    "soon",
    "recently",
    "the drills",
    "Monday Street",
    "the 72nd brigade",
    "438",
    "many years",
    "Mayday",
    "until Friday",
    "since",
    "between Monday and",
    "31 June",
    "32 August",
    "2014-13-01",
    "3 to 1 August",  # a range that ends before it starts
    "03/08/2014",  # 3 August or March 8? ambiguous without day_first
    "too early to confirm",
]


@pytest.mark.parametrize("phrase", UNREADABLE)
def test_unreadable_phrases_give_none(phrase):
    assert read_when(phrase, MONDAY) is None


def test_bad_arguments_give_none():
    assert read_when(None, MONDAY) is None  # type: ignore[arg-type]
    assert read_when("Monday", None) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("day_first", "expected"),
    [(True, D(2014, 8, 3)), (False, D(2014, 3, 8)), (None, None)],
)
def test_ambiguous_slash_dates_need_day_first(day_first, expected):
    found = read_when("03/08/2014", MONDAY, day_first=day_first)
    assert (found.start if found else None) == expected


@pytest.mark.parametrize(
    ("when", "text"),
    [
        (When(D(2014, 8, 4), D(2014, 8, 4), "day"), "4 Aug 2014"),
        (When(D(2014, 8, 4), D(2014, 8, 8), "day"), "4–8 Aug 2014"),
        (When(D(2014, 7, 28), D(2014, 8, 3), "day"), "28 Jul – 3 Aug 2014"),
        (When(D(2013, 12, 28), D(2014, 1, 3), "day"), "28 Dec 2013 – 3 Jan 2014"),
        (When(D(2014, 4, 1), None, "month"), "from Apr 2014 on"),
        (When(D(2014, 8, 1), D(2014, 8, 31), "month"), "Aug 2014"),
        (When(D(2014, 4, 1), D(2014, 6, 30), "month"), "Apr–Jun 2014"),
        (When(D(2013, 1, 1), D(2013, 12, 31), "year"), "2013"),
        (When(D(2013, 1, 1), None, "year"), "from 2013 on"),
        (When(D(2012, 1, 1), D(2013, 12, 31), "year"), "2012–2013"),
    ],
)
def test_describe(when, text):
    assert when.describe() == text


def test_when_is_frozen():
    found = read_when("Monday", MONDAY)
    with pytest.raises(AttributeError):
        found.start = D(2014, 1, 1)  # type: ignore[misc]
