"""The source pickers of the claim and document forms: what each offers, what one shows.

A picker fills a form's source field (the speaker, the relays, the publisher) by
search as you type, and can name a new source in place. `picker_state` is what a
picker shows (the chosen sources and the results as badges, the typed text, the
sources found under another wording, whether "Create" is offered).

"Create" makes nothing yet: the picker chooses the value "new:<kind>:<name>", and the
form's save makes the source in the same transaction as the claim or document
(claims.services_claims), so that a form abandoned leaves no source behind. The
fields SourceField and SourcesField read such a value as an unsaved Source;
`with_created_source` is "Create" without JavaScript, when the whole form is submitted.
The markup is templates/claims/picker_macros.html.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.http import HttpRequest, QueryDict

from .badges import Badge, source_badge
from .ids import IdChoiceField, IdMultipleChoiceField, parse_id
from .models import BADGE_FIELDS, Source
from .search import named
from .source_names import similar_sources

RESULTS = 8
SOURCE_NAME_MAX = Source._meta.get_field("name").max_length


@dataclass(frozen=True, slots=True)
class Picker:
    """One picker on a form: which field it fills, how many it holds, what kinds it offers."""

    field: str
    label: str
    many: bool = False
    kinds: tuple[Source.Kind, ...] = tuple(Source.Kind)

    @property
    def input_type(self) -> str:
        return "checkbox" if self.many else "radio"

    @property
    def swap(self) -> str:
        """How a chosen source joins the chosen ones (hx-swap)."""
        return "beforeend" if self.many else "innerHTML"

    @property
    def kind_values(self) -> list[str]:
        return [k.value for k in self.kinds]

    @property
    def kind_choices(self) -> list[tuple[str, str]]:
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
    "publisher": Picker("publisher", "Publisher", kinds=(Source.Kind.OUTLET,)),
}


# A chosen value for a source to be made with the form: "new:<kind>:<name>".
NEW = "new:"


def picked_value(source: Source) -> str:
    """The value a picker's box carries for `source`: its id, or NEW for one not made yet."""
    return str(source.pk) if source.pk is not None else f"{NEW}{source.kind}:{source.name}"


def pending_source(value: str, picker: Picker) -> Source | None:
    """The unsaved source a value "new:<kind>:<name>" stands for (a kind the picker does not
    offer is its first); None when the value is not one or the name cannot be used."""
    if not value.startswith(NEW):
        return None
    kind, _, name = value[len(NEW):].partition(":")
    name = " ".join(name.split())
    if source_name_error(name):
        return None
    if kind not in picker.kind_values:
        kind = picker.kinds[0].value
    return Source(name=name, kind=kind)


def picked_sources(values, picker: Picker) -> list[Source]:
    """The sources these posted values name, in their order, once each: the ones on the desk
    read in one query, the new ones unsaved."""
    keys = [parse_id(v) for v in values if not str(v).startswith(NEW)]
    found = Source.objects.in_bulk([k for k in keys if k is not None])
    picked = {}
    for value in values:
        value = str(getattr(value, "pk", value))
        source = pending_source(value, picker) if value.startswith(NEW) else found.get(
            parse_id(value))
        if source is not None:
            picked.setdefault(picked_value(source).casefold(), source)
    return list(picked.values())


class SourceField(IdChoiceField):
    """A picker's one source: an id, or "new:<kind>:<name>" for a source the save makes."""

    def __init__(self, queryset, *, picker: str, **kwargs):
        self.picker = picker
        super().__init__(queryset, **kwargs)

    def to_python(self, value):
        if isinstance(value, str) and value.startswith(NEW):
            source = pending_source(value, PICKERS[self.picker])
            if source is None:
                raise forms.ValidationError(self.error_messages["invalid_choice"],
                                            code="invalid_choice")
            return source
        return super().to_python(value)


class SourcesField(IdMultipleChoiceField):
    """A picker's sources, in the order picked: ids, and "new:<kind>:<name>" for sources the
    save makes."""

    def __init__(self, queryset, *, picker: str, **kwargs):
        self.picker = picker
        super().__init__(queryset, **kwargs)

    def clean(self, value):
        if not isinstance(value, (list, tuple)):
            return super().clean(value)
        picker = PICKERS[self.picker]
        for item in value:
            if str(item).startswith(NEW) and pending_source(str(item), picker) is None:
                raise forms.ValidationError(self.error_messages["invalid_choice"],
                                            code="invalid_choice", params={"value": item})
        ids = [v for v in value if not str(v).startswith(NEW)]
        found = {str(s.pk): s for s in super().clean(ids)} if ids else {}
        unique: dict[str, Source] = {}
        for item in value:
            source = found.get(str(item)) or pending_source(str(item), picker)
            if source is not None:
                unique.setdefault(picked_value(source).casefold(), source)
        return list(unique.values())


@dataclass(frozen=True, slots=True)
class ChosenSource:
    """A chosen source as its picker shows it: the value its box carries, and its badge, or
    for a source the save will make, its name and a note saying so."""

    value: str
    badge: Badge | None
    name: str
    note: str = ""


def chosen_source(source: Source) -> ChosenSource:
    if source.pk is not None:
        return ChosenSource(value=str(source.pk), badge=source_badge(source), name=source.name)
    kind = Source.Kind(source.kind).label.lower()
    return ChosenSource(value=picked_value(source), badge=None, name=source.name,
                        note=f"new {kind}, made when you save")


@dataclass(frozen=True, slots=True)
class OtherWording:
    """A source the typed text names in other words, and the name it goes by that matched
    (its own, or one of its aliases)."""

    source: Badge
    by_name: str


@dataclass(frozen=True, slots=True)
class PickerState:
    """What one picker shows: the chosen sources, the search results not chosen yet, the
    sources found under another wording of the typed text, the typed text, whether
    "Create" is offered, and the errors of its field."""

    picker: Picker
    chosen: list[ChosenSource] = field(default_factory=list)
    results: list[Badge] = field(default_factory=list)
    query: str = ""
    offer_create: bool = False
    errors: list[str] = field(default_factory=list)
    other_wordings: list[OtherWording] = field(default_factory=list)


def picker_state(name: str, chosen: list[Source], query: str = "", errors=None) -> PickerState:
    """The picker `name` with these sources chosen and `query` typed in its box. Before
    "Create" is offered, the sources the text names in other words are looked for
    (claims.source_names): three queries in all, whatever the desk's size."""
    picker = PICKERS[name]
    results = picker.search(query)
    chosen_pks = {s.pk for s in chosen if s.pk is not None}
    typed = " ".join(query.split()).lower()
    exact = any(s.name.lower() == typed for s in results + chosen)
    others = []
    if typed and not exact:
        shown = chosen_pks | {s.pk for s in results}
        others = [
            OtherWording(source=source_badge(match.source), by_name=match.by_name)
            for match in similar_sources(typed, picker.kind_values, exclude=shown)
        ]
    return PickerState(
        picker=picker,
        chosen=[chosen_source(s) for s in chosen],
        results=[source_badge(s) for s in results if s.pk not in chosen_pks],
        query=query,
        offer_create=bool(query.strip()) and not exact,
        errors=list(errors or []),
        other_wordings=others,
    )


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


def source_to_make(*, picker: Picker, name: str, kind: str) -> Source:
    """What a picker's "Create" chooses: the source of that kind and name when the desk has
    it, else an unsaved one, made when the form is saved."""
    name = " ".join(name.split())[:SOURCE_NAME_MAX]
    if kind not in picker.kind_values:
        kind = picker.kinds[0].value
    return Source.called(name, kind) or Source(name=name, kind=kind)


def with_created_source(
    request: HttpRequest, data: QueryDict
) -> tuple[QueryDict, tuple[str, str] | None]:
    """Without JavaScript, a picker's "Create" submits the whole form: choose the new source.

    Returns the form data (with the new source chosen, as "new:<kind>:<name>", made when
    the form is saved) and, when the name cannot be used, (field, message) for the form to
    show beside that picker (show_problem); what was typed stays in the picker's box. A user
    who may not add sources has any new one taken out of the data.
    """
    if not request.user.has_perm("claims.add_source"):
        data = data.copy()
        for name in PICKERS:
            data.setlist(name, [v for v in data.getlist(name) if not v.startswith(NEW)])
        return data, None
    picker = PICKERS.get(data.get("create_source", ""))
    if not picker:
        return data, None
    name = data.get(f"{picker.field}_q", "").strip()
    error = source_name_error(name)
    if error:
        return data, (picker.field, error)
    source = source_to_make(picker=picker, name=name, kind=data.get(f"{picker.field}_kind"))
    data = data.copy()
    values = data.getlist(picker.field) if picker.many else []
    data.setlist(picker.field, values + [picked_value(source)])
    data[f"{picker.field}_q"] = ""
    return data, None


def show_problem(form, problem: tuple[str, str] | None) -> None:
    """Show with_created_source's refusal, if any, beside its picker."""
    if problem:
        form.is_valid()
        form.add_error(*problem)
