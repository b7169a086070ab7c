"""What the document pages show: the list's rows, a document's head, its claims, its body
with the quotes marked, and the questions its claim form offers.

Presenters carry labels, URLs and dates already made; the markup is
templates/claims/document_list.html and document_detail.html.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils.timezone import template_localtime

from .anchors import quote_pattern, relocate
from .badges import Badge, badge_in, source_badge
from .compiled import CompiledRows
from .models import Claim, Document, Question
from .paging import estimated_count, slice_page
from .paths import url, url_pattern
from .when import shown_time

PER_PAGE = 25
QUESTIONS_OFFERED = 30
MAX_ID = 2**63 - 1  # the largest id a row can have (BigAutoField)


# --- The document list --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentRow:
    """A row of the document list."""

    pk: int
    url: str
    title: str
    publisher: Badge | None
    published_iso: str
    published: str  # as the list shows it, "4 Aug 2014 10:00"
    claim_count: int


@dataclass(frozen=True, slots=True)
class DocumentList:
    """One page of the document list: its rows, how many documents match in words, and
    for the pager the page's number, its neighbours' (None at an end) and the filters'
    query string."""

    rows: list[DocumentRow]
    count: str
    number: int
    previous: int | None
    next: int | None
    query: str


def _counted(total: int, estimated: bool) -> str:
    if estimated:
        return f"About {total:,} documents (PostgreSQL’s estimate)"
    return f"{total} document{'' if total == 1 else 's'}"


def documents_page(request: HttpRequest, text: str | None) -> DocumentList:
    """The page of documents the request asks for, newest first; `text` is the search (""
    for the whole desk, None for a search that cannot be read, which matches nothing)."""
    documents = Document.objects.list_rows()
    if text is None:
        documents = documents.none()
    elif text:
        documents = documents.matching(text)
    if text == "":
        # The whole desk: its size from the planner's estimate when it is large (a COUNT
        # reads every row), and pages without a total.
        page = slice_page(request, documents, PER_PAGE)
        total, estimated = estimated_count(Document)
        has_previous, has_next = page.has_previous, page.has_next
    else:
        page = Paginator(documents, PER_PAGE).get_page(request.GET.get("page"))
        total, estimated = page.paginator.count, False
        has_previous, has_next = page.has_previous(), page.has_next()
    query = request.GET.copy()
    query.pop("page", None)
    return DocumentList(
        rows=document_rows(list(page.object_list)), count=_counted(total, estimated),
        number=page.number, previous=page.number - 1 if has_previous else None,
        next=page.number + 1 if has_next else None, query=query.urlencode(),
    )


def document_rows(rows) -> list[DocumentRow]:
    """The list's rows from Document.objects.list_rows(), with their claims counted for these
    documents only (one query), not grouped over the whole table."""
    counts = dict(Claim.objects.counted_by_document([row.id for row in rows]))
    detail = url_pattern("claims:document-detail")
    shown = []
    for row in rows:
        published = shown_time(row.published_at)
        shown.append(DocumentRow(
            pk=row.id, url=detail.format(row.id), title=row.title,
            publisher=badge_in(row, "publisher__"), published_iso=published.iso,
            published=published.text, claim_count=counts.get(row.id, 0),
        ))
    return shown


# --- A document's page ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DocumentHead:
    """What the document page says of the document above its text."""

    pk: int
    title: str
    publisher: Badge | None
    published_iso: str
    published: str  # "Monday 4 August 2014, 10:00"
    language: str
    url: str  # the original, or ""
    has_body: bool
    edit_url: str  # "" when the user may not edit it


def document_head(document: Document, *, can_edit: bool) -> DocumentHead:
    """The head of a Document read with its publisher."""
    local = template_localtime(document.published_at)
    return DocumentHead(
        pk=document.pk, title=document.title,
        publisher=source_badge(document.publisher) if document.publisher_id else None,
        published_iso=local.isoformat(), published=shown_time(document.published_at).text,
        language=document.get_language_display(), url=document.url or "",
        has_body=bool(document.body),
        edit_url=url("claims:document-edit", document.pk) if can_edit else "",
    )


@dataclass(frozen=True, slots=True)
class DocumentClaim:
    """A claim as the document page lists it, and where its quote was anchored."""

    pk: int
    url: str
    statement: str
    rating: str  # the Admiralty pair, "B2" or "B-"
    chain: list[Badge]  # the speaker, then the relays
    quote: str
    quote_start: int | None
    quote_prefix: str
    quote_suffix: str


def document_claims(document: Document) -> list[DocumentClaim]:
    """The claims logged from the document, in the order their quotes stand, with their
    speakers and their relays in order, in one query whatever their number."""
    claims: list[DocumentClaim] = []
    detail = url_pattern("claims:claim-detail")
    for row in _DOCUMENT_ROWS.rows(document.pk):
        relay = badge_in(row, "relay_links__source__")
        if claims and claims[-1].pk == row.id:  # the same claim's next relay
            claims[-1].chain.append(relay)
            continue
        claims.append(DocumentClaim(
            pk=row.id, url=detail.format(row.id), statement=row.statement,
            rating=f"{row.speaker__reliability}{row.credibility or '-'}",
            chain=[badge_in(row, "speaker__")] + ([relay] if relay else []),
            quote=row.quote, quote_start=row.quote_start, quote_prefix=row.quote_prefix,
            quote_suffix=row.quote_suffix,
        ))
    return claims


# The document page's reads by the document's id, compiled once per connection
# (claims/compiled.py): bench/profile_pages.py measured building these querysets at
# about 1 ms of the page's CPU each, more than running them.
_DOCUMENT_ROWS = CompiledRows(lambda pk: Claim.objects.document_rows(pk))
_OFFERED = CompiledRows(lambda pk: Question.objects.offered(pk, [], newest=QUESTIONS_OFFERED))


@dataclass(frozen=True, slots=True)
class Segment:
    """A piece of a document's body: plain text, or text inside claims' quotes."""

    text: str
    claims: str = ""  # the ids of the claims whose quotes cover it, space-separated
    anchor: int | None = None  # the claim whose quote starts here (id="quote-<pk>")


def _quote_span(body: str, claim: DocumentClaim) -> tuple[int, int] | None:
    """Where the claim's quote stands in the body now, or None."""
    start, quote, prefix = claim.quote_start, claim.quote, claim.quote_prefix
    if (
        start is not None
        and start >= len(prefix)
        and quote == quote.strip()
        and body.startswith(quote, start)
        and body.startswith(prefix, start - len(prefix))
        and body.startswith(claim.quote_suffix, start + len(quote))
    ):
        # Still where it was anchored, with the same text around it: what relocate()
        # would answer, without scanning the body for every occurrence.
        return start, start + len(quote)
    start = relocate(body, quote, prefix, claim.quote_suffix, claim.quote_start)
    if start is None:
        return None
    return start, quote_pattern(quote).match(body, start).end()


def body_segments(body: str, claims) -> list[Segment]:
    """The body cut where claims' quotes begin and end, each piece with the claims covering
    it. Overlapping quotes make several pieces; the first piece of each quote carries its
    anchor."""
    spans = []
    for claim in claims:
        if claim.quote:
            span = _quote_span(body, claim)
            if span is not None:
                spans.append((*span, claim.pk))
    if not spans:
        return [Segment(body)] if body else []
    cuts = sorted({0, len(body)} | {s for s, _, _ in spans} | {e for _, e, _ in spans})
    # One sweep over the cuts: the quotes open at each cut, in the claims' order.
    opening, closing = defaultdict(list), defaultdict(list)
    for order, (start, end, pk) in enumerate(spans):
        opening[start].append((order, pk))
        closing[end].append((order, pk))
    open_now: set[tuple[int, int]] = set()
    first_seen: set[int] = set()
    segments = []
    for left, right in zip(cuts, cuts[1:], strict=False):
        open_now.difference_update(closing.get(left, ()))
        open_now.update(opening.get(left, ()))
        covering = [pk for _, pk in sorted(open_now)]
        if not covering:
            segments.append(Segment(body[left:right]))
            continue
        new = [pk for pk in covering if pk not in first_seen]
        first_seen.update(new)
        segments.append(Segment(body[left:right], " ".join(map(str, covering)),
                                new[0] if new else None))
    return segments


def offer_questions(form, document: Document) -> None:
    """Offer, as the claim form's question boxes, the questions this document's claims are
    on, those already ticked and the newest ones: not all of the desk's thousands.

    Only what the page shows is narrowed; saving accepts any question (a claim joins an
    older question from that question's page). One query.
    """
    # Ids as typed into a form: a number no row can have (over a 64-bit id) is no question.
    ticked = [int(v) for v in (form["questions"].value() or []) if str(v).isdecimal()]
    ticked = [pk for pk in ticked if pk <= MAX_ID]
    if ticked:
        offered = Question.objects.offered(document.pk, ticked, newest=QUESTIONS_OFFERED)
    else:  # the page as opened: the same query for every document
        offered = _OFFERED.rows(document.pk)
    form.offered_questions = list(offered)

