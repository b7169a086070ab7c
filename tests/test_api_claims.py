"""The API's claims and documents: the list with the claim list's filters and cursor, a
claim, logging and correcting one (the claim form's rules, history as the token's user,
409 on a stale write with the stored claim), documents likewise; errors as problems."""

import json
from datetime import date

import pytest
from django.urls import reverse

from claims.models import Claim, Document, Question, Source

pytestmark = pytest.mark.django_db

JSON = "application/json"


def post(client, path, body, method="POST"):
    return client.generic(method, path, data=json.dumps(body), content_type=JSON)


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def is_problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status and body["title"] and body["detail"]
    return body


@pytest.fixture
def editor_api(api_as, editor):
    return api_as(editor)


# --- the list --------------------------------------------------------------------------


def test_the_list_gives_claims_newest_first_with_their_speakers(editor_api,
                                                                 seed_without_body):
    response = editor_api.get("/api/claims")
    newest = Claim.objects.order_by("-created_at", "-pk").first()
    first = response.json()["items"][0]
    assert first["id"] == newest.pk
    assert first["statement"] == newest.statement
    assert first["speaker"] == {
        "id": newest.speaker_id, "name": newest.speaker.name, "kind": newest.speaker.kind,
        "reliability": newest.speaker.reliability,
    }
    assert first["page_url"] == newest.get_absolute_url()
    assert response.json()["next_cursor"] is None  # eleven claims fit one page


FILTERS = [
    "status=open",
    "speaker_q=Malayev",
    "outlet_q=Interfax",
    "q=soldiers",
    "said_from=2014-08-04&said_to=2014-08-04",
    "question_q=How many",
    "speaker_q=Malayev&q=Monday",
]


@pytest.mark.parametrize("query", FILTERS)
def test_a_filter_lets_through_what_the_claim_list_page_does(client, editor, editor_api,
                                                              seed_without_body, query):
    client.force_login(editor)
    page = client.get(f"{reverse('claims:claim-list')}?{query}")
    shown = [row.pk for row in page.context["page"]]
    assert shown, "the filter matches some of the seed's claims"
    assert ids(editor_api.get(f"/api/claims?{query}")) == shown


def test_a_chosen_speaker_question_and_outlet_filter_by_id(editor_api, seed_without_body):
    malayev = Source.objects.get(name="Vasily Malayev")
    expected = list(Claim.objects.filter(speaker=malayev).order_by("-created_at", "-pk")
                    .values_list("pk", flat=True))
    assert ids(editor_api.get(f"/api/claims?speaker={malayev.pk}")) == expected
    question = Question.objects.get(claims=seed_without_body["438"])
    on_it = set(question.claims.values_list("pk", flat=True))
    assert set(ids(editor_api.get(f"/api/claims?question={question.pk}"))) == on_it


def test_a_filter_that_cannot_be_read_is_refused_beside_its_field(editor_api,
                                                                  seed_without_body):
    body = is_problem(editor_api.get("/api/claims?speaker=987654"), 422)
    assert [error["field"] for error in body["errors"]] == ["speaker"]
    body = is_problem(editor_api.get("/api/claims?status=maybe"), 422)
    assert [error["field"] for error in body["errors"]] == ["status"]
    body = is_problem(editor_api.get("/api/claims?said_from=yesterday"), 422)
    assert [error["field"] for error in body["errors"]] == ["said_from"]


def test_the_cursor_walks_every_claim_once_even_where_times_tie(editor_api,
                                                                seed_without_body):
    claim = seed_without_body["438"]
    Claim.objects.bulk_create(
        Claim(document=claim.document, speaker=claim.speaker, statement=f"Count {n}")
        for n in range(40)
    )
    # A third of the claims share one creation time: the id breaks the tie.
    tied = list(Claim.objects.order_by("pk").values_list("pk", flat=True)[10:30])
    Claim.objects.filter(pk__in=tied).update(created_at=claim.created_at)
    expected = list(Claim.objects.order_by("-created_at", "-pk").values_list("pk", flat=True))
    walked, cursor, pages = [], "", 0
    while True:
        response = editor_api.get(f"/api/claims?limit=7&after={cursor}")
        walked += ids(response)
        pages += 1
        cursor = response.json()["next_cursor"]
        if cursor is None:
            break
    assert walked == expected
    assert pages == -(-len(expected) // 7)


def test_a_filtered_list_pages_by_the_same_cursor(editor_api, seed_without_body):
    first = editor_api.get("/api/claims?speaker_q=Malayev&limit=1").json()
    second = editor_api.get(f"/api/claims?speaker_q=Malayev&limit=1&after={first['next_cursor']}")
    malayev = list(Claim.objects.filter(speaker__name="Vasily Malayev")
                   .order_by("-created_at", "-pk").values_list("pk", flat=True))
    assert [first["items"][0]["id"], *ids(second)] == malayev


# --- a claim --------------------------------------------------------------------------


def test_a_claim_reads_with_its_relays_questions_and_readings(editor_api, seed_without_body):
    claim = seed_without_body["438"]
    body = editor_api.get(f"/api/claims/{claim.pk}").json()
    assert body["statement"] == claim.statement and body["version"] == claim.version
    assert [relay["name"] for relay in body["relays"]] == [
        source.name for source in claim.attribution_chain()[1:]
    ]
    assert body["questions"] == sorted(claim.questions.values_list("pk", flat=True))
    assert body["said_start"] == "2014-08-04" and body["said_precision"] == "day"
    assert float(body["quantity_low"]) == 438 and float(body["quantity_high"]) == 438


def test_a_missing_claim_is_a_404_problem(editor_api, seed_without_body):
    is_problem(editor_api.get("/api/claims/987654"), 404)
    is_problem(editor_api.get(f"/api/claims/{2**63}"), 422)


# --- logging and correcting ---------------------------------------------------------------


@pytest.fixture
def article(db, editor):
    publisher = Source.objects.create(name="Desk Wire", kind=Source.Kind.OUTLET)
    return Document.objects.create(
        title="Convoy at the border", publisher=publisher, language="en",
        published_at="2014-08-15T09:00:00+00:00", created_by=editor,
        body="Officials said on Friday that about 280 trucks waited at the border.",
    )


def test_a_claim_is_logged_as_the_form_reads_it_and_history_names_the_editor(
    editor_api, editor, article
):
    speaker = Source.objects.create(name="A border official", kind=Source.Kind.PERSON)
    response = post(editor_api, "/api/claims", {
        "document": article.pk, "statement": "About 280 trucks waited at the border.",
        "quote": "about 280 trucks waited at the border", "speaker": speaker.pk,
        "said_phrase": "on Friday", "quantity_phrase": "about 280 trucks",
    })
    assert response.status_code == 201, response.content
    claim = Claim.objects.get(pk=response.json()["id"])
    assert claim.said_start == date(2014, 8, 15)
    assert claim.quote_start == article.body.index("about 280")
    assert claim.quantity_unit == "trucks"
    assert claim.created_by == editor
    assert claim.history.get().history_user == editor


def test_a_quote_not_in_the_article_is_refused_beside_it(editor_api, article):
    speaker = Source.objects.create(name="A border official", kind=Source.Kind.PERSON)
    body = is_problem(post(editor_api, "/api/claims", {
        "document": article.pk, "statement": "Trucks waited.", "quote": "no such words",
        "speaker": speaker.pk,
    }), 422)
    assert [error["field"] for error in body["errors"]] == ["quote"]
    assert not Claim.objects.exists()


def test_a_body_missing_its_fields_is_refused_with_each_field(editor_api, article):
    body = is_problem(post(editor_api, "/api/claims", {"statement": "Trucks."}), 422)
    assert {error["field"] for error in body["errors"]} == {"document", "speaker"}


def test_a_correction_names_its_version_and_a_stale_one_answers_409_with_the_stored_claim(
    api_as, reviewer, editor_api, editor, seed_without_body
):
    claim = seed_without_body["438"]
    reviewer_api = api_as(reviewer)
    first = post(reviewer_api, f"/api/claims/{claim.pk}",
                 {"version": claim.version, "statement": "438 soldiers reached Russia."},
                 method="PATCH")
    assert first.status_code == 200, first.content
    assert first.json()["version"] == claim.version + 1
    assert first.json()["said_start"] == "2014-08-04"  # what was not given stays
    stale = post(reviewer_api, f"/api/claims/{claim.pk}",
                 {"version": claim.version, "statement": "Lost?"}, method="PATCH")
    body = is_problem(stale, 409)
    claim.refresh_from_db()
    assert claim.statement == "438 soldiers reached Russia."
    assert body["stored"]["statement"] == claim.statement
    assert body["stored"]["version"] == claim.version
    assert claim.history.first().history_user == reviewer


def test_an_editor_corrects_their_own_claim_only(api_as, editor, editor_api, article,
                                                 seed_without_body):
    theirs = seed_without_body["438"]
    is_problem(post(editor_api, f"/api/claims/{theirs.pk}",
                    {"version": theirs.version, "statement": "Mine now"}, method="PATCH"), 403)
    speaker = Source.objects.create(name="A border official", kind=Source.Kind.PERSON)
    own = post(editor_api, "/api/claims", {
        "document": article.pk, "statement": "Trucks waited.", "speaker": speaker.pk,
    }).json()
    response = post(editor_api, f"/api/claims/{own['id']}",
                    {"version": own["version"], "said_phrase": "on Friday"}, method="PATCH")
    assert response.status_code == 200
    assert response.json()["said_start"] == "2014-08-15"


# --- documents ---------------------------------------------------------------------------


def test_documents_list_and_read_with_their_body(editor_api, article, seed_without_body):
    listed = editor_api.get("/api/documents?q=convoy").json()["items"]
    assert [item["id"] for item in listed] == [article.pk]
    assert listed[0]["publisher"]["name"] == "Desk Wire"
    body = editor_api.get(f"/api/documents/{article.pk}").json()
    assert body["body"] == article.body and body["created_by"] == "edna"


def test_a_document_is_added_once_per_url(editor_api, editor, seed_without_body):
    document = {"title": "A wire report", "published_at": "2014-08-05T09:00:00Z",
                "url": "https://example.org/wire/1", "body": "Сорок грузовиков ждали."}
    response = post(editor_api, "/api/documents", document)
    assert response.status_code == 201, response.content
    assert response.json()["language"] == "ru"  # detected from the body, as the form does
    assert Document.objects.get(url=document["url"]).created_by == editor
    again = is_problem(post(editor_api, "/api/documents", document), 422)
    assert [error["field"] for error in again["errors"]] == ["url"]


def test_a_document_edit_made_on_an_old_copy_answers_409_with_the_stored_one(
    editor_api, article
):
    read = editor_api.get(f"/api/documents/{article.pk}").json()
    saved = post(editor_api, f"/api/documents/{article.pk}",
                 {"updated_at": read["updated_at"], "title": "Convoy waits"}, method="PATCH")
    assert saved.status_code == 200, saved.content
    assert saved.json()["body"] == article.body  # what was not given stays
    stale = post(editor_api, f"/api/documents/{article.pk}",
                 {"updated_at": read["updated_at"], "title": "Lost?"}, method="PATCH")
    body = is_problem(stale, 409)
    assert body["stored"]["title"] == "Convoy waits"
    assert body["stored"]["updated_at"] == saved.json()["updated_at"]
