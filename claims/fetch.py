"""A document from a URL: fetch a web page safely and read an article out of it.

`read_document(url)` fetches the page and extracts its title, publisher (the site's
name), publication time, language and body with trafilatura, for the editor to check
in the document form before anything is saved. It refuses, with a reason an editor
can read (`FetchRefused`):
- any scheme but http and https;
- a host whose addresses (every one DNS gives) are not public: private, loopback,
  link-local, reserved, multicast or unspecified, unless they lie in one of
  settings.FETCH_ALLOWED_NETWORKS (the tests allow 127.0.0.0/8). The connection then
  goes to the address that was checked, so a second DNS answer cannot swap it;
- more than settings.FETCH_MAX_REDIRECTS redirects, each one checked as above;
- a page that does not answer within settings.FETCH_TIMEOUT seconds (the whole
  download, not each read), or larger than settings.FETCH_MAX_BYTES;
- an answer other than 200, anything but HTML, and a page with no article text.

The language is trafilatura's when it gives one the desk reads, else the desk's own
detection from the body (claims.languages.detect_language), English when unsure.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass
from datetime import datetime
from datetime import time as day_start
from urllib.parse import urljoin, urlsplit

import trafilatura
from django.conf import settings
from django.utils import timezone

from .languages import CODES, EN, detect_language

REDIRECTS = (301, 302, 303, 307, 308)
HTML_TYPES = ("text/html", "application/xhtml+xml")
READ_SIZE = 64 * 1024
USER_AGENT = "FactDesk document reader"


class FetchRefused(Exception):
    """The page could not be read; the message says why, for the editor."""


@dataclass(frozen=True, slots=True)
class FetchedDocument:
    """What a page says of itself, for the document form to show."""

    url: str  # where the page was found, after any redirects
    title: str
    publisher: str  # the site's name, "" if none
    published_at: datetime | None
    language: str
    body: str


@dataclass(frozen=True, slots=True)
class _Page:
    url: str
    content: bytes


def _allowed_networks():
    return [ipaddress.ip_network(n, strict=False) for n in settings.FETCH_ALLOWED_NETWORKS]


def _public(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)
    if mapped is not None:
        address = mapped
    return address.is_global and not (
        address.is_multicast or address.is_reserved or address.is_unspecified
    )


def checked_address(host: str, port: int) -> str:
    """The address to connect to for `host`: every address DNS gives must be public, or
    in an allowed network."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise FetchRefused(f"No such host: {host}.") from None
    allowed = _allowed_networks()
    addresses = []
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%")[0])
        if not _public(address) and not any(address in network for network in allowed):
            raise FetchRefused(
                f"{host} is a private, local or reserved address ({address}): the desk "
                "fetches public pages only."
            )
        addresses.append(str(address))
    if not addresses:
        raise FetchRefused(f"No such host: {host}.")
    return addresses[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to the address that was checked, not to a second DNS answer."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address

    def connect(self):
        self.sock = socket.create_connection((self.address, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self.address = address

    def connect(self):
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)


def _split(url: str):
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https"):
        raise FetchRefused("Only http and https addresses can be fetched.")
    if not parts.hostname:
        raise FetchRefused("This address names no host.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchRefused("This address has an impossible port.") from None
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return parts.scheme, parts.hostname, port, path


def _body(response, deadline: float, cap: int) -> bytes:
    length = response.getheader("Content-Length", "")
    if length.isdecimal() and int(length) > cap:
        raise FetchRefused(f"The page is larger than {cap // 1024:,} KiB.")
    chunks, size = [], 0
    while chunk := response.read(READ_SIZE):
        size += len(chunk)
        if size > cap:
            raise FetchRefused(f"The page is larger than {cap // 1024:,} KiB.")
        if time.monotonic() > deadline:
            raise TimeoutError
        chunks.append(chunk)
    return b"".join(chunks)


def _get(url: str, deadline: float) -> tuple[http.client.HTTPResponse, _PinnedHTTP]:
    scheme, host, port, path = _split(url)
    address = checked_address(host, port)
    remaining = max(deadline - time.monotonic(), 0.01)
    connection = (_PinnedHTTPS if scheme == "https" else _PinnedHTTP)(
        host, port, address, remaining
    )
    connection.request("GET", path, headers={
        "User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml",
    })
    return connection.getresponse(), connection


def fetch_page(url: str) -> _Page:
    """The page at `url` as bytes, after at most FETCH_MAX_REDIRECTS redirects."""
    timeout = settings.FETCH_TIMEOUT
    deadline = time.monotonic() + timeout
    try:
        for _ in range(settings.FETCH_MAX_REDIRECTS + 1):
            response, connection = _get(url, deadline)
            try:
                if response.status in REDIRECTS and response.getheader("Location"):
                    url = urljoin(url, response.getheader("Location"))
                    continue
                if response.status != 200:
                    raise FetchRefused(
                        f"The page answered {response.status} {response.reason}."
                    )
                kind = response.getheader("Content-Type", "").split(";")[0].strip().lower()
                if kind not in HTML_TYPES:
                    raise FetchRefused(
                        f"This is not a web page ({kind or 'no content type'}): the desk "
                        "reads HTML articles."
                    )
                return _Page(url=url, content=_body(response, deadline, settings.FETCH_MAX_BYTES))
            finally:
                connection.close()
    except TimeoutError:
        raise FetchRefused(f"The page did not answer within {timeout} seconds.") from None
    except ssl.SSLError:
        raise FetchRefused("The site's certificate could not be verified.") from None
    except ConnectionRefusedError:
        raise FetchRefused("The site refused the connection.") from None
    except (OSError, http.client.HTTPException) as error:
        raise FetchRefused(f"The page could not be fetched ({error.__class__.__name__}).") from None
    raise FetchRefused(f"The page redirects more than {settings.FETCH_MAX_REDIRECTS} times.")


def _published(value: str | None) -> datetime | None:
    """trafilatura's date ("2014-08-04T09:30:00+0000" or "2014-08-04") as an aware time;
    a day without a time is its midnight in the desk's zone."""
    if not value:
        return None
    for form in ("%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%d"):
        try:
            parsed = datetime.strptime(value, form)
        except ValueError:
            continue
        if parsed.tzinfo is None:
            parsed = timezone.make_aware(datetime.combine(parsed.date(), day_start()))
        return parsed
    return None


def _language(found: str | None, body: str) -> str:
    code = (found or "").strip().lower()[:2]
    if code in CODES:
        return code
    return detect_language(body) or EN


def read_document(url: str) -> FetchedDocument:
    """The article at `url`, read for the document form; FetchRefused says why not."""
    page = fetch_page(url)
    extracted = trafilatura.bare_extraction(
        page.content, url=page.url, with_metadata=True,
        date_extraction_params={
            "outputformat": "%Y-%m-%dT%H:%M:%S%z", "extensive_search": True,
            "original_date": True,
        },
    )
    body = (getattr(extracted, "text", None) or "").strip() if extracted else ""
    if not body:
        raise FetchRefused("No article text could be read from this page.")
    return FetchedDocument(
        url=page.url, title=(extracted.title or "").strip(),
        publisher=(extracted.sitename or "").strip(),
        published_at=_published(extracted.date),
        language=_language(extracted.language, body), body=body,
    )
