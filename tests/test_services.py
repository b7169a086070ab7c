"""claims.services: linking, removing, resolving and reopening, and the statuses they set."""

import pytest

from claims import services
from claims.models import Claim, ClaimLink
from claims.permissions import link_removable_by

pytestmark = pytest.mark.django_db


def status(claim) -> str:
    return Claim.objects.get(pk=claim.pk).status


@pytest.fixture
def desk(seed_without_body):
    return seed_without_body


def test_a_contradiction_makes_both_open_claims_disputed(desk, reviewer):
    link = services.link_create(
        first=desk["forced"], second=desk["brigade"], kind="contradicts", nature="causal",
        note="  Why?  ", by=reviewer,
    )
    assert link.note == "Why?" and link.proposed_by == reviewer
    assert status(desk["forced"]) == "disputed"
    assert status(desk["brigade"]) == "disputed"


def test_a_supporting_link_leaves_statuses_alone_and_drops_the_nature(desk, editor):
    link = services.link_create(
        first=desk["drills"], second=desk["casualties"], kind="supports", nature="numeric",
        by=editor,
    )
    assert link.nature == ""
    assert status(desk["drills"]) == "open"


def test_a_second_link_for_the_same_pair_in_either_order_is_refused(desk, editor):
    existing = ClaimLink.between(desk["438"], desk["too-early"])
    with pytest.raises(services.DuplicateLink) as caught:
        services.link_create(
            first=desk["too-early"], second=desk["438"], kind="supports", by=editor
        )
    assert caught.value.existing == existing
    assert f"link #{existing.pk}" in str(caught.value)
    assert ClaimLink.objects.count() == 5


def test_the_database_constraint_is_reported_as_a_duplicate_too(desk, editor, monkeypatch):
    # Another request linked the pair between the check and the insert.
    monkeypatch.setattr(ClaimLink, "between", classmethod(lambda cls, a, b: None))
    with pytest.raises(services.LinkError, match="linked by someone else"):
        services.link_create(first=desk["400"], second=desk["438"], kind="supports", by=editor)
    assert ClaimLink.objects.count() == 5


def test_the_integrity_error_names_the_existing_link(desk, editor, monkeypatch):
    existing = ClaimLink.between(desk["438"], desk["400"])
    calls = []

    def between(cls, a, b):
        calls.append(1)
        return None if len(calls) == 1 else existing

    monkeypatch.setattr(ClaimLink, "between", classmethod(between))
    with pytest.raises(services.DuplicateLink) as caught:
        services.link_create(first=desk["400"], second=desk["438"], kind="supports", by=editor)
    assert caught.value.existing == existing


def test_a_claim_is_never_linked_to_itself(desk, editor):
    with pytest.raises(services.LinkError, match="itself"):
        services.link_create(first=desk["438"], second=desk["438"], kind="supports", by=editor)


def test_a_contradiction_needs_a_nature(desk, editor):
    with pytest.raises(services.LinkError, match="nature"):
        services.link_create(first=desk["drills"], second=desk["forced"], kind="contradicts",
                             by=editor)


@pytest.mark.parametrize(
    "outcome, first_status, second_status",
    [
        ("first_upheld", "upheld", "refuted"),
        ("second_upheld", "refuted", "upheld"),
        ("both_partly", "disputed", "disputed"),
        ("neither", "refuted", "refuted"),
        ("undecidable", "disputed", "disputed"),
    ],
)
def test_resolving_sets_both_statuses(desk, reviewer, outcome, first_status, second_status):
    link = ClaimLink.between(desk["supply"], desk["denial"])
    resolved = services.contradiction_resolve(
        link=link, outcome=outcome, rationale="Checked.", by=reviewer, expected_version=1
    )
    assert resolved.status == "resolved" and resolved.outcome == outcome
    assert resolved.resolved_by == reviewer and resolved.resolved_at is not None
    assert resolved.version == 2
    assert status(desk["supply"]) == first_status
    assert status(desk["denial"]) == second_status


def test_resolving_records_who_in_the_claims_history(desk, reviewer):
    link = ClaimLink.between(desk["supply"], desk["denial"])
    services.contradiction_resolve(
        link=link, outcome="first_upheld", rationale="Shipments seen.", by=reviewer,
        expected_version=1,
    )
    latest = desk["supply"].history.first()
    assert latest.status == "upheld" and latest.history_user == reviewer


def test_a_stale_resolution_is_refused_with_the_winning_outcome(desk, reviewer, admin_user):
    link = ClaimLink.between(desk["supply"], desk["denial"])
    services.contradiction_resolve(
        link=link, outcome="neither", rationale="Both unproven.", by=admin_user,
        expected_version=1,
    )
    with pytest.raises(services.StaleLink) as caught:
        services.contradiction_resolve(
            link=link, outcome="first_upheld", rationale="Mine.", by=reviewer, expected_version=1
        )
    assert caught.value.outcome == "neither"
    assert caught.value.resolved_by == admin_user
    assert "ada resolved this contradiction first" in str(caught.value)
    assert "Neither" in str(caught.value)
    link.refresh_from_db()
    assert link.outcome == "neither" and link.rationale == "Both unproven."


def test_a_resolution_needs_a_rationale_and_a_known_outcome(desk, reviewer):
    link = ClaimLink.between(desk["supply"], desk["denial"])
    with pytest.raises(services.LinkError, match="rationale"):
        services.contradiction_resolve(
            link=link, outcome="neither", rationale="  ", by=reviewer, expected_version=1
        )
    with pytest.raises(services.LinkError, match="outcome"):
        services.contradiction_resolve(
            link=link, outcome="maybe", rationale="x", by=reviewer, expected_version=1
        )
    link.refresh_from_db()
    assert link.status == "open"


def test_only_a_contradiction_can_be_resolved(desk, reviewer):
    link = ClaimLink.between(desk["438"], desk["400"])
    with pytest.raises(services.LinkError, match="Only a contradiction"):
        services.contradiction_resolve(
            link=link, outcome="neither", rationale="x", by=reviewer, expected_version=1
        )


def test_reopening_restores_disputed_while_other_contradictions_are_open(desk, reviewer):
    # 438 has two open contradictions (too-early, brigade); resolve one, reopen it.
    link = ClaimLink.between(desk["438"], desk["too-early"])
    services.contradiction_resolve(
        link=link, outcome="first_upheld", rationale="Counted.", by=reviewer, expected_version=1
    )
    assert status(desk["438"]) == "upheld"
    reopened = services.contradiction_reopen(link=link, by=reviewer, expected_version=2)
    assert reopened.status == "open" and reopened.outcome == "" and reopened.version == 3
    assert status(desk["438"]) == "disputed"
    assert status(desk["too-early"]) == "disputed"
    # The history keeps the resolution.
    assert link.history.filter(status="resolved", outcome="first_upheld").count() == 1


def test_reopening_goes_back_to_open_without_other_contradictions(desk, reviewer):
    link = ClaimLink.between(desk["supply"], desk["denial"])
    services.contradiction_resolve(
        link=link, outcome="first_upheld", rationale="Seen.", by=reviewer, expected_version=1
    )
    services.link_create(first=desk["supply"], second=desk["forced"], kind="qualifies", by=reviewer)
    link.refresh_from_db()
    services.contradiction_reopen(link=link, by=reviewer, expected_version=link.version)
    assert status(desk["supply"]) == "disputed"  # the reopened link is itself open
    services.link_remove(link=link, by=reviewer)
    assert status(desk["supply"]) == "open"
    assert status(desk["denial"]) == "open"


def test_another_resolved_link_keeps_its_verdict_after_a_reopen(desk, reviewer):
    one = ClaimLink.between(desk["438"], desk["too-early"])
    two = ClaimLink.between(desk["438"], desk["brigade"])
    services.contradiction_resolve(
        link=two, outcome="second_upheld", rationale="Brigade.", by=reviewer, expected_version=1
    )
    services.contradiction_resolve(
        link=one, outcome="first_upheld", rationale="Counted.", by=reviewer, expected_version=1
    )
    assert status(desk["438"]) == "upheld"
    services.contradiction_reopen(link=one, by=reviewer, expected_version=2)
    assert status(desk["438"]) == "refuted"


def test_a_stale_reopen_is_refused(desk, reviewer):
    link = ClaimLink.between(desk["supply"], desk["denial"])
    with pytest.raises(services.StaleLink, match="changed since you opened it"):
        services.contradiction_reopen(link=link, by=reviewer, expected_version=1)


def test_links_never_touch_a_retracted_claim(desk, reviewer):
    Claim.objects.filter(pk=desk["denial"].pk).update(status="retracted")
    link = ClaimLink.between(desk["supply"], desk["denial"])
    services.contradiction_resolve(
        link=link, outcome="first_upheld", rationale="x", by=reviewer, expected_version=1
    )
    assert status(desk["denial"]) == "retracted"


def test_removing_a_contradiction_recomputes_statuses(desk, reviewer):
    link = services.link_create(
        first=desk["drills"], second=desk["casualties"], kind="contradicts", nature="other",
        by=reviewer,
    )
    assert status(desk["drills"]) == "disputed"
    services.link_remove(link=link, by=reviewer)
    assert not ClaimLink.objects.filter(pk=link.pk).exists()
    assert status(desk["drills"]) == "open"


def test_editors_remove_only_their_own_open_links(desk, editor, reviewer):
    own = services.link_create(
        first=desk["drills"], second=desk["casualties"], kind="supports", by=editor
    )
    theirs = ClaimLink.between(desk["438"], desk["400"])
    assert link_removable_by(own, editor)
    assert not link_removable_by(theirs, editor)
    assert link_removable_by(theirs, reviewer)


def test_resolving_and_reopening_move_the_speakers_track_records(desk, reviewer):
    link = ClaimLink.between(desk["supply"], desk["denial"])
    services.contradiction_resolve(
        link=link, outcome="first_upheld", rationale="Seen.", by=reviewer, expected_version=1
    )
    winner, loser = desk["supply"].speaker, desk["denial"].speaker
    winner.refresh_from_db()
    loser.refresh_from_db()
    assert (winner.track_upheld, winner.track_resolved) == (1, 1)
    assert (loser.track_upheld, loser.track_resolved) == (0, 1)
    services.contradiction_reopen(link=link, by=reviewer, expected_version=2)
    winner.refresh_from_db()
    assert (winner.track_upheld, winner.track_resolved) == (0, 0)
