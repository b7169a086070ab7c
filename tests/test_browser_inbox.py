"""In Chromium, an editor and a reviewer side by side: the editor logs two claims whose
figures conflict; the reviewer's home, left open, shows the pair without a reload; the
reviewer takes it, links it and resolves it; the editor's notification count goes up."""

import re

import pytest
from playwright.sync_api import expect

from claims.demo import SEED_URL
from claims.models import Claim, ClaimLink, Document, SuggestedPair

pytestmark = pytest.mark.browser


def log_in(page, user) -> None:
    page.goto("/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "pw-" + user.username)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/login/" not in url)


def log_claim(page, statement: str, figure: str) -> None:
    page.fill("#id_speaker_q", "Vasily Malayev")
    page.locator("#speaker-results input[name=speaker]").first.click()
    expect(page.locator("#speaker-chosen")).to_contain_text("Vasily Malayev")
    page.fill("#id_statement", statement)
    page.locator("#id_said_phrase").press_sequentially("Monday")
    page.locator("#id_quantity_phrase").press_sequentially(figure)
    expect(page.locator("#quantity-preview")).to_contain_text("Reads as")
    page.click("#claim-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Claim logged")


def test_the_reviewer_sees_the_editors_conflict_arrive_and_the_editor_hears_of_the_verdict(
    browser, live_server, transactional_db, settings, seed_without_body, editor, reviewer,
    results_dir,
):
    settings.DESK_POLL_SECONDS = 1
    contexts = [browser.new_context(base_url=live_server.url,
                                    viewport={"width": 1280, "height": 900}) for _ in range(2)]
    ed, rev = (context.new_page() for context in contexts)
    for page in (ed, rev):
        page.set_default_timeout(15_000)
    try:
        log_in(rev, reviewer)
        rev.goto("/")
        rev.evaluate("window.__marker = 1")
        log_in(ed, editor)
        ed.goto("/")
        expect(ed.locator("#desk-poll")).to_have_attribute("hx-trigger", re.compile("every 1s"))

        document = Document.objects.get(url=SEED_URL)
        ed.goto(f"/documents/{document.pk}/")
        log_claim(ed, "More than 400 Ukrainian soldiers crossed into Russia on Monday.",
                  "more than 400 soldiers")
        log_claim(ed, "Fewer than 50 Ukrainian soldiers crossed into Russia on Monday.",
                  "fewer than 50 soldiers")
        first, second = sorted(
            Claim.objects.filter(created_by=editor).values_list("pk", flat=True)
        )
        pair = SuggestedPair.objects.get(first_id=first, second_id=second)

        # The reviewer's home shows the pair without a reload.
        card = rev.locator(f"#inbox-pairs #pair-{pair.pk}")
        card.wait_for()
        expect(rev.locator("#inbox-new")).to_contain_text("Fewer than 50 Ukrainian soldiers")
        assert rev.evaluate("window.__marker") == 1
        rev.screenshot(path=str(results_dir / "reviewer-home.png"), full_page=True)

        card.get_by_role("button", name="Take").click()
        expect(rev.locator(f"#inbox-assigned #pair-{pair.pk}")).to_be_visible()
        assert SuggestedPair.objects.get(pk=pair.pk).assignee == reviewer

        rev.locator(f"#inbox-assigned #pair-{pair.pk}").get_by_role(
            "link", name="Compare and link").click()
        rev.wait_for_url(re.compile(r"/compare/"))
        rev.locator("#pairing select[name=kind]").select_option("contradicts")
        rev.locator("#pairing select[name=nature]").select_option("numeric")
        rev.locator("#pairing").get_by_role("button", name="Link").click()
        links = ClaimLink.objects.filter(first_id__in=[first, second],
                                         second_id__in=[first, second])
        for _ in range(100):  # the link is saved by the htmx request the click sent
            if links.exists():
                break
            rev.wait_for_timeout(100)
        link = links.get()
        assert link.assignee == reviewer  # who had the pair has the link
        assert not SuggestedPair.objects.filter(pk=pair.pk).exists()

        before = ed.locator("#desk-poll").inner_text()
        rev.goto(f"/links/{link.pk}/")
        rev.locator("select[name=outcome]").select_option("second_upheld")
        rev.locator("textarea[name=rationale]").fill("The border count was lower.")
        rev.get_by_role("button", name="Resolve").click()
        expect(rev.locator(".link-outcome")).to_contain_text("Second upheld")

        # The editor's header counts the proposal's... and the resolution's notifications.
        expect(ed.locator("#desk-poll")).not_to_have_text(before)
        expect(ed.locator("#desk-poll")).to_contain_text(re.compile(r"\d"))
        ed.screenshot(path=str(results_dir / "editor-page.png"), full_page=True)
    finally:
        for context in contexts:
            context.close()
