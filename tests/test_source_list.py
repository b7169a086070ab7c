import pytest
from django.urls import reverse

from claims.models import Source, SourceAlias

pytestmark = pytest.mark.django_db

URL = reverse("claims:source-list")


def names(response) -> list[str]:
    return [source.name for source in response.context["listing"].page.object_list]


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + URL


def test_a_user_without_a_role_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 403


def test_an_editor_sees_every_source_with_grade_track_record_and_counts(
    client, editor, seed_without_body
):
    client.force_login(editor)
    response = client.get(URL)
    assert response.status_code == 200
    assert response.context["listing"].page.paginator.count == 14
    rows = {source.name: source for source in response.context["listing"].page.object_list}
    interfax = rows["Interfax"]
    assert interfax.reliability == "B"
    assert (interfax.spoken_count, interfax.relayed_count) == (0, 3)
    assert (rows["Vasily Malayev"].spoken_count, rows["Vasily Malayev"].relayed_count) == (2, 0)
    assert rows["The Moscow Times"].relayed_count == 11
    html = response.content.decode()
    assert "no resolved contradictions yet; starting belief from grade B" in html
    assert 'aria-current="page"' in html and ">Sources</a>" in html


def test_it_searches_by_name(client, editor, seed_without_body):
    client.force_login(editor)
    assert names(client.get(URL, {"q": "inter"})) == ["Interfax"]
    assert names(client.get(URL, {"q": "nobody at all"})) == []


def test_it_searches_by_alias_and_finds_the_source(client, editor, seed_without_body):
    SourceAlias.objects.create(source=Source.objects.get(name="Interfax"), name="Interfaks")
    SourceAlias.objects.create(source=Source.objects.get(name="Interfax"), name="Interfaks news")
    client.force_login(editor)
    assert names(client.get(URL, {"q": "interfaks"})) == ["Interfax"]


@pytest.mark.parametrize(
    "sort, first",
    [
        ("name", "FSB Border Service"),
        ("-name", "Vasily Malayev"),
        ("-spoken", "Ukrainian military"),
        ("-relayed", "The Moscow Times"),
        ("grade", "Interfax"),
        ("-grade", "Unnamed FSB border security official"),
        ("-track", "Interfax"),
        ("track", "Unnamed FSB border security official"),
    ],
)
def test_it_sorts_by_each_column(client, editor, seed_without_body, sort, first):
    client.force_login(editor)
    response = client.get(URL, {"sort": sort})
    assert names(response)[0] == first


def test_the_track_record_sort_follows_the_record_not_only_the_grade(
    client, editor, seed_without_body
):
    Source.objects.filter(name="RIA Novosti").update(track_upheld=10, track_resolved=10)
    client.force_login(editor)
    assert names(client.get(URL, {"sort": "-track"}))[0] == "RIA Novosti"


def test_an_unknown_sort_falls_back_to_name(client, editor, seed_without_body):
    client.force_login(editor)
    assert names(client.get(URL, {"sort": "password"}))[0] == "FSB Border Service"


def test_column_links_keep_the_search_and_toggle_the_direction(client, editor, seed_without_body):
    client.force_login(editor)
    html = client.get(URL, {"q": "o", "sort": "name"}).content.decode()
    assert 'href="?q=o&amp;sort=-name"' in html
    assert 'aria-sort="ascending"' in html


def test_it_paginates(client, editor, db):
    Source.objects.bulk_create(Source(name=f"Source {i:03}", kind="outlet") for i in range(60))
    client.force_login(editor)
    first = client.get(URL)
    assert len(names(first)) == 25
    third = client.get(URL, {"page": 3})
    assert names(third) == [f"Source {i:03}" for i in range(50, 60)]
    assert 'rel="prev"' in third.content.decode()


def test_an_htmx_search_returns_only_the_results(client, editor, seed_without_body):
    client.force_login(editor)
    response = client.get(URL, {"q": "novosti"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<section id="source-results"')
    assert "RIA Novosti" in html and "<html" not in html and "Interfax" not in html


def make_sources(count: int) -> None:
    parent = Source.objects.create(name="Parent body", kind="organization")
    Source.objects.bulk_create(
        Source(name=f"Person {i:03}", kind="person", affiliation=parent) for i in range(count)
    )


@pytest.mark.parametrize("count", [5, 100])
def test_a_page_takes_the_same_queries_for_5_or_100_sources(
    client, editor, django_assert_num_queries, count
):
    make_sources(count)
    client.force_login(editor)
    client.get(URL)  # warm the session and permission caches
    # session, user, groups and permissions (one query, accounts.backends), the rows (each
    # carries the total)
    with django_assert_num_queries(4):
        response = client.get(URL, {"sort": "-track"})
    assert len(names(response)) == min(count + 1, 25)


@pytest.mark.parametrize("count", [5, 100])
def test_a_search_takes_the_same_queries_for_5_or_100_matches(
    client, editor, django_assert_num_queries, count
):
    make_sources(count)
    client.force_login(editor)
    client.get(URL)
    # session, user, groups and permissions, the rows (each row carries the total)
    with django_assert_num_queries(4):
        response = client.get(URL, {"q": "person"}, HTTP_HX_REQUEST="true")
    assert len(response.context["listing"].page.object_list) == min(count, 25)
    assert f"{count} sources matching" in response.content.decode()
