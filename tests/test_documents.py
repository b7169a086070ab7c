"""Documents: list, create, the page with highlighted quotes, and logging a claim from it."""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from claims.demo import SEED_URL
from claims.document_rows import DocumentClaim, body_segments
from claims.forms.documents import DocumentForm
from claims.models import Claim, ClaimRelay, Document, Source

pytestmark = pytest.mark.django_db

QUOTE_438 = "438 Ukrainian soldiers had reached Russia on Monday"


@pytest.fixture
def seed_document(seed):
    return Document.objects.get(url=SEED_URL)


def claim_data(**overrides):
    malayev = Source.objects.get(name="Vasily Malayev")
    interfax = Source.objects.get(name="Interfax")
    data = {
        "statement": "438 soldiers reached Russia on Monday.",
        "quote": QUOTE_438,
        "speaker": str(malayev.pk),
        "relays": [str(interfax.pk)],
        "said_phrase": "Monday",
        "about_phrase": "",
        "quantity_phrase": "438 Ukrainian soldiers",
        "certainty": "",
        "quantity_low_inclusive": "on",
        "quantity_high_inclusive": "on",
    }
    data.update(overrides)
    return data


# --- access ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, args",
    [("document-list", []), ("document-create", []), ("document-detail", [1]),
     ("claim-create", [1])],
)
def test_an_anonymous_visitor_is_sent_to_login(client, name, args):
    url = reverse(f"claims:{name}", args=args)
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_a_user_without_a_role_is_refused_every_document_page(client, outsider, seed_document):
    client.force_login(outsider)
    for url in [
        reverse("claims:document-list"),
        reverse("claims:document-create"),
        seed_document.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 403
    response = client.post(reverse("claims:claim-create", args=[seed_document.pk]), claim_data())
    assert response.status_code == 403


# --- list -------------------------------------------------------------------------------


def test_the_document_list_shows_documents_with_their_claim_counts(client, editor, seed_document):
    client.force_login(editor)
    response = client.get(reverse("claims:document-list"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" in html
    assert escape(seed_document.title) in html
    assert response.context["documents"].rows[0].claim_count == 11


def test_the_document_list_search_is_a_fragment_for_htmx(client, editor, seed_document):
    Document.objects.create(title="Another report", published_at=seed_document.published_at)
    client.force_login(editor)
    response = client.get(reverse("claims:document-list"), {"q": "another"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html
    assert 'id="document-results"' in html
    assert "Another report" in html and "Hundreds of Ukrainian" not in html


def test_the_document_list_paginates(client, editor, seed_document):
    Document.objects.bulk_create(
        Document(title=f"Report {i}", published_at=seed_document.published_at) for i in range(30)
    )
    client.force_login(editor)
    first = client.get(reverse("claims:document-list"))
    assert len(first.context["documents"].rows) == 25
    second = client.get(reverse("claims:document-list"), {"page": 2})
    assert len(second.context["documents"].rows) == 6


# --- create -------------------------------------------------------------------------------


def test_an_editor_adds_a_document_with_a_publisher_picked(client, editor, seed_body):
    outlet = Source.objects.create(name="The Moscow Times", kind="outlet")
    client.force_login(editor)
    assert client.get(reverse("claims:document-create")).status_code == 200
    response = client.post(
        reverse("claims:document-create"),
        {
            "url": "https://example.org/a",
            "title": "Soldiers cross",
            "publisher": str(outlet.pk),
            "published_at": "2014-08-04T12:00",
            "language": "en",
            "body": seed_body,
        },
    )
    document = Document.objects.get(url="https://example.org/a")
    assert response.status_code == 302
    assert response["Location"] == document.get_absolute_url()
    assert document.publisher == outlet
    assert document.created_by == editor
    assert document.body == seed_body


def test_the_body_is_kept_with_plain_line_breaks(client, editor):
    client.force_login(editor)
    client.post(
        reverse("claims:document-create"),
        {"title": "T", "published_at": "2014-08-04T12:00", "language": "en",
         "body": "One.\r\n\r\nTwo.\rThree."},
    )
    assert Document.objects.get(title="T").body == "One.\n\nTwo.\nThree."


def test_a_publisher_is_created_in_place_without_javascript(client, editor):
    client.force_login(editor)
    data = {
        "title": "Soldiers cross", "published_at": "2014-08-04T12:00", "language": "en",
        "publisher_q": "Kyiv Post", "publisher_kind": "outlet", "create_source": "publisher",
    }
    response = client.post(reverse("claims:document-create"), data)
    assert response.status_code == 200
    assert not Document.objects.exists()
    # Chosen, and made only when the document is saved.
    assert not Source.objects.filter(name="Kyiv Post").exists()
    html = response.content.decode()
    assert 'value="new:outlet:Kyiv Post" checked' in html
    assert "new outlet, made when you save" in html
    assert 'value="Soldiers cross"' in html
    del data["create_source"]
    response = client.post(reverse("claims:document-create"),
                           {**data, "publisher_q": "", "publisher": "new:outlet:Kyiv Post"})
    assert response.status_code == 302
    outlet = Source.objects.get(name="Kyiv Post")
    assert outlet.kind == "outlet" and Document.objects.get().publisher == outlet


def test_a_document_refused_makes_no_publisher(client, editor, seed_document):
    client.force_login(editor)
    response = client.post(reverse("claims:document-create"), {
        "title": "Again", "url": seed_document.url, "published_at": "2014-08-04T12:00",
        "language": "en", "publisher": "new:outlet:Kyiv Post",
    })
    assert response.status_code == 200
    assert not Source.objects.filter(name="Kyiv Post").exists()
    assert 'value="new:outlet:Kyiv Post" checked' in response.content.decode()


def test_a_duplicate_url_is_refused_beside_the_field(client, editor, seed_document):
    client.force_login(editor)
    response = client.post(
        reverse("claims:document-create"),
        {"url": SEED_URL, "title": "Again", "published_at": "2014-08-04T12:00", "language": "en"},
    )
    assert response.status_code == 200
    assert "already on the desk" in response.content.decode()
    assert Document.objects.count() == 1


def test_a_url_taken_between_the_check_and_the_save_is_refused_beside_the_field(
    client, editor, monkeypatch
):
    """Two identical submissions at once: the other one is saved after this one's form
    found the URL free. The database refuses this one, and the form says why."""
    checked = DocumentForm._post_clean
    url = "https://example.org/soldiers-cross"

    def then_the_other_submission_lands(form):
        checked(form)
        Document.objects.create(
            url=url, title="The other submission", published_at=datetime(2014, 8, 4, tzinfo=UTC)
        )

    monkeypatch.setattr(DocumentForm, "_post_clean", then_the_other_submission_lands)
    client.force_login(editor)
    response = client.post(
        reverse("claims:document-create"),
        {"url": url, "title": "Soldiers cross", "published_at": "2014-08-04T12:00",
         "language": "en"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["url"] == [Document.URL_TAKEN]
    assert list(Document.objects.values_list("title", flat=True)) == ["The other submission"]


# --- the page ---------------------------------------------------------------------------


def test_the_document_page_marks_every_quote_where_it_stands(client, editor, seed_document):
    client.force_login(editor)
    response = client.get(seed_document.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    claim = Claim.objects.get(quote=QUOTE_438)
    # The body has a non-breaking space before "Monday"; the mark spans it as it stands.
    assert f'data-claims="{claim.pk}" id="quote-{claim.pk}">{QUOTE_438[:-7]}' in html
    assert html.count('<mark class="quote"') >= 11
    assert 'id="claim-form"' in html
    assert "js/quote.js" in html


def quoted(pk, quote, start):
    return DocumentClaim(pk=pk, url="", statement="", rating="", chain=[], quote=quote,
                         quote_start=start, quote_prefix="", quote_suffix="")


def body_with_quotes(body, claims) -> str:
    """The body as the document page writes it."""
    from django.template import engines

    macros = engines["jinja2"].env.get_template("claims/document_macros.html").module
    return str(macros.marked_body(body_segments(body, claims)))


def test_the_highlighted_body_escapes_the_text_around_and_inside_quotes():
    claim = quoted(7, "<b>said</b>", None)
    html = body_with_quotes("He <i>really</i> <b>said</b> & left", [claim])
    assert html == (
        'He &lt;i&gt;really&lt;/i&gt; <mark class="quote" data-claims="7" id="quote-7">'
        "&lt;b&gt;said&lt;/b&gt;</mark> &amp; left"
    )


def test_overlapping_quotes_are_marked_in_segments():
    a = quoted(1, "one two", 0)
    b = quoted(2, "two three", 4)
    html = body_with_quotes("one two three", [a, b])
    assert html == (
        '<mark class="quote" data-claims="1" id="quote-1">one </mark>'
        '<mark class="quote" data-claims="1 2" id="quote-2">two</mark>'
        '<mark class="quote" data-claims="2"> three</mark>'
    )


def test_a_reviewer_without_add_rights_still_sees_the_page(client, reviewer, seed_document):
    client.force_login(reviewer)
    assert client.get(seed_document.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("rows", [5, 100])
def test_the_document_page_costs_the_same_queries_for_5_or_100_claims(
    client, editor, seed_document, rows, django_assert_num_queries
):
    Claim.objects.filter(document=seed_document).delete()
    speaker = Source.objects.get(name="Vasily Malayev")
    relay = Source.objects.get(name="Interfax")
    claims = Claim.objects.bulk_create(
        Claim(document=seed_document, statement=f"Claim {i}", quote=QUOTE_438, speaker=speaker)
        for i in range(rows)
    )
    ClaimRelay.objects.bulk_create(ClaimRelay(claim=c, source=relay, position=1) for c in claims)
    client.force_login(editor)
    client.get(seed_document.get_absolute_url())  # warm the session and content types
    # session, user, groups and permissions (1), document, claims with their speakers and
    # relays, the questions offered (the newest ones and those the document's claims are
    # on, in one query)
    with django_assert_num_queries(6):
        response = client.get(seed_document.get_absolute_url())
    assert len(response.context["claims"]) == rows


# --- logging a claim -----------------------------------------------------------------------


def test_an_editor_logs_a_claim_with_readings_and_relays(client, editor, seed_document):
    Claim.objects.filter(quote=QUOTE_438).delete()
    client.force_login(editor)
    response = client.post(reverse("claims:claim-create", args=[seed_document.pk]), claim_data())
    assert response.status_code == 302
    assert response["Location"] == seed_document.get_absolute_url()
    claim = Claim.objects.get(quote=QUOTE_438)
    assert claim.created_by == editor
    assert (claim.said_start, claim.said_end, claim.said_precision) == (
        date(2014, 8, 4), date(2014, 8, 4), "day"
    )
    assert (claim.quantity_low, claim.quantity_high) == (Decimal(438), Decimal(438))
    assert claim.quantity_unit == "ukrainian soldiers"
    assert claim.certainty == "asserted"
    assert claim.attribution_text() == "Vasily Malayev, via Interfax"
    assert seed_document.body[claim.quote_start:].startswith(QUOTE_438[:-7])
    assert claim.history.first().history_user == editor


def test_the_editor_overrides_a_reading(client, editor, seed_document):
    client.force_login(editor)
    client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(
            quantity_low="430", quantity_high="440", quantity_unit="soldiers",
            said_start="2014-08-03", said_end="2014-08-03", said_precision="day",
            certainty="hedged",
        ),
    )
    claim = Claim.objects.filter(quote=QUOTE_438).latest("pk")
    assert (claim.quantity_low, claim.quantity_high, claim.quantity_unit) == (
        Decimal(430), Decimal(440), "soldiers"
    )
    assert claim.said_start == date(2014, 8, 3)
    assert claim.certainty == "hedged"


def test_the_quote_suggests_the_certainty_when_left_blank(client, editor, seed_document):
    client.force_login(editor)
    quote = "it was too early to confirm how many soldiers had crossed into Russia"
    client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(quote=quote, quantity_phrase=""),
    )
    assert Claim.objects.filter(quote=quote).latest("pk").certainty == "withheld"


def test_relays_keep_the_order_they_were_picked_in(client, editor, seed_document):
    client.force_login(editor)
    ria, interfax = Source.objects.get(name="RIA Novosti"), Source.objects.get(name="Interfax")
    client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(statement="Ordered", relays=[str(ria.pk), str(interfax.pk), str(ria.pk)]),
    )
    claim = Claim.objects.get(statement="Ordered")
    assert claim.attribution_text() == "Vasily Malayev, via RIA Novosti, via Interfax"


def test_a_quote_not_in_the_article_is_refused_beside_the_field(client, editor, seed_document):
    client.force_login(editor)
    before = Claim.objects.count()
    response = client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(quote="500 soldiers flew to the moon"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This quote is not in the article" in html
    assert "500 soldiers flew to the moon</textarea>" in html
    assert 'value="438 soldiers reached Russia on Monday."' in html
    assert Claim.objects.count() == before


def test_an_unreadable_date_is_refused_until_the_editor_keeps_the_phrase(
    client, editor, seed_document
):
    client.force_login(editor)
    url = reverse("claims:claim-create", args=[seed_document.pk])
    response = client.post(url, claim_data(statement="Odd", said_phrase="when pigs fly"))
    html = response.content.decode()
    assert "Could not read this date" in html
    assert 'value="when pigs fly"' in html
    assert 'name="keep_unread"' in html
    assert not Claim.objects.filter(statement="Odd").exists()
    response = client.post(
        url, claim_data(statement="Odd", said_phrase="when pigs fly", keep_unread="on")
    )
    claim = Claim.objects.get(statement="Odd")
    assert claim.said_phrase == "when pigs fly" and claim.said_start is None


def test_a_number_range_with_low_above_high_is_refused(client, editor, seed_document):
    client.force_login(editor)
    url = reverse("claims:claim-create", args=[seed_document.pk])
    response = client.post(
        url, claim_data(statement="Range", quantity_phrase="between 150 and 100")
    )
    assert "above" in response.content.decode()
    response = client.post(
        url, claim_data(statement="Range", quantity_low="150", quantity_high="100")
    )
    assert "The low end (150) is above the high end (100)." in response.content.decode()
    assert not Claim.objects.filter(statement="Range").exists()


def test_an_empty_statement_is_refused(client, editor, seed_document):
    client.force_login(editor)
    before = Claim.objects.count()
    response = client.post(
        reverse("claims:claim-create", args=[seed_document.pk]), claim_data(statement="")
    )
    assert "This field is required." in response.content.decode()
    assert Claim.objects.count() == before


def test_a_100_kb_paste_gets_a_clear_message_and_is_kept(client, editor, seed_document):
    client.force_login(editor)
    before = Claim.objects.count()
    paste = "x" * 100_000
    response = client.post(
        reverse("claims:claim-create", args=[seed_document.pk]), claim_data(statement=paste)
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "A statement is limited to 500 characters; this one has 100000." in html
    assert paste in html
    assert Claim.objects.count() == before


def test_a_speaker_must_be_picked(client, editor, seed_document):
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(speaker="", speaker_q="Nobody Known"),
    )
    assert "create “Nobody Known” as a new source" in response.content.decode()


def test_a_typed_speaker_name_is_taken_without_javascript(client, editor, seed_document):
    client.force_login(editor)
    client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(statement="Typed", speaker="", speaker_q="vasily malayev"),
    )
    assert Claim.objects.get(statement="Typed").speaker.name == "Vasily Malayev"


def test_a_speaker_is_created_in_place_without_javascript(client, editor, seed_document):
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(speaker="", speaker_q="Petro Poroshenko", speaker_kind="person",
                   create_source="speaker"),
    )
    html = response.content.decode()
    assert 'name="speaker" value="new:person:Petro Poroshenko" checked' in html
    assert not Source.objects.filter(name="Petro Poroshenko").exists()
    response = client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(speaker="new:person:Petro Poroshenko"),
    )
    assert response.status_code == 302
    source = Source.objects.get(name="Petro Poroshenko")
    assert source.kind == "person"
    assert Claim.objects.get(speaker=source).statement == claim_data()["statement"]


def test_a_claim_abandoned_or_refused_leaves_no_new_source_behind(client, editor,
                                                                  seed_document):
    client.force_login(editor)
    before = Source.objects.count()
    # Chosen in the pickers, then the form refused (no statement): nothing is made.
    response = client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(statement="", speaker="new:person:Petro Poroshenko",
                   relays=["new:outlet:Kyiv Post", "new:outlet:Ukrainska Pravda"]),
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="new:outlet:Kyiv Post" checked' in html
    assert 'value="new:outlet:Ukrainska Pravda" checked' in html
    assert Source.objects.count() == before


def test_new_relays_are_made_in_the_order_picked(client, editor, seed_document):
    interfax = Source.objects.get(name="Interfax")
    client.force_login(editor)
    client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(statement="Relayed twice", relays=["new:outlet:Kyiv Post", str(interfax.pk),
                                                       "new:outlet:kyiv  post"]),
    )
    claim = Claim.objects.get(statement="Relayed twice")
    names = [r.source.name for r in claim.relay_links.order_by("position")]
    assert names == ["Kyiv Post", "Interfax"]


def test_a_new_source_of_a_name_on_the_desk_is_that_source(client, editor, seed_document):
    client.force_login(editor)
    before = Source.objects.count()
    client.post(reverse("claims:claim-create", args=[seed_document.pk]),
                claim_data(speaker="new:person:vasily  MALAYEV"))
    assert Source.objects.count() == before
    assert Claim.objects.filter(speaker__name="Vasily Malayev").count() >= 2


@pytest.mark.parametrize("value", ["new:person:", "new:person:" + "n" * 201, "new"])
def test_a_new_source_that_cannot_be_made_is_refused(client, editor, seed_document, value):
    client.force_login(editor)
    before = Source.objects.count(), Claim.objects.count()
    response = client.post(reverse("claims:claim-create", args=[seed_document.pk]),
                           claim_data(statement="Refused", speaker=value))
    assert response.status_code == 200
    assert (Source.objects.count(), Claim.objects.count()) == before


def test_nothing_is_half_saved_when_the_relays_fail(client, editor, seed_document, monkeypatch):
    from claims import services_claims

    def broken(claim, relays):
        raise RuntimeError("relay store down")

    monkeypatch.setattr(services_claims, "_set_relays", broken)
    client.force_login(editor)
    client.raise_request_exception = False
    before = Claim.objects.count()
    response = client.post(
        reverse("claims:claim-create", args=[seed_document.pk]), claim_data(statement="Half")
    )
    assert response.status_code == 500
    assert Claim.objects.count() == before


def test_a_document_without_a_body_takes_any_quote(client, editor, seed_without_body):
    document = Document.objects.get(url=SEED_URL)
    client.force_login(editor)
    client.post(
        reverse("claims:claim-create", args=[document.pk]),
        claim_data(statement="Unchecked", quote="words from elsewhere"),
    )
    claim = Claim.objects.get(statement="Unchecked")
    assert claim.quote_start is None


def test_the_claim_form_offers_the_newest_questions_the_documents_and_the_ticked(
    client, editor, seed_document
):
    from claims.document_rows import QUESTIONS_OFFERED
    from claims.models import Question

    Claim.questions.through.objects.all().delete()
    Question.objects.all().delete()
    oldest, ticked, *middle = [
        Question.objects.create(text=f"Question {i}") for i in range(QUESTIONS_OFFERED + 5)
    ]
    newest = middle[-QUESTIONS_OFFERED:]
    skipped = middle[: len(middle) - QUESTIONS_OFFERED]
    assert skipped  # questions neither newest, on the document nor ticked
    seed_document.claims.first().questions.add(oldest)
    client.force_login(editor)

    def offered(response) -> set[int]:
        return {pk for pk, _ in response.context["form"].offered_questions}

    page = client.get(seed_document.get_absolute_url())
    assert offered(page) == {q.pk for q in [*newest, oldest]}
    # A refused claim comes back with its ticked question offered, however old.
    refused = client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(statement="", questions=[str(ticked.pk)]),
    )
    assert refused.status_code == 200
    assert offered(refused) == {q.pk for q in [*newest, oldest, ticked]}


def test_a_refused_claim_with_impossible_question_ids_comes_back_with_its_errors(
    client, editor, seed_document
):
    """Ticked ids as typed into the POST: one over any 64-bit id (SQLite refused to bind it,
    a server error) and ones that are not numbers are offered as no question."""
    client.force_login(editor)
    refused = client.post(
        reverse("claims:claim-create", args=[seed_document.pk]),
        claim_data(statement="", questions=["9" * 30, "-1", "abc"]),
    )
    assert refused.status_code == 200
    assert "This field is required." in refused.content.decode()
    offered = {pk for pk, _ in refused.context["form"].offered_questions}
    assert offered and all(pk < 2**63 for pk in offered)
