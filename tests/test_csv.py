"""CSV out and in: each list's download of its current filter, streamed; importing sources
and claims with a preview, all or nothing, nothing twice; the demo desk's round trip."""

import base64
import csv
import io

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims import csv_export
from claims.csv_import import import_claims, import_sources
from claims.models import Claim, ClaimLink, Document, GradeChange, Question, Source

pytestmark = pytest.mark.django_db


def download(client, name: str, query: str = "") -> list[dict]:
    response = client.get(reverse(name) + query)
    assert response.status_code == 200
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    text = b"".join(response.streaming_content).decode()
    return list(csv.DictReader(io.StringIO(text)))


def text_of(client, query: str = "") -> str:
    response = client.get(reverse("claims:claim-list-csv") + query)
    return b"".join(response.streaming_content).decode()


def test_the_claim_download_holds_every_claim_the_filter_lets_through(
    client, editor, seed_without_body
):
    client.force_login(editor)
    every = download(client, "claims:claim-list-csv")
    assert len(every) == Claim.objects.count() == 11
    assert list(every[0]) == list(csv_export.CLAIM_HEADER)
    row = next(r for r in every if r["statement"].startswith("438 "))
    assert row["speaker"] == "Vasily Malayev" and row["speaker_kind"] == "person"
    assert row["relays"] == "Interfax (outlet)\nThe Moscow Times (outlet)"
    assert row["quantity_low"] == "438" and row["quantity_low_inclusive"] == "yes"
    assert row["said_start"] == "2014-08-04"
    assert row["document_url"] == seed_without_body["438"].document.url
    filtered = download(client, "claims:claim-list-csv", "?speaker_q=Malayev")
    assert {r["speaker"] for r in filtered} == {"Vasily Malayev"}
    assert 0 < len(filtered) < len(every)
    # The same filter on the list page shows the same claims.
    page = client.get(reverse("claims:claim-list") + "?speaker_q=Malayev")
    assert {row.pk for row in page.context["page"].object_list} == {
        int(r["id"]) for r in filtered
    }
    assert (reverse("claims:claim-list-csv") + "?speaker_q=Malayev").encode() in page.content


def test_chunks_give_the_same_file_and_queries_do_not_grow_with_rows(
    client, editor, seed_without_body, monkeypatch
):
    client.force_login(editor)
    whole = text_of(client)
    monkeypatch.setattr(csv_export, "CHUNK", 3)
    assert text_of(client) == whole
    monkeypatch.setattr(csv_export, "CHUNK", 2_000)
    with CaptureQueriesContext(connection) as few:
        text_of(client, "?status=open")
    Claim.objects.update(status="open")
    with CaptureQueriesContext(connection) as many:
        text_of(client, "?status=open")
    assert len(many) == len(few)


def test_a_formula_like_cell_is_defused_and_read_back_as_it_was(client, editor,
                                                               seed_without_body):
    claim = seed_without_body["drills"]
    Claim.objects.filter(pk=claim.pk).update(statement="=HYPERLINK(\"x\") drills")
    client.force_login(editor)
    [row] = [r for r in download(client, "claims:claim-list-csv") if r["id"] == str(claim.pk)]
    assert row["statement"] == "'=HYPERLINK(\"x\") drills"
    from claims.csv_import import plain
    assert plain(row["statement"]) == "=HYPERLINK(\"x\") drills"


def test_the_other_lists_download_their_rows(client, editor, seed_without_body):
    client.force_login(editor)
    sources = download(client, "claims:source-list-csv", "?q=inter&sort=-name")
    assert [r["name"] for r in sources] == ["Interfax"]
    assert sources[0]["reliability"] and sources[0]["claims_relayed"] != ""
    every_source = download(client, "claims:source-list-csv", "?sort=-name")
    names = [r["name"] for r in every_source]
    assert len(names) == Source.objects.count()
    assert names == sorted(names, key=str.lower, reverse=True)
    questions = download(client, "claims:question-list-csv")
    assert {r["text"] for r in questions} == set(Question.objects.values_list("text", flat=True))
    links = download(client, "claims:review-queue-csv", "?nature=causal")
    assert [(r["kind"], r["nature"]) for r in links] == [("contradicts", "causal")]
    queue = download(client, "claims:review-queue-csv")
    assert len(queue) == ClaimLink.objects.in_queue().count() == 4
    for name in ("claims:source-list", "claims:question-list", "claims:review-queue"):
        assert b"Download CSV" in client.get(reverse(name)).content


# --- import -----------------------------------------------------------------------------


SOURCES_CSV = """name,kind,description,affiliation,affiliation_kind,reliability
Harbour Gazette,outlet,A weekly of the islands,,,
Mira Holt,person,Harbour master,Harbour Authority,organization,
"""


def test_sources_import_previews_then_imports_once(editor):
    preview = import_sources(text=SOURCES_CSV, by=editor, write=False)
    assert [row.action for row in preview.rows] == ["new", "new"]
    assert not preview.written and not Source.objects.exists()
    done = import_sources(text=SOURCES_CSV, by=editor, write=True)
    assert done.written and done.added == 2
    holt = Source.objects.get(name="Mira Holt")
    assert holt.affiliation.name == "Harbour Authority" and holt.description == "Harbour master"
    again = import_sources(text=SOURCES_CSV, by=editor, write=True)
    assert [row.action for row in again.rows] == ["already on the desk"] * 2
    assert Source.objects.count() == 3


def test_one_bad_row_refuses_the_whole_file_and_says_why_beside_it(editor):
    text = SOURCES_CSV + "Somebody,animal,,,,\n,person,,,,\nLater,outlet,,,,Z\n"
    result = import_sources(text=text, by=editor, write=True)
    assert not result.written and not Source.objects.exists()
    errors = {row.line: row.errors for row in result.rows}
    assert errors[2] == [] and errors[3] == []
    assert "the kind must be person, organization or outlet" in errors[4][0]
    assert "name" in errors[5][0]
    assert "The grade must be one of A to F" in errors[6][0]


def test_grades_are_imported_by_admins_only_with_their_history(client, editor, admin_user):
    text = "name,kind,reliability\nHarbour Gazette,outlet,B\n"
    client.force_login(editor)
    upload = io.BytesIO(text.encode())
    upload.name = "sources.csv"
    response = client.post(reverse("claims:source-import"), {"file": upload})
    assert response.status_code == 400
    assert "Only admins import grades" in response.content.decode()
    assert not Source.objects.exists()
    client.force_login(admin_user)
    content = base64.b64encode(text.encode()).decode()
    response = client.post(reverse("claims:source-import"), {"content": content, "confirm": "1"})
    assert response.status_code == 302
    gazette = Source.objects.get(name="Harbour Gazette")
    assert gazette.reliability == "B"
    assert GradeChange.objects.get(source=gazette).changed_by == admin_user


def test_the_import_page_previews_an_upload_and_imports_on_confirm(client, editor):
    client.force_login(editor)
    assert client.get(reverse("claims:source-import")).status_code == 200
    upload = io.BytesIO(SOURCES_CSV.encode("utf-8-sig"))
    upload.name = "sources.csv"
    response = client.post(reverse("claims:source-import"), {"file": upload})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Preview: nothing is saved yet" in page and "Mira Holt" in page
    assert not Source.objects.exists()
    content = response.context["content"]
    response = client.post(reverse("claims:source-import"), {"content": content, "confirm": "1"})
    assert response.status_code == 302 and Source.objects.count() == 3


def test_a_file_that_is_not_utf8_too_large_or_without_columns_is_refused(client, editor,
                                                                        settings):
    client.force_login(editor)
    for body, message in [
        ("name;kind\n".encode("utf-16"), "not UTF-8"),
        (b"title,when\nA,B\n", "The file has no column"),
    ]:
        upload = io.BytesIO(body)
        upload.name = "x.csv"
        response = client.post(reverse("claims:source-import"), {"file": upload})
        assert response.status_code == 400 and message in response.content.decode()
    settings.IMPORT_MAX_BYTES = 10
    upload = io.BytesIO(SOURCES_CSV.encode())
    upload.name = "x.csv"
    response = client.post(reverse("claims:source-import"), {"file": upload})
    assert "The file is larger than" in response.content.decode()


def test_a_claim_row_is_cleaned_by_the_claim_form(editor, seed):
    document = seed["438"].document
    header = "statement,speaker,speaker_kind,document_url,quote,quantity_phrase\n"
    text = header + (
        f"A count nobody made,Vasily Malayev,person,{document.url},"
        "words the article never printed,\n"
        f"About a thousand crossed,Vasily Malayev,person,{document.url},,more than 400 or so\n"
    )
    result = import_claims(text=text, by=editor, write=True)
    assert not result.written
    first, second = result.rows
    assert any("not in the article’s text" in error for error in first.errors)
    assert second.errors == [] and second.action == "new"


def test_the_demo_desk_round_trips_through_csv(client, editor, seed_without_body):
    def described():
        return sorted(
            (c.statement, c.quote, c.speaker.name, c.speaker.kind,
             tuple((r.source.name, r.source.kind) for r in c.relay_links.order_by("position")),
             c.document.url, c.document.title, c.document.published_at,
             c.document.publisher.name if c.document.publisher else "", c.document.language,
             c.said_phrase, c.said_start, c.said_end, c.said_precision,
             c.about_phrase, c.about_start, c.about_end, c.about_precision,
             c.quantity_phrase, c.quantity_low, c.quantity_high, c.quantity_low_inclusive,
             c.quantity_high_inclusive, c.quantity_unit, c.certainty,
             tuple(sorted(q.text for q in c.questions.all())))
            for c in Claim.objects.select_related("speaker", "document__publisher")
        )

    client.force_login(editor)
    before = described()
    text = text_of(client)
    # An empty desk.
    ClaimLink.objects.all().delete()
    Claim.objects.all().delete()
    Document.objects.all().delete()
    Question.objects.all().delete()
    Source.objects.all().delete()
    preview = import_claims(text=text, by=editor, write=False)
    assert [row.errors for row in preview.rows] == [[]] * 11
    assert not Claim.objects.exists()
    done = import_claims(text=text, by=editor, write=True)
    assert done.written and done.added == 11
    assert described() == before
    # Again: nothing is made twice.
    again = import_claims(text=text, by=editor, write=True)
    assert again.added == 0 and again.existing == 11
    assert described() == before
    assert Document.objects.count() == 1


def test_the_claim_import_page_takes_a_download(client, editor, seed_without_body):
    client.force_login(editor)
    text = text_of(client)
    Claim.objects.filter(statement__startswith="438 ").delete()
    upload = io.BytesIO(text.encode())
    upload.name = "claims.csv"
    response = client.post(reverse("claims:claim-import"), {"file": upload})
    assert response.status_code == 200
    assert "1 new, 10 already on the desk" in response.content.decode()
    response = client.post(
        reverse("claims:claim-import"), {"content": response.context["content"], "confirm": "1"}
    )
    assert response.status_code == 302
    assert Claim.objects.count() == 11
