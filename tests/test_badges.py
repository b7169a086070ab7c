"""A source's badge: made from stored fields, remembered, and drawn by the badge macro."""

import pytest
from django.template import engines
from django.urls import reverse
from markupsafe import escape  # as the Jinja2 pages escape

from claims.badges import source_badge
from claims.models import Source

HOSTILE = [
    "<script>alert(1)</script>",
    "\" onmouseover=\"x()",
    "' onfocus='x()",
    "Tom & Jerry's {0} {}",
    "Малаев ‏العربية‏ 🇺🇦",
]


def source_badge_html(source) -> str:
    """A source's badge as the pages draw it: claims.badges.source_badge in the badge macro."""
    macros = engines["jinja2"].env.get_template("claims/macros.html").module
    return str(macros.badge(source_badge(source)))


@pytest.mark.parametrize("name", HOSTILE)
def test_a_source_badge_shows_the_name_as_text(name):
    source = Source(pk=7, name=name, kind="person", reliability="B")
    html = source_badge_html(source)
    assert escape(name) in html
    assert "<script" not in html and "onmouseover=\"" not in html and "onfocus='" not in html
    assert reverse("claims:source-detail", args=[7]) in html
    assert ">B<" in html


def test_a_remembered_badge_follows_a_new_grade_name_or_track_record():
    source = Source(pk=8, name="Border service", kind="organization", reliability="B")
    first = source_badge_html(source)
    assert source_badge_html(Source(pk=8, name="Border service", kind="organization",
                                    reliability="B")) == first
    source.reliability = "E"
    assert ">E<" in source_badge_html(source) and ">B<" not in source_badge_html(source)
    source.name = "Border guard"
    assert "Border guard" in source_badge_html(source)
    source.track_upheld, source.track_resolved = 3, 4
    assert source_badge_html(source) != first
    assert f"{source.track_record.percent}%" in source_badge_html(source)


def test_the_pages_draw_a_remembered_chain_anew_when_a_grade_changes():
    """The `chain` and `badge` globals remember markup per value: a regraded source is a
    new value, so the next page shows the new grade, never the remembered one."""
    env = engines["jinja2"].env
    page = env.from_string("{{ chain(badges) }}|{{ badge(badges[0]) }}")
    speaker = Source(pk=9, name="Ministry", kind="organization", reliability="B")
    relay = Source(pk=10, name="Agency", kind="outlet", reliability="C")
    before = page.render(badges=[source_badge(speaker), source_badge(relay)])
    assert before.count(">B<") == 2 and ">C<" in before and ", via " in before
    speaker.reliability = "E"
    after = page.render(badges=[source_badge(speaker), source_badge(relay)])
    assert after.count(">E<") == 2 and ">B<" not in after and ">C<" in after
