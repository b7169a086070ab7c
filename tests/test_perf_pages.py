"""The claim page's attribution and the rows of the claim list and the document page read
their relays as badges through one loader (badges.relays_by_claim); the page's HTML is
the chain macro's drawing of the Claim's own attribution chain."""

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext

from claims.badges import Badge, relays_by_claim, source_badge
from claims.models import Claim, ClaimRelay, Question, Source

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"co\""


@pytest.fixture
def relayed(seed_without_body):
    """A claim said by a hostile name, relayed by two sources stored out of order."""
    claim = seed_without_body["438"]
    claim.relay_links.all().delete()
    claim.speaker.name = HOSTILE
    claim.speaker.save()
    agency = Source.objects.create(name="Agency <b>", kind="organization", reliability="C")
    outlet = Source.objects.create(name="Outlet & Co", kind="outlet")
    ClaimRelay.objects.create(claim=claim, source=outlet, position=2)
    ClaimRelay.objects.create(claim=claim, source=agency, position=1)
    return claim


def test_the_relays_come_in_their_order_as_the_badges_values(relayed):
    other = Claim.objects.create(
        document=relayed.document, statement="Said directly", speaker=relayed.speaker
    )
    found = relays_by_claim([relayed.pk, other.pk])
    assert [source.name for source in found[relayed.pk]] == ["Agency <b>", "Outlet & Co"]
    assert found[other.pk] == []
    agency = found[relayed.pk][0]
    assert isinstance(agency, Badge) and agency.grade == "C"


def test_no_claims_cost_no_query(django_assert_num_queries):
    with django_assert_num_queries(0):
        assert relays_by_claim([]) == {}


def test_the_claim_page_attribution_is_the_claims_own_chain(client, editor, relayed):
    client.force_login(editor)
    html = client.get(relayed.get_absolute_url()).content.decode()
    reference = Claim.objects.with_related().get(pk=relayed.pk)
    macros = engines["jinja2"].env.get_template("claims/macros.html").module
    expected = str(macros.chain([source_badge(s) for s in reference.attribution_chain()]))
    assert expected in html
    assert "<script>alert" not in html and "Agency &lt;b&gt;" in html


def test_the_claim_page_queries_do_not_grow_with_relays_or_questions(client, editor, relayed):
    client.force_login(editor)
    url = relayed.get_absolute_url()
    client.get(url)  # sessions, permissions and the like read once
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(4):
        relay = Source.objects.create(name=f"Relay {n}", kind="outlet")
        ClaimRelay.objects.create(claim=relayed, source=relay, position=10 + n)
        relayed.questions.add(Question.objects.create(text=f"Question {n}?"))
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert "Relay 3" in html and "Question 3?" in html
    assert len(many) == len(few)
