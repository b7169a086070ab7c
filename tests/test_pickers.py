"""The source picker and the reading previews of the claim form."""

import pytest
from django.urls import reverse

from claims.demo import SEED_URL
from claims.models import Document, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def document(seed_without_body):
    return Document.objects.get(url=SEED_URL)


def picker_url(field="speaker"):
    return reverse("claims:source-picker", args=[field])


@pytest.mark.parametrize(
    "url",
    [
        lambda d: picker_url(),
        lambda d: reverse("claims:source-picker-create"),
        lambda d: reverse("claims:preview-when", args=[d.pk, "said"]),
        lambda d: reverse("claims:preview-quantity", args=[d.pk]),
        lambda d: reverse("claims:preview-certainty", args=[d.pk]),
    ],
)
def test_anonymous_visitors_are_sent_to_login(client, document, url):
    target = url(document)
    response = client.get(target)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{reverse('login')}?next=")


def test_a_user_without_a_role_cannot_pick_or_preview(client, outsider, document):
    client.force_login(outsider)
    assert client.get(picker_url(), {"speaker_q": "mal"}).status_code == 403
    assert client.post(reverse("claims:source-picker-create"), {"create_source": "speaker",
                       "speaker_q": "X"}).status_code == 403
    assert client.get(reverse("claims:preview-quantity", args=[document.pk])).status_code == 403


# --- the picker -----------------------------------------------------------------------


def test_the_picker_finds_sources_as_you_type(client, editor, document):
    client.force_login(editor)
    response = client.get(picker_url(), {"speaker_q": "mala"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="speaker-results"' in html
    assert "Vasily Malayev" in html and "Interfax" not in html
    malayev = Source.objects.get(name="Vasily Malayev")
    assert f'type="radio" name="speaker" value="{malayev.pk}"' in html
    assert "Create “mala”" in html


def test_the_relay_picker_offers_checkboxes(client, editor, document):
    client.force_login(editor)
    html = client.get(picker_url("relays"), {"relays_q": "inter"}, HTTP_HX_REQUEST="true")
    html = html.content.decode()
    assert 'type="checkbox" name="relays"' in html


def test_the_publisher_picker_offers_outlets_only(client, editor, document):
    client.force_login(editor)
    response = client.get(picker_url("publisher"), {"publisher_q": "i"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="publisher-results"' in html
    assert ">Interfax</a>" in html and "Vasily Malayev" not in html


def test_an_exact_match_offers_no_create(client, editor, document):
    client.force_login(editor)
    response = client.get(picker_url(), {"speaker_q": "Interfax"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert ">Interfax</a>" in html
    assert "picker-create" not in html and "Create “" not in html


def test_the_picker_is_a_page_without_htmx(client, editor, document):
    client.force_login(editor)
    response = client.get(picker_url(), {"q": "mala"})
    html = response.content.decode()
    assert "<html" in html and "Vasily Malayev" in html


def test_choosing_a_result_returns_it_checked_and_clears_the_results(client, editor, document):
    client.force_login(editor)
    malayev = Source.objects.get(name="Vasily Malayev")
    response = client.get(picker_url(), {"choose": malayev.pk}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert f'name="speaker" value="{malayev.pk}" checked' in html
    assert 'id="speaker-results" hx-swap-oob="true"' in html
    full = client.get(picker_url(), {"choose": malayev.pk})
    assert "<html" in full.content.decode()


def test_an_unknown_picker_or_source_is_not_found(client, editor, document):
    client.force_login(editor)
    assert client.get(picker_url("nobody")).status_code == 404
    assert client.get(picker_url(), {"choose": 99999}).status_code == 404
    interfax = Source.objects.get(name="Interfax")
    malayev = Source.objects.get(name="Vasily Malayev")
    assert client.get(picker_url("publisher"), {"choose": interfax.pk}).status_code == 200
    assert client.get(picker_url("publisher"), {"choose": malayev.pk}).status_code == 404


def test_a_source_is_named_in_place_and_made_only_with_the_form(client, editor, document):
    client.force_login(editor)
    response = client.post(
        reverse("claims:source-picker-create"),
        {"create_source": "speaker", "speaker_q": "  Petro   Poroshenko ",
         "speaker_kind": "person"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert 'name="speaker" value="new:person:Petro Poroshenko" checked' in html
    assert "new person, made when you save" in html
    # Nothing is written until the claim is saved: an abandoned form leaves nothing behind.
    assert not Source.objects.filter(name="Petro Poroshenko").exists()


def test_creating_a_name_the_desk_has_chooses_that_source(client, editor, document):
    interfax = Source.objects.get(name="Interfax")
    client.force_login(editor)
    data = {"create_source": "relays", "relays_q": "INTERFAX", "relays_kind": "outlet"}
    response = client.post(reverse("claims:source-picker-create"), data, HTTP_HX_REQUEST="true")
    assert f'name="relays" value="{interfax.pk}" checked' in response.content.decode()
    response = client.post(reverse("claims:source-picker-create"), data)
    assert "<html" in response.content.decode()
    assert Source.objects.filter(name__iexact="interfax").count() == 1


def test_a_save_that_lost_the_race_for_a_new_name_is_handed_the_winners_source(
    client, editor, document, monkeypatch
):
    # Another request made "A new spokesman" after this one looked for it and found none.
    winner = Source.objects.create(name="A new spokesman", kind="person")
    looked = Source.called.__func__
    looks = []

    def too_early_the_first_time(cls, name, kind):
        looks.append(name)
        return None if len(looks) == 1 else looked(cls, name, kind)

    monkeypatch.setattr(Source, "called", classmethod(too_early_the_first_time))
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim-create", args=[document.pk]),
        {"statement": "A new spokesman spoke.", "speaker": "new:person:a new  SPOKESMAN"},
    )
    assert response.status_code == 302
    assert looks == ["a new SPOKESMAN", "a new SPOKESMAN"]
    assert list(Source.objects.filter(name__iexact="a new spokesman")) == [winner]
    assert Source.objects.get(claims_spoken__statement="A new spokesman spoke.") == winner


def test_a_publisher_created_in_place_is_always_an_outlet(client, editor, document):
    client.force_login(editor)
    response = client.post(
        reverse("claims:source-picker-create"),
        {"create_source": "publisher", "publisher_q": "Kyiv Post", "publisher_kind": "person"},
        HTTP_HX_REQUEST="true",
    )
    assert 'value="new:outlet:Kyiv Post"' in response.content.decode()
    client.post(reverse("claims:document-create"), {
        "title": "T", "published_at": "2014-08-04T12:00", "language": "en",
        "publisher": "new:person:Kyiv Post",
    })
    assert Source.objects.get(name="Kyiv Post").kind == "outlet"


def test_creating_without_a_name_is_refused(client, editor, document):
    client.force_login(editor)
    response = client.post(
        reverse("claims:source-picker-create"), {"create_source": "speaker", "speaker_q": " "},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400
    assert "Type the new source’s name first." in response.content.decode()


def test_creating_needs_a_post(client, editor, document):
    client.force_login(editor)
    assert client.get(reverse("claims:source-picker-create")).status_code == 405


# --- previews ---------------------------------------------------------------------------


def test_monday_reads_as_the_publication_day(client, editor, document):
    client.force_login(editor)
    response = client.get(
        reverse("claims:preview-when", args=[document.pk, "said"]), {"said_phrase": "Monday"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "<html" not in html
    assert "Reads as 4 Aug 2014 (day)" in html
    assert 'id="said-reading" hx-swap-oob="true"' in html
    assert 'name="said_start" value="2014-08-04"' in html
    assert '<option value="day" selected>' in html


def test_a_range_reads_into_both_ends(client, editor, document):
    client.force_login(editor)
    response = client.get(
        reverse("claims:preview-when", args=[document.pk, "about"]),
        {"about_phrase": "will start Monday and last through Friday"}, HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Reads as 4–8 Aug 2014 (day)" in html
    assert 'name="about_end" value="2014-08-08"' in html


def test_an_unreadable_date_says_so_and_empties_the_fields(client, editor, document):
    client.force_login(editor)
    response = client.get(
        reverse("claims:preview-when", args=[document.pk, "said"]),
        {"said_phrase": "when pigs fly"}, HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert "Could not read this date." in html
    assert 'id="said-reading" hx-swap-oob="true"' in html
    assert 'value="20' not in html


def test_the_date_preview_is_a_page_without_htmx(client, editor, document):
    client.force_login(editor)
    response = client.get(
        reverse("claims:preview-when", args=[document.pk, "said"]), {"said_phrase": "since April"}
    )
    html = response.content.decode()
    assert "<html" in html
    assert "Reads as from Apr 2014 on (month)" in html
    assert "hx-swap-oob" not in html


def test_an_unknown_date_preview_is_not_found(client, editor, document):
    client.force_login(editor)
    assert client.get(reverse("claims:preview-when", args=[document.pk, "x"])).status_code == 404
    assert client.get(reverse("claims:preview-when", args=[999, "said"])).status_code == 404


def test_the_number_preview_reads_an_interval(client, editor, document):
    client.force_login(editor)
    url = reverse("claims:preview-quantity", args=[document.pk])
    response = client.get(
        url, {"quantity_phrase": "more than 400 soldiers"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Reads as over 400 soldiers" in html
    assert 'name="quantity_low" value="400"' in html
    assert 'name="quantity_low_inclusive"' in html
    full = client.get(url, {"quantity_phrase": "no number here"}).content.decode()
    assert "<html" in full and "Could not read this number" in full


def test_the_certainty_preview_suggests_from_the_quote(client, editor, document):
    client.force_login(editor)
    url = reverse("claims:preview-certainty", args=[document.pk])
    response = client.get(url, {"quote": "it was too early to confirm"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Suggests withheld (“too early to confirm”)" in html
    assert '<option value="withheld" selected>' in html
    hedged = client.get(url, {"quote": "part of a brigade had most likely crossed"}).content
    assert "Suggests hedged (“most likely”)" in hedged.decode()


def test_a_phrase_is_escaped_in_the_preview(client, editor, document):
    client.force_login(editor)
    url = reverse("claims:preview-quantity", args=[document.pk])
    html = client.get(url, {"quantity_phrase": "<script>x</script>"}, HTTP_HX_REQUEST="true")
    assert "<script>x" not in html.content.decode()
