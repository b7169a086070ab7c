"""Editing a claim in place, with optimistic concurrency."""

from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from claims.models import Claim

pytestmark = pytest.mark.django_db


def edit_url(claim):
    return reverse("claims:claim-edit", args=[claim.pk])


def form_data(claim, **overrides):
    """What the edit form posts when nothing is changed."""
    data = {
        "statement": claim.statement,
        "quote": claim.quote,
        "quote_near": "" if claim.quote_start is None else str(claim.quote_start),
        "speaker": str(claim.speaker_id),
        "relays": [str(r.source_id) for r in claim.relay_links.order_by("position")],
        "questions": [str(q.pk) for q in claim.questions.all()],
        "said_phrase": claim.said_phrase,
        "said_start": claim.said_start.isoformat() if claim.said_start else "",
        "said_end": claim.said_end.isoformat() if claim.said_end else "",
        "said_precision": claim.said_precision,
        "about_phrase": claim.about_phrase,
        "about_start": claim.about_start.isoformat() if claim.about_start else "",
        "about_end": claim.about_end.isoformat() if claim.about_end else "",
        "about_precision": claim.about_precision,
        "quantity_phrase": claim.quantity_phrase,
        "quantity_low": "" if claim.quantity_low is None else str(claim.quantity_low),
        "quantity_high": "" if claim.quantity_high is None else str(claim.quantity_high),
        "quantity_unit": claim.quantity_unit,
        "certainty": claim.certainty,
        "version": str(claim.version),
    }
    if claim.quantity_low_inclusive:
        data["quantity_low_inclusive"] = "on"
    if claim.quantity_high_inclusive:
        data["quantity_high_inclusive"] = "on"
    data.update(overrides)
    return data


@pytest.fixture
def own_claim(seed, editor):
    claim = seed["438"]
    Claim.objects.filter(pk=claim.pk).update(created_by=editor)
    claim.refresh_from_db()
    return claim


def test_anonymous_visitors_are_sent_to_login(client, seed_without_body):
    url = edit_url(seed_without_body["438"])
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_a_user_without_a_role_is_refused(client, outsider, seed_without_body):
    client.force_login(outsider)
    assert client.get(edit_url(seed_without_body["438"])).status_code == 403


def test_an_editor_cannot_edit_another_editors_claim(client, editor, seed_without_body):
    client.force_login(editor)
    claim = seed_without_body["438"]
    assert client.get(edit_url(claim)).status_code == 403
    assert client.post(edit_url(claim), {"statement": "x"}).status_code == 403


def test_the_edit_form_is_a_page_and_a_fragment(client, editor, own_claim):
    client.force_login(editor)
    page = client.get(edit_url(own_claim)).content.decode()
    assert "<html" in page
    assert f'value="{own_claim.statement}"' in page
    assert 'name="version" value="1"' in page
    fragment = client.get(edit_url(own_claim), HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in fragment
    assert 'id="claim-form"' in fragment


def test_an_unchanged_save_keeps_every_value(client, editor, own_claim):
    client.force_login(editor)
    before = Claim.objects.get(pk=own_claim.pk)
    response = client.post(edit_url(own_claim), form_data(own_claim))
    assert response.status_code == 302
    after = Claim.objects.get(pk=own_claim.pk)
    for field in ["said_start", "about_start", "quantity_low", "quantity_unit", "quote_start",
                  "certainty", "statement"]:
        assert getattr(after, field) == getattr(before, field), field
    assert after.version == 2
    assert after.attribution_text() == before.attribution_text()


def test_an_editor_edits_their_claim_and_history_records_it(client, editor, own_claim):
    client.force_login(editor)
    response = client.post(
        edit_url(own_claim), form_data(own_claim, statement="438 soldiers crossed on Monday.")
    )
    assert response.status_code == 302
    assert response["Location"] == own_claim.get_absolute_url()
    claim = Claim.objects.get(pk=own_claim.pk)
    assert claim.statement == "438 soldiers crossed on Monday."
    record = claim.history.first()
    assert record.history_user == editor
    assert record.statement == "438 soldiers crossed on Monday."


def test_a_changed_phrase_is_read_again_when_its_fields_were_left_alone(
    client, editor, own_claim
):
    client.force_login(editor)
    client.post(
        edit_url(own_claim),
        form_data(own_claim, about_phrase="last week", quantity_phrase="more than 400 soldiers"),
    )
    claim = Claim.objects.get(pk=own_claim.pk)
    assert (claim.about_start, claim.about_end) == (date(2014, 7, 28), date(2014, 8, 3))
    assert (claim.quantity_low, claim.quantity_high) == (Decimal(400), None)
    assert claim.quantity_low_inclusive is False


def test_a_reviewer_may_edit_any_claim(client, reviewer, seed):
    client.force_login(reviewer)
    claim = seed["438"]
    response = client.post(edit_url(claim), form_data(claim, statement="Edited by a reviewer."))
    assert response.status_code == 302
    assert Claim.objects.get(pk=claim.pk).statement == "Edited by a reviewer."


def test_a_stale_edit_is_refused_showing_what_changed_and_keeping_the_text(
    client, editor, reviewer, own_claim
):
    started = form_data(own_claim, statement="My careful rewording.")
    # Someone else saves first.
    client.force_login(reviewer)
    client.post(edit_url(own_claim), form_data(own_claim, statement="The reviewer's version."))
    assert Claim.objects.get(pk=own_claim.pk).version == 2

    client.force_login(editor)
    response = client.post(edit_url(own_claim), started)
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else" in html
    assert 'id="stale-changes"' in html
    assert "The reviewer&#39;s version." in html  # escaped as Jinja2 escapes
    assert 'value="My careful rewording."' in html
    assert 'name="version" value="2"' in html
    claim = Claim.objects.get(pk=own_claim.pk)
    assert claim.statement == "The reviewer's version."
    assert claim.version == 2

    # Having seen their change, the editor saves again on top of it.
    again = dict(started, version="2")
    assert client.post(edit_url(own_claim), again).status_code == 302
    assert Claim.objects.get(pk=own_claim.pk).statement == "My careful rewording."


def test_of_two_saves_of_the_same_version_only_one_goes_through(editor, own_claim):
    from claims.forms.documents import ClaimForm
    from claims.services_claims import StaleClaim, claim_update

    form = ClaimForm(
        _querydict(form_data(own_claim, statement="First")), document=own_claim.document,
        claim=own_claim,
    )
    assert form.is_valid(), form.errors
    claim_update(claim=own_claim, data=form.cleaned_data, version=1, by=editor)
    with pytest.raises(StaleClaim):
        claim_update(
            claim=Claim.objects.get(pk=own_claim.pk), data=form.cleaned_data, version=1, by=editor
        )
    assert Claim.objects.get(pk=own_claim.pk).version == 2


def test_bad_input_on_edit_is_refused_beside_the_field(client, editor, own_claim):
    client.force_login(editor)
    response = client.post(edit_url(own_claim), form_data(own_claim, quote="Not in the text"))
    html = response.content.decode()
    assert "This quote is not in the article" in html
    assert "Not in the text</textarea>" in html
    assert Claim.objects.get(pk=own_claim.pk).version == 1


def _querydict(data):
    from django.http import QueryDict

    q = QueryDict(mutable=True)
    for key, value in data.items():
        if isinstance(value, list):
            q.setlist(key, value)
        else:
            q[key] = value
    return q
