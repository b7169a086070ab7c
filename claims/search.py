"""Searching claims by their statement, quote and speaker.

On PostgreSQL the statement and the quote are matched by full-text search
(English stemming, web-search syntax: quoted phrases, "or", "-word"), and the
speaker's name by a plain case-insensitive match. On any other database each
word must appear in the statement, the quote or the speaker's name.
"""

from django.db import connection
from django.db.models import Q, QuerySet

# The GIN index of migration 0004_perf is built on this expression; keep the two in step.
CONFIG = "english"


def search_claims(queryset: QuerySet, text: str) -> QuerySet:
    text = " ".join((text or "").split())
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return _full_text(queryset, text)
    return _plain(queryset, text)


def _full_text(queryset: QuerySet, text: str) -> QuerySet:
    from django.contrib.postgres.search import SearchQuery, SearchVector

    vector = SearchVector("statement", "quote", config=CONFIG)
    query = SearchQuery(text, config=CONFIG, search_type="websearch")
    return queryset.annotate(search_document=vector).filter(
        Q(search_document=query) | Q(speaker__name__icontains=text)
    )


def _plain(queryset: QuerySet, text: str) -> QuerySet:
    for word in text.split():
        queryset = queryset.filter(
            Q(statement__icontains=word)
            | Q(quote__icontains=word)
            | Q(speaker__name__icontains=word)
        )
    return queryset


def filter_claims(queryset: QuerySet, filters: dict) -> QuerySet:
    """Narrow claims by the claim list's filters (the cleaned ClaimFilterForm data)."""
    from .models import ClaimRelay

    if filters.get("q"):
        queryset = search_claims(queryset, filters["q"])
    if filters.get("speaker"):
        queryset = queryset.filter(speaker=filters["speaker"])
    if filters.get("outlet"):
        outlet = filters["outlet"]
        relayed = ClaimRelay.objects.filter(source=outlet).values("claim_id")
        queryset = queryset.filter(Q(document__publisher=outlet) | Q(pk__in=relayed))
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    if filters.get("question"):
        queryset = queryset.filter(questions=filters["question"])
    if filters.get("said_from"):
        queryset = queryset.filter(said_start__gte=filters["said_from"])
    if filters.get("said_to"):
        queryset = queryset.filter(said_start__lte=filters["said_to"])
    return queryset
