"""What the desk takes as a row's id, in a URL, a query string or a form.

Every id column is a 64-bit integer (BigAutoField), so an id is one to nineteen
ASCII digits naming a number from 1 to 2^63 - 1. Anything else names no row: a
URL answers 404, a query string's id is left out, a form field gives its error.
Without this check the number reaches the database, which refuses it with an
error (SQLite an OverflowError, PostgreSQL NumericValueOutOfRange) that answers 500.
"""

from django import forms

ID_MAX = 2**63 - 1


def parse_id(value) -> int | None:
    """The id that `value` names, or None when it cannot name a row."""
    text = str(value).strip() if value is not None else ""
    # isascii() first: str.isdigit() also takes "１" (full width) and "²".
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if 1 <= number <= ID_MAX else None


class IdConverter:
    """The `<id:pk>` path converter: `<int:pk>` up to ID_MAX (Django answers 404 past it)."""

    regex = "[0-9]+"

    def to_python(self, value: str) -> int:
        number = parse_id(value)
        if number is None:
            raise ValueError(f"{value!r} is not an id")
        return number

    def to_url(self, value) -> str:
        return str(int(value))


class IdChoiceField(forms.ModelChoiceField):
    """A ModelChoiceField whose value must be an id before the database is asked."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if parse_id(getattr(value, "pk", value)) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class IdMultipleChoiceField(forms.ModelMultipleChoiceField):
    """A ModelMultipleChoiceField whose values must all be ids before the database is asked
    (its `pk__in` query, unlike `pk=`, is not spared an out-of-range number by Django)."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(getattr(pk, "pk", pk)) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)
