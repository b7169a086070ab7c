"""The demo loader: the seed article's claims and links, with DOMAIN.md's values."""

from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import call_command

from accounts.models import User
from claims.demo import CLAIMS, LINKS, SEED_URL
from claims.models import Claim, ClaimLink, Document, Source

pytestmark = pytest.mark.django_db

MONDAY = date(2014, 8, 4)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in {"claims", "accounts", "auth"}
    }


def claim(seed, key) -> Claim:
    return seed[key]


def test_it_loads_the_document_and_its_sources(seed):
    document = Document.objects.get(url=SEED_URL)
    assert document.publisher.name == "The Moscow Times"
    assert document.published_at.date() == MONDAY
    outlets = set(Source.objects.filter(kind="outlet").values_list("name", flat=True))
    assert outlets == {"The Moscow Times", "Interfax", "RIA Novosti"}
    malayev = Source.objects.get(name="Vasily Malayev")
    assert malayev.kind == "person"
    assert malayev.affiliation.name == "FSB Border Service"
    assert Source.objects.get(name="Interfax").reliability == "B"


def test_it_loads_at_least_the_nine_claims(seed):
    assert Claim.objects.count() >= 9
    assert len(seed) == len(CLAIMS)


def test_the_438_claim(seed):
    c = claim(seed, "438")
    assert (c.quantity_low, c.quantity_high) == (Decimal(438), Decimal(438))
    assert c.quantity_low_inclusive and c.quantity_high_inclusive
    assert c.quantity_unit == "soldiers"
    assert (c.about_start, c.about_end, c.about_precision) == (MONDAY, MONDAY, "day")
    assert c.attribution_text() == "Vasily Malayev, via Interfax, via The Moscow Times"
    assert c.certainty == "asserted"


@pytest.mark.parametrize(
    "key, low, high, low_inclusive",
    [
        ("400", Decimal(400), None, False),
        ("180", Decimal(180), None, False),
        ("casualties", Decimal(1129), None, True),
        ("drills", Decimal(100), None, False),
    ],
)
def test_open_ended_quantities(seed, key, low, high, low_inclusive):
    c = claim(seed, key)
    assert (c.quantity_low, c.quantity_high, c.quantity_low_inclusive) == (
        low,
        high,
        low_inclusive,
    )


def test_180_came_via_ria_novosti(seed):
    assert claim(seed, "180").attribution_text() == (
        "Vasily Malayev, via RIA Novosti, via The Moscow Times"
    )


@pytest.mark.parametrize(
    "key, certainty", [("too-early", "withheld"), ("brigade", "hedged"), ("forced", "asserted")]
)
def test_certainty(seed, key, certainty):
    assert claim(seed, key).certainty == certainty


def test_drills_run_monday_through_friday(seed):
    c = claim(seed, "drills")
    assert (c.about_start, c.about_end) == (MONDAY, date(2014, 8, 8))


def test_casualties_since_april_is_open_ended(seed):
    c = claim(seed, "casualties")
    assert (c.about_start, c.about_end, c.about_precision) == (date(2014, 4, 1), None, "month")


@pytest.mark.parametrize(
    "first, second, kind, nature",
    [(first, second, kind, nature) for first, second, kind, nature, _ in LINKS],
)
def test_the_five_links(seed, first, second, kind, nature):
    link = ClaimLink.between(seed[first], seed[second])
    assert link is not None
    assert (link.kind, link.nature, link.status) == (kind, nature, "open")


def test_the_supports_link_is_not_a_conflict(seed):
    link = ClaimLink.between(seed["438"], seed["400"])
    assert link.kind == "supports"
    assert ClaimLink.objects.filter(kind="contradicts").count() == 4


def test_every_quote_is_anchored_in_the_article(seed, seed_body):
    for c in Claim.objects.all():
        assert c.quote_start is not None, c.quote
        window = seed_body[c.quote_start : c.quote_start + len(c.quote) + 5]
        assert " ".join(window.split()).startswith(" ".join(c.quote.split())), c.quote
        assert seed_body[: c.quote_start].endswith(c.quote_prefix)


def test_without_the_article_the_claims_load_unanchored(seed_without_body):
    assert Claim.objects.filter(quote_start__isnull=False).count() == 0
    assert Claim.objects.count() == len(CLAIMS)


def test_running_twice_leaves_the_same_rows(seed_body):
    from claims.demo import demo_load

    demo_load(body=seed_body)
    first = row_counts()
    history = Claim.history.count(), ClaimLink.history.count(), Source.history.count()
    demo_load(body=seed_body)
    assert row_counts() == first
    assert (Claim.history.count(), ClaimLink.history.count(), Source.history.count()) == history


def test_the_command_creates_one_user_per_role(capsys):
    call_command("load_demo", "--users")
    out = capsys.readouterr().out
    for role in ["editor", "reviewer", "admin"]:
        user = User.objects.get(username=role)
        assert user.role == role
        password = out.split(f"{role}")[-1].split("password")[1].split()[0]
        assert user.check_password(password)
    call_command("load_demo", "--users")
    assert User.objects.count() == 3


def test_starting_grades_are_recorded_with_a_reason(seed):
    interfax = Source.objects.get(name="Interfax")
    change = interfax.grade_changes.get()
    assert (change.from_grade, change.to_grade) == ("F", "B")
    assert change.reason
