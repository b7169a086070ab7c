"""The synthetic desk generator: counts in proportion, and every rule of the models kept."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q
from django.db.models.functions import Greatest, Least

from claims.models import (
    Claim,
    ClaimLink,
    ClaimRelay,
    Document,
    GradeChange,
    Question,
    Source,
)
from claims.synthetic import Plan

CLAIMS = 2000


def generate(**options) -> str:
    out = StringIO()
    call_command("generate_desk", claims=CLAIMS, quiet=True, stdout=out, **options)
    return out.getvalue()


@pytest.fixture
def desk(db):
    generate()
    return Plan.for_claims(CLAIMS)


def test_the_plan_scales_every_count_with_the_claims():
    million = Plan.for_claims(1_000_000)
    assert (million.sources, million.documents, million.questions, million.links) == (
        50_000,
        20_000,
        5_000,
        200_000,
    )
    small = Plan.for_claims(20_000)
    assert (small.sources, small.documents, small.questions, small.links) == (1000, 400, 100, 4000)


def test_it_writes_the_planned_number_of_each_row(desk):
    assert Claim.objects.count() == CLAIMS
    assert Source.objects.count() == desk.sources
    assert Document.objects.count() == desk.documents
    assert Question.objects.count() == desk.questions
    assert ClaimLink.objects.count() == desk.links


def test_the_foreign_keys_hold(desk):
    # Foreign keys are checked at commit; a test never commits, so check them now.
    connection.check_constraints()


def test_sources_mix_kinds_affiliations_and_grades_with_their_changes_kept(desk):
    kinds = Counter(Source.objects.values_list("kind", flat=True))
    assert set(kinds) == {"person", "organization", "outlet"}
    assert kinds["person"] > kinds["organization"] > kinds["outlet"] > 0
    assert set(Source.objects.values_list("reliability", flat=True)) == set("ABCDEF")
    graded = Source.objects.exclude(reliability="F").count()
    assert GradeChange.objects.count() >= graded * 0.9
    # The last change of each graded source ends on its current grade.
    for source in Source.objects.exclude(reliability="F")[:50]:
        assert source.grade_changes.first().to_grade == source.reliability
    affiliated = Source.objects.filter(affiliation__isnull=False)
    assert affiliated.exists()
    assert not affiliated.exclude(affiliation__kind="organization").exists()
    assert not Source.objects.filter(affiliation=F("pk")).exists()


def test_documents_are_published_by_outlets_and_some_carry_their_body(desk):
    assert not Document.objects.filter(publisher__isnull=False).exclude(
        publisher__kind="outlet"
    ).exists()
    with_body = Document.objects.exclude(body="").count()
    assert 0 < with_body < desk.documents
    urls = list(Document.objects.exclude(url=None).values_list("url", flat=True))
    assert len(urls) == len(set(urls))
    first = Document.objects.order_by("published_at").first().published_at
    last = Document.objects.order_by("-published_at").first().published_at
    assert 300 < (last - first).days <= 730


def test_every_quote_is_found_where_its_anchor_says(desk):
    anchored = Claim.objects.exclude(document__body="").select_related("document")
    assert anchored.count() > 0
    for claim in anchored:
        body = claim.document.body
        start = claim.quote_start
        assert body[start : start + len(claim.quote)] == claim.quote
        assert body[:start].endswith(claim.quote_prefix)
        assert body[start + len(claim.quote) :].startswith(claim.quote_suffix)
    assert not Claim.objects.filter(document__body="", quote_start__isnull=False).exists()


def test_claims_keep_quantities_dates_and_certainty_consistent(desk):
    claims = Claim.objects.all()
    assert not claims.filter(quantity_low__gt=F("quantity_high")).exists()
    assert not claims.filter(said_start__gt=F("said_end")).exists()
    assert not claims.filter(about_start__gt=F("about_end")).exists()
    assert not claims.filter(created_at__lt=F("document__published_at")).exists()
    numeric = claims.filter(Q(quantity_low__isnull=False) | Q(quantity_high__isnull=False))
    assert CLAIMS * 0.4 < numeric.count() < CLAIMS * 0.9
    assert not numeric.filter(quantity_unit="").exists()
    certainty = Counter(claims.values_list("certainty", flat=True))
    assert certainty["asserted"] > certainty["hedged"] > 0
    assert certainty["withheld"] > 0
    assert not claims.filter(certainty="withheld", quantity_low__isnull=False).exists()
    assert set(claims.values_list("status", flat=True)) >= {"open", "disputed", "upheld"}


def test_claims_have_zero_to_two_relays_that_are_outlets(desk):
    per_claim = Counter(ClaimRelay.objects.values_list("claim_id", flat=True))
    assert max(per_claim.values()) == 2
    assert 0.5 * CLAIMS < sum(per_claim.values()) < 1.3 * CLAIMS
    assert CLAIMS - len(per_claim) > 0.15 * CLAIMS  # some claims have no relay
    assert not ClaimRelay.objects.exclude(source__kind="outlet").exists()
    assert not ClaimRelay.objects.filter(source=F("claim__speaker")).exists()
    claim = Claim.objects.annotate(n=Count("relay_links")).filter(n=2).first()
    assert len(claim.attribution_chain()) == 3


def test_part_of_the_claims_belong_to_questions(desk):
    members = Claim.objects.filter(questions__isnull=False).distinct().count()
    assert 0.2 * CLAIMS < members < 0.5 * CLAIMS
    assert Question.objects.filter(claims__isnull=False).distinct().count() > desk.questions / 2


def test_links_are_never_self_never_doubled_and_resolved_ones_have_outcomes(desk):
    links = ClaimLink.objects.all()
    assert not links.filter(first=F("second")).exists()
    pairs = links.values(low=Least("first", "second"), high=Greatest("first", "second"))
    assert pairs.annotate(n=Count("id")).filter(n__gt=1).count() == 0
    assert len({(p["low"], p["high"]) for p in pairs}) == desk.links
    assert set(links.values_list("kind", flat=True)) == {
        "contradicts",
        "supports",
        "qualifies",
        "repeats",
    }
    assert not links.exclude(kind="contradicts").exclude(nature="").exists()
    assert links.filter(kind="contradicts").exclude(nature="").exists()
    assert not links.filter(status="resolved", outcome="").exists()
    assert not links.exclude(status="resolved").exclude(outcome="").exists()
    assert not links.filter(status="resolved", resolved_at__isnull=True).exists()
    assert not links.filter(created_at__lt=F("first__created_at")).exists()
    assert not links.filter(created_at__lt=F("second__created_at")).exists()
    share_resolved = links.filter(status="resolved").count() / desk.links
    assert 0.2 < share_resolved < 0.5


def test_a_resolved_contradiction_decides_its_claims_status(desk):
    link = ClaimLink.objects.filter(
        kind="contradicts", status="resolved", outcome="first_upheld"
    ).last()
    statuses = {link.first.status, link.second.status}
    # A later link may decide a claim again; at least one side shows a verdict.
    assert statuses & {"upheld", "refuted"}


def test_new_rows_after_generation_get_fresh_ids(desk):
    top = Claim.objects.order_by("-pk").first()
    claim = Claim.objects.create(
        document=top.document, speaker=top.speaker, statement="A claim typed by hand."
    )
    assert claim.pk > top.pk


def test_it_refuses_a_desk_that_holds_rows_unless_forced(desk):
    with pytest.raises(CommandError, match="--force"):
        generate()
    generate(force=True, seed=7)
    assert Claim.objects.count() == 2 * CLAIMS
    connection.check_constraints()


def test_the_same_seed_gives_the_same_desk(db):
    call_command("generate_desk", claims=60, quiet=True, stdout=StringIO())
    first = list(Claim.objects.order_by("pk").values_list("statement", "speaker_id"))
    Claim.objects.all().delete()
    ClaimLink.objects.all().delete()
    Document.objects.all().delete()
    Question.objects.all().delete()
    GradeChange.objects.all().delete()
    Source.objects.update(affiliation=None)
    Source.objects.all().delete()
    call_command("generate_desk", claims=60, quiet=True, stdout=StringIO())
    again = list(Claim.objects.order_by("pk").values_list("statement", "speaker_id"))
    offset = again[0][1] - first[0][1]  # the ids moved on; the desk did not
    assert [s for s, _ in again] == [s for s, _ in first]
    assert [pk - offset for _, pk in again] == [pk for _, pk in first]


@pytest.mark.skipif(
    connection.vendor == "postgresql", reason="the row-by-row path is the non-PostgreSQL one"
)
def test_a_million_claims_need_postgresql(db):
    with pytest.raises(CommandError, match="PostgreSQL"):
        call_command("generate_desk", claims=1_000_000, quiet=True, stdout=StringIO())


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_a_desk_generated_outside_a_transaction_is_vacuumed():
    call_command("generate_desk", claims=60, quiet=True, stdout=StringIO())
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relallvisible, reltuples FROM pg_class WHERE oid = 'claims_claim'::regclass"
        )
        visible_pages, rows = cursor.fetchone()
    # ANALYZE alone leaves the visibility map empty (relallvisible 0); VACUUM fills it.
    assert visible_pages > 0
    assert rows == Claim.objects.count()


def test_no_two_sources_of_one_kind_share_a_name(desk):
    names = Counter(
        (kind, name.lower()) for kind, name in Source.objects.values_list("kind", "name")
    )
    assert names and max(names.values()) == 1
    # The generator's names repeat at this size: the repeats are numbered, not dropped.
    assert Source.objects.filter(name__endswith=" (2)").exists()


def test_a_desk_generated_beside_the_demo_desk_keeps_one_source_per_name(seed_without_body):
    generate(force=True)
    names = Counter(
        (kind, name.lower()) for kind, name in Source.objects.values_list("kind", "name")
    )
    assert max(names.values()) == 1
