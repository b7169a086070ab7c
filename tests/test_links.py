"""Linking in place: create, remove, resolve, reopen; the claim's links panel and suggestions."""

import json

import pytest
from django.urls import reverse

from claims import services
from claims.models import Claim, ClaimLink

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def link_data(first, second, **extra):
    return {"first": first.pk, "second": second.pk, "kind": "contradicts",
            "nature": "certainty", "note": "", **extra}


# --- create --------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client, seed_without_body):
    desk = seed_without_body
    link = ClaimLink.between(desk["supply"], desk["denial"])
    for name, args in [("claim-links", [desk["438"].pk]), ("claim-suggestions", [desk["438"].pk]),
                       ("link-detail", [link.pk])]:
        response = client.get(reverse(f"claims:{name}", args=args))
        assert response.status_code == 302 and "/login/?next=" in response["Location"]
    response = client.post(reverse("claims:link-create"), {})
    assert response.status_code == 302


def test_a_user_without_a_role_may_not_link_or_look(client, outsider, seed_without_body):
    desk = seed_without_body
    client.force_login(outsider)
    assert client.post(reverse("claims:link-create"), link_data(desk["drills"], desk["forced"])
                       ).status_code == 403
    assert client.get(reverse("claims:claim-links", args=[desk["438"].pk])).status_code == 403
    assert not ClaimLink.objects.filter(first=desk["drills"]).exists()


def test_an_editor_links_two_claims_in_place(client, editor, seed_without_body):
    desk = seed_without_body
    client.force_login(editor)
    response = client.post(
        reverse("claims:link-create"), link_data(desk["drills"], desk["forced"], note="Hm"), **HX
    )
    assert response.status_code == 204
    assert json.loads(response["HX-Trigger"])["claimLinked"]["link"]
    link = ClaimLink.between(desk["drills"], desk["forced"])
    assert link.nature == "certainty" and link.note == "Hm" and link.proposed_by == editor
    assert Claim.objects.get(pk=desk["drills"].pk).status == "disputed"


def test_without_javascript_linking_redirects_back(client, editor, seed_without_body):
    desk = seed_without_body
    client.force_login(editor)
    response = client.post(
        reverse("claims:link-create"),
        link_data(desk["drills"], desk["forced"], next="/compare/?a=1"),
    )
    assert response.status_code == 302 and response["Location"] == "/compare/?a=1"
    response = client.post(
        reverse("claims:link-create"),
        link_data(desk["drills"], desk["casualties"], next="https://evil.example/"),
    )
    assert response["Location"].startswith("/compare/?a=")


def test_a_second_link_for_the_pair_points_to_the_existing_one(client, editor, seed_without_body):
    desk = seed_without_body
    existing = ClaimLink.between(desk["438"], desk["too-early"])
    client.force_login(editor)
    response = client.post(
        reverse("claims:link-create"),
        link_data(desk["too-early"], desk["438"], note="typed note"), **HX
    )
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert f"link #{existing.pk}" in html and "already linked" in html
    assert "typed note" in html
    assert ClaimLink.objects.count() == 5
    page = client.post(reverse("claims:link-create"), link_data(desk["too-early"], desk["438"]))
    assert page.status_code == 400 and "<html" in page.content.decode()


def test_a_contradiction_without_a_nature_is_refused_beside_the_field(
    client, editor, seed_without_body
):
    desk = seed_without_body
    client.force_login(editor)
    response = client.post(
        reverse("claims:link-create"),
        link_data(desk["drills"], desk["forced"], nature="", note="kept"),
        **HX,
    )
    html = response.content.decode()
    assert "Say what kind of contradiction this is." in html and "kept" in html
    assert ClaimLink.between(desk["drills"], desk["forced"]) is None


def test_a_claim_cannot_be_linked_to_itself_through_the_form(client, editor, seed_without_body):
    desk = seed_without_body
    client.force_login(editor)
    response = client.post(
        reverse("claims:link-create"), link_data(desk["drills"], desk["drills"]), **HX
    )
    assert "cannot be linked to itself" in response.content.decode()


# --- remove ------------------------------------------------------------------------------


def test_an_editor_removes_their_own_open_link(client, editor, seed_without_body):
    desk = seed_without_body
    link = services.link_create(first=desk["drills"], second=desk["forced"], kind="supports",
                                by=editor)
    client.force_login(editor)
    response = client.post(reverse("claims:link-remove", args=[link.pk]), **HX)
    assert response.status_code == 200 and response.content == b""
    assert "claimLinked" in response["HX-Trigger"]
    assert not ClaimLink.objects.filter(pk=link.pk).exists()


def test_an_editor_cannot_remove_someone_elses_link(client, editor, seed_without_body):
    link = ClaimLink.between(seed_without_body["438"], seed_without_body["400"])
    client.force_login(editor)
    assert client.post(reverse("claims:link-remove", args=[link.pk])).status_code == 403
    assert ClaimLink.objects.filter(pk=link.pk).exists()


def test_a_reviewer_removes_any_link_and_lands_on_the_queue(client, reviewer, seed_without_body):
    link = ClaimLink.between(seed_without_body["438"], seed_without_body["400"])
    client.force_login(reviewer)
    response = client.post(reverse("claims:link-remove", args=[link.pk]))
    assert response.status_code == 302 and response["Location"] == reverse("claims:review-queue")
    assert not ClaimLink.objects.filter(pk=link.pk).exists()


def test_removing_needs_a_post(client, reviewer, seed_without_body):
    link = ClaimLink.between(seed_without_body["438"], seed_without_body["400"])
    client.force_login(reviewer)
    assert client.get(reverse("claims:link-remove", args=[link.pk])).status_code == 405


# --- resolve and reopen ---------------------------------------------------------------------


def resolve(client, link, **extra):
    data = {"outcome": "first_upheld", "rationale": "Shipments seen.", "version": link.version}
    data.update(extra)
    return client.post(reverse("claims:link-resolve", args=[link.pk]), data, **HX)


def test_an_editor_gets_403_from_resolving_and_sees_no_controls(client, editor, seed_without_body):
    desk = seed_without_body
    link = ClaimLink.between(desk["supply"], desk["denial"])
    client.force_login(editor)
    assert resolve(client, link).status_code == 403
    link.refresh_from_db()
    assert link.status == "open"
    html = client.get(reverse("claims:link-detail", args=[link.pk])).content.decode()
    assert "resolve-form" not in html and "Reopen" not in html


def test_a_reviewer_resolves_in_place_and_both_statuses_change(client, reviewer, seed_without_body):
    desk = seed_without_body
    link = ClaimLink.between(desk["supply"], desk["denial"])
    client.force_login(reviewer)
    response = resolve(client, link)
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith(f'<article id="link-{link.pk}"')
    assert "First upheld" in html and "Upheld" in html and "Refuted" in html
    assert "claimLinked" in response["HX-Trigger"]
    assert Claim.objects.get(pk=desk["supply"].pk).status == "upheld"


def test_resolving_without_javascript_redirects_to_the_link(client, reviewer, seed_without_body):
    link = ClaimLink.between(seed_without_body["supply"], seed_without_body["denial"])
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:link-resolve", args=[link.pk]),
        {"outcome": "neither", "rationale": "x", "version": 1},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("claims:link-detail", args=[link.pk])


def test_a_resolution_without_a_rationale_keeps_the_choice(client, reviewer, seed_without_body):
    link = ClaimLink.between(seed_without_body["supply"], seed_without_body["denial"])
    client.force_login(reviewer)
    html = resolve(client, link, rationale="").content.decode()
    assert "This field is required." in html
    assert '<option value="first_upheld" selected>' in html
    link.refresh_from_db()
    assert link.status == "open"


def test_a_stale_resolution_shows_the_winner_and_keeps_the_rationale(
    client, reviewer, admin_user, seed_without_body
):
    link = ClaimLink.between(seed_without_body["supply"], seed_without_body["denial"])
    services.contradiction_resolve(
        link=link, outcome="neither", rationale="Unproven.", by=admin_user, expected_version=1
    )
    client.force_login(reviewer)
    response = resolve(client, link, version=1, rationale="My own reasons")
    html = response.content.decode()
    assert "ada resolved this contradiction first" in html and "Neither" in html
    assert "My own reasons" in html
    link.refresh_from_db()
    assert link.outcome == "neither"
    page = client.post(
        reverse("claims:link-resolve", args=[link.pk]),
        {"outcome": "first_upheld", "rationale": "Again", "version": 1},
    )
    assert page.status_code == 409 and "<html" in page.content.decode()


def test_a_reviewer_reopens_and_the_history_keeps_the_resolution(
    client, reviewer, seed_without_body
):
    desk = seed_without_body
    link = ClaimLink.between(desk["supply"], desk["denial"])
    client.force_login(reviewer)
    resolve(client, link)
    response = client.post(reverse("claims:link-reopen", args=[link.pk]), {"version": 2}, **HX)
    html = response.content.decode()
    assert "resolve-form" in html
    link.refresh_from_db()
    assert link.status == "open"
    assert Claim.objects.get(pk=desk["supply"].pk).status == "disputed"
    page = client.get(reverse("claims:link-detail", args=[link.pk])).content.decode()
    assert "Shipments seen." in page and "History" in page
    stale = client.post(reverse("claims:link-reopen", args=[link.pk]), {"version": 2}, **HX)
    assert "changed since you opened it" in stale.content.decode()


def test_an_editor_cannot_reopen(client, editor, reviewer, seed_without_body):
    link = ClaimLink.between(seed_without_body["supply"], seed_without_body["denial"])
    services.contradiction_resolve(
        link=link, outcome="neither", rationale="x", by=reviewer, expected_version=1
    )
    client.force_login(editor)
    assert client.post(reverse("claims:link-reopen", args=[link.pk]), {"version": 2}
                       ).status_code == 403


def test_the_link_page_works_as_page_and_fragment(client, reviewer, seed_without_body):
    link = ClaimLink.between(seed_without_body["supply"], seed_without_body["denial"])
    client.force_login(reviewer)
    page = client.get(reverse("claims:link-detail", args=[link.pk])).content.decode()
    assert "<html" in page and "resolve-form" in page
    fragment = client.get(reverse("claims:link-detail", args=[link.pk]), **HX).content.decode()
    assert "<html" not in fragment and f'id="link-{link.pk}"' in fragment
    assert client.get(reverse("claims:link-detail", args=[99999])).status_code == 404


# --- the claim's links panel and its suggestions ------------------------------------------------


def test_the_links_panel_lists_links_with_controls_and_loads_suggestions(
    client, reviewer, seed_without_body
):
    desk = seed_without_body
    client.force_login(reviewer)
    url = reverse("claims:claim-links", args=[desk["438"].pk])
    fragment = client.get(url, **HX).content.decode()
    assert fragment.lstrip().startswith('<section id="claim-links"')
    assert 'hx-trigger="claimLinked from:body"' in fragment
    assert reverse("claims:claim-suggestions", args=[desk["438"].pk]) in fragment
    assert fragment.count('class="link-item') == 3
    assert "resolve-form" in fragment
    page = client.get(url).content.decode()
    assert "<html" in page and 'id="claim-links"' in page


def test_the_claim_page_includes_the_panel(client, editor, seed_without_body):
    desk = seed_without_body
    client.force_login(editor)
    html = client.get(reverse("claims:claim-detail", args=[desk["438"].pk])).content.decode()
    assert 'id="claim-links"' in html and "resolve-form" not in html
    assert reverse("claims:claim-suggestions", args=[desk["438"].pk]) in html


def test_suggestions_come_with_flags_and_a_prefilled_link_form(client, editor, seed_without_body):
    desk = seed_without_body
    client.force_login(editor)
    url = reverse("claims:claim-suggestions", args=[desk["400"].pk])
    fragment = client.get(url, **HX).content.decode()
    assert "<html" not in fragment
    assert "Definite figure vs withheld" in fragment and "too early to confirm" in fragment
    shown = fragment.count('<li class="suggestion ')
    assert shown >= 2 and fragment.count('class="link-form"') == shown
    assert fragment.count('class="dismiss-form"') == shown
    assert '<option value="certainty" selected>' in fragment
    page = client.get(url).content.decode()
    assert "<html" in page and "Definite figure vs withheld" in page


def test_suggestions_offer_no_form_to_a_reader_without_the_add_permission(
    client, editor, seed_without_body
):
    from django.contrib.auth.models import Permission

    editor.groups.first().permissions.remove(Permission.objects.get(codename="add_claimlink"))
    client.force_login(editor)
    url = reverse("claims:claim-suggestions", args=[seed_without_body["400"].pk])
    html = client.get(url, **HX).content.decode()
    assert "Definite figure vs withheld" in html and "link-form" not in html
