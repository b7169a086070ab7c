"""claims.numberline: number lines and date lines drawn as SVG by the macro drawing, with
all text escaped."""

from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.template import engines

from claims import numberline


def svg(drawing) -> str:
    """The drawing as templates/claims/review_macros.html draws it ("" for none)."""
    if drawing is None:
        return ""
    macros = engines["jinja2"].env.get_template("claims/review_macros.html").module
    return str(macros.drawing(drawing))


def number_line(claims, **options) -> str:
    return svg(numberline.number_line(claims, **options))


def date_line(spans, **options) -> str:
    return svg(numberline.date_line(spans, **options))


def claim(pk, low, high, *, low_inc=True, high_inc=True, speaker="Malayev", unit="soldiers"):
    return SimpleNamespace(
        pk=pk,
        quantity_low=None if low is None else Decimal(low),
        quantity_high=None if high is None else Decimal(high),
        quantity_low_inclusive=low_inc,
        quantity_high_inclusive=high_inc,
        quantity_unit=unit,
        has_quantity=low is not None or high is not None,
        speaker=SimpleNamespace(name=speaker),
    )


def test_each_numeric_claim_gets_a_row_with_its_figure_and_speaker():
    svg = number_line([claim(1, 438, 438), claim(2, 400, None, low_inc=False, speaker="Official")])
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert svg.count('class="nl-row') == 2
    assert "438 soldiers · Malayev" in svg
    assert "over 400 soldiers · Official" in svg


def test_an_open_end_is_an_arrow_and_an_excluded_bound_a_hollow_dot():
    svg = number_line([claim(2, 400, None, low_inc=False)])
    assert svg.count('class="nl-open"') == 1
    assert 'class="nl-end nl-excluded"' in svg
    assert "nl-closed" not in svg


def test_a_point_is_one_filled_dot():
    svg = number_line([claim(1, 438, 438)])
    assert svg.count("<circle") == 1 and "nl-closed" in svg
    assert "nl-open" not in svg


def test_claims_without_a_figure_are_left_out_and_none_gives_nothing():
    assert number_line([claim(1, None, None)]) == ""
    assert number_line([claim(1, None, None), claim(2, 1, 2)]).count('class="nl-row') == 1


def test_a_speaker_name_is_escaped():
    svg = number_line([claim(1, 5, 5, speaker='<script>alert("x")</script>')])
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg


def test_points_sit_in_order_on_the_scale():
    svg = number_line([claim(1, 100, 100), claim(2, 500, 500)])
    xs = [float(part.split('"')[0]) for part in svg.split('cx="')[1:]]
    assert xs[0] < xs[1]


def test_the_axis_has_ticks_with_numbers():
    svg = number_line([claim(1, 180, None, low_inc=False), claim(2, 438, 438)])
    assert 'class="nl-tick"' in svg
    assert ">400<" in svg or ">300<" in svg


def test_a_date_line_draws_spans_and_leaves_out_undated_ones():
    svg = date_line(
        [
            ("U.N.", "since April", date(2014, 4, 1), None, "a"),
            ("Klimov", "Monday to Friday", date(2014, 8, 4), date(2014, 8, 8), "b"),
            ("Nobody", "never", None, None, "c"),
        ]
    )
    assert svg.count('class="nl-row') == 2
    assert "since April · U.N." in svg and "Nobody" not in svg
    assert " Jul 2014<" in svg or " Aug 2014<" in svg  # ticks are days as the desk writes them
    assert date_line([("x", "y", None, None, "")]) == ""


def test_a_single_day_sits_in_a_window_of_days_not_centuries():
    svg = date_line([("Malayev", "Monday", date(2014, 8, 4), date(2014, 8, 4), "a")])
    ticks = [part.split(">", 1)[1].split("<", 1)[0] for part in svg.split('class="nl-tick"')[1:]]
    assert ticks and all(tick.endswith(" Aug 2014") for tick in ticks), ticks
