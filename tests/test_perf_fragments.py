"""The fragments made cheaper: the link suggestions, the source picker, the claim list's
filter form. Each shows what it did before, built with less work."""

import itertools
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import engines
from django.urls import reverse
from markupsafe import escape

from claims.badges import source_badge
from claims.compare import compare, compare_with
from claims.demo import SEED_URL
from claims.forms.documents import ClaimFilterForm
from claims.models import Claim, Document, Question, Source
from claims.suggestions import SHOWN, Candidate, _claim_of

# --- compare_with ----------------------------------------------------------------------


def _claim(low, high, unit, certainty, about):
    return SimpleNamespace(
        quantity_low=None if low is None else Decimal(low),
        quantity_high=None if high is None else Decimal(high),
        quantity_low_inclusive=True, quantity_high_inclusive=low != high,
        quantity_unit=unit, certainty=certainty, about_start=about[0], about_end=about[1],
    )


CLAIMS = [
    _claim(low, high, unit, certainty, about)
    for (low, high), unit, certainty, about in itertools.product(
        [(None, None), ("438", "438"), ("400", None), ("100", "150")],
        ["", "soldiers"],
        ["asserted", "hedged", "withheld"],
        [(None, None), (date(2014, 8, 4), None), (date(2014, 4, 1), date(2014, 4, 30))],
    )
]


def test_compare_with_says_what_compare_says_of_every_pair():
    verdicts = set()
    for a in CLAIMS:
        against = compare_with(a)
        for b in CLAIMS:
            verdict = against(b)
            assert verdict == compare(a, b)
            verdicts.add(verdict.flag)
    assert len(verdicts) == 6  # every kind of verdict was reached


def test_compare_with_keeps_the_order_of_the_two_claims():
    definite, withheld = CLAIMS[18], CLAIMS[6]  # asserts "438"; withholds, no figure
    assert compare_with(definite)(withheld).detail == compare(definite, withheld).detail
    assert compare_with(withheld)(definite).detail != compare_with(definite)(withheld).detail


# --- the Claim a suggestion carries ----------------------------------------------------------


@pytest.mark.django_db
def test_a_suggested_claim_is_loaded_as_select_related_only_loads_it(seed_without_body):
    loaded = Claim.objects.select_related("speaker").only(*SHOWN, "speaker__name").first()
    values = (getattr(loaded, Claim._meta.get_field(name).attname) for name in SHOWN)
    built = _claim_of(loaded.pk, Candidate(loaded.speaker.name, *values))
    assert built.pk == loaded.pk
    assert built.get_deferred_fields() == loaded.get_deferred_fields()
    for name in SHOWN:
        attname = Claim._meta.get_field(name).attname
        assert getattr(built, attname) == getattr(loaded, attname), name
    assert (built.speaker.pk, built.speaker.name) == (loaded.speaker.pk, loaded.speaker.name)
    assert built._state.adding is False and built._state.db == loaded._state.db


# --- the source picker -------------------------------------------------------------------------


def source_badge_html(source) -> str:
    """A source's badge as every page draws it: the badge macro."""
    macros = engines["jinja2"].env.get_template("claims/macros.html").module
    return str(macros.badge(source_badge(source)))


@pytest.fixture
def document(seed_without_body):
    return Document.objects.get(url=SEED_URL)


@pytest.mark.django_db
@pytest.mark.parametrize("htmx", [True, False])
def test_the_picker_shows_each_source_as_its_badge_macro_draws_it(client, editor, document, htmx):
    hostile = Source.objects.create(name='Mala <script>alert("x")</script>', kind="person")
    client.force_login(editor)
    headers = {"HTTP_HX_REQUEST": "true"} if htmx else {}
    html = client.get(reverse("claims:source-picker", args=["speaker"]), {"q": "mala"},
                      **headers).content.decode()
    shown = [s for s in Source.objects.filter(name__icontains="mala")]
    assert hostile in shown and len(shown) >= 2
    for source in shown:
        badge = source_badge_html(source)
        assert f'value="{source.pk}"' in html
        assert badge in html
    assert "<script>alert" not in html
    assert "Mala &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


@pytest.mark.django_db
def test_a_chosen_source_is_shown_as_its_badge_macro_draws_it(client, editor, document):
    source = Source.objects.get(name="Vasily Malayev")
    client.force_login(editor)
    html = client.get(reverse("claims:source-picker", args=["speaker"]), {"choose": source.pk},
                      HTTP_HX_REQUEST="true").content.decode()
    badge = source_badge_html(source)
    assert badge in html and " checked>" in html


# --- the claim list's filter form -----------------------------------------------------------


@pytest.mark.django_db
def test_the_filter_form_cleans_chosen_rows_and_refuses_others(seed_without_body):
    person = Source.objects.filter(kind=Source.Kind.PERSON).first()
    outlet = Source.objects.filter(kind=Source.Kind.OUTLET).first()
    question = Question.objects.create(text="How many?")
    form = ClaimFilterForm({"speaker": person.pk, "outlet": outlet.pk, "question": question.pk,
                            "status": "open"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["speaker"] == person
    assert form.cleaned_data["outlet"] == outlet
    assert form.cleaned_data["question"] == question
    assert form.cleaned_data["status"] == "open"
    refused = ClaimFilterForm({"outlet": person.pk, "status": "no such status"})
    assert not refused.is_valid()
    assert set(refused.errors) == {"outlet", "status"}


@pytest.mark.django_db
def test_each_filter_form_has_its_own_fields_over_one_unevaluated_queryset(seed_without_body):
    first, second = ClaimFilterForm({}), ClaimFilterForm({})
    for name in ("speaker", "outlet", "question"):
        one, other = first.fields[name], second.fields[name]
        assert one is not other and one.widget is not other.widget
        assert one.widget.choices.field is one and other.widget.choices.field is other
        assert one.widget.attrs is not other.widget.attrs
        assert one.error_messages is not other.error_messages
    first.fields["status"].choices = [("", "Any")]
    assert len(second.fields["status"].choices) == len(Claim.Status.choices) + 1
    outlets = list(first.fields["outlet"].choices)  # iterating the choices caches nothing
    assert len(outlets) == Source.objects.filter(kind=Source.Kind.OUTLET).count() + 1
    assert ClaimFilterForm.base_fields["outlet"].queryset._result_cache is None


# --- the link form of each suggestion -----------------------------------------------------


@pytest.mark.parametrize("auto_id", ["id_s9_%s", 'id_<b>&"x"_%s'])
def test_a_new_link_form_escapes_its_ids(auto_id):
    from django.template import engines

    from claims.cards import new_link_form
    from claims.compare import Verdict

    verdict = Verdict("numeric_conflict", "Figures", "", "contradicts", "numeric")
    form = new_link_form(3, 9, verdict, auto_id, "/x/?a=<b>")
    macros = engines["jinja2"].env.get_template("claims/review_macros.html").module
    built = str(macros.new_link_form(form, "token"))
    assert "<b>" not in built and 'value="/x/?a=&lt;b&gt;"' in built
    assert f'id="{escape(auto_id % "kind")}"' in built
    assert '<option value="contradicts" selected>' in built
    assert '<option value="numeric" selected>' in built
    assert 'name="csrfmiddlewaretoken" value="token"' in built
