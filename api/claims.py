"""Claims and documents: list and read; log a claim, correct it, add a document, correct
it. Each endpoint asks claims.permissions as the page for the same action does, and
writes through the page's form and service."""

from __future__ import annotations

from datetime import date, datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from claims.forms.documents import (
    ClaimFilterForm,
    ClaimForm,
    DocumentEditForm,
    DocumentForm,
    initial_from_claim,
)
from claims.ids import ID_MAX
from claims.models import Claim, Document
from claims.permissions import require, require_correct
from claims.services_claims import (
    DuplicateUrl,
    StaleClaim,
    StaleDocument,
    claim_create,
    claim_update,
    document_add,
    document_update,
)

from . import rows
from .forms import posted
from .problems import LIST, READ, WRITE, Conflict, Problem, Refused, refuse_form
from .schemas import (
    ClaimChange,
    ClaimIn,
    ClaimOut,
    ClaimPage,
    ClaimStatus,
    DocumentIn,
    DocumentOut,
    DocumentPage,
    Id,
    Language,
    Text,
)
from .schemas import StaleClaim as StaleClaimProblem

router = Router(tags=["claims"])
documents = Router(tags=["documents"])

PK = Path(..., ge=1, le=ID_MAX)
Limit = Field(25, ge=1, le=100, description="Rows on a page.")


class ClaimFilters(Schema):
    """The claim list's filters. Speaker, outlet and question are each one row's id or a
    typed name, matched as the claim list matches it."""

    q: Text(200) = Field("", description="Words of the statement, the quote or the speaker.")
    speaker: Id | None = None
    speaker_q: Text(200) = ""
    outlet: Id | None = None
    outlet_q: Text(200) = ""
    status: ClaimStatus | None = None
    question: Id | None = None
    question_q: Text(300) = ""
    said_from: date | None = None
    said_to: date | None = None
    after: Text(40) = Field("", description="The `next_cursor` of the page before.")
    limit: int = Limit


@router.get("/claims", response={200: ClaimPage, **LIST}, summary="Claims, newest first")
def claim_list(request, filters: Query[ClaimFilters]):
    require(request.user, "claims.view_claim")
    given = filters.dict(exclude={"after", "limit"})
    form = ClaimFilterForm(posted(given))
    if not form.is_valid():
        refuse_form(form, "A filter cannot be read.")
    return rows.claim_list(form.cleaned_data, filters.after, filters.limit)


@router.get("/claims/{pk}", response={200: ClaimOut, **READ}, summary="A claim")
def claim_read(request, pk: int = PK):
    require(request.user, "claims.view_claim")
    return rows.claim_out(pk)


@router.post("/claims", response={201: ClaimOut, **WRITE}, summary="Log a claim")
def claim_log(request, payload: ClaimIn):
    require(request.user, "claims.add_claim")
    document = Document.objects.select_related("publisher").filter(pk=payload.document).first()
    if document is None:
        raise Refused("No such document.", [{"field": "document", "message": "No such document."}])
    form = ClaimForm(posted(payload.dict(exclude={"document"})), document=document)
    if not form.is_valid():
        refuse_form(form)
    claim = claim_create(document=document, data=form.cleaned_data, by=request.user)
    return Status(201, rows.claim_out(claim.pk))


@router.patch(
    "/claims/{pk}", response={200: ClaimOut, **WRITE, 409: StaleClaimProblem},
    summary="Correct a claim",
)
def claim_correct(request, payload: ClaimChange, pk: int = PK):
    """Change the fields given. A phrase given without its readings is read again, as on
    the edit page; `version` names the claim's version the change started from, and a
    newer save answers 409 with the claim as stored."""
    require(request.user, "claims.change_claim")
    claim = get_object_or_404(Claim.objects.for_edit(), pk=pk)
    require_correct(request.user, claim, "claims.change_claim")
    given = payload.dict(exclude_unset=True)
    version = given.pop("version")
    data = {**initial_from_claim(claim), **given, "version": version}
    form = ClaimForm(posted(data), document=claim.document, claim=claim)
    if not form.is_valid():
        refuse_form(form)
    try:
        claim_update(claim=claim, data=form.cleaned_data, version=version, by=request.user)
    except StaleClaim as stale:
        raise Conflict(
            f"The claim was saved by someone else since version {version}: it is at version "
            f"{stale.current.version}. Nothing of yours was saved.",
            ClaimOut(**rows.claim_out(pk)),
        ) from None
    return rows.claim_out(pk)


# --- documents ---------------------------------------------------------------------------


class DocumentFilters(Schema):
    q: Text(200) = Field("", description="Words of the title, the URL or the publisher.")
    publisher: Id | None = None
    after: Text(40) = ""
    limit: int = Limit


class DocumentChange(Schema):
    """What changes: the fields given; `updated_at` is the document's as it was read."""

    updated_at: datetime
    url: Text(2000) | None = None
    title: Text(500) | None = None
    publisher: Id | None = None
    published_at: datetime | None = None
    language: Language | None = None
    body: Text(500_000) | None = None


class StaleDocumentProblem(Problem):
    stored: DocumentOut


@documents.get("/documents", response={200: DocumentPage, **LIST}, summary="Documents")
def document_list(request, filters: Query[DocumentFilters]):
    require(request.user, "claims.view_document")
    text = " ".join(filters.q.split())
    return rows.document_list(text, filters.publisher, filters.after, filters.limit)


@documents.get("/documents/{pk}", response={200: DocumentOut, **READ}, summary="A document")
def document_read(request, pk: int = PK):
    require(request.user, "claims.view_document")
    return rows.document_out(pk)


def _saved(save):
    """`save()`, where another document taking the URL meanwhile is refused beside the URL,
    as the form refuses one taken before."""
    try:
        return save()
    except DuplicateUrl as duplicate:
        raise Refused(str(duplicate), [{"field": "url", "message": str(duplicate)}]) from None


@documents.post("/documents", response={201: DocumentOut, **WRITE}, summary="Add a document")
def document_create(request, payload: DocumentIn):
    require(request.user, "claims.add_document")
    form = DocumentForm(posted(payload.dict()))
    if not form.is_valid():
        refuse_form(form)
    document = _saved(lambda: document_add(document=form.save(commit=False), by=request.user))
    return Status(201, rows.document_out(document.pk))


@documents.patch(
    "/documents/{pk}", response={200: DocumentOut, **WRITE, 409: StaleDocumentProblem},
    summary="Correct a document",
)
def document_correct(request, payload: DocumentChange, pk: int = PK):
    """Change the fields given; a new body moves the claims' quote anchors, as the edit
    page does. A document saved since `updated_at` answers 409 with it as stored."""
    require(request.user, "claims.change_document")
    document = get_object_or_404(Document, pk=pk)
    require_correct(request.user, document, "claims.change_document")
    given = payload.dict(exclude_unset=True)
    loaded_at = given.pop("updated_at")
    current = {name: getattr(document, name) for name in DocumentForm.Meta.fields}
    current["publisher"] = document.publisher_id
    form = DocumentEditForm(posted({**current, **given}), instance=document)
    if not form.is_valid():
        refuse_form(form)
    try:
        _saved(lambda: document_update(document=form.instance, loaded_at=loaded_at))
    except StaleDocument:
        raise Conflict(
            "The document was saved by someone else since you read it; nothing of yours "
            "was saved.", DocumentOut(**rows.document_out(pk)),
        ) from None
    return rows.document_out(pk)
