"""Hostile text typed into every text field is shown as text on every page, never as markup.

Each payload of tests/data/xss_payloads.txt goes in through the real forms (source
names, document title and body, statement, quote, question, link note, resolution
rationale, grade reason, search boxes); then every page and htmx fragment that shows it
is parsed, and no element, attribute or URL that the payload could have made may exist.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from claims.models import Claim, ClaimLink, Document, Question, Source

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
PAYLOADS = [
    line
    for line in (Path(__file__).parent / "data" / "xss_payloads.txt")
    .read_text(encoding="utf-8")
    .splitlines()
    if line.strip()
]
HX = {"HTTP_HX_REQUEST": "true"}


def _app_markup() -> tuple[set[str], set[str]]:
    """The tags and hx-* attribute names the app itself writes (templates and Python)."""
    tags: set[str] = set()
    hx: set[str] = set()
    files = [
        *(ROOT / "templates").rglob("*.html"),
        *(ROOT / "claims").rglob("*.py"),
    ]
    for file in files:
        text = file.read_text(encoding="utf-8")
        tags |= {t.lower() for t in re.findall(r"<([a-zA-Z][a-zA-Z0-9]*)[\s>/]", text)}
        hx |= set(re.findall(r"\b((?:data-)?hx-[a-z:-]+)=", text))
    # What Django's form widgets and messages write besides.
    tags |= {"input", "select", "option", "textarea", "label", "ul", "li", "div", "span"}
    return tags, hx


APP_TAGS, APP_HX = _app_markup()
URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "xlink:href", "background", "poster",
    "cite", "content", "srcset", "ping",
}
# Only tags a payload brings: the app never writes these (checked against APP_TAGS below).
PAYLOAD_ONLY_TAGS = {
    "iframe", "img", "object", "embed", "base", "style", "marquee", "math", "mglyph",
    "template", "noscript", "isindex", "keygen", "video", "audio", "animate", "scr",
}


class Markup(HTMLParser):
    """Every element with its attributes, and all text and attribute values as read."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, list[tuple[str, str | None]]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, attrs))
        self.text.extend(value for _, value in attrs if value)

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> Markup:
    parser = Markup()
    parser.feed(html)
    parser.close()
    return parser


def _known_script(src: str) -> bool:
    prefix = settings.STATIC_URL
    return src.startswith(prefix) and finders.find(src[len(prefix):].split("?")[0]) is not None


def markup_faults(html: str | Markup) -> list[str]:
    """What in this HTML could only have come from injected markup."""
    faults = []
    bodies = 0
    markup = parse(html) if isinstance(html, str) else html
    for tag, attrs in markup.elements:
        where = f"<{tag} {attrs}>"
        bodies += tag == "body"
        if tag in PAYLOAD_ONLY_TAGS or tag not in APP_TAGS:
            faults.append(f"foreign element {where}")
        # The app's scripts are its static files; a ClaimReview is a JSON-LD data block,
        # never run (its JSON is checked whole below).
        if tag == "script" and not _known_script(dict(attrs).get("src") or "") and (
            dict(attrs).get("type") != "application/ld+json"
        ):
            faults.append(f"script that is not the app's {where}")
        for name, value in attrs:
            value = value or ""
            squashed = re.sub(r"[\s\x00-\x1f]", "", value).lower()
            if name.startswith("on"):
                faults.append(f"event handler {name} on {where}")
            if name in ("style", "srcdoc", "http-equiv", "formaction"):
                faults.append(f"attribute {name} on {where}")
            if name in URL_ATTRIBUTES and ("javascript:" in squashed or "vbscript:" in squashed):
                faults.append(f"script URL in {name} on {where}")
            if name.startswith(("hx-", "data-hx-")) and (
                name not in APP_HX or "__xss" in value or "/logout/" in value
            ):
                faults.append(f"htmx attribute {name}={value!r} on {where}")
    if bodies > 1:
        faults.append("a second <body>")
    if isinstance(html, str):
        for data in re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S):
            try:
                json.loads(data)
            except ValueError:
                faults.append("a JSON-LD block that is not whole JSON")
    return faults


def shown_as_text(markup: Markup, payload: str) -> bool:
    """Whether the payload is in the page as text (or an attribute's value), whole."""
    wanted = " ".join(payload.split())
    return wanted in " ".join(" ".join(markup.text).split())


def check(response, payload: str, *, shown: bool = True, status: int = 200) -> str:
    html = response.content.decode()
    url = response.request["PATH_INFO"] + "?" + response.request.get("QUERY_STRING", "")
    assert response.status_code == status, (url, response.status_code)
    markup = parse(html)
    faults = markup_faults(markup)
    assert not faults, (url, faults)
    if shown:
        assert shown_as_text(markup, payload), f"{url} does not show the payload as text"
    return html


def test_the_corpus_holds_at_least_50_payloads_and_the_checker_sees_each_raw():
    assert len(PAYLOADS) >= 50
    assert not PAYLOAD_ONLY_TAGS & APP_TAGS
    raw_ones = [p for p in PAYLOADS if markup_faults(f"<p>{p}</p>")]
    # Every payload that is markup at all is caught when it lands unescaped.
    plain = {p for p in PAYLOADS if p not in raw_ones}
    assert plain <= {
        "javascript:window.__xss=1",
        "{{ 7*7 }}{% csrf_token %}",
        "${window.__xss=1}",
        "%3Cscript%3Ewindow.__xss%3D1%3C%2Fscript%3E",
        "&lt;script&gt;window.__xss=1&lt;/script&gt;",
        "\" onmouseover=\"window.__xss=1\" x=\"",
        "' onmouseover='window.__xss=1' x='",
        "\" autofocus onfocus=\"window.__xss=1\" x=\"",
    }
    # The attribute breakers are caught when they land in an unescaped attribute.
    for p in ['" onmouseover="window.__xss=1" x="', "' onmouseover='window.__xss=1' x='"]:
        assert markup_faults(f"<input value=\"{p}\"><input value='{p}'>")


# --- The desk, typed in through the forms -----------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


class Desk:
    """Everything one payload went into, made through the real endpoints."""

    def __init__(self, payload: str, editor, reviewer, admin_user):
        self.payload = payload
        self.editor = _client(editor)
        self.reviewer = _client(reviewer)
        self.admin = _client(admin_user)
        self.build()

    def _source(self, field: str, kind: str) -> str:
        """The payload named as a new source in a picker: the value its box then carries (the
        source is made by the save that uses it)."""
        response = self.editor.post(
            reverse("claims:source-picker-create"),
            {"create_source": field, f"{field}_q": self.payload, f"{field}_kind": kind},
            **HX,
        )
        check(response, self.payload)
        return f"new:{kind}:{' '.join(self.payload.split())}"

    def _made(self, kind: str) -> Source:
        return Source.objects.get(kind=kind, name=" ".join(self.payload.split()))

    def build(self) -> None:
        p = self.payload
        self.speaker = None
        self.speaker_pick = self._source("speaker", "person")
        outlet_pick = self._source("publisher", "outlet")
        self.body = f"The first line of the article.\n{p}\nThe last line, quoted too."
        response = self.editor.post(
            reverse("claims:document-create"),
            {
                "url": "", "title": p, "publisher": outlet_pick, "language": "en",
                "published_at": "2014-08-04T10:00", "body": self.body,
            },
        )
        assert response.status_code == 302, response.content.decode()[:2000]
        self.outlet = self._made("outlet")
        self.document = Document.objects.get()
        assert self.document.title == p.strip() and self.document.body == self.body

        self.a = self._claim(statement=p, quote=p)
        self.b = self._claim(statement="The other side: " + p, quote="The last line, quoted too.")
        assert self.a.quote == p.strip() and self.a.quote_start is not None

        response = self.editor.post(
            reverse("claims:question-create"), {"text": p, "description": p}
        )
        assert response.status_code == 302
        self.question = Question.objects.get()
        response = self.editor.post(
            reverse("claims:question-assign", args=[self.question.pk]), {"claim": self.a.pk}
        )
        assert response.status_code == 302

        self.link = self._link(self.a, self.b)

        response = self.admin.post(
            reverse("claims:source-grade", args=[self.speaker.pk]), {"grade": "C", "reason": p}
        )
        assert response.status_code == 302
        assert self.speaker.grade_changes.get().reason == " ".join(p.split())

    def _claim(self, *, statement: str, quote: str) -> Claim:
        response = self.editor.post(
            reverse("claims:claim-create", args=[self.document.pk]),
            {
                "statement": statement, "quote": quote,
                "speaker": str(self.speaker.pk) if self.speaker else self.speaker_pick,
                "relays": [str(self.outlet.pk)], "said_phrase": "", "about_phrase": "",
                "quantity_phrase": "", "certainty": "",
                "quantity_low_inclusive": "on", "quantity_high_inclusive": "on",
            },
        )
        assert response.status_code == 302, response.content.decode()[:3000]
        self.speaker = self.speaker or self._made("person")
        claim = Claim.objects.get(statement=statement.strip())
        assert [s.pk for s in claim.attribution_chain()] == [self.speaker.pk, self.outlet.pk]
        return claim

    def _link(self, first: Claim, second: Claim) -> ClaimLink:
        response = self.reviewer.post(
            reverse("claims:link-create"),
            {"first": first.pk, "second": second.pk, "kind": "contradicts", "nature": "other",
             "note": self.payload},
        )
        assert response.status_code == 302
        return ClaimLink.between(first, second)


@pytest.fixture(params=range(len(PAYLOADS)), ids=[f"payload{n:02d}" for n in range(len(PAYLOADS))])
def desk(request, editor, reviewer, admin_user):
    return Desk(PAYLOADS[request.param], editor, reviewer, admin_user)


def test_every_page_and_fragment_shows_the_payload_as_text(desk):
    p = desk.payload
    get = desk.admin.get  # the admin sees every control, so every form is rendered
    q = {"q": p}

    # Documents: the list searched with the payload, the page with the marked quote.
    check(get(reverse("claims:document-list"), q), p)
    check(get(reverse("claims:document-list"), q, **HX), p)
    html = check(get(desk.document.get_absolute_url()), p)
    assert 'class="quote"' in html  # the quote is marked in the body, as text

    # Claims: the list searched with the payload, a claim's page, its edit form and panels.
    check(get(reverse("claims:claim-list"), q), p)
    check(get(reverse("claims:claim-list"), q, **HX), p)
    check(get(desk.a.get_absolute_url()), p)
    check(get(reverse("claims:claim-edit", args=[desk.a.pk]), **HX), p)
    check(get(reverse("claims:claim-links", args=[desk.a.pk]), **HX), p)
    check(get(reverse("claims:claim-suggestions", args=[desk.b.pk]), **HX), p, shown=False)

    # Compare, with its htmx refresh, and the claim picker searched with the payload.
    pair = {"a": desk.a.pk, "b": desk.b.pk}
    check(get(reverse("claims:compare"), pair), p)
    check(get(reverse("claims:compare"), pair, HTTP_HX_TARGET="column-a", **HX), p)
    picker = {"side": "b", "a": desk.a.pk, "q": p}
    check(get(reverse("claims:claim-picker"), picker, **HX), p)

    # The review queue, the questions (and the candidates searched with the payload).
    check(get(reverse("claims:review-queue")), p)
    check(get(reverse("claims:review-queue"), **HX), p)
    check(get(reverse("claims:question-list")), p)
    check(get(reverse("claims:question-list"), **HX), p)
    question = reverse("claims:question-detail", args=[desk.question.pk])
    check(get(question), p)
    check(get(question, q, HTTP_HX_TARGET="question-candidates", **HX), p)

    # Sources: the list searched, a source's page and its fragment, the picker, merging.
    check(get(reverse("claims:source-list"), q, **HX), p)
    check(get(desk.speaker.get_absolute_url()), p)
    check(get(desk.outlet.get_absolute_url(), **HX), p)
    check(get(reverse("claims:source-merge", args=[desk.speaker.pk])), p)
    url = reverse("claims:source-picker", args=["relays"])
    check(get(url, {"relays_q": p}, **HX), p)

    # The previews of the claim form echo what was typed.
    url = reverse("claims:preview-when", args=[desk.document.pk, "said"])
    check(get(url, {"said_phrase": p}, **HX), p, shown=False)
    url = reverse("claims:preview-quantity", args=[desk.document.pk])
    check(get(url, {"quantity_phrase": p}, **HX), p, shown=False)

    # Refused forms give everything back as text.
    # A claim whose quote is not in the article: the page again, with every field kept.
    response = desk.editor.post(
        reverse("claims:claim-create", args=[desk.document.pk]),
        {"statement": p, "quote": "not in the article " + p, "speaker_q": p,
         "relays_q": p, "said_phrase": p, "quantity_phrase": p},
    )
    assert "is not in the article" in check(response, p)
    # A contradiction without its nature.
    data = {"first": desk.b.pk, "second": desk.a.pk, "kind": "contradicts", "note": p}
    check(desk.reviewer.post(reverse("claims:link-create"), data, **HX), p)
    # A question without its text.
    response = desk.editor.post(reverse("claims:question-create"), {"text": "", "description": p})
    check(response, p, status=400)

    # Resolving: the rationale shows on the link; a resolution that lost the race is
    # shown back (htmx swaps only a 2xx answer, so that fragment comes back as 200).
    resolve = reverse("claims:link-resolve", args=[desk.link.pk])
    data = {"outcome": "first_upheld", "rationale": p, "version": desk.link.version}
    assert desk.reviewer.post(resolve, data).status_code == 302
    check(desk.reviewer.post(resolve, data, **HX), p)
    check(get(reverse("claims:link-detail", args=[desk.link.pk])), p)

    # An edit that saves: the claim's history shows the old and new statement as text.
    response = desk.editor.post(
        reverse("claims:claim-edit", args=[desk.b.pk]),
        {"statement": p, "quote": desk.b.quote, "speaker": desk.speaker.pk,
         "relays": [desk.outlet.pk], "version": Claim.objects.get(pk=desk.b.pk).version},
    )
    assert response.status_code == 302
    assert Claim.objects.get(pk=desk.b.pk).statement == p.strip()
    check(get(desk.b.get_absolute_url()), p)


def test_a_script_url_is_never_taken_as_a_document_url(editor):
    client = _client(editor)
    for url in ["javascript:window.__xss=1", "JaVaScRiPt:alert(1)", "data:text/html,<script>"]:
        response = client.post(
            reverse("claims:document-create"),
            {"url": url, "title": "T", "published_at": "2014-08-04T10:00", "body": ""},
        )
        assert response.status_code == 200
        assert response.context["form"].errors["url"]
    assert not Document.objects.exists()


# --- Oversize input: refused with a message, nothing saved ---------------------------------


@pytest.fixture
def small_desk(db):
    from datetime import UTC, datetime

    speaker = Source.objects.create(name="Speaker", kind="person")
    document = Document.objects.create(
        title="A short article", published_at=datetime(2014, 8, 4, 10, tzinfo=UTC),
        body="Nothing much happened on Monday.",
    )
    return document, speaker


def _claim_post(client, document, speaker, **fields):
    data = {"statement": "A statement", "quote": "", "speaker": str(speaker.pk),
            "quantity_low_inclusive": "on", "quantity_high_inclusive": "on"}
    data.update(fields)
    return client.post(reverse("claims:claim-create", args=[document.pk]), data)


def test_a_600_character_statement_is_refused_with_a_message(client, editor, small_desk):
    client.force_login(editor)
    statement = "s" * 600
    response = _claim_post(client, *small_desk, statement=statement)
    assert response.status_code == 200
    assert response.context["form"].errors["statement"] == [
        "A statement is limited to 500 characters; this one has 600. "
        "Nothing was saved, and your text is kept below."
    ]
    assert statement in response.content.decode()  # kept for the editor to shorten
    assert not Claim.objects.exists()


def test_a_100_kb_quote_is_refused_with_a_message(client, editor, small_desk):
    client.force_login(editor)
    response = _claim_post(client, *small_desk, quote="q" * 100_000)
    assert response.status_code == 200
    assert "limited to 5000 characters" in response.context["form"].errors["quote"][0]
    assert not Claim.objects.exists()


def test_a_3_mb_body_is_refused_with_a_clear_page_and_nothing_saved(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:document-create"),
        {"title": "Huge", "published_at": "2014-08-04T10:00", "body": "b" * 3_000_000},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "too large" in html and "Nothing was saved" in html
    assert not Document.objects.exists()


def test_a_body_over_the_limit_is_refused_beside_the_field(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:document-create"),
        {"title": "Long", "published_at": "2014-08-04T10:00", "body": "b" * 600_000},
    )
    assert response.status_code == 200
    assert "The body is limited to 500000 characters" in response.context["form"].errors["body"][0]
    assert not Document.objects.exists()


def test_an_overlong_title_is_refused_beside_the_field(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:document-create"),
        {"title": "t" * 600, "published_at": "2014-08-04T10:00", "body": ""},
    )
    assert "The title is limited to 500" in response.context["form"].errors["title"][0]
    assert not Document.objects.exists()


def test_an_overlong_question_is_refused_with_a_message(client, editor):
    client.force_login(editor)
    for data, message in [
        ({"text": "q" * 400}, "A question is limited to 300 characters; this one has 400."),
        ({"text": "Fine", "description": "d" * 20_000}, "A description is limited to 5000"),
    ]:
        response = client.post(reverse("claims:question-create"), data)
        assert response.status_code == 400
        assert message in response.content.decode()
    assert not Question.objects.exists()


def test_an_overlong_link_note_or_rationale_is_refused_with_a_message(
    client, reviewer, small_desk
):
    document, speaker = small_desk
    a, b = (
        Claim.objects.create(document=document, statement=s, speaker=speaker) for s in "ab"
    )
    client.force_login(reviewer)
    data = {"first": a.pk, "second": b.pk, "kind": "supports", "note": "n" * 20_000}
    response = client.post(reverse("claims:link-create"), data)
    assert response.status_code == 400
    assert "A note is limited to 5000 characters" in response.content.decode()
    assert not ClaimLink.objects.exists()

    link = ClaimLink.objects.create(first=a, second=b, kind="contradicts", nature="other")
    response = client.post(
        reverse("claims:link-resolve", args=[link.pk]),
        {"outcome": "first_upheld", "rationale": "r" * 20_000, "version": link.version},
    )
    assert response.status_code == 400
    assert "A rationale is limited to 5000 characters" in response.content.decode()
    link.refresh_from_db()
    assert link.status == "open" and link.rationale == ""


def test_an_overlong_source_name_is_refused_by_the_picker(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("claims:source-picker-create"),
        {"create_source": "speaker", "speaker_q": "n" * 300, "speaker_kind": "person"},
        **HX,
    )
    assert response.status_code == 400
    assert "limited to 200 characters" in response.content.decode()
    assert not Source.objects.exists()
