"""Which claims most likely compete with a given one.

Two ways in:

* claims on one of the same questions;
* claims about an overlapping time (or a time not given on either side) whose
  statement reads alike: trigram similarity on PostgreSQL when the pg_trgm
  extension is installed, otherwise the share of content words the two
  statements have in common, computed here over a bounded set of candidates.

Each suggestion carries what ``compare.compare`` says of the pair, so the desk
can flag "438" against "too early to confirm" before anyone links them. The
claim itself and claims already linked to it are never suggested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import timedelta
from types import SimpleNamespace

from django.db import connection
from django.db.models import FloatField, Q, Value

from .compare import Verdict, compare
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
# On PostgreSQL: how many claims near in time are ranked by trigram similarity, and how near.
TRIGRAM_POOL = 1000
NEARBY = timedelta(days=7)

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
        same_question = 1.0 if "same question" in self.reasons else 0.0
        conflict = 0.5 if self.verdict.is_conflict else 0.0
        return same_question + conflict + self.similarity


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


def _no_time() -> Q:
    """`about_start IS NULL` written so that PostgreSQL checks it on the rows it reads
    rather than reading claim_about_idx for it: a bitmap of the 150,000 claims with no time
    cost 12-15 ms of the 18 ms pool query. The same condition."""
    return Q(about_start__year__isnull=True)


def _time_overlaps(claim: Claim) -> Q:
    """Claims about a time that overlaps the claim's, or with no time given."""
    if claim.about_start is None:
        return Q()
    unknown = _no_time()
    end = claim.about_end
    starts_in_time = Q() if end is None else Q(about_start__lte=end)
    ends_in_time = Q(about_end__isnull=True) | Q(about_end__gte=claim.about_start)
    return unknown | (starts_in_time & ends_in_time)


def _nearby(claim: Claim) -> Q:
    """The pool worth ranking: claims of the same document, claims about a time within
    NEARBY of the claim's, and claims with no such time said or logged within NEARBY."""
    logged = Q(created_at__range=(claim.created_at - NEARBY, claim.created_at + NEARBY))
    if claim.said_start is not None:
        logged = Q(said_start__range=(claim.said_start - NEARBY, claim.said_start + NEARBY))
    pool = Q(document_id=claim.document_id) | (_no_time() & logged)
    if claim.about_start is not None:
        pool |= Q(about_start__range=(claim.about_start - NEARBY, claim.about_start + NEARBY))
    else:
        pool |= logged
    return pool


# What a suggestion reads of each candidate (besides its pk and its speaker's name): what it
# shows and what compare() reads. Candidates are read as values and scored as such; only
# the `limit` kept become Claim instances.
SHOWN = ("statement", "speaker", *COMPARED)
_Rows = dict[int, tuple]  # pk -> (speaker name, *SHOWN)


def _similar_trigram(claim: Claim, limit: int):
    """The pool query (see _candidates): pk and similarity of the `limit` best claims."""
    from django.contrib.postgres.search import TrigramSimilarity

    # At a million claims, ranking every claim of the time window costs seconds (and
    # template-like statements all pass pg_trgm's `%`): rank a bounded pool instead,
    # the claims nearest in time (about, else said, else logged), read by index.
    # The pool's similarity is computed once per row as it is read, then filtered and
    # ranked outside it.
    pool = (
        Claim.objects.filter(_time_overlaps(claim), _unlinked(claim), _nearby(claim))
        .order_by()
        .annotate(similarity=TrigramSimilarity("statement", claim.statement))
        .values_list("pk", "similarity")[:TRIGRAM_POOL]
    )
    sql, params = pool.query.sql_with_params()
    return (
        f"SELECT * FROM ({sql}) AS pool WHERE pool.similarity >= %s"
        " ORDER BY pool.similarity DESC, 1 LIMIT %s",
        [*params, TRIGRAM_THRESHOLD, limit],
    )


def _candidates_trigram(claim: Claim, limit: int) -> tuple[_Rows, dict[int, float], set[int]]:
    """(rows, similar, same_question) in one statement: the `limit` claims that read most
    alike, then the claims on the same questions (similarity NULL), joined to what is shown."""
    similar_sql, similar_params = _similar_trigram(claim, limit)
    same = _same_question(claim).annotate(none=Value(None, output_field=FloatField()))
    same_sql, same_params = same.values_list("claim_id", "none").query.sql_with_params()
    qn = connection.ops.quote_name
    columns = ", ".join(f"c.{qn(Claim._meta.get_field(name).column)}" for name in SHOWN)
    sql = (
        f"SELECT cand.pk, cand.similarity, s.{qn(Source._meta.get_field('name').column)}, "
        f"{columns} FROM (({similar_sql}) UNION ALL ({same_sql})) AS cand(pk, similarity)"
        f" JOIN {qn(Claim._meta.db_table)} c ON c.{qn(Claim._meta.pk.column)} = cand.pk"
        f" JOIN {qn(Source._meta.db_table)} s ON s.{qn(Source._meta.pk.column)}"
        f" = c.{qn(Claim._meta.get_field('speaker').column)}"
    )
    rows: _Rows = {}
    similar: dict[int, float] = {}
    same_question: set[int] = set()
    with connection.cursor() as cursor:
        cursor.execute(sql, [*similar_params, *same_params])
        for pk, similarity, *shown in cursor.fetchall():
            rows[pk] = tuple(shown)
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
    shown = Claim.objects.filter(pk__in=wanted).values_list("pk", "speaker__name", *SHOWN)
    rows = {pk: tuple(values) for pk, *values in shown}
    return rows, similar, same_question


def _claim_of(pk: int, speaker_name: str, values: tuple) -> Claim:
    """The Claim a suggestion carries, as select_related("speaker").only(*SHOWN) loads it."""
    attnames = (Claim._meta.get_field(name).attname for name in SHOWN)
    loaded = {"id": pk, **dict(zip(attnames, values, strict=True))}
    names = [f.attname for f in Claim._meta.concrete_fields if f.attname in loaded]
    claim = Claim.from_db(connection.alias, names, [loaded[name] for name in names])
    speaker_id = loaded[Claim._meta.get_field("speaker").attname]
    claim.speaker = Source.from_db(connection.alias, ["id", "name"], [speaker_id, speaker_name])
    return claim


def suggest_competitors(claim: Claim, limit: int = 10) -> list[Suggestion]:
    """The claims most likely to compete with ``claim``, best first."""
    rows, similar, same_question = _candidates(claim, limit * 3)
    scored = []
    for pk, (_speaker_name, *values) in rows.items():
        other = SimpleNamespace(**dict(zip(SHOWN, values, strict=True)))
        reasons = []
        if pk in same_question:
            reasons.append("same question")
        if pk in similar:
            reasons.append("similar wording")
        suggestion = Suggestion(
            claim=pk,  # made a Claim below, for the `limit` kept
            verdict=compare(claim, other),
            similarity=similar.get(pk, 0.0),
            reasons=reasons,
        )
        scored.append((-suggestion.score, pk, suggestion))
    scored.sort(key=lambda item: item[:2])
    kept = [suggestion for _, _, suggestion in scored[:limit]]
    for suggestion in kept:
        speaker_name, *values = rows[suggestion.claim]
        suggestion.claim = _claim_of(suggestion.claim, speaker_name, tuple(values))
    return kept


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
