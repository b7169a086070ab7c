"""The Django admin keeps the desk's rules: roles, resolutions and stale edits."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimLink
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


def test_an_editor_cannot_set_credibility_or_status_in_the_admin(client, editor, seed_without_body):
    claim = seed_without_body["438"]
    claim.created_by = editor
    claim.save()
    client.force_login(editor)
    response = client.post(
        change_url(claim), claim_post(claim, statement="Edited", credibility="1", status="upheld")
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.statement == "Edited"
    assert (claim.credibility, claim.status) == (None, "open")
    assert claim.version == 2


def test_a_stale_admin_edit_is_refused(client, reviewer, seed_without_body):
    claim = seed_without_body["438"]
    client.force_login(reviewer)
    stale = claim_post(claim, statement="Mine")
    Claim.objects.filter(pk=claim.pk).update(statement="Theirs", version=claim.version + 1)
    response = client.post(change_url(claim), stale)
    assert response.status_code == 200
    assert "Someone saved this since you opened it" in response.content.decode()
    claim.refresh_from_db()
    assert claim.statement == "Theirs"


def test_a_reviewer_cannot_resolve_in_the_admin(client, reviewer, seed_without_body):
    link = ClaimLink.between(seed_without_body["438"], seed_without_body["too-early"])
    client.force_login(reviewer)
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
    client, reviewer, seed_without_body
):
    drills, casualties = seed_without_body["drills"], seed_without_body["casualties"]
    assert statuses(drills, casualties) == ["open", "open"]
    client.force_login(reviewer)
    response = client.post(
        reverse("admin:claims_claimlink_add"), link_post(drills, casualties)
    )
    assert response.status_code == 302
    link = ClaimLink.between(drills, casualties)
    assert link.proposed_by == reviewer
    assert statuses(drills, casualties) == ["disputed", "disputed"]


def test_a_link_changed_in_the_admin_puts_the_statuses_right(client, reviewer, seed_without_body):
    drills, casualties, supply = (
        seed_without_body[key] for key in ("drills", "casualties", "no-comment")
    )
    client.force_login(reviewer)
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
