"""The document page and the document list: their rows read by name in a fixed number of
queries, and their markup (Jinja2 templates on presenters) the same as the Django templates
they replaced wrote, with hostile text in every field a user can type.
"""

import re
from datetime import UTC, datetime
from urllib.parse import urlencode

import pytest
from django.db.models import Q
from django.http import QueryDict
from django.template import Context, Template, engines
from django.urls import reverse
from markupsafe import escape

from claims import document_rows as views
from claims.demo import SEED_URL
from claims.forms.documents import ClaimForm
from claims.models import Claim, ClaimRelay, Document, Question, Source

pytestmark = pytest.mark.django_db

HOSTILE = "<script>alert('x')</script> & \"quoted\""

# What document_detail.html, document_list.html and claim_form.html wrote as Django templates
# (a badge as claims/_source.html wrote it, the boxes as the widget wrote them).
BADGE = (
    '<span class="source source-{{ s.kind }}"><a class="source-name" '
    'href="{{ s.get_absolute_url }}">{{ s.name }}</a> <abbr class="grade grade-{{ s.reliability }}"'
    ' title="Reliability {{ s.get_reliability_display }}; track record '
    '{{ s.track_record.percent }}%: {{ s.track_record.explanation }}">{{ s.reliability }}</abbr>'
    "</span>"
)
CLAIM_ROWS = Template(
    "{% for claim in claims %}\n"
    '        <li id="claim-{{ claim.pk }}">\n'
    '          <a href="{{ claim.get_absolute_url }}">{{ claim.statement }}</a>\n'
    '          <span class="rating" title="Admiralty rating">{{ claim.rating }}</span>\n'
    "          — {% for s in claim.attribution_chain %}{% if not forloop.first %}, via "
    "{% endif %}" + BADGE + "{% endfor %}\n"
    '          {% if claim.quote %}<a class="to-quote" href="#quote-{{ claim.pk }}">quote</a>'
    "{% endif %}\n"
    "        </li>{% endfor %}"
)
DOCUMENT_ROWS = Template(
    "{% for document in documents %}\n"
    "      <tr>\n"
    '        <td><a href="{{ document.get_absolute_url }}">{{ document.title }}</a></td>\n'
    "        <td>{% if document.publisher %}{% with s=document.publisher %}" + BADGE
    + "{% endwith %}{% else %}—{% endif %}</td>\n"
    '        <td><time datetime="{{ document.published_at|date:\'c\' }}">'
    '{{ document.published_at|date:"j M Y, H:i" }}</time></td>\n'
    "        <td>{{ document.claim_count }}</td>\n"
    "      </tr>{% endfor %}"
)
QUESTION_BOXES = Template(
    "{% for option in form.questions %}"
    '<label class="check" for="{{ option.id_for_label }}">{{ option.tag }} '
    "{{ option.choice_label }}</label>{% endfor %}"
)


def squeezed(html) -> str:
    """The markup without its spacing, with Django's escapes written as markupsafe writes
    them (the same characters escaped, &#x27; and &quot; as &#39; and &#34;)."""
    html = str(html).replace("&#x27;", "&#39;").replace("&quot;", "&#34;")
    return " ".join(html.split())


def between(html: str, start: str, end: str) -> str:
    """What the page writes between the first `start` and the next `end`."""
    return html.split(start, 1)[1].split(end, 1)[0]


def macro(template: str, name: str):
    return getattr(engines["jinja2"].env.get_template(template).module, name)


def built_boxes(form) -> str:
    return str(macro("claims/claim_form_macros.html", "question_boxes")(form.question_boxes()))


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


def test_the_claim_rows_are_what_the_template_wrote(client, editor, document, hostile_claims):
    reference = list(document.claims.with_related().order_by("quote_start", "pk"))
    client.force_login(editor)
    html = client.get(document.get_absolute_url()).content.decode()
    built = between(html, '<ol class="claim-rows">', "</ol>")
    assert squeezed(built) == squeezed(CLAIM_ROWS.render(Context({"claims": reference})))
    assert "<script>" not in built and escape(HOSTILE) in built
    assert "Agency &lt;b&gt;" in built and "Outlet &amp; Co" in built


def test_the_page_reads_its_claims_in_one_query_whatever_their_number(
    document, hostile_claims, django_assert_num_queries
):
    with django_assert_num_queries(1):  # the claims with their speakers and relays
        claims = views.document_claims(document)
        views.body_segments("a quote, said once", claims)
    quoted = next(claim for claim in claims if claim.pk == hostile_claims[0].pk)
    assert [badge.name for badge in quoted.chain] == [HOSTILE, "Agency <b>", "Outlet & Co"]


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
        built = built_boxes(form)
        offered = [pk for pk, _ in form.offered_questions]
        assert offered == offered_before(form, document)
        assert squeezed(built) == squeezed(widget_boxes(form, offered))
        assert escape(HOSTILE) in built and "<script>" not in built
    assert f'value="{older.pk}" id="id_questions_' in built_boxes(forms[1])
    assert built_boxes(forms[1]).count(" checked>") == 1
    assert built_boxes(forms[3]).count(" checked>") == 1
    assert built_boxes(forms[3]).count('aria-invalid="true"') == len(
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
        assert squeezed(built_boxes(form)) == squeezed(widget_boxes(form, offered))
    assert old[0].pk in offered and old[1].pk in offered and old[2].pk not in offered
    assert "Old 1 &amp; &lt;i&gt;" in built_boxes(bound)


def test_the_edit_pages_boxes_list_every_question_as_the_widget_wrote(document, hostile_claims):
    Question.objects.create(text=HOSTILE)
    claim = hostile_claims[0]
    claim.questions.add(Question.objects.order_by("pk").first())
    for form in (
        ClaimForm(document=document, claim=claim),
        ClaimForm(QueryDict("questions=junk"), document=document, claim=claim),
    ):
        built = built_boxes(form)
        assert squeezed(built) == squeezed(QUESTION_BOXES.render(Context({"form": form})))
        assert built.count("<label") == Question.objects.count()
        assert escape(HOSTILE) in built and "<script>" not in built


def test_the_document_claims_are_what_the_orm_read(document, hostile_claims):
    speaker = hostile_claims[0].speaker
    Claim.objects.create(document=document, statement="Unplaced", speaker=speaker)  # no start
    fields = ("pk", "statement", "quote", "quote_start", "quote_prefix", "quote_suffix",
              "speaker_id", "speaker__name")
    expected = list(document.claims.order_by("quote_start", "pk").values_list(*fields))
    rows = views.document_claims(document)
    assert [
        (row.pk, row.statement, row.quote, row.quote_start, row.quote_prefix, row.quote_suffix,
         row.chain[0].pk, row.chain[0].name) for row in rows
    ] == expected
    ratings = {claim.pk: claim.rating for claim in document.claims.select_related("speaker")}
    assert {row.pk: row.rating for row in rows} == ratings
    assert all(row.url == reverse("claims:claim-detail", args=[row.pk]) for row in rows)


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
    forms = [ClaimForm(QueryDict(urlencode(data)), document=document)]
    forms.append(ClaimForm(document=document))
    forms.append(ClaimForm(document=document, initial={"quantity_low_inclusive": False}))
    for form in forms:
        html = str(macro("claims/claim_form_macros.html", "quantity_reading")(form))
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


def test_the_document_rows_are_what_the_template_wrote(client, editor, document, settings):
    settings.TIME_ZONE = "Europe/Kyiv"
    outlet = Source.objects.create(name=HOSTILE, kind="outlet")
    Document.objects.create(
        title=HOSTILE, publisher=outlet, published_at=datetime(2014, 12, 31, 22, 5, tzinfo=UTC)
    )
    Document.objects.create(title="Plain", published_at=datetime(2015, 3, 1, 9, 0, tzinfo=UTC))
    documents = list(Document.objects.select_related("publisher").order_by("-published_at", "-pk"))
    for item in documents:
        item.claim_count = item.claims.count()
    client.force_login(editor)
    html = client.get(reverse("claims:document-list")).content.decode()
    built = between(html, "<tbody>", "</tbody>")
    assert squeezed(built) == squeezed(DOCUMENT_ROWS.render(Context({"documents": documents})))
    assert "1 Jan 2015, 00:05" in built
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
