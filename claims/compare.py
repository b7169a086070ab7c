"""How the contents of two claims relate, computed without touching the database.

``compare(a, b)`` looks at two claim-like objects (``Claim`` instances, or any
object with the same attribute names) and returns a ``Verdict``: a machine flag,
a short label, one sentence of detail, and the link kind and nature the desk
would suggest to a reviewer. The reviewer decides; this module only proposes.

Order of the checks (the first that applies wins):

1. one side withholds (certainty "withheld") while the other, not withholding
   itself, gives a figure or asserts: ``definite_vs_withheld``, whether or not
   the withholding side gives a figure of its own;
2. both give figures in compatible units: ``numeric_conflict`` when the two
   intervals cannot both hold, ``consistent`` when they overlap;
3. one side asserts a figure while the other only hedges without a figure:
   ``definite_vs_hedged``;
4. neither gives a figure and the times they are about do not overlap:
   ``temporal_mismatch``;
5. otherwise ``none``.

Everything here is pure: no ORM calls and no Django imports, so the module can
be used from views, admin actions, management commands and plain unit tests.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from . import units

__all__ = [
    "CONSISTENT",
    "DEFINITE_VS_HEDGED",
    "DEFINITE_VS_WITHHELD",
    "LABELS",
    "NONE",
    "NUMERIC_CONFLICT",
    "TEMPORAL_MISMATCH",
    "Verdict",
    "compare",
    "compare_with",
    "dates_overlap",
    "format_interval",
    "intervals_overlap",
    "units_compatible",
]

# --- Vocabulary ----------------------------------------------------------------

# Certainty values, as stored in Claim.certainty.
ASSERTED = "asserted"
HEDGED = "hedged"
WITHHELD = "withheld"

# Flags a verdict can carry.
NUMERIC_CONFLICT = "numeric_conflict"
DEFINITE_VS_WITHHELD = "definite_vs_withheld"
DEFINITE_VS_HEDGED = "definite_vs_hedged"
CONSISTENT = "consistent"
TEMPORAL_MISMATCH = "temporal_mismatch"
NONE = "none"

LABELS = {
    NUMERIC_CONFLICT: "Figures cannot both hold",
    DEFINITE_VS_WITHHELD: "Definite figure vs withheld",
    DEFINITE_VS_HEDGED: "Definite figure vs hedged",
    CONSISTENT: "Consistent figures",
    TEMPORAL_MISMATCH: "Different times",
    NONE: "Nothing to compare",
}

# Link kinds and contradiction natures, as stored on ClaimLink.
_CONTRADICTS = "contradicts"
_SUPPORTS = "supports"
_NUMERIC = "numeric"
_CERTAINTY = "certainty"
_TEMPORAL = "temporal"

_ORDINAL = ("first", "second")


@dataclass(frozen=True)
class Verdict:
    """What the desk can say about a pair of claims."""

    flag: str
    label: str
    detail: str
    suggested_kind: str = ""
    suggested_nature: str = ""

    @property
    def is_conflict(self) -> bool:
        return self.suggested_kind == _CONTRADICTS


def _verdict(flag: str, detail: str, kind: str = "", nature: str = "") -> Verdict:
    return Verdict(
        flag=flag,
        label=LABELS[flag],
        detail=detail,
        suggested_kind=kind,
        suggested_nature=nature,
    )


# --- Intervals -------------------------------------------------------------------


def intervals_overlap(
    a_low,
    a_high,
    a_low_inc: bool,
    a_high_inc: bool,
    b_low,
    b_high,
    b_low_inc: bool,
    b_high_inc: bool,
) -> bool:
    """Whether two numeric intervals share at least one value.

    A bound of ``None`` is open (unbounded) on that side, and its inclusive flag
    is ignored. ``(400, open)`` and ``[0, 400]`` share nothing; ``[400, 400]``
    and ``[400, open)`` share 400. An interval that is itself empty, such as
    ``(5, 5)``, overlaps nothing.
    """
    low, low_inc = _tighter_low((a_low, bool(a_low_inc)), (b_low, bool(b_low_inc)))
    high, high_inc = _tighter_high((a_high, bool(a_high_inc)), (b_high, bool(b_high_inc)))
    # The intersection is [low, high] with the combined inclusiveness; it is
    # non-empty when either side is unbounded, or low < high, or they meet at
    # a single value that both ends include.
    if low is None or high is None:
        return True
    if low < high:
        return True
    return low == high and low_inc and high_inc


def _tighter_low(a: tuple[Any, bool], b: tuple[Any, bool]) -> tuple[Any, bool]:
    """The greater of two lower bounds; at a tie, exclusive beats inclusive."""
    (a_val, a_inc), (b_val, b_inc) = a, b
    if a_val is None:
        return b_val, b_inc
    if b_val is None:
        return a_val, a_inc
    if a_val > b_val:
        return a_val, a_inc
    if b_val > a_val:
        return b_val, b_inc
    return a_val, a_inc and b_inc


def _tighter_high(a: tuple[Any, bool], b: tuple[Any, bool]) -> tuple[Any, bool]:
    """The lesser of two upper bounds; at a tie, exclusive beats inclusive."""
    (a_val, a_inc), (b_val, b_inc) = a, b
    if a_val is None:
        return b_val, b_inc
    if b_val is None:
        return a_val, a_inc
    if a_val < b_val:
        return a_val, a_inc
    if b_val < a_val:
        return b_val, b_inc
    return a_val, a_inc and b_inc


# --- Dates -----------------------------------------------------------------------------


def _as_date(value):
    # A datetime is a date, but the two do not compare; keep only the day.
    if isinstance(value, datetime):
        return value.date()
    return value


def dates_overlap(a_start, a_end, b_start, b_end) -> bool | None:
    """Whether two spans of days share at least one day.

    An end of ``None`` with a start means open-ended from the start; an end
    equal to the start is that single day. Returns ``None`` when either side
    has no start, since there is then nothing to compare.
    """
    a_start, a_end, b_start, b_end = map(_as_date, (a_start, a_end, b_start, b_end))
    if a_start is None or b_start is None:
        return None
    a_starts_in_time = a_end is None or b_start <= a_end
    b_starts_in_time = b_end is None or a_start <= b_end
    return a_starts_in_time and b_starts_in_time


def _format_span(start, end) -> str:
    start, end = _as_date(start), _as_date(end)
    if start is None:
        return "an unknown time"
    if end is None:
        return f"{_format_day(start)} onwards"
    if end == start:
        return _format_day(start)
    return f"{_format_day(start)} to {_format_day(end)}"


def _format_day(day: date) -> str:
    return day.isoformat()


# --- Units -------------------------------------------------------------------------------

_WORD = re.compile(r"[^\W_]+")


def _singular(word: str) -> str:
    """A rough singular form, good enough to match "soldiers" with "soldier"."""
    if len(word) <= 3:
        return word
    if word.endswith("ies"):
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes", "zes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


@functools.lru_cache(maxsize=1024)
def _unit_words(unit: str) -> tuple[str, ...]:
    """A unit's words, lower-cased and singular (kept: the same few units recur)."""
    return tuple(_singular(w) for w in _WORD.findall(unit.lower()))


def units_compatible(u1: str | None, u2: str | None) -> bool:
    """Whether two quantity units plausibly count the same thing.

    An empty unit is compatible with anything. Units of the classes claims.units
    knows match when they count the same kind of thing ("soldiers" and
    "военнослужащий"; "people" and a total of adults and children; never "trucks"
    and "armoured vehicles"). Otherwise the units are split into lower-cased words
    in a simple singular form; they match when the word lists are equal, or when
    one unit's words include the other's last word (its head noun), so "ukrainian
    soldiers" matches "soldier".
    """
    u1 = (u1 or "").strip()
    u2 = (u2 or "").strip()
    if not u1 or not u2:
        return True
    by_class = units.comparable(u1, u2)
    if by_class is not None:
        return by_class
    w1, w2 = _unit_words(u1), _unit_words(u2)
    if not w1 or not w2:
        # Symbols only, such as "%" or "$": compare them as written.
        return u1.lower() == u2.lower()
    if w1 == w2:
        return True
    return w2[-1] in w1 or w1[-1] in w2


# --- Formatting quantities -------------------------------------------------------------


def _format_number(value) -> str:
    """438.0000 -> "438", 1129 -> "1,129", 2.50 -> "2.5"."""
    if not isinstance(value, Decimal):
        try:
            value = Decimal(str(value))
        except (InvalidOperation, ValueError):
            return str(value)
    if not value.is_finite():
        return str(value)
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def format_interval(low, high, low_inc: bool = True, high_inc: bool = True, unit: str = "") -> str:
    """Words for a quantity interval: "438 soldiers", "over 400", "100–150".

    Returns an empty string when both sides are open (no quantity).
    """
    unit = (unit or "").strip()
    if low is None and high is None:
        return ""
    if low is not None and high is not None:
        if low == high and low_inc and high_inc:
            text = _format_number(low)
        elif low_inc and high_inc:
            text = f"{_format_number(low)}–{_format_number(high)}"
        else:
            text = f"{_lower_words(low, low_inc)} and {_upper_words(high, high_inc)}"
    elif low is not None:
        text = _lower_words(low, low_inc)
    else:
        text = _upper_words(high, high_inc)
    return f"{text} {unit}" if unit else text


def _lower_words(low, inclusive: bool) -> str:
    return f"{'at least' if inclusive else 'over'} {_format_number(low)}"


def _upper_words(high, inclusive: bool) -> str:
    return f"{'at most' if inclusive else 'under'} {_format_number(high)}"


# --- Reading a claim ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Side:
    """The parts of one claim that comparison needs, read once."""

    low: Any
    high: Any
    low_inc: bool
    high_inc: bool
    unit: str
    certainty: str
    about_start: Any
    about_end: Any

    @classmethod
    def of(cls, claim) -> _Side:
        certainty = (getattr(claim, "certainty", None) or ASSERTED).strip().lower()
        return cls(
            low=getattr(claim, "quantity_low", None),
            high=getattr(claim, "quantity_high", None),
            low_inc=bool(getattr(claim, "quantity_low_inclusive", True)),
            high_inc=bool(getattr(claim, "quantity_high_inclusive", True)),
            unit=(getattr(claim, "quantity_unit", None) or "").strip(),
            certainty=certainty,
            about_start=getattr(claim, "about_start", None),
            about_end=getattr(claim, "about_end", None),
        )

    @property
    def has_quantity(self) -> bool:
        return self.low is not None or self.high is not None

    @property
    def is_point(self) -> bool:
        return self.low is not None and self.low == self.high and self.low_inc and self.high_inc

    @property
    def is_definite(self) -> bool:
        """Gives a figure or asserts, and does not withhold."""
        return self.certainty != WITHHELD and (self.has_quantity or self.certainty == ASSERTED)

    @functools.cached_property
    def figure(self) -> str:
        """Words for the quantity; read once (a claim compared with many says it each time)."""
        return format_interval(self.low, self.high, self.low_inc, self.high_inc, self.unit)


# --- Comparing -------------------------------------------------------------------------------


def compare(a, b) -> Verdict:
    """Say how the contents of two claims relate. See the module docstring."""
    return _compare_sides(_Side.of(a), _Side.of(b))


def compare_with(a) -> Callable[[Any], Verdict]:
    """``compare(a, b)`` for many a ``b``, reading ``a`` once (the link suggestions compare
    one claim with dozens)."""
    side = _Side.of(a)

    def against(b) -> Verdict:
        return _compare_sides(side, _Side.of(b))

    return against


def _compare_sides(a: _Side, b: _Side) -> Verdict:
    for check in (_check_withheld, _check_numeric, _check_hedged, _check_temporal):
        verdict = check(a, b)
        if verdict is not None:
            return verdict
    return _verdict(NONE, _nothing_detail(a, b))


def _check_withheld(a: _Side, b: _Side) -> Verdict | None:
    for i, (this, other) in enumerate(((a, b), (b, a))):
        if this.certainty == WITHHELD and other.is_definite:
            definite, withholding = _ORDINAL[1 - i], _ORDINAL[i]
            given = f"gives {other.figure}" if other.has_quantity else "asserts"
            detail = f"The {definite} claim {given}; the {withholding} {_withholds(this)}."
            return _verdict(DEFINITE_VS_WITHHELD, detail, _CONTRADICTS, _CERTAINTY)
    return None


def _withholds(side: _Side) -> str:
    if side.has_quantity:
        return f"withholds a firm figure, saying only {side.figure}"
    return "withholds the figure"


def _check_numeric(a: _Side, b: _Side) -> Verdict | None:
    if not (a.has_quantity and b.has_quantity and units_compatible(a.unit, b.unit)):
        return None
    overlap = intervals_overlap(
        a.low, a.high, a.low_inc, a.high_inc, b.low, b.high, b.low_inc, b.high_inc
    )
    if overlap:
        if a.is_point or b.is_point:
            point, other = (a, b) if a.is_point else (b, a)
            detail = f"{point.figure} lies within {other.figure}."
        else:
            detail = f"{a.figure} and {b.figure} overlap."
        return _verdict(CONSISTENT, detail, _SUPPORTS)
    if a.is_point or b.is_point:
        point, other = (a, b) if a.is_point else (b, a)
        detail = f"{point.figure} lies outside {other.figure}."
    else:
        detail = f"{a.figure} and {b.figure} do not overlap."
    return _verdict(NUMERIC_CONFLICT, detail, _CONTRADICTS, _NUMERIC)


def _check_hedged(a: _Side, b: _Side) -> Verdict | None:
    for i, (this, other) in enumerate(((a, b), (b, a))):
        if (
            this.certainty == ASSERTED
            and this.has_quantity
            and other.certainty == HEDGED
            and not other.has_quantity
        ):
            detail = (
                f"The {_ORDINAL[i]} claim asserts {this.figure}; "
                f"the {_ORDINAL[1 - i]} only hedges, without a figure."
            )
            return _verdict(DEFINITE_VS_HEDGED, detail, _CONTRADICTS, _CERTAINTY)
    return None


def _check_temporal(a: _Side, b: _Side) -> Verdict | None:
    if a.has_quantity or b.has_quantity:
        return None
    if dates_overlap(a.about_start, a.about_end, b.about_start, b.about_end) is not False:
        return None
    detail = (
        f"The first claim is about {_format_span(a.about_start, a.about_end)}, "
        f"the second about {_format_span(b.about_start, b.about_end)}; the times do not overlap."
    )
    return _verdict(TEMPORAL_MISMATCH, detail, _CONTRADICTS, _TEMPORAL)


def _nothing_detail(a: _Side, b: _Side) -> str:
    if a.has_quantity and b.has_quantity:
        return f"The figures count different things: {a.figure} and {b.figure}."
    if a.has_quantity or b.has_quantity:
        figure = a.figure if a.has_quantity else b.figure
        return f"Only one claim gives a figure ({figure}), so there is nothing to weigh it against."
    if dates_overlap(a.about_start, a.about_end, b.about_start, b.about_end):
        return "Neither claim gives a figure, and the times they are about overlap."
    return "Neither claim gives a figure or a time the desk can compare."
