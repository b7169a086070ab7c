"""Dependence: twenty outlets repeating one wire report are one confirmation, not twenty.

Two reports are the same evidence when
- they are linked as "repeats" (a link that was dismissed does not count), or
- they have the same speaker and the same quote once normalised (case,
  punctuation, quotation marks and spacing ignored), whatever relays carried
  them: Malayev's words via Interfax and via RIA Novosti are one statement.

Sameness is transitive: if B repeats A and C repeats B, all three count once.
Each group of reports that are the same evidence is one independent source.
A claim's evidence is itself, its repeats and the claims that support it; a
question's is every claim that answers it.
"""

from collections.abc import Iterable
from typing import NamedTuple

from django.db.models import CharField, Q, Value

from .anchors import normalise_quote  # noqa: F401 - what quote_key digests; tests use it
from .models import Claim, ClaimLink

# What the grouping reads of each claim: the normalised quote is stored as quote_key.
EVIDENCE_FIELDS = ("pk", "speaker_id", "quote_key")


class Evidence(NamedTuple):
    reports: int
    independent: int

    @property
    def text(self) -> str:
        reports = "1 report" if self.reports == 1 else f"{self.reports} reports"
        if self.independent == 1:
            sources = "1 independent source"
        else:
            sources = f"{self.independent} independent sources"
        return f"{reports}, {sources}"

    def __str__(self) -> str:
        return self.text


def _repeat_pairs(claim_ids: set[int]) -> list[tuple[int, int]]:
    if not claim_ids:
        return []
    return list(
        ClaimLink.objects.filter(
            kind=ClaimLink.Kind.REPEATS, first_id__in=claim_ids, second_id__in=claim_ids
        )
        .exclude(status=ClaimLink.Status.DISMISSED)
        .values_list("first_id", "second_id")
    )


def _roots(
    statements: Iterable[tuple[int, int, str]], pairs: Iterable[tuple[int, int]]
) -> dict[int, int]:
    """pk -> the pk standing for its group, from (pk, speaker_id, quote_key) rows and the
    "repeats" pairs among them: same speaker and same words, or linked, are one group."""
    parent: dict[int, int] = {}
    first_by_statement: dict[tuple[int, str], int] = {}

    def root(pk: int) -> int:
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    for pk, speaker_id, key in statements:
        if pk in parent:
            continue
        parent[pk] = pk
        if key:
            first = first_by_statement.setdefault((speaker_id, key), pk)
            if first != pk:
                parent[pk] = root(first)
    for a, b in pairs:
        if a in parent and b in parent:
            parent[root(a)] = root(b)
    return {pk: root(pk) for pk in parent}


def independent_groups(claims: Iterable[Claim]) -> list[list[Claim]]:
    """The claims grouped so that each group is one independent line of evidence.

    One query (the "repeats" links among these claims); the claims need only
    their pk, speaker_id and quote_key loaded.
    """
    claims = list({claim.pk: claim for claim in claims}.values())
    statements = [(claim.pk, claim.speaker_id, claim.quote_key) for claim in claims]
    roots = _roots(statements, _repeat_pairs({claim.pk for claim in claims}))
    groups: dict[int, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(roots[claim.pk], []).append(claim)
    return list(groups.values())


def evidence_summary(claims: Iterable[Claim]) -> Evidence:
    """(reports, independent) for these claims, with .text: "3 reports, 1 independent source"."""
    claims = list(claims)
    groups = independent_groups(claims)
    return Evidence(reports=len({claim.pk for claim in claims}), independent=len(groups))


def claim_family(claim: Claim) -> list[Claim]:
    """The claim and every report of the same evidence, followed transitively:
    its repeats, and the same speaker's same quote through any relay.

    The same words are found by the stored quote_key (index claim_same_quote_idx),
    not by reading every claim of the speaker: the busiest speaker has thousands.
    """
    family = {claim.pk: claim}
    frontier = [claim]
    while frontier:
        found: dict[int, Claim] = {}
        same_words = Q()
        for member in frontier:
            if member.quote_key:
                same_words |= Q(speaker_id=member.speaker_id, quote_key=member.quote_key)
        if same_words:
            siblings = Claim.objects.filter(same_words).exclude(pk__in=family)
            found.update({other.pk: other for other in siblings.only(*EVIDENCE_FIELDS)})
        ids = {member.pk for member in frontier}
        pairs = (
            ClaimLink.objects.filter(kind=ClaimLink.Kind.REPEATS)
            .filter(Q(first_id__in=ids) | Q(second_id__in=ids))
            .exclude(status=ClaimLink.Status.DISMISSED)
            .values_list("first_id", "second_id")
        )
        linked = {pk for pair in pairs for pk in pair} - set(family) - set(found)
        if linked:
            linked_claims = Claim.objects.filter(pk__in=linked).only(*EVIDENCE_FIELDS)
            found.update({other.pk: other for other in linked_claims})
        family.update(found)
        frontier = list(found.values())
    return list(family.values())


def claim_evidence(claim: Claim) -> Evidence:
    """How many reports back this claim, and how many of them are independent.

    The reports are the claim's family (see claim_family) and the claims linked
    to any of them as "supports"; a supporting claim that repeats another
    report still counts once.
    """
    family = claim_family(claim)
    ids = {member.pk for member in family}
    pairs = (
        ClaimLink.objects.filter(kind=ClaimLink.Kind.SUPPORTS)
        .filter(Q(first_id__in=ids) | Q(second_id__in=ids))
        .exclude(status=ClaimLink.Status.DISMISSED)
        .values_list("first_id", "second_id")
    )
    supporters = {pk for pair in pairs for pk in pair} - ids
    reports = family + list(Claim.objects.filter(pk__in=supporters).only(*EVIDENCE_FIELDS))
    return evidence_summary(reports)


def question_evidence(question) -> Evidence:
    """Reports and independent sources among the claims that answer a question.

    One query and no model instances (a question may have thousands of claims): its
    claims' (pk, speaker_id, quote_key) and, after them, the "repeats" links among them
    as (first_id, second_id, NULL), told apart by the NULL (quote_key is never NULL).
    """
    members = Claim.questions.through.objects.filter(question_id=question.pk)
    on_question = members.values("claim_id")
    statements = members.values_list("claim_id", "claim__speaker_id", "claim__quote_key")
    repeats = (
        ClaimLink.objects.filter(
            kind=ClaimLink.Kind.REPEATS, first_id__in=on_question, second_id__in=on_question
        )
        .exclude(status=ClaimLink.Status.DISMISSED)
        .order_by()
        .annotate(none=Value(None, output_field=CharField()))
        .values_list("first_id", "second_id", "none")
    )
    rows = list(statements.union(repeats, all=True))
    roots = _roots(
        (row for row in rows if row[2] is not None),
        ((a, b) for a, b, key in rows if key is None),
    )
    return Evidence(reports=len(roots), independent=len(set(roots.values())))
