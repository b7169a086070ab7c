"""A document's language: chosen from a list, suggested from the body, and followed by the
claim form's readings and previews (issue 14)."""

from datetime import UTC, datetime

import pytest
from django.http import QueryDict
from django.urls import reverse

from claims.forms.documents import ClaimForm, DocumentForm
from claims.languages import detect_language
from claims.models import Claim, Document, Source

pytestmark = pytest.mark.django_db

RUSSIAN = (
    "В понедельник свыше 400 украинских военнослужащих перешли российскую границу в "
    "Ростовской области, сообщил представитель пограничного управления ФСБ."
)
UKRAINIAN = (
    "У понеділок речник АТО заявив, що зарано підтверджувати, скільки військових "
    "перетнули кордон."
)


@pytest.fixture
def russian_document(db):
    return Document.objects.create(
        title="Свыше 400 военных", published_at=datetime(2014, 8, 4, 8, 30, tzinfo=UTC),
        language="ru", body=RUSSIAN,
    )


def document_form(**fields):
    data = {"title": "T", "published_at": "2014-08-04T12:00", "body": "", **fields}
    return DocumentForm(data)


def test_the_language_is_a_choice_of_the_desk_s_languages():
    form = DocumentForm()
    assert [value for value, _ in form.fields["language"].choices] == ["", "en", "ru", "uk"]
    assert not document_form(language="klingon").is_valid()


@pytest.mark.parametrize(("body", "language"), [(RUSSIAN, "ru"), (UKRAINIAN, "uk"),
                                                ("More than 400 soldiers crossed.", "en")])
def test_a_language_left_blank_is_suggested_from_the_body(body, language):
    form = document_form(body=body, language="")
    assert form.is_valid(), form.errors
    assert form.save().language == language


def test_a_chosen_language_is_kept_whatever_the_body():
    form = document_form(body=RUSSIAN, language="uk")
    assert form.is_valid()
    assert form.save().language == "uk"


def test_without_a_body_or_a_language_the_document_is_english():
    form = document_form()
    assert form.is_valid()
    assert form.save().language == "en"


def test_the_detector_is_unsure_of_a_few_letters():
    assert detect_language("ok") is None


def claim_data(**fields) -> QueryDict:
    speaker = Source.objects.create(name="Представитель ФСБ", kind=Source.Kind.PERSON)
    data = QueryDict(mutable=True)
    data.update({"statement": "Over 400 crossed", "speaker": str(speaker.pk), **fields})
    return data


def test_the_claim_form_reads_phrases_in_the_document_s_language(russian_document):
    form = ClaimForm(
        claim_data(
            quote="свыше 400 украинских военнослужащих",
            said_phrase="в понедельник", quantity_phrase="свыше 400 украинских военнослужащих",
        ),
        document=russian_document,
    )
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert str(data["said_start"]) == "2014-08-04"
    assert (data["quantity_low"], data["quantity_high"], data["quantity_low_inclusive"]) == (
        400, None, False
    )
    assert data["quantity_unit"] == "украинский военнослужащий"


def test_the_claim_form_suggests_a_russian_certainty(russian_document):
    russian_document.body += " Пока рано говорить о том, сколько бойцов пересекли границу."
    russian_document.save()
    form = ClaimForm(
        claim_data(quote="Пока рано говорить о том, сколько бойцов пересекли границу"),
        document=russian_document,
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["certainty"] == Claim.Certainty.WITHHELD


def test_an_unknown_word_before_a_figure_is_refused_beside_the_field(russian_document):
    form = ClaimForm(claim_data(quantity_phrase="за 400 военных"), document=russian_document)
    assert not form.is_valid()
    assert "“за” is not a word I know for a bound" in form.errors["quantity_phrase"][0]


def test_an_unreadable_date_says_which_word(russian_document):
    form = ClaimForm(claim_data(said_phrase="учения в понедельник"), document=russian_document)
    assert not form.is_valid()
    assert "“учения” is not a word I know in a date." in form.errors["said_phrase"][0]


# --- the previews ---------------------------------------------------------------------


def test_the_previews_read_in_the_document_s_language(client, editor, russian_document):
    client.force_login(editor)
    url = reverse("claims:preview-quantity", args=[russian_document.pk])
    html = client.get(url, {"quantity_phrase": "свыше 400 военных"},
                      HTTP_HX_REQUEST="true").content.decode()
    assert "Reads as over 400 военный" in html
    url = reverse("claims:preview-when", args=[russian_document.pk, "said"])
    html = client.get(url, {"said_phrase": "в понедельник"}, HTTP_HX_REQUEST="true").content
    assert "Reads as 4 Aug 2014 (day)" in html.decode()
    url = reverse("claims:preview-certainty", args=[russian_document.pk])
    html = client.get(url, {"quote": "Связаться с ним не удалось"}, HTTP_HX_REQUEST="true")
    assert "Suggests withheld" in html.content.decode()


def test_a_total_shows_its_parts_in_the_preview(client, editor, russian_document):
    client.force_login(editor)
    url = reverse("claims:preview-quantity", args=[russian_document.pk])
    html = client.get(url, {"quantity_phrase": "120 взрослых и 30 детей"},
                      HTTP_HX_REQUEST="true").content.decode()
    assert "Reads as 150 человек: 120 взрослый + 30 ребенок" in html
    assert 'name="quantity_low" value="150"' in html


def test_correcting_the_number_fields_updates_the_shown_reading(client, editor, russian_document):
    client.force_login(editor)
    url = reverse("claims:preview-quantity", args=[russian_document.pk])
    response = client.get(
        url,
        {"quantity_phrase": "свыше 400 военных", "quantity_low": "438", "quantity_high": "438",
         "quantity_low_inclusive": "on", "quantity_high_inclusive": "on",
         "quantity_unit": "военный"},
        HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER="quantity-reading",
    )
    html = response.content.decode()
    assert "Saved as 438 военный (as you set it)" in html
    assert "hx-swap-oob" not in html  # the fields the editor typed are left alone


def test_correcting_the_fields_to_a_low_above_the_high_is_shown_as_wrong(client, editor,
                                                                         russian_document):
    client.force_login(editor)
    url = reverse("claims:preview-quantity", args=[russian_document.pk])
    html = client.get(url, {"quantity_low": "500", "quantity_high": "400"},
                      HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER="quantity-reading").content.decode()
    assert "The low end (500) is above the high end (400)." in html and "bad" in html


def test_correcting_the_date_fields_updates_the_shown_reading(client, editor, russian_document):
    client.force_login(editor)
    url = reverse("claims:preview-when", args=[russian_document.pk, "about"])
    html = client.get(
        url, {"about_phrase": "с апреля", "about_start": "2014-04-01", "about_end": "2014-08-04",
              "about_precision": "day"},
        HTTP_HX_REQUEST="true", HTTP_HX_TRIGGER="about-reading",
    ).content.decode()
    assert "Saved as 1 Apr – 4 Aug 2014 (as you set it)" in html
