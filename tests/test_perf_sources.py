"""The sources' pages at scale: the name search, the list's total, the links table, and
the merge page's bounded suggestions."""

import pytest
from django.db import connection
from django.template import Context, Template, engines
from django.urls import reverse

from claims import source_rows
from claims.badges import source_badge
from claims.models import Claim, ClaimLink, Document, Source, SourceAlias
from claims.search import named

pytestmark = pytest.mark.django_db

LIST = reverse("claims:source-list")
HOSTILE = '<script>alert("x")</script>'


def as_jinja2_escapes(html: str) -> str:
    """Django's escaping of quotes as Jinja2's (markupsafe) writes them: the same text."""
    return html.replace("&quot;", "&#34;").replace("&#x27;", "&#39;")


def names(response) -> list[str]:
    return [source.name for source in response.context["listing"].page.object_list]


def merge_url(source: Source) -> str:
    return reverse("claims:source-merge", args=[source.pk])


# --- search.named --------------------------------------------------------------------


def test_named_finds_by_name_or_alias_each_source_once(db):
    interfax = Source.objects.create(name="Interfax", kind="outlet")
    SourceAlias.objects.create(source=interfax, name="Interfax-Ukraine")  # both match
    tass = Source.objects.create(name="TASS", kind="outlet")
    SourceAlias.objects.create(source=tass, name="Russian news agency Interfax rival")
    Source.objects.create(name="Reuters", kind="outlet")
    found = named(Source.objects.all(), "INTERFAX")
    assert sorted(found.values_list("name", flat=True)) == ["Interfax", "TASS"]


def test_named_can_be_filtered_and_counted_further(db):
    Source.objects.create(name="Ivanov", kind="person")
    Source.objects.create(name="Ivanovo Radio", kind="outlet")
    SourceAlias.objects.create(
        source=Source.objects.create(name="Channel 5", kind="outlet"), name="Ivanov's channel"
    )
    found = named(Source.objects.all(), "ivanov")
    assert found.count() == 3
    assert sorted(found.filter(kind="outlet").values_list("name", flat=True)) == [
        "Channel 5", "Ivanovo Radio",
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the plan is PostgreSQL's")
def test_on_postgresql_named_is_one_test_the_indexes_can_answer(db):
    sql = str(named(Source.objects.all(), "ivanov").query)
    # The aliases as an array beside the name (a BitmapOr), never a UNION or an IN.
    assert "= ANY(ARRAY(SELECT" in sql and "UNION" not in sql


# --- The source list ------------------------------------------------------------------


def make_people(count: int, word: str = "Person") -> None:
    Source.objects.bulk_create(
        Source(name=f"{word} {i:03}", kind="person") for i in range(count)
    )


def test_a_search_pages_and_counts_in_its_one_query(client, editor, django_assert_num_queries):
    make_people(30)
    make_people(5, word="Other")
    client.force_login(editor)
    client.get(LIST)
    # session, user, groups and permissions, the page's rows (each carries the total)
    with django_assert_num_queries(4):
        second = client.get(LIST, {"q": "person", "page": "2"})
    assert names(second) == [f"Person {i:03}" for i in range(25, 30)]
    page = second.context["listing"].page
    assert page.paginator.count == 30
    assert page.has_previous() and not page.has_next()
    assert "30 sources matching" in second.content.decode()


@pytest.mark.parametrize("number, shown", [("9", 2), ("0", 2), ("-1", 2), ("abc", 1)])
def test_a_search_page_out_of_range_is_corrected_as_before(client, editor, number, shown):
    make_people(30)
    client.force_login(editor)
    response = client.get(LIST, {"q": "person", "page": number})
    assert response.context["listing"].page.number == shown
    assert response.context["listing"].page.paginator.count == 30


def test_a_search_with_no_match_says_so(client, editor, db):
    make_people(3)
    client.force_login(editor)
    response = client.get(LIST, {"q": "nobody"})
    assert names(response) == []
    assert "0 sources matching" in response.content.decode()


def test_a_search_over_the_cap_lists_the_first_by_the_chosen_order(
    client, editor, monkeypatch
):
    monkeypatch.setattr(source_rows, "SEARCH_CAP", 50)
    make_people(60)
    client.force_login(editor)
    first = client.get(LIST, {"q": "person"})
    assert names(first) == [f"Person {i:03}" for i in range(25)]
    html = first.content.decode()
    assert "50 sources matching" in html and "More than 50 match" in html
    last = client.get(LIST, {"q": "person", "page": "2"})
    assert names(last) == [f"Person {i:03}" for i in range(25, 50)]
    assert not last.context["listing"].page.has_next()
    beyond = client.get(LIST, {"q": "person", "page": "3"})  # the cap's last page
    assert beyond.context["listing"].page.number == 2
    backwards = client.get(LIST, {"q": "person", "sort": "-name"})
    assert names(backwards)[0] == "Person 059"


def test_a_search_sorts_as_the_list_does(client, editor, db):
    for name in ("b person", "A person", "C person"):
        Source.objects.create(name=name, kind="person")
    client.force_login(editor)
    assert names(client.get(LIST, {"q": "PERSON"})) == ["A person", "b person", "C person"]
    assert names(client.get(LIST, {"q": "PERSON", "sort": "-name"})) == [
        "C person", "b person", "A person",
    ]


def test_rows_show_the_affiliation_escaped_in_the_list_and_a_search(client, editor, db):
    body = Source.objects.create(name=f"{HOSTILE} Ministry", kind="organization")
    Source.objects.create(name="Press officer", kind="person", affiliation=body)
    client.force_login(editor)
    escaped = '<small class="muted">of &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; Ministry'
    for response in (client.get(LIST), client.get(LIST, {"q": "officer"})):
        html = response.content.decode()
        assert escaped in html
        assert HOSTILE not in html
    plain = client.get(LIST, {"q": "ministry"}).content.decode()
    assert "Press officer" not in plain and "Ministry</a></td>" in plain  # no "of" line


# What a row of templates/claims/source_list.html showed, written as a template.
SOURCE_ROW_TEMPLATE = """{% for source in sources %}<tr>
        <td><a href="{% url 'claims:source-detail' source.pk %}">{{ source.name }}</a>{% if source.affiliation %}<br><small class="muted">of {{ source.affiliation.name }}</small>{% endif %}</td>
        <td>{{ source.get_kind_display }}</td>
        <td><abbr class="grade grade-{{ source.reliability }}" title="{{ source.get_reliability_display }}">{{ source.reliability }}</abbr></td>
        <td class="track"><strong>{{ source.track_record.percent }}%</strong> <small class="muted">{{ source.track_record.explanation }}</small></td>
        <td class="count">{{ source.spoken_count }}</td>
        <td class="count">{{ source.relayed_count }}</td>
      </tr>{% endfor %}"""  # noqa: E501


def test_list_rows_are_what_the_template_made(client, editor, seed_without_body):
    body = Source.objects.create(name=f"{HOSTILE} Ministry", kind="organization")
    Source.objects.create(name="Press & officer", kind="person", affiliation=body)
    client.force_login(editor)
    for params in ({}, {"q": "o"}, {"sort": "-grade"}):
        response = client.get(LIST, params)
        page = response.context["listing"].page.object_list
        sources = Source.objects.in_bulk([source.pk for source in page])
        for source in page:  # the counts, as the view annotated them
            sources[source.pk].spoken_count = source.spoken_count
            sources[source.pk].relayed_count = source.relayed_count
        expected = Template(SOURCE_ROW_TEMPLATE).render(
            Context({"sources": [sources[source.pk] for source in page]})
        )
        rows = [row + "</tr>" for row in as_jinja2_escapes(expected).split("</tr>")[:-1]]
        html = response.content.decode()
        assert len(rows) == len(page) > 5
        assert all(row in html for row in rows)


def test_the_list_counts_exactly_while_the_table_is_small(client, editor, db):
    make_people(14)
    client.force_login(editor)
    response = client.get(LIST)
    assert response.context["listing"].page.paginator.count == 14
    html = response.content.decode()
    assert "14 sources." in html and "estimate" not in html


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's")
def test_a_large_list_shows_postgresqls_estimate(client, editor, monkeypatch):
    monkeypatch.setattr(source_rows, "EXACT_BELOW", 20)
    make_people(60)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE claims_source")
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'claims_source'")
        estimate = int(cursor.fetchone()[0])
    client.force_login(editor)
    response = client.get(LIST)
    html = response.content.decode()
    assert f"About {estimate} sources (PostgreSQL’s estimate)" in html
    assert response.context["listing"].page.paginator.count == estimate
    assert "of about" in html  # the number of pages is an estimate too


# --- A source's links -------------------------------------------------------------------

# A link row drawn from ClaimLink instances with the badge macro: what the page must show
# from its named rows.
LINK_ROW_TEMPLATE = """{% from "claims/macros.html" import badge %}{% for link in links %}<tr>
        <td>{{ link.first.statement }} <small>({{ badge(source_badge(link.first.speaker)) }})</small></td>
        <td>{{ link.get_kind_display()|lower }}{% if link.nature %} ({{ link.get_nature_display()|lower }}){% endif %}</td>
        <td>{{ link.second.statement }} <small>({{ badge(source_badge(link.second.speaker)) }})</small></td>
        <td>{{ link.get_status_display() }}{% if link.outcome %}: {{ link.get_outcome_display()|lower }}{% endif %}</td>
      </tr>{% endfor %}"""  # noqa: E501


def test_link_rows_are_what_the_template_made_and_escape_hostile_text(client, editor, db):
    speaker = Source.objects.create(name=f"{HOSTILE} speaker", kind="person")
    other = Source.objects.create(name="Other & sons", kind="organization")
    document = Document.objects.create(title="Wire", published_at="2024-05-01T09:00Z")
    mine = [
        Claim.objects.create(document=document, statement=f"{HOSTILE} {i}", speaker=speaker)
        for i in range(3)
    ]
    theirs = Claim.objects.create(document=document, statement="Theirs <b>", speaker=other)
    ClaimLink.objects.create(
        first=mine[0], second=theirs, kind="contradicts", nature="numeric",
        status="resolved", outcome="first_upheld",
    )
    ClaimLink.objects.create(first=theirs, second=mine[1], kind="supports")
    ClaimLink.objects.create(first=mine[1], second=mine[2], kind="contradicts", nature="causal")
    client.force_login(editor)
    response = client.get(speaker.get_absolute_url())
    html = response.content.decode()
    links = ClaimLink.objects.select_related("first__speaker", "second__speaker").order_by(
        "-created_at", "-pk"
    )
    expected = engines["jinja2"].env.from_string(LINK_ROW_TEMPLATE).render(
        {"links": links, "source_badge": source_badge}
    )
    rows = [row + "</tr>" for row in as_jinja2_escapes(expected).split("</tr>")[:-1]]
    assert len(rows) == 3 and all(row in html for row in rows)
    assert HOSTILE not in html and "Theirs &lt;b&gt;" in html
    assert "contradicts (numeric)" in html and "Resolved: first upheld" in html


# --- Merging: a bounded choice of names --------------------------------------------------


@pytest.fixture
def duplicate(db) -> Source:
    Source.objects.create(name="Interfax", kind="outlet")
    Source.objects.create(name="Interfax correspondent", kind="person")
    Source.objects.bulk_create(
        Source(name=f"Agency {i:03}", kind="outlet") for i in range(60)
    )
    return Source.objects.create(name="Interfax news agency", kind="outlet")


def options(html: str) -> list[str]:
    datalist = html.split('<datalist id="source-names">', 1)[1].split("</datalist>", 1)[0]
    return [part.split('"', 1)[0] for part in datalist.split('<option value="')[1:]]


def test_the_merge_page_suggests_names_like_the_duplicates_not_every_name(
    client, admin_user, duplicate
):
    client.force_login(admin_user)
    html = client.get(merge_url(duplicate)).content.decode()
    assert options(html) == ["Interfax", "Interfax correspondent"]  # never itself
    assert 'name="q" value="Interfax"' in html
    assert '<form class="merge-search" method="get"' in html  # works without JavaScript


def test_the_merge_page_searches_and_caps_the_names(client, admin_user, duplicate, monkeypatch):
    monkeypatch.setattr(source_rows, "MERGE_CHOICES", 10)
    client.force_login(admin_user)
    html = client.get(merge_url(duplicate), {"q": "agency"}).content.decode()
    assert options(html) == [f"Agency {i:03}" for i in range(10)]
    assert "the first 10; type more of the name" in html
    one = client.get(merge_url(duplicate), {"q": "agency 05"}).content.decode()
    assert options(one) == [f"Agency {i:03}" for i in range(50, 60)]
    assert "type more of the name" not in one
    none = client.get(merge_url(duplicate), {"q": "Tass"}).content.decode()
    assert options(none) == [] and "No other source is named like “Tass”." in none


def test_the_names_follow_what_is_typed_for_the_survivor(client, admin_user, duplicate):
    client.force_login(admin_user)
    response = client.get(
        merge_url(duplicate), {"survivor": "correspondent"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="merge-names"') and "<html" not in html
    assert options(html) == ["Interfax correspondent"]
    refused = client.post(merge_url(duplicate), {"survivor": "agency 001"})  # unconfirmed
    assert options(refused.content.decode()) == ["Agency 001"]


def test_a_hostile_search_on_the_merge_page_is_escaped(client, admin_user, duplicate):
    Source.objects.create(name=f"{HOSTILE} agency", kind="outlet")
    client.force_login(admin_user)
    html = client.get(merge_url(duplicate), {"q": HOSTILE}).content.decode()
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; agency" in html


@pytest.mark.parametrize("count", [5, 100])
def test_the_merge_page_costs_the_same_for_5_or_100_sources(
    client, admin_user, django_assert_num_queries, count
):
    Source.objects.bulk_create(Source(name=f"Agency {i:03}", kind="outlet") for i in range(count))
    duplicate = Source.objects.create(name="Agency twin", kind="outlet")
    client.force_login(admin_user)
    client.get(merge_url(duplicate))
    # session, user, groups and permissions, the duplicate, the names
    with django_assert_num_queries(5):
        response = client.get(merge_url(duplicate))
    assert len(options(response.content.decode())) == min(count, source_rows.MERGE_CHOICES)
