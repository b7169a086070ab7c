"""Questions and links: list and read; link two claims (an editor), resolve and reopen a
contradiction (a reviewer), through the pages' forms and claims.services."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema
from ninja.responses import Status

from claims import services
from claims.forms.review import LinkForm, ReopenForm, ResolveForm
from claims.ids import ID_MAX
from claims.models import ClaimLink
from claims.permissions import require

from . import rows
from .forms import posted
from .problems import DUPLICATE, LIST, READ, WRITE, Conflict, Refused, refuse_form
from .schemas import (
    Id,
    LinkIn,
    LinkKind,
    LinkOut,
    LinkPage,
    LinkStatus,
    QuestionOut,
    QuestionPage,
    ReopenIn,
    ResolveIn,
    StaleLink,
    Text,
)

router = Router(tags=["links and questions"])

PK = Path(..., ge=1, le=ID_MAX)


class QuestionFilters(Schema):
    q: Text(300) = Field("", description="Words of the question.")
    after: Text(40) = ""
    limit: int = Field(25, ge=1, le=100)


class LinkFilters(Schema):
    kind: LinkKind | None = None
    status: LinkStatus | None = None
    claim: Id | None = Field(None, description="Links of this claim, on either side.")
    after: Text(40) = ""
    limit: int = Field(25, ge=1, le=100)


@router.get("/questions", response={200: QuestionPage, **LIST}, summary="Questions")
def question_list(request, filters: Query[QuestionFilters]):
    require(request.user, "claims.view_question")
    return rows.question_list(" ".join(filters.q.split()), filters.after, filters.limit)


@router.get("/questions/{pk}", response={200: QuestionOut, **READ}, summary="A question")
def question_read(request, pk: int = PK):
    require(request.user, "claims.view_question")
    return rows.question_out(pk)


@router.get("/links", response={200: LinkPage, **LIST}, summary="Links between claims")
def link_list(request, filters: Query[LinkFilters]):
    require(request.user, "claims.view_claimlink")
    kind = filters.kind or ""
    status = filters.status or ""
    return rows.link_list(kind, status, filters.claim, filters.after, filters.limit)


@router.get("/links/{pk}", response={200: LinkOut, **READ}, summary="A link")
def link_read(request, pk: int = PK):
    require(request.user, "claims.view_claimlink")
    return rows.link_out(pk)


@router.post("/links", response={201: LinkOut, **WRITE}, summary="Link two claims")
def link_create(request, payload: LinkIn):
    """One pair of claims has at most one link: a second answers 409 with the first."""
    require(request.user, "claims.add_claimlink")
    form = LinkForm(posted(payload.dict()))
    if not form.is_valid():
        refuse_form(form)
    data = form.cleaned_data
    try:
        link = services.link_create(
            first=data["first"], second=data["second"], kind=data["kind"],
            nature=data["nature"], note=data["note"], by=request.user,
        )
    except services.DuplicateLink as exc:
        raise Conflict(str(exc), LinkOut(**rows.link_out(exc.existing.pk)),
                       kind=DUPLICATE) from None
    except services.LinkError as exc:
        raise Refused(str(exc)) from None
    return Status(201, rows.link_out(link.pk))


def _link(pk: int) -> ClaimLink:
    return get_object_or_404(ClaimLink.objects.for_action(), pk=pk)


@router.post(
    "/links/{pk}/resolve", response={200: LinkOut, **WRITE, 409: StaleLink},
    summary="Resolve a contradiction",
)
def link_resolve(request, payload: ResolveIn, pk: int = PK):
    """Record which side held up; `version` is the link's as read (409 when it moved on)."""
    require(request.user, "claims.resolve_claimlink")
    link = _link(pk)
    form = ResolveForm(posted(payload.dict()))
    if not form.is_valid():
        refuse_form(form)
    try:
        services.contradiction_resolve(
            link=link, outcome=form.cleaned_data["outcome"],
            rationale=form.cleaned_data["rationale"], by=request.user,
            expected_version=form.cleaned_data["version"],
        )
    except services.StaleLink as exc:
        raise Conflict(str(exc), LinkOut(**rows.link_out(pk))) from None
    except services.LinkError as exc:
        raise Refused(str(exc)) from None
    return rows.link_out(pk)


@router.post(
    "/links/{pk}/reopen", response={200: LinkOut, **WRITE, 409: StaleLink},
    summary="Reopen a resolved contradiction",
)
def link_reopen(request, payload: ReopenIn, pk: int = PK):
    require(request.user, "claims.resolve_claimlink")
    link = _link(pk)
    form = ReopenForm(posted(payload.dict()))
    if not form.is_valid():
        refuse_form(form)
    try:
        services.contradiction_reopen(
            link=link, by=request.user, expected_version=form.cleaned_data["version"]
        )
    except services.StaleLink as exc:
        raise Conflict(str(exc), LinkOut(**rows.link_out(pk))) from None
    return rows.link_out(pk)
