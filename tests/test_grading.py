import pytest
from django.urls import reverse

from claims.models import GradeChange, Source

pytestmark = pytest.mark.django_db


@pytest.fixture
def interfax(seed_without_body) -> Source:
    return Source.objects.get(name="Interfax")


def grade_url(source: Source) -> str:
    return reverse("claims:source-grade", args=[source.pk])


def test_anonymous_visitors_are_sent_to_login(client, interfax):
    response = client.post(grade_url(interfax), {"grade": "C", "reason": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login") + "?next=")
    interfax.refresh_from_db()
    assert interfax.reliability == "B"


@pytest.mark.parametrize("role", ["editor", "reviewer", "outsider"])
def test_only_admins_may_grade_a_source(client, request, interfax, role):
    client.force_login(request.getfixturevalue(role))
    response = client.post(grade_url(interfax), {"grade": "C", "reason": "Looks worse."})
    assert response.status_code == 403
    interfax.refresh_from_db()
    assert interfax.reliability == "B"
    assert interfax.grade_changes.count() == 1


def test_grading_needs_a_post(client, admin_user, interfax):
    client.force_login(admin_user)
    assert client.get(grade_url(interfax)).status_code == 405


def test_an_admin_regrades_in_place_with_htmx(client, admin_user, interfax):
    client.force_login(admin_user)
    response = client.post(
        grade_url(interfax),
        {"grade": "C", "reason": "  Two  corrections this month. "},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="grade-panel"')
    assert "<html" not in html
    assert "Interfax is now graded C (was B)." in html
    assert "starting belief from grade C" in html
    assert "Two corrections this month." in html
    assert "sourceGraded" in response["HX-Trigger"]
    interfax.refresh_from_db()
    assert interfax.reliability == "C"
    change = interfax.grade_changes.first()
    assert (change.from_grade, change.to_grade, change.changed_by) == ("B", "C", admin_user)
    assert change.reason == "Two corrections this month."


def test_without_javascript_grading_redirects_to_the_source_page(client, admin_user, interfax):
    client.force_login(admin_user)
    response = client.post(
        grade_url(interfax), {"grade": "A", "reason": "Verified over a year."}, follow=True
    )
    assert response.redirect_chain == [(interfax.get_absolute_url(), 302)]
    assert "Interfax is now graded A (was B)." in response.content.decode()
    interfax.refresh_from_db()
    assert interfax.reliability == "A"


def test_a_reason_is_required_and_nothing_typed_is_lost(client, admin_user, interfax):
    client.force_login(admin_user)
    response = client.post(
        grade_url(interfax), {"grade": "D", "reason": "   "}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html or "Give a reason" in html
    assert '<option value="D" selected>' in html
    interfax.refresh_from_db()
    assert interfax.reliability == "B"
    assert GradeChange.objects.filter(source=interfax).count() == 1


def test_the_same_grade_again_is_refused_beside_the_field(client, admin_user, interfax):
    client.force_login(admin_user)
    response = client.post(
        grade_url(interfax), {"grade": "B", "reason": "Still fine."}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "Interfax is already graded B; choose another grade." in html
    assert "Still fine." in html
    assert GradeChange.objects.filter(source=interfax).count() == 1


def test_an_unknown_grade_is_refused(client, admin_user, interfax):
    client.force_login(admin_user)
    response = client.post(grade_url(interfax), {"grade": "Z", "reason": "Why not."})
    assert response.status_code == 302
    interfax.refresh_from_db()
    assert interfax.reliability == "B"
    page = client.get(interfax.get_absolute_url()).content.decode()
    assert "The grade was not changed" in page


def test_a_new_grade_moves_the_starting_belief(client, admin_user, interfax):
    client.force_login(admin_user)
    before = interfax.track_record.estimate
    client.post(grade_url(interfax), {"grade": "E", "reason": "Fabricated quotes."})
    interfax.refresh_from_db()
    assert interfax.track_record.estimate < before
    assert interfax.track_record.explanation.endswith("grade E")


def test_an_unknown_source_is_not_found(client, admin_user, db):
    client.force_login(admin_user)
    response = client.post(reverse("claims:source-grade", args=[999]), {"grade": "C"})
    assert response.status_code == 404
