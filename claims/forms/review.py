"""Forms of the reviewer pages: they clean and normalise input, nothing more."""

from django import forms

from ..ids import IdChoiceField
from ..models import Claim, ClaimLink, Question
from .documents import too_long

TEXT_MAX = 5_000


class LinkForm(forms.Form):
    first = IdChoiceField(queryset=Claim.objects.all(), widget=forms.HiddenInput)
    second = IdChoiceField(queryset=Claim.objects.all(), widget=forms.HiddenInput)
    kind = forms.ChoiceField(choices=ClaimLink.Kind.choices, initial=ClaimLink.Kind.CONTRADICTS)
    nature = forms.ChoiceField(
        choices=[("", "(only for a contradiction)")] + ClaimLink.Nature.choices, required=False
    )
    note = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=TEXT_MAX,
        error_messages=too_long("A note"),
    )

    def clean(self):
        data = super().clean()
        first, second = data.get("first"), data.get("second")
        if first and second and first.pk == second.pk:
            raise forms.ValidationError("A claim cannot be linked to itself.")
        if data.get("kind") == ClaimLink.Kind.CONTRADICTS:
            if not data.get("nature"):
                self.add_error("nature", "Say what kind of contradiction this is.")
        else:
            data["nature"] = ""
        data["note"] = (data.get("note") or "").strip()
        return data


class ResolveForm(forms.Form):
    outcome = forms.ChoiceField(choices=[("", "Choose an outcome")] + ClaimLink.Outcome.choices)
    rationale = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX,
        error_messages=too_long("A rationale"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def clean_rationale(self):
        rationale = self.cleaned_data["rationale"].strip()
        if not rationale:
            raise forms.ValidationError("Say why.")
        return rationale


class ReopenForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)


class QuestionForm(forms.ModelForm):
    description = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=TEXT_MAX,
        error_messages=too_long("A description"),
    )

    class Meta:
        model = Question
        fields = ["text", "description"]
        error_messages = {"text": too_long("A question")}

    def clean_text(self):
        return " ".join(self.cleaned_data["text"].split())


class AssignForm(forms.Form):
    claim = IdChoiceField(queryset=Claim.objects.all())


class QueueFilterForm(forms.Form):
    nature = forms.ChoiceField(
        choices=[("", "Any nature")] + ClaimLink.Nature.choices, required=False
    )
    question = IdChoiceField(
        queryset=Question.objects.all(), required=False, empty_label="Any question"
    )
