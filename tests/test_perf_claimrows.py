"""The claim list's rows, read by name (Claim.objects.list_rows) into ClaimRows
(claims/claim_rows.py), show what the list showed, hostile text escaped."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from markupsafe import escape as page_escape  # Jinja2's: ' as &#39;, " as &#34;

from claims.claim_rows import claim_rows
from claims.demo import SEED_URL
from claims.models import Claim, ClaimRelay, Document, Source
from claims.paging import KeysetPage

pytestmark = pytest.mark.django_db

URL = reverse("claims:claim-list")
HOSTILE = "<script>alert('x')</script> & \"co\""


@pytest.fixture
def hostile(seed_without_body):
    seed = Document.objects.get(url=SEED_URL)
    document = Document.objects.create(
        title=f"{HOSTILE} a title well over sixty characters long, cut by the list",
        url="https://example.org/hostile", publisher=seed.publisher,
        published_at=seed.published_at,
    )
    speaker = Source.objects.create(name=HOSTILE, kind="person", reliability="B")
    agency = Source.objects.create(name="Agency <b>", kind="organization", reliability="C")
    outlet = Source.objects.create(name="Outlet & Co", kind="outlet")
    ranged = Claim.objects.create(
        document=document, statement=HOSTILE, speaker=speaker, credibility=2,
        status=Claim.Status.DISPUTED, said_start=date(2024, 3, 1), said_end=date(2024, 3, 9),
    )
    # Stored out of order: the chain is by position.
    ClaimRelay.objects.create(claim=ranged, source=outlet, position=2)
    ClaimRelay.objects.create(claim=ranged, source=agency, position=1)
    Claim.objects.create(
        document=document, statement="One day > none", speaker=speaker,
        said_start=date(2024, 3, 1), said_end=date(2024, 3, 1),
    )
    Claim.objects.create(
        document=seed, statement="Undated", speaker=agency, said_phrase="<i>last week</i> &",
    )
    Claim.objects.create(document=seed, statement="No phrase", speaker=outlet)
    return speaker


def test_the_rows_show_each_claim_newest_first(hostile):
    order = ("-created_at", "-pk")
    claims = list(Claim.objects.for_rows().order_by(*order))
    rows = claim_rows(list(Claim.objects.list_rows().order_by(*order)))
    assert [row.pk for row in rows] == [claim.pk for claim in claims]
    for row, claim in zip(rows, claims, strict=True):
        assert row.url == claim.get_absolute_url()
        assert row.statement == claim.statement
        assert [b.name for b in row.chain] == [s.name for s in claim.attribution_chain()]
        assert row.rating == claim.rating
        assert row.status == claim.get_status_display()
        assert row.document_url == claim.document.get_absolute_url()
        assert row.document_title == truncatechars(claim.document.title, 60)
    said = {row.statement: row.said for row in rows}
    assert said[HOSTILE] == "1–9 Mar 2024"
    assert said["One day > none"] == "1 Mar 2024"
    assert said["Undated"] == "<i>last week</i> &"
    assert said["No phrase"] == "—"
    ranged = next(row for row in rows if row.statement == HOSTILE)
    assert [b.name for b in ranged.chain] == [HOSTILE, "Agency <b>", "Outlet & Co"]
    assert ranged.rating == "B2" and ranged.status == "Disputed"


def test_the_page_escapes_the_rows_and_shows_what_the_rows_show(client, editor, hostile):
    client.force_login(editor)
    for headers in ({}, {"HTTP_HX_REQUEST": "true"}):
        html = client.get(URL, **headers).content.decode()
        assert "<script>alert" not in html
        assert html.count('<tr class="claim-row">') == Claim.objects.count()
        assert f">{page_escape(HOSTILE)}</a>" in html
        assert "B2" in html and "Disputed" in html
        assert "Agency &lt;b&gt;</a>" in html and "Outlet &amp; Co</a>" in html
        assert "&lt;i&gt;last week&lt;/i&gt; &amp;" in html and "1–9 Mar 2024" in html
        shown = f">{page_escape(HOSTILE)}</a></td>"
        ranged = next(row for row in html.split("<tr") if shown in row)
        assert ranged.index("Agency &lt;b&gt;") < ranged.index("Outlet &amp; Co</a>")
    html = client.get(URL, {"q": "zebras none at all"}).content.decode()
    assert '<td colspan="6" class="empty">No claims match.</td>' in html


def test_the_cursor_pages_walk_every_claim_once_both_ways(hostile):
    # Claims made at the same moment are told apart by their pk.
    same = timezone.now() - timedelta(days=1)
    Claim.objects.filter(pk__in=list(Claim.objects.values_list("pk", flat=True)[:6])).update(
        created_at=same
    )
    expected = list(Claim.objects.order_by("-created_at", "-pk").values_list("pk", flat=True))
    values = Claim.objects.list_rows()
    walked, pages, after = [], [], ""
    while True:
        page = KeysetPage(values, 4, after=after, build=claim_rows)
        pages.append([row.pk for row in page])
        walked += pages[-1]
        if not page.has_next:
            break
        after = page.next_cursor
    assert walked == expected and len(pages) > 2
    back = KeysetPage(values, 4, before=page.previous_cursor, build=claim_rows)
    assert [row.pk for row in back] == pages[-2] and back.has_previous


# --- the speakers a search names, looked up within the claims' query ---------------------


@pytest.fixture
def quills(seed_without_body):
    from claims.models import SourceAlias

    document = Document.objects.get(url=SEED_URL)
    exact = Source.objects.create(name="Zorkan Quill", kind="person")
    longer = Source.objects.create(name="Zorkan Quillby", kind="person")
    aliased = Source.objects.create(name="Somebody Else", kind="person")
    SourceAlias.objects.create(source=aliased, name="Old Quillish name")
    for source in (exact, longer, aliased):
        Claim.objects.create(document=document, statement=f"Said by {source.pk}", speaker=source)
    return exact, longer, aliased


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text path is PostgreSQL's")
def test_a_speaker_named_exactly_is_found_alone_else_every_name_holding_the_words(
    quills, django_assert_num_queries
):
    from claims.search import search_claims
    from claims.suggestions import search_claims as picker_search

    exact, longer, aliased = quills

    def speakers(text):
        with django_assert_num_queries(1):  # the speakers are looked up within the query
            return {c.speaker_id for c in search_claims(Claim.objects.all(), text)}

    assert speakers("zorkan  QUILL") == {exact.pk}
    assert speakers("Quill") == {exact.pk, longer.pk, aliased.pk}
    assert speakers("Quillby") == {longer.pk}
    assert speakers("Nobody Quill") == set()
    # The compare page's picker: each word, by the same lookup.
    assert {c.speaker_id for c in picker_search("zorkan quill")} == {exact.pk, longer.pk}
    assert {c.speaker_id for c in picker_search("quillish")} == {aliased.pk}


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the full-text path is PostgreSQL's")
def test_the_speaker_lookup_in_plain_sql_finds_what_sources_named_finds(quills):
    """SpokenByNamed's SQL is written by hand: the same claims as sources_named's ids, with
    LIKE's wildcards typed as plain characters, and inside a subquery (aliased table)."""
    from claims.search import SpokenByNamed, sources_named

    wild = Source.objects.create(name="100% Quill_s", kind="person")
    Claim.objects.create(document=Document.objects.get(url=SEED_URL), statement="x", speaker=wild)
    for text in ["zorkan quill", "Quill", "quillish", "100%", "l_s", "%", "_", "nobody here"]:
        expected = set(
            Claim.objects.filter(speaker_id__in=sources_named(text)).values_list("pk", flat=True)
        )
        found = Claim.objects.filter(SpokenByNamed(text))
        assert set(found.values_list("pk", flat=True)) == expected, text
        speakers = Source.objects.filter(pk__in=found.values("speaker_id"))
        assert {s.pk for s in speakers} == set(sources_named(text)) & set(
            Claim.objects.values_list("speaker_id", flat=True)
        ), text
    assert len(expected) == 0 and set(Claim.objects.filter(SpokenByNamed("%"))) == {
        Claim.objects.get(speaker=wild)
    }


def test_the_list_finds_a_typed_speaker_and_escapes_it(client, editor, quills):
    client.force_login(editor)
    html = client.get(URL, {"q": "Quillby"}, HTTP_HX_REQUEST="true").content.decode()
    assert html.count('<tr class="claim-row">') == 1 and "Zorkan Quillby</a>" in html


@pytest.mark.parametrize("side", ["a", "b"])
def test_the_picker_rows_link_to_the_comparison_with_the_pick_on_its_side(
    client, editor, quills, side
):
    from claims.cards import compare_url

    exact, longer, aliased = quills
    kept = Claim.objects.get(speaker=aliased)
    other_side = "b" if side == "a" else "a"
    client.force_login(editor)
    for params in ({"side": side, "q": "quill"}, {"side": side, "q": "quill", other_side: kept.pk}):
        response = client.get(reverse("claims:claim-picker"), params, HTTP_HX_REQUEST="true")
        rows = response.context["rows"]
        assert {row.speaker_name for row in rows} >= {exact.name, longer.name}
        other = kept.pk if other_side in params else None
        offered = Claim.objects.filter(speaker__in=[exact, longer, aliased])
        expected = {
            compare_url(*((claim.pk, other) if side == "a" else (other, claim.pk)))
            for claim in offered
        }
        for row in rows:
            assert row.url in expected
            assert f'href="{escape(row.url)}"' in response.content.decode()


# --- the values the rows show, made in Python as the template filters made them ----------


@pytest.mark.parametrize(
    "text",
    ["", "Short title", "x" * 60, "x" * 61, "Éte\u0301 e\u0301te\u0301 " * 7, "Cafe\u0301" * 15,
     "Малаев заявил, что " * 4],
)
def test_cut_titles_equal_the_truncatechars_filter(text):
    from claims.claim_rows import cut

    assert cut(text, 60) == truncatechars(text, 60)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Kyiv", "America/New_York"])
def test_remembered_local_dates_equal_the_date_filter_in_each_time_zone(zone):
    from datetime import UTC, datetime

    from claims.claim_rows import shown_date
    from claims.when import shown_time

    moment = datetime(2014, 8, 3, 22, 30, tzinfo=UTC)
    local = {"UTC": ("3 Aug 2014", "22:30"), "Europe/Kyiv": ("4 Aug 2014", "01:30"),
             "America/New_York": ("3 Aug 2014", "18:30")}[zone]
    with timezone.override(zone):
        assert shown_date(moment) == local[0]
        assert shown_time(moment).text == f"{local[0]}, {local[1]}"
        assert shown_time(moment).text == f"{local[0]}, {local[1]}"  # the remembered answer
    assert shown_date(date(2014, 8, 4)) == "4 Aug 2014" and shown_date(None) == ""
