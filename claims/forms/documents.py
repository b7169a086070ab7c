"""Forms for documents and claims: they clean and normalise, nothing more.

How a claim's readings work (the date, number and certainty fields):
the editor types phrases ("Monday", "more than 400 soldiers") and the quote;
beside each, the normalised fields (start, end, precision; low, high, inclusive
ends, unit; certainty) are ordinary inputs. While typing, the htmx previews
fill those inputs with the desk's reading. On save, a group of normalised
fields is taken as the editor's own when it holds values the editor entered or
kept; it is read from the phrase when it is left blank, or when the phrase
changed and the editor did not touch the group (so that without JavaScript the
readings still follow the phrases). A phrase that cannot be read is refused
with a message beside it, unless the editor fills the fields by hand or ticks
"save with the phrases as typed".
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.utils import formats, timezone
from django.utils.timezone import template_localtime

from ..anchors import anchor_quote
from ..certainty import suggest_certainty
from ..dates import When, read_when
from ..dates import why_unreadable as why_unreadable_when
from ..ids import IdChoiceField, IdMultipleChoiceField
from ..languages import CHOICES as LANGUAGE_CHOICES
from ..languages import EN, detect_language
from ..models import Claim, Document, Precision, Question, Source
from ..pickers import (
    NEW,
    PICKERS,
    PickerState,
    SourceField,
    SourcesField,
    picked_sources,
    picker_state,
)
from ..quantities import Quantity, read_quantity, why_unreadable

STATEMENT_MAX = 500
QUOTE_MAX = 5_000
PHRASE_MAX = 200
BODY_MAX = 500_000


def too_long(what: str) -> dict:
    return {
        "max_length": f"{what} is limited to %(limit_value)d characters; "
        "this one has %(show_value)d. Nothing was saved, and your text is kept below."
    }


def suggest_language(body: str) -> str:
    """The language a document's body is written in, as the desk reads it ("en" if unsure)."""
    return detect_language(body) or EN


def reading_time(document: Document) -> datetime:
    """The publication time that date phrases are read relative to, in the desk's zone."""
    return timezone.localtime(document.published_at)


# --- Documents -----------------------------------------------------------------------


class DocumentForm(forms.ModelForm):
    url = forms.URLField(
        label="URL", required=False, max_length=2000, assume_scheme="https",
        error_messages=too_long("The URL"),
    )
    title = forms.CharField(max_length=500, error_messages=too_long("The title"))
    publisher = SourceField(
        Source.objects.filter(kind=Source.Kind.OUTLET), picker="publisher", required=False
    )
    published_at = forms.DateTimeField(
        label="Published",
        # The value a datetime-local input reads (a space before the time, it shows nothing).
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M:%S"),
        help_text="In the desk's time zone.",
    )
    language = forms.ChoiceField(
        required=False, choices=[("", "Suggest from the body text")] + LANGUAGE_CHOICES,
        help_text="How its dates, numbers and certainty are read, and how it is searched. "
        "Left to be suggested, it is detected from the body (English without one).",
    )
    body = forms.CharField(
        label="Body text", required=False, widget=forms.Textarea(attrs={"rows": 14}),
        max_length=BODY_MAX, strip=False, error_messages=too_long("The body"),
        help_text="Paste the article's text, so that quotes can be found in it.",
    )

    class Meta:
        model = Document
        fields = ["url", "title", "publisher", "published_at", "language", "body"]

    def publisher_picker(self) -> PickerState:
        """The publisher picker as this form shows it: the chosen outlet, what was typed."""
        chosen_pk = str(self["publisher"].value() or "")
        chosen = []
        if chosen_pk.isdecimal():
            chosen = list(Source.objects.filter(pk=chosen_pk, kind=Source.Kind.OUTLET))
        elif chosen_pk.startswith(NEW):
            chosen = picked_sources([chosen_pk], PICKERS["publisher"])
        # Unbound, a page read from a URL may name its publisher (claims.fetch).
        typed = self.data.get("publisher_q", "") if self.is_bound else self.initial.get(
            "publisher_q", ""
        )
        return picker_state("publisher", chosen, typed, self.errors.get("publisher"))

    def clean_body(self):
        # Browsers send a textarea's line breaks as CRLF, while the page's text (where
        # quotes are selected and their offsets counted) has plain LF.
        return self.cleaned_data["body"].replace("\r\n", "\n").replace("\r", "\n")

    def clean(self):
        data = super().clean()
        if not data.get("language"):
            data["language"] = suggest_language(data.get("body", ""))
        # Also when the field was not posted at all (the model's default would win then).
        self.instance.language = data["language"]
        return data

    def clean_url(self):
        url = self.cleaned_data["url"] or None
        if url and Document.objects.filter(url=url).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(Document.URL_TAKEN)
        return url


class FetchForm(forms.Form):
    """A URL whose page fills in the document form (claims.fetch)."""

    fetch_url = forms.URLField(
        label="From a URL", max_length=2000, assume_scheme="https",
        error_messages=too_long("The URL"),
        help_text="The desk reads the page's title, publisher, time, language and text "
        "into the form below, for you to check before saving.",
    )

    def clean_fetch_url(self):
        url = self.cleaned_data["fetch_url"]
        if Document.objects.filter(url=url).exists():
            raise forms.ValidationError(Document.URL_TAKEN)
        return url


def fetched_initial(fetched) -> dict:
    """The document form's initial values from a page read from a URL (claims.fetch): the
    publisher is the outlet of the site's name if the desk has it, else the name typed
    into the picker, ready to be created."""
    initial = {
        "url": fetched.url, "title": fetched.title[:500], "language": fetched.language,
        "body": fetched.body, "published_at": fetched.published_at,
    }
    if fetched.publisher:
        outlet = Source.called(fetched.publisher, Source.Kind.OUTLET)
        if outlet is not None:
            initial["publisher"] = outlet.pk
        else:
            initial["publisher_q"] = fetched.publisher
    return initial


@dataclass(frozen=True, slots=True)
class StoredValue:
    """A field of a document as stored now, shown beside the form after a stale save."""

    name: str
    field: str  # its label
    value: str  # as shown, "" for none
    lines: list[str]  # the value's lines (the body is shown line by line)


class DocumentEditForm(DocumentForm):
    """The document form for an edit, carrying when the stored row was last saved."""

    # An ISO string with its offset and microseconds: a datetime would be shown in the
    # desk's time zone without either, and would no longer name the stored version.
    updated_at = forms.DateTimeField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.initial.setdefault("updated_at", self.instance.updated_at.isoformat())
        self.fields["published_at"].help_text += " Changing it does not re-read its claims' dates."

    def stored_differences(self, current: Document) -> list[StoredValue]:
        """After a stale save, what is stored now where it differs from what was typed."""
        differences = []
        for name in DocumentForm.Meta.fields:
            value = getattr(current, name)
            if value == self.cleaned_data[name]:
                continue
            # As a template shows a value: a time in the desk's zone and format.
            shown = "" if value is None else str(formats.localize(template_localtime(value)))
            differences.append(StoredValue(
                name=name, field=str(self[name].label), value=shown,
                lines=shown.replace("\r\n", "\n").replace("\r", "\n").split("\n"),
            ))
        return differences


class DocumentFilterForm(forms.Form):
    q = forms.CharField(label="Search", required=False, max_length=200)


# --- Claims ----------------------------------------------------------------------------

DATE_FIELDS = ("start", "end", "precision")
QUANTITY_VALUES = ("quantity_low", "quantity_high", "quantity_unit")
QUANTITY_FIELDS = QUANTITY_VALUES + ("quantity_low_inclusive", "quantity_high_inclusive")
UNREAD_HINT = " Fill in the fields below yourself, or tick “Save with the phrases as typed”."


@dataclass(frozen=True, slots=True)
class QuestionBox:
    """One question's check box on the claim form."""

    value: str  # the question's pk
    id: str
    text: str
    checked: bool


@dataclass(frozen=True, slots=True)
class QuestionBoxes:
    """The claim form's question boxes: the field's name, whether it was refused, the boxes."""

    name: str
    invalid: bool
    boxes: list[QuestionBox]


def date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ClaimForm(forms.Form):
    statement = forms.CharField(
        max_length=STATEMENT_MAX, error_messages=too_long("A statement"),
        help_text="The claim in your own words, one sentence.",
    )
    quote = forms.CharField(
        required=False, max_length=QUOTE_MAX, error_messages=too_long("A quote"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Select it in the article to fill this in.",
    )
    quote_near = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)
    speaker = SourceField(Source.objects.all(), picker="speaker", required=False)
    relays = SourcesField(Source.objects.all(), picker="relays", required=False)
    questions = IdMultipleChoiceField(
        Question.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    new_question = forms.CharField(
        label="Start a new question", required=False,
        max_length=Question._meta.get_field("text").max_length,
        error_messages=too_long("A question"),
        help_text="It is made with the claim, and the claim put on it.",
    )

    said_phrase = forms.CharField(
        label="When it was said", required=False, max_length=PHRASE_MAX,
        error_messages=too_long("A date phrase"),
    )
    said_start = forms.DateField(label="From", required=False, widget=date_input())
    said_end = forms.DateField(label="To", required=False, widget=date_input())
    said_precision = forms.ChoiceField(
        label="Precision", required=False, choices=[("", "—")] + Precision.choices
    )
    about_phrase = forms.CharField(
        label="What time it is about", required=False, max_length=PHRASE_MAX,
        error_messages=too_long("A date phrase"),
    )
    about_start = forms.DateField(label="From", required=False, widget=date_input())
    about_end = forms.DateField(label="To", required=False, widget=date_input())
    about_precision = forms.ChoiceField(
        label="Precision", required=False, choices=[("", "—")] + Precision.choices
    )

    quantity_phrase = forms.CharField(
        label="Number", required=False, max_length=PHRASE_MAX,
        error_messages=too_long("A number phrase"),
    )
    quantity_low = forms.DecimalField(
        label="Low", required=False, max_digits=24, decimal_places=4
    )
    quantity_high = forms.DecimalField(
        label="High", required=False, max_digits=24, decimal_places=4
    )
    quantity_low_inclusive = forms.BooleanField(label="low included", required=False)
    quantity_high_inclusive = forms.BooleanField(label="high included", required=False)
    quantity_unit = forms.CharField(
        label="Unit", required=False, max_length=100, error_messages=too_long("A unit")
    )

    certainty = forms.ChoiceField(
        required=False, choices=[("", "As the quote suggests")] + Claim.Certainty.choices
    )
    keep_unread = forms.BooleanField(label="Save with the phrases as typed", required=False)
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args, document: Document, claim: Claim | None = None, **kwargs):
        if claim is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_from_claim(claim)
        kwargs.setdefault("initial", initial_from_document(document))
        super().__init__(*args, **kwargs)
        self.document = document
        self.claim = claim
        # The question boxes' (pk, text) pairs where a page offers only some questions (the
        # document page: document_rows.offer_questions); None offers every question.
        self.offered_questions: list[tuple[int, str]] | None = None

    # -- what the pickers show --------------------------------------------------

    def chosen(self, name: str) -> list[Source]:
        """The sources picked for `speaker` or `relays`, in order, for redisplay."""
        if self.is_bound:
            raw = self.data.getlist(name) if hasattr(self.data, "getlist") else []
        else:
            value = self.initial.get(name)
            raw = [value] if name == "speaker" and value else list(value or [])
        raw = [str(getattr(v, "pk", v)) for v in raw]
        # The document's publisher, offered as a relay, is read with the document already.
        publisher = self.document.publisher_id
        if publisher and raw == [str(publisher)] and Document.publisher.is_cached(self.document):
            return [self.document.publisher]
        return picked_sources(raw, PICKERS[name])

    def query(self, name: str) -> str:
        return self.data.get(f"{name}_q", "") if self.is_bound else ""

    def question_boxes(self) -> QuestionBoxes:
        """The question check boxes as values, for the template to loop over (the macro
        question_boxes): through Django's widget templates they cost two template renders
        a question, and the claim edit page lists every question on the desk. The same
        boxes as the CheckboxSelectMultiple writes. The questions are read as values, in
        one query (none when a page has offered them)."""
        bound = self["questions"]
        ticked = {str(value) for value in bound.value() or []}
        questions = self.offered_questions
        if questions is None:
            # What the field's choices are, as (pk, text): a question's label is its text.
            questions = self.fields["questions"].queryset.values_list("pk", "text")
        auto_id = bound.auto_id
        boxes = [
            QuestionBox(value=str(pk), id=f"{auto_id}_{index}", text=text,
                        checked=str(pk) in ticked)
            for index, (pk, text) in enumerate(questions)
        ]
        return QuestionBoxes(name=bound.html_name, invalid=bool(bound.errors), boxes=boxes)

    # -- cleaning ----------------------------------------------------------------

    def clean_new_question(self) -> str:
        return " ".join(self.cleaned_data["new_question"].split())

    def clean_relays(self):
        """The relays in the order picked (SourcesField), the document's publisher last when
        it is one of them (it carried the claim to this document, so it ends the chain)."""
        publisher = self.document.publisher_id
        return sorted(self.cleaned_data["relays"],
                      key=lambda s: s.pk is not None and s.pk == publisher)

    def clean(self):
        data = super().clean()
        self._clean_speaker(data)
        self._clean_quote(data)
        self._clean_dates(data, "said")
        self._clean_dates(data, "about")
        self._clean_quantity(data)
        self._clean_certainty(data)
        return data

    def _clean_speaker(self, data):
        if data.get("speaker") or "speaker" in self.errors:
            return
        typed = self.data.get("speaker_q", "").strip()
        if typed:
            match = list(Source.objects.filter(name__iexact=typed)[:2])
            if len(match) == 1:
                data["speaker"] = match[0]
                return
            self.add_error(
                "speaker", f"Pick the speaker from the list, or create “{typed}” as a new source."
            )
        else:
            self.add_error("speaker", "Who said it? Pick the speaker.")

    def _clean_quote(self, data):
        quote = data.get("quote", "")
        data["anchor"] = None
        if not quote or not self.document.body:
            return
        near = data.get("quote_near")
        if near is None and self.claim is not None:
            near = self.claim.quote_start
        anchor = anchor_quote(self.document.body, quote, near=near)
        if anchor is None:
            self.add_error(
                "quote",
                "This quote is not in the article’s text. Select it in the article, "
                "or paste it exactly as it stands there.",
            )
        data["anchor"] = anchor

    def _follows_phrase(self, phrase_name: str, names, values) -> bool:
        """Whether a group of normalised fields is to be read from its phrase."""
        blank = all(self.cleaned_data.get(n) in (None, "") for n in values)
        touched = any(n in self.changed_data for n in names)
        return blank or (phrase_name in self.changed_data and not touched)

    def _clean_dates(self, data, prefix: str):
        names = [f"{prefix}_{n}" for n in DATE_FIELDS]
        start, end, precision = names
        if any(n in self.errors for n in names + [f"{prefix}_phrase"]):
            return
        phrase = data.get(f"{prefix}_phrase", "")
        if self._follows_phrase(f"{prefix}_phrase", names, names[:2]):
            when = read_when(
                phrase, reading_time(self.document), language=self.document.language
            ) if phrase else None
            data[start] = when.start if when else None
            data[end] = when.end if when else None
            data[precision] = when.precision if when else ""
            if phrase and when is None and not data.get("keep_unread"):
                reason = why_unreadable_when(
                    phrase, reading_time(self.document), language=self.document.language
                )
                message = f"Could not read this date. {reason}"
                self.add_error(f"{prefix}_phrase", message + UNREAD_HINT)
            return
        if data[start] is None and data[end] is not None:
            self.add_error(start, "Give the first day too.")
        elif data[start] and data[end] and data[start] > data[end]:
            self.add_error(end, "The last day is before the first.")
        elif data[start] and not data[precision]:
            data[precision] = Precision.DAY

    def _clean_quantity(self, data):
        if any(n in self.errors for n in QUANTITY_FIELDS + ("quantity_phrase",)):
            return
        phrase = data.get("quantity_phrase", "")
        if self._follows_phrase("quantity_phrase", QUANTITY_FIELDS, QUANTITY_VALUES):
            language = self.document.language
            quantity = read_quantity(phrase, language) if phrase else None
            data["quantity_low"] = quantity.low if quantity else None
            data["quantity_high"] = quantity.high if quantity else None
            data["quantity_low_inclusive"] = quantity.low_inclusive if quantity else True
            data["quantity_high_inclusive"] = quantity.high_inclusive if quantity else True
            data["quantity_unit"] = quantity.unit[:100] if quantity else ""
            if phrase and quantity is None and not data.get("keep_unread"):
                reason = why_unreadable(phrase, language) or "Could not read this number."
                self.add_error("quantity_phrase", reason + UNREAD_HINT)
            return
        low, high = data["quantity_low"], data["quantity_high"]
        if low is not None and high is not None and low > high:
            self.add_error(
                "quantity_high",
                f"The low end ({plain(low)}) is above the high end ({plain(high)}).",
            )

    def _clean_certainty(self, data):
        if "certainty" in self.errors:
            return
        follows = not data.get("certainty") or (
            "quote" in self.changed_data and "certainty" not in self.changed_data
        )
        if follows:
            suggestion = suggest_certainty(data.get("quote", ""), self.document.language)
            data["certainty"] = suggestion.level if suggestion else Claim.Certainty.ASSERTED


def quantity_of_fields(data) -> tuple[str, bool]:
    """What the quantity fields say as typed (an editor's correction), and whether they can."""
    bounds = []
    for name in ("quantity_low", "quantity_high"):
        raw = (data.get(name) or "").strip().replace(",", "")
        try:
            bounds.append(Decimal(raw) if raw else None)
        except ArithmeticError:
            return f"“{raw}” is not a number.", False
    low, high = bounds
    if low is not None and high is not None and low > high:
        return f"The low end ({plain(low)}) is above the high end ({plain(high)}).", False
    if low is None and high is None:
        return "No figure: the claim is saved without one.", True
    quantity = Quantity(
        low, high, bool(data.get("quantity_low_inclusive")),
        bool(data.get("quantity_high_inclusive")), (data.get("quantity_unit") or "").strip()[:100],
    )
    return f"Saved as {quantity.describe()} (as you set it)", True


def when_of_fields(data, prefix: str) -> tuple[str, bool]:
    """What the date fields of ``prefix`` ("said", "about") say as typed."""
    try:
        start, end = (
            date.fromisoformat(data[f"{prefix}_{n}"]) if data.get(f"{prefix}_{n}") else None
            for n in ("start", "end")
        )
    except ValueError:
        return "Give the days as dates.", False
    if start is None:
        return ("Give the first day too.", False) if end else ("No date: saved without one.", True)
    if end is not None and end < start:
        return "The last day is before the first.", False
    precision = data.get(f"{prefix}_precision") or Precision.DAY
    if precision not in Precision.values:
        precision = Precision.DAY
    return f"Saved as {When(start, end, precision).describe()} (as you set it)", True


def plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def initial_from_document(document: Document) -> dict:
    """A new claim's defaults from its document: said on the day it was published (the
    date fields filled, so the form shows it and the editor can change it) and carried by
    its publisher, offered as the last relay (a box the editor can untick)."""
    published = reading_time(document).date()
    return {
        "said_start": published,
        "said_end": published,
        "said_precision": Precision.DAY,
        "relays": [document.publisher_id] if document.publisher_id else [],
        "quantity_low_inclusive": True,
        "quantity_high_inclusive": True,
    }


def initial_from_claim(claim: Claim) -> dict:
    initial = {name: getattr(claim, name) for name in ClaimForm.base_fields if hasattr(claim, name)}
    initial.update(
        speaker=claim.speaker_id,
        relays=[r.source_id for r in sorted(claim.relay_links.all(), key=lambda r: r.position)],
        questions=[q.pk for q in claim.questions.all()],
        quote_near=claim.quote_start,
        version=claim.version,
        keep_unread=False,
    )
    return initial


def claim_form_context(form: ClaimForm) -> dict:
    """What the claim form's template (claims/claim_form.html) reads besides the page's own:
    the form and its speaker and relays pickers (PickerState)."""
    pickers: dict[str, PickerState] = {
        name: picker_state(name, form.chosen(name), form.query(name), form.errors.get(name))
        for name in ("speaker", "relays")
    }
    return {"form": form, "pickers": pickers}


class ChosenRowField(IdChoiceField):
    """A ModelChoiceField whose copy in each form shares the field's queryset.

    Every form deep-copies its fields, and a ModelChoiceField copies its queryset twice
    (Query.clone each time) although the queryset is only ever a base to filter: it is
    never evaluated (cleaning calls .get() on it, which clones; its choices iterate it by
    .iterator(), which caches nothing). The claim list makes three per request."""

    def __deepcopy__(self, memo):
        result = super(forms.ChoiceField, self).__deepcopy__(memo)  # Field: widget, messages
        result.widget.choices = result.choices  # iterating the copy, not the original
        return result


class FixedChoiceField(forms.ChoiceField):
    """A ChoiceField whose copy in each form shares its choices (pairs of strings, never
    changed), where a ChoiceField deep-copies them pair by pair."""

    def __deepcopy__(self, memo):
        result = super(forms.ChoiceField, self).__deepcopy__(memo)
        result._choices = list(self._choices)
        return result


class ClaimFilterForm(forms.Form):
    """The claim list's filters. Speaker, outlet and question are typed names (matched by
    claims.search.filter_claims) or, from a picker or a link, one chosen row's pk: never a
    <select> of every source or question on the desk."""

    q = forms.CharField(label="Search", required=False, max_length=200)
    speaker = ChosenRowField(
        Source.objects.all(), required=False, widget=forms.HiddenInput
    )
    speaker_q = forms.CharField(label="Speaker", required=False, max_length=200)
    outlet = ChosenRowField(
        Source.objects.filter(kind=Source.Kind.OUTLET), required=False, widget=forms.HiddenInput
    )
    outlet_q = forms.CharField(label="Outlet", required=False, max_length=200)
    status = FixedChoiceField(required=False, choices=[("", "Any")] + Claim.Status.choices)
    question = ChosenRowField(
        Question.objects.all(), required=False, widget=forms.HiddenInput
    )
    question_q = forms.CharField(label="Question", required=False, max_length=300)
    said_from = forms.DateField(label="Said from", required=False, widget=date_input())
    said_to = forms.DateField(label="Said to", required=False, widget=date_input())

    def typed(self, name: str) -> str:
        """What the text box of a filter shows: the typed text, else the chosen row's name."""
        if not self.is_valid():
            return self.data.get(f"{name}_q", "")
        chosen = self.cleaned_data.get(name)
        return self.cleaned_data.get(f"{name}_q") or (str(chosen) if chosen else "")
