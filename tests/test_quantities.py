"""Quantity phrases of news copy, read as intervals with a unit (no database)."""

from decimal import Decimal

import pytest

from claims.quantities import (
    Quantity,
    QuantityError,
    parse_quantity,
    read_quantity,
    why_unreadable,
)

N = Decimal
OPEN = None

# (phrase, low, high, low_inclusive, high_inclusive, unit)
CASES = [
    # the seed article's figures
    ("438", N(438), N(438), True, True, ""),
    ("438 Ukrainian soldiers", N(438), N(438), True, True, "ukrainian soldiers"),
    ("438 Ukrainian soldiers had reached Russia on Monday", N(438), N(438), True, True,
     "ukrainian soldiers"),
    ("More than 400 Ukrainian soldiers", N(400), OPEN, False, True, "ukrainian soldiers"),
    ("at least 1,129 civilian casualties", N(1129), OPEN, True, True, "civilian casualties"),
    ('"more than 180" of them', N(180), OPEN, False, True, ""),
    ("more than 180 of them", N(180), OPEN, False, True, ""),
    ("more than 100 fighter jets and helicopters", N(100), OPEN, False, True,
     "fighter jets and helicopters"),
    ("Hundreds of Ukrainian Soldiers Defect to Russia", N(200), N(999), True, True,
     "ukrainian soldiers"),
    ("for four hours", N(4), N(4), True, True, "hours"),
    # lower bounds
    ("over 400", N(400), OPEN, False, True, ""),
    ("above 400 troops", N(400), OPEN, False, True, "troops"),
    ("in excess of 5,000 people", N(5000), OPEN, False, True, "people"),
    ("no fewer than 20 tanks", N(20), OPEN, True, True, "tanks"),
    ("400 or more", N(400), OPEN, True, True, ""),
    ("400-plus", N(400), OPEN, True, True, ""),
    ("more than a dozen", N(12), OPEN, False, True, ""),
    # upper bounds
    ("fewer than 50", OPEN, N(50), True, False, ""),
    ("less than 50", OPEN, N(50), True, False, ""),
    ("under 50 civilians", OPEN, N(50), True, False, "civilians"),
    ("at most 50", OPEN, N(50), True, True, ""),
    ("up to 50 vehicles", OPEN, N(50), True, True, "vehicles"),
    ("as many as 500 troops", OPEN, N(500), True, True, "troops"),
    ("no more than 10", OPEN, N(10), True, True, ""),
    # approximations: about = +/-10 %, nearly = [90 %, x), just over = (x, 110 %]
    ("about 180", N(162), N(198), True, True, ""),
    ("some 180 soldiers", N(162), N(198), True, True, "soldiers"),
    ("around 2,000", N(1800), N(2200), True, True, ""),
    ("roughly 1,129", N(1016), N(1242), True, True, ""),
    ("approximately 180", N(162), N(198), True, True, ""),
    ("an estimated 2,000 people", N(1800), N(2200), True, True, "people"),
    ("400 or so", N(360), N(440), True, True, ""),
    ("about 2.5 million", N(2250000), N(2750000), True, True, ""),
    ("nearly 2,000", N(1800), N(2000), True, False, ""),
    ("almost 2,000 refugees", N(1800), N(2000), True, False, "refugees"),
    ("just under 50", N(45), N(50), True, False, ""),
    ("just over 400", N(400), N(440), False, True, ""),
    # ranges
    ("between 100 and 150", N(100), N(150), True, True, ""),
    ("100-150", N(100), N(150), True, True, ""),
    ("100–150 soldiers", N(100), N(150), True, True, "soldiers"),
    ("100 to 150", N(100), N(150), True, True, ""),
    ("from 100 to 150 vehicles", N(100), N(150), True, True, "vehicles"),
    ("about 1,800-2,200", N(1800), N(2200), True, True, ""),
    ("1.2-1.5 million", N(1200000), N(1500000), True, True, ""),
    # vague words
    ("hundreds", N(200), N(999), True, True, ""),
    ("thousands of people", N(2000), N(9999), True, True, "people"),
    ("dozens of civilians", N(24), N(99), True, True, "civilians"),
    ("a dozen", N(12), N(12), True, True, ""),
    ("a few", N(2), N(5), True, True, ""),
    ("several", N(3), N(9), True, True, ""),
    ("a few hundred", N(200), N(500), True, True, ""),
    ("tens of thousands of refugees", N(20000), N(99999), True, True, "refugees"),
    ("hundreds of thousands", N(200000), N(999999), True, True, ""),
    # number words and scales
    ("three", N(3), N(3), True, True, ""),
    ("twenty-five", N(25), N(25), True, True, ""),
    ("a hundred", N(100), N(100), True, True, ""),
    ("two thousand three hundred and six", N(2306), N(2306), True, True, ""),
    ("two dozen", N(24), N(24), True, True, ""),
    ("half a million", N(500000), N(500000), True, True, ""),
    ("1.2 million", N(1200000), N(1200000), True, True, ""),
    ("3.5bn", N(3500000000), N(3500000000), True, True, ""),
    ("2 billion", N(2000000000), N(2000000000), True, True, ""),
    ("10k", N(10000), N(10000), True, True, ""),
    ("$1.2 million", N(1200000), N(1200000), True, True, "$"),
    # percentages
    ("40%", N(40), N(40), True, True, "%"),
    ("40 per cent", N(40), N(40), True, True, "%"),
    ("about 40 percent", N(36), N(44), True, True, "%"),
    ("2.5%", N("2.5"), N("2.5"), True, True, "%"),
]


@pytest.mark.parametrize(("phrase", "low", "high", "low_inc", "high_inc", "unit"), CASES)
def test_read_quantity(phrase, low, high, low_inc, high_inc, unit):
    found = read_quantity(phrase)
    assert found is not None, phrase
    assert found.low == low
    assert found.high == high
    assert found.low_inclusive is low_inc
    assert found.high_inclusive is high_inc
    assert found.unit == unit


UNREADABLE = [
    "",
    "   ",
    "no information",
    "too early to confirm how many",
    "some soldiers",
    "a brigade",
    "the 72nd brigade",
    "Interfax",
    "between 150 and 100",
    "from 2,000 to 1,500 people",
]


@pytest.mark.parametrize("phrase", UNREADABLE)
def test_unreadable_phrases_give_none(phrase):
    assert read_quantity(phrase) is None
    assert why_unreadable(phrase) != ""


@pytest.mark.parametrize(
    ("phrase", "message"),
    [
        ("between 150 and 100", "Low end (150) is above high end (100)."),
        ("from 2,000 to 1,500 people", "Low end (2,000) is above high end (1,500)."),
        ("", "Nothing to read: the phrase is empty."),
        ("no information", "No number or amount word (such as “hundreds”) found."),
        ("438 soldiers", ""),
    ],
)
def test_why_unreadable(phrase, message):
    assert why_unreadable(phrase) == message


def test_parse_quantity_raises_with_the_reason():
    with pytest.raises(QuantityError, match=r"Low end \(150\) is above high end \(100\)\."):
        parse_quantity("between 150 and 100 soldiers")


@pytest.mark.parametrize(
    ("phrase", "text"),
    [
        ("438 soldiers", "438 soldiers"),
        ("more than 400 soldiers", "over 400 soldiers"),
        ("at least 1,129 civilian casualties", "at least 1,129 civilian casualties"),
        ("between 100 and 150", "100–150"),
        ("about 2,000", "roughly 1,800–2,200"),
        ("fewer than 50", "under 50"),
        ("up to 50", "at most 50"),
        ("nearly 2,000", "1,800 to under 2,000"),
        ("40%", "40%"),
    ],
)
def test_describe(phrase, text):
    assert read_quantity(phrase).describe() == text


@pytest.mark.parametrize(
    ("phrase", "value", "inside"),
    [
        ("more than 400", N(438), True),  # the seed article: 438 lies in (400, open)
        ("more than 400", N(400), False),
        ("at least 1,129", N(1129), True),
        ("fewer than 50", N(50), False),
        ("at most 50", N(50), True),
        ("438", N(438), True),
        ("438", N(439), False),
        ("nearly 2,000", N(2000), False),
        ("nearly 2,000", N(1800), True),
    ],
)
def test_contains(phrase, value, inside):
    assert read_quantity(phrase).contains(value) is inside


def test_quantity_is_frozen_and_decimal():
    found = read_quantity("1,129")
    assert isinstance(found.low, Decimal) and isinstance(found.high, Decimal)
    assert found == Quantity(N(1129), N(1129), True, True, "")
    with pytest.raises(AttributeError):
        found.low = N(1)  # type: ignore[misc]
