"""Whole-table counts: exact on a small desk, PostgreSQL's estimate at scale, in one query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import paging
from claims.models import Claim, ClaimLink, Document, Source

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the planner's estimates are PostgreSQL's"
)


def test_a_small_desk_is_counted_exactly(client, editor, seed_without_body):
    counts = paging.estimated_counts(Document, Claim, Source)
    assert counts == {
        Document: (Document.objects.count(), False),
        Claim: (11, False),
        Source: (Source.objects.count(), False),
    }
    client.force_login(editor)
    html = client.get(reverse("claims:home")).content.decode()
    assert "<dd>11</dd>" in html
    assert "<dd>about" not in html  # (a suggested pair may be "about the same day")


@postgres_only
def test_large_tables_are_estimated_in_one_query(client, editor, seed_without_body, monkeypatch):
    monkeypatch.setattr(paging, "EXACT_BELOW", 6)
    with connection.cursor() as cursor:
        for model in (Document, Claim, Source, ClaimLink):
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    documents = Document.objects.count()
    assert documents < 6 <= Claim.objects.count()
    with CaptureQueriesContext(connection) as counted:
        counts = paging.estimated_counts(Document, Claim, Source)
    # One query for the estimates, one exact count for the small table of documents.
    assert len(counted) == 2
    assert counts[Document] == (documents, False)
    assert counts[Claim] == (11, True)
    assert counts[Source][1] is True
    client.force_login(editor)
    html = client.get(reverse("claims:home")).content.decode()
    assert "<dd>about 11</dd>" in html
    assert "estimates" in html
