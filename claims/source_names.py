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

The candidates are few and read by an index: the names (and aliases) that hold, for
every typed word, four of its letters in one of its spellings (after the first letter:
"Russia's" and "Russian" share "ussi", "Defense" and "Defence" "efen", "Дмитрашковский"
in Latin letters "mitr"), the shortest first; on PostgreSQL the trigram indexes over the
names (source_name_trgm_idx, 0004) and the aliases (sourcealias_name_trgm_idx, 0016) read
them, intersecting the words' matches. One query for the names and one for the aliases,
whatever the desk's size; the candidates are scored here.

And the actions of a source's page on its names: adding an alias, setting what it
belongs to, each kept in the source's history with who and when.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Length
from rapidfuzz import fuzz

from .models import BADGE_FIELDS, Source, SourceAlias

# How many candidates are read (of names, and of aliases), how many matches a picker
# offers, and how many typed words narrow the candidates.
CANDIDATES = 40
OFFERED = 5
WORDS_READ = 4
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


@dataclass(frozen=True, slots=True)
class Match:
    """A source found under another wording, and the name (its own or an alias) it was
    found by."""

    source: Source
    by_name: str  # the name or alias that matched
    score: float


def _stems(text: str) -> list[set[str]]:
    """For each word of the typed text that counts (up to WORDS_READ), the stems a name must
    hold one of: four letters after the word's first, in each of its spellings (the word,
    its transliterations). After the first letter, so that a capital does not count where
    the database ignores the case of Latin letters only (SQLite), and "Russia's" and
    "Russian", "Defense" and "Defence" share theirs."""
    words = [w for w in _WORD.findall(_POSSESSIVE.sub("", text))
             if len(w) >= 3 and w.lower() not in SMALL_WORDS]
    stems = []
    for word in words[:WORDS_READ]:
        lower = word.lower()
        if any(ch in _CYRILLIC for ch in lower):
            forms = {lower, latin(lower, _CYRILLIC), latin(lower, _UKRAINIAN)}
        else:
            forms = {lower, cyrillic(lower)}
        stems.append({form[1:5] if len(form) > 4 else form for form in forms})
    return stems


def _holding(column: str, stems: list[set[str]]) -> Q:
    """`column` holds a stem of every word (icontains: UPPER(name) LIKE, which the trigram
    indexes of 0004 and 0016 read on PostgreSQL, intersecting the words' matches)."""
    condition = Q()
    for spellings in stems:
        one = Q()
        for stem in sorted(spellings):
            one |= Q(**{f"{column}__icontains": stem})
        condition &= one
    return condition


def similar_sources(text: str, kinds, exclude=()) -> list[Match]:
    """Up to OFFERED sources of `kinds` that `text` names under another wording, best first,
    leaving out the pks in `exclude`. Two queries: the names, then the aliases, holding a
    stem of every typed word (the shortest first, CANDIDATES of each), scored here."""
    text = " ".join((text or "").split())[:200]
    stems = _stems(text)
    if not stems or not name_words(text):
        return []
    found: dict[int, Match] = {}

    def consider(source: Source, name: str) -> None:
        if source.pk in exclude:
            return
        score = name_score(text, name)
        if score >= WORD_SCORE and (source.pk not in found or found[source.pk].score < score):
            found[source.pk] = Match(source=source, by_name=name, score=score)

    sources = (
        Source.objects.filter(_holding("name", stems), kind__in=kinds)
        .only(*BADGE_FIELDS).order_by(Length("name"), "pk")
    )
    for source in sources[:CANDIDATES]:
        consider(source, source.name)
    aliases = (
        SourceAlias.objects.filter(_holding("name", stems), source__kind__in=kinds)
        .select_related("source")
        .only("name", "source_id", *(f"source__{f}" for f in BADGE_FIELDS))
        .order_by(Length("name"), "pk")
    )
    for alias in aliases[:CANDIDATES]:
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
