"""One way to show a time (claims.when): the format with a date's precision, and the same
date looking the same on the claim list, claim page, document page and question page."""

import re
from datetime import UTC, date, datetime

import pytest
from django.urls import reverse

from claims.demo import SEED_URL
from claims.models import Claim, Document, Question
from claims.when import shown_day, shown_span, shown_time

D = date


@pytest.mark.parametrize(
    ("start", "end", "precision", "text", "iso"),
    [
        (D(2014, 7, 17), D(2014, 7, 17), "day", "17 Jul 2014", "2014-07-17"),
        (D(2014, 8, 4), D(2014, 8, 8), "day", "4–8 Aug 2014", "2014-08-04"),
        (D(2014, 8, 1), D(2014, 8, 31), "month", "Aug 2014", "2014-08"),
        (D(2014, 1, 1), D(2014, 12, 31), "year", "2014", "2014"),
        (D(2014, 4, 1), D(2014, 6, 30), "month", "Apr–Jun 2014", "2014-04"),
    ],
)
def test_a_time_is_shown_at_its_precision(start, end, precision, text, iso):
    shown = shown_span(start, end, precision)
    assert (shown.text, shown.iso) == (text, iso)


def test_an_open_time_says_so_only_where_asked_and_a_moment_has_its_hour():
    assert shown_span(D(2014, 4, 1), None, "month", open_end=True).text == "from Apr 2014 on"
    assert shown_span(D(2014, 4, 1), None, "day").text == "1 Apr 2014"
    assert shown_day(D(2014, 7, 17)).text == "17 Jul 2014"
    moment = datetime(2014, 8, 4, 8, 5, 9, tzinfo=UTC)
    assert shown_time(moment).text == "4 Aug 2014, 08:05"
    assert shown_time(moment, seconds=True).text == "4 Aug 2014, 08:05:09"
    assert shown_time(None).text == "" and not shown_span(None, None)


@pytest.mark.django_db
def test_the_same_date_looks_the_same_on_every_page(client, editor, seed_without_body):
    claim = Claim.objects.filter(document__url=SEED_URL).order_by("pk").first()
    Claim.objects.filter(pk=claim.pk).update(
        said_start=D(2014, 8, 4), said_end=D(2014, 8, 8), said_precision="day"
    )
    question = Question.objects.filter(claims=claim).first()
    document = Document.objects.get(url=SEED_URL)
    client.force_login(editor)
    pages = {
        "claim list": reverse("claims:claim-list"),
        "claim page": reverse("claims:claim-detail", args=[claim.pk]),
        "question page": reverse("claims:question-detail", args=[question.pk]),
    }
    for name, url in pages.items():
        html = client.get(url).content.decode()
        assert "4–8 Aug 2014" in html, name
    published = shown_time(document.published_at).text
    assert published == "4 Aug 2014, 08:00"
    for url in (reverse("claims:document-detail", args=[document.pk]),
                reverse("claims:document-list"),
                reverse("claims:claim-detail", args=[claim.pk])):
        html = client.get(url).content.decode()
        assert published in html, url
        # No other way of writing a day: neither ISO dates nor months in full.
        text = re.sub(r'datetime="[^"]*"|href="[^"]*"|value="[^"]*"', "", html)
        assert not re.search(r"\b20\d\d-\d\d-\d\d\b", text), url
        assert "August 2014" not in text.replace("4 August 2014?", ""), url
