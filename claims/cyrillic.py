"""Russian and Ukrainian words the readers know, in every case form.

The readers (claims.dates, claims.quantities) read a Russian or Ukrainian
phrase by putting each word into the desk's English reading words ("свыше" is
"over", "понедельника" is "monday", "четырёхсот" is 400) and reading the
result with the English rules, so that every language follows the same desk
conventions. This module holds those words. Only dictionary forms are written
here: the case forms come from pymorphy3's dictionaries (the lexeme of each
word), and the month and weekday names from dateparser's language data, so
that "в понедельник", "с понедельника", "по понедельникам" and "понеділка"
are all known without a list of every form by hand.

Every table is built once per process, on first use (claims.languages loads
the analysers).
"""

from __future__ import annotations

import functools
import re

from .languages import RU, UK, lexeme

__all__ = ["WORD", "normalize", "numbers", "scales", "date_words"]

# A word: letters, with an apostrophe inside for Ukrainian ("п'ятниця", "об'єкт").
WORD = r"[^\W\d_]+(?:['\-][^\W\d_]+)*"
_APOSTROPHES = str.maketrans({"’": "'", "ʼ": "'", "`": "'", "ё": "е", "Ё": "е"})


def normalize(text: str) -> str:
    """Lower case, one apostrophe, "е" for "ё" (the dictionaries' forms are made so too)."""
    return text.translate(_APOSTROPHES).lower()


_NUMBER_WORDS = {
    RU: {
        "ноль": 0, "один": 1, "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6,
        "семь": 7, "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11,
        "двенадцать": 12, "тринадцать": 13, "четырнадцать": 14, "пятнадцать": 15,
        "шестнадцать": 16, "семнадцать": 17, "восемнадцать": 18, "девятнадцать": 19,
        "двадцать": 20, "тридцать": 30, "сорок": 40, "пятьдесят": 50, "шестьдесят": 60,
        "семьдесят": 70, "восемьдесят": 80, "девяносто": 90, "сто": 100, "двести": 200,
        "триста": 300, "четыреста": 400, "пятьсот": 500, "шестьсот": 600, "семьсот": 700,
        "восемьсот": 800, "девятьсот": 900,
    },
    UK: {
        "нуль": 0, "один": 1, "два": 2, "три": 3, "чотири": 4, "п'ять": 5, "шість": 6,
        "сім": 7, "вісім": 8, "дев'ять": 9, "десять": 10, "одинадцять": 11,
        "дванадцять": 12, "тринадцять": 13, "чотирнадцять": 14, "п'ятнадцять": 15,
        "шістнадцять": 16, "сімнадцять": 17, "вісімнадцять": 18, "дев'ятнадцять": 19,
        "двадцять": 20, "тридцять": 30, "сорок": 40, "п'ятдесят": 50, "шістдесят": 60,
        "сімдесят": 70, "вісімдесят": 80, "дев'яносто": 90, "сто": 100, "двісті": 200,
        "триста": 300, "чотириста": 400, "п'ятсот": 500, "шістсот": 600, "сімсот": 700,
        "вісімсот": 800, "дев'ятсот": 900,
    },
}
_SCALE_WORDS = {
    RU: {"тысяча": 1_000, "миллион": 1_000_000, "миллиард": 1_000_000_000},
    UK: {"тисяча": 1_000, "мільйон": 1_000_000, "мільярд": 1_000_000_000},
}
_SCALE_ABBREVIATIONS = {
    RU: {"тыс": 1_000, "млн": 1_000_000, "млрд": 1_000_000_000},
    UK: {"тис": 1_000, "млн": 1_000_000, "млрд": 1_000_000_000},
}


@functools.cache
def numbers(language: str) -> dict[str, int]:
    """Every case form of the number words 0-900: {"четырехсот": 400, "двохсот": 200, ...}."""
    forms: dict[str, int] = {}
    for word, value in _NUMBER_WORDS[language].items():
        for form in lexeme(word, language, pos="NUMR"):
            forms.setdefault(normalize(form), value)
        forms[word] = value
    # "один" declines as an adjective; its feminine and neuter forms are its own lexeme.
    # Collective numerals ("двое бойцов", "троє") have their own lexemes too.
    if language == RU:
        forms.update({"одна": 1, "одно": 1, "одну": 1, "одной": 1, "две": 2, "двух": 2})
        collective = {"двое": 2, "трое": 3, "четверо": 4, "пятеро": 5, "шестеро": 6,
                      "семеро": 7, "восьмеро": 8, "девятеро": 9, "десятеро": 10}
    else:
        forms.update({"одна": 1, "одне": 1, "одну": 1, "одної": 1, "дві": 2, "двох": 2})
        collective = {"двоє": 2, "троє": 3, "четверо": 4, "п'ятеро": 5, "шестеро": 6,
                      "семеро": 7, "восьмеро": 8, "дев'ятеро": 9, "десятеро": 10}
    for word, value in collective.items():
        for form in lexeme(word, language):
            forms.setdefault(normalize(form), value)
    return forms


@functools.cache
def scales(language: str) -> dict[str, tuple[int, bool]]:
    """Forms of "тысяча", "миллион", ...: {"тысяч": (1000, True), "тысяча": (1000, False)}.

    The flag says whether the form is plural ("тысячи", "тысяч"), which with no figure
    before it is a vague amount ("тысячи беженцев": thousands of refugees)."""
    forms: dict[str, tuple[int, bool]] = {}
    for word, value in _SCALE_WORDS[language].items():
        for text, plural in lexeme(word, language, pos="NOUN", with_number=True):
            key = normalize(text)
            forms[key] = (value, plural or forms.get(key, (value, False))[1])
    for word, value in _SCALE_ABBREVIATIONS[language].items():
        forms[word] = (value, False)
    return forms


# --- Date words ---------------------------------------------------------------------

_MONTH_KEYS = ("january", "february", "march", "april", "may", "june", "july", "august",
               "september", "october", "november", "december")
_WEEKDAY_KEYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# Dictionary forms only; the readers see their case forms. The English words are those
# claims.dates reads ("" drops the word: prepositions of time, verbs' auxiliaries).
_DATE_LEMMAS = {
    RU: {
        "день": "day", "сутки": "day", "неделя": "week", "месяц": "month", "год": "year",
        "прошлый": "last", "минувший": "last", "прошедший": "past", "предыдущий": "previous",
        "следующий": "next", "будущий": "next", "предстоящий": "coming", "этот": "this",
        "текущий": "this", "нынешний": "this", "начало": "beginning of", "середина": "middle of",
        "конец": "end of", "ночь": "night", "утро": "morning", "вечер": "evening",
        "полдень": "noon", "зима": "winter", "весна": "spring", "лето": "summer",
        "осень": "autumn", "выходные": "weekend", "выходной": "weekend",
    },
    UK: {
        "день": "day", "доба": "day", "тиждень": "week", "місяць": "month", "рік": "year",
        "минулий": "last", "попередній": "previous", "наступний": "next",
        "майбутній": "next", "цей": "this", "поточний": "this", "початок": "beginning of",
        "середина": "middle of", "кінець": "end of", "ніч": "night", "ранок": "morning",
        "вечір": "evening", "полудень": "noon", "зима": "winter", "весна": "spring",
        "літо": "summer", "осінь": "autumn", "вихідні": "weekend",
    },
}
# Words that do not decline (adverbs, prepositions) or whose forms are few.
_DATE_WORDS = {
    RU: {
        "вчера": "yesterday", "сегодня": "today", "завтра": "tomorrow",
        "позавчера": "day before yesterday", "послезавтра": "day after tomorrow",
        "накануне": "the previous day", "назад": "ago", "тому": "ago", "спустя": "later",
        "позже": "later", "позднее": "later", "ранее": "earlier", "раньше": "earlier",
        "рано": "early", "поздно": "late", "утром": "morning", "вечером": "evening",
        "днем": "afternoon", "ночью": "night", "зимой": "in winter", "весной": "in spring",
        "летом": "in summer", "осенью": "in autumn", "сейчас": "now", "в": "", "во": "",
        "на": "on", "о": "", "около": "", "примерно": "", "с": "from", "со": "from",
        "от": "from", "по": "to", "до": "until", "и": "and", "между": "between",
        "г": "", "гг": "", "уже": "", "еще": "",
        "только": "", "лишь": "", "также": "", "тоже": "", "числа": "", "число": "",
        "ближайший": "coming", "ближайшие": "coming", "через": "in", "к": "by", "ко": "by",
        "обеду": "noon", "обеда": "noon", "обед": "noon",
    },
    UK: {
        "вчора": "yesterday", "учора": "yesterday", "сьогодні": "today", "завтра": "tomorrow",
        "позавчора": "day before yesterday", "післязавтра": "day after tomorrow",
        "напередодні": "the previous day", "тому": "ago", "назад": "ago", "згодом": "later",
        "пізніше": "later", "раніше": "earlier", "рано": "early", "пізно": "late",
        "наприкінці": "end of", "напочатку": "beginning of", "всередині": "middle of",
        "вранці": "morning", "зранку": "morning", "уранці": "morning", "ввечері": "evening",
        "увечері": "evening", "вдень": "afternoon", "удень": "afternoon", "вночі": "night",
        "уночі": "night", "взимку": "in winter", "узимку": "in winter",
        "навесні": "in spring", "влітку": "in summer", "улітку": "in summer",
        "восени": "in autumn", "зараз": "now", "торік": "last year", "в": "", "у": "",
        "на": "on", "о": "", "об": "", "близько": "", "приблизно": "", "з": "from",
        "із": "from", "зі": "from", "від": "from", "по": "to", "до": "until", "і": "and",
        "й": "and", "та": "and", "між": "between", "р": "", "рр": "", "вже": "", "уже": "",
        "ще": "", "лише": "", "тільки": "",
        "також": "", "теж": "", "числа": "", "число": "", "найближчі": "coming",
        "через": "in", "обіду": "noon", "обід": "noon",
    },
}


@functools.cache
def date_words(language: str) -> dict[str, str]:
    """Every form of the date words, each with its English reading word."""
    from dateparser.data.date_translation_data import ru, uk

    info = {RU: ru.info, UK: uk.info}[language]
    words: dict[str, str] = {}

    def add(word: str, english: str, pos: str | None = None) -> None:
        for form in lexeme(word, language, pos=pos):
            words.setdefault(normalize(form), english)

    for key in _MONTH_KEYS + _WEEKDAY_KEYS:
        for name in info[key]:
            name = normalize(name)
            if len(name) > 3:
                add(name, key, pos="NOUN")
            else:  # an abbreviation: "авг", "пн"
                words.setdefault(name, key)
    for word, english in _DATE_LEMMAS[language].items():
        add(word, english)
    words.update(_DATE_WORDS[language])
    return words



_DATE_WORD = re.compile(WORD)
_ORDINAL_DAY = re.compile(r"\b(\d{1,2})-(?:го|е|ое|ого|й|ї|е)\b")  # "4-го августа"
_LOCAL_TIME = re.compile(r"\b(?:по|за) (?:московскому|киевскому|местному|київським|"
                         r"московським|місцевим) (?:времени|часом)\b")
_VERB_POS = {"VERB", "INFN", "GRND", "PRTS", "PRTF"}
_TO_WORDS = {"to", "until"}


def english_reading(text: str, language: str) -> tuple[str, bool]:
    """A Russian or Ukrainian date phrase in claims.dates' English reading words, and
    whether it is in the future tense: "с понедельника по пятницу" -> "from monday to
    friday"; "три дня назад" -> "3 day ago". A word the tables do not know is kept as
    written, so that the phrase is not read (never read by guessing)."""
    from .languages import tags

    words = date_words(language)
    number_forms = numbers(language)
    future = False

    def english(m: re.Match[str]) -> str:
        nonlocal future
        token = m.group()
        if token in words:
            return f" {words[token]} "
        if token in number_forms:
            return f" {number_forms[token]} "
        grammemes = tags(token, language)
        if grammemes & _VERB_POS:  # verbs carry no date, but their tense does
            future = future or "futr" in grammemes
            return " "
        return f" {token} "

    text = _LOCAL_TIME.sub(" local time ", _ORDINAL_DAY.sub(r"\1", normalize(text)))
    reading = re.sub(r"\s+", " ", _DATE_WORD.sub(english, text)).strip()
    reading = re.sub(r"\b(\d{4}) year\b", r"\1", reading)  # "2014 года": the year said once
    # "с апреля" (from April) with no end is "since April"; "с X на Y" (a night) is X to Y
    if "from" in reading.split():
        rest = reading.split("from", 1)[1]
        if not _TO_WORDS & set(rest.split()):
            if " on " in f" {rest} ":
                reading = reading.replace(" on ", " to ", 1)
            else:
                reading = reading.replace("from", "since", 1)
    # "неделю назад": a week ago
    reading = re.sub(r"(?:^|(?<=[^\d] ))(day|week|month|year) ago", r"a \1 ago", reading)
    return re.sub(r"\s+", " ", reading).strip(), future
