"""Read the numbers of news copy as intervals: "more than 400 soldiers" is (400, open).

``read_quantity(phrase)`` returns a :class:`Quantity` or ``None``;
``why_unreadable(phrase)`` says in words why a phrase gave ``None``. No Django,
no database; every number is a :class:`~decimal.Decimal`.

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
* Ordinals ("72nd brigade") are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, InvalidOperation

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
        return f"roughly {text}" if self.approximate else text


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
    "trillion": 10**12, "tn": 10**12,
}
_BIG_WORDS = {"hundred", "thousand", "million", "billion", "trillion"}
_GLUED_ONLY = {"k", "tn"}  # "10k" is ten thousand; "10 k" is not read as a scale
# Vague amounts: (low, high) of the word on its own.
_VAGUE = {
    ("a", "dozen"): (12, 12), ("dozen",): (12, 12), ("half", "a", "dozen"): (6, 6),
    ("a", "couple", "of"): (2, 3), ("a", "couple"): (2, 3), ("couple", "of"): (2, 3),
    ("a", "few"): (2, 5), ("a", "handful", "of"): (2, 5), ("a", "handful"): (2, 5),
    ("several",): (3, 9), ("dozens",): (24, 99), ("scores",): (40, 99), ("tens",): (20, 99),
}
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
    ("as", "many", "as"): _LE, ("as", "much", "as"): _LE, ("at", "a", "maximum"): _LE,
    ("about",): _ABOUT, ("around",): _ABOUT, ("some",): _ABOUT, ("roughly",): _ABOUT,
    ("approximately",): _ABOUT, ("approx",): _ABOUT, ("an", "estimated"): _ABOUT,
    ("estimated",): _ABOUT, ("circa",): _ABOUT, ("ca",): _ABOUT, ("~",): _ABOUT,
    ("in", "the", "region", "of"): _ABOUT, ("on", "the", "order", "of"): _ABOUT,
    ("an", "approximate"): _ABOUT, ("nearly",): _NEARLY, ("almost",): _NEARLY,
    ("close", "to"): _NEARLY, ("just", "under"): _NEARLY, ("just", "below"): _NEARLY,
    ("just", "shy", "of"): _NEARLY, ("just", "over"): _JUST_OVER,
    ("just", "above"): _JUST_OVER, ("slightly", "more", "than"): _JUST_OVER,
    ("a", "little", "over"): _JUST_OVER, ("between",): _BETWEEN, ("from",): _BETWEEN,
}
_SUFFIXES: dict[tuple[str, ...], str] = {
    ("or", "more"): _GE, ("and", "more"): _GE, ("or", "above"): _GE, ("+",): _GE,
    ("-", "plus"): _GE, ("plus",): _GE, ("or", "so"): _ABOUT, ("or", "fewer"): _LE,
    ("or", "less"): _LE, ("and", "up"): _GE, ("and", "over"): _GE, ("or", "over"): _GE,
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
    kind: str  # "num", "word", "sym", "punct"
    glued: bool  # no space before this token


def _tokens(text: str) -> list[_Tok]:
    out: list[_Tok] = []
    previous_end = -1
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        out.append(_Tok(m.group(), kind, m.start() == previous_end))
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

    def __init__(self, toks: list[_Tok]):
        self.toks = toks
        self.words = [t.text for t in toks]

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
        taken: list[str] = []
        while k < len(toks) and len(taken) < _MAX_UNIT_WORDS:
            tok = toks[k]
            if tok.kind != "word" or tok.text in _UNIT_STOP:
                if tok.text == "-" and taken and k + 1 < len(toks) and toks[k + 1].kind == "word":
                    taken[-1] += "-" + toks[k + 1].text
                    k += 2
                    continue
                break
            if tok.text == "and":
                nxt = toks[k + 1] if k + 1 < len(toks) else None
                if not taken or nxt is None or nxt.kind != "word" or nxt.text in _UNIT_STOP:
                    break
            taken.append(tok.text)
            k += 1
        while taken and taken[-1] == "and":
            taken.pop()
        return " ".join(taken), k


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


def parse_quantity(phrase: str) -> Quantity:
    """Like :func:`read_quantity`, but raises :class:`QuantityError` saying why."""
    if not isinstance(phrase, str) or not phrase.strip():
        raise QuantityError("Nothing to read: the phrase is empty.")
    if len(phrase) > 500:
        raise QuantityError("The phrase is too long to read as a quantity.")
    toks = _tokens(_clean(phrase))
    parser = _Parser(toks)
    for i in range(len(toks)):
        quantity, _ = parser.read(i)
        if quantity is not None:
            return quantity
    raise QuantityError("No number or amount word (such as “hundreds”) found.")


def read_quantity(phrase: str) -> Quantity | None:
    """Read a quantity phrase as an interval; ``None`` when there is none to read."""
    try:
        return parse_quantity(phrase)
    except (QuantityError, InvalidOperation, ArithmeticError):
        return None


def why_unreadable(phrase: str) -> str:
    """Why :func:`read_quantity` returns ``None`` for ``phrase``; "" when it reads fine."""
    try:
        parse_quantity(phrase)
    except QuantityError as error:
        return str(error)
    except (InvalidOperation, ArithmeticError):
        return "The number is too large or malformed."
    return ""
