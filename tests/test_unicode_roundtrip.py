"""Cyrillic, right-to-left text and emoji go in through the forms and come out unchanged."""

from html.parser import HTMLParser

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from claims.models import Claim, ClaimLink, Document, Question, Source

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}

SPEAKER = "Василий Малаев"
OUTLET = "Интерфакс 📰"
ARABIC = "وزارة الدفاع الروسية"
HEBREW = "דובר צה״ל"
EMOJI = "Ёжик 🦔 и 👩‍👩‍👧 семья 🇺🇦"
BODY = (
    "Глава пограничного управления ФСБ Василий Малаев заявил в понедельник:\n"
    "«438 украинских военнослужащих перешли границу России». "
    f"По-арабски: «{ARABIC}», на иврите: «{HEBREW}» — {EMOJI}.\n"
    "Конец сообщения."
)
QUOTE = "«438 украинских военнослужащих перешли границу России»"
STATEMENT = "438 украинских военнослужащих перешли в Россию 🪖"


class Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data):
        self.parts.append(data)

    def handle_starttag(self, tag, attrs):
        self.parts.extend(value for _, value in attrs if value)


def text_of(response) -> str:
    parser = Text()
    parser.feed(response.content.decode("utf-8"))
    return " ".join(" ".join(parser.parts).split())


@pytest.fixture
def desk(editor, reviewer):
    """A Cyrillic desk typed in through the forms."""
    ed = Client()
    ed.force_login(editor)
    rev = Client()
    rev.force_login(reviewer)
    picked = {}
    for field, name, kind in [
        ("speaker", SPEAKER, "person"),
        ("publisher", OUTLET, "outlet"),
        ("speaker", ARABIC, "organization"),
        ("speaker", HEBREW, "person"),
    ]:
        response = ed.post(
            reverse("claims:source-picker-create"),
            {"create_source": field, f"{field}_q": name, f"{field}_kind": kind},
            **HX,
        )
        assert response.status_code == 200
        # Chosen in the picker as a new source, made by the save that uses it.
        picked[name] = f"new:{kind}:{name}"
        assert f'value="{escape(picked[name])}"' in response.content.decode()
    response = ed.post(
        reverse("claims:document-create"),
        {"title": f"Сотни украинских солдат {EMOJI}", "publisher": picked[OUTLET],
         "language": "ru", "published_at": "2014-08-04T10:00",
         "body": BODY.replace("\n", "\r\n")},
    )
    assert response.status_code == 302
    document = Document.objects.get()
    outlet = Source.objects.get(name=OUTLET)
    response = ed.post(
        reverse("claims:claim-create", args=[document.pk]),
        {"statement": STATEMENT, "quote": QUOTE, "speaker": picked[SPEAKER],
         "relays": [outlet.pk], "quantity_low_inclusive": "on", "quantity_high_inclusive": "on"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    second = ed.post(
        reverse("claims:claim-create", args=[document.pk]),
        {"statement": f"{ARABIC} {HEBREW}", "quote": f"«{ARABIC}»", "speaker": picked[ARABIC],
         "relays": [picked[HEBREW]], "quantity_low_inclusive": "on",
         "quantity_high_inclusive": "on"},
    )
    assert second.status_code == 302, second.content.decode()[:2000]
    names = {name: Source.objects.get(name=name) for name in (SPEAKER, OUTLET, ARABIC, HEBREW)}
    speaker = names[SPEAKER]
    response = ed.post(
        reverse("claims:question-create"), {"text": f"Сколько солдат перешло? {EMOJI}"}
    )
    assert response.status_code == 302
    a = Claim.objects.get(statement=STATEMENT)
    b = Claim.objects.exclude(pk=a.pk).get()
    response = rev.post(
        reverse("claims:link-create"),
        {"first": a.pk, "second": b.pk, "kind": "contradicts", "nature": "other",
         "note": f"{HEBREW} ↔ {ARABIC} {EMOJI}"},
    )
    assert response.status_code == 302
    return {"editor": ed, "reviewer": rev, "document": document, "a": a, "b": b,
            "speaker": speaker, "outlet": outlet, "names": names}


def test_names_statements_and_quotes_are_stored_exactly_as_typed(desk):
    for name, source in desk["names"].items():
        assert source.name == name
    document = Document.objects.get()
    assert document.body == BODY
    assert document.title == f"Сотни украинских солдат {EMOJI}"
    a = desk["a"]
    assert a.statement == STATEMENT and a.quote == QUOTE
    assert BODY[a.quote_start : a.quote_start + len(QUOTE)] == QUOTE
    assert a.attribution_text() == f"{SPEAKER}, via {OUTLET}"
    b = desk["b"]
    assert b.quote == f"«{ARABIC}»" and BODY[b.quote_start :].startswith(b.quote)
    assert Question.objects.get().text == f"Сколько солдат перешло? {EMOJI}"
    assert ClaimLink.objects.get().note == f"{HEBREW} ↔ {ARABIC} {EMOJI}"


def test_every_page_shows_them_unchanged(desk):
    client = desk["reviewer"]
    a, b, document = desk["a"], desk["b"], desk["document"]
    pages = {
        document.get_absolute_url(): [BODY.split("\n")[0], QUOTE, STATEMENT, OUTLET, EMOJI],
        reverse("claims:document-list"): [document.title],
        a.get_absolute_url(): [STATEMENT, QUOTE, SPEAKER, OUTLET, document.title],
        b.get_absolute_url(): [ARABIC, HEBREW],
        reverse("claims:claim-list"): [STATEMENT, SPEAKER, f"{ARABIC} {HEBREW}"],
        reverse("claims:compare") + f"?a={a.pk}&b={b.pk}": [STATEMENT, QUOTE, ARABIC],
        reverse("claims:source-list"): [SPEAKER, OUTLET, ARABIC, HEBREW],
        desk["speaker"].get_absolute_url(): [SPEAKER, STATEMENT],
        reverse("claims:question-list"): [f"Сколько солдат перешло? {EMOJI}"],
        reverse("claims:review-queue"): [STATEMENT, f"{HEBREW} ↔ {ARABIC} {EMOJI}"],
        reverse("claims:claim-edit", args=[a.pk]): [STATEMENT, QUOTE, SPEAKER, OUTLET],
    }
    for url, expected in pages.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "text/html; charset=utf-8"
        shown = text_of(response)
        for text in expected:
            assert " ".join(text.split()) in shown, (url, text)


def test_the_document_page_marks_the_cyrillic_quote_where_it_stands(desk):
    html = desk["reviewer"].get(desk["document"].get_absolute_url()).content.decode()
    assert f'id="quote-{desk["a"].pk}">{QUOTE}</mark>' in html
    assert f'id="quote-{desk["b"].pk}">«{ARABIC}»</mark>' in html


def test_a_search_in_cyrillic_finds_the_claim_and_the_source(desk):
    client = desk["reviewer"]
    response = client.get(reverse("claims:claim-list"), {"q": "военнослужащих"})
    assert [c.pk for c in response.context["page"].object_list] == [desk["a"].pk]
    response = client.get(reverse("claims:source-list"), {"q": "Малаев"})
    assert [s.pk for s in response.context["listing"].page.object_list] == [desk["speaker"].pk]
    response = client.get(
        reverse("claims:source-picker", args=["speaker"]), {"speaker_q": HEBREW}, **HX
    )
    assert HEBREW in text_of(response)


def test_an_edit_keeps_the_quote_anchored_and_the_text_unchanged(desk):
    a = Claim.objects.get(pk=desk["a"].pk)  # linking made it disputed: a newer version
    edited = STATEMENT + " — по данным ФСБ 🛂"
    response = desk["editor"].post(
        reverse("claims:claim-edit", args=[a.pk]),
        {"statement": edited, "quote": QUOTE, "speaker": desk["speaker"].pk,
         "relays": [desk["outlet"].pk], "version": a.version,
         "quantity_low_inclusive": "on", "quantity_high_inclusive": "on"},
    )
    assert response.status_code == 302, response.context["form"].errors
    a.refresh_from_db()
    assert a.statement == edited and a.quote == QUOTE
    assert BODY[a.quote_start : a.quote_start + len(QUOTE)] == QUOTE
    assert edited in text_of(desk["reviewer"].get(a.get_absolute_url()))
