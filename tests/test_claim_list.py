"""The claim list: live search, filters kept in the address, pagination."""

from datetime import date

import pytest
from django.db import connection
from django.urls import reverse

from claims.demo import SEED_URL
from claims.models import Claim, ClaimRelay, Document, Question, Source

pytestmark = pytest.mark.django_db

URL = reverse("claims:claim-list")


def statements(response):
    return {claim.statement for claim in response.context["page"].object_list}


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={URL}"


def test_a_user_without_a_role_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 403


def test_the_list_shows_every_claim_with_its_attribution_and_rating(
    client, editor, seed_without_body
):
    client.force_login(editor)
    response = client.get(URL)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    # A small desk is counted exactly; at scale the count is PostgreSQL's estimate.
    assert response.context["count"] == "11 claims, newest first"
    assert "11 claims, newest first" in html
    claim = seed_without_body["438"]
    assert f'href="{claim.get_absolute_url()}"' in html
    assert claim.rating in html
    assert "Interfax" in html


def test_searching_finds_the_438_claim_as_a_fragment(client, editor, seed_without_body):
    client.force_login(editor)
    response = client.get(URL, {"q": "438"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="claim-results"' in html
    assert statements(response) == {seed_without_body["438"].statement}


def test_the_same_address_loaded_directly_shows_the_same_list(client, editor, seed_without_body):
    client.force_login(editor)
    query = {"q": "soldiers", "status": "open"}
    fragment = client.get(URL, query, HTTP_HX_REQUEST="true")
    page = client.get(URL, query)
    assert statements(fragment) == statements(page)
    assert len(statements(page)) >= 3
    assert 'value="soldiers"' in page.content.decode()


def test_the_search_form_pushes_its_address(client, editor, seed_without_body):
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert 'hx-push-url="true"' in html
    assert 'hx-target="#claim-results"' in html


def test_searching_matches_the_speaker(client, editor, seed_without_body):
    client.force_login(editor)
    response = client.get(URL, {"q": "Dmitrashkovsky"})
    assert statements(response) == {seed_without_body["too-early"].statement}


def test_filtering_by_speaker(client, editor, seed_without_body):
    client.force_login(editor)
    malayev = Source.objects.get(name="Vasily Malayev")
    response = client.get(URL, {"speaker": malayev.pk})
    assert statements(response) == {
        seed_without_body["438"].statement, seed_without_body["180"].statement
    }


def test_filtering_by_outlet_covers_relays_and_publishers(client, editor, seed_without_body):
    client.force_login(editor)
    ria = Source.objects.get(name="RIA Novosti")
    assert statements(client.get(URL, {"outlet": ria.pk})) == {seed_without_body["180"].statement}
    moscow_times = Source.objects.get(name="The Moscow Times")
    other = Source.objects.create(name="Kyiv Post", kind="outlet")
    document = Document.objects.create(
        title="Elsewhere", publisher=other, published_at=Document.objects.get().published_at
    )
    Claim.objects.create(document=document, statement="Published only", speaker=ria)
    assert statements(client.get(URL, {"outlet": other.pk})) == {"Published only"}
    assert len(statements(client.get(URL, {"outlet": moscow_times.pk}))) == 11


def test_filtering_by_status_question_and_dates(client, editor, seed_without_body):
    Claim.objects.filter(pk=seed_without_body["denial"].pk).update(status="refuted")
    client.force_login(editor)
    assert statements(client.get(URL, {"status": "refuted"})) == {
        seed_without_body["denial"].statement
    }
    question = Question.objects.get(text__startswith="Why")
    assert len(statements(client.get(URL, {"question": question.pk}))) == 2
    said = client.get(URL, {"said_from": "2014-08-04", "said_to": "2014-08-04"})
    assert len(statements(said)) == 8
    assert statements(client.get(URL, {"said_from": "2014-08-05"})) == set()


def test_a_bad_filter_value_is_ignored_with_a_message(client, editor, seed_without_body):
    client.force_login(editor)
    response = client.get(URL, {"said_from": "not a date"})
    assert response.status_code == 200
    assert "Enter a valid date." in response.content.decode()


def test_the_list_paginates_and_keeps_the_filters_in_page_links(client, editor, seed_without_body):
    document = Document.objects.get(url=SEED_URL)
    speaker = Source.objects.get(name="Vasily Malayev")
    Claim.objects.bulk_create(
        Claim(document=document, statement=f"Tally {i} of zebras", speaker=speaker)
        for i in range(30)
    )
    client.force_login(editor)
    response = client.get(URL, {"q": "zebras"})
    assert len(response.context["page"].object_list) == 25
    # A filtered list pages by cursor ("Older" / "Newer") and shows no total.
    cursor = response.context["page"].next_cursor
    assert f"?q=zebras&amp;after={cursor}" in response.content.decode()
    assert "Matching claims, newest first" in response.content.decode()
    second = client.get(URL, {"q": "zebras", "after": cursor}, HTTP_HX_REQUEST="true")
    assert len(second.context["page"].object_list) == 5
    assert not second.context["page"].has_next
    back = second.context["page"].previous_cursor
    assert f"before={back}" in second.content.decode()
    first_again = client.get(URL, {"q": "zebras", "before": back})
    assert statements(first_again) == statements(response)
    assert not first_again.context["page"].has_previous


@pytest.mark.parametrize("rows", [5, 100])
def test_the_list_costs_the_same_queries_for_5_or_100_claims(
    client, editor, seed_without_body, rows, django_assert_num_queries
):
    document = Document.objects.get(url=SEED_URL)
    Claim.objects.all().delete()
    speaker = Source.objects.get(name="Vasily Malayev")
    relays = [Source.objects.get(name="Interfax"), Source.objects.get(name="The Moscow Times")]
    claims = Claim.objects.bulk_create(
        Claim(document=document, statement=f"Claim {i}", speaker=speaker, said_start=date.today())
        for i in range(rows)
    )
    ClaimRelay.objects.bulk_create(
        ClaimRelay(claim=c, source=s, position=n)
        for c in claims for n, s in enumerate(relays, start=1)
    )
    client.force_login(editor)
    client.get(URL)
    # session, user, groups and permissions (1), the count (PostgreSQL first reads its
    # estimate), page, relays with their sources; no filter choices any more
    with django_assert_num_queries(6 + (connection.vendor == "postgresql")):
        response = client.get(URL)
    assert len(response.context["page"].object_list) == min(rows, 25)


def test_filtering_by_a_typed_speaker_name_works_without_a_chosen_pk(
    client, editor, seed_without_body
):
    client.force_login(editor)
    response = client.get(URL, {"speaker_q": "malayev"})
    assert statements(response) == {
        seed_without_body["438"].statement, seed_without_body["180"].statement
    }
    assert 'value="malayev"' in response.content.decode()


def test_a_chosen_speaker_shows_its_name_and_typing_over_it_matches_the_text(
    client, editor, seed_without_body
):
    client.force_login(editor)
    malayev = Source.objects.get(name="Vasily Malayev")
    response = client.get(URL, {"speaker": malayev.pk})
    html = response.content.decode()
    assert 'value="Vasily Malayev"' in html
    assert f'name="speaker" value="{malayev.pk}"' in html
    typed_over = client.get(URL, {"speaker": malayev.pk, "speaker_q": "Interfax"})
    assert seed_without_body["438"].statement not in statements(typed_over)


def test_the_filters_render_no_list_of_every_source_or_question(client, editor, seed_without_body):
    client.force_login(editor)
    html = client.get(URL).content.decode()
    assert "<select" in html  # status only
    assert html.count("<option") == 1 + len(Claim.Status.choices)
    assert 'list="speaker-names"' in html


def test_typed_question_words_filter_by_every_question_holding_them(
    client, editor, seed_without_body
):
    client.force_login(editor)
    question = Question.objects.get(text__startswith="Why")
    by_text = client.get(URL, {"question_q": question.text[:12]})
    by_pk = client.get(URL, {"question": question.pk})
    assert statements(by_text) == statements(by_pk)
    assert len(statements(by_pk)) == 2
