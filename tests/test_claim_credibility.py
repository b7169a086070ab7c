import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from claims.models import Claim
from claims.ratings import claim_rating, grading_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def claim(seed_without_body) -> Claim:
    return seed_without_body["438"]


def url(claim: Claim) -> str:
    return reverse("claims:claim-credibility", args=[claim.pk])


def test_anonymous_visitors_are_sent_to_login(client, claim):
    response = client.post(url(claim), {"credibility": 2, "version": claim.version})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("role", ["editor", "outsider"])
def test_editors_and_users_without_a_role_cannot_grade_a_claim(client, request, claim, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(url(claim), {"credibility": 2, "version": claim.version})
    assert response.status_code == 403
    claim.refresh_from_db()
    assert claim.credibility is None


def test_grading_needs_a_post(client, reviewer, claim):
    client.force_login(reviewer)
    assert client.get(url(claim)).status_code == 405


def test_a_reviewer_grades_a_claim_in_place(client, reviewer, claim):
    client.force_login(reviewer)
    response = client.post(
        url(claim),
        {"credibility": 2, "version": claim.version, "next": "/sources/"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith(f'<span class="credibility" id="credibility-{claim.pk}"')
    assert ">C2</abbr>" in html
    assert '<option value="2" selected>' in html
    assert "claimGraded" in response["HX-Trigger"]
    claim.refresh_from_db()
    assert (claim.credibility, claim.version, claim.rating) == (2, 2, "C2")
    assert f'name="version" value="{claim.version}"' in html
    latest = claim.history.first()
    assert (latest.credibility, latest.history_user) == (2, reviewer)


def test_without_javascript_it_returns_to_the_page_it_came_from(client, reviewer, claim):
    client.force_login(reviewer)
    back = reverse("claims:source-detail", args=[claim.speaker_id])
    response = client.post(url(claim), {"credibility": 3, "version": 1, "next": back})
    assert response.status_code == 302
    assert response["Location"] == back
    claim.refresh_from_db()
    assert claim.rating == "C3"


def test_it_never_redirects_off_site(client, reviewer, claim):
    client.force_login(reviewer)
    response = client.post(
        url(claim), {"credibility": 3, "version": 1, "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == claim.get_absolute_url()


def test_a_stale_grade_is_refused_and_the_choice_kept(client, reviewer, claim):
    Claim.objects.filter(pk=claim.pk).update(credibility=5, version=2)
    client.force_login(reviewer)
    response = client.post(
        url(claim), {"credibility": 1, "version": 1}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Someone changed this claim meanwhile (its credibility is now 5)" in html
    assert "your choice, 1, was not saved" in html
    assert '<option value="1" selected>' in html
    assert 'name="version" value="2"' in html
    assert "HX-Trigger" not in response
    claim.refresh_from_db()
    assert (claim.credibility, claim.version) == (5, 2)


def test_a_stale_grade_without_javascript_says_why(client, reviewer, claim):
    Claim.objects.filter(pk=claim.pk).update(version=7)
    client.force_login(reviewer)
    back = reverse("claims:source-detail", args=[claim.speaker_id])
    response = client.post(
        url(claim), {"credibility": 1, "version": 1, "next": back}, follow=True
    )
    assert "was not saved" in response.content.decode()
    claim.refresh_from_db()
    assert claim.credibility is None


@pytest.mark.parametrize("value", ["0", "7", "two", ""])
def test_a_credibility_outside_1_to_6_is_refused(client, reviewer, claim, value):
    client.force_login(reviewer)
    response = client.post(
        url(claim), {"credibility": value, "version": 1}, HTTP_HX_REQUEST="true"
    )
    assert "Choose a credibility from 1 to 6." in response.content.decode()
    claim.refresh_from_db()
    assert claim.credibility is None


def test_an_unknown_claim_is_not_found(client, reviewer, db):
    client.force_login(reviewer)
    response = client.post(reverse("claims:claim-credibility", args=[999]), {"credibility": 1})
    assert response.status_code == 404


def render_fragment(user, claim) -> str:
    request = RequestFactory().get("/somewhere/")
    request.user = user
    context = {"rating": claim_rating(claim), "grading": grading_for(request)}
    return render_to_string("claims/claim_credibility.html", context, request)


def test_the_fragment_shows_the_rating_to_everyone_and_the_control_to_reviewers(
    editor, reviewer, claim
):
    Claim.objects.filter(pk=claim.pk).update(credibility=4)
    claim.refresh_from_db()
    for_editor = render_fragment(editor, claim)
    assert ">C4</abbr>" in for_editor and "<select" not in for_editor
    for_reviewer = render_fragment(reviewer, claim)
    assert ">C4</abbr>" in for_reviewer and '<option value="4" selected>' in for_reviewer
    assert 'name="next" value="/somewhere/"' in for_reviewer


def test_the_rating_follows_a_regrade_of_the_speaker(admin_user, editor, claim):
    claim.speaker.set_reliability("A", reason="Confirmed twice.", by=admin_user)
    claim = Claim.objects.select_related("speaker").get(pk=claim.pk)
    assert ">A-</abbr>" in render_fragment(editor, claim)
