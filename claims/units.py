"""Which counted things are the same kind of thing, in English, Russian and Ukrainian.

A quantity's unit is the noun phrase after its figure ("ukrainian soldiers", "украинский
военнослужащий"). Two units count the same kind of thing when a word of each, put into
its dictionary form (simplemma for English, Russian and Ukrainian; the quantity reader
already gives Russian and Ukrainian units in that form), falls in one class of the table
below: "438 soldiers" and "свыше 400 военнослужащих" count military personnel, "about 280
trucks" and "грузовики" lorries, "23 armoured vehicles" and "БТР" military vehicles.

People are one class with kinds inside it. A word that names people in general ("people",
"человек", "людина", or a total of parts the reader made, "120 adults and 30 children")
compares with any kind of people; two kinds compare only when they share one ("soldiers"
and "servicemen" do, "soldiers" and "civilians" do not), so that "438 soldiers" is never
weighed against "1,129 civilian casualties". Units the table does not know fall back to
the words themselves (claims.compare). No Django, no database.
"""

from __future__ import annotations

import functools
import re

import simplemma

__all__ = ["PEOPLE", "classes", "comparable", "lemma_of"]

PEOPLE = "people"

# class: words in their dictionary form (lower case, "е" for "ё"), English, Russian, Ukrainian.
_TABLE: dict[str, str] = {
    PEOPLE: """people person human individual человек люди людина особа""",
    "military": """soldier serviceman servicewoman troop trooper military
        paratrooper marine conscript reservist serviceperson personnel
        военнослужащий военный солдат боец десантник срочник контрактник
        військовослужбовець військовий солдат боєць вояк десантник строковик""",
    "civilians": """civilian resident inhabitant local
        мирный житель гражданский гражданское население
        цивільний мешканець житель населення""",
    "passengers": """passenger traveller traveler пассажир пасажир""",
    "crew": """crew crewman crewmember sailor seaman экипаж член моряк екіпаж""",
    "casualties": """casualty dead death fatality victim killed injured wounded
        погибший жертва раненый пострадавший убитый
        загиблий жертва поранений постраждалий вбитий""",
    "children": """child kid minor infant baby boy girl
        ребенок дети детский мальчик девочка
        дитина діти хлопчик дівчинка""",
    "adults": """adult взрослый дорослий""",
    "workers": """worker employee staff workman рабочий сотрудник работник робітник
        працівник співробітник""",
    "refugees": """refugee evacuee migrant беженец переселенец біженець переселенець""",
    "military vehicles": """tank apc ifv armoured armored vehicle armour armor column
        бронетехника бронемашина бронетранспортер бтр бмп танк бронеавтомобиль
        бронетехніка бронемашина бронетранспортер бтр бмп танк""",
    "lorries": """truck lorry van грузовик фура камаз вантажівка фура""",
    "weight": """tonne ton kilogram kg тонна килограмм кілограм""",
}
# Kinds of people: each compares with PEOPLE and with itself.
_PEOPLE_KINDS = frozenset(
    {"military", "civilians", "passengers", "crew", "casualties", "children", "adults",
     "refugees", "workers"}
)
# Words that name no kind of thing on their own (an adjective that goes with many).
_NEUTRAL = frozenset({"ukrainian", "russian", "украинский", "российский", "український",
                      "російський", "more", "than", "of", "the", "and", "из", "них", "з"})

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_UKRAINIAN_LETTERS = frozenset("іїєґ")


@functools.cache
def _words() -> dict[str, frozenset[str]]:
    table: dict[str, set[str]] = {}
    for name, words in _TABLE.items():
        for word in words.split():
            table.setdefault(word, set()).add(name)
    return {word: frozenset(names) for word, names in table.items()}


@functools.lru_cache(maxsize=65_536)
def lemma_of(word: str) -> str:
    """A word's dictionary form: English by simplemma, Cyrillic by simplemma in Russian or
    Ukrainian (Ukrainian first when the word has a letter only Ukrainian writes)."""
    word = word.lower().replace("ё", "е").replace("’", "'")
    if word.isascii():
        return simplemma.lemmatize(word, lang="en").lower()
    languages = ("uk", "ru") if _UKRAINIAN_LETTERS & set(word) else ("ru", "uk")
    return simplemma.lemmatize(word, lang=languages).lower().replace("ё", "е")


@functools.lru_cache(maxsize=4_096)
def classes(unit: str) -> frozenset[str]:
    """The classes of the things a unit counts ("ukrainian soldiers": {"military"}); a
    total of kinds of people ("adults + children") is {"people"}; none when unknown."""
    unit = (unit or "").strip().lower()
    if "+" in unit:  # a total of parts the reader could not name
        parts = [classes(part) for part in unit.split("+")]
        if parts and all(part and part <= _PEOPLE_KINDS | {PEOPLE} for part in parts):
            return frozenset({PEOPLE})
        return frozenset()
    table = _words()
    found: set[str] = set()
    for word in _WORD.findall(unit):
        word = word.replace("ё", "е")
        if word in _NEUTRAL:
            continue
        found |= table.get(word, frozenset()) | table.get(lemma_of(word), frozenset())
    if found - _PEOPLE_KINDS - {PEOPLE} and found & _PEOPLE_KINDS:
        # "military vehicles": a thing, the people word its adjective
        found -= _PEOPLE_KINDS
    return frozenset(found)


def comparable(u1: str, u2: str) -> bool | None:
    """Whether two units count the same kind of thing: True, False, or None when the table
    knows neither (the caller then compares the words)."""
    a, b = classes(u1), classes(u2)
    if not a or not b:
        return None
    if a & b:
        return True
    people = _PEOPLE_KINDS | {PEOPLE}
    # "people" against any kind of people; kinds of people only when they share one.
    return bool((PEOPLE in a and b <= people) or (PEOPLE in b and a <= people))
