"""The source picker (search as you type, create in place), the reading previews and the
names for the claim list's filters."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET, require_POST

from factdesk.jinja2 import render

from ..certainty import suggest_certainty
from ..dates import read_when
from ..dates import why_unreadable as why_unreadable_when
from ..forms.documents import (
    DATE_FIELDS,
    QUANTITY_FIELDS,
    ClaimForm,
    quantity_of_fields,
    reading_time,
    when_of_fields,
)
from ..ids import parse_id
from ..models import Claim, Document, Question, Source
from ..pickers import (
    PICKERS,
    RESULTS,
    Picker,
    chosen_source,
    picker_state,
    source_name_error,
    source_to_make,
)
from ..quantities import read_quantity, why_unreadable


def picker_or_404(name: str) -> Picker:
    try:
        return PICKERS[name]
    except KeyError:
        raise Http404("No such picker") from None


@login_required
@permission_required("claims.view_source", raise_exception=True)
@require_GET
def source_picker(request: HttpRequest, field: str) -> HttpResponse:
    """Search results for a picker; with ?choose=<pk>, the chosen source's entry."""
    picker = picker_or_404(field)
    choose = request.GET.get("choose", "")
    if choose:
        source = get_object_or_404(
            Source, pk=parse_id(choose) or 0, kind__in=picker.kind_values
        )
        context = {"picker": picker, "item": chosen_source(source)}
        block = "chosen_item"
    else:
        query = request.GET.get(f"{field}_q", request.GET.get("q", ""))[:200]
        context = {"state": picker_state(field, [], query), "query": query}
        block = "results"
    return render(request, "claims/source_picker.html", context,
                  block=block if request.htmx else None)


@login_required
@permission_required("claims.add_source", raise_exception=True)
@require_POST
def source_picker_create(request: HttpRequest) -> HttpResponse:
    """A picker's "Create": hand back the typed name as chosen, the source on the desk of
    that kind and name when there is one, else a new one, which is made only when the form
    is saved (claims.pickers): nothing is written here."""
    picker = picker_or_404(request.POST.get("create_source", ""))
    name = request.POST.get(f"{picker.field}_q", "").strip()
    error = source_name_error(name)
    if error:
        context = {"state": picker_state(picker.field, [], "", errors=[error]), "query": ""}
        status, block = 400, "results"
    else:
        source = source_to_make(
            picker=picker, name=name, kind=request.POST.get(f"{picker.field}_kind", "")
        )
        context = {"picker": picker, "item": chosen_source(source)}
        status, block = 200, "chosen_item"
    return render(request, "claims/source_picker.html", context,
                  block=block if request.htmx else None, status=status)


# --- Previews -------------------------------------------------------------------------


def _document_for_preview(request: HttpRequest, pk: int) -> Document:
    user = request.user
    if not (user.has_perm("claims.add_claim") or user.has_perm("claims.change_claim")):
        raise PermissionDenied
    return get_object_or_404(Document, pk=pk)


def _corrected(request: HttpRequest, reading: str, names) -> bool:
    """Whether the preview was asked for by a change to the reading's own fields (the
    editor correcting them: the reading's <div> sends them), so that it describes the
    fields rather than the phrase: what is shown is then what will be saved."""
    if not request.htmx:
        return False
    return request.htmx.trigger == reading or request.htmx.trigger_name in names


def _preview(request, context) -> HttpResponse:
    block = "preview" if request.htmx else None
    return render(request, "claims/claim_preview.html", context, block=block)


@login_required
@require_GET
def preview_when(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    """How the desk reads a date phrase of the claim form (`which` is "said" or "about")."""
    document = _document_for_preview(request, pk)  # the role first: 403 before any 404
    if which not in ("said", "about"):
        raise Http404("No such date")
    if _corrected(request, f"{which}-reading", [f"{which}_{name}" for name in DATE_FIELDS]):
        message, ok = when_of_fields(request.GET, which)
        return _preview(request, {"kind": "when", "which": which, "message": message, "ok": ok,
                                  "document": document, "corrected": True})
    phrase = request.GET.get(f"{which}_phrase", "")[:200].strip()
    when = read_when(phrase, reading_time(document), language=document.language) if phrase else None
    if not phrase:
        message, ok = "", True
    elif when is None:
        reason = why_unreadable_when(phrase, reading_time(document), language=document.language)
        message, ok = f"Could not read this date. {reason}", False
    else:
        message, ok = f"Reads as {when.describe()} ({when.precision})", True
    initial = {
        f"{which}_start": when.start if when else None,
        f"{which}_end": when.end if when else None,
        f"{which}_precision": when.precision if when else "",
    }
    return _preview(
        request,
        {"kind": "when", "which": which, "phrase": phrase, "when": when, "message": message,
         "ok": ok, "document": document, "form": ClaimForm(document=document, initial=initial)},
    )


@login_required
@require_GET
def preview_quantity(request: HttpRequest, pk: int) -> HttpResponse:
    """How the desk reads the number phrase of the claim form."""
    document = _document_for_preview(request, pk)
    if _corrected(request, "quantity-reading", QUANTITY_FIELDS):
        message, ok = quantity_of_fields(request.GET)
        return _preview(request, {"kind": "quantity", "message": message, "ok": ok,
                                  "document": document, "corrected": True})
    phrase = request.GET.get("quantity_phrase", "")[:200].strip()
    quantity = read_quantity(phrase, document.language) if phrase else None
    if not phrase:
        message, ok = "", True
    elif quantity is None:
        reason = why_unreadable(phrase, document.language)
        message, ok = f"Could not read this number: {reason}", False
    else:
        message, ok = f"Reads as {quantity.describe()}", True
    initial = {
        "quantity_low": quantity.low if quantity else None,
        "quantity_high": quantity.high if quantity else None,
        "quantity_low_inclusive": quantity.low_inclusive if quantity else True,
        "quantity_high_inclusive": quantity.high_inclusive if quantity else True,
        "quantity_unit": quantity.unit if quantity else "",
    }
    return _preview(
        request,
        {"kind": "quantity", "phrase": phrase, "quantity": quantity, "message": message,
         "ok": ok, "document": document, "form": ClaimForm(document=document, initial=initial)},
    )


@login_required
@require_GET
def preview_certainty(request: HttpRequest, pk: int) -> HttpResponse:
    """The certainty the quote's wording suggests."""
    document = _document_for_preview(request, pk)
    quote = request.GET.get("quote", "")[:5000]
    suggestion = suggest_certainty(quote, document.language)
    if suggestion:
        level = Claim.Certainty(suggestion.level)
        message = f"Suggests {level.label.lower()} (“{suggestion.cue}”)"
    else:
        level = Claim.Certainty.ASSERTED
        message = "No hedge found: asserted" if quote.strip() else ""
    form = ClaimForm(document=document, initial={"certainty": level if quote.strip() else ""})
    return _preview(
        request,
        {"kind": "certainty", "suggestion": suggestion, "level": level, "message": message,
         "ok": True, "document": document, "form": form},
    )


# --- Names for the claim list's filters -------------------------------------------------

NAME_FILTERS = {"speaker", "outlet", "question"}


@login_required
@permission_required("claims.view_claim", raise_exception=True)
@require_GET
def filter_names(request: HttpRequest, what: str) -> HttpResponse:
    """Names that fit what is typed in a filter box of the claim list (a <datalist>).

    Only an enhancement: without JavaScript the typed text itself is matched.
    """
    if what not in NAME_FILTERS:
        raise Http404("No such filter")
    text = " ".join(request.GET.get(f"{what}_q", request.GET.get("q", ""))[:200].split())
    names: list[str] = []
    if len(text) >= 2:
        if what == "question":
            found = Question.objects.filter(text__icontains=text).order_by("-created_at")
            names = list(found.values_list("text", flat=True)[:RESULTS])
        else:
            kinds = (Source.Kind.OUTLET,) if what == "outlet" else PICKERS["speaker"].kinds
            names = [source.name for source in Picker(what, what, kinds=kinds).search(text)]
    context = {"what": what, "names": list(dict.fromkeys(names)), "query": text}
    block = "names" if request.htmx else "names_page"
    return render(request, "claims/source_picker.html", context, block=block)
