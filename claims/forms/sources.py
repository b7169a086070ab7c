"""Forms for sources: grading, merging, and a claim's credibility. They only clean input."""

from django import forms

from ..merge import sources_named
from ..models import Credibility, Reliability, Source


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
