"""The review queue: open contradictions, oldest first, filtered; resolving in place."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import services
from claims.demo import Q_WHY
from claims.models import Claim, ClaimLink, Question

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}
URL = "/review/"


def test_the_url_is_named():
    assert reverse("claims:review-queue") == URL


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"] == "/login/?next=/review/"


def test_a_user_without_a_role_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(URL).status_code == 403


def test_open_contradictions_come_oldest_first(client, editor, seed_without_body):
    client.force_login(editor)
    response = client.get(URL)
    links = list(response.context["page"].object_list)
    assert [link.kind for link in links] == ["contradicts"] * 4
    assert links == sorted(links, key=lambda link: (link.created_at, link.pk))
    html = response.content.decode()
    assert "4 open contradictions" in html and 'aria-current="page">Review' in html


def test_resolved_and_supporting_links_are_not_in_the_queue(client, reviewer, seed_without_body):
    desk = seed_without_body
    link = ClaimLink.between(desk["supply"], desk["denial"])
    services.contradiction_resolve(
        link=link, outcome="neither", rationale="x", by=reviewer, expected_version=1
    )
    client.force_login(reviewer)
    links = list(client.get(URL).context["page"].object_list)
    assert link not in links and len(links) == 3


def test_the_queue_filters_by_nature_and_question(client, editor, seed_without_body):
    client.force_login(editor)
    certainty = client.get(URL, {"nature": "certainty"}).context["page"].object_list
    assert {link.nature for link in certainty} == {"certainty"} and len(certainty) == 2
    why = Question.objects.get(text=Q_WHY)
    on_why = client.get(URL, {"question": why.pk}).context["page"].object_list
    assert [link.nature for link in on_why] == ["causal"]
    # Typed words of the question (no JavaScript, no pk) filter the same way.
    typed = client.get(URL, {"question_q": Q_WHY[:15]}).context["page"].object_list
    assert [link.pk for link in typed] == [link.pk for link in on_why]
    fragment = client.get(URL, {"nature": "causal"}, **HX).content.decode()
    assert fragment.lstrip().startswith('<div id="queue-rows" ')
    # A filtered queue shows no total (it is not counted); the unfiltered one does.
    assert "Open contradictions matching the filters" in fragment and "<html" not in fragment
    assert fragment.count('class="link') >= 1
    unfiltered = client.get(URL, **HX).content.decode()
    assert "4 open contradictions on the desk" in unfiltered


def test_a_bad_filter_is_ignored(client, editor, seed_without_body):
    client.force_login(editor)
    assert len(client.get(URL, {"nature": "bogus"}).context["page"].object_list) == 4


def test_reviewers_see_resolve_controls_and_editors_do_not(
    client, editor, reviewer, seed_without_body
):
    client.force_login(editor)
    assert "resolve-form" not in client.get(URL).content.decode()
    client.force_login(reviewer)
    html = client.get(URL).content.decode()
    assert html.count('class="resolve-form"') == 4


def test_resolving_from_the_queue_updates_the_row(client, reviewer, seed_without_body):
    desk = seed_without_body
    link = ClaimLink.between(desk["400"], desk["forced"])
    client.force_login(reviewer)
    response = client.post(
        reverse("claims:link-resolve", args=[link.pk]),
        {"outcome": "second_upheld", "rationale": "Rebel fire seen.", "version": 1},
        **HX,
    )
    html = response.content.decode()
    assert "Second upheld" in html and "Rebel fire seen." in html and "Reopen" in html
    assert Claim.objects.get(pk=desk["forced"].pk).status == "upheld"
    assert Claim.objects.get(pk=desk["400"].pk).status == "refuted"


def test_the_queue_paginates(client, editor, seed_without_body):
    desk = seed_without_body
    document, speaker = desk["438"].document, desk["438"].speaker
    for i in range(30):
        a = Claim.objects.create(document=document, statement=f"A{i}", speaker=speaker)
        b = Claim.objects.create(document=document, statement=f"B{i}", speaker=speaker)
        ClaimLink.objects.create(first=a, second=b, kind="contradicts", nature="other")
    client.force_login(editor)
    first = client.get(URL)
    assert len(first.context["page"].object_list) == 25
    html = first.content.decode()
    assert "page=2" in html
    second = client.get(URL, {"page": 2, "nature": "other"})
    assert len(second.context["page"].object_list) == 6
    assert "nature=other&amp;page=1" in second.content.decode()


def queries(client, **extra):
    client.get(URL, **extra)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(URL, **extra).status_code == 200
    return len(ctx)


def add_links(desk, n, start):
    document, speaker = desk["438"].document, desk["438"].speaker
    for i in range(start, start + n):
        a = Claim.objects.create(document=document, statement=f"A{i}", speaker=speaker)
        b = Claim.objects.create(document=document, statement=f"B{i}", speaker=speaker)
        ClaimLink.objects.create(first=a, second=b, kind="contradicts", nature="other")


def test_query_counts_do_not_grow_with_rows(client, reviewer, seed_without_body):
    client.force_login(reviewer)
    ClaimLink.objects.all().delete()
    add_links(seed_without_body, 5, 0)
    few = (queries(client), queries(client, **HX))
    add_links(seed_without_body, 95, 5)
    assert (queries(client), queries(client, **HX)) == few
