import pytest

from claims.anchors import anchor_quote, relocate

BODY = "Alpha said 438 crossed.\nBeta said 438 crossed, too. Gamma said 438\u00a0crossed."


def test_it_finds_the_first_occurrence_with_context():
    anchor = anchor_quote(BODY, "438 crossed")
    assert anchor.start == BODY.index("438")
    assert anchor.prefix == "Alpha said "
    assert anchor.suffix.startswith(".\nBeta said")


def test_it_prefers_the_occurrence_nearest_the_selection():
    second = BODY.index("438", 20)
    assert anchor_quote(BODY, "438 crossed", near=second + 2).start == second


def test_any_whitespace_matches_any_whitespace():
    anchor = anchor_quote(BODY, "Gamma   said 438 crossed")
    assert anchor is not None
    assert BODY[anchor.start : anchor.end] == "Gamma said 438\u00a0crossed"


@pytest.mark.parametrize("quote", ["439 crossed", "", "   "])
def test_a_quote_not_in_the_body_has_no_anchor(quote):
    assert anchor_quote(BODY, quote) is None


def test_an_anchor_survives_an_edit_elsewhere():
    anchor = anchor_quote(BODY, "438 crossed", near=BODY.index("Beta"))
    edited = "Breaking. " + BODY
    position = relocate(edited, "438 crossed", anchor.prefix, anchor.suffix, anchor.start)
    assert edited[position - len("Beta said ") : position] == "Beta said "


def test_relocate_gives_none_when_the_quote_is_gone():
    assert relocate("nothing here", "438 crossed", "", "", 0) is None
