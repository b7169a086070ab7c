"""The compare page, its column swap, and the claim picker."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Claim, ClaimLink

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


def url(a=None, b=None):
    params = "&".join(f"{k}={v.pk}" for k, v in (("a", a), ("b", b)) if v is not None)
    return reverse("claims:compare") + ("?" + params if params else "")


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("claims:compare"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    assert client.get(reverse("claims:claim-picker")).status_code == 302


def test_a_user_without_a_role_is_refused(client, outsider):
    client.force_login(outsider)
    assert client.get(reverse("claims:compare")).status_code == 403
    assert client.get(reverse("claims:claim-picker")).status_code == 403


def test_the_page_shows_both_claims_side_by_side(client, editor, seed):
    client.force_login(editor)
    response = client.get(url(seed["438"], seed["400"]))
    html = response.content.decode()
    assert response.status_code == 200
    assert 'id="column-a"' in html and 'id="column-b"' in html
    assert "438 Ukrainian soldiers reached Russia on Monday." in html
    assert "More than 400 Ukrainian soldiers" in html
    # quote in context, speaker and relays with grades, the verdict and both scales
    assert "<mark>438 Ukrainian soldiers had reached Russia on Monday</mark>" in html
    assert "Vasily Malayev" in html and "Interfax" in html and 'class="grade grade-C"' in html
    assert "Consistent figures" in html
    assert 'class="number-line"' in html
    assert "The two figures on one scale" in html
    assert "The times the two claims are about" in html
    # linked already: the link shows instead of a form
    link = ClaimLink.between(seed["438"], seed["400"])
    assert f'id="link-{link.pk}"' in html


def test_an_unlinked_pair_offers_the_link_form_with_the_suggested_nature(client, editor, seed):
    client.force_login(editor)
    ClaimLink.between(seed["438"], seed["too-early"]).delete()
    html = client.get(url(seed["438"], seed["too-early"])).content.decode()
    assert "Definite figure vs withheld" in html
    assert 'class="link-form"' in html
    assert '<option value="certainty" selected>' in html


def test_the_page_with_one_side_asks_for_the_other(client, editor, seed):
    client.force_login(editor)
    html = client.get(url(seed["438"])).content.decode()
    assert "Pick a claim with the search above." in html
    assert 'id="pick-b"' in html


def test_the_same_claim_twice_is_not_compared(client, editor, seed):
    client.force_login(editor)
    html = client.get(url(seed["438"], seed["438"])).content.decode()
    assert "Pick two different claims." in html


def test_swapping_a_column_returns_that_column_and_the_pairing_out_of_band(client, editor, seed):
    client.force_login(editor)
    response = client.get(url(seed["438"], seed["brigade"]), HTTP_HX_TARGET="column-b", **HX)
    html = response.content.decode()
    assert "<html" not in html
    assert html.lstrip().startswith('<article id="column-b"')
    assert 'id="column-a"' not in html
    assert 'id="pairing" class="pairing"' in html and 'hx-swap-oob="true"' in html
    assert 'id="compare-pickers"' in html
    assert "Part of a brigade most likely crossed" in html


def test_the_pairing_refreshes_as_a_fragment(client, editor, seed):
    client.force_login(editor)
    response = client.get(url(seed["438"], seed["400"]), HTTP_HX_TARGET="pairing", **HX)
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="pairing"')
    assert "<html" not in html


def test_the_picker_searches_as_a_fragment_and_as_a_page(client, editor, seed):
    client.force_login(editor)
    params = {"q": "brigade", "side": "b", "a": seed["438"].pk}
    fragment = client.get(reverse("claims:claim-picker"), params, **HX).content.decode()
    assert "<html" not in fragment
    assert "Part of a brigade" in fragment
    assert f'hx-get="/compare/?a={seed["438"].pk}&amp;b={seed["brigade"].pk}"' in fragment
    assert 'hx-target="#column-b"' in fragment and 'hx-push-url="true"' in fragment
    page = client.get(reverse("claims:claim-picker"), params).content.decode()
    assert "<html" in page and "Part of a brigade" in page


def test_the_picker_suggests_competitors_when_nothing_is_typed(client, editor, seed):
    client.force_login(editor)
    params = {"side": "b", "a": seed["400"].pk}
    html = client.get(reverse("claims:claim-picker"), params, **HX).content.decode()
    assert "too early to confirm" in html
    assert "Definite figure vs withheld" in html


def test_the_picker_says_when_nothing_matches(client, editor, seed):
    client.force_login(editor)
    html = client.get(reverse("claims:claim-picker"), {"q": "zebra"}, **HX).content.decode()
    assert "No claim matches" in html and "zebra" in html


def test_user_text_is_escaped(client, editor, seed):
    Claim.objects.filter(pk=seed["400"].pk).update(statement="<b>bold</b> claim")
    client.force_login(editor)
    html = client.get(url(seed["438"], seed["400"])).content.decode()
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html


def count_queries(client, path, **extra):
    client.get(path, **extra)  # warm caches (content types, permissions)
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path, **extra).status_code == 200
    return len(ctx)


def add_relays(claim, n):
    from claims.models import ClaimRelay, Source

    for i in range(n):
        source = Source.objects.create(name=f"Relay {claim.pk}-{i}", kind="outlet")
        ClaimRelay.objects.create(claim=claim, source=source, position=100 + i)


def test_the_query_count_does_not_grow_with_relays_or_claims(client, editor, seed):
    client.force_login(editor)
    path = url(seed["438"], seed["400"])
    add_relays(seed["438"], 5)
    few = count_queries(client, path)
    add_relays(seed["400"], 100)
    for i in range(100):
        Claim.objects.create(
            document=seed["438"].document, statement=f"Filler {i}", speaker=seed["438"].speaker
        )
    assert count_queries(client, path) == few


def test_the_picker_query_count_does_not_grow_with_results(client, editor, seed):
    client.force_login(editor)
    path = reverse("claims:claim-picker") + "?q=filler&side=b"
    for i in range(5):
        Claim.objects.create(
            document=seed["438"].document, statement=f"Filler {i}", speaker=seed["438"].speaker
        )
    few = count_queries(client, path, **HX)
    for i in range(100):
        Claim.objects.create(
            document=seed["438"].document, statement=f"Filler x{i}", speaker=seed["438"].speaker
        )
    assert count_queries(client, path, **HX) == few
