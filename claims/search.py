"""Searching claims by their statement, quote and speaker, and the claim list's filters.

On PostgreSQL the statement and the quote are matched by full-text search
(web-search syntax: quoted phrases, "or", "-word"), each claim's words stemmed
in its document's language: the stored vector (migration 0013) is made with
`russian` for a Russian document, `simple` for a Ukrainian one (PostgreSQL has
no Ukrainian stemmer) and `english` otherwise. The typed text is read in every
one of those configurations and the readings are joined by OR into one
tsquery, so that "военнослужащие" finds "военнослужащих" in a Russian claim and
"deserting" finds "deserted" in an English one, by the one index. And the
speaker's name by a case-insensitive match. The speakers are looked up first
(a trigram index over 50,000 names), as arrays the claims' query computes once
before reading claims, so that the claims can be matched by
`speaker_id = ANY(...) OR <full-text match>`: both sides then read an index
(claim_speaker_idx, claim_search_vector_idx) instead of every row. The text is
matched against the stored vector of migration 0006, never recomputed.
On any other database each word must appear in the statement, the quote or
the speaker's name.
"""

import functools
import operator

from django.db import connection
from django.db.models import BooleanField, Expression, F, Func, Q, QuerySet, Value
from django.db.models.functions import Lower

from .languages import SEARCH_CONFIGS

# The stored vector (migrations 0006, 0013) uses one of these per claim; a query uses all.
CONFIGS = tuple(dict.fromkeys(SEARCH_CONFIGS.values()))
# How many sources a typed name may stand for in a search or a filter.
NAMES_MATCHED = 200


def search_claims(queryset: QuerySet, text: str) -> QuerySet:
    text = " ".join((text or "").split())
    if not text:
        return queryset
    if connection.vendor == "postgresql":
        return _full_text(queryset, text)
    return _plain(queryset, text)


def sources_named(text: str, kinds=None) -> list[int]:
    """Ids of the sources whose name (or alias) holds `text`; exact names alone when any is."""
    from .models import Source

    text = " ".join((text or "").split())
    if not text:
        return []
    sources = Source.objects.all()
    if kinds:
        sources = sources.filter(kind__in=kinds)
    exact = list(_same_name(sources, text).values_list("pk", flat=True)[:NAMES_MATCHED])
    if exact:
        return exact
    return list(named(sources.values_list("pk", flat=True), text)[:NAMES_MATCHED])


def _same_name(sources: QuerySet, text: str) -> QuerySet:
    # LOWER() on both sides, as the index source_name_lower_idx is built (iexact's UPPER()
    # has no index: every source was read).
    return sources.alias(lower_name=Lower("name")).filter(lower_name=Lower(Value(text)))


@functools.cache
def _spoken_by_named_sql() -> str:
    """The SQL of SpokenByNamed, `{claim}` standing for the claims' table or its alias.

    The same statement as sources_named's two (the exact names, else the near ones,
    with the aliases') written once per process from the models' names: built by the
    ORM as three nested subqueries on every search, it cost about 1 ms of compiling.
    """
    from .models import Claim, Source, SourceAlias

    q = connection.ops.quote_name
    source, alias = Source._meta.db_table, SourceAlias._meta.db_table
    name = q(Source._meta.get_field("name").column)
    speaker = q(Claim._meta.get_field("speaker").column)
    alias_source = q(SourceAlias._meta.get_field("source").column)
    alias_name = q(SourceAlias._meta.get_field("name").column)
    return (
        f"{{claim}}.{speaker} = ANY(COALESCE(NULLIF(ARRAY("
        f"SELECT s.{q('id')} FROM {q(source)} s WHERE LOWER(s.{name}) = LOWER(%s)"
        f" ORDER BY s.{name} LIMIT {NAMES_MATCHED}), '{{{{}}}}'), ARRAY("
        f"SELECT s.{q('id')} FROM {q(source)} s WHERE UPPER(s.{name}::text) LIKE UPPER(%s)"
        f" OR s.{q('id')} = ANY(ARRAY(SELECT a.{alias_source} FROM {q(alias)} a"
        f" WHERE UPPER(a.{alias_name}::text) LIKE UPPER(%s))) LIMIT {NAMES_MATCHED})))"
    )


class SpokenByNamed(Expression):
    """`speaker_id = ANY(<the ids sources_named(text) gives>)` (PostgreSQL), the sources
    looked up inside the claims' query (as arrays computed once, before its rows are read)
    rather than by two queries of their own before it. `text` comes normalised."""

    def __init__(self, text: str):
        super().__init__(output_field=BooleanField())
        self.text = text

    def as_sql(self, compiler, connection):
        claim = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        pattern = f"%{connection.ops.prep_for_like_query(self.text)}%"
        return _spoken_by_named_sql().format(claim=claim), [self.text, pattern, pattern]


def named(sources: QuerySet, text: str) -> QuerySet:
    """`sources` whose name or one of whose aliases holds `text`, unordered.

    On PostgreSQL the aliases are looked up first, as an array, so that the whole test
    reads `UPPER(name) LIKE ... OR id = ANY(ARRAY(<alias hits>))`: both sides are index
    conditions (source_name_trgm_idx and the primary key), which PostgreSQL combines
    with a BitmapOr and reads each matching source once. Written with `id IN (aliases)`
    the OR is no index condition and every source is read (50,000 rows, about 50 ms);
    as a UNION the matches are read, then hashed to drop duplicates, and the result
    could not be filtered or counted further. This result can be.
    """
    from .models import SourceAlias

    aliased = SourceAlias.objects.filter(name__icontains=text).order_by().values("source_id")
    if connection.vendor == "postgresql":
        from django.contrib.postgres.expressions import ArraySubquery

        by_alias = EqualsAny(F("pk"), ArraySubquery(aliased))
    else:
        by_alias = Q(pk__in=aliased)
    return sources.order_by().filter(Q(name__icontains=text) | by_alias)


class EqualsAny(Func):
    """`value = ANY(array)`, true when the array holds the value (PostgreSQL)."""

    arg_joiner = " = ANY("
    template = "(%(expressions)s))"
    output_field = BooleanField()


def questions_named(text: str) -> list[int]:
    """Ids of the questions whose text holds `text`."""
    from .models import Question

    text = " ".join((text or "").split())
    if not text:
        return []
    found = Question.objects.filter(text__icontains=text).order_by()
    return list(found.values_list("pk", flat=True)[:NAMES_MATCHED])


class StoredVector(Expression):
    """The claim's stored full-text vector: the column `search_vector` that PostgreSQL
    keeps from the statement and the quote in the document's language (migration 0013)."""

    def __init__(self):
        from django.contrib.postgres.search import SearchVectorField

        super().__init__(output_field=SearchVectorField())

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return f"{compiler.quote_name_unless_alias(alias)}.search_vector", []


def _in_every_language(text: str, search_type: str):
    """`text` as one tsquery: its reading in each configuration, joined by OR (`||`)."""
    from django.contrib.postgres.search import SearchQuery

    queries = [SearchQuery(text, config=config, search_type=search_type) for config in CONFIGS]
    return functools.reduce(operator.or_, queries)


def _full_text(queryset: QuerySet, text: str) -> QuerySet:

    query = _in_every_language(text, "websearch")
    matched = Q(search_document=query) | SpokenByNamed(text)
    return queryset.alias(search_document=StoredVector()).filter(matched)


def full_text_words(queryset: QuerySet, words: list[str]) -> QuerySet:
    """On PostgreSQL: claims where each word is in the statement or quote (full text, by
    the index) or in the speaker's name (speakers looked up within the query)."""

    queryset = queryset.alias(search_document=StoredVector())
    for word in words:
        matched = Q(search_document=_in_every_language(word, "plain"))
        queryset = queryset.filter(matched | SpokenByNamed(word))
    return queryset


def _plain(queryset: QuerySet, text: str) -> QuerySet:
    for word in text.split():
        queryset = queryset.filter(
            Q(statement__icontains=word)
            | Q(quote__icontains=word)
            | Q(speaker__name__icontains=word)
        )
    return queryset


def filter_claims(queryset: QuerySet, filters: dict) -> QuerySet:
    """Narrow claims by the claim list's filters (the cleaned ClaimFilterForm data).

    Speaker, outlet and question are each either one chosen row (`speaker`, a
    pk, as a picker or a link sends it) or a typed name (`speaker_q`) matched
    here, so that the filters work without JavaScript and the URL says it all.
    """
    from .models import ClaimRelay, Source

    if filters.get("q"):
        queryset = search_claims(queryset, filters["q"])
    speakers = _chosen_or_named(filters, "speaker", sources_named)
    if speakers is not None:
        queryset = queryset.filter(speaker_id__in=speakers)
    outlets = _chosen_or_named(
        filters, "outlet", lambda text: sources_named(text, kinds=[Source.Kind.OUTLET])
    )
    if outlets is not None:
        relayed = ClaimRelay.objects.filter(source_id__in=outlets).values("claim_id")
        queryset = queryset.filter(Q(document__publisher_id__in=outlets) | Q(pk__in=relayed))
    if filters.get("status"):
        queryset = queryset.filter(status=filters["status"])
    questions = _chosen_or_named(filters, "question", questions_named)
    if questions is not None:
        on_questions = _memberships().filter(question_id__in=questions).values("claim_id")
        queryset = queryset.filter(pk__in=on_questions)
    if filters.get("said_from"):
        queryset = queryset.filter(said_start__gte=filters["said_from"])
    if filters.get("said_to"):
        queryset = queryset.filter(said_start__lte=filters["said_to"])
    return queryset


def _memberships():
    """Rows of the claim-question table."""
    from .models import Claim

    return Claim.questions.through.objects.all()


def _chosen_or_named(filters: dict, name: str, named) -> list[int] | None:
    """The ids a filter stands for, or None when it is not used.

    A chosen row wins while the text box is empty or still shows its name; text
    typed over it is matched instead.
    """
    chosen = filters.get(name)
    typed = " ".join((filters.get(f"{name}_q") or "").split())
    if chosen is not None and (not typed or typed.lower() == str(chosen).lower()):
        return [chosen.pk]
    if typed:
        return named(typed)
    return None
