"""Number lines and date lines drawn on the server as SVG.

``number_line(claims)``: one row per numeric claim, its quantity interval on a
shared scale; a closed end is a filled dot, an excluded end a hollow dot, and
an open end an arrow running to the edge. Each row is labelled with the figure
and the speaker's name.

``date_line(rows)``: the same drawing for spans of days, such as when each
claim was said or what time it is about.

Every piece of text is escaped (as ``format_html`` would);
the result is safe to put in a template as it is.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from html import escape as _html_escape

from django.utils.safestring import SafeString, mark_safe

from .compare import format_interval

WIDTH = 640
ROW = 34
LEFT = 24
RIGHT = 24
TOP = 12
AXIS = 30
ARROW = 7


def _esc(text) -> str:
    """What django.utils.html.conditional_escape gives, without its lazy-text wrapper (a
    question page escapes about 180 texts here): safe text as it is, other text escaped."""
    if hasattr(text, "__html__"):
        return text.__html__()
    return _html_escape(str(text))


@dataclass(frozen=True)
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


def _draw(
    rows: list[Row], lo: float, hi: float, ticks: list[tuple[float, str]], title: str
) -> SafeString:
    # Plain string formatting: the numbers are ours (ints and rounded floats), only the
    # text (labels, figures, css, title) is escaped. A question page draws two lines of
    # thirty rows, and format_html per element cost a fifth of its time.
    height = TOP + ROW * len(rows) + AXIS
    inner = WIDTH - LEFT - RIGHT

    def x(value: float) -> float:
        return round(LEFT + (value - lo) / (hi - lo) * inner, 1)

    parts = []
    for i, row in enumerate(rows):
        y = TOP + ROW * i + 20
        x1 = LEFT if row.low is None else x(row.low)
        x2 = LEFT + inner if row.high is None else x(row.high)
        parts.append(
            f'<g class="nl-row {_esc(row.css)}"><text class="nl-label" x="{LEFT}" y="{y - 8}">'
            f"{_esc(row.figure)} · {_esc(row.label)}</text>"
            f'<line class="nl-bar" x1="{x1}" y1="{y}" x2="{x2}" y2="{y}" stroke="currentColor" '
            'stroke-width="3"/>'
        )
        if row.low is None:
            parts.append(_arrow(x1, y, -1))
        else:
            parts.append(_dot(x1, y, row.low_inc))
        if row.high is None:
            parts.append(_arrow(x2, y, 1))
        elif not (row.low == row.high and row.low is not None):
            parts.append(_dot(x2, y, row.high_inc))
        parts.append("</g>")
    axis_y = TOP + ROW * len(rows) + 6
    parts.append(
        f'<line class="nl-axis" x1="{LEFT}" y1="{axis_y}" x2="{LEFT + inner}" y2="{axis_y}" '
        'stroke="#5c6670"/>'
    )
    for v, text in ticks:
        if lo <= v <= hi:
            at = x(v)
            parts.append(
                f'<line x1="{at}" y1="{axis_y}" x2="{at}" y2="{axis_y + 4}" stroke="#5c6670"/>'
                f'<text class="nl-tick" x="{at}" y="{axis_y + 18}" text-anchor="middle">'
                f"{_esc(text)}</text>"
            )
    title = _esc(title)
    return mark_safe(  # noqa: S308 - every text above is escaped, the rest are numbers
        '<svg class="number-line" xmlns="http://www.w3.org/2000/svg" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-label="{title}">'
        f"<title>{title}</title>{''.join(parts)}</svg>"
    )


def _dot(cx: float, cy: float, filled: bool) -> str:
    return (
        f'<circle class="nl-end {"nl-closed" if filled else "nl-excluded"}" cx="{cx}" '
        f'cy="{cy}" r="5" stroke="currentColor" stroke-width="2" '
        f'fill="{"currentColor" if filled else "#fff"}"/>'
    )


def _arrow(tip: float, y: float, direction: int) -> str:
    back = tip - direction * ARROW * 1.6
    return (
        f'<path class="nl-open" d="M{tip} {y} L{back} {y - ARROW} L{back} {y + ARROW} Z" '
        'fill="currentColor"/>'
    )


def _number(value: float) -> str:
    return format_interval(Decimal(str(value)), Decimal(str(value)))


def number_line(claims, *, title: str = "Figures on one scale") -> SafeString:
    """An SVG of each numeric claim's interval; empty when none gives a figure."""
    rows = [
        Row(
            label=claim.speaker.name,
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
        return SafeString("")
    lo, hi = _scale(rows)
    step = _nice_step(hi - lo)
    first = math.ceil(lo / step) * step
    ticks = []
    value = first
    while value <= hi and len(ticks) < 12:
        ticks.append((value, _number(value)))
        value += step
    return _draw(rows, lo, hi, ticks, title)


def date_line(spans, *, title: str = "Timeline") -> SafeString:
    """An SVG of day spans: ``spans`` is (label, figure, start, end, css) tuples.

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
        return SafeString("")
    days = [v for r in rows for v in (r.low, r.high) if v is not None]
    pad = max(3.0, (max(days) - min(days)) * 0.15)
    lo, hi = math.floor(min(days) - pad), math.ceil(max(days) + pad)
    step = max(1, math.ceil((hi - lo) / 5))
    ticks = [
        (float(day), date.fromordinal(day).isoformat())
        for day in range(int(lo) + 1, int(hi), step)
    ]
    return _draw(rows, float(lo), float(hi), ticks, title)
