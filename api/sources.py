"""Sources: list and read; grade one's reliability (an admin), as the grading form does."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Field, Path, Query, Router, Schema

from claims.forms.sources import GradeForm
from claims.ids import ID_MAX
from claims.models import Source
from claims.permissions import require

from . import rows
from .forms import posted
from .problems import LIST, READ, WRITE, refuse_form
from .schemas import GradeIn, SourceKind, SourceOut, SourcePage, Text

router = Router(tags=["sources"])

PK = Path(..., ge=1, le=ID_MAX)


class SourceFilters(Schema):
    q: Text(200) = Field("", description="Words of the name or of an alias.")
    kind: SourceKind | None = None
    after: Text(40) = ""
    limit: int = Field(25, ge=1, le=100)


@router.get("/sources", response={200: SourcePage, **LIST}, summary="Sources")
def source_list(request, filters: Query[SourceFilters]):
    require(request.user, "claims.view_source")
    kind = filters.kind or ""
    return rows.source_list(" ".join(filters.q.split()), kind, filters.after, filters.limit)


@router.get("/sources/{pk}", response={200: SourceOut, **READ}, summary="A source")
def source_read(request, pk: int = PK):
    require(request.user, "claims.view_source")
    return rows.source_out(pk)


@router.post("/sources/{pk}/grade", response={200: SourceOut, **WRITE},
             summary="Grade a source's reliability")
def source_grade(request, payload: GradeIn, pk: int = PK):
    """Kept in the source's grade history with the reason, who and when."""
    require(request.user, "claims.grade_source")
    source = get_object_or_404(Source, pk=pk)
    form = GradeForm(posted(payload.dict()), source=source)
    if not form.is_valid():
        refuse_form(form, "The grade was not changed.")
    source.set_reliability(
        form.cleaned_data["grade"], reason=form.cleaned_data["reason"], by=request.user
    )
    return rows.source_out(pk)
