"""The Django admin keeps the desk's rules: roles, resolutions and stale edits."""

import pytest
from django.urls import reverse

from claims.models import Claim, ClaimLink

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
