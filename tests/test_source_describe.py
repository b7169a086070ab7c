"""A source's page: reviewers and admins add another name and say what it belongs to."""

import pytest
from django.urls import reverse

from claims.models import Source, SourceAlias

pytestmark = pytest.mark.django_db


@pytest.fixture
def interfax(seed_without_body):
    return Source.objects.get(name="Interfax")


def alias_url(source):
    return reverse("claims:source-alias", args=[source.pk])


def affiliation_url(source):
    return reverse("claims:source-affiliation", args=[source.pk])


def test_a_reviewer_sees_the_forms_and_an_editor_does_not(client, reviewer, editor, interfax):
    client.force_login(reviewer)
    html = client.get(interfax.get_absolute_url()).content.decode()
    assert 'id="alias-form"' in html and 'id="affiliation-form"' in html
    client.force_login(editor)
    html = client.get(interfax.get_absolute_url()).content.decode()
    assert 'id="alias-form"' not in html and 'id="affiliation-form"' not in html


def test_an_editor_can_do_neither(client, editor, interfax):
    client.force_login(editor)
    assert client.post(alias_url(interfax), {"alias": "Интерфакс"}).status_code == 403
    assert client.post(affiliation_url(interfax), {"affiliation": "Ukrainian military"}
                       ).status_code == 403
    assert not SourceAlias.objects.filter(source=interfax).exists()


def test_a_reviewer_adds_an_alias_kept_in_the_history(client, reviewer, interfax):
    client.force_login(reviewer)
    response = client.post(alias_url(interfax), {"alias": "  Интерфакс  "})
    assert response.status_code == 302
    assert list(SourceAlias.objects.names_of(interfax.pk)) == ["Интерфакс"]
    record = interfax.history.latest()
    assert record.history_user == reviewer
    assert "Интерфакс" in record.history_change_reason
    # And the page shows it, and the pickers find the source by it.
    assert "Интерфакс" in client.get(interfax.get_absolute_url()).content.decode()
    found = client.get(reverse("claims:source-picker", args=["relays"]),
                       {"relays_q": "Интерфакс"}, HTTP_HX_REQUEST="true")
    assert f'value="{interfax.pk}"' in found.content.decode()


@pytest.mark.parametrize("typed, message", [
    ("", "This field is required."),
    ("interfax", "Interfax’s own name"),
    ("x" * 201, "limited to 200 characters"),
])
def test_a_refused_alias_is_shown_beside_its_field_as_typed(client, reviewer, interfax, typed,
                                                            message):
    client.force_login(reviewer)
    response = client.post(alias_url(interfax), {"alias": typed})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_alias_error"' in html and message in html
    assert f'value="{typed}"' in html
    assert not SourceAlias.objects.filter(source=interfax).exists()


def test_the_same_alias_twice_is_refused(client, reviewer, interfax):
    client.force_login(reviewer)
    client.post(alias_url(interfax), {"alias": "Интерфакс"})
    response = client.post(alias_url(interfax), {"alias": "интерфакс"})
    assert response.status_code == 400 and "already known as" in response.content.decode()
    assert SourceAlias.objects.filter(source=interfax).count() == 1


def test_a_reviewer_sets_what_a_source_belongs_to_kept_in_the_history(client, reviewer, db,
                                                                      seed_without_body):
    person = Source.objects.get(name="Oleksiy Dmitrashkovsky")
    military = Source.objects.get(name="Ukrainian military")
    loaded = str(person.affiliation_id or "")
    client.force_login(reviewer)
    response = client.post(affiliation_url(person),
                           {"affiliation": "Government of Ukraine", "loaded": loaded})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.affiliation == Source.objects.get(name="Government of Ukraine")
    record = person.history.latest()
    assert record.history_user == reviewer
    assert record.history_change_reason == "Belongs to Government of Ukraine"
    # Emptied, it belongs to nobody.
    client.post(affiliation_url(person), {"affiliation": "", "loaded": person.affiliation_id})
    person.refresh_from_db()
    assert person.affiliation is None
    assert military.pk  # the organization itself is untouched
    assert Source.objects.filter(pk=military.pk).exists()


def test_an_affiliation_is_found_by_an_alias(client, admin_user, interfax):
    military = Source.objects.get(name="Ukrainian military")
    SourceAlias.objects.create(source=military, name="ЗСУ")
    client.force_login(admin_user)
    client.post(affiliation_url(interfax), {"affiliation": "ЗСУ", "loaded": ""})
    interfax.refresh_from_db()
    assert interfax.affiliation == military


@pytest.mark.parametrize("typed, message", [
    ("Nobody We Know", "No organization is called “Nobody We Know”"),
    ("Vasily Malayev", "No organization is called"),  # a person, not an organization
])
def test_a_refused_affiliation_is_shown_beside_its_field(client, reviewer, interfax, typed,
                                                         message):
    client.force_login(reviewer)
    response = client.post(affiliation_url(interfax), {"affiliation": typed, "loaded": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_affiliation_error"' in html and message in html
    assert f'value="{typed}"' in html
    interfax.refresh_from_db()
    assert interfax.affiliation is None


def test_an_organization_cannot_belong_to_itself(client, reviewer, seed_without_body):
    military = Source.objects.get(name="Ukrainian military")
    client.force_login(reviewer)
    response = client.post(affiliation_url(military),
                           {"affiliation": "Ukrainian military", "loaded": ""})
    assert response.status_code == 400 and "cannot belong to itself" in response.content.decode()


def test_a_change_made_meanwhile_is_not_overwritten_unseen(client, reviewer, interfax):
    client.force_login(reviewer)
    # Someone else made it belong to the government after this page was read.
    interfax.affiliation = Source.objects.get(name="Government of Russia")
    interfax.save()
    response = client.post(affiliation_url(interfax),
                           {"affiliation": "Ukrainian military", "loaded": ""})
    assert response.status_code == 400
    html = response.content.decode()
    assert "it now belongs to Government of Russia" in html
    interfax.refresh_from_db()
    assert interfax.affiliation.name == "Government of Russia"
    # Saved again, having seen it, it is theirs.
    loaded = str(interfax.affiliation_id)
    assert f'value="{loaded}"' in html
    client.post(affiliation_url(interfax), {"affiliation": "Ukrainian military",
                                            "loaded": loaded})
    interfax.refresh_from_db()
    assert interfax.affiliation.name == "Ukrainian military"
