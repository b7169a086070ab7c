"""Dismissing a suggestion as not competing: it is not suggested again for the pair,
either way round; the history keeps who and when; it can be taken back."""

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.models import SuggestionDismissal
from claims.suggestions import claim_to_suggest_or_404, suggest_competitors

pytestmark = pytest.mark.django_db
HX = {"HTTP_HX_REQUEST": "true"}


def suggested(claim) -> set[int]:
    return {s.claim.pk for s in suggest_competitors(claim_to_suggest_or_404(claim.pk))}


def test_a_dismissed_pair_is_suggested_neither_way_round(seed_without_body, reviewer):
    desk = seed_without_body
    assert desk["brigade"].pk in suggested(desk["400"])
    assert services.suggestion_dismiss(claim=desk["brigade"], other=desk["400"], by=reviewer)
    assert desk["brigade"].pk not in suggested(desk["400"])
    assert desk["400"].pk not in suggested(desk["brigade"])
    assert not services.suggestion_dismiss(claim=desk["400"], other=desk["brigade"], by=reviewer)
    assert SuggestionDismissal.objects.count() == 1


def test_the_history_keeps_who_dismissed_and_who_took_it_back(
    seed_without_body, reviewer, editor
):
    desk = seed_without_body
    services.suggestion_dismiss(claim=desk["400"], other=desk["brigade"], by=reviewer)
    assert services.suggestion_restore(claim=desk["brigade"], other=desk["400"], by=editor)
    assert desk["brigade"].pk in suggested(desk["400"])
    history = SuggestionDismissal.history.order_by("history_date")
    assert [(h.history_type, h.history_user) for h in history] == [
        ("+", reviewer), ("-", editor)
    ]
    assert history[0].dismissed_by == reviewer and history[0].history_date is not None
    assert not services.suggestion_restore(claim=desk["400"], other=desk["brigade"], by=editor)


def test_the_pair_is_kept_in_order_and_once(seed_without_body):
    desk = seed_without_body
    low, high = sorted((desk["400"].pk, desk["brigade"].pk))
    with pytest.raises(IntegrityError), transaction.atomic():
        SuggestionDismissal.objects.create(first_id=high, second_id=low)
    SuggestionDismissal.objects.create(first_id=low, second_id=high)
    with pytest.raises(IntegrityError), transaction.atomic():
        SuggestionDismissal.objects.create(first_id=low, second_id=high)


def test_a_reviewer_dismisses_from_the_card_with_htmx_and_sees_it_listed(
    client, reviewer, seed_without_body
):
    desk = seed_without_body
    client.force_login(reviewer)
    url = reverse("claims:claim-suggestions", args=[desk["400"].pk])
    before = client.get(url, **HX).content.decode()
    assert f'<input type="hidden" name="other" value="{desk["brigade"].pk}">' in before
    dismiss = reverse("claims:suggestion-dismiss", args=[desk["400"].pk])
    response = client.post(dismiss, {"other": desk["brigade"].pk}, **HX)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f'<li class="suggestion flag-definite_vs_hedged" data-claim="{desk["brigade"].pk}"' \
        not in html
    assert "Dismissed as not competing: 1" in html and desk["brigade"].statement in html
    assert f"by {reviewer.get_username()}," in html and "Suggest again" in html
    again = client.get(url, **HX).content.decode()
    assert "Dismissed as not competing: 1" in again


def test_dismissing_works_without_javascript(client, reviewer, seed_without_body):
    desk = seed_without_body
    client.force_login(reviewer)
    dismiss = reverse("claims:suggestion-dismiss", args=[desk["400"].pk])
    response = client.post(dismiss, {"other": desk["brigade"].pk})
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:claim-suggestions", args=[desk["400"].pk])
    restore = reverse("claims:suggestion-restore", args=[desk["400"].pk])
    assert client.post(restore, {"other": desk["brigade"].pk}).status_code == 302
    assert not SuggestionDismissal.objects.exists()


@pytest.mark.parametrize("other", ["", "abc", "999999999", "self"])
def test_a_dismissal_names_another_existing_claim(client, reviewer, seed_without_body, other):
    desk = seed_without_body
    client.force_login(reviewer)
    value = desk["400"].pk if other == "self" else other
    dismiss = reverse("claims:suggestion-dismiss", args=[desk["400"].pk])
    assert client.post(dismiss, {"other": value}).status_code == 400
    assert not SuggestionDismissal.objects.exists()


def test_a_reader_who_may_not_link_sees_no_dismiss_button(client, editor, seed_without_body):
    from django.contrib.auth.models import Permission

    editor.groups.first().permissions.remove(Permission.objects.get(codename="add_claimlink"))
    client.force_login(editor)
    desk = seed_without_body
    html = client.get(reverse("claims:claim-suggestions", args=[desk["400"].pk]), **HX)
    assert "dismiss-form" not in html.content.decode()
    dismiss = reverse("claims:suggestion-dismiss", args=[desk["400"].pk])
    assert client.post(dismiss, {"other": desk["brigade"].pk}).status_code == 403


def test_the_fragment_takes_as_many_queries_with_many_dismissals(
    client, reviewer, seed_without_body
):
    desk = seed_without_body
    client.force_login(reviewer)
    url = reverse("claims:claim-suggestions", args=[desk["400"].pk])
    client.get(url, **HX)  # sessions and permissions read once
    services.suggestion_dismiss(claim=desk["400"], other=desk["drills"], by=reviewer)
    with CaptureQueriesContext(connection) as few:
        client.get(url, **HX)
    for key in ("180", "casualties", "supply", "denial", "no-comment", "forced"):
        services.suggestion_dismiss(claim=desk["400"], other=desk[key], by=reviewer)
    with CaptureQueriesContext(connection) as many:
        client.get(url, **HX)
    assert len(many) == len(few)


def test_a_dismissed_pair_leaves_the_inbox(seed_without_body, reviewer):
    """A pair stored for the inbox (claims.services_inbox) goes when it is dismissed."""
    from django.utils import timezone

    from claims.models import Claim, SuggestedPair
    from claims.services import suggestion_dismiss

    first, second = Claim.objects.order_by("pk").values_list("pk", flat=True)[:2]
    SuggestedPair.objects.update_or_create(
        first_id=first, second_id=second,
        defaults={"kind": "contradicts", "nature": "numeric", "reason": "test", "score": 1.0,
                  "computed_at": timezone.now()},
    )
    suggestion_dismiss(claim=Claim.objects.get(pk=second), other=Claim.objects.get(pk=first),
                       by=reviewer)
    assert not SuggestedPair.objects.filter(first_id=first, second_id=second).exists()
