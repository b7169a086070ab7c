"""The API's links, questions and sources: linking (one link a pair), resolving and
reopening (the claims' statuses follow, 409 on a stale version), grading a source; each
write in history as the token's user."""

import json

import pytest

from claims.models import Claim, ClaimLink, GradeChange, Question, Source

pytestmark = pytest.mark.django_db


def post(client, path, body):
    return client.post(path, data=json.dumps(body), content_type="application/json")


def problem(response, status: int) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


@pytest.fixture
def apis(api_as, editor, reviewer, admin_user):
    return {"editor": api_as(editor), "reviewer": api_as(reviewer), "admin": api_as(admin_user)}


def test_an_editor_links_two_claims_once_and_history_names_them(apis, editor,
                                                                seed_without_body):
    drills, casualties = seed_without_body["drills"], seed_without_body["casualties"]
    made = post(apis["editor"], "/api/links",
                {"first": drills.pk, "second": casualties.pk, "kind": "contradicts",
                 "nature": "temporal", "note": "Which week?"})
    assert made.status_code == 201, made.content
    link = ClaimLink.objects.get(pk=made.json()["id"])
    assert (link.proposed_by, link.nature) == (editor, "temporal")
    assert link.history.get().history_user == editor
    # A contradiction disputes both claims, and their history says who did it.
    drills.refresh_from_db()
    assert drills.status == Claim.Status.DISPUTED
    assert drills.history.first().history_user == editor
    again = problem(post(apis["editor"], "/api/links",
                         {"first": casualties.pk, "second": drills.pk, "kind": "supports"}), 409)
    assert again["stored"]["id"] == link.pk
    assert again["type"].endswith("/duplicate")


def test_a_link_the_desk_refuses_says_why(apis, seed_without_body):
    drills = seed_without_body["drills"]
    refused = problem(post(apis["editor"], "/api/links",
                           {"first": drills.pk, "second": drills.pk, "kind": "supports"}), 422)
    assert "itself" in refused["errors"][0]["message"]
    casualties = seed_without_body["casualties"]
    refused = problem(post(apis["editor"], "/api/links",
                           {"first": drills.pk, "second": casualties.pk,
                            "kind": "contradicts"}), 422)
    assert [error["field"] for error in refused["errors"]] == ["nature"]
    assert not ClaimLink.objects.filter(first=drills, second=casualties).exists()


def test_a_reviewer_resolves_and_reopens_and_a_stale_version_answers_409(
    apis, reviewer, seed_without_body
):
    first, second = seed_without_body["438"], seed_without_body["too-early"]
    link = ClaimLink.between(first, second)
    resolved = post(apis["reviewer"], f"/api/links/{link.pk}/resolve",
                    {"outcome": "second_upheld", "rationale": "Nobody could count yet.",
                     "version": link.version})
    assert resolved.status_code == 200, resolved.content
    assert resolved.json()["status"] == "resolved"
    assert resolved.json()["resolved_by"] == "rex"
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (Claim.Status.REFUTED, Claim.Status.UPHELD)
    assert ClaimLink.objects.get(pk=link.pk).history.first().history_user == reviewer
    assert first.history.first().history_user == reviewer
    stale = problem(post(apis["reviewer"], f"/api/links/{link.pk}/resolve",
                         {"outcome": "first_upheld", "rationale": "No.",
                          "version": link.version}), 409)
    assert stale["stored"]["outcome"] == "second_upheld"
    assert stale["stored"]["version"] == link.version + 1
    reopened = post(apis["reviewer"], f"/api/links/{link.pk}/reopen",
                    {"version": link.version + 1})
    assert reopened.status_code == 200 and reopened.json()["status"] == "open"
    assert reopened.json()["outcome"] is None
    problem(post(apis["reviewer"], f"/api/links/{link.pk}/reopen",
                 {"version": link.version + 1}), 409)


def test_links_are_listed_by_kind_status_and_claim(apis, seed_without_body):
    claim = seed_without_body["438"]
    listed = apis["editor"].get(f"/api/links?claim={claim.pk}&kind=contradicts").json()
    expected = ClaimLink.objects.of_claim(claim.pk).filter(kind="contradicts")
    assert sorted(item["id"] for item in listed["items"]) == sorted(
        expected.values_list("pk", flat=True)
    )
    assert all(claim.pk in (item["first"], item["second"]) for item in listed["items"])
    assert apis["editor"].get("/api/links?status=resolved").json()["items"] == []


def test_questions_list_with_their_claim_counts(apis, seed_without_body):
    listed = apis["editor"].get("/api/questions").json()["items"]
    counts = {item["id"]: item["claim_count"] for item in listed}
    assert counts == {q.pk: q.claims.count() for q in Question.objects.all()}
    question = Question.objects.first()
    assert apis["editor"].get(f"/api/questions/{question.pk}").json()["text"] == question.text
    found = apis["editor"].get("/api/questions?q=how many").json()["items"]
    assert [item["id"] for item in found] == list(
        Question.objects.filter(text__icontains="how many").values_list("pk", flat=True)
    )


def test_sources_list_by_name_and_kind(apis, seed_without_body):
    found = apis["editor"].get("/api/sources?q=interfax").json()["items"]
    assert [item["name"] for item in found] == ["Interfax"]
    outlets = apis["editor"].get("/api/sources?kind=outlet&limit=100").json()["items"]
    assert {item["name"] for item in outlets} == set(
        Source.objects.filter(kind="outlet").values_list("name", flat=True)
    )


def test_an_admin_grades_a_source_with_its_reason_in_the_grade_history(
    apis, admin_user, seed_without_body
):
    source = Source.objects.get(name="Interfax")
    new = "D" if source.reliability != "D" else "C"
    graded = post(apis["admin"], f"/api/sources/{source.pk}/grade",
                  {"grade": new, "reason": "Two uncorrected errors."})
    assert graded.status_code == 200, graded.content
    assert graded.json()["reliability"] == new
    change = GradeChange.objects.filter(source=source).first()
    assert (change.to_grade, change.changed_by, change.reason) == (
        new, admin_user, "Two uncorrected errors."
    )
    assert source.history.first().history_user == admin_user
    same = problem(post(apis["admin"], f"/api/sources/{source.pk}/grade",
                        {"grade": new, "reason": "Again."}), 422)
    assert [error["field"] for error in same["errors"]] == ["grade"]
    problem(post(apis["reviewer"], f"/api/sources/{source.pk}/grade",
                 {"grade": "A", "reason": "Mine."}), 403)


def test_the_id_cursor_walks_every_source_once(apis, seed_without_body):
    Source.objects.bulk_create(
        Source(name=f"Stringer {n}", kind=Source.Kind.PERSON) for n in range(30)
    )
    walked, cursor = [], ""
    while cursor is not None:
        page = apis["editor"].get(f"/api/sources?limit=8&after={cursor}").json()
        walked += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert walked == list(Source.objects.order_by("-pk").values_list("pk", flat=True))
