import pytest
from django.db.models import Q
from django.urls import reverse

from claims.models import Claim, ClaimLink, ClaimRelay, Document, Source, SourceAlias

pytestmark = pytest.mark.django_db


def url(source: Source) -> str:
    return reverse("claims:source-detail", args=[source.pk])


def source(name: str) -> Source:
    return Source.objects.get(name=name)


def test_anonymous_visitors_are_sent_to_login(client, seed_without_body):
    target = url(source("Interfax"))
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + target


def test_a_user_without_a_role_is_refused(client, outsider, seed_without_body):
    client.force_login(outsider)
    assert client.get(url(source("Interfax"))).status_code == 403


def test_an_unknown_source_is_not_found(client, editor, db):
    client.force_login(editor)
    assert client.get(reverse("claims:source-detail", args=[999])).status_code == 404


def test_a_sources_absolute_url_is_its_page(seed_without_body):
    interfax = source("Interfax")
    assert interfax.get_absolute_url() == url(interfax)


def test_it_shows_the_claims_a_source_made(client, editor, seed_without_body):
    client.force_login(editor)
    response = client.get(url(source("Vasily Malayev")))
    assert response.status_code == 200
    spoken = {claim.pk for claim in response.context["claims"].spoken.object_list}
    assert spoken == {seed_without_body["438"].pk, seed_without_body["180"].pk}
    html = response.content.decode()
    assert "438 Ukrainian soldiers reached Russia on Monday." in html
    assert "C-" in html  # the rating: Malayev's letter, no credibility yet


def test_it_shows_the_claims_a_source_relayed_with_their_chains(client, editor, seed_without_body):
    client.force_login(editor)
    response = client.get(url(source("Interfax")))
    relayed = {claim.pk for claim in response.context["claims"].relayed.object_list}
    claims = seed_without_body
    assert relayed == {claims["438"].pk, claims["400"].pk, claims["drills"].pk}
    # The lists are paged without a total (a busy source has tens of thousands).
    assert response.context["claims"].spoken.object_list == []
    html = response.content.decode()
    assert "Vasily Malayev</a>" in html and "Claims it relayed" in html


def test_it_shows_the_links_of_its_claims(client, editor, seed_without_body):
    client.force_login(editor)
    response = client.get(url(source("Vasily Malayev")))
    claims = seed_without_body
    links = {link.pk for link in response.context["claims"].links.object_list}
    assert links == {
        ClaimLink.between(claims["438"], claims["too-early"]).pk,
        ClaimLink.between(claims["438"], claims["400"]).pk,
        ClaimLink.between(claims["438"], claims["brigade"]).pk,
    }
    assert "contradicts (certainty)" in response.content.decode()


def test_it_shows_affiliations_both_ways_and_aliases(client, editor, seed_without_body):
    SourceAlias.objects.create(source=source("FSB Border Service"), name="Pogranichnaya sluzhba")
    client.force_login(editor)
    service = client.get(url(source("FSB Border Service")))
    members = [member.name for member in service.context["members"].object_list]
    assert members == ["Unnamed FSB border security official", "Vasily Malayev"]
    assert "Pogranichnaya sluzhba" in service.content.decode()
    malayev = client.get(url(source("Vasily Malayev"))).content.decode()
    assert "Belongs to" in malayev
    assert f'href="{url(source("FSB Border Service"))}"' in malayev


def test_it_shows_the_grade_history(client, editor, admin_user, seed_without_body):
    interfax = source("Interfax")
    interfax.set_reliability("C", reason="Two corrections this month.", by=admin_user)
    client.force_login(editor)
    response = client.get(url(interfax))
    changes = list(response.context["grade"].changes.object_list)
    assert [(c.from_grade, c.to_grade) for c in changes] == [("B", "C"), ("F", "B")]
    html = response.content.decode()
    assert "Two corrections this month." in html and "ada" in html


def test_an_editor_and_a_reviewer_see_no_grading_control(
    client, editor, reviewer, seed_without_body
):
    for user in (editor, reviewer):
        client.force_login(user)
        html = client.get(url(source("Interfax"))).content.decode()
        assert reverse("claims:source-grade", args=[source("Interfax").pk]) not in html
        assert reverse("claims:source-merge", args=[source("Interfax").pk]) not in html
        assert "Graded <abbr" in html


def test_an_admin_sees_the_grading_and_merge_controls(client, admin_user, seed_without_body):
    client.force_login(admin_user)
    interfax = source("Interfax")
    html = client.get(url(interfax)).content.decode()
    assert f'hx-post="{reverse("claims:source-grade", args=[interfax.pk])}"' in html
    assert reverse("claims:source-merge", args=[interfax.pk]) in html


def test_a_reviewer_sees_the_credibility_control_and_an_editor_does_not(
    client, editor, reviewer, seed_without_body
):
    claim = seed_without_body["438"]
    control = reverse("claims:claim-credibility", args=[claim.pk])
    client.force_login(reviewer)
    assert control in client.get(url(source("Vasily Malayev"))).content.decode()
    client.force_login(editor)
    assert control not in client.get(url(source("Vasily Malayev"))).content.decode()


def test_the_claim_lists_come_alone_as_an_htmx_fragment(client, editor, seed_without_body):
    client.force_login(editor)
    response = client.get(url(source("Interfax")), HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="source-claims"')
    assert 'hx-trigger="sourceGraded from:body"' in html
    assert "<html" not in html and "Grade history" not in html


def test_the_claim_lists_paginate(client, editor, seed_without_body):
    interfax = source("Interfax")
    document = Document.objects.get()
    for i in range(25):
        claim = Claim.objects.create(
            document=document, statement=f"Extra claim {i}", speaker=interfax
        )
        ClaimRelay.objects.create(claim=claim, source=source("RIA Novosti"), position=1)
    client.force_login(editor)
    first = client.get(url(interfax))
    assert len(first.context["claims"].spoken.object_list) == 20
    second = client.get(url(interfax), {"spoken_page": 2})
    assert len(second.context["claims"].spoken.object_list) == 5
    assert "spoken_page=1" in second.content.decode()


def add_claims(count: int) -> Source:
    speaker = Source.objects.create(name="Busy speaker", kind="person")
    outlet = Source.objects.create(name="Busy outlet", kind="outlet")
    agency = Source.objects.create(name="Busy agency", kind="outlet")
    member = Source.objects.create(name="Busy member", kind="person", affiliation=speaker)
    document = Document.objects.create(title="A long day", published_at="2014-08-04T12:00Z")
    claims = Claim.objects.bulk_create(
        Claim(document=document, statement=f"Claim {i}", speaker=speaker) for i in range(count)
    )
    ClaimRelay.objects.bulk_create(
        ClaimRelay(claim=claim, source=source_, position=position)
        for claim in claims
        for position, source_ in ((1, agency), (2, outlet))
    )
    ClaimLink.objects.bulk_create(  # sends no pre_save: the speakers are set here
        ClaimLink(first=a, second=b, kind="supports", first_speaker=speaker, second_speaker=speaker)
        for a, b in zip(claims, claims[1:], strict=False)
    )
    assert member.affiliation == speaker
    return speaker


@pytest.mark.parametrize("count", [5, 100])
def test_the_page_takes_the_same_queries_for_5_or_100_claims(
    client, reviewer, django_assert_num_queries, count
):
    speaker = add_claims(count)
    client.force_login(reviewer)
    client.get(url(speaker))
    # session, user, groups and permissions (one query), then the page's own 8: source,
    # grade changes, claims spoken and their relays with sources, claims relayed (none
    # here), links, members, aliases (no COUNT for the paged lists)
    with django_assert_num_queries(11):
        response = client.get(url(speaker))
    assert response.status_code == 200


def test_the_links_of_both_sides_page_newest_first(client, editor, db):
    speaker = add_claims(30)  # 29 links, each between two of the speaker's claims
    other = Source.objects.create(name="Someone else", kind="person")
    document = Document.objects.get(title="A long day")
    theirs = Claim.objects.create(document=document, statement="Their claim", speaker=other)
    mine = Claim.objects.filter(speaker=speaker).order_by("pk").first()
    # Its claim second: found by the other side's search.
    newest = ClaimLink.objects.create(first=theirs, second=mine, kind="contradicts")
    client.force_login(editor)
    first = client.get(url(speaker)).context["claims"].links
    second = client.get(url(speaker), {"links_page": 2}).context["claims"].links
    expected = list(
        ClaimLink.objects.filter(Q(first__speaker=speaker) | Q(second__speaker=speaker))
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) == 30 and expected[0] == newest.pk
    assert [link.pk for link in first.object_list] == expected[:20]
    assert [link.pk for link in second.object_list] == expected[20:]
    assert first.has_next and not second.has_next


def test_a_members_page_past_the_end_shows_the_last_page(client, editor, db):
    body = Source.objects.create(name="Big body", kind="organization")
    Source.objects.bulk_create(
        Source(name=f"Member {i:02}", kind="person", affiliation=body) for i in range(25)
    )
    client.force_login(editor)
    for number in ("99", "0", "-1"):
        members = client.get(url(body), {"members_page": number}).context["members"]
        assert [m.name for m in members.object_list] == [f"Member {i:02}" for i in range(20, 25)]
    second = client.get(url(body), {"members_page": "2"}).context["members"]
    assert len(second.object_list) == 5 and second.has_previous and not second.has_next
    first = client.get(url(body), {"members_page": "abc"}).context["members"]
    assert len(first.object_list) == 20 and first.has_next


def test_every_control_on_the_page_posts_with_the_pages_one_csrf_token(
    reviewer, seed_without_body
):
    import re

    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(reviewer)
    html = client.get(url(source("Vasily Malayev"))).content.decode()
    # Every credibility control shares one token (the Grading's); each form's token is
    # good (a masked token of the same secret).
    controls = html.split('<form class="credibility-form"')[1:]
    tokens = {re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', c)[1] for c in controls}
    assert len(controls) == 2 and len(tokens) == 1
    claim = Claim.objects.filter(speaker=source("Vasily Malayev")).first()
    response = client.post(
        reverse("claims:claim-credibility", args=[claim.pk]),
        {"credibility": 3, "version": claim.version, "csrfmiddlewaretoken": tokens.pop()},
    )
    assert response.status_code == 302
    claim.refresh_from_db()
    assert claim.credibility == 3
