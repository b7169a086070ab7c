"""Each page costs the same number of queries with 10 rows as with 200 (issue 6).

One test per page: it grows the desk from 10 to 200 rows of what the page
lists and counts the queries of the same request at both sizes.
"""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.demo import SEED_URL
from claims.models import Claim, ClaimLink, ClaimRelay, Document, Question, Source

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def queries(client, url, **headers) -> int:
    client.get(url, **headers)  # warm the session and the content types
    with CaptureQueriesContext(connection) as context:
        response = client.get(url, **headers)
    assert response.status_code == 200
    return len(context.captured_queries)


@pytest.fixture
def desk(seed_without_body):
    document = Document.objects.get(url=SEED_URL)
    speaker = Source.objects.get(name="Vasily Malayev")
    relays = [Source.objects.get(name="Interfax"), Source.objects.get(name="The Moscow Times")]
    question = Question.objects.first()
    state = {"made": 0}

    def grow(total: int) -> None:
        new = Claim.objects.bulk_create(
            Claim(document=document, statement=f"Zebras counted {i}", speaker=speaker,
                  quote="", said_start=date(2014, 8, 4), about_start=date(2014, 8, 4))
            for i in range(state["made"], total)
        )
        state["made"] = total
        ClaimRelay.objects.bulk_create(
            ClaimRelay(claim=c, source=s, position=n)
            for c in new for n, s in enumerate(relays, start=1)
        )
        for claim in new:
            claim.questions.add(question)
        anchor = Claim.objects.exclude(pk__in=[c.pk for c in new]).first()
        ClaimLink.objects.bulk_create(
            ClaimLink(first=anchor, second=c, kind=ClaimLink.Kind.CONTRADICTS,
                      first_speaker=anchor.speaker, second_speaker=speaker)
            for c in new
        )

    return {"grow": grow, "document": document, "speaker": speaker, "question": question}


def same_at_10_and_200(client, desk, url, **headers) -> None:
    desk["grow"](10)
    small = queries(client, url, **headers)
    desk["grow"](200)
    assert queries(client, url, **headers) == small


def test_the_claim_list_costs_the_same(client, editor, desk):
    client.force_login(editor)
    same_at_10_and_200(client, desk, reverse("claims:claim-list"))


def test_a_claim_search_costs_the_same(client, editor, desk):
    client.force_login(editor)
    same_at_10_and_200(client, desk, reverse("claims:claim-list") + "?q=zebras", **HX)


def test_the_claim_page_costs_the_same(client, editor, desk):
    client.force_login(editor)
    claim = Claim.objects.order_by("pk").first()  # every grown claim links to it
    same_at_10_and_200(client, desk, claim.get_absolute_url())


def test_the_document_page_costs_the_same(client, editor, desk):
    client.force_login(editor)
    same_at_10_and_200(client, desk, desk["document"].get_absolute_url())


def test_the_compare_page_costs_the_same(client, reviewer, desk):
    client.force_login(reviewer)
    first = Claim.objects.order_by("pk").first()
    last = Claim.objects.order_by("pk").last()
    same_at_10_and_200(client, desk, reverse("claims:compare") + f"?a={first.pk}&b={last.pk}")


def test_the_question_page_costs_the_same(client, reviewer, desk):
    client.force_login(reviewer)
    same_at_10_and_200(
        client, desk, reverse("claims:question-detail", args=[desk["question"].pk])
    )


def test_the_review_queue_costs_the_same(client, reviewer, desk):
    client.force_login(reviewer)
    same_at_10_and_200(client, desk, reverse("claims:review-queue"))


def test_the_source_list_costs_the_same(client, editor, desk):
    Source.objects.bulk_create(Source(name=f"Zebra watcher {i}", kind="person") for i in range(200))
    client.force_login(editor)
    same_at_10_and_200(client, desk, reverse("claims:source-list"))


def test_the_source_page_costs_the_same(client, editor, desk):
    client.force_login(editor)
    same_at_10_and_200(client, desk, desk["speaker"].get_absolute_url())
    # ... with the speaker's links listed, a page of them.
    links = client.get(desk["speaker"].get_absolute_url()).context["claims"].links
    assert len(links.object_list) > 10


def test_the_source_picker_costs_the_same(client, editor, desk):
    client.force_login(editor)
    url = reverse("claims:source-picker", args=["speaker"]) + "?speaker_q=zebra"
    desk["grow"](10)
    Source.objects.bulk_create(Source(name=f"Zebra watcher {i}", kind="person") for i in range(10))
    small = queries(client, url, **HX)
    Source.objects.bulk_create(Source(name=f"Zebra keeper {i}", kind="person") for i in range(190))
    assert queries(client, url, **HX) == small


def test_the_date_preview_costs_the_same(client, editor, desk):
    client.force_login(editor)
    url = reverse("claims:preview-when", args=[desk["document"].pk, "said"]) + "?said_phrase=Monday"
    same_at_10_and_200(client, desk, url, **HX)


def test_the_filter_names_fragment_answers_a_datalist(client, editor, desk):
    client.force_login(editor)
    url = reverse("claims:filter-names", args=["speaker"]) + "?speaker_q=mala"
    fragment = client.get(url, **HX).content.decode()
    assert fragment.startswith('<datalist id="speaker-names">')
    assert '<option value="Vasily Malayev">' in fragment
    page = client.get(url).content.decode()
    assert "Vasily Malayev" in page and "<datalist" not in page
    assert client.get(reverse("claims:filter-names", args=["nobody"])).status_code == 404


# --- issue 17: the downloads and the import page --------------------------------------------


def streamed_queries(client, url) -> int:
    """Queries of a streamed download, counted while its content is read."""
    b"".join(client.get(url).streaming_content)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200
        b"".join(response.streaming_content)
    return len(context.captured_queries)


def streamed_same_at_10_and_200(client, desk, url, before_counting=None) -> None:
    counts = []
    for total in (10, 200):
        desk["grow"](total)
        if before_counting:
            before_counting()
        counts.append(streamed_queries(client, url))
    assert counts[0] == counts[1]


@pytest.mark.parametrize("name", [
    "claims:claim-list-csv", "claims:source-list-csv", "claims:question-list-csv",
    "claims:review-queue-csv",
])
def test_each_csv_download_costs_the_same(client, editor, desk, name):
    client.force_login(editor)
    streamed_same_at_10_and_200(client, desk, reverse(name))


def test_the_claimreview_downloads_cost_the_same(client, editor, desk):
    from django.utils import timezone

    def resolve_all():
        ClaimLink.objects.filter(kind="contradicts").update(
            status="resolved", outcome="first_upheld", rationale="Checked.",
            resolved_at=timezone.now(),
        )

    client.force_login(editor)
    streamed_same_at_10_and_200(client, desk, reverse("claims:claimreview-desk"), resolve_all)
    url = reverse("claims:claimreview-question", args=[desk["question"].pk])
    streamed_same_at_10_and_200(client, desk, url, resolve_all)


def test_the_import_pages_cost_the_same(client, editor, desk):
    client.force_login(editor)
    same_at_10_and_200(client, desk, reverse("claims:claim-import"))
    same_at_10_and_200(client, desk, reverse("claims:source-import"))
