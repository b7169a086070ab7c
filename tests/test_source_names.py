"""Finding a source under another wording of its name (claims.source_names), in the pickers
of the claim form before they offer "Create"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from claims.models import Source, SourceAlias
from claims.source_names import name_score, name_words, similar_sources

pytestmark = pytest.mark.django_db


def picker(client, field, text):
    response = client.get(reverse("claims:source-picker", args=[field]), {f"{field}_q": text},
                          HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def offered(html, source):
    return f'value="{source.pk}"' in html


# --- the normaliser ------------------------------------------------------------------


@pytest.mark.parametrize("typed, name", [
    ("Russia's Defense Ministry", "Russian Ministry of Defense"),
    ("Ministry of Defence of Russia", "Russian Ministry of Defense"),
    ("the Ukrainian military", "Ukraine Military"),
])
def test_possessives_adjectives_spellings_and_word_order_do_not_count(typed, name):
    assert name_words(typed) == name_words(name)


@pytest.mark.parametrize("typed, name", [
    ("Dmitrashkovsky", "Дмитрашковский"),
    ("Dmitrashkovsky", "Дмитрашківський"),
    ("Дмитрашковский", "Oleksiy Dmitrashkovsky"),
    ("Дмитрашківський", "Oleksiy Dmitrashkovsky"),
    ("Олексій Дмитрашківський", "Oleksiy Dmitrashkovsky"),
])
def test_a_transliterated_name_matches(typed, name):
    assert name_score(typed, name) >= 85


@pytest.mark.parametrize("typed, name", [
    ("Russia's Defense Ministry", "Rostov Ministry of Defense"),
    ("Malayev", "Klimov"),
    ("Ukrainian military", "Russian military"),
])
def test_different_names_do_not_match(typed, name):
    assert name_score(typed, name) < 85


# --- in the pickers ------------------------------------------------------------------


def test_the_speaker_picker_finds_the_ministry_under_another_wording(client, editor,
                                                                    seed_without_body):
    client.force_login(editor)
    ministry = Source.objects.get(name="Russian Ministry of Defense")
    html = picker(client, "speaker", "Russia's Defense Ministry")
    assert "Already on the desk under another wording" in html
    assert offered(html, ministry)
    # Offered before "Create", which stays for a source that really is new.
    assert html.index(f'value="{ministry.pk}"') < html.index("None of these")


@pytest.mark.parametrize("typed", ["Дмитрашковский", "Дмитрашківський", "Dmitrashkovsky"])
def test_the_speaker_picker_finds_a_person_written_in_another_alphabet(
    client, editor, seed_without_body, typed
):
    client.force_login(editor)
    person = Source.objects.get(name="Oleksiy Dmitrashkovsky")
    assert offered(picker(client, "speaker", typed), person)


def test_a_name_kept_in_cyrillic_is_found_from_latin_letters(client, editor, db):
    client.force_login(editor)
    person = Source.objects.create(name="Олексій Дмитрашківський", kind="person")
    assert offered(picker(client, "speaker", "Dmitrashkovsky"), person)


def test_the_relay_picker_finds_a_source_by_an_alias_in_other_words(client, editor, db):
    client.force_login(editor)
    agency = Source.objects.create(name="RIA", kind="outlet")
    SourceAlias.objects.create(source=agency, name="RIA Novosti")
    html = picker(client, "relays", "Novosti RIA")
    assert offered(html, agency) and "as “RIA Novosti”" in html


def test_a_picker_offers_only_its_kinds(client, editor, seed_without_body):
    client.force_login(editor)
    ministry = Source.objects.get(name="Russian Ministry of Defense")
    assert not offered(picker(client, "publisher", "Russia's Defense Ministry"), ministry)


def test_an_unlike_name_finds_nothing_and_offers_create(client, editor, seed_without_body):
    client.force_login(editor)
    html = picker(client, "speaker", "Petro Poroshenko")
    assert "under another wording" not in html
    assert "Create “Petro Poroshenko”" in html


def test_a_source_already_chosen_or_found_is_not_offered_twice(seed_without_body):
    ministry = Source.objects.get(name="Russian Ministry of Defense")
    assert similar_sources("Russia's Defense Ministry", ["organization"], exclude={ministry.pk}) \
        == []


def test_the_picker_reads_the_same_number_of_queries_however_many_sources(
    client, editor, seed_without_body
):
    client.force_login(editor)
    picker(client, "speaker", "Russia's Defense Ministry")  # sessions, caches
    with CaptureQueriesContext(connection) as few:
        picker(client, "speaker", "Russia's Defense Ministry")
    Source.objects.bulk_create(
        Source(name=f"{place} Ministry of Defense", kind="organization")
        for place in ("Rostov", "Kursk", "Belgorod", "Russkaya Polyana", "Rossosh") * 1
    )
    SourceAlias.objects.bulk_create(
        SourceAlias(source=s, name=f"{s.name} office")
        for s in Source.objects.filter(name__endswith="Ministry of Defense")
    )
    with CaptureQueriesContext(connection) as many:
        html = picker(client, "speaker", "Russia's Defense Ministry")
    assert len(many) == len(few)
    assert offered(html, Source.objects.get(name="Russian Ministry of Defense"))
    assert not offered(html, Source.objects.get(name="Rostov Ministry of Defense"))
