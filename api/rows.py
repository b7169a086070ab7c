"""The API's reads: the claims' filters and cursor (claims.search, claims.paging) and, for
the other lists, a cursor on the primary key (newest first); each row made into what
its schema (api.schemas) says, by name.

Every list is one query for its rows (the claim list's speakers and the documents'
publishers in it), whatever the number of rows on a page.
"""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from claims.ids import parse_id
from claims.models import Claim, ClaimLink, Document, Question, Source
from claims.paging import KeysetPage
from claims.paths import url_pattern
from claims.search import filter_claims, named, questions_named

SOURCE_REF = ("id", "name", "kind", "reliability")


def _ref(row, prefix: str) -> dict | None:
    if getattr(row, f"{prefix}id") is None:
        return None
    return {name: getattr(row, prefix + name) for name in SOURCE_REF}


def _page_url(name: str, pk: int) -> str:
    return url_pattern(name).format(pk)


def _by_id(rows, after: str, limit: int) -> tuple[list, str | None]:
    """A page of `rows` newest first by id, after the cursor `after` (an id)."""
    last = parse_id(after) if after else None
    if last is not None:
        rows = rows.filter(pk__lt=last)
    found = list(rows.order_by("-pk")[: limit + 1])
    more = len(found) > limit
    found = found[:limit]
    return found, (str(found[-1].id) if more else None)


# --- claims -------------------------------------------------------------------------


def claim_list(filters: dict, after: str, limit: int) -> dict:
    """Claims the claim list's filters (the cleaned ClaimFilterForm) let through, newest
    first by (created_at, id) as the claim list pages them."""
    claims = filter_claims(Claim.objects.all(), filters)
    page = KeysetPage(claims.list_rows(), limit, after=after, build=list)
    items = [
        {
            "id": row.pk, "page_url": _page_url("claims:claim-detail", row.pk),
            "statement": row.statement, "status": row.status, "credibility": row.credibility,
            "said_phrase": row.said_phrase, "said_start": row.said_start,
            "said_end": row.said_end, "created_at": row.created_at,
            "document_id": row.document_id, "document_title": row.document__title,
            "speaker": _ref(row, "speaker__"),
        }
        for row in page.object_list
    ]
    return {"items": items, "next_cursor": page.next_cursor if page.has_next else None}


def _source_ref(source: Source) -> dict:
    return {name: getattr(source, name) for name in SOURCE_REF}


def claim_out(pk: int) -> dict:
    """A claim with everything it holds, or Http404: three queries (the claim with its
    speaker and who logged it, its relays, its questions)."""
    claim = get_object_or_404(
        Claim.objects.select_related("speaker", "created_by").with_relays()
        .prefetch_related("questions"),
        pk=pk,
    )
    fields = {
        name: getattr(claim, name)
        for name in (
            "version", "document_id", "statement", "quote", "quote_start", "said_phrase",
            "said_start", "said_end", "about_phrase", "about_start", "about_end",
            "quantity_phrase", "quantity_low", "quantity_high", "quantity_low_inclusive",
            "quantity_high_inclusive", "quantity_unit", "certainty", "credibility", "status",
            "created_at",
        )
    }
    relays = sorted(claim.relay_links.all(), key=lambda relay: relay.position)
    return {
        **fields,
        "id": claim.pk, "page_url": _page_url("claims:claim-detail", claim.pk),
        "speaker": _source_ref(claim.speaker),
        "relays": [_source_ref(relay.source) for relay in relays],
        "questions": sorted(question.pk for question in claim.questions.all()),
        "said_precision": claim.said_precision or None,
        "about_precision": claim.about_precision or None,
        "created_by": claim.created_by.get_username() if claim.created_by else None,
    }


# --- documents ------------------------------------------------------------------------

DOCUMENT_ROW = (
    "id", "url", "title", "published_at", "language",
    *(f"publisher__{name}" for name in SOURCE_REF),
)


def _document(row) -> dict:
    return {
        "id": row.id, "page_url": _page_url("claims:document-detail", row.id), "url": row.url,
        "title": row.title, "published_at": row.published_at, "language": row.language,
        "publisher": _ref(row, "publisher__"),
    }


def document_list(text: str, publisher: int | None, after: str, limit: int) -> dict:
    documents = Document.objects.all()
    if text:
        documents = documents.matching(text)
    if publisher is not None:
        documents = documents.filter(publisher_id=publisher)
    rows, cursor = _by_id(documents.values_list(*DOCUMENT_ROW, named=True), after, limit)
    return {"items": [_document(row) for row in rows], "next_cursor": cursor}


def document_out(pk: int) -> dict:
    rows = Document.objects.filter(pk=pk).values_list(
        *DOCUMENT_ROW, "body", "created_by__username", "created_at", "updated_at", named=True
    )
    row = next(iter(rows), None)
    if row is None:
        raise Http404
    return {
        **_document(row), "body": row.body, "created_by": row.created_by__username,
        "created_at": row.created_at, "updated_at": row.updated_at.isoformat(),
    }


# --- questions ------------------------------------------------------------------------


def _question(question) -> dict:
    return {
        "id": question.pk, "page_url": _page_url("claims:question-detail", question.pk),
        "text": question.text, "description": question.description,
        "best_answer": question.best_answer, "claim_count": question.claim_count,
        "created_at": question.created_at,
    }


def _questions():
    return Question.objects.for_list().defer(None).only(
        "text", "description", "best_answer", "created_at"
    )


def question_list(text: str, after: str, limit: int) -> dict:
    questions = _questions()
    if text:
        questions = questions.filter(pk__in=questions_named(text))
    rows, cursor = _by_id(questions, after, limit)
    return {"items": [_question(row) for row in rows], "next_cursor": cursor}


def question_out(pk: int) -> dict:
    return _question(get_object_or_404(_questions(), pk=pk))


# --- links ------------------------------------------------------------------------------

LINK_ROW = (
    "id", "version", "first_id", "second_id", "kind", "nature", "note", "status", "outcome",
    "rationale", "proposed_by__username", "created_at", "resolved_by__username", "resolved_at",
)


def _link(row) -> dict:
    return {
        "id": row.id, "page_url": _page_url("claims:link-detail", row.id),
        "version": row.version, "first": row.first_id, "second": row.second_id,
        "kind": row.kind, "nature": row.nature or None, "note": row.note,
        "status": row.status, "outcome": row.outcome or None, "rationale": row.rationale,
        "proposed_by": row.proposed_by__username, "created_at": row.created_at,
        "resolved_by": row.resolved_by__username, "resolved_at": row.resolved_at,
    }


def link_list(kind: str, status: str, claim: int | None, after: str, limit: int) -> dict:
    links = ClaimLink.objects.all()
    if kind:
        links = links.filter(kind=kind)
    if status:
        links = links.filter(status=status)
    if claim is not None:
        links = links.filter(Q(first=claim) | Q(second=claim))
    rows, cursor = _by_id(links.values_list(*LINK_ROW, named=True), after, limit)
    return {"items": [_link(row) for row in rows], "next_cursor": cursor}


def link_out(pk: int) -> dict:
    row = next(iter(ClaimLink.objects.filter(pk=pk).values_list(*LINK_ROW, named=True)), None)
    if row is None:
        raise Http404
    return _link(row)


# --- sources ------------------------------------------------------------------------------

SOURCE_ROW = (
    "id", "name", "kind", "description", "affiliation_id", "reliability", "track_upheld",
    "track_resolved",
)


def _source(row) -> dict:
    return {
        "id": row.id, "page_url": _page_url("claims:source-detail", row.id), "name": row.name,
        "kind": row.kind, "description": row.description, "affiliation": row.affiliation_id,
        "reliability": row.reliability, "track_upheld": row.track_upheld,
        "track_resolved": row.track_resolved,
    }


def source_list(text: str, kind: str, after: str, limit: int) -> dict:
    sources = Source.objects.all()
    if text:
        sources = named(sources, text)
    if kind:
        sources = sources.filter(kind=kind)
    rows, cursor = _by_id(sources.values_list(*SOURCE_ROW, named=True), after, limit)
    return {"items": [_source(row) for row in rows], "next_cursor": cursor}


def source_out(pk: int) -> dict:
    row = next(iter(Source.objects.filter(pk=pk).values_list(*SOURCE_ROW, named=True)), None)
    if row is None:
        raise Http404
    return _source(row)
