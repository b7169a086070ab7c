"""The tokens page's form: it cleans the name, nothing more."""

from django import forms


class TokenForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=100,
        help_text="What the token is for, such as “CMS import”, to tell it apart later.",
    )

    def clean_name(self) -> str:
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Name the token.")
        return name
