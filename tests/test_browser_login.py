"""In Chromium: a demo user logs in and reaches the desk; the page loads htmx locally."""

import pytest

pytestmark = pytest.mark.browser


def test_an_editor_logs_in_and_sees_the_desk(
    page, live_server, login_as, editor, seed_without_body, results_dir
):
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto("/")
    assert "/login/" in page.url
    login_as(editor)
    assert page.locator("h1").inner_text() == "The desk"
    assert page.locator(".counts").inner_text().count("11") == 1
    assert page.evaluate("typeof htmx") == "object"
    # Nothing is fetched from anywhere but the desk itself: no CDN.
    assert requests and all(url.startswith(live_server.url) for url in requests), requests
    page.screenshot(path=str(results_dir / "desk.png"), full_page=True)
