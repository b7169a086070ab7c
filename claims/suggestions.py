"""Which claims most likely compete with a given one.

Two ways in:

* claims on one of the same questions;
* claims about an overlapping time (or a time not given on either side) whose
  statement reads alike.

How alike two statements read is their trigram similarity on PostgreSQL when the
pg_trgm extension is installed. At a million claims it is computed only for a
pool of claims near the claim: some of its own document, then the claims nearest
in time on either side of it (placed by the time they are about, else the time
they were said; the claim itself, else by the time it was logged), read by
walking claim_time_idx a short way each side (_TRIGRAM_SQL). Elsewhere it is the
share of content words the two statements have in common, computed here over the
CANDIDATE_LIMIT most recently logged claims about an overlapping time.

Each suggestion carries what ``compare.compare`` says of the pair, so the desk
can flag "438" against "too early to confirm" before anyone links them. The
claim itself and claims already linked to it are never suggested.
"""

from __future__ import annotations

import bisect
import functools
import re
from dataclasses import dataclass, field
from datetime import UTC
from typing import NamedTuple

from django.db import connection
from django.db.models import Q
from django.shortcuts import get_object_or_404

from .compare import Verdict, compare_with
from .models import Claim, ClaimLink, Source

# What compare() reads of a claim (claims/compare.py _Side.of).
COMPARED = (
    "quantity_low", "quantity_high", "quantity_low_inclusive", "quantity_high_inclusive",
    "quantity_unit", "certainty", "about_start", "about_end",
)
# What suggest_competitors reads of the claim it is given.
SUGGESTED_FOR = ("statement", "document", "said_start", "created_at", *COMPARED)
# How alike two statements must read to be suggested on wording alone.
TRIGRAM_THRESHOLD = 0.3
WORD_THRESHOLD = 0.25
# How many recent claims the Python fallback reads at most.
CANDIDATE_LIMIT = 300
# On PostgreSQL: how many claims are ranked by trigram similarity (see _TRIGRAM_SQL): at most
# this many of the claim's document, and this many on each side of the claim's time.
SAME_DOCUMENT_POOL = 40
NEAREST_POOL = 80

STOPWORDS = frozenset(
    """a all also an and any are as at be been but by can could did do does for from had has
    have he her his how in into is it its many more most no not of on or our said say says
    she should so than that the their them there they this to was we were what when which
    who why will with would""".split()
)
_WORD = re.compile(r"[^\W_]+")


@dataclass
class Suggestion:
    claim: Claim
    verdict: Verdict
    similarity: float = 0.0
    reasons: list[str] = field(default_factory=list)

    @property
    def score(self) -> float:
        return _score("same question" in self.reasons, self.verdict.is_conflict, self.similarity)


def _score(same_question: bool, conflict: bool, similarity: float) -> float:
    """How likely a claim competes: a shared question counts 1, a conflict 0.5, and the
    similarity of the wording (0 to 1) is added."""
    return (1.0 if same_question else 0.0) + (0.5 if conflict else 0.0) + similarity


def words(text: str) -> set[str]:
    """Content words of a statement in a rough singular form."""
    out = set()
    for word in _WORD.findall(text.lower()):
        if word in STOPWORDS or len(word) < 2:
            continue
        if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        out.add(word)
    return out


def word_similarity(a: str, b: str) -> float:
    """Jaccard overlap of two statements' content words, 0 to 1."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


_trigram_cache: dict[str, bool] = {}


def trigram_available() -> bool:
    """Whether this database can rank by trigram similarity (asked once per database)."""
    if connection.vendor != "postgresql":
        return False
    key = connection.settings_dict["NAME"]
    if key not in _trigram_cache:
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm')")
            _trigram_cache[key] = bool(cursor.fetchone()[0])
    return _trigram_cache[key]


def claim_to_suggest_or_404(pk: int) -> Claim:
    """The claim as suggest_competitors reads it (SUGGESTED_FOR), else Http404."""
    return get_object_or_404(Claim.objects.only(*SUGGESTED_FOR), pk=pk)


def _unlinked(claim: Claim, field: str = "pk") -> Q:
    """Neither the claim itself nor a claim linked to it, as subqueries: the ids are never
    read back and sent again."""
    links = ClaimLink.objects.order_by()
    return ~(
        Q(**{field: claim.pk})
        | Q(**{f"{field}__in": links.filter(first_id=claim.pk).values("second_id")})
        | Q(**{f"{field}__in": links.filter(second_id=claim.pk).values("first_id")})
    )


def _same_question(claim: Claim):
    """Memberships of other, unlinked claims on one of the claim's questions."""
    memberships = Claim.questions.through.objects
    return (
        memberships.filter(question__in=memberships.filter(claim_id=claim.pk).values("question"))
        .filter(_unlinked(claim, "claim_id"))
        .order_by()
    )


def _display(qs):
    """What a suggestion or a search result shows: the statement and the speaker's name."""
    return qs.select_related("speaker").only("statement", *COMPARED, "speaker__name")


def _time_overlaps(claim: Claim) -> Q:
    """Claims about a time that overlaps the claim's, or with no time given."""
    if claim.about_start is None:
        return Q()
    end = claim.about_end
    starts_in_time = Q() if end is None else Q(about_start__lte=end)
    ends_in_time = Q(about_end__isnull=True) | Q(about_end__gte=claim.about_start)
    return Q(about_start__isnull=True) | (starts_in_time & ends_in_time)


# What a suggestion reads of each candidate (besides its pk and its speaker's name): what it
# shows and what compare() reads. Candidates are read as values and scored as such; only
# the `limit` kept become Claim instances.
SHOWN = ("statement", "speaker", *COMPARED)


class Candidate(NamedTuple):
    """What is read of a claim that may be suggested: its speaker's name, then SHOWN (by
    attname), the names compare() reads."""

    speaker_name: str
    statement: str
    speaker_id: int
    quantity_low: object
    quantity_high: object
    quantity_low_inclusive: bool
    quantity_high_inclusive: bool
    quantity_unit: str
    certainty: str
    about_start: object
    about_end: object


_Rows = dict[int, Candidate]  # pk -> what is read of it


# The PostgreSQL statement behind _candidates_trigram, in four steps:
# - linked: the claim itself and the claims linked to it, never suggested;
# - pool: the claims worth ranking, about a time that overlaps the claim's (as
#   _time_overlaps), each part read by an index a short way:
#   * up to SAME_DOCUMENT_POOL claims of the claim's document, in the order they are quoted;
#   * the NEAREST_POOL claims nearest in time before the claim's time, and those after it
#     (up to the end of the time it is about, if it has one), as claim_time_idx
#     (migration 0008) orders claims: by the time a claim is about, else by the time it was
#     said. Claims with neither are only found in the same document.
# - scored: the similarity of each, computed once per claim of the pool;
# - the `limit` most alike, then the claims on one of the same questions (similarity
#   NULL), joined to what is shown of them.
_TRIGRAM_SQL = """
WITH linked AS MATERIALIZED (
    SELECT second_id AS id FROM {link} WHERE first_id = %(pk)s
    UNION ALL SELECT first_id FROM {link} WHERE second_id = %(pk)s
    UNION ALL SELECT %(pk)s
), pool AS (
    (SELECT c.id, c.statement FROM {claim} c
     WHERE c.document_id = %(document)s AND {overlaps} AND c.id NOT IN (SELECT id FROM linked)
     ORDER BY c.quote_start LIMIT %(same_document)s)
    UNION
    (SELECT c.id, c.statement FROM {claim} c
     WHERE {time} <= %(time)s{ends_after} AND c.id NOT IN (SELECT id FROM linked)
     ORDER BY {time} DESC LIMIT %(nearest)s)
    UNION
    (SELECT c.id, c.statement FROM {claim} c
     WHERE {time} > %(time)s{starts_before} AND c.id NOT IN (SELECT id FROM linked)
     ORDER BY {time} LIMIT %(nearest)s)
), scored AS MATERIALIZED (
    SELECT id, similarity(statement, %(statement)s) AS similarity FROM pool
)
SELECT cand.id, cand.similarity, s.name, {shown} FROM (
    (SELECT id, similarity FROM scored WHERE similarity >= %(threshold)s
     ORDER BY similarity DESC, id LIMIT %(limit)s)
    UNION ALL
    SELECT m.claim_id, NULL FROM {membership} m
    WHERE m.question_id IN (SELECT question_id FROM {membership} WHERE claim_id = %(pk)s)
    AND m.claim_id NOT IN (SELECT id FROM linked)
) AS cand
JOIN {claim} c ON c.id = cand.id
JOIN {source} s ON s.id = c.speaker_id
"""
# claim_time_idx's two columns: where a claim sits in time, and when the time it is about
# ends: the last date there is when it has no end or is about no time (an end without a
# start, which the claim form refuses, would count as that end).
_TIME = "COALESCE(c.about_start, c.said_start)"
_TIME_END = "COALESCE(c.about_end, DATE '9999-12-31')"
_trigram_sql: dict[tuple[bool, bool], str] = {}


def _trigram_statement(claim: Claim) -> str:
    """_TRIGRAM_SQL for a claim about no time, about a time without an end, or with one.

    The claims that overlap the claim's time (_time_overlaps) are, among those before it,
    the ones whose time ends on or after the claim's starts, which claim_time_idx tells
    alone, and, among those after it, the ones that sit no later than the claim's time ends.
    """
    shape = (claim.about_start is not None, claim.about_end is not None)
    if shape not in _trigram_sql:
        overlaps, ends_after, starts_before = "TRUE", "", ""
        if claim.about_start is not None:
            overlaps = "(c.about_start IS NULL OR c.about_end IS NULL"
            overlaps += " OR c.about_end >= %(about_start)s)"
            ends_after = f" AND {_TIME_END} >= %(about_start)s"
            if claim.about_end is not None:
                overlaps += " AND (c.about_start IS NULL OR c.about_start <= %(about_end)s)"
                starts_before = f" AND {_TIME} <= %(about_end)s"
        _trigram_sql[shape] = _TRIGRAM_SQL.format(
            link=ClaimLink._meta.db_table,
            claim=Claim._meta.db_table,
            source=Source._meta.db_table,
            membership=Claim.questions.through._meta.db_table,
            time=_TIME,
            overlaps=overlaps,
            ends_after=ends_after,
            starts_before=starts_before,
            shown=", ".join(f"c.{Claim._meta.get_field(name).column}" for name in SHOWN),
        )
    return _trigram_sql[shape]


def _claim_time(claim: Claim):
    """Where the claim sits in time: the time it is about, else said, else logged."""
    if claim.about_start is not None:
        return claim.about_start
    if claim.said_start is not None:
        return claim.said_start
    return claim.created_at.astimezone(UTC).date()


def _candidates_trigram(claim: Claim, limit: int) -> tuple[_Rows, dict[int, float], set[int]]:
    """(rows, similar, same_question) in one statement (_TRIGRAM_SQL): the `limit` claims
    near in time that read most alike, and the claims on one of the same questions."""
    params = {
        "pk": claim.pk,
        "document": claim.document_id,
        "time": _claim_time(claim),
        "about_start": claim.about_start,
        "about_end": claim.about_end,
        "same_document": SAME_DOCUMENT_POOL,
        "nearest": NEAREST_POOL,
        "statement": claim.statement,
        "threshold": TRIGRAM_THRESHOLD,
        "limit": limit,
    }
    rows: _Rows = {}
    similar: dict[int, float] = {}
    same_question: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(_trigram_statement(claim), params)
        for pk, similarity, *shown in cursor.fetchall():  # the columns of _TRIGRAM_SQL
            rows[pk] = Candidate(*shown)
            if similarity is None:
                same_question.add(pk)
            else:
                similar[pk] = float(similarity)
    return rows, similar, same_question


def _similar_words(claim: Claim, limit: int) -> dict[int, float]:
    """pk -> similarity of claims about an overlapping time that read alike, by shared
    content words over the most recent CANDIDATE_LIMIT (where trigrams are unavailable)."""
    candidates = Claim.objects.filter(_time_overlaps(claim), _unlinked(claim))
    rows = candidates.order_by("-created_at", "-pk").values_list("pk", "statement")
    scored = {
        pk: word_similarity(claim.statement, statement)
        for pk, statement in rows[:CANDIDATE_LIMIT]
    }
    best = sorted(
        ((pk, sim) for pk, sim in scored.items() if sim >= WORD_THRESHOLD),
        key=lambda item: (-item[1], item[0]),
    )
    return dict(best[:limit])


def _candidates(claim: Claim, limit: int) -> tuple[_Rows, dict[int, float], set[int]]:
    """What is shown of each candidate, pk -> similarity of those that read alike (about an
    overlapping time), and the pks of those on one of the same questions."""
    if trigram_available():
        return _candidates_trigram(claim, limit)
    same_question = set(_same_question(claim).values_list("claim_id", flat=True))
    similar = _similar_words(claim, limit)
    wanted = same_question | set(similar)
    if not wanted:
        return {}, similar, same_question
    # The claims on the claim's questions by the subquery (a question has thousands), the
    # few similar ones by their ids.
    shown = Claim.objects.filter(
        Q(pk__in=_same_question(claim).values("claim_id")) | Q(pk__in=list(similar))
    ).values_list("pk", "speaker__name", *SHOWN, named=True)
    rows = {
        row.pk: Candidate(row.speaker__name, *(getattr(row, name) for name in SHOWN))
        for row in shown
        if row.pk in wanted
    }
    return rows, similar, same_question


@functools.cache
def _loaded_names() -> list[str]:
    """The attnames a suggested Claim is loaded with, in the model's field order (as
    select_related("speaker").only(*SHOWN) loads them)."""
    wanted = {"id", *(Claim._meta.get_field(name).attname for name in SHOWN)}
    return [f.attname for f in Claim._meta.concrete_fields if f.attname in wanted]


def _claim_of(pk: int, candidate: Candidate) -> Claim:
    """The Claim a suggestion carries, as select_related("speaker").only(*SHOWN) loads it."""
    values = [pk if name == "id" else getattr(candidate, name) for name in _loaded_names()]
    claim = Claim.from_db(connection.alias, _loaded_names(), values)
    claim.speaker = Source.from_db(
        connection.alias, ["id", "name"], [candidate.speaker_id, candidate.speaker_name]
    )
    return claim


def suggest_competitors(claim: Claim, limit: int = 10) -> list[Suggestion]:
    """The claims most likely to compete with ``claim``, best first.

    A verdict adds at most 0.5 to a score, so candidates are compared with the claim in the
    order of the best score each could reach (then by pk, as they are ranked), and comparing
    stops once none left could rank among the `limit` best found: the same suggestions for
    about 40 % of the comparisons on the benchmark desk."""
    rows, similar, same_question = _candidates(claim, limit * 3)
    verdict_of = compare_with(claim)
    hopes = sorted(
        (-_score(pk in same_question, True, similar.get(pk, 0.0)), pk) for pk in rows
    )
    kept: list[tuple[float, int, Suggestion]] = []  # (-score, pk, suggestion), best first
    for best, pk in hopes:
        if len(kept) >= limit and kept[limit - 1][:2] < (best, pk):
            break  # neither this candidate nor any after it could rank among those kept
        reasons = []
        if pk in same_question:
            reasons.append("same question")
        if pk in similar:
            reasons.append("similar wording")
        suggestion = Suggestion(
            claim=pk,  # made a Claim below, for the `limit` kept
            verdict=verdict_of(rows[pk]),
            similarity=similar.get(pk, 0.0),
            reasons=reasons,
        )
        bisect.insort(kept, (-suggestion.score, pk, suggestion), key=lambda item: item[:2])
    suggestions = [suggestion for _, _, suggestion in kept[:limit]]
    for suggestion in suggestions:
        suggestion.claim = _claim_of(suggestion.claim, rows[suggestion.claim])
    return suggestions


def search_claims(query: str, *, exclude=(), limit: int = 10):
    """Claims whose statement, quote or speaker contains every word typed.

    On PostgreSQL the words are matched by the full-text index and the speakers looked
    up first (claims.search), so that a rare word does not scan a million statements.
    """
    qs = Claim.objects.exclude(pk__in=exclude)
    if connection.vendor == "postgresql":
        from .search import full_text_words

        qs = full_text_words(qs, query.split()[:8])
        return list(_display(qs.order_by("-created_at", "-pk"))[:limit])
    for word in query.split()[:8]:
        qs = qs.filter(
            Q(statement__icontains=word)
            | Q(quote__icontains=word)
            | Q(speaker__name__icontains=word)
        )
    return list(_display(qs.order_by("-created_at", "-pk"))[:limit])
