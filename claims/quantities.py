"""Read the numbers of news copy as intervals: "more than 400 soldiers" is (400, open).

``read_quantity(phrase, language="en")`` returns a :class:`Quantity` or
``None``; ``why_unreadable(phrase, language)`` says in words why a phrase gave
``None``. No Django, no database; every number is a :class:`~decimal.Decimal`.

Conventions:

* "438" is [438, 438]. "more than / over / above 400" is (400, open);
  "at least / no fewer than 1,129" and "1,129 or more" are [1129, open);
  "fewer than / less than / under / below 50" is (open, 50); "at most / up to /
  no more than / as many as 50" is (open, 50]. The open low end stays open
  (``None``), not zero.
* "about / around / some / roughly / approximately / an estimated / 400 or so"
  is the figure +/- 10 %, closed, marked ``approximate``; for a whole figure the
  ends are widened to whole numbers ("about 1,129" is [1016, 1242]). An
  approximate range ("about 1,800-2,200") is kept as given and marked
  approximate.
* "nearly / almost / close to / just under 2,000" is [90 % of it, 2,000): below
  the figure but within a tenth of it. "just over 400" is (400, 440].
* Vague words: "a dozen" [12, 12]; "a couple (of)" [2, 3]; "a few" and
  "a handful" [2, 5]; "several" [3, 9]; "dozens" [24, 99]; "scores" [40, 99];
  "tens" [20, 99]; "hundreds" [200, 999]; "thousands" [2000, 9999]; "millions"
  [2e6, 1e7 - 1]. A scale after them multiplies: "a few hundred" [200, 500],
  "tens of thousands" [20000, 99999], "hundreds of thousands" [200000, 999999].
* Scales: "1.2 million", "3.5bn", "2 billion", "10k", "1.5 trillion"/"tn";
  number words: "three", "twenty-five", "a hundred", "two thousand", "half a
  million". Commas are thousands separators, never decimal points.
* Ranges: "between 100 and 150", "100-150", "100 to 150", "from 100 to 150",
  "1.2-1.5 million" (the scale of the high end also applies to the low end when
  the low figure is the smaller as written). A range whose low end is above its
  high end is refused.
* Unit: the noun phrase after the number, lower-case, kept whole:
  "more than 400 Ukrainian soldiers" has unit "ukrainian soldiers" and
  "more than 100 fighter jets and helicopters" has unit "fighter jets and
  helicopters" (matching a bare "soldiers" is the comparing code's job).
  "of" and "of the" in front are dropped ("hundreds of soldiers": "soldiers");
  a pronoun ("more than 180 of them") leaves the unit empty. The unit ends at
  punctuation, a function word or a common reporting verb, and has at most six
  words. "per cent", "percent" and "%" give unit "%"; a leading $, €, £ or ₽
  gives that sign as the unit.
* Ordinals ("72nd brigade", "72-ї бригади") are not quantities.
* Verbs that bound a figure: "exceeded / surpassed / topped / passed 500" is
  (500, open); "nearing / approaching 500" is like "nearly". "400-odd" is
  about 400. "one soldier", "a single drone" are [1, 1]; "no injuries",
  "nobody", "not a single" are [0, 0] ("no" counts only a plural noun: "no
  information" is no figure). "3.2m", "$4bn", "10k" are scales glued to the
  figure.
* Never a silent misread: the word just before the figure (or its bound) must
  be one the desk knows leaves it unchanged (an article, a preposition of
  place, a pronoun, a reporting or counting verb: "killed 23", "of them more
  than 180"); any other word ("hit 500", "near 500", "per 100", "not 400")
  makes the phrase unreadable, the word named in the reason. So does a second
  figure: joined by "or", "but", "if not", "in", "per" ("400 or 500", "one in
  five") or further on ("12 killed and 30 injured"), since either may be the
  claim's; a year or a day of a month ("in 2014", "on 4 August") is no second
  figure. "at least 400 but fewer than 500" is one interval, [400, 500). A
  word after the figure that makes it a difference ("500 more soldiers", "400
  fewer") is refused too.
* Totals of parts: "120 adults and 30 children" is [150, 150], its parts kept
  in ``parts`` and shown in the reading ("150 people: 120 adults + 30
  children"). Bounds add up ("more than 100 adults and 30 children" is (130,
  open)). The total's unit is the parts' unit when they share one, "people"
  when every part counts people, else the units joined by "+". Two figures
  joined by "and" without units ("100 and 150") are refused: a range is
  "between 100 and 150".
* Russian and Ukrainian (``language="ru"`` / ``"uk"``): each word is put into
  the English words above and read by the same rules: "более / свыше /
  больше", "понад / більше" (over), "не менее / по меньшей мере / как
  минимум", "щонайменше / принаймні" (at least), "около / порядка",
  "близько" (about), "почти", "майже" (nearly), "до" (up to), "от … до …",
  "від … до …" (a range), "сотни / десятки / тысячи", "сотні / десятки /
  тисячі" (hundreds, tens, thousands), "несколько сотен", "кілька сотень" (a
  few hundred), "превысило", "перевищило" (exceeded). Number words are read in
  every case form ("четырёхсот", "чотирьохсот"), from pymorphy3's
  dictionaries. The unit is the dictionary form of its words, adjectives
  agreeing with the first noun ("военнослужащих" is "военнослужащий",
  "мирных жителей" "мирный житель", "членов экипажа" "член экипажа"). A comma
  is a decimal point ("2,5 тыс." is 2,500); "1,129" could be either and is
  refused; digits grouped by spaces ("1 129") are one figure. "по 100" (a
  hundred each) and "за 400" are refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

from .cyrillic import WORD, date_words, numbers, scales
from .cyrillic import normalize as cy_normalize
from .languages import (
    EN,
    RU,
    UK,
    agree_adjective,
    all_lemmas,
    known,
    lemma,
    may_be_plural,
    tags,
)

__all__ = ["Quantity", "QuantityError", "read_quantity", "parse_quantity", "why_unreadable"]

_TENTH = Decimal("0.1")
_ONE = Decimal(1)


class QuantityError(ValueError):
    """Raised by :func:`parse_quantity`; the message is fit to show in a form."""


@dataclass(frozen=True)
class Quantity:
    """An interval with a unit; ``None`` marks an open end."""

    low: Decimal | None
    high: Decimal | None
    low_inclusive: bool = True
    high_inclusive: bool = True
    unit: str = ""
    approximate: bool = False
    # A total read from its parts ("120 adults and 30 children"): the parts, in order.
    parts: tuple[Quantity, ...] = ()

    def contains(self, value: Decimal) -> bool:
        """Whether ``value`` lies in the interval (respecting open and exclusive ends)."""
        value = Decimal(value)
        if self.low is not None:
            if value < self.low or (value == self.low and not self.low_inclusive):
                return False
        if self.high is not None:
            if value > self.high or (value == self.high and not self.high_inclusive):
                return False
        return True

    def describe(self) -> str:
        """Short words: "438 soldiers", "over 400", "at least 1,129", "roughly 1,800–2,200"."""
        low, high = self.low, self.high
        if low is not None and high is not None:
            if low == high and self.low_inclusive and self.high_inclusive:
                text = _with_unit(_number(low), self.unit)
            elif self.low_inclusive and self.high_inclusive:
                text = _with_unit(f"{_number(low)}–{_number(high)}", self.unit)
            elif self.low_inclusive:
                text = _with_unit(f"{_number(low)} to under {_number(high)}", self.unit)
            elif self.high_inclusive:
                text = _with_unit(f"over {_number(low)}, up to {_number(high)}", self.unit)
            else:
                text = _with_unit(
                    f"between {_number(low)} and {_number(high)}, exclusive", self.unit
                )
        elif low is not None:
            word = "at least" if self.low_inclusive else "over"
            text = f"{word} {_with_unit(_number(low), self.unit)}"
        elif high is not None:
            word = "at most" if self.high_inclusive else "under"
            text = f"{word} {_with_unit(_number(high), self.unit)}"
        else:
            text = _with_unit("any number", self.unit)
        text = f"roughly {text}" if self.approximate else text
        if self.parts:
            text += ": " + " + ".join(part.describe() for part in self.parts)
        return text


_SIGNS = ("$", "€", "£", "₽")


def _number(value: Decimal) -> str:
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value.normalize():,f}"


def _with_unit(text: str, unit: str) -> str:
    if not unit:
        return text
    if unit == "%":
        return f"{text}%"
    if unit in _SIGNS:
        return f"{unit}{text}"
    return f"{text} {unit}"


def _tidy(value: Decimal) -> Decimal:
    """1200000.0 -> 1200000; 2.50 -> 2.5 (no exponent notation)."""
    if value == value.to_integral_value():
        return value.quantize(_ONE)
    return Decimal(format(value.normalize(), "f"))


# --- Vocabulary ------------------------------------------------------------------------

_UNITS_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
_TENS_WORDS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90,
}
_SCALES = {
    "hundred": 100, "thousand": 1_000, "k": 1_000, "million": 1_000_000, "mln": 1_000_000,
    "mn": 1_000_000, "billion": 1_000_000_000, "bn": 1_000_000_000, "bln": 1_000_000_000,
    "trillion": 10**12, "tn": 10**12, "m": 1_000_000, "b": 1_000_000_000,
}
_BIG_WORDS = {"hundred", "thousand", "million", "billion", "trillion"}
# "10k" is ten thousand, "3.2m" 3.2 million, "$4bn" four billion; "10 k", "3 m" are not scales.
_GLUED_ONLY = {"k", "tn", "m", "b"}
# Vague amounts: (low, high) of the word on its own.
_VAGUE = {
    ("a", "dozen"): (12, 12), ("dozen",): (12, 12), ("half", "a", "dozen"): (6, 6),
    ("a", "couple", "of"): (2, 3), ("a", "couple"): (2, 3), ("couple", "of"): (2, 3),
    ("a", "few"): (2, 5), ("a", "handful", "of"): (2, 5), ("a", "handful"): (2, 5),
    ("several",): (3, 9), ("dozens",): (24, 99), ("scores",): (40, 99), ("tens",): (20, 99),
    ("a", "single"): (1, 1), ("no", "one"): (0, 0), ("nobody",): (0, 0), ("none",): (0, 0),
    ("not", "a", "single"): (0, 0), ("not", "one"): (0, 0),
}
# "no injuries", "no civilians": none of a plural noun ("no information" is not a count).
_NO = "no"
_PLURAL_ALONE = {"people", "children", "men", "women", "crew", "police", "staff", "troops"}
# Plural scale words: "hundreds" is 2..9.99 hundreds.
_PLURAL_SCALES = {
    "hundreds": 100, "thousands": 1_000, "millions": 1_000_000, "billions": 1_000_000_000,
}

_GT, _GE, _LT, _LE, _ABOUT, _NEARLY, _JUST_OVER, _BETWEEN = (
    "gt", "ge", "lt", "le", "about", "nearly", "just_over", "between"
)
_MODIFIERS: dict[tuple[str, ...], str] = {
    ("more", "than"): _GT, ("over",): _GT, ("above",): _GT, ("in", "excess", "of"): _GT,
    ("upwards", "of"): _GT, ("upward", "of"): _GT, ("greater", "than"): _GT,
    ("well", "over"): _GT, ("well", "above"): _GT, ("more", "then"): _GT,
    ("at", "least"): _GE, ("no", "fewer", "than"): _GE, ("no", "less", "than"): _GE,
    ("not", "less", "than"): _GE, ("not", "fewer", "than"): _GE, ("a", "minimum", "of"): _GE,
    ("minimum", "of"): _GE, ("at", "a", "minimum"): _GE,
    ("fewer", "than"): _LT, ("less", "than"): _LT, ("under",): _LT, ("below",): _LT,
    ("at", "most"): _LE, ("up", "to"): _LE, ("no", "more", "than"): _LE,
    ("not", "more", "than"): _LE, ("a", "maximum", "of"): _LE, ("maximum", "of"): _LE,
    ("as", "many", "as"): _LE, ("as", "much", "as"): _LE, ("as", "few", "as"): _LE,
    ("at", "a", "maximum"): _LE,
    ("about",): _ABOUT, ("around",): _ABOUT, ("some",): _ABOUT, ("roughly",): _ABOUT,
    ("approximately",): _ABOUT, ("approx",): _ABOUT, ("an", "estimated"): _ABOUT,
    ("estimated",): _ABOUT, ("circa",): _ABOUT, ("ca",): _ABOUT, ("~",): _ABOUT,
    ("in", "the", "region", "of"): _ABOUT, ("on", "the", "order", "of"): _ABOUT,
    ("an", "approximate"): _ABOUT, ("nearly",): _NEARLY, ("almost",): _NEARLY,
    ("close", "to"): _NEARLY, ("just", "under"): _NEARLY, ("just", "below"): _NEARLY,
    ("just", "shy", "of"): _NEARLY, ("just", "over"): _JUST_OVER,
    ("just", "above"): _JUST_OVER, ("slightly", "more", "than"): _JUST_OVER,
    ("a", "little", "over"): _JUST_OVER, ("between",): _BETWEEN, ("from",): _BETWEEN,
    # verbs that bound a figure: "topped 500" is (500, open), "nearing 500" below it
    ("exceeded",): _GT, ("exceeds",): _GT, ("exceeding",): _GT, ("exceed",): _GT,
    ("surpassed",): _GT, ("surpassing",): _GT, ("topped",): _GT, ("tops",): _GT,
    ("topping",): _GT, ("passed",): _GT, ("well", "under"): _LT,
    ("nearing",): _NEARLY, ("neared",): _NEARLY, ("approaching",): _NEARLY,
}
_SUFFIXES: dict[tuple[str, ...], str] = {
    ("or", "more"): _GE, ("and", "more"): _GE, ("or", "above"): _GE, ("+",): _GE,
    ("-", "plus"): _GE, ("plus",): _GE, ("or", "so"): _ABOUT, ("or", "fewer"): _LE,
    ("or", "less"): _LE, ("and", "up"): _GE, ("and", "over"): _GE, ("or", "over"): _GE,
    ("odd",): _ABOUT, ("-", "odd"): _ABOUT, ("at", "least"): _GE, ("at", "most"): _LE,
}
_MAX_MODIFIER = max(len(k) for k in _MODIFIERS)
_MAX_SUFFIX = max(len(k) for k in _SUFFIXES)

_PRONOUNS = {"them", "those", "these", "whom", "which", "us", "it", "you", "they"}
_UNIT_STOP = {
    # function words
    "a", "an", "the", "had", "has", "have", "having", "were", "was", "are", "is", "be", "been",
    "being", "will", "would", "could", "should", "may", "might", "can", "did", "do", "does",
    "who", "whom", "whose", "which", "that", "this", "these", "those", "there", "then",
    "to", "in", "on", "at", "from", "into", "onto", "by", "for", "with", "without", "across",
    "over", "under", "near", "since", "after", "before", "during", "per", "than", "as",
    "of", "or", "but", "not", "no", "so", "while", "when", "where", "if", "because", "out",
    "up", "down", "off", "around", "about", "through", "between", "against", "according",
    "said", "says", "say", "told", "tell", "reported", "reports",
    # common news verbs
    "crossed", "cross", "reached", "reach", "killed", "died", "die", "fled", "flee",
    "defected", "defect", "deserted", "arrived", "left", "remain", "remained", "returned",
    "sent", "took", "taken", "wounded", "injured", "captured", "surrendered",
    "stayed", "entered", "involved", "participated", "included", "including",
}
_MAX_UNIT_WORDS = 6
# Words that may stand just before a figure (or its bound) without changing it: "killed 23",
# "of them more than 180", "a total of 400". Any other word there makes the phrase
# unreadable, with the word named: "hit 500", "near 500", "per 100", "not 400" would
# otherwise read as a plain figure.
_NEUTRAL = {
    "a", "an", "the", "of", "for", "on", "in", "at", "by", "with", "to", "and", "or", "but",
    "that", "which", "who", "whom", "this", "these", "those", "its", "their", "his", "her",
    "our", "my", "your", "all", "only", "just", "another", "total", "them", "they", "we", "he",
    "she", "it", "i", "you", "there", "here", "now", "then", "also", "still", "already",
    "said", "says", "say", "told", "tells", "reported", "reports", "claimed", "claims",
    "counted", "numbered", "numbering", "totalled", "totaled", "totalling", "totaling",
    "had", "has", "have", "were", "was", "are", "is", "be", "been", "being", "will", "would",
    "could", "may", "might", "killed", "killing", "kills", "wounded", "wounding", "injured",
    "injuring", "died", "crossed", "crossing", "reached", "reaching", "sent", "sending",
    "took", "taking", "fired", "firing", "destroyed", "destroying", "captured", "capturing",
    "carried", "carrying", "included", "including", "includes", "left", "leaving", "lost",
    "losing", "deployed", "detained", "arrested", "evacuated", "displaced", "fled", "freed",
    "released", "saw", "seen", "registered", "recorded", "confirmed", "put", "puts",
    "stood", "stands", "remain", "remained", "involved", "affected", "received", "returned",
    "deserted", "defected", "surrendered", "entered", "brought", "bringing", "brings",
    "remaining", "further", "additional", "other", "estimated",
}

_TOKEN = re.compile(
    r"(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?|\.\d+)"
    r"|(?P<word>[a-z]+(?:['-][a-z]+)*)"
    r"|(?P<sym>[%$€£₽~+\-])"
    r"|(?P<punct>[^\s\w])"
)
_QUOTES = re.compile(r"[\"“”«»„]|(?<![a-z])'|'(?![a-z])")
_PERCENT = re.compile(r"\b(?:per ?cent|pct)\b")


@dataclass(frozen=True)
class _Tok:
    text: str
    kind: str  # "num", "word", "sym", "punct", "stop" (a word that ends a unit)
    glued: bool  # no space before this token
    neutral: bool = False  # a word that may stand before a figure without changing it
    source: str = ""  # the word as written, when ``text`` is its reading (Russian, Ukrainian)
    unit: str = ""  # the word as a unit takes it (its dictionary form), when not ``text``


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    previous_end = -1
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        word = m.group()
        neutral = kind == "word" and (word in _NEUTRAL or word.endswith("'s"))
        out.append(_Tok(word, kind, m.start() == previous_end, neutral))
        previous_end = m.end()
    return out


def _clean(phrase: str) -> str:
    text = phrase.lower().replace("’", "'").replace("‘", "'")
    text = text.replace("–", "-").replace("—", "-")
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2009", " ")
    text = _QUOTES.sub(" ", text)
    text = _PERCENT.sub("%", text)
    text = re.sub(r"\bapprox\.", "approx", text)
    return re.sub(r"\s+", " ", text).strip()


# --- Parsing ---------------------------------------------------------------------------


class _Parser:
    """Reads one quantity starting at a token index; every method returns (value, next)."""

    def __init__(self, toks: list[_Tok], language: str = EN):
        self.toks = toks
        self.words = [t.text for t in toks]
        self.language = language

    def seq(self, i: int, table: dict[tuple[str, ...], str], longest: int) -> tuple[str, int]:
        for size in range(longest, 0, -1):
            key = tuple(self.words[i:i + size])
            if len(key) == size and key in table:
                return table[key], i + size
        return "", i

    # A single figure: digits with scale, number words, or a vague amount.
    def figure(self, i: int) -> tuple[tuple[Decimal, Decimal, bool] | None, int]:
        """(low, high, exact) of one figure at ``i``; exact is False for vague words."""
        toks = self.toks
        if i >= len(toks):
            return None, i
        tok = toks[i]
        if tok.kind == "num":
            if i + 1 < len(toks) and toks[i + 1].glued and toks[i + 1].text in (
                "st", "nd", "rd", "th"
            ):
                return None, i  # an ordinal
            try:
                value = Decimal(tok.text.replace(",", ""))
            except InvalidOperation:
                return None, i
            j = i + 1
            if j < len(toks) and toks[j].text in _SCALES and (
                toks[j].glued or toks[j].text not in _GLUED_ONLY
            ):
                value *= _SCALES[toks[j].text]
                j += 1
                if j < len(toks) and toks[j].text in _SCALES and toks[j].text in _BIG_WORDS:
                    value *= _SCALES[toks[j].text]  # "1.5 thousand million"
                    j += 1
            return (value, value, True), j
        if tok.kind != "word":
            return None, i

        if tok.text == _NO and self.language != EN:  # "ни одного", "жодного"
            return (Decimal(0), Decimal(0), True), i + 1
        if tok.text == _NO and i + 1 < len(toks) and toks[i + 1].kind == "word":
            noun = self.words[i + 1]
            if noun in _PLURAL_ALONE or (noun.endswith("s") and noun not in _UNIT_STOP):
                return (Decimal(0), Decimal(0), True), i + 1
        # vague amounts, possibly scaled: "a few hundred", "tens of thousands"
        for size in (3, 2, 1):
            key = tuple(self.words[i:i + size])
            if len(key) == size and key in _VAGUE:
                low, high = _VAGUE[key]
                j = i + size
                scale, j = self.vague_scale(j)
                if scale is None:
                    return (Decimal(low), Decimal(high), low == high), j
                if scale[1]:  # plural: "tens of thousands"
                    return (Decimal(low * scale[0]), Decimal((high + 1) * scale[0] - 1), False), j
                return (Decimal(low * scale[0]), Decimal(high * scale[0]), low == high), j
        if tok.text in _PLURAL_SCALES:
            unit = _PLURAL_SCALES[tok.text]
            low, high = 2 * unit, 10 * unit - 1
            scale, j = self.vague_scale(i + 1)
            if scale is not None and scale[1]:  # "hundreds of thousands"
                return (Decimal(low * scale[0]), Decimal((high + 1) * scale[0] - 1), False), j
            return (Decimal(low), Decimal(high), False), i + 1
        if self.words[i:i + 2] == ["half", "a"] and i + 2 < len(toks) and (
            self.words[i + 2] in _BIG_WORDS
        ):
            half = Decimal(_SCALES[self.words[i + 2]]) / 2
            return (half, half, True), i + 3
        value, j = self.number_words(i)
        if value is None:
            return None, i
        if j < len(toks) and self.words[j] == "dozen":
            value *= 12
            j += 1
        return (value, value, True), j

    def vague_scale(self, j: int) -> tuple[tuple[int, bool] | None, int]:
        """A scale after a vague word: "hundred" -> (100, False); "of thousands" -> (1000, True)."""
        words = self.words
        if j < len(words) and words[j] in _BIG_WORDS:
            return (_SCALES[words[j]], False), j + 1
        if j < len(words) and words[j] == "tens":  # "несколько десятков": several tens
            return (10, False), j + 1
        if j < len(words) and words[j] == "dozen":  # "a few dozen"
            return (12, False), j + 1
        if j + 1 < len(words) and words[j] == "of" and words[j + 1] in _PLURAL_SCALES:
            return (_PLURAL_SCALES[words[j + 1]], True), j + 2
        return None, j

    def number_words(self, i: int) -> tuple[Decimal | None, int]:
        """"three", "twenty-five", "a hundred", "two thousand three hundred and six"."""
        words = self.words
        parts: list[tuple[str, int]] = []  # (part, index of the token it came from)
        j = i
        if j < len(words) and words[j] in ("a", "an"):
            if j + 1 < len(words) and words[j + 1] in _BIG_WORDS:
                parts.append(("one", j))
                j += 1
            else:
                return None, i
        while j < len(words) and self.toks[j].kind == "word":
            pieces = words[j].split("-")
            if not all(p in _UNITS_WORDS or p in _TENS_WORDS or p in _BIG_WORDS for p in pieces):
                if (
                    words[j] == "and" and parts and parts[-1][0] in _BIG_WORDS
                    and j + 1 < len(words)
                    and words[j + 1].split("-")[0] in (_UNITS_WORDS.keys() | _TENS_WORDS.keys())
                ):
                    j += 1
                    continue
                break
            parts.extend((p, j) for p in pieces)
            j += 1
        if not parts or parts[0][0] in _BIG_WORDS:
            return None, i
        total = current = 0
        for part, _ in parts:
            if part in _UNITS_WORDS:
                current += _UNITS_WORDS[part]
            elif part in _TENS_WORDS:
                current += _TENS_WORDS[part]
            elif part == "hundred":
                current = (current or 1) * 100
            else:
                total += (current or 1) * _SCALES[part]
                current = 0
        return Decimal(total + current), j

    def read(self, i: int) -> tuple[Quantity | None, int]:
        """A quantity starting at ``i`` (modifier, figure, range end, suffix, unit)."""
        toks = self.toks
        sign = ""
        mode, j = self.seq(i, _MODIFIERS, _MAX_MODIFIER)
        if j < len(toks) and toks[j].text in _SIGNS:
            sign = toks[j].text
            j += 1
        first, k = self.figure(j)
        if first is None:
            return None, i
        low, high, exact = first
        approximate = False
        # range: "100-150", "100 to 150", "between 100 and 150"
        if mode in ("", _ABOUT, _BETWEEN) and exact and k < len(toks):
            joiners = ("-", "to", "and") if mode == _BETWEEN else ("-", "to")
            if toks[k].text in joiners:
                k2 = k + 1
                if k2 < len(toks) and toks[k2].text in _SIGNS:
                    k2 += 1
                second, k3 = self.figure(k2)
                if second is not None and second[2]:
                    high = second[1]
                    low = self.rescale(toks[j], toks[k - 1], low, toks[k2], second[0])
                    if low > high:
                        raise QuantityError(
                            f"Low end ({_number(_tidy(low))}) is above high end "
                            f"({_number(_tidy(high))})."
                        )
                    k = k3
                    approximate = mode == _ABOUT
                    mode = "range"
        if mode == _BETWEEN:
            return None, i  # "between 100" or "from 100" with no other end
        suffix, k = self.seq(k, _SUFFIXES, _MAX_SUFFIX)
        if k < len(toks) and toks[k].text == "%":
            unit = "%"
            k += 1
        elif sign:
            unit = sign
        else:
            unit = ""
        if suffix and mode in ("", "range"):
            mode = suffix
        if not unit:
            unit, k = self.unit(k)
        quantity = _shape(low, high, mode, exact, unit, approximate)
        return quantity, k

    @staticmethod
    def rescale(first_tok: _Tok, last_tok: _Tok, low: Decimal, second_tok: _Tok,
                second_low: Decimal) -> Decimal:
        """"1.2-1.5 million": give the low figure the high figure's scale."""
        if first_tok is not last_tok or first_tok.kind != "num":
            return low  # the low figure had its own scale or was in words
        if second_tok.kind != "num":
            return low
        try:
            written_second = Decimal(second_tok.text.replace(",", ""))
        except InvalidOperation:
            return low
        if written_second == 0 or second_low == written_second:
            return low
        scale = second_low / written_second
        return low * scale if low <= written_second else low

    def unit(self, k: int) -> tuple[str, int]:
        toks, words = self.toks, self.words
        if k < len(toks) and words[k] == "of":
            if k + 1 < len(toks) and words[k + 1] in _PRONOUNS:
                return "", k + 2
            k += 1
            if k < len(toks) and words[k] in ("the", "these", "those", "its", "their", "our"):
                k += 1
        taken: list[_Tok] = []
        while k < len(toks) and len(taken) < _MAX_UNIT_WORDS:
            tok = toks[k]
            if tok.kind != "word" or tok.text in _UNIT_STOP:
                if tok.text == "-" and taken and k + 1 < len(toks) and toks[k + 1].kind == "word":
                    last = taken[-1]
                    joined = f"{last.text}-{toks[k + 1].text}"
                    taken[-1] = _Tok(joined, "word", last.glued, source=joined, unit=joined)
                    k += 2
                    continue
                break
            if tok.text == "and":
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                if not taken or nxt is None or nxt.kind != "word" or nxt.text in _UNIT_STOP:
                    break
            taken.append(tok)
            k += 1
        while taken and taken[-1].text == "and":
            taken.pop()
        if taken and taken[0].text in _DIFFERENCE:
            raise QuantityError(
                f"“{taken[0].text}” after the figure makes it a difference, not a count; "
                "fill in the fields if the claim is a count."
            )
        if self.language == EN:
            return " ".join(t.text for t in taken), k
        return cyrillic_unit([t.source or t.text for t in taken], self.language), k


def _round_out(low: Decimal, high: Decimal, whole: bool) -> tuple[Decimal, Decimal]:
    if whole:
        return low.to_integral_value(ROUND_FLOOR), high.to_integral_value(ROUND_CEILING)
    return low, high


def _shape(low: Decimal, high: Decimal, mode: str, exact: bool, unit: str,
           approximate: bool) -> Quantity:
    whole = low == low.to_integral_value() and high == high.to_integral_value()
    lo_inc = hi_inc = True
    lo: Decimal | None = low
    hi: Decimal | None = high
    if mode == _GT:
        lo, hi, lo_inc = high, None, False
    elif mode == _GE:
        lo, hi = low, None
    elif mode == _LT:
        lo, hi, hi_inc = None, low, False
    elif mode == _LE:
        lo, hi = None, high
    elif mode == _ABOUT:
        lo, hi = _round_out(low * (1 - _TENTH), high * (1 + _TENTH), whole)
        approximate = True
    elif mode == _NEARLY:
        lo = _round_out(low * (1 - _TENTH), low, whole)[0]
        hi, hi_inc = low, False
    elif mode == _JUST_OVER:
        lo, lo_inc = high, False
        hi = _round_out(high, high * (1 + _TENTH), whole)[1]
    return Quantity(
        low=None if lo is None else _tidy(lo),
        high=None if hi is None else _tidy(hi),
        low_inclusive=lo_inc,
        high_inclusive=hi_inc,
        unit=unit,
        approximate=approximate,
    )


def parse_quantity(phrase: str, language: str = EN) -> Quantity:
    """Like :func:`read_quantity`, but raises :class:`QuantityError` saying why."""
    if not isinstance(phrase, str) or not phrase.strip():
        raise QuantityError("Nothing to read: the phrase is empty.")
    if len(phrase) > 500:
        raise QuantityError("The phrase is too long to read as a quantity.")
    language = known(language)
    if language == EN:
        toks = _tokens(_clean(phrase))
    else:
        toks = cyrillic_tokens(phrase, language)
    parser = _Parser(toks, language)
    for i in range(len(toks)):
        quantity, k = parser.read(i)
        if quantity is None:
            continue
        _refuse_unknown_neighbour(toks, i)
        parts = [quantity]
        while k + 1 < len(toks) and toks[k].text in _PART_JOINERS:
            part, after = parser.read(k + 1)
            if part is None or (toks[k].text == "," and not part.unit):
                break
            if not parts[-1].unit or not part.unit:
                raise QuantityError(
                    f"Two figures joined by “{toks[k].source or toks[k].text}”: a range is "
                    "written “between 100 and 150”, and a total needs a unit with each part "
                    "(“120 adults and 30 children”)."
                )
            parts.append(part)
            k = after
        if len(parts) == 1:
            bounded = _second_bound(parser, toks, k, quantity)
            if bounded is not None:
                return bounded
        _refuse_a_second_figure(parser, toks, k)
        return quantity if len(parts) == 1 else _total(parts, language)
    raise QuantityError("No number or amount word (such as “hundreds”) found.")


# Words after a figure that make it a difference, not a count: "500 more soldiers".
_DIFFERENCE = {"more", "fewer", "less", "extra"}
# Words between two figures that the desk does not read as one quantity: "400 or 500",
# "hundreds if not thousands", "one in five", "5 per 100".
_SECOND_FIGURE = {"but", "or", "if", "nor", "in", "per", "out", "to", "-", "versus", "vs"}


def _second_bound(parser, toks, k: int, first: Quantity) -> Quantity | None:
    """"at least 400 but fewer than 500": a lower and an upper bound make one interval."""
    if k + 1 >= len(toks) or toks[k].text not in ("but", "and"):
        return None
    second, _ = parser.read(k + 1)
    if second is None:
        return None
    if first.high is None and second.low is None and second.high is not None:
        low, high = first, second
    elif first.low is None and second.high is None and first.high is not None:
        low, high = second, first
    else:
        return None
    if low.low is None or low.low > high.high:
        raise QuantityError("The two bounds leave no figure between them.")
    return Quantity(low.low, high.high, low.low_inclusive, high.high_inclusive,
                    low.unit or high.unit, low.approximate or high.approximate)


def _refuse_a_second_figure(parser, toks, k: int) -> None:
    """A second figure joined to the first by "or", "but", "if not", "in", "per"... is a
    choice, a ratio or a correction the desk cannot put in one interval; one further on
    ("12 killed and 30 injured") may be the claim's as much as the first: refuse both."""
    if k < len(toks) and toks[k].text in _SECOND_FIGURE:
        for j in range(k + 1, min(k + 4, len(toks))):
            if toks[j].kind == "num" and _a_date_figure(toks, j):
                continue  # "more than 400 soldiers in 2014"
            if parser.figure(j)[0] is not None:
                raise QuantityError(
                    f"Two figures joined by “{toks[k].source or toks[k].text}”: give the one "
                    "the claim states, or a range (“between 400 and 500”), or fill in the "
                    "fields."
                )
    for j in range(k, len(toks)):
        if toks[j].kind == "num" and not _a_date_figure(toks, j):
            raise QuantityError(
                f"A second figure (“{toks[j].text}”) after the first: give the phrase of the "
                "one the claim states, or fill in the fields."
            )


def _a_date_figure(toks, j: int) -> bool:
    """A year ("in 2014") or a day of a month ("on 4 August", "4 августа") in a phrase."""
    text = toks[j].text
    if text.isdecimal() and 1900 <= int(text) <= 2100:
        return True
    neighbours = [toks[n] for n in (j - 1, j + 1) if 0 <= n < len(toks)]
    return any(_is_month(t) for t in neighbours)


def _is_month(tok: _Tok) -> bool:
    from .dates import _MONTHS

    word = tok.source or tok.text
    if word in _MONTHS:
        return True
    return any(date_words(lang).get(word) in _MONTHS for lang in (RU, UK)) if word else False


_PART_JOINERS = {"and", "plus", ","}
# "of" in Russian and Ukrainian too: "половина из 400", "третина з 400" is a part.
_LOOK_THROUGH = {"the", "of", "a", "an", "из", "з", "із"}


def _refuse_unknown_neighbour(toks: list[_Tok], i: int) -> None:
    """A word just before the figure that the desk does not know may change it: refuse."""
    j = i - 1
    while j > 0 and toks[j].text in _LOOK_THROUGH and toks[j - 1].kind in ("word", "stop"):
        j -= 1  # "half of the 400": the word that counts is "half"
    if j < 0:
        return
    before = toks[j]
    if before.kind in ("word", "stop") and not before.neutral:
        raise QuantityError(
            f"“{before.source or before.text}” is not a word I know for a bound. Write the "
            "bound the desk knows (such as “more than”, “at least”, “about”), or fill in "
            "the fields yourself."
        )


# Units that count people, so that a total of them is a number of people.
_PEOPLE = {
    EN: {
        "people", "persons", "adults", "children", "kids", "men", "women", "passengers",
        "crew", "soldiers", "servicemen", "troops", "civilians", "officers", "fighters",
        "rebels", "refugees", "residents", "workers", "journalists", "staff", "pilots",
        "sailors", "volunteers", "prisoners", "hostages", "students", "patients", "victims",
        "members", "police", "policemen", "guards", "border guards", "militants", "infants",
        "babies", "girls", "boys", "teenagers", "migrants",
    },
    RU: {
        "человек", "взрослый", "ребенок", "мужчина", "женщина", "пассажир", "член",
        "военнослужащий", "военный", "солдат", "боец", "офицер", "житель", "беженец",
        "пограничник", "ополченец", "заложник", "пленный", "журналист", "сотрудник", "пилот",
        "моряк", "доброволец", "студент", "пациент", "рабочий", "полицейский", "девочка",
        "мальчик", "подросток",
    },
    UK: {
        "людина", "дорослий", "дитина", "чоловік", "жінка", "пасажир", "член",
        "військовослужбовець", "військовий", "солдат", "боєць", "офіцер", "житель",
        "мешканець", "біженець", "прикордонник", "заручник", "полонений", "журналіст",
        "співробітник", "пілот", "моряк", "доброволець", "студент", "пацієнт", "робітник",
        "поліцейський", "цивільний", "дівчинка", "хлопчик", "підліток",
    },
}
_PEOPLE_UNIT = {EN: "people", RU: "человек", UK: "людина"}


def _total(parts: list[Quantity], language: str) -> Quantity:
    """The sum of parts ("120 adults and 30 children": 150 people), the parts kept."""
    lows = [p.low for p in parts]
    highs = [p.high for p in parts]
    units = [p.unit for p in parts]
    people = _PEOPLE[language]
    if len(set(units)) == 1:
        unit = units[0]
    elif all(u in people or set(cy_normalize(u).split()) & people for u in units):
        unit = _PEOPLE_UNIT[language]
    else:
        unit = " + ".join(dict.fromkeys(units))
    return Quantity(
        low=None if None in lows else _tidy(sum(lows, Decimal(0))),
        high=None if None in highs else _tidy(sum(highs, Decimal(0))),
        low_inclusive=all(p.low_inclusive for p in parts),
        high_inclusive=all(p.high_inclusive for p in parts),
        unit=unit[:100],
        approximate=any(p.approximate for p in parts),
        parts=tuple(parts),
    )


def read_quantity(phrase: str, language: str = EN) -> Quantity | None:
    """Read a quantity phrase as an interval; ``None`` when there is none to read."""
    try:
        return parse_quantity(phrase, language)
    except (QuantityError, InvalidOperation, ArithmeticError):
        return None


def why_unreadable(phrase: str, language: str = EN) -> str:
    """Why :func:`read_quantity` returns ``None`` for ``phrase``; "" when it reads fine."""
    try:
        parse_quantity(phrase, language)
    except QuantityError as error:
        return str(error)
    except (InvalidOperation, ArithmeticError):
        return "The number is too large or malformed."
    return ""


# --- Russian and Ukrainian ----------------------------------------------------------------
# A phrase is put into the English reading words above, word by word, and read by the same
# parser: "свыше 400 украинских военнослужащих" is read as "over 400 <unit>", the unit being
# the dictionary form of its words ("украинский военнослужащий"). Number words are known in
# every case form (claims.cyrillic); any other word is looked up in the morphology
# dictionary: a noun or an adjective is part of a unit, a verb or a particle ends it.

_CY_PHRASES: dict[str, dict[tuple[str, ...], str]] = {
    RU: {
        ("более", "чем"): "more than", ("больше", "чем"): "more than", ("более",): "more than",
        ("больше",): "more than", ("свыше",): "over", ("сверх",): "over",
        ("не", "менее", "чем"): "no fewer than", ("не", "менее"): "no fewer than",
        ("не", "меньше"): "no fewer than", ("по", "меньшей", "мере"): "at least",
        ("по", "крайней", "мере"): "at least", ("как", "минимум"): "at least",
        ("минимум",): "at least", ("не", "более", "чем"): "no more than",
        ("не", "более"): "no more than", ("не", "больше"): "no more than",
        ("как", "максимум"): "at most", ("максимум",): "at most",
        ("менее", "чем"): "fewer than", ("менее",): "fewer than", ("меньше",): "fewer than",
        ("около",): "about", ("порядка",): "about", ("примерно",): "approximately",
        ("приблизительно",): "approximately", ("ориентировочно",): "approximately",
        ("почти",): "nearly", ("практически",): "nearly", ("чуть", "более"): "just over",
        ("чуть", "больше"): "just over", ("чуть", "свыше"): "just over",
        ("немногим", "более"): "just over", ("чуть", "менее"): "just under",
        ("чуть", "меньше"): "just under", ("между",): "between", ("из", "них"): "of them",
        ("из", "которых"): "of them", ("несколько",): "several",
        ("несколько", "сот"): "several hundred", ("ни", "одного"): "no",
        ("ни", "один"): "no", ("ни", "одной"): "no", ("никто",): "nobody", ("и",): "and",
        ("а", "также"): "and", ("плюс",): "plus", ("или",): "or",
    },
    UK: {
        ("понад",): "over", ("більш", "ніж"): "more than", ("більше", "ніж"): "more than",
        ("більше",): "more than", ("більш",): "more than", ("щонайменше",): "at least",
        ("принаймні",): "at least", ("не", "менше", "ніж"): "no fewer than",
        ("не", "менше"): "no fewer than", ("не", "менш", "ніж"): "no fewer than",
        ("як", "мінімум"): "at least", ("мінімум",): "at least",
        ("не", "більше", "ніж"): "no more than", ("не", "більше"): "no more than",
        ("не", "більш", "ніж"): "no more than", ("максимум",): "at most",
        ("менше", "ніж"): "fewer than", ("менш", "ніж"): "fewer than", ("менше",): "fewer than",
        ("близько",): "about", ("приблизно",): "approximately",
        ("орієнтовно",): "approximately", ("майже",): "nearly", ("трохи", "більше"): "just over",
        ("трохи", "менше"): "just under", ("між",): "between", ("з", "них"): "of them",
        ("із", "них"): "of them", ("з", "яких"): "of them", ("кілька",): "several",
        ("декілька",): "several", ("кількасот",): "several hundred",
        ("декількасот",): "several hundred", ("жодного",): "no", ("жоден",): "no", ("жодна",): "no",
        ("ніхто",): "nobody", ("і",): "and", ("й",): "and", ("та",): "and",
        ("а", "також"): "and", ("плюс",): "plus", ("або",): "or",
    },
}
_CY_MAX_PHRASE = 3
_CY_PHRASE_STARTS = {language: {key[0] for key in table} for language, table in _CY_PHRASES.items()}
_CY_FROM = {RU: "от", UK: "від"}
_CY_TO = {RU: ("до", "по"), UK: ("до", "по")}
# Words that may stand before a figure without changing it (prepositions of place, pronouns,
# conjunctions), and verbs (as dictionary forms) that report a figure without bounding it.
_CY_NEUTRAL = {
    RU: {
        "в", "во", "на", "из", "с", "со", "у", "к", "о", "об", "при", "для", "что", "а", "но",
        "их", "них", "они", "это", "всего", "лишь", "только", "еще", "уже", "также", "тоже",
        "вот", "там", "здесь", "всех", "все", "весь", "общей", "сложности", "числе", "том",
    },
    UK: {
        "в", "у", "на", "з", "із", "зі", "до", "о", "об", "при", "для", "що", "а", "але",
        "їх", "них", "вони", "це", "всього", "усього", "лише", "тільки", "ще", "вже", "уже",
        "також", "теж", "там", "тут", "всіх", "усіх", "всі", "загалом", "числі", "тому",
    },
}
_CY_NEUTRAL_VERBS = {
    RU: {
        "быть", "составить", "составлять", "насчитывать", "насчитываться", "перейти",
        "переходить", "выйти", "выходить", "пересечь", "пересекать", "погибнуть", "гибнуть",
        "убить", "ранить", "задержать", "отправить", "вернуть", "сообщить", "заявить",
        "прибыть", "находиться", "получить", "уничтожить", "сдаться", "эвакуировать",
        "пострадать", "оказаться", "остаться", "попасть", "достигнуть", "достичь",
        "дезертировать", "бежать", "покинуть", "войти", "въехать", "пропасть", "захватить",
        "взять", "освободить", "потерять", "отступить", "сказать", "передать", "назвать",
        "отметить", "уточнить", "пройти", "прийти", "стать", "отправиться",
        "оставшийся", "остальной", "другой", "очередной", "дополнительный",
    },
    UK: {
        "бути", "становити", "складати", "налічувати", "перейти", "переходити", "вийти",
        "перетнути", "перетинати", "загинути", "гинути", "вбити", "убити", "поранити",
        "затримати", "відправити", "повернути", "повідомити", "заявити", "прибути",
        "перебувати", "отримати", "знищити", "здатися", "евакуювати", "постраждати",
        "опинитися", "залишитися", "потрапити", "досягти", "сягнути", "дезертирувати",
        "покинути", "увійти", "зникнути", "захопити", "взяти", "звільнити", "втратити",
        "відступити", "сказати", "передати", "назвати", "зазначити", "уточнити", "пройти",
        "прийти", "стати", "забрати", "решта", "інший", "черговий", "додатковий",
    },
}
# Verbs that bound a figure, read as the English "exceeded" (over) or "nearing" (nearly).
_CY_BOUND_VERBS = {
    RU: {"превысить": "exceeded", "превышать": "exceeded", "перевалить": "exceeded",
         "перешагнуть": "exceeded", "приблизиться": "nearing", "приближаться": "nearing"},
    UK: {"перевищити": "exceeded", "перевищувати": "exceeded", "перевалити": "exceeded",
         "наблизитися": "nearing", "наближатися": "nearing"},
}
_CY_UNIT_POS = {"NOUN", "ADJF", "PRTF", "ADJS", "UNKN", "LATN", "Abbr"}
_CY_STOP_POS = {"VERB", "INFN", "GRND", "PRTS", "PREP", "CONJ", "PRCL", "NPRO", "ADVB", "PRED",
                "INTJ", "COMP"}
_ENGLISH_UNITS = {value: word for word, value in (_UNITS_WORDS | _TENS_WORDS).items()}
_SCALE_NAMES = {1_000: "thousand", 1_000_000: "million", 1_000_000_000: "billion"}
_VAGUE_PLURALS = {"hundreds", "tens", "thousands", "millions", "billions", "dozens"}

_CY_TOKEN = re.compile(
    r"(?P<num>\d+(?:\.\d+)?)"
    rf"|(?P<word>{WORD})"
    r"|(?P<sym>[%$€£₽~+\-])"
    r"|(?P<punct>[^\s\w])"
)
_CY_GROUPS = re.compile(r"(?<![\d.,])(\d{1,3})((?:[ \u00a0\u202f\u2009]\d{3})+)(?![\d.,])")
_CY_QUOTES = re.compile(r"[\"“”«»„]|(?<!\w)'|'(?!\w)")  # "п'ять" keeps its apostrophe
_CY_DECIMAL = re.compile(r"(?<=\d),(?=\d)")
_CY_THOUSAND_COMMA = re.compile(r"(?<![\d,])\d{1,3},\d{3}(?![\d,])")
# "72-й", "72-ї бригади", "4-го": ordinals, not quantities
_CY_ORDINAL = re.compile(r"\b(\d+)-(?:[^\W\d_]{1,3})\b")
_CY_PERCENT = re.compile(r"\b(?:процент\w*|відсот\w*)|\bпроц\b")


def _cy_clean(phrase: str) -> str:
    text = cy_normalize(phrase)
    text = text.replace("–", "-").replace("—", "-")
    text = _CY_QUOTES.sub(" ", text)
    if _CY_THOUSAND_COMMA.search(text):
        found = _CY_THOUSAND_COMMA.search(text).group()
        raise QuantityError(
            f"“{found}”: in Russian and Ukrainian a comma is a decimal point, so this is "
            f"{found.replace(',', '.')} or a figure in thousands; write it as printed in the "
            "source's own style (1 129, or 1,1) or fill in the fields."
        )
    text = _CY_ORDINAL.sub(" № ", text)  # an ordinal is no figure
    text = _CY_GROUPS.sub(lambda m: m.group(1) + re.sub(r"\D", "", m.group(2)), text)
    text = _CY_DECIMAL.sub(".", text)
    text = _CY_PERCENT.sub("%", text)
    return re.sub(r"\s+", " ", text).strip()


def cyrillic_tokens(phrase: str, language: str) -> list[_Tok]:
    """The phrase as the English parser's tokens (see the section's comment)."""
    text = _cy_clean(phrase)
    raw = [(m.group(), m.lastgroup or "punct", m.start()) for m in _CY_TOKEN.finditer(text)]
    glued = [i > 0 and raw[i - 1][2] + len(raw[i - 1][0]) == raw[i][2] for i in range(len(raw))]
    words = [r[0] for r in raw]
    number_forms, scale_forms = numbers(language), scales(language)
    # "2,5 тыс. человек": the abbreviation's dot does not end the phrase
    for n in range(len(raw) - 1, 0, -1):
        if raw[n][0] == "." and raw[n - 1][0] in scale_forms:
            del raw[n], words[n], glued[n]
    phrases = _CY_PHRASES[language]
    starts = _CY_PHRASE_STARTS[language]
    out: list[_Tok] = []

    def emit(english: str, source: str, glue: bool, neutral: bool = True) -> None:
        for n, word in enumerate(english.split()):
            out.append(_Tok(word, "word", glue and n == 0, neutral, source))

    i = 0
    while i < len(raw):
        word, kind = words[i], raw[i][1]
        if not word:
            i += 1
            continue
        if kind != "word":
            out.append(_Tok(word, kind, glued[i]))
            i += 1
            continue
        for size in range(_CY_MAX_PHRASE, 0, -1) if word in starts else ():
            key = tuple(words[i:i + size])
            if len(key) == size and key in phrases:
                emit(phrases[key], " ".join(key), glued[i])
                i += size
                break
        else:
            _cy_word(word, i, words, language, number_forms, scale_forms, out, glued[i])
            i += 1
    return out


def _cy_word(word, i, words, language, number_forms, scale_forms, out, glue) -> None:
    """One word that is not in the phrase table."""
    previous = out[-1].text if out else ""
    after_figure = bool(out) and (out[-1].kind == "num" or out[-1].text in _ENGLISH_WORDS)

    def add(text: str, kind: str = "word", neutral: bool = True, unit: str = "") -> None:
        for n, part in enumerate(text.split()):
            out.append(_Tok(part, kind, glue and n == 0, neutral, word, unit))

    if word == _CY_FROM[language]:
        rest = words[i + 1:]
        add("from" if any(w in _CY_TO[language] for w in rest) else "at least")
        return
    if word in _CY_TO[language]:
        later_from = any(t.text == "from" for t in out)
        if word == "по" and not later_from:
            add("by", "stop", neutral=False)  # "по 100": a hundred each
        else:
            add("to" if later_from else "up to")
        return
    if word in number_forms:
        value = number_forms[word]
        if value >= 100:
            hundreds = value // 100
            add(_ENGLISH_UNITS[hundreds])
            add("hundred")
        else:
            add(_ENGLISH_UNITS[value])
        return
    if word in ("полтора", "полторы", "полутора", "півтора", "півтори"):
        out.append(_Tok("1.5", "num", glue, True, word))
        return
    if word in scale_forms:
        value, plural = scale_forms[word]
        name = _SCALE_NAMES[value]
        if after_figure or previous in ("several", "few"):
            add(name)
        elif previous in _VAGUE_PLURALS:
            add("of")
            add(name + "s")
        elif plural and previous not in _AFTER_BOUND:
            add(name + "s")
        else:
            add("a")
            add(name)
        return
    lemma_set = all_lemmas(word, language)
    after_bound = previous in _AFTER_BOUND
    for vague, (one, many) in _CY_VAGUE_NOUNS[language].items():
        if vague in lemma_set:
            plural = may_be_plural(word, language, vague) and not after_bound
            figure = _figure_of(out[-1]) if after_figure and one == "ten" else None
            if figure is not None:  # "двух десятков": two tens, twenty
                last = out.pop()
                out.append(_Tok(str(figure * 10), "num", last.glued, True,
                                f"{last.source or last.text} {word}"))
            elif after_figure or previous == "several":
                add({"hundred": "hundred", "ten": "tens", "dozen": "dozen"}[one])
            elif plural and previous in _VAGUE_PLURALS:
                add("of")
                add(many)
            elif plural:
                add(many)
            elif one == "ten":  # "десяток": about ten
                add("about")
                out.append(_Tok("10", "num", False, True, word))
            else:
                add("a")
                add(one)
            return
    for verb, english in _CY_BOUND_VERBS[language].items():
        if verb in lemma_set:
            add(english)
            if i + 1 < len(words) and words[i + 1] in ("за", "к", "до"):
                words[i + 1] = ""  # "перевалило за 400", "приблизилось к 400": one bound
            return
    grammemes = tags(word, language)
    if grammemes & _CY_STOP_POS or word in _CY_NEUTRAL[language]:
        neutral = word in _CY_NEUTRAL[language] or bool(
            lemma_set & _CY_NEUTRAL_VERBS[language]
        )
        add(word, "stop", neutral)
        return
    add(word, "word", neutral=bool(lemma_set & _CY_NEUTRAL_VERBS[language]))


def _figure_of(tok: _Tok) -> Decimal | None:
    """The figure a token stands for, a numeral ("2") or a number word ("two"); None for
    any other."""
    if tok.kind == "num":
        try:
            return Decimal(tok.text)
        except InvalidOperation:
            return None
    value = _UNITS_WORDS.get(tok.text, _TENS_WORDS.get(tok.text))
    return None if value is None else Decimal(value)


_AFTER_BOUND = {key[-1] for key in _MODIFIERS}
_ENGLISH_WORDS = set(_ENGLISH_UNITS.values()) | {"hundred", "thousand", "million", "billion"}
_CY_VAGUE_NOUNS = {
    RU: {"сотня": ("hundred", "hundreds"), "десяток": ("ten", "tens"),
         "дюжина": ("dozen", "dozens"), "пара": ("couple", "a couple of")},
    UK: {"сотня": ("hundred", "hundreds"), "десяток": ("ten", "tens"),
         "дюжина": ("dozen", "dozens"), "пара": ("couple", "a couple of")},
}


_CY_AND = {"и", "і", "й", "та"}


def cyrillic_unit(words: list[str], language: str) -> str:
    """The unit in its dictionary form: "украинских военнослужащих" -> "украинский
    военнослужащий"; words after the first noun keep their case ("членов экипажа" ->
    "член экипажа"), adjectives agree with that noun; "самолетов и вертолетов" is
    "самолет и вертолет"."""
    groups: list[list[str]] = [[]]
    for word in words:
        if word in _CY_AND:
            groups.append([])
        else:
            groups[-1].append(word)
    joiner = " и " if language == RU else " і "
    named = (_cy_group(group, language) for group in groups if group)
    return cy_normalize(joiner.join(named))


def _cy_group(words: list[str], language: str) -> str:
    head = next((n for n, w in enumerate(words) if "NOUN" in tags(w, language)), None)
    if head is None:  # "погибших", "раненых": an adjective or participle as a noun
        return " ".join(agree_adjective(w, language, "masc") for w in words)
    gender = next((g for g in ("masc", "femn", "neut") if g in tags(words[head], language)), "")
    named = []
    for n, word in enumerate(words):
        if n < head:
            named.append(agree_adjective(word, language, gender))
        elif n == head:
            named.append(lemma(word, language))
        else:
            named.append(word)
    return " ".join(named)
