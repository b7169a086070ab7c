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

from django.db import connection

from factdesk.batches import ID_BATCH, batches

from .anchors import normalise_quote  # noqa: F401 - what quote_key digests; tests use it
from .models import Claim, ClaimLink


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
    """The "repeats" links (not dismissed) among these claims, as (first_id, second_id):
    one query, each id sent twice; for more than ID_BATCH / 2 claims, one query per
    batch of their first claims, the second claims picked out here."""
    pairs: list[tuple[int, int]] = []
    for batch in batches(sorted(claim_ids), ID_BATCH // 2):
        links = ClaimLink.objects.filter(kind=ClaimLink.Kind.REPEATS, first_id__in=batch)
        if len(batch) == len(claim_ids):
            links = links.filter(second_id__in=batch)
        rows = (
            links.exclude(status=ClaimLink.Status.DISMISSED)
            .order_by()
            .values_list("first_id", "second_id")
        )
        pairs += [(a, b) for a, b in rows if b in claim_ids]
    return pairs


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


class Statement(NamedTuple):
    """What the grouping reads of a claim: who said it and its words, as quote_key."""

    pk: int
    speaker_id: int
    quote_key: str


SAME_WORDS = "same words"  # how a claim was reached that is not linked but says the same

# The claims at the other end of a "repeats" or "supports" link from the claims asked
# about, read either way round; then (when asked) the claims with the same words. Plain
# SQL, the same on SQLite and PostgreSQL: building this union with the ORM cost ten times
# what the database takes to answer it (about 1.2 ms of CPU against 0.1 ms).
_LINKED = """
    SELECT c.id, c.speaker_id, c.quote_key, l.kind, l.{near}
    FROM {link} l JOIN {claim} c ON c.id = l.{far}
    WHERE l.{near} IN ({ids}) AND l.kind IN (%s, %s) AND l.status <> %s"""
_SAME_WORDS = """
    SELECT id, speaker_id, quote_key, %s, NULL FROM {claim} WHERE {statements}"""


def _neighbours(ids: set[int], statements: set[tuple[int, str]]) -> list[tuple]:
    """One query (one per ID_BATCH / 2 ids or ID_BATCH / 4 statements for a family of
    more): the claims beside these in the evidence, as rows (pk, speaker_id,
    quote_key, how, from_id). They are the claims at the other end of a "repeats" or
    "supports" link from one of `ids` (a dismissed link does not count), how being the
    link's kind and from_id the claim of `ids` it links to, and the claims with one of
    `statements` (speaker_id, quote_key), how being SAME_WORDS and from_id None.

    The same words are looked up by the stored key (index claim_same_quote_idx), never
    by reading every claim of the speaker: the busiest speaker has thousands.
    """
    id_batches = list(batches(sorted(ids), ID_BATCH // 2))  # each id is sent twice
    statement_batches = list(batches(sorted(statements), ID_BATCH // 4))
    rows: list[tuple] = []
    for n in range(max(len(id_batches), len(statement_batches))):
        some_ids = id_batches[n] if n < len(id_batches) else []
        some_statements = statement_batches[n] if n < len(statement_batches) else []
        rows += _neighbours_query(some_ids, some_statements)
    return rows


def _neighbours_query(ids: list[int], statements: list[tuple[int, str]]) -> list[tuple]:
    """_neighbours for a batch of ids and one of statements (either may be empty)."""
    tables = {"link": ClaimLink._meta.db_table, "claim": Claim._meta.db_table}
    placeholders = ", ".join(["%s"] * len(ids))
    kinds = [ClaimLink.Kind.REPEATS.value, ClaimLink.Kind.SUPPORTS.value]
    dismissed = ClaimLink.Status.DISMISSED.value
    parts, params = [], []
    for near, far in (("first_id", "second_id"), ("second_id", "first_id")):
        if ids:
            parts.append(_LINKED.format(near=near, far=far, ids=placeholders, **tables))
            params += [*ids, *kinds, dismissed]
    if statements:
        where = " OR ".join(["(speaker_id = %s AND quote_key = %s)"] * len(statements))
        parts.append(_SAME_WORDS.format(statements=where, **tables))
        params += [SAME_WORDS, *(value for statement in statements for value in statement)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return cursor.fetchall()


def _claim_reports(
    claim: Claim,
) -> tuple[dict[int, Statement], dict[int, Statement], list[tuple[int, int]]]:
    """The claim's family and its supporters (pk -> Statement), and the "repeats" links
    within the family as (first_id, second_id) pairs: one query for each step away from
    the claim that finds more of its family, so usually one in all."""
    family = {claim.pk: Statement(claim.pk, claim.speaker_id, claim.quote_key)}
    supporters: dict[int, Statement] = {}
    repeats: list[tuple[int, int]] = []
    asked: set[tuple[int, str]] = set()
    frontier = list(family.values())
    while frontier:
        statements = {(s.speaker_id, s.quote_key) for s in frontier if s.quote_key} - asked
        asked |= statements
        found: dict[int, Statement] = {}
        for pk, speaker_id, key, how, origin in _neighbours(
            {s.pk for s in frontier}, statements
        ):
            if how == ClaimLink.Kind.SUPPORTS:
                supporters[pk] = Statement(pk, speaker_id, key)
                continue
            if how == ClaimLink.Kind.REPEATS:
                repeats.append((origin, pk))
            if pk not in family:
                found[pk] = Statement(pk, speaker_id, key)
        family.update(found)
        frontier = list(found.values())
    supporters = {pk: s for pk, s in supporters.items() if pk not in family}
    return family, supporters, repeats


def claim_family(claim: Claim) -> list[Statement]:
    """The claim and every report of the same evidence, followed transitively:
    its repeats, and the same speaker's same quote through any relay."""
    family, _, _ = _claim_reports(claim)
    return list(family.values())


def claim_evidence(claim: Claim) -> Evidence:
    """How many reports back this claim, and how many of them are independent.

    The reports are the claim's family (see claim_family) and the claims linked
    to any of them as "supports"; a supporting claim that repeats another
    report still counts once. The family's own "repeats" links are known from
    finding it; those among the supporters take one more query when there are two
    or more of them. A link from a supporter to a report of the family cannot be
    one: a claim that repeats a report is in the family.
    """
    family, supporters, repeats = _claim_reports(claim)
    if len(supporters) > 1:
        repeats += _repeat_pairs(set(supporters))
    roots = _roots([*family.values(), *supporters.values()], repeats)
    return Evidence(reports=len(roots), independent=len(set(roots.values())))


# A question's claims as (pk, speaker_id, quote_key), then the "repeats" links among them
# as (first_id, second_id, NULL), told apart by the NULL (quote_key is never NULL). Plain
# SQL for the reason _LINKED is: the ORM spent about 1 ms of CPU building this union.
_QUESTION_STATEMENTS = """
    SELECT m.{claim_col}, c.speaker_id, c.quote_key
    FROM {members} m JOIN {claim} c ON c.id = m.{claim_col}
    WHERE m.{question_col} = %s
    UNION ALL
    SELECT l.first_id, l.second_id, NULL
    FROM {link} l
    WHERE l.kind = %s AND l.status <> %s
      AND l.first_id IN (SELECT {claim_col} FROM {members} WHERE {question_col} = %s)
      AND l.second_id IN (SELECT {claim_col} FROM {members} WHERE {question_col} = %s)"""


def question_evidence(question) -> Evidence:
    """Reports and independent sources among the claims that answer a question.

    One query and no model instances (a question may have thousands of claims): its
    claims' statements and the "repeats" links among them (a dismissed one does not count).
    """
    members = Claim.questions.through._meta
    sql = _QUESTION_STATEMENTS.format(
        members=members.db_table,
        claim_col=members.get_field("claim").column,
        question_col=members.get_field("question").column,
        claim=Claim._meta.db_table,
        link=ClaimLink._meta.db_table,
    )
    pk = question.pk
    with connection.cursor() as cursor:
        cursor.execute(
            sql, [pk, ClaimLink.Kind.REPEATS.value, ClaimLink.Status.DISMISSED.value, pk, pk]
        )
        rows = cursor.fetchall()
    roots = _roots(
        # Rows with a quote key are statements (pk, speaker, key); without, "repeats" pairs.
        ((pk, speaker, key) for pk, speaker, key in rows if key is not None),
        ((a, b) for a, b, key in rows if key is None),
    )
    return Evidence(reports=len(roots), independent=len(set(roots.values())))
