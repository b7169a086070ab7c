"""Editing a document: its fields, who may, two editors at once, and its claims' quotes."""

import threading

import pytest
from django.contrib.messages import get_messages
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.timezone import localtime
from markupsafe import escape  # as the Jinja2 pages escape (' and " as &#39; &#34;)

from claims.anchors import anchor_quote
from claims.demo import SEED_URL
from claims.forms.documents import BODY_MAX
from claims.models import Claim, Document, Source
from claims.services_claims import StaleDocument, document_update

pytestmark = pytest.mark.django_db

QUOTE_438 = "438 Ukrainian soldiers had reached Russia on Monday"
QUOTE_DRILLS = "The drills will start Monday and last through Friday"
HOSTILE = '<script>alert("x")</script> & "quoted"'


def edit_url(document):
    return reverse("claims:document-edit", args=[document.pk])


def edit_data(document, **overrides):
    """What the edit form posts when nothing is changed."""
    data = {
        "url": document.url or "",
        "title": document.title,
        "publisher": str(document.publisher_id or ""),
        "published_at": localtime(document.published_at).strftime("%Y-%m-%dT%H:%M:%S"),
        "language": document.language,
        "body": document.body,
        "updated_at": document.updated_at.isoformat(),
    }
    data.update(overrides)
    return data


def messages_of(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def seed_document(seed):
    return Document.objects.get(url=SEED_URL)


@pytest.fixture
def own_document(seed_document, editor):
    Document.objects.filter(pk=seed_document.pk).update(created_by=editor)
    seed_document.refresh_from_db()
    return seed_document


# --- access -------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_login(client, seed_without_body):
    url = edit_url(seed_without_body["438"].document)
    for response in (client.get(url), client.post(url, {"title": "x"})):
        assert response.status_code == 302
        assert response["Location"] == f"{reverse('login')}?next={url}"


@pytest.mark.parametrize(
    "who", ["outsider", "editor"], ids=["a user without a role", "another editor"]
)
def test_who_may_not_edit_is_refused_and_nothing_is_saved(client, request, who, seed_document):
    client.force_login(request.getfixturevalue(who))
    assert client.get(edit_url(seed_document)).status_code == 403
    response = client.post(edit_url(seed_document), edit_data(seed_document, title="Mine"))
    assert response.status_code == 403
    assert Document.objects.get(pk=seed_document.pk).title == seed_document.title


def test_an_editor_is_not_offered_to_edit_another_editors_document(client, editor, seed_document):
    client.force_login(editor)
    response = client.get(seed_document.get_absolute_url())
    assert response.status_code == 200 and escape(seed_document.title) in response.content.decode()
    assert "Edit document" not in response.content.decode()


@pytest.mark.parametrize(
    ("who", "which"), [("editor", "own_document"), ("reviewer", "seed_document")],
    ids=["an editor edits their own document", "a reviewer edits any document"],
)
def test_who_may_edit_is_offered_the_link_and_saves(client, request, who, which):
    document = request.getfixturevalue(which)
    client.force_login(request.getfixturevalue(who))
    page = client.get(document.get_absolute_url()).content.decode()
    assert f'href="{edit_url(document)}">Edit document</a>' in page
    response = client.post(edit_url(document), edit_data(document, title="Corrected"))
    assert response.status_code == 302
    assert Document.objects.get(pk=document.pk).title == "Corrected"


# --- the form -----------------------------------------------------------------------------


def test_the_form_shows_the_current_values(client, reviewer, seed_document):
    client.force_login(reviewer)
    response = client.get(edit_url(seed_document))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Edit document</h1>" in html
    assert f'action="{edit_url(seed_document)}"' in html
    assert f'value="{escape(SEED_URL)}"' in html
    assert f'value="{escape(seed_document.title)}"' in html
    # A datetime-local input reads only this form (date "T" time).
    assert 'type="datetime-local" name="published_at" value="2014-08-04T08:00:00"' in html
    assert escape(seed_document.body[:200]) in html
    assert f'value="{seed_document.publisher_id}" checked' in html  # the publisher picked
    assert f'name="updated_at" value="{seed_document.updated_at.isoformat()}"' in html
    assert "Changing it does not re-read its claims&#39; dates." in html
    assert ">Save changes</button>" in html
    assert 'name="csrfmiddlewaretoken"' in html


def test_a_save_redirects_to_the_document_with_a_message(client, reviewer, seed_document):
    interfax = Source.objects.get(name="Interfax")
    anchors = dict(seed_document.claims.values_list("pk", "quote_start"))
    client.force_login(reviewer)
    response = client.post(
        edit_url(seed_document),
        edit_data(seed_document, title="Soldiers cross", publisher=str(interfax.pk),
                  published_at="2014-08-05T09:30", language="ru", url="https://example.org/b"),
    )
    assert response.status_code == 302
    assert response["Location"] == seed_document.get_absolute_url()
    assert messages_of(response) == ["Document saved."]
    document = Document.objects.get(pk=seed_document.pk)
    assert (document.title, document.publisher, document.language, document.url) == (
        "Soldiers cross", interfax, "ru", "https://example.org/b"
    )
    assert localtime(document.published_at).strftime("%Y-%m-%d %H:%M") == "2014-08-05 09:30"
    assert document.updated_at > seed_document.updated_at
    # The body did not change: the claims' anchors are as they were.
    assert dict(document.claims.values_list("pk", "quote_start")) == anchors


def test_a_new_publication_time_leaves_the_claims_dates_as_they_were(
    client, reviewer, seed_document
):
    dates = dict(seed_document.claims.values_list("pk", "said_start"))
    client.force_login(reviewer)
    client.post(edit_url(seed_document), edit_data(seed_document, published_at="2015-01-01T00:00"))
    assert dict(seed_document.claims.values_list("pk", "said_start")) == dates


def test_a_url_of_another_document_is_refused_beside_the_field(client, reviewer, seed_document):
    Document.objects.create(
        url="https://example.org/other", title="Other", published_at=seed_document.published_at
    )
    client.force_login(reviewer)
    response = client.post(
        edit_url(seed_document),
        edit_data(seed_document, url="https://example.org/other", title="Typed title"),
    )
    html = response.content.decode()
    assert response.status_code == 200
    field = html.split('<label for="id_url">')[1].split('<p class="field">')[0]
    assert "A document with this URL is already on the desk." in field
    assert 'value="Typed title"' in html
    assert Document.objects.get(pk=seed_document.pk).url == SEED_URL


def test_an_empty_title_and_an_over_long_body_are_refused_keeping_the_rest(
    client, reviewer, seed_document
):
    client.force_login(reviewer)
    body = "x" * (BODY_MAX + 1)
    response = client.post(
        edit_url(seed_document), edit_data(seed_document, title="", url="https://example.org/k",
                                           body=body),
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html.split('<label for="id_title">')[1].split("</p>")[0]
    assert f"The body is limited to {BODY_MAX} characters; this one has {BODY_MAX + 1}." in html
    assert 'value="https://example.org/k"' in html
    assert body in html
    assert Document.objects.get(pk=seed_document.pk).url == SEED_URL


def test_a_hostile_title_is_escaped_on_the_form_and_the_page(client, editor, own_document):
    client.force_login(editor)
    client.post(edit_url(own_document), edit_data(own_document, title=HOSTILE))
    assert Document.objects.get(pk=own_document.pk).title == HOSTILE
    for url in (edit_url(own_document), own_document.get_absolute_url()):
        html = client.get(url).content.decode()
        assert HOSTILE not in html and "<script>alert" not in html
        assert escape(HOSTILE) in html


# --- two editors at once ------------------------------------------------------------------


def test_a_stale_save_is_refused_showing_what_is_stored_and_keeping_the_text(
    client, editor, reviewer, own_document
):
    started = edit_data(own_document)
    client.force_login(reviewer)
    client.post(
        edit_url(own_document), {**started, "title": "The reviewer's title", "body": "Short."}
    )
    stored = Document.objects.get(pk=own_document.pk)
    assert stored.title == "The reviewer's title"

    client.force_login(editor)
    mine = {**started, "title": "The editor's title", "language": "uk"}
    response = client.post(edit_url(own_document), mine)
    html = response.content.decode()
    assert response.status_code == 200
    assert "changed by someone else while you edited it" in html
    assert 'id="stale-changes"' in html
    stale = html.split('id="stale-changes"')[1].split("</div>")[0]
    assert '<span class="field">Title</span>: The reviewer&#39;s title</li>' in stale
    assert '<span class="field">Language</span>: en</li>' in stale
    assert '<span class="field">Body text</span>: <details>' in stale
    assert "(6 characters)" in stale and '<p class="stored-body">Short.</p>' in stale
    assert "URL" not in stale  # only what differs
    assert 'value="The editor&#39;s title"' in html and 'value="uk"' in html
    assert f'name="updated_at" value="{stored.updated_at.isoformat()}"' in html
    assert Document.objects.get(pk=own_document.pk).updated_at == stored.updated_at

    # The editor has seen the other save; saving again replaces it.
    again = {**mine, "updated_at": stored.updated_at.isoformat()}
    assert client.post(edit_url(own_document), again).status_code == 302
    assert Document.objects.get(pk=own_document.pk).title == "The editor's title"


def test_of_two_saves_of_the_same_copy_only_one_goes_through(seed_without_body):
    loaded = seed_without_body["438"].document
    first, second = (Document.objects.get(pk=loaded.pk) for _ in range(2))
    first.title, second.title = "First", "Second"
    document_update(document=first, loaded_at=loaded.updated_at)
    with pytest.raises(StaleDocument) as stale:
        document_update(document=second, loaded_at=loaded.updated_at)
    assert stale.value.current.title == "First"
    assert Document.objects.get(pk=loaded.pk).title == "First"


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs real concurrent transactions; SQLite serialises every write",
)
def test_of_two_parallel_saves_of_the_same_copy_only_one_goes_through(seed_without_body):
    loaded = seed_without_body["438"].document
    barrier, outcomes = threading.Barrier(2, timeout=20), []

    def save(title: str) -> None:
        document = Document.objects.get(pk=loaded.pk)
        document.title = title
        barrier.wait()
        try:
            document_update(document=document, loaded_at=loaded.updated_at)
            outcomes.append(title)
        except StaleDocument:
            outcomes.append("refused")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=save, args=(t,)) for t in ("First", "Second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) in (["First", "refused"], ["Second", "refused"])
    saved = next(title for title in outcomes if title != "refused")
    assert Document.objects.get(pk=loaded.pk).title == saved


# --- the claims' quotes -------------------------------------------------------------------


def test_a_new_body_moves_the_anchors_and_counts_the_quotes_no_longer_found(
    client, reviewer, seed_document
):
    moved = Claim.objects.get(quote=QUOTE_438)
    gone = Claim.objects.get(quote=QUOTE_DRILLS)
    assert moved.quote_start is not None and gone.quote_start is not None
    drills = anchor_quote(seed_document.body, QUOTE_DRILLS)
    note = "Correction: an earlier version misnamed the checkpoint.\n\n"
    body = note + (
        seed_document.body[: drills.start] + "The drills were called off."
        + seed_document.body[drills.end :]
    )
    client.force_login(reviewer)
    response = client.post(edit_url(seed_document), edit_data(seed_document, body=body))
    assert response.status_code == 302
    assert messages_of(response) == [
        "Document saved. 1 of its claims’ quotes is no longer found in the body: "
        "edit those claims to quote the new text."
    ]
    moved_after, gone_after = Claim.objects.get(pk=moved.pk), Claim.objects.get(pk=gone.pk)
    start = moved.quote_start + len(note)
    assert moved_after.quote_start == start
    assert moved_after.quote_prefix == body[start - len(moved_after.quote_prefix) : start]
    assert (gone_after.quote_start, gone_after.quote_prefix, gone_after.quote_suffix) == (
        None, "", ""
    )
    # Every other quote is still found, each where its text now stands.
    for claim in seed_document.claims.exclude(pk=gone.pk).exclude(quote=""):
        assert claim.quote_start is not None
        assert anchor_quote(body, claim.quote, near=claim.quote_start).start == claim.quote_start

    html = client.get(seed_document.get_absolute_url()).content.decode()
    mark = f'<mark class="quote" data-claims="{moved.pk}" id="quote-{moved.pk}">'
    assert str(escape(body[start - 20 : start])) + mark in html
    assert f'id="quote-{gone.pk}"' not in html


def test_the_edit_page_costs_the_same_with_2_claims_as_with_30(
    client, reviewer, seed_without_body, django_assert_num_queries
):
    speaker = Source.objects.get(name="Vasily Malayev")
    document = Document.objects.create(
        title="Counted", published_at=seed_without_body["438"].document.published_at,
        body="one two three",
    )

    def claims(total):
        Claim.objects.bulk_create(
            Claim(document=document, statement=f"Said {i}", speaker=speaker, quote="two")
            for i in range(document.claims.count(), total)
        )

    client.force_login(reviewer)
    claims(2)
    client.get(edit_url(document))  # warm the session and the content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(edit_url(document)).status_code == 200
    claims(30)
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(edit_url(document)).status_code == 200


def test_a_missing_version_saves_over_the_stored_row(client, reviewer, seed_document):
    """A form without its hidden version (an old page) is checked against the row it read."""
    client.force_login(reviewer)
    data = edit_data(seed_document, title="No version")
    del data["updated_at"]
    assert client.post(edit_url(seed_document), data).status_code == 302
    assert Document.objects.get(pk=seed_document.pk).title == "No version"



def test_a_url_another_document_took_meanwhile_is_refused_beside_the_field(
    client, reviewer, seed_document, monkeypatch
):
    from claims.forms.documents import DocumentEditForm

    checked = DocumentEditForm._post_clean
    url = "https://example.org/moved-here"

    def then_another_document_takes_it(form):
        checked(form)
        Document.objects.create(url=url, title="Another", published_at=seed_document.published_at)

    monkeypatch.setattr(DocumentEditForm, "_post_clean", then_another_document_takes_it)
    client.force_login(reviewer)
    response = client.post(edit_url(seed_document), edit_data(seed_document, url=url))
    assert response.status_code == 200
    assert response.context["form"].errors["url"] == [Document.URL_TAKEN]
    assert Document.objects.get(pk=seed_document.pk).url == SEED_URL
