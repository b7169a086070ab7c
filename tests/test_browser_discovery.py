"""In Chromium: a story nobody tuned the desk to. An editor pastes it (a document with its
body) and logs its claims through the page; a reviewer then finds the competing pairs
suggested on each claim's page, with no question made by hand, links one from its
suggestion and dismisses another, which stays dismissed after a reload."""

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from claims.models import Claim, ClaimLink, Document, Question, SuggestionDismissal
from claims.stories import read_story

pytestmark = pytest.mark.browser

STORY = Path(__file__).resolve().parent / "data" / "suggestion_pairs" / "ferry-en.txt"

# key: (statement, quote as printed, speaker, speaker's kind, number phrase)
CLAIMS = {
    "aboard": ("295 people were on board the ferry when it capsized.",
               "295 people were on board when it went down", "Regional coast guard",
               "organization", "295 people"),
    "manifest": ("The ferry's manifest listed 283 passengers and 15 crew.",
                 "its manifest listed 283 passengers and 15 crew", "Kelmar Lines",
                 "organization", "283 passengers and 15 crew"),
    "overloaded": ("The ferry was overloaded with cargo and passengers when it left port.",
                   "the ferry was overloaded with cargo and passengers when it left port",
                   "Survivors", "person", ""),
    "squall": ("The ferry was not overloaded; a sudden squall capsized it.",
               "denied that the vessel was overloaded and blamed a sudden squall",
               "Kelmar Lines", "organization", ""),
    "too-early": ("It is too early to say what made the ferry capsize.",
                  "it was too early to say what caused the ferry to capsize", "Ines Varga",
                  "person", ""),
}


def log_claim(page, statement, quote, speaker, kind, number, created: set) -> None:
    page.fill("#id_quote", quote)
    page.fill("#id_speaker_q", speaker)
    if speaker not in created:  # a new source, made in place; a known one is found by name
        create = page.locator("#speaker-results button[name=create_source]")
        expect(create).to_have_text(f"Create “{speaker}”")
        page.select_option("select[name=speaker_kind]", kind)
        create.click()
        expect(page.locator("#speaker-chosen input[name=speaker]")).to_be_checked()
        created.add(speaker)
    page.fill("#id_statement", statement)
    if number:
        page.locator("#id_quantity_phrase").press_sequentially(number)
        expect(page.locator("#quantity-preview")).to_contain_text("Reads as")
    page.click("#claim-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Claim logged")


def test_a_new_story_s_competing_claims_are_suggested_linked_and_dismissed(
    page, live_server, login_as, editor, reviewer, results_dir
):
    story = read_story(STORY.read_text(encoding="utf-8"))
    login_as(editor)
    page.goto("/documents/new/")
    page.fill("#id_url", "https://example.org/desk-wire/ferry-capsizes-off-kelmar")
    page.fill("#id_title", story.title)
    page.fill("#id_publisher_q", story.publisher)
    page.click("#publisher-results button[name=create_source]")
    expect(page.locator("#publisher-chosen input[name=publisher]")).to_be_checked()
    page.fill("#id_published_at", story.published.strftime("%Y-%m-%dT%H:%M"))
    page.fill("#id_body", story.body)
    page.click("form.document-form button[type=submit]:has-text('Add document')")
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    document_url = page.url
    created: set[str] = set()
    for values in CLAIMS.values():
        log_claim(page, *values, created)
        page.goto(document_url)
    document = Document.objects.get()
    claims = {key: Claim.objects.get(document=document, statement=values[0])
              for key, values in CLAIMS.items()}
    assert not Question.objects.exists()  # nobody grouped them
    assert str(claims["manifest"].quantity_low) == "298.0000"  # 283 + 15, read by the form

    page.context.clear_cookies()
    login_as(reviewer)

    # Two head counts that cannot both hold: suggested, and linked from the suggestion.
    aboard, manifest = claims["aboard"], claims["manifest"]
    page.goto(f"/claims/{aboard.pk}/")
    suggestion = page.locator(f'#claim-links li.suggestion[data-claim="{manifest.pk}"]')
    suggestion.wait_for()
    expect(suggestion).to_contain_text("Figures cannot both hold")
    expect(suggestion).to_contain_text("Proposed: Contradicts (numeric).")
    expect(suggestion.locator("select[name=nature]")).to_have_value("numeric")
    page.screenshot(path=str(results_dir / "suggestions.png"), full_page=True)
    suggestion.get_by_role("button", name="Link").click()
    page.locator("#claim-links article.link-item", has_text="manifest").wait_for()
    link = ClaimLink.between(aboard, manifest)
    assert (link.kind, link.nature, link.proposed_by) == ("contradicts", "numeric", reviewer)

    # An accusation against a denial: suggested as a causal contradiction.
    overloaded, squall = claims["overloaded"], claims["squall"]
    page.goto(f"/claims/{overloaded.pk}/")
    denial = page.locator(f'#claim-suggestions li.suggestion[data-claim="{squall.pk}"]')
    denial.wait_for()
    expect(denial).to_contain_text("Assertion vs denial")
    expect(denial).to_contain_text("Proposed: Contradicts (causal).")
    # The passenger list is no rival explanation of the capsizing: dismissed as not competing.
    noise = page.locator(f'#claim-suggestions li.suggestion[data-claim="{manifest.pk}"]')
    noise.wait_for()
    noise.get_by_role("button", name="Not competing").click()
    noise.wait_for(state="detached")
    expect(page.locator("#claim-suggestions details.dismissed summary")).to_have_text(
        "Dismissed as not competing: 1"
    )
    dismissal = SuggestionDismissal.objects.get()
    assert {dismissal.first_id, dismissal.second_id} == {overloaded.pk, manifest.pk}
    assert dismissal.dismissed_by == reviewer

    # It does not come back after a reload, nor the other way round.
    page.reload()
    page.locator(f'#claim-suggestions li.suggestion[data-claim="{squall.pk}"]').wait_for()
    expect(noise).to_have_count(0)
    page.goto(f"/claims/{manifest.pk}/")
    page.locator("#claim-suggestions .suggestions-list").wait_for()
    expect(
        page.locator(f'#claim-suggestions li.suggestion[data-claim="{overloaded.pk}"]')
    ).to_have_count(0)
    page.screenshot(path=str(results_dir / "dismissed.png"), full_page=True)
