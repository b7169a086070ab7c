"""In Chromium: the strict Content-Security-Policy blocks nothing the desk needs.

A listener for `securitypolicyviolation` is installed through DevTools
(add_init_script), which the policy itself does not block, and Chromium's own
"Refused to ..." console errors are collected too.
"""

import pytest

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline") + " " + event.sourceFile
  );
});
"""


@pytest.fixture
def violations(page):
    console = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: console.append(message.text)
        if "Content Security Policy" in message.text or "Refused to" in message.text
        else None,
    )

    def collected() -> list[str]:
        return page.evaluate("window.__cspViolations") + console

    return collected


def test_the_login_and_desk_pages_run_htmx_with_no_violation(
    page, login_as, editor, seed_without_body, violations, results_dir
):
    page.goto("/login/")
    assert page.evaluate("typeof htmx") == "object"
    assert violations() == []
    login_as(editor)
    assert page.locator("h1").inner_text() == "The desk"
    assert page.evaluate("htmx.config.allowEval") is False
    assert page.evaluate("htmx.config.includeIndicatorStyles") is False
    # An htmx request and swap, as the desk's pages make them.
    page.evaluate("htmx.ajax('GET', '/', {target: 'main', select: 'main > *'})")
    page.wait_for_function("document.querySelectorAll('main h1').length === 1")
    page.wait_for_timeout(300)
    assert page.locator("main .counts").count() == 1
    assert violations() == []
    page.screenshot(path=str(results_dir / "desk.png"), full_page=True)


def test_an_injected_inline_script_is_blocked_and_reported(page, login_as, editor, violations):
    # The listener can fail: an inline script added to the page is refused and seen.
    login_as(editor)
    page.evaluate(
        "const s = document.createElement('script');"
        "s.textContent = 'window.__ran = true';"
        "document.body.appendChild(s);"
    )
    page.wait_for_timeout(200)
    assert page.evaluate("window.__ran === undefined")
    assert any("script-src" in v for v in violations())


def test_the_django_admin_works_under_the_policy(
    page, login_as, admin_user, seed_without_body, violations, results_dir
):
    login_as(admin_user)
    page.goto("/admin/")
    page.goto("/admin/claims/claim/")
    assert page.locator("#result_list tbody tr").count() == 11
    # The change form: select2 autocompletes, inlines, date widgets, all from admin's static JS.
    page.locator("#result_list tbody tr th a").first.click()
    page.wait_for_selector("#claim_form")
    page.locator(".field-speaker .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill("Inter")
    page.wait_for_selector(".select2-results__option >> text=Interfax")
    page.keyboard.press("Escape")
    page.locator(".add-row a").first.click()
    assert page.locator("#relay_links-group tr.form-row.dynamic-relay_links").count() >= 1
    page.screenshot(path=str(results_dir / "admin-claim.png"), full_page=True)
    page.goto("/admin/claims/document/add/")
    page.locator(".datetimeshortcuts a").first.click()
    assert page.locator("#id_published_at_0").input_value() != ""
    assert violations() == []


def test_a_claim_page_with_claimreview_json_ld_breaks_no_rule(
    page, login_as, editor, seed_without_body, violations
):
    # A <script type="application/ld+json"> is data the browser never runs: no nonce needed.
    from claims import services
    from claims.models import ClaimLink

    claims = seed_without_body
    link = ClaimLink.between(claims["438"], claims["too-early"])
    services.contradiction_resolve(link=link, outcome="first_upheld", rationale="Counted.",
                                   by=None, expected_version=link.version)
    login_as(editor)
    page.goto(claims["438"].get_absolute_url())
    data = page.evaluate(
        "JSON.parse(document.querySelector('script[type=\"application/ld+json\"]').textContent)"
    )
    assert data["@type"] == "ClaimReview"
    assert data["reviewRating"]["alternateName"] == "Upheld"
    snippet = page.locator("textarea.snippet").input_value()
    assert snippet.startswith('<script type="application/ld+json">')
    assert violations() == []
