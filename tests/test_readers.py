"""The three readers on the tables of tests/readings_<language>.py (issue 14): dates,
figures and certainty in English, Russian and Ukrainian, and the phrases each language
refuses, with the reason shown beside the field."""

from decimal import Decimal

import pytest

from claims.certainty import suggest_certainty
from claims.dates import read_when
from claims.dates import why_unreadable as why_unreadable_when
from claims.quantities import read_quantity, why_unreadable
from tests import readings_en, readings_ru, readings_uk

TABLES = (readings_en, readings_ru, readings_uk)


def rows(name: str):
    """(language, publication time, *row) for every row of the tables called ``name``."""
    return [
        pytest.param(table.LANGUAGE, table.MONDAY, *row, id=f"{table.LANGUAGE}-{row[0]}")
        for table in TABLES
        for row in getattr(table, name)
    ]


@pytest.mark.parametrize(("language", "published", "phrase", "start", "end", "precision"),
                         rows("DATE_ROWS"))
def test_dates(language, published, phrase, start, end, precision):
    when = read_when(phrase, published, language=language)
    assert when is not None, why_unreadable_when(phrase, published, language=language)
    assert (when.start, when.end, when.precision) == (start, end, precision)


@pytest.mark.parametrize(("phrase", "start", "end", "precision"), readings_en.FRIDAY_DATE_ROWS)
def test_dates_of_a_friday_story(phrase, start, end, precision):
    when = read_when(phrase, readings_en.FRIDAY)
    if start is None:
        assert when is None
    else:
        assert (when.start, when.end, when.precision) == (start, end, precision)


@pytest.mark.parametrize(
    ("language", "published", "phrase", "low", "high", "low_inc", "high_inc", "unit"),
    rows("QUANTITY_ROWS"),
)
def test_quantities(language, published, phrase, low, high, low_inc, high_inc, unit):
    found = read_quantity(phrase, language)
    assert found is not None, why_unreadable(phrase, language)
    assert (found.low, found.high, found.low_inclusive, found.high_inclusive, found.unit) == (
        low, high, low_inc, high_inc, unit
    )


@pytest.mark.parametrize(("language", "published", "quote", "level", "cue"),
                         rows("CERTAINTY_ROWS"))
def test_certainty(language, published, quote, level, cue):
    found = suggest_certainty(quote, language)
    assert (found.level if found else None) == level
    if cue:
        assert found.cue == cue


@pytest.mark.parametrize(("language", "published", "phrase", "reason"),
                         rows("REFUSED_QUANTITIES"))
def test_quantities_refused_with_a_reason(language, published, phrase, reason):
    assert read_quantity(phrase, language) is None
    assert reason in why_unreadable(phrase, language)


@pytest.mark.parametrize(("language", "published", "phrase", "reason"), rows("REFUSED_DATES"))
def test_dates_refused_with_a_reason(language, published, phrase, reason):
    assert read_when(phrase, published, language=language) is None
    assert reason in why_unreadable_when(phrase, published, language=language)


def test_a_total_lists_its_parts_in_its_reading():
    found = read_quantity("120 adults and 30 children")
    assert found.describe() == "150 people: 120 adults + 30 children"
    assert [part.describe() for part in found.parts] == ["120 adults", "30 children"]


def test_a_russian_total_lists_its_parts():
    found = read_quantity("283 пассажира и 15 членов экипажа", "ru")
    assert (found.low, found.high, found.unit) == (Decimal(298), Decimal(298), "человек")
    assert found.describe() == "298 человек: 283 пассажир + 15 член экипажа"


def test_english_is_the_default_language():
    monday = readings_en.MONDAY
    assert read_quantity("more than 400 soldiers") == read_quantity("more than 400 soldiers", "en")
    assert read_when("Monday", monday) == read_when("Monday", monday, language="en")
    assert read_quantity("more than 400", "xx") == read_quantity("more than 400")


def test_english_typed_into_a_russian_document_is_read_as_english():
    assert read_quantity("more than 400", "ru").low == Decimal(400)
