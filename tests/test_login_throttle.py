"""Repeated failed logins lock one username from one address out for a while, and many from
one address under any usernames lock that address out (django-axes, accounts/lockout.py)."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from tests.test_settings import settings_value

pytestmark = pytest.mark.django_db


def fail(client, username="edna", ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": "wrong"}, REMOTE_ADDR=ip
    )


def login(client, username="edna", ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": "pw-" + username}, REMOTE_ADDR=ip
    )


def test_four_failures_are_refused_in_place_and_the_right_password_still_works(client, editor):
    for _ in range(4):
        response = fail(client)
        assert response.status_code == 200
        assert "enter a correct username and password" in response.content.decode()
    response = login(client)
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_the_fifth_failure_locks_the_user_out_with_a_clear_message(client, editor):
    for _ in range(4):
        fail(client)
    response = fail(client)
    assert response.status_code == 429
    html = response.content.decode()
    assert "Too many failed logins" in html
    assert "edna" in html
    assert "after 5 failed attempts" in html
    assert "15" in html and "minutes" in html
    assert "registration/locked.html" in [t.name for t in response.templates]


def test_a_locked_out_user_cannot_log_in_even_with_the_right_password(client, editor):
    for _ in range(5):
        fail(client)
    response = login(client)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("claims:home")).status_code == 302


def test_the_lock_is_per_username_and_address(client, editor, reviewer):
    for _ in range(5):
        fail(client)
    # The same address may still log in as another user...
    assert login(client, username="rex").status_code == 302
    client.logout()
    # ...and the same user from another address.
    assert login(client, ip="10.0.0.2").status_code == 302


def spray(client, count: int, ip="10.0.0.1") -> list[int]:
    """One password tried on `count` usernames from one address."""
    return [fail(client, username=f"user{n}", ip=ip).status_code for n in range(count)]


def test_one_password_tried_on_many_usernames_locks_the_address_out(client, editor):
    # No username fails twice, so no pair is ever locked: the address's count is.
    assert spray(client, 19) == [200] * 19
    assert spray(client, 1) == [429]
    # Now no one logs in from that address, not even with the right password...
    assert login(client).status_code == 429
    assert "_auth_user_id" not in client.session
    # ...while from another address they do.
    assert login(client, ip="10.0.0.2").status_code == 302


def test_logging_in_to_ones_own_account_does_not_clear_what_the_address_tried(
    client, editor
):
    spray(client, 19)
    assert login(client).status_code == 302
    client.logout()
    assert fail(client, username="someone-else").status_code == 429


def test_the_lock_ends_after_the_cool_off(client, editor):
    for _ in range(5):
        fail(client)
    assert login(client).status_code == 429
    attempt = AccessAttempt.objects.get()
    AccessAttempt.objects.update(attempt_time=attempt.attempt_time - timedelta(minutes=16))
    assert login(client).status_code == 302


def test_a_success_resets_the_failure_count(client, editor):
    for _ in range(4):
        fail(client)
    assert login(client).status_code == 302
    client.logout()
    for _ in range(4):
        assert fail(client).status_code == 200
    assert login(client).status_code == 302


def test_the_admin_login_is_throttled_too(client, admin_user):
    url = reverse("admin:login")
    for _ in range(5):
        response = client.post(
            url, {"username": "ada", "password": "wrong"}, REMOTE_ADDR="10.9.9.9"
        )
    assert response.status_code == 429


def test_limits_and_cool_off_come_from_the_environment():
    names = (
        "settings.AXES_FAILURE_LIMIT, settings.AXES_ADDRESS_FAILURE_LIMIT,"
        " settings.AXES_COOLOFF_TIME.total_seconds()"
    )
    value = settings_value(
        names,
        AXES_FAILURE_LIMIT="3",
        AXES_ADDRESS_FAILURE_LIMIT="50",
        AXES_COOLOFF_MINUTES="60",
        DEBUG="1",
    )
    assert value == "3 50 3600.0"
    assert settings_value(names, DEBUG="1") == "5 20 900.0"
