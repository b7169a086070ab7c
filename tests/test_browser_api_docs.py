"""In Chromium: the API's docs page (Swagger UI, from the desk's static files) draws every
operation under the desk's Content-Security-Policy and asks nothing of another host."""

import pytest

pytestmark = pytest.mark.browser

LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline"));
});
"""


def test_the_docs_page_draws_every_operation_with_no_violation(
    page, live_server, login_as, editor, seed_without_body, results_dir
):
    console, elsewhere = [], []
    page.add_init_script(LISTEN)
    page.on("console", lambda message: console.append(message.text)
            if "Content Security Policy" in message.text or "Refused to" in message.text
            else None)
    page.on("request", lambda request: elsewhere.append(request.url)
            if not request.url.startswith(live_server.url) and not request.url.startswith("data:")
            else None)
    login_as(editor)
    page.goto("/api/docs")
    page.wait_for_selector(".swagger-ui .opblock")
    assert page.locator(".swagger-ui .opblock").count() == 18
    assert "FactDesk API" in page.locator(".swagger-ui .info .title").inner_text()
    # "Try it out" as the logged-in editor: the session reads the claims.
    page.locator(".opblock-get .opblock-summary-path", has_text="/api/claims").first.click()
    page.locator("button.try-out__btn").first.click()
    page.locator("button.execute").first.click()
    status = page.locator(".live-responses-table tbody .response-col_status").first
    status.wait_for()
    assert status.inner_text().strip().startswith("200")
    page.screenshot(path=str(results_dir / "api-docs.png"), full_page=False)
    assert page.evaluate("window.__cspViolations") + console == []
    assert elsewhere == []
