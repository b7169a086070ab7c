"""Bad input to pickers and search boxes is refused in place, with nothing typed lost."""

import pytest
from django.urls import reverse

from claims.models import Claim, Document, Source

pytestmark = pytest.mark.django_db

LONG_NAME = "Ministry of " + "Very " * 60 + "Long Names"


def test_an_over_long_publisher_is_refused_beside_the_picker(client, editor):
    client.force_login(editor)
    before = Source.objects.count()
    data = {
        "title": "Soldiers cross", "published_at": "2014-08-04T12:00", "language": "en",
        "publisher_q": LONG_NAME, "publisher_kind": "outlet", "create_source": "publisher",
    }
    response = client.post(reverse("claims:document-create"), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "A source’s name is limited to 200 characters" in html
    assert LONG_NAME.strip() in html  # what was typed is still in the picker's box
    assert 'value="Soldiers cross"' in html
    assert Source.objects.count() == before
    assert not Document.objects.exists()


def test_an_empty_speaker_name_asks_for_one(client, editor, seed_without_body):
    client.force_login(editor)
    document = seed_without_body["438"].document
    before = Claim.objects.count(), Source.objects.count()
    response = client.post(
        reverse("claims:claim-create", args=[document.pk]),
        {"statement": "Typed statement", "speaker_q": "   ", "create_source": "speaker"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Type the new source’s name first." in html
    assert "Typed statement" in html
    assert (Claim.objects.count(), Source.objects.count()) == before


def test_an_over_long_speaker_is_refused_when_editing(client, reviewer, seed_without_body):
    client.force_login(reviewer)
    claim = seed_without_body["438"]
    response = client.post(
        reverse("claims:claim-edit", args=[claim.pk]),
        {"statement": claim.statement, "speaker_q": LONG_NAME, "create_source": "speaker",
         "version": claim.version},
    )
    assert response.status_code == 200
    assert "A source’s name is limited to 200 characters" in response.content.decode()
    assert not Source.objects.filter(name__startswith="Ministry of Very").exists()


@pytest.mark.parametrize("url_name", ["claims:claim-list", "claims:document-list"])
@pytest.mark.parametrize("htmx", [False, True])
def test_an_over_long_search_says_why_and_lists_nothing(client, editor, seed_without_body,
                                                        url_name, htmx):
    client.force_login(editor)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    response = client.get(reverse(url_name), {"q": "soldiers " * 40}, **headers)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Search: Ensure this value has at most 200 characters" in html
    assert "Ukrainian soldiers" not in html


@pytest.mark.parametrize(
    "path",
    [
        "/claims/?after=²-1",
        "/claims/?before=1-²",
        "/questions/?page=²",
        "/review/?page=²",
    ],
)
def test_digits_that_are_not_numbers_do_not_break_a_page(client, reviewer, path):
    # "²" is a digit to str.isdigit() but not a number to int(): it must not answer 500.
    client.force_login(reviewer)
    assert client.get(path).status_code == 200


def test_a_superscript_count_in_a_date_phrase_is_not_read(db):
    from datetime import UTC, datetime

    from claims.dates import read_when

    assert read_when("² weeks ago", datetime(2014, 8, 3, tzinfo=UTC)) is None
