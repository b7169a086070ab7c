"""Each link keeps its claims' speakers (ClaimLink.first_speaker, second_speaker), on every
path that writes a link or changes a claim's speaker; the source page reads them."""

import gzip
import importlib
import json
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db.models import Q
from django.http import QueryDict
from django.urls import reverse
from test_backup import flush_desk

from claims.merge import source_merge
from claims.models import Claim, ClaimLink, Document, Source
from claims.services import link_create, refresh_link_speakers

pytestmark = pytest.mark.django_db


def speakers_as_stored() -> dict[int, tuple]:
    return {
        pk: (first, second)
        for pk, first, second in ClaimLink.objects.values_list(
            "pk", "first_speaker_id", "second_speaker_id"
        )
    }


def speakers_of_the_claims() -> dict[int, tuple]:
    return {
        pk: (first, second)
        for pk, first, second in ClaimLink.objects.values_list(
            "pk", "first__speaker_id", "second__speaker_id"
        )
    }


def assert_speakers_true() -> None:
    stored = speakers_as_stored()
    assert stored, "no links to check"
    assert stored == speakers_of_the_claims()


def new_source(name: str) -> Source:
    return Source.objects.create(name=name, kind="person")


def admin_url(obj) -> str:
    return reverse(f"admin:claims_{obj._meta.model_name}_change", args=[obj.pk])


def test_the_demo_desk_links_carry_their_speakers(seed_without_body):
    assert_speakers_true()


def test_link_create_stores_both_speakers(seed_without_body, editor):
    drills, casualties = seed_without_body["drills"], seed_without_body["casualties"]
    link = link_create(first=drills, second=casualties, kind="supports", by=editor)
    link.refresh_from_db()
    assert (link.first_speaker_id, link.second_speaker_id) == (
        drills.speaker_id, casualties.speaker_id
    )


def test_a_link_added_and_moved_in_the_admin_carries_its_speakers(
    client, admin_user, seed_without_body
):
    drills, casualties, other = (
        seed_without_body[key] for key in ("drills", "casualties", "no-comment")
    )
    assert drills.speaker_id != other.speaker_id
    client.force_login(admin_user)  # only admins use the Django admin
    post = {"first": drills.pk, "second": casualties.pk, "kind": "supports", "nature": "",
            "note": ""}
    assert client.post(reverse("admin:claims_claimlink_add"), post).status_code == 302
    link = ClaimLink.between(drills, casualties)
    assert (link.first_speaker_id, link.second_speaker_id) == (
        drills.speaker_id, casualties.speaker_id
    )
    # Its first side moved to a claim of another speaker.
    moved = {**post, "first": other.pk, "expected_version": link.version}
    assert client.post(admin_url(link), moved).status_code == 302
    link.refresh_from_db()
    assert (link.first_speaker_id, link.second_speaker_id) == (
        other.speaker_id, casualties.speaker_id
    )
    assert_speakers_true()


def test_claim_update_moves_the_speaker_on_its_links(seed, editor):
    from claims.forms.documents import ClaimForm
    from claims.services_claims import claim_update

    claim = seed["438"]
    assert ClaimLink.objects.filter(Q(first=claim) | Q(second=claim)).exists()
    someone = new_source("Someone new")
    data = QueryDict(mutable=True)
    form = ClaimForm(None, document=claim.document, claim=claim)
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if name in ("relays", "questions"):
            data.setlist(name, [str(getattr(v, "pk", v)) for v in value or []])
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        elif value is not None:
            data[name] = str(getattr(value, "pk", value))
    data["speaker"] = str(someone.pk)
    data["version"] = str(claim.version)
    form = ClaimForm(data, document=claim.document, claim=claim)
    assert form.is_valid(), form.errors
    claim_update(claim=claim, data=form.cleaned_data, version=claim.version, by=editor)
    assert Claim.objects.get(pk=claim.pk).speaker == someone
    assert_speakers_true()
    assert someone.pk in {s for pair in speakers_as_stored().values() for s in pair}


def test_the_admin_changing_a_claims_speaker_moves_it_on_its_links(
    client, admin_user, seed_without_body
):
    claim = seed_without_body["438"]
    assert ClaimLink.objects.filter(Q(first=claim) | Q(second=claim)).exists()
    someone = new_source("Someone new")
    client.force_login(admin_user)  # only admins use the Django admin
    post = {
        "document": claim.document_id, "statement": claim.statement, "quote": claim.quote,
        "speaker": someone.pk, "certainty": claim.certainty, "status": claim.status,
        "credibility": claim.credibility or "", "quantity_low_inclusive": "on",
        "quantity_high_inclusive": "on", "expected_version": claim.version,
        "relay_links-TOTAL_FORMS": "0", "relay_links-INITIAL_FORMS": "0",
    }
    assert client.post(admin_url(claim), post).status_code == 302
    assert Claim.objects.get(pk=claim.pk).speaker == someone
    assert_speakers_true()


def test_a_merge_moves_the_duplicates_links_to_the_survivor(seed_without_body, admin_user):
    claims = seed_without_body
    survivor = Source.objects.get(name="Interfax")
    duplicate = new_source("Interfax news agency")
    document = Document.objects.create(title="Wire", published_at="2014-08-04T09:00Z")
    first = Claim.objects.create(document=document, statement="One.", speaker=duplicate)
    second = Claim.objects.create(document=document, statement="Two.", speaker=duplicate)
    link_create(first=first, second=claims["too-early"], kind="supports")
    link_create(first=claims["drills"], second=second, kind="supports")
    link_create(first=first, second=second, kind="repeats")
    assert_speakers_true()

    source_merge(duplicate=duplicate, survivor=survivor, by=admin_user)  # not PROTECTed
    assert not Source.objects.filter(pk=duplicate.pk).exists()
    assert_speakers_true()
    assert ClaimLink.objects.filter(first_speaker=survivor, second_speaker=survivor).count() == 1


def test_a_generated_desk_links_carry_their_speakers(db):
    call_command("generate_desk", claims=400, quiet=True, stdout=StringIO())
    assert ClaimLink.objects.count() > 50
    assert not ClaimLink.objects.filter(
        Q(first_speaker=None) | Q(second_speaker=None)
    ).exists()
    assert_speakers_true()


def test_a_backup_leaves_the_speakers_out_and_its_import_puts_them_back(
    seed_without_body, tmp_path
):
    before = speakers_as_stored()
    path = tmp_path / "desk.jsonl.gz"
    call_command("export_desk", str(path))
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        stream.readline()
        links = [r for r in map(json.loads, stream) if r["model"] == "claims.claimlink"]
    assert links and not any("first_speaker" in r["fields"] for r in links)
    flush_desk()
    call_command("import_desk", str(path))
    assert speakers_as_stored() == before
    assert_speakers_true()


def test_an_import_sets_the_speakers_whatever_the_file_says_of_them(seed_without_body, tmp_path):
    """A file written with the columns (wrong ones here) imports the claims' speakers."""
    before = speakers_as_stored()
    wrong = new_source("Wrong speaker").pk
    path = tmp_path / "desk.jsonl"
    call_command("export_desk", str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    edited = [lines[0]]
    for line in lines[1:]:
        record = json.loads(line)
        if record["model"] == "claims.claimlink":
            record["fields"].update(first_speaker=wrong, second_speaker=wrong)
        edited.append(json.dumps(record, ensure_ascii=False))
    path.write_text("\n".join(edited) + "\n", encoding="utf-8")
    flush_desk()
    # The wrong source travels in the file too, so the columns name a row that exists.
    call_command("import_desk", str(path))
    assert speakers_as_stored() == before


def test_the_migrations_backfill_fills_links_without_speakers(seed_without_body):
    before = speakers_as_stored()
    ClaimLink.objects.update(first_speaker=None, second_speaker=None)
    migration = importlib.import_module("claims.migrations.0011_claimlink_speakers")
    migration.backfill(apps, None)
    assert speakers_as_stored() == before
    assert_speakers_true()


def test_refresh_link_speakers_mends_only_the_links_of_the_claims_named(seed_without_body):
    claim = seed_without_body["438"]
    ClaimLink.objects.update(first_speaker=None, second_speaker=None)
    refresh_link_speakers(claim_ids=[claim.pk])
    mended = ClaimLink.objects.filter(first=claim).values_list("first_speaker_id", flat=True)
    assert set(mended) == {claim.speaker_id}
    assert ClaimLink.objects.filter(second=claim).exclude(second_speaker=claim.speaker).count() == 0
    assert ClaimLink.objects.filter(first_speaker=None).exclude(first=claim).exists()
    refresh_link_speakers()
    assert_speakers_true()


def test_the_source_page_lists_the_links_found_through_the_claims(client, editor, db):
    speaker = new_source("Busy speaker")
    other = new_source("Someone else")
    document = Document.objects.create(title="A long day", published_at="2014-08-04T12:00Z")
    mine = [
        Claim.objects.create(document=document, statement=f"Mine {i}", speaker=speaker)
        for i in range(16)
    ]
    theirs = [
        Claim.objects.create(document=document, statement=f"Theirs {i}", speaker=other)
        for i in range(8)
    ]
    for i, claim in enumerate(mine):
        link_create(first=claim, second=theirs[i % 8], kind="supports")  # first side
        link_create(first=theirs[(i + 3) % 8], second=claim, kind="qualifies")  # second side
        if i % 3 == 0:
            link_create(first=claim, second=mine[(i + 1) % 16], kind="repeats")  # both sides
    link_create(first=theirs[0], second=theirs[1], kind="supports")  # not the speaker's
    expected = list(
        ClaimLink.objects.filter(Q(first__speaker=speaker) | Q(second__speaker=speaker))
        .order_by("-created_at", "-pk")
        .values_list("pk", flat=True)
    )
    assert len(expected) == 16 * 2 + 6
    client.force_login(editor)
    url = reverse("claims:source-detail", args=[speaker.pk])
    shown = []
    for number in (1, 2):
        links = client.get(url, {"links_page": number}).context["claims"].links
        shown += [link.pk for link in links.object_list]
    assert shown == expected
