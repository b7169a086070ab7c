"""The document page and the document list build their repeated HTML in Python (issue 6).

Each builder is checked against the template markup it replaced, rendered by
Django on the same rows, with hostile text in every field a user can type.
"""

import re
from dataclasses import astuple
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from django.db.models import Q
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils.html import escape

from claims.demo import SEED_URL
from claims.forms.documents import ClaimForm
from claims.models import Claim, ClaimRelay, Document, Question, Source
from claims.views import documents as views

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"quoted\""

# What document_detail.html, document_list.html and claim_form.html wrote before.
CLAIM_ROWS = Template(
    "{% load desk %}{% for claim in claims %}\n"
    '        <li id="claim-{{ claim.pk }}">\n'
    '          <a href="{{ claim.get_absolute_url }}">{{ claim.statement }}</a>\n'
    '          <span class="rating" title="Admiralty rating">{{ claim.rating }}</span>\n'
    "          — {{ claim|attribution }}\n"
    '          {% if claim.quote %}<a class="to-quote" href="#quote-{{ claim.pk }}">quote</a>'
    "{% endif %}\n"
    "        </li>{% endfor %}"
)
DOCUMENT_ROWS = Template(
    "{% load desk %}{% for document in documents %}\n"
    "      <tr>\n"
    '        <td><a href="{{ document.get_absolute_url }}">{{ document.title }}</a></td>\n'
    "        <td>{% if document.publisher %}{{ document.publisher|source_badge }}"
    "{% else %}—{% endif %}</td>\n"
    '        <td><time datetime="{{ document.published_at|date:\'c\' }}">'
    '{{ document.published_at|date:"j M Y H:i" }}</time></td>\n'
    "        <td>{{ document.claim_count }}</td>\n"
    "      </tr>{% endfor %}"
)
QUESTION_BOXES = Template(
    "{% load desk %}{% for option in form.questions %}"
    '<label class="check" for="{{ option.id_for_label }}">{{ option|option_tag }} '
    "{{ option.choice_label }}</label>{% endfor %}"
)


def squeezed(html) -> str:
    return " ".join(str(html).split())


@pytest.fixture
def document(seed_without_body):
    return Document.objects.get(url=SEED_URL)


@pytest.fixture
def hostile_claims(document):
    speaker = Source.objects.create(name=HOSTILE, kind="person", reliability="B")
    agency = Source.objects.create(name="Agency <b>", kind="organization")
    outlet = Source.objects.create(name="Outlet & Co", kind="outlet")
    quoted = Claim.objects.create(
        document=document, statement=HOSTILE, quote="a quote", speaker=speaker, credibility=2
    )
    ClaimRelay.objects.create(claim=quoted, source=outlet, position=2)
    ClaimRelay.objects.create(claim=quoted, source=agency, position=1)
    Claim.objects.create(document=document, statement="No quote > here", speaker=speaker)
    return [quoted]


# --- the document page ------------------------------------------------------------------


def test_the_claim_rows_are_what_the_template_wrote(document, hostile_claims):
    claims = views.document_claims(document)
    reference = list(document.claims.with_related().order_by("quote_start", "pk"))
    assert [c.pk for c in claims] == [c.pk for c in reference]
    built = views.claim_rows_html(claims)
    assert squeezed(built) == squeezed(CLAIM_ROWS.render(Context({"claims": reference})))
    assert "<script>" not in built and escape(HOSTILE) in built
    assert "Agency &lt;b&gt;" in built and "Outlet &amp; Co" in built


def test_the_page_reads_its_claims_in_two_queries_whatever_their_number(
    document, hostile_claims, django_assert_num_queries
):
    with django_assert_num_queries(2):  # the claims with their speakers, the relays
        claims = views.document_claims(document)
        views.claim_rows_html(claims)
        views.body_with_quotes("a quote, said once", claims)


def test_the_page_escapes_what_editors_typed(client, editor, document, hostile_claims):
    client.force_login(editor)
    html = client.get(document.get_absolute_url()).content.decode()
    assert escape(HOSTILE) in html
    assert "<script>alert" not in html


def offered_before(form, document) -> list[int]:
    """The questions views.offer_questions offered when it built them with the ORM: the
    newest, those the document's claims are on, those ticked, the newest first."""
    newest = Question.objects.order_by("-created_at", "-pk").values("pk")[
        : views.QUESTIONS_OFFERED
    ]
    on_document = Claim.questions.through.objects.filter(claim__document=document)
    ticked = [v for v in (form["questions"].value() or []) if str(v).isdecimal()]
    offered = Q(pk__in=newest) | Q(pk__in=on_document.values("question")) | Q(pk__in=ticked)
    return list(Question.objects.filter(offered).values_list("pk", flat=True))


def widget_boxes(form, questions) -> str:
    """The boxes as Django's widget wrote them, for these questions (pks) in the field."""
    form.fields["questions"].queryset = Question.objects.filter(pk__in=questions)
    return QUESTION_BOXES.render(Context({"form": form}))


def test_the_question_boxes_are_what_the_widget_wrote(document, hostile_claims):
    newest = Question.objects.create(text=HOSTILE)
    older = Question.objects.order_by("pk").first()
    claim = hostile_claims[0]
    claim.questions.add(older)
    forms = [
        ClaimForm(document=document),
        ClaimForm(document=document, claim=claim),
        ClaimForm(document=document, initial={"questions": [newest]}),
        ClaimForm(QueryDict(f"questions={newest.pk}&questions=junk"), document=document),
    ]
    for form in forms:
        views.offer_questions(form, document)
        built = form.question_boxes()
        offered = [pk for pk, _ in form.offered_questions]
        assert offered == offered_before(form, document)
        assert built == widget_boxes(form, offered)
        assert escape(HOSTILE) in built and "<script>" not in built
    assert f'value="{older.pk}" id="id_questions_' in forms[1].question_boxes()
    assert forms[1].question_boxes().count(" checked>") == 1
    assert forms[3].question_boxes().count(" checked>") == 1
    assert forms[3].question_boxes().count('aria-invalid="true"') == len(
        forms[3].offered_questions
    )  # "junk" is refused, and the boxes say so as the widget did


def test_the_offered_questions_are_what_the_orm_chose(document, hostile_claims):
    """More questions than are offered: some only on the document, some only ticked."""
    Claim.questions.through.objects.all().delete()
    old = [Question.objects.create(text=f"Old {i} & <i>") for i in range(3)]
    for i in range(views.QUESTIONS_OFFERED + 2):
        Question.objects.create(text=f"New {i}")
    hostile_claims[0].questions.add(old[0])
    bound = ClaimForm(QueryDict(f"questions={old[1].pk}&questions=0"), document=document)
    for form in (ClaimForm(document=document), bound):
        views.offer_questions(form, document)
        offered = [pk for pk, _ in form.offered_questions]
        assert offered == offered_before(form, document)
        assert form.question_boxes() == widget_boxes(form, offered)
    assert old[0].pk in offered and old[1].pk in offered and old[2].pk not in offered
    assert "Old 1 &amp; &lt;i&gt;" in bound.question_boxes()


def test_the_edit_pages_boxes_list_every_question_as_the_widget_wrote(document, hostile_claims):
    Question.objects.create(text=HOSTILE)
    claim = hostile_claims[0]
    claim.questions.add(Question.objects.order_by("pk").first())
    for form in (
        ClaimForm(document=document, claim=claim),
        ClaimForm(QueryDict("questions=junk"), document=document, claim=claim),
    ):
        built = form.question_boxes()
        assert built == QUESTION_BOXES.render(Context({"form": form}))
        assert built.count("<label") == Question.objects.count()
        assert escape(HOSTILE) in built and "<script>" not in built


def test_the_document_claims_are_what_the_orm_read(document, hostile_claims):
    speaker = hostile_claims[0].speaker
    Claim.objects.create(document=document, statement="Unplaced", speaker=speaker)  # no start
    fields = ("pk", "statement", "credibility", "quote", "quote_start", "quote_prefix",
              "quote_suffix", "speaker_id", "speaker__name", "speaker__kind",
              "speaker__reliability", "speaker__track_upheld", "speaker__track_resolved")
    expected = list(document.claims.order_by("quote_start", "pk").values_list(*fields))
    rows = views.document_claims(document)
    assert [(*astuple(row)[:7], *row.speaker) for row in rows] == expected


def test_the_claim_edit_page_still_lists_every_question(client, editor, document):
    Question.objects.create(text="An old question on nothing")
    claim = Claim.objects.filter(document=document).first()
    Claim.objects.filter(pk=claim.pk).update(created_by=editor)
    client.force_login(editor)
    html = client.get(reverse("claims:claim-edit", args=[claim.pk])).content.decode()
    for question in Question.objects.all():
        assert f'value="{question.pk}"' in html
        assert escape(question.text) in html


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"quantity_low_inclusive": "on"},
        {"quantity_high_inclusive": "on", "quantity_low_inclusive": "false"},
    ],
)
def test_the_included_ends_are_what_the_widget_wrote(document, data):
    rf = RequestFactory()
    forms = [ClaimForm(QueryDict(urlencode(data)), document=document)]
    forms.append(ClaimForm(document=document))
    forms.append(ClaimForm(document=document, initial={"quantity_low_inclusive": False}))
    for form in forms:
        html = Template("{% include 'claims/claim_form.html#quantity-reading' %}").render(
            Context({"form": form, "request": rf.get("/")})
        )
        for name in ("quantity_low_inclusive", "quantity_high_inclusive"):
            assert str(form[name]) in html


def test_a_refused_claim_keeps_what_was_typed_beside_the_errors(client, editor, document):
    question = Question.objects.order_by("pk").first()
    client.force_login(editor)
    response = client.post(
        reverse("claims:claim-create", args=[document.pk]),
        {"statement": "", "said_phrase": "the day after blorp", "quantity_phrase": "",
         "questions": [str(question.pk)], "quantity_high_inclusive": "on",
         "speaker_q": HOSTILE},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-describedby="statement-errors"' in html
    assert "Could not read this date." in html
    assert 'value="the day after blorp"' in html
    assert re.search(f'value="{question.pk}" id="id_questions_[0-9]+" checked>', html)
    assert 'id="id_quantity_high_inclusive" checked>' in html
    assert 'id="id_quantity_low_inclusive">' in html
    assert escape(HOSTILE) in html and "<script>alert" not in html


# --- the document list ----------------------------------------------------------------------


def test_the_document_rows_are_what_the_template_wrote(document, settings):
    settings.TIME_ZONE = "Europe/Kyiv"
    outlet = Source.objects.create(name=HOSTILE, kind="outlet")
    Document.objects.create(
        title=HOSTILE, publisher=outlet, published_at=datetime(2014, 12, 31, 22, 5, tzinfo=UTC)
    )
    Document.objects.create(title="Plain", published_at=datetime(2015, 3, 1, 9, 0, tzinfo=UTC))
    documents = list(Document.objects.select_related("publisher").order_by("pk"))
    for n, item in enumerate(documents):
        item.claim_count = n * 7
    built = views.document_rows_html(documents)
    assert squeezed(built) == squeezed(DOCUMENT_ROWS.render(Context({"documents": documents})))
    assert "1 Jan 2015 00:05" in built
    assert escape(HOSTILE) in built and "<script>" not in built


def test_the_document_list_counts_a_small_desk_and_a_search_exactly(client, editor, document):
    Document.objects.bulk_create(
        Document(title=f"Report {i}", published_at=document.published_at) for i in range(30)
    )
    client.force_login(editor)
    html = client.get(reverse("claims:document-list")).content.decode()
    assert "31 documents" in html and "Next" in html
    found = client.get(reverse("claims:document-list"), {"q": "report 1"}).content.decode()
    assert "11 documents" in found  # Report 1 and Report 10 to 19


def test_a_large_desk_shows_the_planners_estimate(client, editor, document, monkeypatch):
    monkeypatch.setattr(views, "estimated_count", lambda model: (1_234_567, True))
    client.force_login(editor)
    html = client.get(reverse("claims:document-list")).content.decode()
    assert "About 1,234,567 documents (PostgreSQL’s estimate)" in html


def test_the_document_list_costs_the_same_for_10_or_60_documents(client, editor, document):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)
    url = reverse("claims:document-list")
    counts = []
    for total in (10, 60):
        Document.objects.bulk_create(
            Document(title=f"Report {total}-{i}", published_at=document.published_at)
            for i in range(total - Document.objects.count())
        )
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        counts.append(len(captured))
    assert counts[0] == counts[1]
