"""In Chromium: a reviewer links 438 to "too early to confirm" from its suggestions and
resolves the contradiction, all in place; screenshots of the compare and question pages."""

import pytest

from claims.demo import Q_HOW_MANY
from claims.models import ClaimLink, Question

pytestmark = pytest.mark.browser


def test_a_reviewer_links_and_resolves_from_the_claim_page_without_a_page_load(
    page, login_as, reviewer, seed, results_dir
):
    n438, early = seed["438"], seed["too-early"]
    # The seed already links the two; remove that so the suggestion appears.
    ClaimLink.between(n438, early).delete()
    login_as(reviewer)

    page.goto(f"/claims/{n438.pk}/")
    page.evaluate("window.__marker = 1")
    loads = []
    page.on("load", lambda *_: loads.append(page.url))
    page.on("framenavigated", lambda frame: loads.append(frame.url)
            if frame == page.main_frame else None)

    suggestion = page.locator(f'#claim-links li.suggestion[data-claim="{early.pk}"]')
    suggestion.wait_for()
    assert "Definite figure vs withheld" in suggestion.inner_text()
    suggestion.locator("select[name=kind]").select_option("contradicts")
    suggestion.locator("select[name=nature]").select_option("certainty")
    suggestion.locator("textarea[name=note]").fill("A figure against no figure.")
    suggestion.get_by_role("button", name="Link").click()

    item = page.locator("#claim-links article.link-item", has_text="too early to confirm")
    item.wait_for()
    link = ClaimLink.between(n438, early)
    assert (link.kind, link.nature, link.first_id) == ("contradicts", "certainty", n438.pk)
    item = page.locator(f"#link-{link.pk}")
    assert item.locator(".link-first .claim-status").inner_text() == "Disputed"
    assert item.locator(".link-second .claim-status").inner_text() == "Disputed"
    # The suggestion is gone now that the two are linked.
    page.locator(f'li.suggestion[data-claim="{early.pk}"]').wait_for(state="detached")

    item.locator("select[name=outcome]").select_option("first_upheld")
    item.locator("textarea[name=rationale]").fill("The border service counted them.")
    item.get_by_role("button", name="Resolve").click()

    page.locator(f"#link-{link.pk} .link-outcome", has_text="First upheld").wait_for()
    item = page.locator(f"#link-{link.pk}")
    assert item.locator(".link-first .claim-status").inner_text() == "Upheld"
    assert item.locator(".link-second .claim-status").inner_text() == "Refuted"
    link.refresh_from_db()
    assert link.status == "resolved" and link.resolved_by == reviewer

    # All of it happened in place: the page never loaded again.
    assert page.evaluate("window.__marker") == 1
    assert loads == []

    page.goto(f"/compare/?a={n438.pk}&b={early.pk}")
    page.locator("#pairing .verdict").wait_for()
    page.screenshot(path=str(results_dir / "compare.png"), full_page=True)
    question = Question.objects.get(text=Q_HOW_MANY)
    page.goto(f"/questions/{question.pk}/")
    page.locator(".question-figures svg.number-line").wait_for()
    page.screenshot(path=str(results_dir / "question.png"), full_page=True)


def test_the_compare_picker_swaps_one_column_and_updates_the_address(
    page, login_as, reviewer, seed_without_body, results_dir
):
    n438, brigade = seed_without_body["438"], seed_without_body["brigade"]
    login_as(reviewer)
    page.goto(f"/compare/?a={n438.pk}")
    page.evaluate("window.__marker = 1")
    page.fill("#pick-b", "brigade")
    page.locator("#picker-results-b a", has_text="Part of a brigade").click()
    page.locator("#column-b h2", has_text="Part of a brigade").wait_for()
    assert page.url.endswith(f"/compare/?a={n438.pk}&b={brigade.pk}")
    assert "Part of a brigade" in page.locator("#pairing").inner_text()
    assert page.evaluate("window.__marker") == 1
    page.reload()
    assert "Part of a brigade" in page.locator("#column-b").inner_text()
