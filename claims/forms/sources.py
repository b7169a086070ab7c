"""Forms for sources: grading, merging, an alias, what it belongs to, and a claim's credibility.
They only clean input."""

from django import forms

from ..merge import sources_named
from ..models import Credibility, Reliability, Source, SourceAlias


class GradeForm(forms.Form):
    grade = forms.ChoiceField(label="Reliability grade", choices=Reliability.choices)
    reason = forms.CharField(
        label="Reason",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        help_text="Why the grade changes; kept in the source's grade history.",
    )

    def __init__(self, *args, source: Source, **kwargs):
        self.source = source
        kwargs.setdefault("initial", {"grade": source.reliability})
        super().__init__(*args, **kwargs)

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if not reason:
            raise forms.ValidationError("Give a reason for the new grade.")
        return reason

    def clean_grade(self) -> str:
        grade = self.cleaned_data["grade"]
        if grade == self.source.reliability:
            raise forms.ValidationError(
                f"{self.source.name} is already graded {grade}; choose another grade."
            )
        return grade


class MergeForm(forms.Form):
    survivor = forms.CharField(
        label="Merge into",
        max_length=200,
        help_text="The name (or an alias) of the source that stays.",
        widget=forms.TextInput(attrs={"list": "source-names", "autocomplete": "off"}),
    )
    confirm = forms.BooleanField(
        label="I understand that this source will be deleted and everything it holds moved.",
    )

    def __init__(self, *args, duplicate: Source, **kwargs):
        self.duplicate = duplicate
        super().__init__(*args, **kwargs)

    def clean_survivor(self) -> Source:
        name = " ".join(self.cleaned_data["survivor"].split())
        matches = sources_named(name)
        if not matches:
            raise forms.ValidationError(f"No source is called {name!r}.")
        if len(matches) > 1:
            raise forms.ValidationError(
                f"Several sources are called {name!r}; merge by a name only one has."
            )
        survivor = matches[0]
        if survivor.pk == self.duplicate.pk:
            if name.casefold() == self.duplicate.name.casefold():
                raise forms.ValidationError("A source cannot be merged into itself.")
            raise forms.ValidationError(
                f"{name!r} is one of {self.duplicate.name}'s own aliases: "
                "that is the same source, so there is nothing to merge."
            )
        return survivor


class CredibilityForm(forms.Form):
    credibility = forms.TypedChoiceField(
        label="Credibility", choices=Credibility.choices, coerce=int
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class AliasForm(forms.Form):
    """Another name a source goes by, added on its page."""

    alias = forms.CharField(
        label="Another name", max_length=SourceAlias._meta.get_field("name").max_length,
        help_text="As another outlet or language writes it, e.g. “Минобороны России”.",
        error_messages={"max_length": "A name is limited to %(limit_value)d characters; "
                        "this one has %(show_value)d."},
    )

    def __init__(self, *args, source: Source, **kwargs):
        self.source = source
        super().__init__(*args, **kwargs)

    def clean_alias(self) -> str:
        name = " ".join(self.cleaned_data["alias"].split())
        if not name:
            raise forms.ValidationError("Type the other name first.")
        if name.casefold() == self.source.name.casefold():
            raise forms.ValidationError(f"That is {self.source.name}’s own name.")
        # Compared here: SQLite ignores the case of Latin letters only.
        taken = {alias.casefold() for alias in SourceAlias.objects.names_of(self.source.pk)}
        if name.casefold() in taken:
            raise forms.ValidationError(f"{self.source.name} is already known as {name}.")
        return name


class AffiliationForm(forms.Form):
    """What a source belongs to, set on its page by the organization's name (or alias);
    left empty, it belongs to nobody. `loaded` is what it belonged to when the page was
    read, so that two people changing it at once are told."""

    affiliation = forms.CharField(
        label="Belongs to", max_length=200, required=False,
        help_text="An organization’s name or alias; empty for nobody.",
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    loaded = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, source: Source, **kwargs):
        self.source = source
        affiliation = source.affiliation
        kwargs.setdefault("initial", {
            "affiliation": affiliation.name if affiliation else "",
            "loaded": str(source.affiliation_id or ""),
        })
        super().__init__(*args, **kwargs)

    def clean_affiliation(self) -> Source | None:
        name = " ".join(self.cleaned_data["affiliation"].split())
        if not name:
            return None
        matches = [s for s in sources_named(name) if s.kind == Source.Kind.ORGANIZATION]
        if not matches:
            raise forms.ValidationError(f"No organization is called “{name}”.")
        if len(matches) > 1:
            raise forms.ValidationError(
                f"Several organizations are called “{name}”; give a name only one has."
            )
        if matches[0].pk == self.source.pk:
            raise forms.ValidationError("A source cannot belong to itself.")
        return matches[0]
