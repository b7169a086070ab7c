"""The source picker (search as you type, create in place) and the reading previews."""

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.views.decorators.http import require_GET, require_POST

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
from ..models import BADGE_FIELDS, Claim, Document, Question, Source
from ..quantities import read_quantity, why_unreadable
from ..search import named

RESULTS = 8
SOURCE_NAME_MAX = Source._meta.get_field("name").max_length


class Picker:
    """One picker on a form: which field it fills, how many it holds, what kinds it offers."""

    def __init__(self, field: str, label: str, many: bool = False, kinds=None):
        self.field = field
        self.label = label
        self.many = many
        self.kinds = kinds or list(Source.Kind)

    @property
    def input_type(self) -> str:
        return "checkbox" if self.many else "radio"

    @property
    def kind_values(self) -> list[str]:
        return [k.value for k in self.kinds]

    @property
    def kind_choices(self):
        return [(k.value, k.label) for k in self.kinds]

    def search(self, text: str) -> list[Source]:
        """The first RESULTS sources named so, with only what a source's badge shows."""
        text = " ".join(text.split())
        if not text:
            return []
        sources = Source.objects.filter(kind__in=self.kind_values).only(*BADGE_FIELDS)
        return list(named(sources, text).order_by("name", "pk")[:RESULTS])


PICKERS = {
    "speaker": Picker("speaker", "Speaker"),
    "relays": Picker("relays", "Relays (agency, then outlet)", many=True),
    "publisher": Picker("publisher", "Publisher", kinds=[Source.Kind.OUTLET]),
}


def picker_or_404(name: str) -> Picker:
    try:
        return PICKERS[name]
    except KeyError:
        raise Http404("No such picker") from None


def picker_context(name: str, chosen: list[Source], query: str = "", errors=None) -> dict:
    picker = PICKERS[name]
    results = picker.search(query)
    chosen_pks = {s.pk for s in chosen}
    exact = any(s.name.lower() == " ".join(query.split()).lower() for s in results + chosen)
    return {
        "picker": picker,
        "chosen": chosen,
        "results": [s for s in results if s.pk not in chosen_pks],
        "query": query,
        "offer_create": bool(query.strip()) and not exact,
        "errors": errors or [],
    }


def source_name_error(name: str) -> str:
    """Why a new source cannot take this name, or "" when it can."""
    length = len(" ".join(name.split()))
    if not length:
        return "Type the new source’s name first."
    if length > SOURCE_NAME_MAX:
        return (
            f"A source’s name is limited to {SOURCE_NAME_MAX} characters; this one has "
            f"{length}. Nothing was saved."
        )
    return ""


def source_create_in_place(*, picker: Picker, name: str, kind: str) -> Source:
    """A new source from a picker; an existing one of that name and kind is reused."""
    name = " ".join(name.split())[:200]
    if kind not in [k.value for k in picker.kinds]:
        kind = picker.kinds[0].value
    existing = Source.objects.filter(name__iexact=name, kind=kind).first()
    return existing or Source.objects.create(name=name, kind=kind)


@login_required
@permission_required("claims.view_source", raise_exception=True)
@require_GET
def source_picker(request: HttpRequest, field: str) -> TemplateResponse:
    """Search results for a picker; with ?choose=<pk>, the chosen source's entry."""
    picker = picker_or_404(field)
    choose = request.GET.get("choose", "")
    if choose:
        source = get_object_or_404(
            Source, pk=choose if choose.isdecimal() else 0, kind__in=[k.value for k in picker.kinds]
        )
        context = {"picker": picker, "source": source, "checked": True, "clear_results": True}
        template = "claims/source_picker.html#chosen-item"
    else:
        query = request.GET.get(f"{field}_q", request.GET.get("q", ""))[:200]
        context = picker_context(field, [], query)
        template = "claims/source_picker.html#results"
    if request.htmx:
        return TemplateResponse(request, template, context)
    return TemplateResponse(request, "claims/source_picker.html", context)


@login_required
@permission_required("claims.add_source", raise_exception=True)
@require_POST
def source_picker_create(request: HttpRequest) -> TemplateResponse:
    """Create a source from a picker's search box and hand it back as chosen."""
    picker = picker_or_404(request.POST.get("create_source", ""))
    name = request.POST.get(f"{picker.field}_q", "").strip()
    error = source_name_error(name)
    if error:
        context = picker_context(picker.field, [], "", errors=[error])
        status = 400
        template = "claims/source_picker.html#results"
    else:
        source = source_create_in_place(
            picker=picker, name=name, kind=request.POST.get(f"{picker.field}_kind", "")
        )
        context = {
            "picker": picker, "source": source, "checked": True, "created": True,
            "clear_results": True,
        }
        status = 200
        template = "claims/source_picker.html#chosen-item"
    if request.htmx:
        return TemplateResponse(request, template, context, status=status)
    return TemplateResponse(request, "claims/source_picker.html", context, status=status)


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


def _preview(request, context) -> TemplateResponse:
    template = "claims/claim_preview.html"
    if request.htmx:
        template += "#preview"
    return TemplateResponse(request, template, context)


@login_required
@require_GET
def preview_when(request: HttpRequest, pk: int, which: str) -> TemplateResponse:
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
def preview_quantity(request: HttpRequest, pk: int) -> TemplateResponse:
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
def preview_certainty(request: HttpRequest, pk: int) -> TemplateResponse:
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
def filter_names(request: HttpRequest, what: str) -> TemplateResponse:
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
            kinds = [Source.Kind.OUTLET] if what == "outlet" else PICKERS["speaker"].kinds
            names = [source.name for source in Picker(what, what, kinds=kinds).search(text)]
    context = {"what": what, "names": list(dict.fromkeys(names)), "query": text}
    template = "claims/source_picker.html#names"
    if not request.htmx:
        template = "claims/source_picker.html#names-page"
    return TemplateResponse(request, template, context)
