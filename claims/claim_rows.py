"""What the claim list and the claim page show, as presenters read by name.

The claim list: `claim_list_page` filters and pages the claims (claims.search,
claims.paging) and makes each row a `ClaimRow`. The claim page: `claim_page` reads the
claim with its speaker, document, publisher and who logged it in one row, its relays and
questions, and its evidence, into a `ClaimPage`; `claim_history` its saved versions as
`HistoryEntry`s with their `Change`s; `stale_changes` what another editor changed while
one edited it (the edit page). Labels, URLs and dates are made here, as the
Django templates showed them, so that the templates apply no filters.
"""

from __future__ import annotations

import functools
import operator
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import Http404, QueryDict
from django.utils import formats
from django.utils.text import Truncator
from django.utils.timezone import template_localtime

from .badges import Badge, badge_columns, badge_in, relays_by_claim
from .compiled import CompiledRows
from .dependence import claim_evidence
from .models import Claim, ClaimRelay, Question
from .paging import KeysetPage, estimated_count
from .paths import url_pattern
from .ratings import Rating, rating
from .search import filter_claims
from .when import DAY, shown_day, shown_span, shown_time

PER_PAGE = 25
HISTORY_SHOWN = 50
NOT_DIFFED = ["version", "quote_prefix", "quote_suffix", "quote_start", "quote_key", "questions"]
TITLE_LENGTH = 60
# The claims' saved versions (django-simple-history), newest first by its ordering.
HistoricalClaim = Claim.history.model


# --- values as the desk shows them ------------------------------------------------------


@functools.cache
def _labels(model, name: str) -> dict:
    """A model field's value -> what get_<name>_display() shows, made once per field."""
    return {value: str(label) for value, label in model._meta.get_field(name).flatchoices}


def shown_date(value: date | datetime | None) -> str:
    """A day as the desk shows every date (claims.when): "4 Aug 2014"."""
    return shown_day(value).text


def shown_value(value) -> str:
    """What {{ value|default:"(empty)" }} shows: an empty value as "(empty)", the rest
    localised as a Django template prints it."""
    if not value:
        return "(empty)"
    return str(formats.localize(template_localtime(value)))


def cut(text: str, length: int = TITLE_LENGTH) -> str:
    """{{ text|truncatechars:length }}; a text that fits comes back NFC-normalised, as the
    filter gives it, without the Truncator's work."""
    normal = unicodedata.normalize("NFC", text)
    if len(normal) <= length:
        return normal
    return Truncator(text).chars(length)


# --- the claim list -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimRow:
    """A row of the claim list, and (pk, created_at) its cursor."""

    pk: int
    created_at: datetime
    url: str
    statement: str
    chain: tuple[Badge, ...]  # the speaker, then each relay in order
    rating: str  # "B2", or "B-" before grading
    said: str  # "4 Aug 2014", "1 Mar 2024–9 Mar 2024", else the phrase, else "—"
    status: str  # the status's label
    document_url: str
    document_title: str  # cut to TITLE_LENGTH characters


def _said(start: date | None, end: date | None, phrase: str, precision: str = "") -> str:
    if not start:
        return phrase or "—"
    return shown_span(start, end, precision or DAY).text


def claim_rows(rows: list) -> list[ClaimRow]:
    """ClaimRows from rows of Claim.objects.list_rows(), their relays read in one query."""
    relays = relays_by_claim(row.pk for row in rows)
    claim_url = url_pattern("claims:claim-detail")
    document_url = url_pattern("claims:document-detail")
    statuses = _labels(Claim, "status")
    return [
        ClaimRow(
            pk=row.pk, created_at=row.created_at, url=claim_url.format(row.pk),
            statement=row.statement,
            chain=(badge_in(row, "speaker__"), *relays[row.pk]),
            rating=f"{row.speaker__reliability}{row.credibility or '-'}",
            said=_said(row.said_start, row.said_end, row.said_phrase, row.said_precision),
            status=statuses.get(row.status, row.status),
            document_url=document_url.format(row.document_id),
            document_title=cut(row.document__title),
        )
        for row in rows
    ]


@dataclass(frozen=True, slots=True)
class ClaimList:
    """The claim list below its filters: a page of ClaimRows and what is said above it."""

    page: KeysetPage
    query: str  # the filters as a query string, for the pager's links
    count: str  # "11 claims, newest first", or for a filtered list no total


def _count(filtered: bool) -> str:
    if filtered:
        return "Matching claims, newest first"
    total, estimated = estimated_count(Claim)
    if estimated:
        return f"About {total:,} claims (PostgreSQL’s estimate), newest first"
    return f"{total} claim{'' if total == 1 else 's'}, newest first"


def filtered_claims(form) -> tuple:
    """(the claims the claim list's filter form lets through, unordered; whether any
    filter is used). A filter that cannot be read matches nothing. The list and its CSV
    download (claims.csv_export) both read it."""
    if not form.is_valid():
        return Claim.objects.none(), True
    filtered = any(v not in (None, "") for v in form.cleaned_data.values())
    return filter_claims(Claim.objects.all(), form.cleaned_data), filtered


def claim_list_page(form, params: QueryDict) -> ClaimList:
    """The claims the filter form lets through, newest first, the page after or before
    the cursor in `params`. A filter that cannot be read matches nothing (the page says
    why beside the list); only the unfiltered list is counted."""
    claims, filtered = filtered_claims(form)
    page = KeysetPage(
        claims.list_rows(), PER_PAGE, after=params.get("after", ""),
        before=params.get("before", ""), build=claim_rows,
    )
    query = params.copy()
    for key in ("after", "before", "page"):
        query.pop(key, None)
    return ClaimList(page=page, query=query.urlencode(), count=_count(filtered))


# --- the claim page -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClaimPage:
    """Everything the claim page says about a claim, besides its links and history."""

    pk: int
    statement: str
    title: str  # the statement cut for the window's title
    rating: Rating
    status: str
    status_label: str
    certainty: str  # its label
    created_by_id: int | None  # who logged it: claims.permissions.may_correct reads it
    edit_url: str
    quote: str
    cite: str  # the document's address, or ""
    chain: tuple[Badge, ...]  # the speaker, then each relay in order
    document_url: str  # at the quote when the quote is anchored
    document_title: str
    publisher: Badge | None
    published: str
    said_phrase: str
    said: str  # ": 4 Aug 2014 (day)", ": not read" or "—"
    about_phrase: str
    about: str
    quantity_phrase: str
    quantity: str  # ": [438, 438] soldiers", ": not read" or "—"
    evidence: str
    questions: tuple[str, ...]  # their texts, as the question list orders them
    logged: str  # when it was logged
    logged_by: str  # by whom, or ""
    version: int


def _when(phrase: str, start: date | None, end: date | None, precision: str) -> str:
    """A time read from a phrase, at its precision (claims.when): ": 4–8 Aug 2014",
    ": from Apr 2014 on" when it has no end."""
    if start:
        return f": {shown_span(start, end, precision or DAY, open_end=True).text}"
    return ": not read" if phrase else "—"


def _quantity(row) -> str:
    """The claim's figure as an interval: "[438, 438] soldiers", "(open, 5]"."""
    low, high = row.quantity_low, row.quantity_high
    if low is None and high is None:
        return ": not read" if row.quantity_phrase else "—"
    left = "(open" if low is None else f"{'[' if row.quantity_low_inclusive else '('}{_n(low)}"
    right = "open)" if high is None else f"{_n(high)}{']' if row.quantity_high_inclusive else ')'}"
    return f": {left}, {right} {row.quantity_unit}"


def _n(number: Decimal) -> str:
    """A figure without its trailing zeros, as a Django template prints it."""
    return str(formats.localize(number.normalize()))


# The claim page's reads by the claim's id, each compiled once per connection: building
# these querysets cost the page more CPU than running them (claims/compiled.py).
_PAGE_ROW = CompiledRows(lambda pk: Claim.objects.filter(pk=pk).order_by().page_row())
_RELAYS = CompiledRows(
    lambda pk: ClaimRelay.objects.filter(claim=pk).order_by("position")
    .values_list(*badge_columns("source"), named=True)
)
_QUESTIONS = CompiledRows(
    lambda pk: Question.objects.filter(claims=pk).values_list("text", named=True)
)


def claim_page(pk: int) -> ClaimPage:
    """The claim's page, or Http404: the claim in one row, its relays, its questions and
    its evidence (two queries) after it."""
    row = next(iter(_PAGE_ROW.rows(pk)), None)
    if row is None:
        raise Http404("No claim with this id.")
    document_url = url_pattern("claims:document-detail").format(row.document__id)
    if row.quote_start is not None:
        document_url += f"#quote-{row.pk}"
    return ClaimPage(
        pk=row.pk, statement=row.statement, title=cut(row.statement),
        rating=rating(row.pk, row.statement, row.credibility, row.version,
                      row.speaker__reliability),
        status=row.status, status_label=_labels(Claim, "status").get(row.status, row.status),
        certainty=_labels(Claim, "certainty").get(row.certainty, row.certainty),
        created_by_id=row.created_by_id,
        edit_url=url_pattern("claims:claim-edit").format(row.pk),
        quote=row.quote, cite=row.document__url or "",
        chain=(badge_in(row, "speaker__"),
               *(badge_in(relay, "source__") for relay in _RELAYS.rows(row.pk))),
        document_url=document_url, document_title=row.document__title,
        publisher=badge_in(row, "document__publisher__"),
        published=shown_time(row.document__published_at).text,
        said_phrase=row.said_phrase,
        said=_when(row.said_phrase, row.said_start, row.said_end, row.said_precision),
        about_phrase=row.about_phrase,
        about=_when(row.about_phrase, row.about_start, row.about_end, row.about_precision),
        quantity_phrase=row.quantity_phrase, quantity=_quantity(row),
        evidence=claim_evidence(row).text,
        questions=tuple(question.text for question in _QUESTIONS.rows(pk)),
        logged=shown_time(row.created_at).text,
        logged_by=row.created_by__username or "", version=row.version,
    )


# --- the claim's history --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Change:
    field: str  # its verbose name
    old: str  # as shown: "(empty)" for an empty value
    new: str


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    """A saved version of the claim, and what changed from the one before."""

    history_id: int
    iso: str  # when, for <time datetime>
    when: str
    action: str  # "created", "changed" or "deleted"
    by: str  # who saved it, or "the system"
    reason: str  # why, where the save said (a claim put on or taken off a question)
    changes: tuple[Change, ...]


@functools.cache
def _diffed_fields() -> list[tuple[str, str]]:
    """(attname, verbose name) of each field a history entry compares, ordered by field
    name as django-simple-history's diff_against orders its changes."""
    record = HistoricalClaim._meta
    names = sorted(
        field.name for field in HistoricalClaim.tracked_fields
        if field.editable and not field.many_to_many and field.name not in NOT_DIFFED
    )
    return [
        (record.get_field(name).attname, str(Claim._meta.get_field(name).verbose_name))
        for name in names
    ]


@functools.cache
def _diffed_values():
    """A record's diffed values, by name, as one tuple (operator.attrgetter)."""
    return operator.attrgetter(*(attname for attname, _ in _diffed_fields()))


def _changes(record, older) -> tuple[Change, ...]:
    """What diff_against(older, excluded_fields=NOT_DIFFED) finds changed, compared from
    the records' values: diff_against builds two dicts of every field per record."""
    values = _diffed_values()
    return tuple(
        Change(verbose_name, shown_value(old), shown_value(new))
        for (_, verbose_name), old, new in zip(
            _diffed_fields(), values(older), values(record), strict=True
        )
        if old != new
    )


@functools.cache
def _history() -> CompiledRows:
    """The claim's last saved versions as named rows, compiled once (as _PAGE_ROW)."""
    return CompiledRows(lambda pk: HistoricalClaim.objects.filter(id=pk).values_list(
        "history_id", "history_date", "history_type", "history_user__username",
        "history_change_reason", *(attname for attname, _ in _diffed_fields()), named=True,
    )[: HISTORY_SHOWN + 1])


def claim_history(pk: int) -> list[HistoryEntry]:
    """The claim's last HISTORY_SHOWN saved versions, newest first, in one query."""
    records = _history().rows(pk)
    actions = _labels(HistoricalClaim, "history_type")
    return [
        HistoryEntry(
            history_id=record.history_id,
            iso=template_localtime(record.history_date).isoformat(),
            when=shown_time(record.history_date).text,
            action=actions.get(record.history_type, record.history_type).lower(),
            by=record.history_user__username or "the system",
            reason=record.history_change_reason or "",
            changes=_changes(record, older) if older is not None else (),
        )
        for record, older in zip(records[:HISTORY_SHOWN], records[1:] + [None], strict=False)
    ]


def stale_changes(claim: Claim, version: int) -> tuple[Change, ...]:
    """What changed in the claim since `version` (the edit page, after a stale save)."""
    current = claim.history.order_by("-history_id").first()
    started = claim.history.filter(version=version).order_by("-history_id").first()
    if current is None or started is None or current.pk == started.pk:
        return ()
    delta = current.diff_against(started, excluded_fields=NOT_DIFFED)
    return tuple(
        Change(str(Claim._meta.get_field(c.field).verbose_name), shown_value(c.old),
               shown_value(c.new))
        for c in delta.changes
    )


@dataclass(frozen=True, slots=True)
class EditHead:
    """What the edit page says above the claim form."""

    document_title: str
    document_url: str
    version: int
    claim_url: str  # to cancel


def edit_head(claim: Claim) -> EditHead:
    return EditHead(
        document_title=claim.document.title, document_url=claim.document.get_absolute_url(),
        version=claim.version, claim_url=claim.get_absolute_url(),
    )
