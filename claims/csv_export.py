"""CSV downloads of the list pages: claims, sources, questions and the review queue.

Each list's download reads the same query string through the same functions as its
page (claim_rows.filtered_claims, source_rows.listed_sources, the queue's filters),
and writes every row the filter lets through, not one page. Rows are values rows
read with .iterator(chunk_size=CHUNK) (a server-side cursor on PostgreSQL), and a
claim's relays and questions are read for each chunk of claims at once, so memory
stays flat at a million rows: nothing holds the whole list.

A cell a spreadsheet would read as a formula (starting with =, +, -, @, a tab or a
carriage return) is written with a leading apostrophe; claims.csv_import takes it
off again, so a file round-trips.
"""

from __future__ import annotations

import csv
import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator

from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone

from .models import Claim, ClaimRelay

CHUNK = 2_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

CLAIM_HEADER = (
    "id", "statement", "quote", "speaker", "speaker_kind", "relays", "document_url",
    "document_title", "document_published_at", "document_publisher", "document_language",
    "said_phrase", "said_start", "said_end", "said_precision",
    "about_phrase", "about_start", "about_end", "about_precision",
    "quantity_phrase", "quantity_low", "quantity_high", "quantity_low_inclusive",
    "quantity_high_inclusive", "quantity_unit", "certainty", "credibility", "status",
    "questions", "created_at",
)
# The claim columns read as they stand (the rest are worked out per row).
_CLAIM_VALUES = (
    "id", "statement", "quote", "speaker__name", "speaker__kind", "document__url",
    "document__title", "document__published_at", "document__publisher__name",
    "document__language", "said_phrase", "said_start", "said_end", "said_precision",
    "about_phrase", "about_start", "about_end", "about_precision", "quantity_phrase",
    "quantity_low", "quantity_high", "quantity_low_inclusive", "quantity_high_inclusive",
    "quantity_unit", "certainty", "credibility", "status", "created_at",
)
SOURCE_HEADER = (
    "id", "name", "kind", "description", "affiliation", "affiliation_kind", "reliability",
    "claims_spoken", "claims_relayed",
)
QUESTION_HEADER = ("id", "text", "description", "best_answer", "claims", "created_at")
LINK_HEADER = (
    "id", "first_claim", "first_statement", "second_claim", "second_statement", "kind",
    "nature", "note", "status", "created_at",
)


class _Line:
    """A file-like object that hands back what csv.writer writes to it."""

    def write(self, value: str) -> str:
        return value


_FORMULA_CHARS = frozenset(FORMULA_STARTS)


def cell(value) -> str:
    """A value as a CSV cell: dates in ISO form, a formula-like text defused."""
    kind = type(value)
    if kind is str:  # most cells: checked first, as cheaply as can be
        return "'" + value if value[:1] in _FORMULA_CHARS else value
    if value is None:
        return ""
    if kind is int:
        return str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if hasattr(value, "tzinfo") and hasattr(value, "hour"):
        return timezone.localtime(value).isoformat() if value.tzinfo else value.isoformat()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if hasattr(value, "normalize"):  # a Decimal: no trailing zeros
        return f"{value.normalize():f}"
    text = str(value)
    if text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def csv_lines(header: Iterable[str], rows: Iterable[Iterable]) -> Iterator[str]:
    """The CSV text of a header and rows, a line at a time."""
    writer = csv.writer(_Line())
    yield writer.writerow(header)
    for row in rows:
        yield writer.writerow([cell(value) for value in row])


def streamed(filename: str, header, rows) -> StreamingHttpResponse:
    """A CSV download, written while it is sent."""
    return StreamingHttpResponse(
        csv_lines(header, rows), content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _chunks(rows: Iterable, size: int = CHUNK) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _relays_of(ids: list[int]) -> dict[int, list[str]]:
    relays = defaultdict(list)
    rows = (
        ClaimRelay.objects.filter(claim_id__in=ids).order_by("claim_id", "position")
        .values_list("claim_id", "source__name", "source__kind", named=True)
    )
    for row in rows:
        relays[row.claim_id].append(f"{row.source__name} ({row.source__kind})")
    return relays


def _questions_of(ids: list[int]) -> dict[int, list[str]]:
    questions = defaultdict(list)
    rows = (
        Claim.questions.through.objects.filter(claim_id__in=ids)
        .order_by("claim_id", "question__text")
        .values_list("claim_id", "question__text", named=True)
    )
    for row in rows:
        questions[row.claim_id].append(row.question__text)
    return questions


def claim_csv_rows(claims: QuerySet) -> Iterator[list]:
    """Rows of CLAIM_HEADER for `claims`, newest first as the list shows them. Relays are
    one per line as "name (kind)", questions one text per line."""
    rows = (
        claims.order_by("-created_at", "-pk").values_list(*_CLAIM_VALUES, named=True)
        .iterator(chunk_size=CHUNK)
    )
    for chunk in _chunks(rows):
        ids = [row.id for row in chunk]
        relays, questions = _relays_of(ids), _questions_of(ids)
        for row in chunk:
            yield [
                row.id, row.statement, row.quote, row.speaker__name, row.speaker__kind,
                "\n".join(relays.get(row.id, ())), row.document__url, row.document__title,
                row.document__published_at, row.document__publisher__name,
                row.document__language, row.said_phrase, row.said_start, row.said_end,
                row.said_precision, row.about_phrase, row.about_start, row.about_end,
                row.about_precision, row.quantity_phrase, row.quantity_low, row.quantity_high,
                row.quantity_low_inclusive, row.quantity_high_inclusive, row.quantity_unit,
                row.certainty, row.credibility, row.status,
                "\n".join(questions.get(row.id, ())), row.created_at,
            ]


def source_csv_rows(sources: QuerySet, ordering: list) -> Iterator[tuple]:
    """Rows of SOURCE_HEADER for the source list's rows (SourceQuerySet.for_list), in its
    order."""
    return sources.order_by(*ordering).values_list(
        "id", "name", "kind", "description", "affiliation__name", "affiliation__kind",
        "reliability", "spoken_count", "relayed_count",
    ).iterator(chunk_size=CHUNK)


def question_csv_rows(questions: QuerySet) -> Iterator[tuple]:
    """Rows of QUESTION_HEADER for the question list's rows (QuestionQuerySet.for_list)."""
    return questions.values_list(
        "id", "text", "description", "best_answer", "claim_count", "created_at"
    ).iterator(chunk_size=CHUNK)


def link_csv_rows(links: QuerySet) -> Iterator[tuple]:
    """Rows of LINK_HEADER for the review queue's links, oldest first as it shows them."""
    return links.order_by("created_at", "pk").values_list(
        "id", "first_id", "first__statement", "second_id", "second__statement", "kind",
        "nature", "note", "status", "created_at",
    ).iterator(chunk_size=CHUNK)
