"""claims.units: which counted things are the same kind of thing, in en/ru/uk."""

import pytest

from claims.compare import compare
from claims.units import classes, comparable


@pytest.mark.parametrize(
    ("u1", "u2", "expected"),
    [
        ("soldiers", "украинский военнослужащий", True),  # "свыше 400 военнослужащих"
        ("ukrainian soldiers", "servicemen", True),
        ("troops", "український військовий", True),
        ("people", "people", True),
        ("people", "passengers + crew", True),  # a total of parts the reader made
        ("people", "adults + children", True),
        ("people", "civilians", True),  # people in general against a kind of people
        ("civilian casualties", "мирный житель", True),
        ("trucks", "грузовик", True),
        ("lorries", "вантажівка", True),
        ("armoured vehicles", "бронетехника", True),
        ("tanks", "БТР", True),
        ("trucks", "armoured vehicles", False),  # "about 280 trucks", "23 armoured vehicles"
        ("soldiers", "civilian casualties", False),
        ("soldiers", "military vehicles", False),  # "military" an adjective of a thing
        ("tonnes", "trucks", False),
    ],
)
def test_units_of_one_class_compare_and_others_do_not(u1, u2, expected):
    assert comparable(u1, u2) is expected
    assert comparable(u2, u1) is expected


def test_units_the_table_does_not_know_are_left_to_the_words():
    assert classes("fighter jets and helicopters") == frozenset()
    assert comparable("jets", "soldiers") is None


def claim(low, high, unit):
    from types import SimpleNamespace

    return SimpleNamespace(
        quantity_low=low, quantity_high=high, quantity_low_inclusive=True,
        quantity_high_inclusive=True, quantity_unit=unit, certainty="asserted",
        about_start=None, about_end=None,
    )


def test_compare_weighs_figures_of_one_class_and_no_others():
    assert compare(claim(150, 150, "people"), claim(150, 150, "people")).flag == "consistent"
    assert compare(claim(438, 438, "soldiers"), claim(400, None, "украинский военнослужащий")
                   ).flag == "consistent"
    assert compare(claim(295, 295, "people"), claim(298, 298, "people")).flag == (
        "numeric_conflict"
    )
    verdict = compare(claim(252, 308, "trucks"), claim(23, 23, "armoured vehicles"))
    assert verdict.flag == "none" and "count different things" in verdict.detail
