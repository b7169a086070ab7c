"""The Django admin keeps the desk's rules: only admins use it, and for them it keeps the
rules of the desk's pages (grades with their history, owners, resolutions, stale edits)."""

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimLink, Document, GradeChange, Question, Source
from claims.services import link_create

pytestmark = pytest.mark.django_db


def change_url(obj) -> str:
    return reverse(f"admin:claims_{obj._meta.model_name}_change", args=[obj.pk])


def claim_post(claim: Claim, **changes) -> dict:
    data = {
        "document": claim.document_id,
        "statement": claim.statement,
        "quote": claim.quote,
        "speaker": claim.speaker_id,
        "certainty": claim.certainty,
        "status": claim.status,
        "credibility": claim.credibility or "",
        "quantity_low_inclusive": "on",
        "quantity_high_inclusive": "on",
        "expected_version": claim.version,
        "relay_links-TOTAL_FORMS": "0",
        "relay_links-INITIAL_FORMS": "0",
    }
    data.update(changes)
    return data


def test_an_editor_cannot_change_a_claim_someone_else_logged(client, editor, seed_without_body):
    client.force_login(editor)
    claim = seed_without_body["438"]
    response = client.post(change_url(claim), claim_post(claim, statement="Changed"))
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.statement != "Changed"


def test_an_editor_edits_even_their_own_claim_on_the_desk_not_in_the_admin(
    client, editor, seed_without_body
):
    claim = seed_without_body["438"]
    claim.created_by = editor
    claim.save()
    client.force_login(editor)
    response = client.post(
        change_url(claim), claim_post(claim, statement="Edited", credibility="1", status="upheld")
    )
    assert response.status_code == 403
    claim.refresh_from_db()
    assert (claim.statement, claim.credibility, claim.status) != ("Edited", 1, "upheld")
    assert claim.version == 1


def test_a_stale_admin_edit_is_refused(client, admin_user, seed_without_body):
    claim = seed_without_body["438"]
    client.force_login(admin_user)
    stale = claim_post(claim, statement="Mine")
    Claim.objects.filter(pk=claim.pk).update(statement="Theirs", version=claim.version + 1)
    response = client.post(change_url(claim), stale)
    assert response.status_code == 200
    assert "Someone saved this since you opened it" in response.content.decode()
    claim.refresh_from_db()
    assert claim.statement == "Theirs"


def test_a_contradiction_is_resolved_on_the_desk_not_in_the_admin(
    client, admin_user, seed_without_body
):
    link = ClaimLink.between(seed_without_body["438"], seed_without_body["too-early"])
    client.force_login(admin_user)
    response = client.post(
        change_url(link),
        {
            "first": link.first_id,
            "second": link.second_id,
            "kind": link.kind,
            "nature": link.nature,
            "note": link.note,
            "status": "resolved",
            "outcome": "first_upheld",
            "rationale": "bypass",
            "expected_version": link.version,
        },
    )
    assert response.status_code == 302
    link.refresh_from_db()
    assert (link.status, link.outcome, link.rationale) == ("open", "", "")


def link_post(first: Claim, second: Claim, **changes) -> dict:
    data = {"first": first.pk, "second": second.pk, "kind": "contradicts",
            "nature": "numeric", "note": ""}
    data.update(changes)
    return data


def statuses(*claims: Claim) -> list[str]:
    return [Claim.objects.get(pk=claim.pk).status for claim in claims]


def test_a_contradiction_added_in_the_admin_disputes_its_claims(
    client, admin_user, seed_without_body
):
    drills, casualties = seed_without_body["drills"], seed_without_body["casualties"]
    assert statuses(drills, casualties) == ["open", "open"]
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:claims_claimlink_add"), link_post(drills, casualties)
    )
    assert response.status_code == 302
    link = ClaimLink.between(drills, casualties)
    assert link.proposed_by == admin_user
    assert statuses(drills, casualties) == ["disputed", "disputed"]


def test_a_link_changed_in_the_admin_puts_the_statuses_right(
    client, admin_user, seed_without_body
):
    drills, casualties, supply = (
        seed_without_body[key] for key in ("drills", "casualties", "no-comment")
    )
    client.force_login(admin_user)
    client.post(reverse("admin:claims_claimlink_add"), link_post(drills, casualties))
    link = ClaimLink.between(drills, casualties)
    # Moved to another claim: the claim it left is no longer disputed.
    response = client.post(
        change_url(link), link_post(drills, supply, expected_version=link.version)
    )
    assert response.status_code == 302
    assert statuses(drills, casualties, supply) == ["disputed", "open", "disputed"]
    # Made a "supports": no contradiction is left on either claim.
    link.refresh_from_db()
    response = client.post(
        change_url(link),
        link_post(drills, supply, kind="supports", nature="", expected_version=link.version),
    )
    assert response.status_code == 302
    assert statuses(drills, supply) == ["open", "open"]


def test_a_contradiction_deleted_in_the_admin_frees_its_claims(
    client, admin_user, seed_without_body
):
    drills, casualties = seed_without_body["drills"], seed_without_body["casualties"]
    link = link_create(first=drills, second=casualties, kind="contradicts", nature="numeric")
    assert statuses(drills, casualties) == ["disputed", "disputed"]
    client.force_login(admin_user)
    delete = reverse("admin:claims_claimlink_delete", args=[link.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    assert ClaimLink.between(drills, casualties) is None
    assert statuses(drills, casualties) == ["open", "open"]


def test_contradictions_deleted_in_bulk_in_the_admin_free_their_claims(
    client, admin_user, seed_without_body
):
    drills, casualties, supply = (
        seed_without_body[key] for key in ("drills", "casualties", "no-comment")
    )
    ids = [
        link_create(first=a, second=b, kind="contradicts", nature="numeric").pk
        for a, b in ((drills, casualties), (casualties, supply))
    ]
    assert statuses(drills, casualties, supply) == ["disputed", "disputed", "disputed"]
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:claims_claimlink_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert response.status_code == 302
    assert not ClaimLink.objects.filter(pk__in=ids).exists()
    assert statuses(drills, casualties, supply) == ["open", "open", "open"]


# --- Issue 18: the admin bypassed the desk's rules --------------------------------------------


def document_post(document: Document, **changes) -> dict:
    data = {
        "url": document.url or "",
        "title": document.title,
        "publisher": document.publisher_id or "",
        "published_at_0": document.published_at.strftime("%Y-%m-%d"),
        "published_at_1": document.published_at.strftime("%H:%M:%S"),
        "language": document.language,
        "body": document.body,
    }
    data.update(changes)
    return data


def test_an_editor_cannot_take_over_someone_elses_document_in_the_admin(
    client, editor, reviewer, seed_without_body
):
    document = seed_without_body["438"].document
    Document.objects.filter(pk=document.pk).update(created_by=reviewer)
    client.force_login(editor)
    response = client.post(
        change_url(document), document_post(document, title="Mine now", created_by=editor.pk)
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert (document.title, document.created_by) != ("Mine now", editor)
    # ...so the desk's own edit page still refuses them.
    edit = reverse("claims:document-edit", args=[document.pk])
    assert client.get(edit).status_code == 403


def add_source_graded_a(client):
    """The admin's "add source" form, posted with a grade of A."""
    return client.post(
        reverse("admin:claims_source_add"),
        {"name": "Graded by hand", "kind": "outlet", "reliability": "A", "description": "",
         "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0",
         "grade_changes-TOTAL_FORMS": "0", "grade_changes-INITIAL_FORMS": "0"},
    )


@pytest.mark.parametrize("role_fixture", ["editor", "reviewer"])
def test_editors_and_reviewers_cannot_add_a_graded_source_in_the_admin(
    client, request, role_fixture
):
    client.force_login(request.getfixturevalue(role_fixture))
    assert add_source_graded_a(client).status_code == 403
    assert not Source.objects.filter(name="Graded by hand").exists()


def test_a_source_added_by_an_admin_in_the_admin_starts_ungraded(client, admin_user):
    client.force_login(admin_user)
    assert add_source_graded_a(client).status_code == 302
    source = Source.objects.get(name="Graded by hand")
    # The grade and its history agree: never graded, F until graded on the grading page.
    assert source.reliability == "F"
    assert not source.grade_changes.exists()


def test_the_grade_history_cannot_be_written_by_hand_in_the_admin(client, admin_user):
    source = Source.objects.create(name="Interfax", kind="outlet")
    source.set_reliability("B", reason="Two corrections in a year.", by=admin_user)
    change = source.grade_changes.get()
    client.force_login(admin_user)
    assert client.get(reverse("admin:claims_gradechange_add")).status_code == 403
    response = client.post(
        reverse("admin:claims_gradechange_change", args=[change.pk]),
        {"source": source.pk, "from_grade": "F", "to_grade": "A", "reason": "rewritten"},
    )
    assert response.status_code == 403
    delete = reverse("admin:claims_gradechange_delete", args=[change.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert list(GradeChange.objects.values_list("to_grade", "reason")) == [
        ("B", "Two corrections in a year.")
    ]
    # It can still be read.
    assert client.get(reverse("admin:claims_gradechange_changelist")).status_code == 200


def test_history_cannot_be_reverted_in_the_admin(client, admin_user):
    source = Source.objects.create(name="Interfax", kind="outlet")
    source.set_reliability("B", reason="Two corrections in a year.", by=admin_user)
    first = source.history.earliest("history_date")  # still graded F
    client.force_login(admin_user)
    url = reverse("admin:claims_source_simple_history", args=[source.pk, first.history_id])
    assert client.get(url).status_code == 200  # read, yes
    data = {"name": "Interfax", "kind": "outlet", "description": "",
            "aliases-TOTAL_FORMS": "0", "aliases-INITIAL_FORMS": "0"}
    assert client.post(url, data).status_code == 403  # saved back, no
    source.refresh_from_db()
    assert source.reliability == "B"


def test_an_admin_never_sets_who_added_a_document_or_a_question(client, admin_user, editor):
    client.force_login(admin_user)
    published = datetime(2014, 8, 4, 10, tzinfo=UTC)
    response = client.post(
        reverse("admin:claims_document_add"),
        document_post(
            Document(title="Added in the admin", published_at=published, language="en"),
            created_by=editor.pk,
        ),
    )
    assert response.status_code == 302
    document = Document.objects.get(title="Added in the admin")
    assert document.created_by == admin_user
    response = client.post(
        change_url(document), document_post(document, title="Renamed", created_by=editor.pk)
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert (document.title, document.created_by) == ("Renamed", admin_user)

    response = client.post(
        reverse("admin:claims_question_add"),
        {"text": "Who fired?", "description": "", "best_answer": "", "created_by": editor.pk},
    )
    assert response.status_code == 302
    assert Question.objects.get(text="Who fired?").created_by == admin_user


def test_a_body_edited_in_the_admin_moves_the_quote_anchors(client, admin_user, seed):
    claim = seed["438"]
    document = claim.document
    start = claim.quote_start
    assert start is not None
    client.force_login(admin_user)
    response = client.post(
        change_url(document), document_post(document, body="A new first line.\n" + document.body)
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.quote_start == start + len("A new first line.\n")
