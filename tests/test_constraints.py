"""Every database constraint, violated once: each must raise IntegrityError."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import IntegrityError, transaction

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

WHEN = datetime(2014, 8, 4, 12, tzinfo=ZoneInfo("UTC"))


@pytest.fixture
def speaker():
    return Source.objects.create(name="Vasily Malayev", kind="person")


@pytest.fixture
def document():
    return Document.objects.create(title="Report", published_at=WHEN, url="https://example.org/a")


@pytest.fixture
def claim(document, speaker):
    return Claim.objects.create(document=document, speaker=speaker, statement="438 crossed")


@pytest.fixture
def other_claim(document, speaker):
    return Claim.objects.create(document=document, speaker=speaker, statement="Too early")


def violates(create):
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_source_grade_must_be_on_the_admiralty_scale():
    violates(lambda: Source.objects.create(name="X", kind="outlet", reliability="G"))


def test_source_kind_must_be_known():
    violates(lambda: Source.objects.create(name="X", kind="robot"))


def test_source_cannot_belong_to_itself(speaker):
    speaker.affiliation_id = speaker.pk
    violates(lambda: speaker.save())


def test_grade_change_grades_must_be_on_the_scale(speaker):
    violates(
        lambda: GradeChange.objects.create(
            source=speaker, from_grade="F", to_grade="Z", reason="typo"
        )
    )


def test_grade_change_needs_a_reason(speaker):
    violates(
        lambda: GradeChange.objects.create(source=speaker, from_grade="F", to_grade="B", reason="")
    )


def test_two_sources_of_one_kind_never_share_a_name_whatever_its_case(speaker):
    violates(lambda: Source.objects.create(name="Vasily Malayev", kind="person"))
    violates(lambda: Source.objects.create(name="VASILY malayev", kind="person"))
    # Another kind may carry the name: an outlet named after its founder.
    Source.objects.create(name="Vasily Malayev", kind="outlet")


def test_alias_is_unique_per_source(speaker):
    SourceAlias.objects.create(source=speaker, name="V. Malayev")
    violates(lambda: SourceAlias.objects.create(source=speaker, name="V. Malayev"))


def test_document_url_is_unique_when_given(document):
    violates(
        lambda: Document.objects.create(title="Copy", published_at=WHEN, url=document.url)
    )


def test_documents_without_url_do_not_clash():
    Document.objects.create(title="One", published_at=WHEN, url="")
    Document.objects.create(title="Two", published_at=WHEN)
    assert Document.objects.filter(url__isnull=True).count() == 2


def test_document_url_is_never_an_empty_string():
    violates(
        lambda: Document.objects.bulk_create([Document(title="X", published_at=WHEN, url="")])
    )


def test_claim_statement_is_required(document, speaker):
    violates(lambda: Claim.objects.create(document=document, speaker=speaker, statement=""))


@pytest.mark.parametrize("credibility", [0, 7])
def test_claim_credibility_is_1_to_6(document, speaker, credibility):
    violates(
        lambda: Claim.objects.create(
            document=document, speaker=speaker, statement="s", credibility=credibility
        )
    )


def test_claim_certainty_must_be_known(document, speaker):
    violates(
        lambda: Claim.objects.create(
            document=document, speaker=speaker, statement="s", certainty="sure"
        )
    )


def test_claim_status_must_be_known(document, speaker):
    violates(
        lambda: Claim.objects.create(
            document=document, speaker=speaker, statement="s", status="deleted"
        )
    )


def test_claim_quantity_low_not_above_high(document, speaker):
    violates(
        lambda: Claim.objects.create(
            document=document,
            speaker=speaker,
            statement="s",
            quantity_low=Decimal(150),
            quantity_high=Decimal(100),
        )
    )


def test_claim_open_quantity_is_allowed(document, speaker):
    claim = Claim.objects.create(
        document=document, speaker=speaker, statement="s", quantity_low=Decimal(400)
    )
    assert claim.quantity_high is None


@pytest.mark.parametrize("prefix", ["said", "about"])
def test_claim_time_start_not_after_end(document, speaker, prefix):
    violates(
        lambda: Claim.objects.create(
            document=document,
            speaker=speaker,
            statement="s",
            **{f"{prefix}_start": date(2014, 8, 8), f"{prefix}_end": date(2014, 8, 4)},
        )
    )


def test_relay_position_is_unique_per_claim(claim):
    first, second = Source.objects.create(name="A", kind="outlet"), Source.objects.create(
        name="B", kind="outlet"
    )
    ClaimRelay.objects.create(claim=claim, source=first, position=1)
    violates(lambda: ClaimRelay.objects.create(claim=claim, source=second, position=1))


def test_relay_source_appears_once_per_claim(claim):
    outlet = Source.objects.create(name="Interfax", kind="outlet")
    ClaimRelay.objects.create(claim=claim, source=outlet, position=1)
    violates(lambda: ClaimRelay.objects.create(claim=claim, source=outlet, position=2))


def test_a_claim_is_never_linked_to_itself(claim):
    violates(lambda: ClaimLink.objects.create(first=claim, second=claim, kind="supports"))


@pytest.mark.parametrize("reverse", [False, True])
def test_one_link_per_pair_in_either_order(claim, other_claim, reverse):
    ClaimLink.objects.create(first=claim, second=other_claim, kind="contradicts", nature="numeric")
    first, second = (other_claim, claim) if reverse else (claim, other_claim)
    violates(lambda: ClaimLink.objects.create(first=first, second=second, kind="supports"))


def test_link_kind_must_be_known(claim, other_claim):
    violates(lambda: ClaimLink.objects.create(first=claim, second=other_claim, kind="likes"))


def test_only_a_contradiction_has_a_nature(claim, other_claim):
    violates(
        lambda: ClaimLink.objects.create(
            first=claim, second=other_claim, kind="supports", nature="numeric"
        )
    )


def test_contradiction_nature_must_be_known(claim, other_claim):
    violates(
        lambda: ClaimLink.objects.create(
            first=claim, second=other_claim, kind="contradicts", nature="vibes"
        )
    )


def test_link_status_must_be_known(claim, other_claim):
    violates(
        lambda: ClaimLink.objects.create(
            first=claim, second=other_claim, kind="supports", status="closed"
        )
    )


def test_resolved_link_needs_an_outcome(claim, other_claim):
    violates(
        lambda: ClaimLink.objects.create(
            first=claim, second=other_claim, kind="contradicts", status="resolved"
        )
    )


def test_open_link_has_no_outcome(claim, other_claim):
    violates(
        lambda: ClaimLink.objects.create(
            first=claim, second=other_claim, kind="contradicts", outcome="first_upheld"
        )
    )


def test_between_finds_a_link_in_either_order(claim, other_claim):
    link = ClaimLink.objects.create(first=claim, second=other_claim, kind="supports")
    assert ClaimLink.between(other_claim, claim) == link
    assert ClaimLink.between(claim, other_claim) == link
