"""Two reviewers resolve the same contradiction at once: one wins, the other is told."""

import threading

import pytest
from django.db import connection, connections

from claims import services
from claims.models import Claim, ClaimLink

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs two real concurrent transactions; SQLite serialises every write",
    ),
]


def test_two_concurrent_resolutions_one_wins_and_the_other_learns_the_winner(
    seed_without_body, reviewer, admin_user
):
    link = ClaimLink.between(seed_without_body["supply"], seed_without_body["denial"])
    barrier = threading.Barrier(2, timeout=10)
    results: dict[str, object] = {}

    def resolve(user, outcome):
        try:
            read = ClaimLink.objects.get(pk=link.pk)  # both read version 1 ...
            barrier.wait()  # ... then both try to resolve at once
            results[user.username] = services.contradiction_resolve(
                link=read,
                outcome=outcome,
                rationale=f"{user.username} says {outcome}",
                by=user,
                expected_version=read.version,
            )
        except Exception as exc:  # noqa: BLE001 - the loser's error is the point
            results[user.username] = exc
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=resolve, args=(reviewer, "first_upheld")),
        threading.Thread(target=resolve, args=(admin_user, "second_upheld")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    winners = {name: r for name, r in results.items() if isinstance(r, ClaimLink)}
    losers = {name: r for name, r in results.items() if isinstance(r, Exception)}
    assert len(winners) == 1 and len(losers) == 1, results
    (winner_name, won), = winners.items()
    (error,) = losers.values()
    assert isinstance(error, services.StaleLink)
    assert error.outcome == won.outcome
    assert error.resolved_by.username == winner_name
    assert error.resolved_at == won.resolved_at
    assert f"{winner_name} resolved this contradiction first" in str(error)

    link.refresh_from_db()
    assert link.outcome == won.outcome and link.rationale.startswith(winner_name)
    assert link.version == 2
    assert link.history.filter(status="resolved").count() == 1
    expected = services.OUTCOME_STATUSES[won.outcome]
    assert Claim.objects.get(pk=link.first_id).status == expected[0]
    assert Claim.objects.get(pk=link.second_id).status == expected[1]
