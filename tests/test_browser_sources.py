import pytest
from django.urls import reverse
from playwright.sync_api import expect

from claims.models import GradeChange, Source

pytestmark = pytest.mark.browser


def test_an_admin_regrades_interfax_and_a_reviewer_then_sees_c(
    page, login_as, admin_user, reviewer, seed_without_body, results_dir
):
    interfax = Source.objects.get(name="Interfax")
    malayev = Source.objects.get(name="Vasily Malayev")

    login_as(admin_user)
    page.goto(reverse("claims:source-detail", args=[interfax.pk]))
    expect(page.locator("#grade-panel .current-grade abbr")).to_have_text("B")
    page.select_option("#id_grade", "C")
    page.fill("#id_reason", "Two uncorrected errors in a week.")
    page.click("#grade-panel button[type=submit]")
    expect(page.locator("#grade-panel .notice")).to_have_text(
        "Interfax is now graded C (was B)."
    )
    # Swapped in place: still on the source page, and the history shows the change.
    assert page.url.endswith(reverse("claims:source-detail", args=[interfax.pk]))
    expect(page.locator(".grade-history tbody tr").first).to_contain_text(
        "Two uncorrected errors in a week."
    )
    # The claim lists refreshed themselves on sourceGraded: chains now show C.
    expect(
        page.locator("#source-claims .chain .source-outlet", has_text="Interfax")
        .first.locator("abbr.grade")
    ).to_have_text("C")
    page.screenshot(path=results_dir / "admin-regraded.png", full_page=True)

    change = GradeChange.objects.filter(source=interfax).first()
    assert (change.from_grade, change.to_grade, change.changed_by) == ("B", "C", admin_user)

    page.click("form.logout button")
    login_as(reviewer)
    page.goto(reverse("claims:source-detail", args=[interfax.pk]))
    expect(page.locator("#grade-panel .current-grade abbr")).to_have_text("C")
    expect(page.locator("#id_grade")).to_have_count(0)

    # A claim Interfax relayed, on its speaker's page: Malayev, via Interfax (C).
    page.goto(reverse("claims:source-detail", args=[malayev.pk]))
    row = page.locator("table.source-claims tr", has_text="438 Ukrainian soldiers")
    expect(row.locator(".chain .source", has_text="Interfax").locator("abbr.grade")).to_have_text(
        "C"
    )
    expect(row.locator(".credibility .rating")).to_have_text("C-")
    # The reviewer grades the claim's credibility in place.
    row.locator("select[name=credibility]").select_option("2")
    row.locator(".credibility-form button").click()
    expect(row.locator(".credibility .rating")).to_have_text("C2")
    page.screenshot(path=results_dir / "reviewer-sees-c.png", full_page=True)

    # The compare page: the Interfax-relayed 438 beside "too early to confirm".
    claim, too_early = seed_without_body["438"], seed_without_body["too-early"]
    page.goto(f"{reverse('claims:compare')}?a={claim.pk}&b={too_early.pk}")
    column = page.locator("#column-a")
    expect(column.locator(".statement")).to_contain_text("438 Ukrainian soldiers")
    interfax_there = column.locator(".chain .source", has_text="Interfax")
    expect(interfax_there.locator("abbr.grade")).to_have_text("C")
    # The rating the reviewer just gave shows here too, with its control.
    expect(column.locator(".credibility .rating")).to_have_text("C2")
    expect(column.locator("select[name=credibility]")).to_have_value("2")
    page.screenshot(path=results_dir / "reviewer-compares-c.png", full_page=True)

    # And on the claim's own page, with how many reports back it.
    column.locator(".statement a").click()
    page.wait_for_url(f"**{claim.get_absolute_url()}")
    expect(page.locator(".claim-head .credibility .rating")).to_have_text("C2")
    expect(page.locator("dd.evidence")).to_have_text("2 reports, 2 independent sources")
    page.screenshot(path=results_dir / "reviewer-claim-page.png", full_page=True)
