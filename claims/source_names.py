"""Finding a source under another wording of its name, before a picker offers "Create".

"Russia's Defense Ministry" is the "Russian Ministry of Defense" the desk has, and
"Дмитрашковский" (Russian) and "Дмитрашківський" (Ukrainian) are its "Dmitrashkovsky".
A name is compared by its key (`name_key`): Cyrillic letters written in Latin ones by a
simple scheme for Russian and Ukrainian, then folded (y and i alike, doubled letters
once, "kh" as "h"), a possessive "'s" dropped, a country's adjective as its noun
("Russian" as "Russia"), British spellings as American ("Defence"), and small words
("of", "the") dropped: the words, in any order. Two names match when each word of the
typed one is close to a word of the other (rapidfuzz), so that "Дмитрашківський"
(the Ukrainian vowel) still finds "Oleksiy Dmitrashkovsky".

The candidates are few and read by an index: on PostgreSQL the names (and aliases)
trigram-similar (pg_trgm's `%`, source_name_trgm_idx and sourcealias_name_trgm_idx of
migration 0016) to the typed text or to its transliterations, the most similar first;
elsewhere the names holding the start of one of the typed words. One query for the
names and one for the aliases, whatever the desk's size.

And the actions of a source's page on its names: adding an alias, setting what it
belongs to, each kept in the source's history with who and when.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import BooleanField, FloatField, Func, Q, QuerySet, Value
from django.db.models.functions import Greatest, Upper
from rapidfuzz import fuzz

from .models import BADGE_FIELDS, Source, SourceAlias
from .suggestions import trigram_available

# How many candidates are read, and how many matches a picker offers.
CANDIDATES = 40
OFFERED = 5
# How close (rapidfuzz's ratio, 0-100) each typed word must be to a word of the name.
WORD_SCORE = 85

# Russian and Ukrainian letters in Latin ones (a loose scheme: only for comparing names).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "",
    "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
# Ukrainian writes "и" for the sound Latin writes "y", and "г" for "h".
_UKRAINIAN = {**_CYRILLIC, "и": "y", "г": "h"}
_UKRAINIAN_ONLY = set("іїєґ")
# Latin back into Russian letters, longest first (for names the desk keeps in Cyrillic).
_LATIN = [
    ("shch", "щ"), ("sky", "ский"), ("zh", "ж"), ("kh", "х"), ("ts", "ц"), ("ch", "ч"),
    ("sh", "ш"), ("yu", "ю"), ("ya", "я"), ("a", "а"), ("b", "б"), ("v", "в"), ("g", "г"),
    ("d", "д"), ("e", "е"), ("z", "з"), ("i", "и"), ("y", "й"), ("k", "к"), ("l", "л"),
    ("m", "м"), ("n", "н"), ("o", "о"), ("p", "п"), ("r", "р"), ("s", "с"), ("t", "т"),
    ("u", "у"), ("f", "ф"), ("h", "х"), ("c", "к"), ("w", "в"), ("x", "кс"), ("j", "й"),
]
_LATIN_PATTERN = re.compile("|".join(re.escape(latin) for latin, _ in _LATIN))
_LATIN_MAP = dict(_LATIN)

# A country's adjective (and demonym) as its noun: "Russian" and "Russia's" are "russia".
COUNTRIES = {
    "russian": "russia", "ukrainian": "ukraine", "american": "usa", "us": "usa",
    "united states": "usa", "british": "uk", "britain": "uk", "united kingdom": "uk",
    "belarusian": "belarus", "polish": "poland", "german": "germany", "french": "france",
    "georgian": "georgia", "turkish": "turkey", "chinese": "china",
}
SPELLINGS = {"defence": "defense", "organisation": "organization", "programme": "program",
             "centre": "center", "ministery": "ministry"}
SMALL_WORDS = {"of", "the", "for", "and", "on", "in", "s"}
_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_POSSESSIVE = re.compile(r"(?<=\w)['’ʼ]s\b", re.IGNORECASE)


def latin(text: str, table: dict | None = None) -> str:
    """`text` with its Cyrillic letters in Latin ones: by `table`, else by the Ukrainian
    scheme when the text has a letter only Ukrainian writes, else by the Russian one."""
    lower = text.lower()
    if table is None:
        table = _UKRAINIAN if _UKRAINIAN_ONLY & set(lower) else _CYRILLIC
    return "".join(table.get(ch, ch) for ch in lower)


def cyrillic(text: str) -> str:
    """`text` in Russian letters, loosely (for a name the desk keeps in Cyrillic)."""
    return _LATIN_PATTERN.sub(lambda m: _LATIN_MAP[m.group(0)], text.lower())


def _fold(word: str) -> str:
    """A Latin word as names are compared: y and j as i, "kh" as h, doubled letters once."""
    word = word.replace("kh", "h").replace("j", "i").replace("y", "i").replace("w", "v")
    return re.sub(r"(.)\1+", r"\1", word)


@functools.lru_cache(maxsize=4096)
def name_words(name: str) -> tuple[str, ...]:
    """The words a name is compared by: transliterated, folded, countries as nouns, small
    words dropped, sorted (the order of words does not count)."""
    text = _POSSESSIVE.sub("", latin(name))
    words = [SPELLINGS.get(w, w) for w in _WORD.findall(text)]
    joined = " ".join(words)
    for phrase, noun in COUNTRIES.items():
        if " " in phrase:
            joined = re.sub(rf"\b{phrase}\b", noun, joined)
    words = [COUNTRIES.get(w, w) for w in joined.split()]
    return tuple(sorted(_fold(w) for w in words if w not in SMALL_WORDS))


def name_key(name: str) -> str:
    return " ".join(name_words(name))


def name_score(typed: str, name: str) -> float:
    """How well `name` answers the typed text, 0-100: the worst of the typed words' best
    matches among the name's words (every typed word must be found, in any order)."""
    wanted, have = name_words(typed), name_words(name)
    if not wanted or not have:
        return 0.0
    return min(max(fuzz.ratio(w, h) for h in have) for w in wanted)


def variants(text: str) -> list[str]:
    """The text and its transliterations, as a trigram search compares them to names: a
    Cyrillic text in Latin letters by both schemes, a Latin one in Russian letters."""
    text = _POSSESSIVE.sub("", " ".join(text.split()))
    found = [text]
    if any(ch in _CYRILLIC for ch in text.lower()):
        found += [latin(text, _CYRILLIC), latin(text, _UKRAINIAN)]
    else:
        found.append(cyrillic(text))
    return list({v.upper(): v for v in found if v.strip()}.values())


@dataclass(frozen=True, slots=True)
class Match:
    """A source found under another wording, and the name (its own or an alias) it was
    found by."""

    source: Source
    by_name: str  # the name or alias that matched
    score: float


class Similarity(Func):
    """pg_trgm's similarity(a, b)."""

    function = "similarity"
    output_field = FloatField()


class _Trigram(Func):
    """`a % b`: trigram-similar above pg_trgm.similarity_threshold, read by a GIN index."""

    arg_joiner = " %% "
    template = "(%(expressions)s)"
    output_field = BooleanField()


def _similar_to(column: str, texts: list[str]) -> tuple[Q, Greatest | Similarity]:
    """`column`'s upper-case form trigram-similar to any of `texts`, and its best similarity."""
    upper = Upper(column)
    tests = [Q(_Trigram(upper, Value(t.upper()))) for t in texts]
    scores = [Similarity(upper, Value(t.upper())) for t in texts]
    best = scores[0] if len(scores) == 1 else Greatest(*scores)
    condition = tests[0]
    for test in tests[1:]:
        condition |= test
    return condition, best


def _plain_like(column: str, texts: list[str]) -> Q:
    """Elsewhere than PostgreSQL: `column` holds the start of one of the typed words, or
    the letters after its first (SQLite ignores the case of Latin letters only)."""
    condition = Q()
    for text in texts:
        for word in _WORD.findall(text.lower()):
            if len(word) >= 3 and word not in SMALL_WORDS:
                for part in {word[:5], word[1:6]}:
                    condition |= Q(**{f"{column}__icontains": part})
    return condition


def _candidates(kinds) -> tuple[QuerySet, QuerySet]:
    sources = Source.objects.filter(kind__in=kinds).only(*BADGE_FIELDS).order_by()
    aliases = SourceAlias.objects.filter(source__kind__in=kinds).order_by()
    return sources, aliases


def similar_sources(text: str, kinds, exclude=()) -> list[Match]:
    """Up to OFFERED sources of `kinds` that `text` names under another wording, best first,
    leaving out the pks in `exclude`. Two queries."""
    text = " ".join((text or "").split())[:200]
    if len(text) < 3 or not name_words(text):
        return []
    texts = variants(text)
    sources, aliases = _candidates(kinds)
    if trigram_available():
        condition, best = _similar_to("name", texts)
        by_name = sources.filter(condition).annotate(similar=best).order_by("-similar", "pk")
        condition, best = _similar_to("name", texts)
        by_alias = aliases.filter(condition).annotate(similar=best).order_by("-similar", "pk")
    else:
        by_name = sources.filter(_plain_like("name", texts)).order_by("pk")
        by_alias = aliases.filter(_plain_like("name", texts)).order_by("pk")
    found: dict[int, Match] = {}

    def consider(source: Source, name: str) -> None:
        if source.pk in exclude:
            return
        score = name_score(text, name)
        if score >= WORD_SCORE and (source.pk not in found or found[source.pk].score < score):
            found[source.pk] = Match(source=source, by_name=name, score=score)

    for source in by_name[:CANDIDATES]:
        consider(source, source.name)
    alias_rows = by_alias.select_related("source").only(
        "name", "source_id", *(f"source__{f}" for f in BADGE_FIELDS)
    )
    for alias in alias_rows[:CANDIDATES]:
        consider(alias.source, alias.name)
    ranked = sorted(found.values(), key=lambda m: (-m.score, m.source.name.lower(), m.source.pk))
    return ranked[:OFFERED]


# --- A source's names and what it belongs to, set on its page -------------------------

# The history's change reason (django-simple-history's default field) holds this many.
REASON_MAX = 100


class StaleAffiliation(Exception):
    """What the source belongs to changed after the page was read."""

    def __init__(self, current: Source | None):
        super().__init__("The affiliation changed meanwhile")
        self.current = current


def _reason(text: str) -> str:
    return text if len(text) <= REASON_MAX else text[: REASON_MAX - 1] + "…"


@transaction.atomic
def source_alias_add(*, source: Source, name: str, by) -> SourceAlias:
    """Another name for `source`; its history keeps who added which name, and when."""
    Source.objects.select_for_update().filter(pk=source.pk).first()  # one change at a time
    alias = SourceAlias.objects.create(source=source, name=name)
    source._history_user = by
    source._change_reason = _reason(f"Also known as “{name}”")
    source.save(update_fields=["updated_at"])
    return alias


@transaction.atomic
def source_affiliation_set(*, source: Source, affiliation: Source | None, loaded: int | None,
                           by) -> None:
    """Make `source` belong to `affiliation` (None: to nobody), kept in its history; raise
    StaleAffiliation when it no longer belongs to `loaded`, what the page showed."""
    current = Source.objects.select_for_update().filter(pk=source.pk).values_list(
        "affiliation_id", flat=True
    ).first()
    if current != loaded:
        raise StaleAffiliation(Source.objects.filter(pk=current).first() if current else None)
    source.affiliation = affiliation
    source._history_user = by
    source._change_reason = _reason(
        f"Belongs to {affiliation.name}" if affiliation else "Belongs to nobody"
    )
    source.save(update_fields=["affiliation", "updated_at"])
