"""A document from a URL (claims/fetch.py and the document add page), against pages
written here and served from a local HTTP server on 127.0.0.1 (a random port)."""

import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.urls import reverse

from claims.fetch import FetchRefused, checked_address, read_document
from claims.models import Document, Source

pytestmark = pytest.mark.django_db

ARTICLE = """<!doctype html>
<html><head>
<title>Ferry service resumes on the northern route | Harbour Gazette</title>
<meta property="og:site_name" content="Harbour Gazette">
<meta property="og:title" content="Ferry service resumes on the northern route">
<meta property="article:published_time" content="2014-08-05T09:30:00+00:00">
</head><body>
<nav><a href="/">Home</a> <a href="/sport">Sport</a></nav>
<article>
<h1>Ferry service resumes on the northern route</h1>
<p>The ferry between the two northern islands sailed again on Tuesday morning, six weeks
after a storm damaged the landing stage, the harbour authority said.</p>
<p>About 120 passengers made the first crossing. The authority said the repaired stage
could take the larger vessel again from next week.</p>
<p>Island shopkeepers said the weeks without a ferry had cut their trade by half.</p>
</article>
<footer>Harbour Gazette, all rights reserved.</footer>
</body></html>"""

ARTICLE_RU = """<!doctype html>
<html><head><title>Паром снова ходит на север</title></head><body><article>
<h1>Паром снова ходит на север</h1>
<p>Паром между двумя северными островами во вторник утром снова вышел в рейс, через шесть
недель после того, как шторм повредил причал, сообщила администрация порта.</p>
<p>Первым рейсом воспользовались около 120 пассажиров. По словам администрации, со
следующей недели отремонтированный причал снова сможет принимать большое судно.</p>
</article></body></html>"""


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send(self, status, body=b"", kind="text/html; charset=utf-8", headers=()):
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        path = self.path
        if path == "/article":
            self.send(200, ARTICLE.encode())
        elif path == "/russian":
            self.send(200, ARTICLE_RU.encode())
        elif path == "/moved":
            self.send(302, headers=[("Location", "/article")])
        elif path.startswith("/loop"):
            n = int(path.removeprefix("/loop") or 0)
            self.send(302, headers=[("Location", f"/loop{n + 1}")])
        elif path == "/to-private":
            self.send(302, headers=[("Location", "http://10.1.2.3/article")])
        elif path == "/to-metadata":
            self.send(302, headers=[("Location", "http://169.254.169.254/latest/")])
        elif path == "/slow":
            time.sleep(3)
            self.send(200, ARTICLE.encode())
        elif path == "/big":
            self.send(200, b"<html><body>" + b"<p>words</p>" * 20_000 + b"</body></html>")
        elif path == "/dripping":
            # No Content-Length: only reading tells how large it is.
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(100):
                self.wfile.write(b"<p>" + b"x" * 4000 + b"</p>")
        elif path == "/report.pdf":
            self.send(200, b"%PDF-1.4 not really", kind="application/pdf")
        elif path == "/empty":
            self.send(200, b"<html><head><title>Nothing</title></head><body></body></html>")
        else:
            self.send(404, b"<html><body>Not here</body></html>")


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # the reader hangs up on the slow and large pages on purpose


@pytest.fixture(scope="module")
def server():
    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def loopback(settings):
    """The tests' own server is on loopback: allow it, and only it."""
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]
    settings.FETCH_TIMEOUT = 1
    settings.FETCH_MAX_BYTES = 100_000
    settings.FETCH_MAX_REDIRECTS = 3
    return settings


def refusal(url: str) -> str:
    with pytest.raises(FetchRefused) as refused:
        read_document(url)
    return str(refused.value)


def test_an_article_is_read_with_every_field(server, loopback):
    page = read_document(f"{server}/article")
    assert page.url == f"{server}/article"
    assert page.title == "Ferry service resumes on the northern route"
    assert page.publisher == "Harbour Gazette"
    assert page.published_at == datetime(2014, 8, 5, 9, 30, tzinfo=UTC)
    assert page.language == "en"
    assert "About 120 passengers made the first crossing." in page.body
    assert "all rights reserved" not in page.body and "Sport" not in page.body


def test_the_language_is_detected_from_the_body_when_the_page_gives_none(server, loopback):
    page = read_document(f"{server}/russian")
    assert page.language == "ru"
    assert page.published_at is None


def test_a_redirect_is_followed_and_the_final_address_kept(server, loopback):
    assert read_document(f"{server}/moved").url == f"{server}/article"


def test_a_page_that_does_not_answer_in_time_is_refused(server, loopback):
    started = time.monotonic()
    assert refusal(f"{server}/slow") == "The page did not answer within 1 seconds."
    assert time.monotonic() - started < 2.5


def test_a_page_too_large_is_refused_whether_or_not_it_says_its_size(server, loopback):
    assert refusal(f"{server}/big") == "The page is larger than 97 KiB."
    assert refusal(f"{server}/dripping") == "The page is larger than 97 KiB."


def test_too_many_redirects_are_refused(server, loopback):
    assert refusal(f"{server}/loop") == "The page redirects more than 3 times."


def test_a_redirect_to_a_private_address_is_refused(server, loopback):
    assert "10.1.2.3 is a private, local or reserved address" in refusal(f"{server}/to-private")
    assert "169.254.169.254" in refusal(f"{server}/to-metadata")


def test_loopback_is_refused_unless_the_setting_allows_it(server, loopback):
    loopback.FETCH_ALLOWED_NETWORKS = []
    assert "127.0.0.1 is a private, local or reserved address" in refusal(f"{server}/article")
    with pytest.raises(FetchRefused):
        checked_address("localhost", 80)
    for address in ("10.0.0.1", "192.168.1.1", "169.254.1.1", "::1", "fe80::1", "0.0.0.0",
                    "240.0.0.1", "::ffff:127.0.0.1", "224.0.0.1"):
        with pytest.raises(FetchRefused):
            checked_address(address, 80)


def test_not_html_a_404_an_empty_page_and_other_schemes_are_refused(server, loopback):
    assert refusal(f"{server}/report.pdf").startswith("This is not a web page (application/pdf)")
    assert refusal(f"{server}/gone") == "The page answered 404 Not Found."
    assert refusal(f"{server}/empty") == "No article text could be read from this page."
    assert refusal("ftp://example.org/a") == "Only http and https addresses can be fetched."
    assert refusal("file:///etc/passwd") == "Only http and https addresses can be fetched."


def test_the_add_page_shows_the_read_page_in_the_form_and_saves_nothing(
    client, editor, server, loopback
):
    Source.objects.create(name="Harbour Gazette", kind=Source.Kind.OUTLET)
    client.force_login(editor)
    response = client.post(reverse("claims:document-fetch"), {"fetch_url": f"{server}/article"})
    assert response.status_code == 200
    page = response.content.decode()
    assert Document.objects.count() == 0
    form = response.context["form"]
    assert not form.is_bound
    assert form.initial["title"] == "Ferry service resumes on the northern route"
    assert form.initial["publisher"] == Source.objects.get(name="Harbour Gazette").pk
    assert 'value="Ferry service resumes on the northern route"' in page
    assert 'value="2014-08-05T09:30:00"' in page
    assert "About 120 passengers made the first crossing." in page
    assert f'action="{reverse("claims:document-create")}"' in page
    # The editor confirms: the form as shown is what is saved.
    data = {"url": form.initial["url"], "title": form.initial["title"],
            "publisher": form.initial["publisher"], "published_at": "2014-08-05T09:30:00",
            "language": "en", "body": form.initial["body"]}
    assert client.post(reverse("claims:document-create"), data).status_code == 302
    assert Document.objects.get().url == f"{server}/article"


def test_an_unknown_publisher_is_typed_into_the_picker_to_create(client, editor, server,
                                                                 loopback):
    client.force_login(editor)
    response = client.post(reverse("claims:document-fetch"), {"fetch_url": f"{server}/article"})
    picker = response.context["publisher"]
    assert picker.query == "Harbour Gazette" and picker.offer_create and not picker.chosen
    assert not Source.objects.filter(name="Harbour Gazette").exists()


def test_a_page_that_cannot_be_read_says_why_beside_the_url_and_keeps_it(
    client, editor, server, loopback
):
    client.force_login(editor)
    typed = f"{server}/gone"
    response = client.post(reverse("claims:document-fetch"), {"fetch_url": typed})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_fetch_url_error"' in page
    assert "The page answered 404 Not Found." in page
    assert f'value="{typed}"' in page
    assert Document.objects.count() == 0


def test_a_url_already_on_the_desk_is_not_fetched_again(client, editor, seed_without_body):
    client.force_login(editor)
    taken = seed_without_body["438"].document.url
    response = client.post(reverse("claims:document-fetch"), {"fetch_url": taken})
    assert Document.URL_TAKEN in response.content.decode()
