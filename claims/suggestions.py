"""Which claims most likely compete with a given one, and how.

The pool: the claims on one of the same questions, the claims of the same document, and
the claims about the same time as the claim (or said near it), from any document. On
PostgreSQL the pool is read by index walks a short way (_TRIGRAM_SQL): some claims of its
own document, then the claims nearest in time on either side of it (placed by the time
they are about, else the time they were said; the claim itself, else by the time it was
logged), read along claim_time_idx; of those from other documents, the ones whose
statements read most alike by trigram similarity (pg_trgm). Elsewhere the pool is the
claims of its document and the CANDIDATE_LIMIT most recently logged claims about an
overlapping time, their trigram similarity computed here the way pg_trgm computes it.

Each claim of the pool is ranked on several signals, none of them a gate (_rank):

* on one of the same questions (the strongest);
* its figures and the claim's count the same kind of thing (claims.units) and cannot
  both hold, or agree (claims.compare);
* one side asserts what the other withholds, hedges or denies, or one gives a reason
  for what both speak of (claims.certainty: "too early to confirm", "denied", "called
  the report a fantasy", "forced by rebel fire", "отрицает", "заперечує");
* the names and content words the two share, each word in its dictionary form
  (simplemma, so "soldiers" meets "soldier" and Russian case forms meet), and how alike
  the statements read (trigrams);
* the same document, or about the same time.

A figure or a stance weighs as much as the two claims are about the same thing: "438
soldiers" against "could not be reached for comment" on something else is no suggestion.
Each suggestion proposes the kind the pair calls for (consistent figures "supports", a
denial or a rival reason "contradicts (causal)", a firm figure against a withheld one
"contradicts (certainty)") and says why in words. The claim itself, the claims linked
to it and the pairs a reviewer dismissed as not competing are never suggested.
"""

from __future__ import annotations

import functools
import math
import re
from dataclasses import dataclass, field
from datetime import UTC
from typing import NamedTuple

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Substr
from django.shortcuts import get_object_or_404

from . import compare as comparing
from . import units
from .certainty import cause_cue, denial_cue
from .compare import Verdict, compare_with
from .models import Claim, ClaimLink, Source, SuggestionDismissal
from .units import lemma_of

# What compare() reads of a claim (claims/compare.py _Side.of).
COMPARED = (
    "quantity_low", "quantity_high", "quantity_low_inclusive", "quantity_high_inclusive",
    "quantity_unit", "certainty", "about_start", "about_end",
)
# What suggest_competitors reads of the claim it is given.
SUGGESTED_FOR = ("statement", "quote", "document", "said_start", "created_at", *COMPARED)
# How many recent claims the fallback (no pg_trgm) reads at most.
CANDIDATE_LIMIT = 300
# The pool: at most this many claims of the claim's document, this many on each side of the
# claim's time, and of those from other documents the SIMILAR_POOL that read most alike.
SAME_DOCUMENT_POOL = 40
NEAREST_POOL = 80
SIMILAR_POOL = 30
# How much of a quote is read for its cues.
QUOTE_HEAD = 240
# A figure or a stance counts in full from this much shared topic, in part below it.
TOPIC_FULL = 0.3
# A suggestion is shown from this score up (a shared question is 1 on its own).
MIN_SCORE = 0.5

STOPWORDS = frozenset(
    """a about after again against all also an and any are as at be been before being but by
    can could did do does during each for from had has have he her his how i if in into is
    it its many may might more most much no nor not now of on once only or other our out over
    own part said same say says she should since so some such than that the their them then
    there these they this those through to too under until up very was we were what when
    where which while who whom why will with would yet you your one two three four five six
    seven eight nine ten hundred thousand million monday tuesday wednesday thursday friday
    saturday sunday week day night overnight morning afternoon evening today yesterday
    tomorrow claim report told tell least less fewer around nearly almost""".split()
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?:;]\s*$")


@dataclass
class Suggestion:
    claim: Claim
    verdict: Verdict
    similarity: float = 0.0
    reasons: list[str] = field(default_factory=list)
    score: float = 0.0


# --- What a text says, read once ----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reading:
    """What the ranking reads of a claim's words: content words and names in their
    dictionary form (without the words of its unit, which the figures weigh), and its
    cues of denial (none when it withholds) and of a reason."""

    words: frozenset[str]
    names: frozenset[str]
    denial: str | None
    cause: str | None


@functools.lru_cache(maxsize=16_384)
def _content(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(content words, names) of a text, each in its dictionary form. A name is a word
    written with a capital letter that does not start a sentence."""
    words, names = set(), set()
    previous_end = 0
    for m in _WORD.finditer(text):
        word = m.group()
        lower = word.lower()
        starts_sentence = m.start() == 0 or _SENTENCE_END.search(text[previous_end:m.start()])
        previous_end = m.end()
        if lower in STOPWORDS or len(lower) < 3:
            continue
        base = lemma_of(lower)
        if base in STOPWORDS:
            continue
        # "soldier" and "serviceman" meet as the kind of thing they name (claims.units)
        base = _kind_of(base)
        words.add(base)
        if word[0].isupper() and not starts_sentence:
            names.add(base)
    return frozenset(words), frozenset(names)


def _kind_of(word: str) -> str:
    kinds = units.classes(word)
    return f"<{min(kinds)}>" if len(kinds) == 1 else word


@functools.lru_cache(maxsize=4_096)
def _unit_words(unit: str) -> frozenset[str]:
    return frozenset(_kind_of(lemma_of(word)) for word in _WORD.findall(unit.lower()))


def reading(statement: str, quote: str = "", unit: str = "", certainty: str = "") -> Reading:
    """What the ranking reads of a statement (the desk's words) and the head of its quote
    (as printed, in any of the desk's languages: the cues of each are tried)."""
    words, names = _content(statement)
    unit_words = _unit_words(unit or "")
    quote = quote[:QUOTE_HEAD]
    words |= _content(quote)[0]
    language = "uk" if _has(quote, "іїєґ") else "ru" if _cyrillic(quote) else "en"
    denial = None
    if certainty != Claim.Certainty.WITHHELD:  # "has not been told" withholds, not denies
        denial = denial_cue(statement) or denial_cue(quote, language)
    return Reading(
        words=words - unit_words,
        names=names - unit_words,
        denial=denial,
        cause=cause_cue(f"{statement} {quote}", language),
    )


def _has(text: str, letters: str) -> bool:
    return any(letter in text for letter in letters)


def _cyrillic(text: str) -> bool:
    return any("а" <= ch.lower() <= "я" for ch in text)


def words(text: str) -> set[str]:
    """Content words of a statement in their dictionary form."""
    return set(_content(text)[0])


def word_similarity(a: str, b: str) -> float:
    """Jaccard overlap of two statements' content words, 0 to 1."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return 0.0
    return len(wa & wb) / len(wa | wb)


@functools.lru_cache(maxsize=16_384)
def _trigrams(text: str) -> frozenset[str]:
    """A text's trigrams as pg_trgm makes them: each word lower-cased, padded with two
    spaces before and one after."""
    grams = set()
    for word in re.findall(r"[^\W_]+", text.lower()):
        padded = f"  {word} "
        grams.update(padded[i : i + 3] for i in range(len(padded) - 2))
    return frozenset(grams)


def trigram_similarity(a: str, b: str) -> float:
    """pg_trgm's similarity(): shared trigrams over all the trigrams of the two."""
    ta, tb = _trigrams(a), _trigrams(b)
    if not ta or not tb:
        return 0.0
    return len(ta & tb) / len(ta | tb)


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


def claim_or_none(pk: int | None) -> Claim | None:
    """The claim of this id (its pk only), or None."""
    return Claim.objects.only("pk").filter(pk=pk).first() if pk is not None else None


# --- The pool --------------------------------------------------------------------------------


def _unlinked(claim: Claim, field: str = "pk") -> Q:
    """Neither the claim itself, nor a claim linked to it, nor one dismissed beside it, as
    subqueries: the ids are never read back and sent again."""
    links = ClaimLink.objects.order_by()
    dismissed = SuggestionDismissal.objects.order_by()
    return ~(
        Q(**{field: claim.pk})
        | Q(**{f"{field}__in": links.filter(first_id=claim.pk).values("second_id")})
        | Q(**{f"{field}__in": links.filter(second_id=claim.pk).values("first_id")})
        | Q(**{f"{field}__in": dismissed.filter(first_id=claim.pk).values("second_id")})
        | Q(**{f"{field}__in": dismissed.filter(second_id=claim.pk).values("first_id")})
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
# shows and what compare() reads. Only the `limit` kept become Claim instances.
SHOWN = ("statement", "speaker", *COMPARED)


class Candidate(NamedTuple):
    """What is read of a claim that may be suggested: its speaker's name, then SHOWN (by
    attname), the names compare() reads; then what the ranking reads besides."""

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
    document_id: int | None = None
    quote: str = ""  # its first QUOTE_HEAD characters
    similarity: float = 0.0
    on_question: bool = False


_Rows = dict[int, Candidate]  # pk -> what is read of it


# The PostgreSQL statement behind _candidates_trigram, in four steps:
# - hidden: the claim itself, the claims linked to it and those dismissed beside it;
# - pool: the claims worth ranking, about a time that overlaps the claim's (as
#   _time_overlaps), each part read by an index a short way:
#   * up to SAME_DOCUMENT_POOL claims of the claim's document, in the order they are quoted;
#   * the NEAREST_POOL claims nearest in time before the claim's time, and those after it
#     (up to the end of the time it is about, if it has one), as claim_time_idx
#     (migration 0008) orders claims: by the time a claim is about, else by the time it was
#     said. Claims with neither are only found in the same document.
# - scored: the similarity of each, computed once per claim of the pool;
# - every claim of the pool from the same document, the SIMILAR_POOL most alike of the
#   others, and the claims on one of the same questions, joined to what is read of them.
_TRIGRAM_SQL = """
WITH hidden AS MATERIALIZED (
    SELECT second_id AS id FROM {link} WHERE first_id = %(pk)s
    UNION ALL SELECT first_id FROM {link} WHERE second_id = %(pk)s
    UNION ALL SELECT second_id FROM {dismissal} WHERE first_id = %(pk)s
    UNION ALL SELECT first_id FROM {dismissal} WHERE second_id = %(pk)s
    UNION ALL SELECT %(pk)s
), pool AS (
    (SELECT c.id, c.statement, c.document_id FROM {claim} c
     WHERE c.document_id = %(document)s AND {overlaps} AND c.id NOT IN (SELECT id FROM hidden)
     ORDER BY c.quote_start LIMIT %(same_document)s)
    UNION
    (SELECT c.id, c.statement, c.document_id FROM {claim} c
     WHERE {time} <= %(time)s{ends_after} AND c.id NOT IN (SELECT id FROM hidden)
     ORDER BY {time} DESC LIMIT %(nearest)s)
    UNION
    (SELECT c.id, c.statement, c.document_id FROM {claim} c
     WHERE {time} > %(time)s{starts_before} AND c.id NOT IN (SELECT id FROM hidden)
     ORDER BY {time} LIMIT %(nearest)s)
), scored AS MATERIALIZED (
    SELECT id, document_id, similarity(statement, %(statement)s) AS similarity FROM pool
), picked AS (
    SELECT id, FALSE AS on_question FROM scored WHERE document_id = %(document)s
    UNION ALL
    (SELECT id, FALSE FROM scored WHERE document_id <> %(document)s
     ORDER BY similarity DESC, id LIMIT %(similar)s)
    UNION ALL
    SELECT m.claim_id, TRUE FROM {membership} m
    WHERE m.question_id IN (SELECT question_id FROM {membership} WHERE claim_id = %(pk)s)
    AND m.claim_id NOT IN (SELECT id FROM hidden)
), cand AS (
    SELECT id, bool_or(on_question) AS on_question FROM picked GROUP BY id
)
SELECT cand.id, s.name, {shown}, c.document_id, LEFT(c.quote, {quote_head}),
       similarity(c.statement, %(statement)s), cand.on_question
FROM cand
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
            dismissal=SuggestionDismissal._meta.db_table,
            claim=Claim._meta.db_table,
            source=Source._meta.db_table,
            membership=Claim.questions.through._meta.db_table,
            time=_TIME,
            overlaps=overlaps,
            ends_after=ends_after,
            starts_before=starts_before,
            shown=", ".join(f"c.{Claim._meta.get_field(name).column}" for name in SHOWN),
            quote_head=QUOTE_HEAD,
        )
    return _trigram_sql[shape]


def _claim_time(claim: Claim):
    """Where the claim sits in time: the time it is about, else said, else logged."""
    if claim.about_start is not None:
        return claim.about_start
    if claim.said_start is not None:
        return claim.said_start
    return claim.created_at.astimezone(UTC).date()


def _candidates_trigram(claim: Claim) -> _Rows:
    """The pool in one statement (_TRIGRAM_SQL), with what is read of each."""
    params = {
        "pk": claim.pk,
        "document": claim.document_id,
        "time": _claim_time(claim),
        "about_start": claim.about_start,
        "about_end": claim.about_end,
        "same_document": SAME_DOCUMENT_POOL,
        "nearest": NEAREST_POOL,
        "similar": SIMILAR_POOL,
        "statement": claim.statement,
    }
    with connection.cursor() as cursor:
        cursor.execute(_trigram_statement(claim), params)
        rows = cursor.fetchall()
    # The columns of _TRIGRAM_SQL: the pk, then a Candidate's fields in order.
    return {pk: Candidate(*values[:-2], float(values[-2]), values[-1]) for pk, *values in rows}


_READ = ("pk", "speaker__name", *SHOWN, "document_id")


def _candidates_fallback(claim: Claim) -> _Rows:
    """The pool where pg_trgm is unavailable, in two queries: the claims on one of the same
    questions, then the claims of the document and the recent ones about an overlapping
    time (the document's first)."""
    head = Substr("quote", 1, QUOTE_HEAD)
    on_question = (
        Claim.objects.filter(pk__in=_same_question(claim).values("claim_id"))
        .annotate(head=head).values_list(*_READ, "head", named=True)
    )
    own = Case(When(document_id=claim.document_id, then=Value(0)), default=Value(1),
               output_field=IntegerField())
    pool = (
        Claim.objects.filter(_unlinked(claim), _time_overlaps(claim))
        .annotate(own=own, head=head)
        .order_by("own", F("quote_start").asc(nulls_last=True), "-created_at", "-pk")
        .values_list(*_READ, "head", named=True)
    )
    rows: _Rows = {}
    for row, question in [(row, True) for row in on_question] + [
        (row, False) for row in pool[: CANDIDATE_LIMIT + SAME_DOCUMENT_POOL]
    ]:
        if row.pk in rows:
            continue
        rows[row.pk] = Candidate(
            row.speaker__name, *(getattr(row, name) for name in SHOWN), row.document_id,
            row.head or "", trigram_similarity(claim.statement, row.statement), question,
        )
    others = sorted(
        (pk for pk, c in rows.items() if c.document_id != claim.document_id and not c.on_question),
        key=lambda pk: (-rows[pk].similarity, pk),
    )
    for pk in others[SIMILAR_POOL:]:
        del rows[pk]
    return rows


def _candidates(claim: Claim) -> _Rows:
    """The claims worth ranking, pk -> what is read of each."""
    if trigram_available():
        return _candidates_trigram(claim)
    return _candidates_fallback(claim)


# --- Ranking ------------------------------------------------------------------------------


def _weights(readings) -> dict[str, float]:
    """How telling each word of the pool is: rare words much, words most claims of the pool
    share little (an inverse document frequency; names count twice)."""
    counts: dict[str, int] = {}
    for one in readings:
        for word in one.words:
            counts[word] = counts.get(word, 0) + 1
    n = len(readings)
    return {word: math.log((n + 1) / (count + 0.5)) for word, count in counts.items()}


def _shared(mine: Reading, theirs: Reading, weights: dict[str, float]) -> float:
    """How much of their words two claims share, each word weighed by how telling it is:
    a cosine of the two sets of words, 0 to 1."""
    if not mine.words or not theirs.words:
        return 0.0

    def weight(one: Reading, word: str) -> float:
        return weights.get(word, 0.0) * (2 if word in one.names else 1)

    shared = sum(weight(mine, w) for w in mine.words & theirs.words)
    total = math.sqrt(
        sum(weight(mine, w) for w in mine.words) * sum(weight(theirs, w) for w in theirs.words)
    )
    return shared / total if total else 0.0


_FIGURES = {comparing.NUMERIC_CONFLICT: 0.6, comparing.CONSISTENT: 0.5}
_CERTAINTY = {comparing.DEFINITE_VS_WITHHELD: 0.5, comparing.DEFINITE_VS_HEDGED: 0.4}
DENIAL = "assertion_vs_denial"
RIVAL_REASON = "rival_reason"
_ORDINAL = ("first", "second")


def _stance(mine: Reading, theirs: Reading) -> tuple[Verdict, float] | None:
    """A denial against an assertion, or a reason one side gives: (verdict, weight)."""
    for i, (this, other) in enumerate(((mine, theirs), (theirs, mine))):
        if this.denial and not other.denial:
            detail = (
                f"The {_ORDINAL[i]} claim denies (“{this.denial}”) what the "
                f"{_ORDINAL[1 - i]} asserts."
            )
            return Verdict(DENIAL, "Assertion vs denial", detail, "contradicts", "causal"), 0.4
    for i, (this, other) in enumerate(((mine, theirs), (theirs, mine))):
        if this.cause and this.cause != other.cause:
            detail = (
                f"The {_ORDINAL[i]} claim gives a reason (“{this.cause}”); the "
                f"{_ORDINAL[1 - i]} tells it otherwise."
            )
            return Verdict(RIVAL_REASON, "Rival explanations", detail, "contradicts", "causal"), 0.3
    return None


def _same_day(claim, cand: Candidate) -> bool:
    """Both are about a time of a few days at most, and the times overlap."""
    spans = [(one.about_start, one.about_end) for one in (claim, cand)]
    if any(start is None or end is None or (end - start).days > 3 for start, end in spans):
        return False
    return bool(comparing.dates_overlap(*spans[0], *spans[1]))


def _same_figure(claim, cand: Candidate) -> bool:
    return (claim.quantity_low, claim.quantity_high) == (cand.quantity_low, cand.quantity_high)


def _gives_figure(claim, cand: Candidate) -> bool:
    return any(
        one.quantity_low is not None or one.quantity_high is not None for one in (claim, cand)
    )


def _rank(claim: Claim, mine: Reading, theirs: Reading, weights, verdict_of, pk: int,
          cand: Candidate) -> Suggestion:
    """A candidate's score and reasons (see the module docstring)."""
    topic = max(_shared(mine, theirs, weights), cand.similarity)
    reasons = []
    score = topic
    if cand.on_question:
        reasons.append("same question")
        score += 1.0
    if cand.document_id == claim.document_id:
        reasons.append("same document")
        score += 0.1
    verdict = verdict_of(cand)
    weight = _FIGURES.get(verdict.flag, 0.0) or _CERTAINTY.get(verdict.flag, 0.0)
    if verdict.flag == comparing.CONSISTENT and _same_figure(claim, cand):
        weight = 0.8  # the very same figure of the same kind of thing is rarely chance
    if verdict.flag in _CERTAINTY and not _gives_figure(claim, cand):
        weight /= 2  # an assertion without a figure against a withheld one weighs less
    if verdict.flag not in _FIGURES:
        stance = _stance(mine, theirs)
        if stance is not None and stance[1] >= weight:
            verdict, weight = stance
    # A figure or a stance counts as much as the two are about the same thing (the claims
    # of one document are about one story: half at least).
    figures = verdict.flag in _FIGURES or (
        verdict.flag in _CERTAINTY and _gives_figure(claim, cand)
    )
    floor = 0.5 if cand.document_id == claim.document_id and figures else 0.0
    score += weight * min(1.0, max(floor, topic / TOPIC_FULL))
    if _same_day(claim, cand):
        reasons.append("about the same day")
        score += 0.1
    names = sorted(mine.names & theirs.names)
    if names:
        reasons.append("both name " + ", ".join(names[:3]))
    shared = sorted((mine.words & theirs.words) - set(names), key=lambda w: -weights.get(w, 0))
    if shared:
        reasons.append("shared words: " + ", ".join(shared[:4]))
    if cand.similarity >= 0.3:
        reasons.append("similar wording")
    return Suggestion(claim=pk, verdict=verdict, similarity=cand.similarity, reasons=reasons,
                      score=score)


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


def _reading_of(claim) -> Reading:
    return reading(claim.statement, getattr(claim, "quote", "") or "", claim.quantity_unit,
                   claim.certainty)


def suggest_competitors(claim: Claim, limit: int = 10) -> list[Suggestion]:
    """The claims most likely to compete with ``claim``, best first: those that score
    MIN_SCORE or more, at most ``limit``."""
    rows = _candidates(claim)
    verdict_of = compare_with(claim)
    mine = _reading_of(claim)
    readings = {pk: _reading_of(cand) for pk, cand in rows.items()}
    weights = _weights([mine, *readings.values()])
    ranked = [
        _rank(claim, mine, readings[pk], weights, verdict_of, pk, cand)
        for pk, cand in rows.items()
    ]
    ranked = sorted(
        (s for s in ranked if s.score >= MIN_SCORE), key=lambda s: (-s.score, s.claim)
    )[:limit]
    for suggestion in ranked:
        suggestion.claim = _claim_of(suggestion.claim, rows[suggestion.claim])
    return ranked


# How many of a claim's dismissed pairs its suggestions list shows (the latest).
DISMISSED_SHOWN = 20


def dismissed_of(claim_pk: int):
    """(the latest DISMISSED_SHOWN pairs dismissed beside the claim, how many in all): named
    rows of the other claim's pk and statement, who dismissed the pair and when."""
    mine = Q(first_id=claim_pk)
    dismissals = SuggestionDismissal.objects.filter(mine | Q(second_id=claim_pk))
    rows = list(
        dismissals.annotate(
            other=Case(When(mine, then=F("second_id")), default=F("first_id")),
            statement=Case(When(mine, then=F("second__statement")), default=F("first__statement")),
        )
        .order_by("-created_at", "-pk")
        .values_list("other", "statement", "dismissed_by__username", "created_at", named=True)
        [:DISMISSED_SHOWN]
    )
    count = len(rows) if len(rows) < DISMISSED_SHOWN else dismissals.count()
    return rows, count


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
