"""Number lines and date lines, worked out on the server as drawings the macro
``drawing`` of templates/claims/review_macros.html draws as SVG.

``number_line(claims)``: one row per numeric claim, its quantity interval on a
shared scale; a closed end is a filled dot, an excluded end a hollow dot, and
an open end an arrow running to the edge. Each row is labelled with the figure
and the speaker's name.

``date_line(rows)``: the same drawing for spans of days, such as when each
claim was said or what time it is about.

A Drawing holds coordinates (numbers) and texts; the template escapes the texts.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from .compare import format_interval
from .when import shown_day

WIDTH = 640
ROW = 34
LEFT = 24
RIGHT = 24
TOP = 12
AXIS = 30
ARROW = 7


@dataclass(frozen=True, slots=True)
class Row:
    """One interval to draw. ``low``/``high`` of None are open ends."""

    label: str
    figure: str
    low: float | None
    high: float | None
    low_inc: bool = True
    high_inc: bool = True
    css: str = ""


def _nice_step(span: float) -> float:
    raw = span / 5 if span > 0 else 1
    power = 10 ** math.floor(math.log10(raw))
    for factor in (1, 2, 5, 10):
        if raw <= factor * power:
            return factor * power
    return 10 * power


def _scale(rows: list[Row]) -> tuple[float, float]:
    values = [v for r in rows for v in (r.low, r.high) if v is not None]
    lo, hi = min(values), max(values)
    if lo == hi:
        pad = abs(lo) * 0.25 or 1
    else:
        pad = (hi - lo) * 0.2
    # Leave room for open ends to show as arrows past the last figure.
    return lo - pad, hi + pad


@dataclass(frozen=True, slots=True)
class End:
    """One end of a row's bar: a dot (filled when the bound is included) or, for an open
    end, an arrow (`path`, an SVG path)."""

    x: float
    filled: bool = False
    path: str = ""


@dataclass(frozen=True, slots=True)
class DrawnRow:
    css: str
    text: str  # "figure · label"
    text_y: int
    x1: float
    x2: float
    y: int
    ends: tuple[End, ...]


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    text: str


@dataclass(frozen=True, slots=True)
class Drawing:
    title: str
    width: int
    height: int
    left: int
    right: int  # where the axis ends
    axis_y: int
    rows: tuple[DrawnRow, ...]
    ticks: tuple[Tick, ...]


def _draw(rows: list[Row], lo: float, hi: float, ticks: list[tuple[float, str]],
          title: str) -> Drawing:
    inner = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return round(LEFT + (value - lo) / (hi - lo) * inner, 1)

    drawn = []
    for i, row in enumerate(rows):
        y = TOP + ROW * i + 20
        x1 = LEFT if row.low is None else x(row.low)
        x2 = LEFT + inner if row.high is None else x(row.high)
        ends = [_arrow(x1, y, -1) if row.low is None else End(x1, row.low_inc)]
        if row.high is None:
            ends.append(_arrow(x2, y, 1))
        elif not (row.low == row.high and row.low is not None):
            ends.append(End(x2, row.high_inc))
        drawn.append(DrawnRow(css=row.css, text=f"{row.figure} · {row.label}", text_y=y - 8,
                              x1=x1, x2=x2, y=y, ends=tuple(ends)))
    return Drawing(
        title=title, width=WIDTH, height=TOP + ROW * len(rows) + AXIS, left=LEFT,
        right=LEFT + inner, axis_y=TOP + ROW * len(rows) + 6, rows=tuple(drawn),
        ticks=tuple(Tick(x(v), text) for v, text in ticks if lo <= v <= hi),
    )


def _arrow(tip: float, y: float, direction: int) -> End:
    back = tip - direction * ARROW * 1.6
    return End(tip, path=f"M{tip} {y} L{back} {y - ARROW} L{back} {y + ARROW} Z")


def _number(value: float) -> str:
    return format_interval(Decimal(str(value)), Decimal(str(value)))


def _speaker_name(claim) -> str:
    return claim.speaker.name


def number_line(claims, *, title: str = "Figures on one scale",
                label: Callable = _speaker_name) -> Drawing | None:
    """A drawing of each numeric claim's interval (labelled with label(claim), by default
    its speaker's name); None when none gives a figure."""
    rows = [
        Row(
            label=label(claim),
            figure=format_interval(
                claim.quantity_low,
                claim.quantity_high,
                claim.quantity_low_inclusive,
                claim.quantity_high_inclusive,
                claim.quantity_unit,
            ),
            low=None if claim.quantity_low is None else float(claim.quantity_low),
            high=None if claim.quantity_high is None else float(claim.quantity_high),
            low_inc=claim.quantity_low_inclusive,
            high_inc=claim.quantity_high_inclusive,
            css=f"claim-{claim.pk}",
        )
        for claim in claims
        if claim.has_quantity
    ]
    if not rows:
        return None
    lo, hi = _scale(rows)
    step = _nice_step(hi - lo)
    first = math.ceil(lo / step) * step
    ticks = []
    value = first
    while value <= hi and len(ticks) < 12:
        ticks.append((value, _number(value)))
        value += step
    return _draw(rows, lo, hi, ticks, title)


def date_line(spans, *, title: str = "Timeline") -> Drawing | None:
    """A drawing of day spans: ``spans`` is (label, figure, start, end, css) tuples.

    An end of None with a start is open-ended (drawn as an arrow); a span
    without a start is left out.
    """
    rows = []
    for label, figure, start, end, css in spans:
        if start is None:
            continue
        rows.append(
            Row(
                label=label,
                figure=figure,
                low=float(start.toordinal()),
                high=None if end is None else float(end.toordinal()),
                css=css,
            )
        )
    if not rows:
        return None
    days = [v for r in rows for v in (r.low, r.high) if v is not None]
    pad = max(3.0, (max(days) - min(days)) * 0.15)
    lo, hi = math.floor(min(days) - pad), math.ceil(max(days) + pad)
    step = max(1, math.ceil((hi - lo) / 5))
    ticks = [
        (float(day), shown_day(date.fromordinal(day)).text)
        for day in range(int(lo) + 1, int(hi), step)
    ]
    return _draw(rows, float(lo), float(hi), ticks, title)
