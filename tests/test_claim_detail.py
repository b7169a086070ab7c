"""The claim page: everything about a claim, its attribution, links and history."""

import pytest
from django.urls import reverse

from claims.demo import SEED_URL
from claims.models import Claim, ClaimLink, Document, Source

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_login(client, seed_without_body):
    url = seed_without_body["438"].get_absolute_url()
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_a_user_without_a_role_is_refused(client, outsider, seed_without_body):
    client.force_login(outsider)
    assert client.get(seed_without_body["438"].get_absolute_url()).status_code == 403


def test_a_missing_claim_is_not_found(client, editor):
    client.force_login(editor)
    assert client.get(reverse("claims:claim-detail", args=[999])).status_code == 404


def test_the_claim_page_shows_everything_about_the_claim(client, editor, seed_without_body):
    claim = seed_without_body["438"]
    client.force_login(editor)
    response = client.get(claim.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert claim.statement in html
    assert claim.quote in html
    assert claim.rating in html
    assert html.index("Vasily Malayev") < html.index("Interfax") < html.index("The Moscow Times")
    assert "How many Ukrainian soldiers crossed into Russia on 4 August 2014?" in html
    assert "[438, 438] soldiers" in html
    assert "4 Aug 2014" in html


def test_the_links_panel_lists_links_either_way(client, editor, seed_without_body):
    claim = seed_without_body["438"]
    client.force_login(editor)
    response = client.get(claim.get_absolute_url())
    html = response.content.decode()
    assert '<section id="claim-links" class="links-panel"' in html
    assert len(response.context["links"]) == 3
    other = seed_without_body["too-early"]
    assert f'href="{other.get_absolute_url()}"' in html
    # From the second claim's side too.
    response = client.get(other.get_absolute_url())
    assert [link.first_id for link in response.context["links"]] == [claim.pk]


def test_the_history_shows_who_changed_what(client, editor, seed_without_body):
    claim = seed_without_body["438"]
    claim.statement = "438 soldiers crossed."
    claim._history_user = editor
    claim.save()
    client.force_login(editor)
    response = client.get(claim.get_absolute_url())
    history = response.context["history"]
    assert history[0].by == editor.get_username()
    assert [c.field for c in history[0].changes] == ["statement"]
    html = response.content.decode()
    assert "by edna" in html
    assert "438 Ukrainian soldiers reached Russia on Monday. → 438 soldiers crossed." in html


def test_the_edit_link_shows_only_to_who_may_edit(client, editor, reviewer, seed_without_body):
    claim = seed_without_body["438"]  # logged by nobody: only a reviewer may edit
    client.force_login(editor)
    assert f"claims/{claim.pk}/edit/" not in client.get(claim.get_absolute_url()).content.decode()
    client.force_login(reviewer)
    assert f"claims/{claim.pk}/edit/" in client.get(claim.get_absolute_url()).content.decode()


def test_user_text_is_escaped(client, editor, seed_without_body):
    claim = seed_without_body["438"]
    Claim.objects.filter(pk=claim.pk).update(statement="<script>alert(1)</script>")
    client.force_login(editor)
    html = client.get(claim.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize("rows", [5, 100])
def test_the_claim_page_costs_the_same_queries_for_5_or_100_links_and_edits(
    client, editor, seed_without_body, rows, django_assert_num_queries
):
    claim = seed_without_body["438"]
    ClaimLink.objects.all().delete()
    document = Document.objects.get(url=SEED_URL)
    speaker = Source.objects.get(name="Interfax")
    others = Claim.objects.bulk_create(
        Claim(document=document, statement=f"Other {i}", speaker=speaker) for i in range(rows)
    )
    ClaimLink.objects.bulk_create(
        ClaimLink(first=claim, second=o, kind="supports") if i % 2 else
        ClaimLink(first=o, second=claim, kind="contradicts", nature="numeric")
        for i, o in enumerate(others)
    )
    for i in range(rows):
        claim.statement = f"Edit {i}"
        claim.save()
    client.force_login(editor)
    client.get(claim.get_absolute_url())
    # session, user, groups and permissions (1), claim, relays with their sources,
    # questions, links, history; the evidence summary (2: the claims beside it, as the
    # same words or linked; the repeats among its supporters), its ClaimReviews (the
    # resolved contradictions it is in), whatever the number of rows
    with django_assert_num_queries(11):
        response = client.get(claim.get_absolute_url())
    assert len(response.context["links"]) == rows
