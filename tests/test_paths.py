"""URLs reversed once per name and filled in: the same as reverse(), under any prefix."""

import pytest
from django.urls import reverse, set_script_prefix

from claims.paths import url


@pytest.mark.parametrize("name", ["claims:claim-detail", "claims:source-detail"])
@pytest.mark.parametrize("pk", [1, 42, 1_000_000])
def test_a_url_by_id_equals_reverse(name, pk):
    assert url(name, pk) == reverse(name, args=[pk])


def test_a_url_follows_the_script_prefix():
    try:
        set_script_prefix("/desk/")
        assert url("claims:claim-list") == "/desk/claims/" == reverse("claims:claim-list")
        assert url("claims:claim-detail", 3) == "/desk/claims/3/"
    finally:
        set_script_prefix("/")
    assert url("claims:claim-list") == "/claims/"
    assert url("claims:claim-detail", 3) == "/claims/3/"


def test_a_url_with_other_arguments_is_reversed():
    assert url("claims:filter-names", "speaker") == reverse("claims:filter-names", args=["speaker"])


@pytest.mark.django_db
def test_the_header_links_are_the_reversed_urls(client, admin_user):
    client.force_login(admin_user)
    html = client.get(reverse("claims:claim-list")).content.decode()
    header = html.split("<main>")[0]
    for name in ("claims:home", "claims:document-list", "claims:claim-list",
                 "claims:question-list", "claims:review-queue", "claims:source-list",
                 "admin:index", "logout"):
        assert f'href="{reverse(name)}"' in header or f'action="{reverse(name)}"' in header
    assert f'<a href="{reverse("claims:claim-list")}" aria-current="page">Claims</a>' in header
