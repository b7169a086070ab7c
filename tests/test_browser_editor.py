"""In Chromium: an editor logs the seed document and its "438" claim, then finds it."""

import re

import pytest
from playwright.sync_api import expect

from claims.models import Claim, Document

pytestmark = pytest.mark.browser

SENTENCE = "438 Ukrainian soldiers had reached Russia on"

SELECT_SENTENCE = """(start) => {
  const article = document.getElementById("article");
  const walker = document.createTreeWalker(article, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.indexOf(start);
    if (at >= 0) {
      const range = document.createRange();
      range.setStart(node, at);
      range.setEnd(node, at + start.length + " Monday".length);
      const selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range);
      article.dispatchEvent(new MouseEvent("mouseup", { bubbles: true }));
      return selection.toString();
    }
  }
  return null;
}"""


def test_an_editor_logs_the_438_claim_and_finds_it(
    page, live_server, login_as, editor, seed_body, results_dir
):
    login_as(editor)

    # The seed document, from the article's text; the publisher created in the picker.
    page.goto("/documents/new/")
    page.fill("#id_url", "https://example.org/hundreds-of-ukrainian-soldiers-defect")
    page.fill("#id_title", "Hundreds of Ukrainian Soldiers Defect to Russia, FSB Official Says")
    page.fill("#id_publisher_q", "The Moscow Times")
    page.click("#publisher-results button[name=create_source]")
    expect(page.locator("#publisher-chosen input[name=publisher]")).to_be_checked()
    page.fill("#id_published_at", "2014-08-04T12:00")
    page.fill("#id_body", seed_body)
    page.click("form.document-form button[type=submit]:has-text('Add document')")
    page.wait_for_url(re.compile(r"/documents/\d+/$"))
    document = Document.objects.get()
    assert document.publisher.name == "The Moscow Times"

    # Selecting the sentence in the article fills the quote and its offset.
    selected = page.evaluate(SELECT_SENTENCE, SENTENCE)
    assert selected and selected.startswith(SENTENCE)
    expect(page.locator("#id_quote")).to_have_value(re.compile("^" + SENTENCE))
    near = int(page.locator("#id_quote_near").input_value())
    assert document.body[near:].startswith(SENTENCE)
    expect(page.locator("#certainty-preview")).to_have_text("No hedge found: asserted")

    # The speaker does not exist yet: create them in place.
    page.fill("#id_speaker_q", "Vasily Malayev")
    create = page.locator("#speaker-results button[name=create_source]")
    expect(create).to_have_text("Create “Vasily Malayev”")
    page.select_option("select[name=speaker_kind]", "person")
    create.click()
    expect(page.locator("#speaker-chosen")).to_contain_text("Vasily Malayev")
    expect(page.locator("#speaker-chosen input[name=speaker]")).to_be_checked()

    page.fill("#id_statement", "438 Ukrainian soldiers reached Russia on Monday.")
    page.locator("#id_said_phrase").press_sequentially("Monday")
    expect(page.locator("#said-preview")).to_have_text("Reads as 4 Aug 2014 (day)")
    expect(page.locator("#id_said_start")).to_have_value("2014-08-04")
    page.locator("#id_quantity_phrase").press_sequentially("438 Ukrainian soldiers")
    expect(page.locator("#quantity-preview")).to_have_text("Reads as 438 ukrainian soldiers")
    page.screenshot(path=str(results_dir / "document-page.png"), full_page=True)
    page.set_viewport_size({"width": 1280, "height": 2000})  # the whole form, unscrolled
    page.locator(".log-claim").screenshot(path=str(results_dir / "claim-form.png"))
    page.set_viewport_size({"width": 1280, "height": 900})

    page.click("#claim-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Claim logged")
    claim = Claim.objects.get()
    assert claim.speaker.name == "Vasily Malayev" and claim.speaker.kind == "person"
    assert str(claim.said_start) == "2014-08-04"
    assert claim.quote.startswith(SENTENCE) and claim.quote_start == near
    expect(page.locator(f"mark#quote-{claim.pk}")).to_contain_text(SENTENCE)

    # The claim list finds it as the editor types.
    page.goto("/claims/")
    page.locator("#id_q").press_sequentially("438")
    page.wait_for_url(re.compile(r"/claims/\?q=438"))
    expect(page.locator("#claim-results .claim-row")).to_have_count(1)
    expect(page.locator("#claim-results")).to_contain_text("438 Ukrainian soldiers reached Russia")
    page.screenshot(path=str(results_dir / "claim-list.png"), full_page=True)

    # The pushed address, loaded directly, shows the same list.
    page.reload()
    expect(page.locator("#claim-results .claim-row")).to_have_count(1)
    expect(page.locator("#id_q")).to_have_value("438")
