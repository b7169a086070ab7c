"""The source pickers of the claim and document forms: what each offers, what one shows.

A picker fills a form's source field (the speaker, the relays, the publisher) by
search as you type, and can create a source in place. `picker_state` is what a
picker shows (the chosen sources and the results as badges, the typed text, whether
"Create" is offered); `with_created_source` is "Create" without JavaScript, when
the whole form is submitted. The markup is templates/claims/picker_macros.html.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.http import HttpRequest, QueryDict

from .badges import Badge, source_badge
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
    chosen: list[Badge] = field(default_factory=list)
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
    chosen_pks = {s.pk for s in chosen}
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
        chosen=[source_badge(s) for s in chosen],
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


def source_create_in_place(*, picker: Picker, name: str, kind: str) -> Source:
    """A new source from a picker; an existing one of that name and kind is reused."""
    name = " ".join(name.split())[:200]
    if kind not in picker.kind_values:
        kind = picker.kinds[0].value
    return Source.get_or_create_named(name=name, kind=kind)[0]


def with_created_source(
    request: HttpRequest, data: QueryDict
) -> tuple[QueryDict, tuple[str, str] | None]:
    """Without JavaScript, a picker's "Create" submits the whole form: make the source here.

    Returns the form data (with the new source chosen) and, when the name cannot
    be used, (field, message) for the form to show beside that picker (show_problem);
    what was typed stays in the picker's box.
    """
    picker = PICKERS.get(data.get("create_source", ""))
    if not picker or not request.user.has_perm("claims.add_source"):
        return data, None
    name = data.get(f"{picker.field}_q", "").strip()
    error = source_name_error(name)
    if error:
        return data, (picker.field, error)
    source = source_create_in_place(picker=picker, name=name, kind=data.get(f"{picker.field}_kind"))
    data = data.copy()
    values = data.getlist(picker.field) if picker.many else []
    data.setlist(picker.field, values + [str(source.pk)])
    data[f"{picker.field}_q"] = ""
    return data, None


def show_problem(form, problem: tuple[str, str] | None) -> None:
    """Show with_created_source's refusal, if any, beside its picker."""
    if problem:
        form.is_valid()
        form.add_error(*problem)
