"""In Chromium: logging a claim on the seed document takes its defaults from the document
(said on the publication day, carried by the publisher), finds the Russian Ministry of
Defense under another wording, and starts a new question from the log form."""

import pytest
from playwright.sync_api import expect

from claims.demo import SEED_URL
from claims.models import Claim, Document, Question, Source

pytestmark = pytest.mark.browser


def test_an_editor_logs_a_claim_with_the_documents_defaults_and_a_new_question(
    page, login_as, editor, seed, results_dir
):
    document = Document.objects.get(url=SEED_URL)
    ministry = Source.objects.get(name="Russian Ministry of Defense")
    sources = Source.objects.count()
    login_as(editor)
    page.goto(f"/documents/{document.pk}/")

    # Said on the day the document was published, shown and editable.
    expect(page.locator("#id_said_start")).to_have_value("2014-08-04")
    expect(page.locator("#id_said_end")).to_have_value("2014-08-04")
    # The publisher offered as the last relay, ticked, and removable.
    publisher = page.locator(f'#relays-chosen input[name=relays][value="{document.publisher_id}"]')
    expect(publisher).to_be_checked()
    expect(page.locator("#relays-chosen")).to_contain_text("The Moscow Times")

    # Typing another wording of a source on the desk offers that source before "Create".
    page.locator("#id_speaker_q").press_sequentially("Russia's Defense Ministry")
    other = page.locator(f'#speaker-results li.picker-other input[value="{ministry.pk}"]')
    expect(other).to_be_visible()
    expect(page.locator("#speaker-results")).to_contain_text("under another wording")
    other.click()  # the choice moves it among the chosen and empties the results
    expect(page.locator(f'#speaker-chosen input[name=speaker][value="{ministry.pk}"]')
           ).to_be_checked()

    page.fill("#id_statement", "The ministry could not be reached on Monday.")
    page.fill("#id_new_question", "Did the Russian ministry comment on the crossing?")
    page.set_viewport_size({"width": 1280, "height": 2200})  # the whole form, unscrolled
    page.locator(".log-claim").screenshot(path=str(results_dir / "log-form-defaults.png"))
    page.click("#claim-form button[type=submit]")
    expect(page.locator(".messages")).to_contain_text("Claim logged")

    claim = Claim.objects.get(statement="The ministry could not be reached on Monday.")
    assert claim.speaker == ministry
    assert str(claim.said_start) == "2014-08-04" and str(claim.said_end) == "2014-08-04"
    assert [r.source_id for r in claim.relay_links.all()] == [document.publisher_id]
    question = Question.objects.get(text="Did the Russian ministry comment on the crossing?")
    assert list(claim.questions.all()) == [question] and question.created_by == editor
    assert Source.objects.count() == sources  # nothing new was made


def test_a_source_named_in_a_form_that_is_abandoned_is_not_made(
    page, login_as, editor, seed
):
    document = Document.objects.get(url=SEED_URL)
    login_as(editor)
    page.goto(f"/documents/{document.pk}/")
    page.locator("#id_speaker_q").press_sequentially("Petro Poroshenko")
    create = page.locator("#speaker-results button[name=create_source]")
    expect(create).to_have_text("Create “Petro Poroshenko”")
    create.click()
    expect(page.locator("#speaker-chosen")).to_contain_text("made when you save")
    page.goto("/claims/")  # the form is left unsaved
    assert not Source.objects.filter(name="Petro Poroshenko").exists()
