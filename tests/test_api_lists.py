"""Every list of the API pages by its cursor without a duplicate or a gap, and costs the
same number of queries with 10 rows as with 120 (tests/test_query_counts.py's style)."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from claims.models import Claim, ClaimLink, Document, Question, Source

pytestmark = pytest.mark.django_db


def _claims(desk, n):
    claim = desk["438"]
    Claim.objects.bulk_create(
        Claim(document=claim.document, speaker=claim.speaker, statement=f"Count {i}")
        for i in range(n)
    )


def _documents(desk, n):
    now = timezone.now()
    Document.objects.bulk_create(
        Document(title=f"Report {i}", published_at=now - timedelta(hours=i),
                 publisher=desk["438"].document.publisher)
        for i in range(n)
    )


def _questions(desk, n):
    Question.objects.bulk_create(Question(text=f"How many trucks {i}?") for i in range(n))


def _sources(desk, n):
    start = Source.objects.count()
    Source.objects.bulk_create(
        Source(name=f"Stringer {start + i}", kind="person") for i in range(n)
    )


def _links(desk, n):
    claim = desk["438"]
    new = Claim.objects.bulk_create(
        Claim(document=claim.document, speaker=claim.speaker, statement=f"Count {i}")
        for i in range(n)
    )
    ClaimLink.objects.bulk_create(
        ClaimLink(first=claim, second=other, kind="supports") for other in new
    )


LISTS = {
    "/api/claims": (_claims, Claim.objects.order_by("-created_at", "-pk")),
    "/api/claims?speaker_q=Malayev": (_claims, Claim.objects.filter(
        speaker__name="Vasily Malayev").order_by("-created_at", "-pk")),
    "/api/documents": (_documents, Document.objects.order_by("-pk")),
    "/api/questions": (_questions, Question.objects.order_by("-pk")),
    "/api/sources": (_sources, Source.objects.order_by("-pk")),
    "/api/links": (_links, ClaimLink.objects.order_by("-pk")),
}


def _page(client, path: str, **params):
    joiner = "&" if "?" in path else "?"
    query = "&".join(f"{key}={value}" for key, value in params.items())
    response = client.get(f"{path}{joiner}{query}")
    assert response.status_code == 200, response.content
    return response.json()


@pytest.mark.parametrize("path", list(LISTS))
def test_the_cursor_walks_every_row_once(api_as, editor, seed_without_body, path):
    grow, expected = LISTS[path]
    grow(seed_without_body, 30)
    client = api_as(editor)
    walked, cursor = [], ""
    while cursor is not None:
        page = _page(client, path, limit=7, after=cursor)
        walked += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
    assert walked == list(expected.values_list("pk", flat=True))


def _queries(client, path: str) -> int:
    _page(client, path, limit=100)  # warm the content types
    with CaptureQueriesContext(connection) as context:
        page = _page(client, path, limit=100)
    return len(context.captured_queries), len(page["items"])


@pytest.mark.parametrize("path", list(LISTS))
def test_a_list_costs_the_same_queries_at_10_and_120_rows(api_as, editor, seed_without_body,
                                                          path):
    grow = LISTS[path][0]
    client = api_as(editor)
    grow(seed_without_body, 10)
    small, small_rows = _queries(client, path)
    grow(seed_without_body, 110)
    large, large_rows = _queries(client, path)
    assert large_rows > small_rows
    assert large == small
    # The token, the user's permissions, the page; a typed name is looked up before the
    # page on SQLite (the exact name, then the near ones), within it on PostgreSQL.
    assert large <= (5 if "_q=" in path else 3)
