"""In Chromium: hostile text stored in every field runs nowhere, on any page.

The nastiest payloads of the corpus (and two that would open a dialog) are stored as
source names, document titles and bodies, statements, quotes, questions, link notes and
rationales and a grade reason; every page is visited and searched with them, live
searches included (htmx swaps the answers in). No dialog may open, window.__xss must
stay undefined, and the Content-Security-Policy must report no violation (a violation
would mean an injected script or handler reached the page and was only stopped by it).
"""

from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from django.urls import reverse

from claims import services
from claims.anchors import anchor_quote
from claims.models import Claim, ClaimRelay, Document, Question, Source

pytestmark = pytest.mark.browser

PAYLOADS = [
    '"><script>window.__xss=1</script>',
    "</textarea><script>window.__xss=1</script>",
    "<img src=x onerror=alert(1)>",
    "'><svg onload=alert(2)>",
    '" autofocus onfocus="window.__xss=1" x="',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    '<a href="javascript:window.__xss=1" id="xss-link">click</a>',
    '<div hx-get="/logout/" hx-trigger="load">htmx</div>',
    '<div hx-on:load="window.__xss=1">htmx-on</div>',
]

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile
  );
});
"""


@pytest.fixture
def hostile_desk(admin_user, editor):
    body = "Start of the article.\n" + "\n".join(PAYLOADS) + "\nEnd of the article."
    outlet = Source.objects.create(name=PAYLOADS[0], kind="outlet")
    document = Document.objects.create(
        title=PAYLOADS[1], publisher=outlet, body=body, created_by=editor,
        published_at=datetime(2014, 8, 4, 10, tzinfo=UTC),
    )
    claims = []
    for n, payload in enumerate(PAYLOADS):
        speaker = Source.objects.create(name=payload, kind="person", description=payload)
        speaker.set_reliability("C", reason=payload, by=admin_user)
        anchor = anchor_quote(body, payload)
        claim = Claim.objects.create(
            document=document, statement=f"{payload} #{n}", quote=payload, speaker=speaker,
            quote_start=anchor.start, quote_prefix=anchor.prefix, quote_suffix=anchor.suffix,
            said_phrase=payload[:200], quantity_phrase=payload[:200], created_by=editor,
        )
        ClaimRelay.objects.create(claim=claim, source=outlet, position=1)
        claims.append(claim)
    question = Question.objects.create(text=PAYLOADS[2], description=PAYLOADS[3])
    question.claims.set(claims)
    links = []
    for n, payload in enumerate(PAYLOADS):
        links.append(
            services.link_create(
                first=claims[n], second=claims[(n + 1) % len(claims)], kind="contradicts",
                nature="other", note=payload, by=editor,
            )
        )
    resolved = services.contradiction_resolve(
        link=links[0], outcome="first_upheld", rationale="\n".join(PAYLOADS), by=admin_user,
        expected_version=links[0].version,
    )
    return {"document": document, "claims": claims, "question": question,
            "links": [resolved] + links[1:], "outlet": outlet}


@pytest.fixture
def watched(page):
    """The page, with every dialog and CSP violation recorded."""
    dialogs: list[str] = []
    console: list[str] = []

    def on_dialog(dialog):
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "console",
        lambda message: console.append(message.text)
        if "Content Security Policy" in message.text or "Refused to" in message.text
        else None,
    )
    page.add_init_script(LISTEN)
    return page, dialogs, console


def assert_nothing_ran(page, dialogs, console, where: str) -> None:
    page.wait_for_load_state("networkidle")
    assert dialogs == [], where
    assert page.evaluate("typeof window.__xss") == "undefined", where
    assert page.evaluate("window.__cspViolations") == [], where
    assert console == [], where
    assert page.locator("#xss-link").count() == 0, where
    assert page.locator("header .logout button").count() == 1, f"logged out on {where}"


def test_no_page_runs_or_even_tries_to_run_stored_hostile_text(
    watched, login_as, admin_user, hostile_desk, results_dir
):
    page, dialogs, console = watched
    login_as(admin_user)
    claims, links = hostile_desk["claims"], hostile_desk["links"]
    document = hostile_desk["document"]
    q = {"q": PAYLOADS[0]}
    pages = [
        reverse("claims:home"),
        reverse("claims:document-list") + "?" + urlencode(q),
        document.get_absolute_url(),
        reverse("claims:claim-list") + "?" + urlencode(q),
        reverse("claims:claim-list"),
        claims[0].get_absolute_url(),
        reverse("claims:claim-edit", args=[claims[1].pk]),
        reverse("claims:compare") + f"?a={claims[0].pk}&b={claims[1].pk}",
        reverse("claims:claim-picker") + "?" + urlencode({"side": "b", "a": claims[0].pk, **q}),
        reverse("claims:question-list"),
        reverse("claims:question-detail", args=[hostile_desk["question"].pk]),
        reverse("claims:review-queue"),
        reverse("claims:link-detail", args=[links[0].pk]),
        reverse("claims:source-list") + "?" + urlencode(q),
        claims[2].speaker.get_absolute_url(),
        hostile_desk["outlet"].get_absolute_url(),
        reverse("claims:source-merge", args=[claims[3].speaker.pk]),
    ]
    for url in pages:
        page.goto(url)
        assert_nothing_ran(page, dialogs, console, url)
    page.screenshot(path=str(results_dir / "link.png"), full_page=True)

    # Live searches: htmx swaps the answers in, where hx-* in the text would be processed.
    page.goto(reverse("claims:claim-list"))
    for payload in PAYLOADS[-3:]:
        page.fill("#id_q", payload)
        page.wait_for_timeout(500)
        assert_nothing_ran(page, dialogs, console, f"claim search for {payload}")
    page.goto(document.get_absolute_url())
    page.fill("#id_speaker_q", PAYLOADS[2])
    page.wait_for_timeout(500)
    assert_nothing_ran(page, dialogs, console, "speaker picker search")
    assert page.locator("#speaker-results").inner_text().count(PAYLOADS[2]) >= 1

    # Opening the edit form in place, and the links panel refreshing, swap fragments too.
    page.goto(claims[4].get_absolute_url())
    page.click("#claim-main a:text('Edit')")
    page.wait_for_selector("#claim-main form")
    assert_nothing_ran(page, dialogs, console, "edit form swapped in")
    page.screenshot(path=str(results_dir / "edit-in-place.png"), full_page=True)

    # The watch can fail: the same text put in unescaped is refused by the policy and seen.
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=x onerror=\"window.__xss=1\">')"
    )
    page.wait_for_function("window.__cspViolations.length > 0")
    assert page.evaluate("typeof window.__xss") == "undefined"
