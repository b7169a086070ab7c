"""The tags that build repeated HTML in Python escape exactly as Django does."""

import pytest
from django.urls import reverse
from django.utils.html import format_html as django_format_html
from markupsafe import escape  # as the Jinja2 pages escape

from claims.models import Source
from claims.templatetags.desk import fast_url, format_html

HOSTILE = [
    "<script>alert(1)</script>",
    "\" onmouseover=\"x()",
    "' onfocus='x()",
    "Tom & Jerry's {0} {}",
    "Малаев ‏العربية‏ 🇺🇦",
]


@pytest.mark.parametrize("value", HOSTILE)
def test_format_html_escapes_like_django(value):
    template = '<a title="{}">{}</a>'
    assert format_html(template, value, value) == django_format_html(template, value, value)


@pytest.mark.parametrize("name", ["claims:claim-detail", "claims:source-detail"])
@pytest.mark.parametrize("pk", [1, 42, 1_000_000])
def test_fast_url_equals_reverse(name, pk):
    assert fast_url(name, pk) == reverse(name, args=[pk])


def source_badge_html(source) -> str:
    """A source's badge as the pages draw it: claims.badges.source_badge in the badge macro."""
    from django.template import engines

    from claims.badges import source_badge

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




@pytest.mark.parametrize("value", [
    None, "", "2014-08-04",  # a string: the date filter shows nothing, and so does ymd
])
def test_ymd_shows_nothing_for_what_is_not_a_date(value):
    from django.template import engines

    template = engines["django"].from_string('{% load desk %}[{{ v|ymd }}|{{ v|date:"Y-m-d" }}]')
    left, right = template.render({"v": value}).strip("[]").split("|")
    assert left == right == ""


def test_ymd_shows_what_the_date_filter_shows(settings):
    from datetime import UTC, date, datetime

    from django.template import engines

    settings.TIME_ZONE = "Pacific/Auckland"  # the UTC day before is the local day after
    template = engines["django"].from_string('{% load desk %}{{ v|ymd }}={{ v|date:"Y-m-d" }}')
    for value in [date(2014, 8, 4), datetime(2014, 8, 4, 23, 30, tzinfo=UTC), date(987, 1, 2)]:
        left, right = template.render({"v": value}).split("=")
        assert left == right, value


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


@pytest.mark.django_db
def test_cards_ask_each_permission_once_per_page(client, reviewer, seed_without_body, monkeypatch):
    from accounts.backends import DeskBackend
    from claims.models import Claim
    from claims.services import link_create

    asked = []
    has_perm = DeskBackend.has_perm

    def counting(self, user_obj, perm, obj=None):
        asked.append(perm)
        return has_perm(self, user_obj, perm, obj)

    monkeypatch.setattr(DeskBackend, "has_perm", counting)
    client.force_login(reviewer)

    def asked_on_queue() -> tuple[int, int]:
        asked.clear()
        html = client.get(reverse("claims:review-queue")).content.decode()
        return html.count('class="resolve-form"'), len(asked)

    cards_before, asked_before = asked_on_queue()
    claims = list(Claim.objects.order_by("pk"))
    for a, b in ((claims[6], claims[7]), (claims[7], claims[10]), (claims[6], claims[10])):
        link_create(first=a, second=b, kind="contradicts", nature="numeric")
    cards_after, asked_after = asked_on_queue()
    assert cards_after == cards_before + 3
    assert asked_after == asked_before


@pytest.mark.django_db
def test_the_header_links_are_the_reversed_urls(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("claims:claim-list")).content.decode()
    header = html.split("<main>")[0]
    for name in ("claims:home", "claims:document-list", "claims:claim-list",
                 "claims:question-list", "claims:review-queue", "claims:source-list",
                 "admin:index", "logout"):
        assert f'href="{reverse(name)}"' in header or f'action="{reverse(name)}"' in header
    assert f'<a href="{reverse("claims:claim-list")}" aria-current="page">Claims</a>' in header


def test_a_path_follows_the_script_prefix():
    from django.urls import set_script_prefix

    from claims.templatetags.nav import path

    try:
        set_script_prefix("/desk/")
        assert path("claims:claim-list") == "/desk/claims/" == reverse("claims:claim-list")
    finally:
        set_script_prefix("/")
    assert path("claims:claim-list") == "/claims/"
