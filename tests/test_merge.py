import pytest
from django.urls import reverse

from claims.merge import MergeRefused, source_merge
from claims.models import (
    Claim,
    ClaimLink,
    ClaimRelay,
    Document,
    GradeChange,
    Source,
    SourceAlias,
)

pytestmark = pytest.mark.django_db


def source(name: str) -> Source:
    return Source.objects.get(name=name)


@pytest.fixture
def duplicate(seed_without_body, admin_user) -> Source:
    """A second Interfax, holding one of everything that can point at a source."""
    claims = seed_without_body
    dup = Source.objects.create(
        name="Interfax news agency", kind="outlet", affiliation=source("Government of Russia")
    )
    dup.set_reliability("C", reason="New entry.", by=admin_user)
    dup.set_reliability("D", reason="Second thoughts.", by=admin_user)
    SourceAlias.objects.create(source=dup, name="Interfaks")
    SourceAlias.objects.create(source=dup, name="INTERFAX")  # the survivor's own name
    document = Document.objects.create(
        title="Interfax wire", publisher=dup, published_at="2014-08-04T09:00Z"
    )
    spoken = Claim.objects.create(
        document=document, statement="Interfax reports crossings.", speaker=dup
    )
    ClaimRelay.objects.create(claim=claims["180"], source=dup, position=3)  # moves
    ClaimRelay.objects.create(claim=claims["438"], source=dup, position=3)  # Interfax relays it
    Source.objects.create(name="Interfax correspondent", kind="person", affiliation=dup)
    link = ClaimLink.objects.create(
        first=spoken, second=claims["too-early"], kind="contradicts", nature="certainty",
        status="resolved", outcome="first_upheld",
    )
    from claims.reliability import refresh_track_records

    refresh_track_records([dup.pk, claims["too-early"].speaker_id])
    assert link.pk
    return dup


def related_counts(survivor: Source, duplicate: Source | None) -> dict[str, int]:
    ids = [survivor.pk] + ([duplicate.pk] if duplicate else [])
    return {
        "spoken": Claim.objects.filter(speaker__in=ids).count(),
        "relays": ClaimRelay.objects.filter(source__in=ids).count(),
        "members": Source.objects.filter(affiliation__in=ids).count(),
        "documents": Document.objects.filter(publisher__in=ids).count(),
        "grade_changes": GradeChange.objects.filter(source__in=ids).count(),
        "aliases": SourceAlias.objects.filter(source__in=ids).count(),
    }


def table_counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Source, Claim, ClaimRelay, Document, GradeChange, SourceAlias, ClaimLink)
    }


def test_everything_moves_to_the_survivor_and_nothing_is_lost(duplicate, admin_user):
    interfax = source("Interfax")
    before = related_counts(interfax, duplicate)
    tables = table_counts()
    assert before == {
        "spoken": 1, "relays": 5, "members": 1, "documents": 1, "grade_changes": 3, "aliases": 2,
    }

    survivor = source_merge(duplicate=duplicate, survivor=interfax, by=admin_user)

    assert not Source.objects.filter(pk=duplicate.pk).exists()
    after = related_counts(survivor, None)
    # The one relay step on a claim both relayed collapses into the survivor's; the
    # alias equal to the survivor's name is dropped and the duplicate's name added.
    assert after == {**before, "relays": before["relays"] - 1}
    assert table_counts() == {
        **tables, "Source": tables["Source"] - 1, "ClaimRelay": tables["ClaimRelay"] - 1,
    }
    assert sorted(survivor.aliases.values_list("name", flat=True)) == [
        "Interfaks", "Interfax news agency",
    ]
    assert survivor.reliability == "B"  # the survivor keeps its own grade
    assert survivor.affiliation == source("Government of Russia")
    assert source("Interfax correspondent").affiliation == survivor


def test_attribution_chains_stay_in_order_without_repeats(
    duplicate, admin_user, seed_without_body
):
    source_merge(duplicate=duplicate, survivor=source("Interfax"), by=admin_user)
    claims = seed_without_body
    assert Claim.objects.get(pk=claims["438"].pk).attribution_text() == (
        "Vasily Malayev, via Interfax, via The Moscow Times"
    )
    assert Claim.objects.get(pk=claims["180"].pk).attribution_text() == (
        "Vasily Malayev, via RIA Novosti, via The Moscow Times, via Interfax"
    )


def test_a_speaker_never_becomes_its_own_relay(seed_without_body, admin_user):
    claims = seed_without_body
    twin = Source.objects.create(name="Malayev, V.", kind="person")
    ClaimRelay.objects.create(claim=claims["438"], source=twin, position=5)
    source_merge(duplicate=twin, survivor=source("Vasily Malayev"), by=admin_user)
    assert Claim.objects.get(pk=claims["438"].pk).attribution_text() == (
        "Vasily Malayev, via Interfax, via The Moscow Times"
    )


def test_the_survivor_takes_the_duplicates_track_record(duplicate, admin_user):
    survivor = source_merge(duplicate=duplicate, survivor=source("Interfax"), by=admin_user)
    assert (survivor.track_upheld, survivor.track_resolved) == (1, 1)


def test_moved_claims_keep_their_history(duplicate, admin_user):
    claim = Claim.objects.get(speaker=duplicate)
    source_merge(duplicate=duplicate, survivor=source("Interfax"), by=admin_user)
    latest = claim.history.first()
    assert latest.speaker_id == source("Interfax").pk
    assert latest.history_user == admin_user
    assert "Merged source Interfax news agency into Interfax" in latest.history_change_reason


def test_a_member_merged_into_its_organization_takes_its_affiliation(
    seed_without_body, admin_user
):
    service = source("FSB Border Service")
    sub = Source.objects.create(
        name="FSB Border Service (Rostov)", kind="organization", affiliation=service
    )
    # Merge the organization into its own member: the member must not belong to itself.
    survivor = source_merge(duplicate=service, survivor=sub, by=admin_user)
    assert survivor.affiliation is None
    assert set(survivor.members.values_list("name", flat=True)) == {
        "Vasily Malayev", "Unnamed FSB border security official",
    }


def test_a_source_cannot_be_merged_into_itself(seed_without_body, admin_user):
    interfax = source("Interfax")
    with pytest.raises(MergeRefused):
        source_merge(duplicate=interfax, survivor=interfax, by=admin_user)
    assert Source.objects.filter(pk=interfax.pk).exists()


# --- The page -------------------------------------------------------------------


def merge_url(source_: Source) -> str:
    return reverse("claims:source-merge", args=[source_.pk])


def test_anonymous_visitors_are_sent_to_login(client, duplicate):
    response = client.get(merge_url(duplicate))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")


@pytest.mark.parametrize("role", ["editor", "reviewer", "outsider"])
def test_only_admins_may_merge(client, request, duplicate, role):
    client.force_login(request.getfixturevalue(role))
    assert client.get(merge_url(duplicate)).status_code == 403
    response = client.post(merge_url(duplicate), {"survivor": "Interfax", "confirm": "on"})
    assert response.status_code == 403
    assert Source.objects.filter(pk=duplicate.pk).exists()


def test_an_admin_sees_the_merge_form(client, admin_user, duplicate):
    client.force_login(admin_user)
    response = client.get(merge_url(duplicate))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Merge Interfax news agency into another source" in html
    assert '<option value="Interfax">' in html


def test_an_admin_merges_and_the_alias_search_finds_the_survivor(
    client, admin_user, duplicate
):
    client.force_login(admin_user)
    response = client.post(
        merge_url(duplicate), {"survivor": " interfax ", "confirm": "on"}, follow=True
    )
    interfax = source("Interfax")
    assert response.redirect_chain == [(interfax.get_absolute_url(), 302)]
    assert "Interfax news agency was merged into Interfax" in response.content.decode()
    found = client.get(reverse("claims:source-list"), {"q": "news agency"})
    assert [s.name for s in found.context["listing"].page.object_list] == ["Interfax"]


def test_an_htmx_merge_redirects_the_whole_page(client, admin_user, duplicate):
    client.force_login(admin_user)
    response = client.post(
        merge_url(duplicate), {"survivor": "Interfax", "confirm": "on"}, HTTP_HX_REQUEST="true"
    )
    assert response["HX-Redirect"] == source("Interfax").get_absolute_url()


def test_the_survivor_may_be_named_by_one_of_its_aliases(client, admin_user, duplicate):
    SourceAlias.objects.create(source=source("Interfax"), name="Interfax-Ukraine")
    client.force_login(admin_user)
    client.post(merge_url(duplicate), {"survivor": "interfax-ukraine", "confirm": "on"})
    assert not Source.objects.filter(pk=duplicate.pk).exists()


def test_merging_into_itself_is_refused_beside_the_field(client, admin_user, duplicate):
    client.force_login(admin_user)
    response = client.post(
        merge_url(duplicate), {"survivor": "Interfax news agency", "confirm": "on"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "A source cannot be merged into itself." in html
    assert 'value="Interfax news agency"' in html
    assert Source.objects.filter(pk=duplicate.pk).exists()


def test_merging_into_one_of_its_own_aliases_is_refused(client, admin_user, duplicate):
    client.force_login(admin_user)
    response = client.post(merge_url(duplicate), {"survivor": "Interfaks", "confirm": "on"})
    html = response.content.decode()
    assert "is one of Interfax news agency&#39;s own aliases" in html
    assert Source.objects.filter(pk=duplicate.pk).exists()


def test_an_unknown_or_ambiguous_name_is_refused(client, admin_user, duplicate):
    Source.objects.create(name="Reuters", kind="outlet")
    Source.objects.create(name="Reuters", kind="organization")
    client.force_login(admin_user)
    unknown = client.post(merge_url(duplicate), {"survivor": "Tass", "confirm": "on"})
    assert "No source is called &#39;Tass&#39;." in unknown.content.decode()
    ambiguous = client.post(merge_url(duplicate), {"survivor": "reuters", "confirm": "on"})
    assert "Several sources are called" in ambiguous.content.decode()
    assert Source.objects.filter(pk=duplicate.pk).exists()


def test_the_merge_must_be_confirmed(client, admin_user, duplicate):
    client.force_login(admin_user)
    response = client.post(merge_url(duplicate), {"survivor": "Interfax"})
    assert "This field is required." in response.content.decode()
    assert Source.objects.filter(pk=duplicate.pk).exists()


def test_a_speaker_of_thousands_of_claims_merges(duplicate, admin_user):
    # Their new speaker was once written by bulk_update, three parameters a claim in one
    # statement: 22,000 claims were more than PostgreSQL takes in a statement it binds.
    document = Document.objects.get(publisher=duplicate)
    Claim.objects.bulk_create(
        (Claim(document=document, statement=f"Crossing {n}.", speaker=duplicate)
         for n in range(22_000)),
        batch_size=500,
    )
    interfax = source("Interfax")
    spoken = Claim.objects.filter(speaker__in=[interfax, duplicate]).count()

    survivor = source_merge(duplicate=duplicate, survivor=interfax, by=admin_user)

    assert Claim.objects.filter(speaker=survivor).count() == spoken
    reason = "Merged source Interfax news agency into Interfax."
    assert Claim.history.filter(speaker=survivor, history_change_reason=reason).count() == 22_001
