"""Table-driven tests for claims.compare: pure functions, no database."""

import dataclasses
from datetime import date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest

from claims.compare import (
    LABELS,
    Verdict,
    compare,
    dates_overlap,
    format_interval,
    intervals_overlap,
    units_compatible,
)

# --- A small factory for claim-like objects ---------------------------------------------

MONDAY = date(2014, 8, 4)  # the seed article's publication day
FRIDAY = date(2014, 8, 8)
APRIL = date(2014, 4, 1)


def claim(
    low=None,
    high=None,
    *,
    low_inc=True,
    high_inc=True,
    unit="",
    certainty="asserted",
    about=(None, None),
    said=(MONDAY, MONDAY),
):
    """A claim with only the attributes compare() reads."""
    return SimpleNamespace(
        quantity_low=None if low is None else Decimal(str(low)),
        quantity_high=None if high is None else Decimal(str(high)),
        quantity_low_inclusive=low_inc,
        quantity_high_inclusive=high_inc,
        quantity_unit=unit,
        certainty=certainty,
        said_start=said[0],
        said_end=said[1],
        about_start=about[0],
        about_end=about[1],
    )


def exactly(n, **kw):
    return claim(n, n, **kw)


def over(n, **kw):
    return claim(n, None, low_inc=False, **kw)


def at_least(n, **kw):
    return claim(n, None, **kw)


def under(n, **kw):
    return claim(None, n, high_inc=False, **kw)


def at_most(n, **kw):
    return claim(None, n, **kw)


def between(low, high, **kw):
    return claim(low, high, **kw)


def withheld(**kw):
    return claim(certainty="withheld", **kw)


def hedged(**kw):
    return claim(certainty="hedged", **kw)


def day(d):
    return (d, d)


# --- compare(): flags and suggestions --------------------------------------------------------

# The seed article's claims, by their number in DOMAIN.md.
SEED_1 = exactly(438, unit="Ukrainian soldiers", about=day(MONDAY))
SEED_2 = over(400, unit="Ukrainian soldiers", about=day(MONDAY))
SEED_3 = over(180, about=day(MONDAY))
SEED_4 = claim(about=day(MONDAY))  # forced in by rebel fire: no figure
SEED_5 = withheld(about=day(MONDAY))  # "too early to confirm how many"
SEED_6 = hedged(about=day(MONDAY))  # "most likely part of a brigade"
SEED_7 = over(100, unit="jets and helicopters", about=(MONDAY, FRIDAY))
SEED_8 = at_least(1129, unit="civilian casualties", about=(APRIL, None))

C, S = "contradicts", "supports"

COMPARE_ROWS = [
    # Seed pairs from DOMAIN.md.
    pytest.param(SEED_1, SEED_5, "definite_vs_withheld", C, "certainty", id="seed-438-vs-withheld"),
    pytest.param(SEED_5, SEED_1, "definite_vs_withheld", C, "certainty", id="seed-withheld-vs-438"),
    pytest.param(SEED_1, SEED_2, "consistent", S, "", id="seed-438-vs-over-400"),
    pytest.param(exactly(438), over(400), "consistent", S, "", id="seed-438-vs-over-400-bare"),
    pytest.param(exactly(438), over(500), "numeric_conflict", C, "numeric", id="seed-438-vs-500"),
    pytest.param(SEED_1, SEED_6, "definite_vs_hedged", C, "certainty", id="seed-438-vs-hedged"),
    pytest.param(SEED_6, SEED_1, "definite_vs_hedged", C, "certainty", id="seed-hedged-vs-438"),
    pytest.param(SEED_3, exactly(438), "consistent", S, "", id="seed-over-180-vs-438"),
    pytest.param(SEED_3, SEED_2, "consistent", S, "", id="seed-over-180-vs-over-400"),
    pytest.param(
        SEED_4, SEED_5, "definite_vs_withheld", C, "certainty", id="assertion-vs-withheld"
    ),
    pytest.param(SEED_1, SEED_8, "none", "", "", id="seed-soldiers-vs-casualties"),
    pytest.param(SEED_1, SEED_4, "none", "", "", id="seed-figure-vs-plain-assertion"),
    pytest.param(SEED_7, SEED_4, "none", "", "", id="seed-drills-vs-monday-no-figure"),
    # Numeric edges: open and exclusive bounds.
    pytest.param(
        over(400), at_most(400), "numeric_conflict", C, "numeric", id="over-400-vs-le-400"
    ),
    pytest.param(exactly(400), at_least(400), "consistent", S, "", id="400-vs-at-least-400"),
    pytest.param(exactly(400), over(400), "numeric_conflict", C, "numeric", id="400-vs-over-400"),
    pytest.param(exactly(438), exactly(438), "consistent", S, "", id="same-point"),
    pytest.param(exactly(438), exactly(439), "numeric_conflict", C, "numeric", id="next-point"),
    pytest.param(between(100, 150), between(150, 200), "consistent", S, "", id="ranges-touch"),
    pytest.param(
        claim(100, 150, high_inc=False),
        between(150, 200),
        "numeric_conflict",
        C,
        "numeric",
        id="ranges-touch-exclusive",
    ),
    pytest.param(under(50), over(60), "numeric_conflict", C, "numeric", id="under-50-vs-over-60"),
    pytest.param(under(50), at_most(100), "consistent", S, "", id="both-open-below"),
    pytest.param(
        claim(Decimal("438.0000"), Decimal("438.0000")),
        claim(Decimal("400.0000"), None, low_inc=False),
        "consistent",
        S,
        "",
        id="stored-decimals",
    ),
    # Units.
    pytest.param(
        exactly(438, unit="Ukrainian soldiers"),
        over(500, unit="soldier"),
        "numeric_conflict",
        C,
        "numeric",
        id="units-head-noun-match",
    ),
    pytest.param(
        exactly(438), over(500, unit="jets"), "numeric_conflict", C, "numeric", id="empty-unit"
    ),
    pytest.param(
        exactly(438, unit="soldiers"), over(500, unit="jets"), "none", "", "", id="units-differ"
    ),
    # Withheld takes precedence over everything.
    pytest.param(
        withheld(low=100, low_inc=False),
        exactly(438),
        "definite_vs_withheld",
        C,
        "certainty",
        id="withheld-with-figure-vs-438",
    ),
    pytest.param(
        withheld(),
        hedged(low=400, low_inc=False),
        "definite_vs_withheld",
        C,
        "certainty",
        id="withheld-vs-hedged-figure",
    ),
    pytest.param(
        withheld(about=day(MONDAY)),
        exactly(438, about=day(date(2014, 8, 20))),
        "definite_vs_withheld",
        C,
        "certainty",
        id="withheld-beats-temporal",
    ),
    pytest.param(withheld(), hedged(), "none", "", "", id="withheld-vs-hedged-no-figure"),
    pytest.param(withheld(), withheld(), "none", "", "", id="both-withheld"),
    # Neither side is definite here, so the figures are compared as figures.
    pytest.param(
        withheld(low=100, high=200),
        withheld(low=300, high=400),
        "numeric_conflict",
        C,
        "numeric",
        id="both-withheld-with-figures",
    ),
    # Hedged: numeric comparison first, then hedged.
    pytest.param(
        hedged(low=400, low_inc=False), exactly(438), "consistent", S, "", id="hedged-fits"
    ),
    pytest.param(
        hedged(low=500, low_inc=False),
        exactly(438),
        "numeric_conflict",
        C,
        "numeric",
        id="hedged-figure-conflicts",
    ),
    pytest.param(
        hedged(low=5, unit="brigades"),
        exactly(438, unit="soldiers"),
        "none",
        "",
        "",
        id="hedged-figure-other-unit",
    ),
    pytest.param(hedged(), claim(), "none", "", "", id="hedged-vs-assertion-no-figure"),
    pytest.param(hedged(), hedged(), "none", "", "", id="both-hedged"),
    pytest.param(hedged(), hedged(low=400), "none", "", "", id="hedged-figure-vs-hedged"),
    # Temporal: only when neither gives a figure.
    pytest.param(
        claim(about=day(MONDAY)),
        claim(about=day(date(2014, 8, 10))),
        "temporal_mismatch",
        C,
        "temporal",
        id="different-days",
    ),
    pytest.param(
        claim(about=(MONDAY, FRIDAY)),
        claim(about=day(date(2014, 8, 9))),
        "temporal_mismatch",
        C,
        "temporal",
        id="day-after-range",
    ),
    pytest.param(
        claim(about=(MONDAY, FRIDAY)), claim(about=day(FRIDAY)), "none", "", "", id="range-end-day"
    ),
    pytest.param(
        claim(about=(APRIL, None)), claim(about=day(MONDAY)), "none", "", "", id="open-ended-since"
    ),
    pytest.param(
        claim(about=(date(2014, 8, 5), None)),
        claim(about=day(MONDAY)),
        "temporal_mismatch",
        C,
        "temporal",
        id="open-ended-starts-later",
    ),
    pytest.param(claim(), claim(about=day(MONDAY)), "none", "", "", id="one-side-undated"),
    pytest.param(claim(), claim(), "none", "", "", id="nothing-at-all"),
    pytest.param(
        withheld(about=day(MONDAY)),
        withheld(about=day(date(2014, 8, 10))),
        "temporal_mismatch",
        C,
        "temporal",
        id="both-withheld-different-days",
    ),
    pytest.param(
        exactly(438, about=day(MONDAY)),
        claim(about=day(date(2014, 8, 10))),
        "none",
        "",
        "",
        id="figure-vs-no-figure-different-days",
    ),
    pytest.param(
        exactly(438, about=day(MONDAY)),
        over(500, about=day(date(2014, 8, 10))),
        "numeric_conflict",
        C,
        "numeric",
        id="numeric-beats-temporal",
    ),
]


@pytest.mark.parametrize("a, b, flag, kind, nature", COMPARE_ROWS)
def test_compare(a, b, flag, kind, nature):
    verdict = compare(a, b)
    assert (verdict.flag, verdict.suggested_kind, verdict.suggested_nature) == (flag, kind, nature)
    assert verdict.label == LABELS[flag]
    assert verdict.detail.endswith(".")


@pytest.mark.parametrize("a, b, flag, kind, nature", COMPARE_ROWS)
def test_compare_is_symmetric(a, b, flag, kind, nature):
    forward, backward = compare(a, b), compare(b, a)
    assert (backward.flag, backward.suggested_kind, backward.suggested_nature) == (
        forward.flag,
        forward.suggested_kind,
        forward.suggested_nature,
    )


@pytest.mark.parametrize(
    "a, b, label, detail",
    [
        pytest.param(
            exactly(438, unit="soldiers"),
            over(500, unit="soldiers"),
            "Figures cannot both hold",
            "438 soldiers lies outside over 500 soldiers.",
            id="conflict",
        ),
        pytest.param(
            over(400),
            exactly(438),
            "Consistent figures",
            "438 lies within over 400.",
            id="consistent-point-second",
        ),
        pytest.param(
            between(100, 150),
            between(120, 200),
            "Consistent figures",
            "100–150 and 120–200 overlap.",
            id="consistent-ranges",
        ),
        pytest.param(
            exactly(438, unit="soldiers"),
            withheld(),
            "Definite figure vs withheld",
            "The first claim gives 438 soldiers; the second withholds the figure.",
            id="withheld",
        ),
        pytest.param(
            hedged(),
            exactly(438, unit="soldiers"),
            "Definite figure vs hedged",
            "The second claim asserts 438 soldiers; the first only hedges, without a figure.",
            id="hedged",
        ),
        pytest.param(
            claim(about=(MONDAY, FRIDAY)),
            claim(about=(date(2014, 8, 10), None)),
            "Different times",
            "The first claim is about 2014-08-04 to 2014-08-08, the second about "
            "2014-08-10 onwards; the times do not overlap.",
            id="temporal",
        ),
        pytest.param(
            SEED_1,
            SEED_8,
            "Nothing to compare",
            "The figures count different things: 438 Ukrainian soldiers and "
            "at least 1,129 civilian casualties.",
            id="units-differ",
        ),
    ],
)
def test_compare_label_and_detail(a, b, label, detail):
    verdict = compare(a, b)
    assert verdict.label == label
    assert verdict.detail == detail


def test_verdict_is_frozen():
    verdict = compare(exactly(438), over(500))
    assert isinstance(verdict, Verdict)
    with pytest.raises(dataclasses.FrozenInstanceError):
        verdict.flag = "none"


def test_compare_accepts_unsaved_claim_models():
    from claims.models import Claim

    first = Claim(
        quantity_low=Decimal("438.0000"),
        quantity_high=Decimal("438.0000"),
        quantity_unit="Ukrainian soldiers",
        about_start=MONDAY,
        about_end=MONDAY,
    )
    second = Claim(certainty=Claim.Certainty.WITHHELD, about_start=MONDAY, about_end=MONDAY)
    verdict = compare(first, second)
    assert verdict.flag == "definite_vs_withheld"
    assert verdict.detail == (
        "The first claim gives 438 Ukrainian soldiers; the second withholds the figure."
    )


# --- intervals_overlap() -----------------------------------------------------------------------

N = None
T, F = True, False

# Each interval is (low, high, low_inclusive, high_inclusive); None is an open end.
INTERVAL_ROWS = [
    pytest.param((400, N, F, T), (0, 400, T, T), False, id="over-400-vs-0-400"),
    pytest.param((400, 400, T, T), (400, N, T, T), True, id="400-vs-at-least-400"),
    pytest.param((400, 400, T, T), (400, N, F, T), False, id="400-vs-over-400"),
    pytest.param((0, 400, T, F), (400, 500, T, T), False, id="half-open-touch"),
    pytest.param((0, 400, T, T), (400, 500, T, T), True, id="closed-touch"),
    pytest.param((0, 400, T, T), (400, 500, F, T), False, id="closed-vs-exclusive-touch"),
    pytest.param((0, 400, T, F), (400, 500, F, T), False, id="both-exclusive-touch"),
    pytest.param((N, N, T, T), (5, 5, T, T), True, id="unbounded-vs-point"),
    pytest.param((N, N, F, F), (N, N, F, F), True, id="both-unbounded"),
    pytest.param((N, 400, T, F), (400, N, F, T), False, id="under-vs-over-same-value"),
    pytest.param((N, 400, T, T), (400, N, T, T), True, id="at-most-vs-at-least-same-value"),
    pytest.param((N, 400, T, T), (400, N, F, T), False, id="at-most-vs-over-same-value"),
    pytest.param((N, 400, T, F), (400, N, T, T), False, id="under-vs-at-least-same-value"),
    pytest.param((N, 100, T, F), (N, 5, T, T), True, id="both-open-below"),
    pytest.param((10, N, F, T), (20, N, T, T), True, id="both-open-above"),
    pytest.param((N, 10, T, T), (20, N, T, T), False, id="open-below-and-above-apart"),
    pytest.param((1, 2, T, T), (3, 4, T, T), False, id="closed-apart"),
    pytest.param((3, 4, T, T), (1, 2, T, T), False, id="closed-apart-reversed"),
    pytest.param((1, 10, T, T), (3, 4, T, T), True, id="containment"),
    pytest.param((1, 3, F, F), (2, 4, F, F), True, id="open-partial-overlap"),
    pytest.param((1, 2, F, F), (2, 3, F, F), False, id="open-touch"),
    pytest.param((1, 2, T, F), (1, 2, F, T), True, id="same-bounds-mixed-ends"),
    pytest.param((5, 5, F, F), (0, 10, T, T), False, id="empty-interval"),
    pytest.param((5, 5, T, F), (5, 5, T, T), False, id="empty-half-open-point"),
    pytest.param((Decimal("438.0000"), N, T, T), (N, 438, T, T), True, id="decimal-vs-int"),
]


@pytest.mark.parametrize("a, b, expected", INTERVAL_ROWS)
def test_intervals_overlap(a, b, expected):
    assert intervals_overlap(*a, *b) is expected
    assert intervals_overlap(*b, *a) is expected


# --- dates_overlap() ------------------------------------------------------------------------------

AUG = {n: date(2014, 8, n) for n in range(1, 32)}


@pytest.mark.parametrize(
    "a_start, a_end, b_start, b_end, expected",
    [
        pytest.param(AUG[4], AUG[4], AUG[4], AUG[4], True, id="same-day"),
        pytest.param(AUG[4], AUG[4], AUG[5], AUG[5], False, id="next-day"),
        pytest.param(AUG[4], AUG[8], AUG[8], AUG[8], True, id="range-last-day"),
        pytest.param(AUG[4], AUG[8], AUG[9], AUG[9], False, id="day-after-range"),
        pytest.param(AUG[4], AUG[8], AUG[6], AUG[12], True, id="ranges-cross"),
        pytest.param(APRIL, None, AUG[4], AUG[4], True, id="open-ended-since-april"),
        pytest.param(AUG[5], None, AUG[4], AUG[4], False, id="open-ended-starts-later"),
        pytest.param(AUG[10], None, AUG[4], AUG[8], False, id="open-ended-after-range"),
        pytest.param(AUG[10], None, APRIL, None, True, id="both-open-ended"),
        pytest.param(None, None, AUG[4], AUG[4], None, id="first-undated"),
        pytest.param(AUG[4], AUG[4], None, AUG[4], None, id="second-has-end-no-start"),
        pytest.param(datetime(2014, 8, 4, 15, 0), None, AUG[4], AUG[4], True, id="datetime"),
    ],
)
def test_dates_overlap(a_start, a_end, b_start, b_end, expected):
    assert dates_overlap(a_start, a_end, b_start, b_end) is expected
    assert dates_overlap(b_start, b_end, a_start, a_end) is expected


# --- units_compatible() ------------------------------------------------------------


@pytest.mark.parametrize(
    "u1, u2, expected",
    [
        pytest.param("soldiers", "soldier", True, id="plural-singular"),
        pytest.param("ukrainian soldiers", "soldiers", True, id="qualified-vs-plain"),
        pytest.param("Ukrainian Soldiers", "soldier", True, id="case-and-plural"),
        pytest.param("", "jets", True, id="empty-first"),
        pytest.param("soldiers", "", True, id="empty-second"),
        pytest.param(None, "soldiers", True, id="none"),
        pytest.param("soldiers", "civilian casualties", False, id="different-things"),
        pytest.param("civilian casualties", "casualty", True, id="ies-plural"),
        pytest.param("jets and helicopters", "helicopters", True, id="last-word-shared"),
        pytest.param("jets and helicopters", "jets", True, id="other-last-word-contained"),
        pytest.param("jets", "helicopters", False, id="different-single-words"),
        pytest.param("classes", "class", True, id="sses-plural"),
        pytest.param("%", "%", True, id="same-symbol"),
        pytest.param("%", "$", False, id="different-symbols"),
        # The rule compares head nouns only, so these two still match.
        pytest.param("ukrainian soldiers", "russian soldiers", True, id="same-head-noun"),
    ],
)
def test_units_compatible(u1, u2, expected):
    assert units_compatible(u1, u2) is expected
    assert units_compatible(u2, u1) is expected


# --- format_interval() -------------------------------------------------------------


@pytest.mark.parametrize(
    "low, high, low_inc, high_inc, unit, expected",
    [
        pytest.param(438, 438, T, T, "soldiers", "438 soldiers", id="point-with-unit"),
        pytest.param(400, N, F, T, "", "over 400", id="over"),
        pytest.param(
            1129,
            N,
            T,
            T,
            "civilian casualties",
            "at least 1,129 civilian casualties",
            id="at-least-thousands",
        ),
        pytest.param(N, 50, T, F, "", "under 50", id="under"),
        pytest.param(N, 50, T, T, "", "at most 50", id="at-most"),
        pytest.param(100, 150, T, T, "", "100–150", id="closed-range"),
        pytest.param(100, 150, T, T, "jets", "100–150 jets", id="closed-range-with-unit"),
        pytest.param(
            100, 150, F, T, "jets", "over 100 and at most 150 jets", id="range-exclusive-low"
        ),
        pytest.param(100, 150, T, F, "", "at least 100 and under 150", id="range-exclusive-high"),
        pytest.param(
            Decimal("438.0000"), Decimal("438.0000"), T, T, "", "438", id="stored-decimal"
        ),
        pytest.param(Decimal("2.5000"), Decimal("2.5000"), T, T, "km", "2.5 km", id="fraction"),
        pytest.param(Decimal("1E+3"), N, F, T, "", "over 1,000", id="exponent-decimal"),
        pytest.param(1000000, N, T, T, "", "at least 1,000,000", id="millions"),
        pytest.param(N, N, T, T, "soldiers", "", id="no-quantity"),
    ],
)
def test_format_interval(low, high, low_inc, high_inc, unit, expected):
    assert format_interval(low, high, low_inc, high_inc, unit) == expected
