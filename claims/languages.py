"""The languages the desk reads, and the tools it reads them with.

A document's language decides how its quotes' dates, numbers and certainty are
read (claims.dates, claims.quantities, claims.certainty) and how its claims are
searched (claims.search). The desk reads English, Russian and Ukrainian; a
language code it does not know is read as English.

Everything heavy is loaded once per process, on first use, never per call:
the morphology analysers (pymorphy3 with the pymorphy3-dicts-ru and
pymorphy3-dicts-uk dictionaries, about 0.2 s) and the language detector
(lingua, restricted to the desk's languages). A word's lemma is remembered
once it has been looked up (pymorphy3 takes about 0.2 ms a word in pure
Python), so a phrase read again, as the live preview reads it while the editor
types, costs microseconds. No Django, no database.
"""

from __future__ import annotations

import functools

__all__ = [
    "EN", "RU", "UK", "CHOICES", "CODES", "detect_language", "known", "lemma", "lexeme", "tags",
    "agree_adjective", "all_lemmas",
]

EN, RU, UK = "en", "ru", "uk"
CHOICES = [(EN, "English"), (RU, "Russian"), (UK, "Ukrainian")]
CODES = tuple(code for code, _ in CHOICES)
# Full-text search configuration per language (PostgreSQL has no Ukrainian stemmer).
SEARCH_CONFIGS = {EN: "english", RU: "russian", UK: "simple"}


def known(language: str | None) -> str:
    """The desk's code for ``language``: "en", "ru" or "uk" ("en" for anything else)."""
    code = (language or "").strip().lower()[:2]
    return code if code in CODES else EN


@functools.cache
def _analyser(language: str):
    import pymorphy3  # loaded on first use: its dictionaries take a fifth of a second

    return pymorphy3.MorphAnalyzer(lang=language)


@functools.lru_cache(maxsize=65_536)
def _best(word: str, language: str):
    parses = _analyser(language).parse(word)
    return parses[0] if parses else None


@functools.lru_cache(maxsize=65_536)
def lemma(word: str, language: str) -> str:
    """The dictionary form of a Russian or Ukrainian word ("военнослужащих" -> "военнослужащий").

    Where the dictionary offers nouns of different lemmas for one form ("танків": танк or
    танок), the lemma that keeps most of the word's beginning is taken: the inflection is
    at the end, and the Ukrainian dictionary gives no frequencies to choose by."""
    best = _best(word, language)
    if best is None:
        return word
    if "NOUN" not in best.tag:
        return best.normal_form
    nouns = {p.normal_form for p in _analyser(language).parse(word) if "NOUN" in p.tag}
    return max(nouns, key=lambda form: (_shared_start(form, word), form == best.normal_form))


def _shared_start(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


@functools.lru_cache(maxsize=16_384)
def may_be_plural(word: str, language: str, of: str | None = None) -> bool:
    """Whether some reading of the word (as a form of ``of``, when given) is plural
    ("сотні": genitive singular or plural; "десяток" of "десяток": singular only)."""
    return any(
        "plur" in parse.tag
        for parse in _analyser(language).parse(word)
        if of is None or parse.normal_form == of
    )


def tags(word: str, language: str) -> frozenset[str]:
    """The grammemes of the word's likeliest reading ("NOUN", "gent", "plur", ...)."""
    best = _best(word, language)
    return frozenset(best.tag.grammemes) if best is not None else frozenset()


@functools.lru_cache(maxsize=65_536)
def all_lemmas(word: str, language: str) -> frozenset[str]:
    """The dictionary forms of every reading of ``word`` ("перешли": перейти, переслать)."""
    return frozenset(parse.normal_form for parse in _analyser(language).parse(word))


@functools.lru_cache(maxsize=16_384)
def agree_adjective(word: str, language: str, gender: str) -> str:
    """An adjective in the nominative singular of ``gender`` ("мирных" -> "мирный")."""
    best = _best(word, language)
    if best is None:
        return word
    wanted = {"sing", "nomn"} | ({gender} if gender else set())
    try:
        found = best.inflect(wanted)
    except ValueError:
        found = None
    return found.word if found is not None else best.normal_form


def lexeme(word: str, language: str, *, pos: str | None = None, with_number: bool = False):
    """Every form of the word, lower-case ("понедельник": "понедельника", "понедельнику"...).

    ``pos`` picks the readings of that part of speech ("NUMR" for "чотириста", which the
    dictionary also knows as an adjective); ``with_number`` gives (form, plural) pairs.
    Used to build the readers' tables once, not per call."""
    parses = [p for p in _analyser(language).parse(word) if pos is None or pos in p.tag]
    if with_number:
        return {(f.word, "plur" in f.tag) for p in parses[:2] for f in p.lexeme}
    forms = {word}
    for parse in parses[:2]:
        forms.update(form.word for form in parse.lexeme)
    return forms


@functools.cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(
        Language.ENGLISH, Language.RUSSIAN, Language.UKRAINIAN
    ).build()


def detect_language(text: str) -> str | None:
    """The desk language ``text`` is most likely written in, or ``None`` when unsure.

    Only the first 2,000 characters are read (enough for an article, and quick).
    """
    sample = (text or "").strip()[:2000]
    if sum(ch.isalpha() for ch in sample) < 12:
        return None
    found = _detector().detect_language_of(sample)
    if found is None:
        return None
    return found.iso_code_639_1.name.lower()
