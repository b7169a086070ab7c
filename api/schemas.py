"""What the API reads and writes, as typed schemas: OpenAPI 3 is generated from them.

The limits are the forms' (claims/forms/): a longer text is refused here with the
same limit the page gives. Text may hold no NUL character and no lone surrogate
(PostgreSQL keeps neither), and an id is 1 to 2^63 - 1 (claims.ids).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Literal

from ninja import Field, Schema
from pydantic import AfterValidator

from claims.ids import ID_MAX
from claims.languages import CHOICES as LANGUAGE_CHOICES
from claims.models import Claim, ClaimLink, Precision, Reliability, Source

from .problems import Problem

Id = Annotated[int, Field(ge=1, le=ID_MAX)]
NO_NUL = r"^[^\x00]*$"


def _storable(text: str) -> str:
    if "\0" in text:
        raise ValueError("Text may not hold a NUL character.")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("Text must be valid Unicode (no lone surrogates).") from None
    return text


def Text(max_length: int):  # noqa: N802 (a type, as pydantic's constr)
    return Annotated[str, Field(max_length=max_length, pattern=NO_NUL),
                     AfterValidator(_storable)]


# Each set of choices inline, by its values: Django's choices classes share names (a
# source's Kind and a link's Kind) that would be one component of the OpenAPI document.
SourceKind = Literal[tuple(Source.Kind.values)]
Grade = Literal[tuple(Reliability.values)]
ClaimStatus = Literal[tuple(Claim.Status.values)]
Certainty = Literal[tuple(Claim.Certainty.values)]
DatePrecision = Literal[tuple(Precision.values)]
LinkKind = Literal[tuple(ClaimLink.Kind.values)]
LinkNature = Literal[tuple(ClaimLink.Nature.values)]
LinkStatus = Literal[tuple(ClaimLink.Status.values)]
LinkOutcome = Literal[tuple(ClaimLink.Outcome.values)]

LANGUAGES = tuple(code for code, _ in LANGUAGE_CHOICES)
# A document's language, or "" for the desk to detect it from the body.
Language = Annotated[str, Field(json_schema_extra={"enum": ["", *LANGUAGES]})]


class SourceRef(Schema):
    id: int
    name: str
    kind: SourceKind
    reliability: Grade


# --- claims ---------------------------------------------------------------------


class ClaimRow(Schema):
    """A claim as the list gives it."""

    id: int
    page_url: str
    statement: str
    status: ClaimStatus
    credibility: int | None
    said_phrase: str
    said_start: date | None
    said_end: date | None
    created_at: datetime
    document_id: int
    document_title: str
    speaker: SourceRef


class ClaimPage(Schema):
    items: list[ClaimRow]
    next_cursor: str | None = Field(
        description="Pass as `after` for the next page; null on the last page."
    )


class ClaimOut(Schema):
    """A claim with everything it holds."""

    id: int
    page_url: str
    version: int = Field(description="Name it in a write, so that a newer save is not lost.")
    document_id: int
    statement: str
    quote: str
    quote_start: int | None = Field(description="Where the quote stands in the body, or null.")
    speaker: SourceRef
    relays: list[SourceRef]
    questions: list[int]
    said_phrase: str
    said_start: date | None
    said_end: date | None
    said_precision: DatePrecision | None
    about_phrase: str
    about_start: date | None
    about_end: date | None
    about_precision: DatePrecision | None
    quantity_phrase: str
    quantity_low: Decimal | None
    quantity_high: Decimal | None
    quantity_low_inclusive: bool
    quantity_high_inclusive: bool
    quantity_unit: str
    certainty: Certainty
    credibility: int | None
    status: ClaimStatus
    created_by: str | None
    created_at: datetime


class ClaimFields(Schema):
    """A claim's fields as an editor gives them; the readings (dates, number, certainty)
    are read from their phrases as on the claim form when left out."""

    quote: Text(5_000) = ""
    relays: list[Id] = Field(default=[], max_length=20)
    questions: list[Id] = Field(default=[], max_length=100)
    said_phrase: Text(200) = ""
    said_start: date | None = None
    said_end: date | None = None
    said_precision: DatePrecision | None = None
    about_phrase: Text(200) = ""
    about_start: date | None = None
    about_end: date | None = None
    about_precision: DatePrecision | None = None
    quantity_phrase: Text(200) = ""
    quantity_low: Annotated[Decimal, Field(max_digits=24, decimal_places=4)] | None = None
    quantity_high: Annotated[Decimal, Field(max_digits=24, decimal_places=4)] | None = None
    quantity_low_inclusive: bool = True
    quantity_high_inclusive: bool = True
    quantity_unit: Text(100) = ""
    certainty: Certainty | None = None
    keep_unread: bool = Field(
        default=False, description="Save phrases the desk cannot read, as typed."
    )


class ClaimIn(ClaimFields):
    document: Id
    statement: Text(500)
    speaker: Id


class ClaimChange(ClaimFields):
    """What changes: the fields given; `version` is the one the edit started from."""

    version: Annotated[int, Field(ge=1, le=2**31 - 1)]
    statement: Text(500) | None = None
    speaker: Id | None = None


class StaleClaim(Problem):
    stored: ClaimOut


# --- documents ----------------------------------------------------------------------


class DocumentRow(Schema):
    id: int
    page_url: str
    url: str | None
    title: str
    publisher: SourceRef | None
    published_at: datetime
    language: str


class DocumentPage(Schema):
    items: list[DocumentRow]
    next_cursor: str | None


class DocumentOut(DocumentRow):
    body: str
    created_by: str | None
    created_at: datetime
    updated_at: str = Field(
        description="When it was last saved, to the microsecond: name it in an edit, as its "
        "version."
    )


class DocumentIn(Schema):
    url: Text(2000) | None = None
    title: Text(500)
    publisher: Id | None = None
    published_at: datetime
    language: Language = Field(
        default="", description="Left empty, detected from the body (English without one)."
    )
    body: Text(500_000) = ""


# --- questions ------------------------------------------------------------------------


class QuestionOut(Schema):
    id: int
    page_url: str
    text: str
    description: str
    best_answer: str
    claim_count: int
    created_at: datetime


class QuestionPage(Schema):
    items: list[QuestionOut]
    next_cursor: str | None


# --- links ----------------------------------------------------------------------------


class LinkOut(Schema):
    id: int
    page_url: str
    version: int
    first: int
    second: int
    kind: LinkKind
    nature: LinkNature | None
    note: str
    status: LinkStatus
    outcome: LinkOutcome | None
    rationale: str
    proposed_by: str | None
    created_at: datetime
    resolved_by: str | None
    resolved_at: datetime | None


class LinkPage(Schema):
    items: list[LinkOut]
    next_cursor: str | None


class LinkIn(Schema):
    first: Id
    second: Id
    kind: LinkKind
    nature: LinkNature | None = Field(default=None, description="A contradiction's.")
    note: Text(5_000) = ""


class ResolveIn(Schema):
    outcome: LinkOutcome
    rationale: Text(5_000)
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]


class ReopenIn(Schema):
    version: Annotated[int, Field(ge=1, le=2**31 - 1)]


class StaleLink(Problem):
    stored: LinkOut


# --- sources ---------------------------------------------------------------------------


class SourceOut(Schema):
    id: int
    page_url: str
    name: str
    kind: SourceKind
    description: str
    affiliation: int | None
    reliability: Grade
    track_upheld: int
    track_resolved: int


class SourcePage(Schema):
    items: list[SourceOut]
    next_cursor: str | None


class GradeIn(Schema):
    grade: Grade
    reason: Text(2000)
