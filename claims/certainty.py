"""Suggest how firmly a quote states its claim: asserted, hedged or withheld.

``suggest_certainty(quote)`` looks for a few well-worn newsroom cues and returns
a :class:`Suggestion` with the level and the words that triggered it, or
``None`` when nothing matched (the form then keeps its default, "asserted").
It only suggests: the editor decides. No Django, no database.

* withheld: the speaker gives no answer ("too early to confirm", "would not
  say", "declined to comment", "could not be reached", "did not confirm",
  "no information", "we do not have such information", "refused to comment",
  "unable to confirm", ...).
* hedged: the speaker answers without committing ("most likely", "probably",
  "possibly", "may have", "might", "reportedly", "it is believed", "appears
  to", "unconfirmed", "allegedly", "according to preliminary", ...).

Russian and Ukrainian quotes have cues of their own (``language="ru"`` or
``"uk"``), written as stems so that every gender and number of a verb is
known ("не сообщил", "не сообщила", "не сообщили"):

* withheld: "пока рано говорить", "не сообщил, сколько", "не удалось
  связаться", "на запрос не ответили", "отказался от комментариев", "не
  располагаем информацией"; "зарано підтверджувати", "не повідомив, скільки",
  "не вдалося зв'язатися", "відмовився від коментарів", ...
* hedged: "вероятно", "скорее всего", "возможно", "по предварительным
  данным", "якобы"; "ймовірно", "найімовірніше", "можливо", "нібито", "за
  попередніми даними", ...

Two more kinds of cue tell the link suggestions (claims.suggestions) how two claims may
compete, whatever their certainty: ``denial_cue`` finds a denial or a negation ("denied",
"called the report a fantasy", "does not provide", "отрицает", "опроверг", "заперечує",
"спростував"), ``cause_cue`` an explanation ("because", "forced by", "under fire",
"из-за", "вынуждены", "під обстрілом"). Each returns the cue as written, or ``None``.

When both kinds occur, withheld wins ("most likely crossed ... would not say
how many" is withheld). Within a level the earliest cue in the quote is
reported as written in the quote (runs of whitespace shown as one space).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .languages import EN, RU, UK, known

__all__ = [
    "ASSERTED", "HEDGED", "WITHHELD", "Suggestion", "cause_cue", "denial_cue", "suggest_certainty",
]

ASSERTED = "asserted"
HEDGED = "hedged"
WITHHELD = "withheld"


@dataclass(frozen=True)
class Suggestion:
    level: str  # "hedged" or "withheld" (never "asserted": no cue means no suggestion)
    cue: str  # the matched words as they appear in the quote, whitespace collapsed


_WITHHELD_CUES = [
    r"too early to (?:confirm|say|tell|know|judge|comment|speak)",
    r"too soon to (?:confirm|say|tell|know|judge|comment)",
    r"(?:would|could|did|will|does|do|can) not (?:say|confirm|comment|disclose|specify|"
    r"reveal|elaborate|give|provide|verify)",
    r"wouldn't (?:say|confirm|comment|disclose|specify|reveal|elaborate|give)",
    r"couldn't (?:say|confirm|comment|be reached)",
    r"didn't (?:confirm|say|comment|respond|reply)",
    r"won't (?:say|confirm|comment|disclose)",
    r"cannot (?:confirm|say|comment|disclose|verify)",
    r"can't (?:confirm|say|comment|disclose|verify)",
    r"(?:declined|refused|declining|refusing|decline|refuse) to (?:say|comment|confirm|"
    r"specify|disclose|reveal|elaborate|give|provide|answer|discuss)",
    r"(?:declined|refused) (?:comment|requests? for comment)",
    r"(?:could|can)\s*(?:not|n't) be (?:reached|contacted)",
    r"(?:was|were) not (?:immediately )?(?:available|reachable) for comment",
    r"not immediately available",
    r"did not (?:respond|reply) to (?:a )?requests? for comment",
    r"(?:unable|not able) to (?:confirm|say|verify|comment|specify)",
    r"(?:we |they |i )?(?:do|does|did)\s*(?:not|n't) have "
    r"(?:any |such |this |that |the )?information",
    r"(?:we )?have no (?:such |further |additional )?information",
    r"no (?:such |further |additional |official )?information",
    r"no comment",
    r"(?:would|will|could) neither confirm nor deny",
    r"neither confirmed nor denied",
    r"(?:has|had|have) not (?:yet )?been (?:told|informed)",
    r"(?:it is |it's |it was |it remains )?(?:unclear|not clear|not known|unknown) how many",
]
_HEDGED_CUES = [
    r"most likely", r"more likely than not", r"(?:very |quite )?probably",
    r"(?:quite )?possibly", r"perhaps", r"maybe",
    r"(?:may|might|could) (?:well )?have(?: been)?", r"may be", r"might", r"(?:un)?likely",
    r"reportedly", r"(?:it is|it's|is|are|was|were) (?:widely )?believed(?: to)?",
    r"(?:it is|it's) (?:thought|understood|assumed|suspected|alleged)",
    r"(?:appears?|appeared|seems?|seemed) to", r"apparently", r"presumably",
    r"unconfirmed", r"not (?:yet )?(?:been )?(?:independently )?(?:confirmed|verified)",
    r"could not be (?:independently )?verified", r"allegedly", r"alleged",
    r"according to (?:preliminary|initial|early|unconfirmed)",
    r"preliminary (?:data|information|reports?|figures|estimates?|findings)",
    r"(?:is|are) said to", r"not ruled out", r"cannot be ruled out",
]


_W = r"\w*"  # any ending: gender, number, tense
_WITHHELD_CUES_RU = [
    r"(?:пока |еще |ещё )?(?:слишком )?рано (?:говорить|судить|делать выводы|подтверждать|"
    r"сообщать|называть)",
    rf"не (?:сообщил{_W}|уточнил{_W}|назвал{_W}|раскрыл{_W}|сказал{_W}),? сколько",
    rf"не (?:уточнил{_W}|раскрыл{_W}|назвал{_W}|подтвердил{_W}|прокомментировал{_W})",
    rf"не удал{_W} связаться", rf"связаться с [^.,;:!?]{{1,40}}? не удал{_W}",
    rf"(?:на запрос|на вопрос) не ответил{_W}", rf"не ответил{_W}", rf"не отвечал{_W}",
    rf"отказал{_W} (?:от комментари{_W}|комментировать|сообщить|назвать|уточнить)",
    rf"воздерж{_W} от комментари{_W}",
    rf"(?:не располага{_W}|нет|не име{_W}) (?:такой |подобной |точной |данной )?информаци{_W}",
    r"информации (?:об этом |пока )?нет", r"без комментариев",
    rf"(?:не могу|не можем|не может|не могут|не мог|не смог{_W}) (?:подтвердить|сказать|"
    r"сообщить|назвать)",
    r"ни подтвердить,? ни опровергнуть", rf"не подтвердил{_W} и не опроверг{_W}",
    rf"(?:точное |точная )?(?:число|количество|численность)[^.;:!?]{{0,60}}? неизвест{_W}",
    r"неизвестно,? сколько",
]
_HEDGED_CUES_RU = [
    r"скорее всего", r"вероятнее всего", r"(?:по всей )?вероятности", r"вероятно",
    r"возможно", r"по-видимому", r"по видимому", r"видимо", r"предположительно", r"якобы",
    r"по предварительным (?:данным|сведениям|оценкам|информации)", r"по неподтвержденным данным",
    r"по неподтверждённым данным", r"по непроверенным данным", r"не исключено",
    rf"не исключа{_W}", r"судя по всему",
    rf"как сообща{_W}", r"по имеющимся (?:данным|сведениям)", r"(?:может|могли|мог|могла) быть",
    rf"не подтвержден{_W}", rf"не подтверждён{_W}", r"кажется", r"похоже",
]
_WITHHELD_CUES_UK = [
    r"(?:поки що |поки |ще )?(?:занадто |надто )?зарано (?:говорити|казати|підтверджувати|"
    r"робити висновки|судити|називати)",
    rf"не (?:повідомив{_W}|повідомил{_W}|уточнив{_W}|уточнил{_W}|назвав{_W}|назвал{_W}|"
    rf"сказав{_W}|сказал{_W}),? скільки",
    rf"не (?:уточнив{_W}|уточнил{_W}|розкрив{_W}|розкрил{_W}|назвав{_W}|назвал{_W}|"
    rf"підтвердив{_W}|підтвердил{_W}|прокоментував{_W}|прокоментувал{_W})",
    rf"не вдал{_W} (?:з'?в'?язатися|зв’язатися|зв'язатися)",
    rf"зв'язатися з [^.,;:!?]{{1,40}}? не вдал{_W}", rf"не відповів{_W}",
    rf"не відповіл{_W}",
    rf"відмов(?:ив|ил){_W} (?:від коментар{_W}|коментувати|повідомити|назвати|уточнити)",
    rf"утрима{_W} від коментар{_W}",
    rf"(?:не ма{_W}|немає|нема) (?:такої |точної |цієї )?інформації", r"без коментарів",
    rf"(?:не можу|не можемо|не може|не можуть|не міг|не змог{_W}) (?:підтвердити|сказати|"
    rf"повідомити|назвати)",
    r"ні підтвердити,? ні спростувати",
    rf"(?:точна |точне )?(?:кількість|число|чисельність)[^.;:!?]{{0,60}}? невідом{_W}",
    r"невідомо,? скільки",
]
_HEDGED_CUES_UK = [
    r"найімовірніше", r"найвірогідніше", r"швидше за все", r"ймовірно", r"імовірно",
    r"вірогідно", r"можливо", r"мабуть", r"певно", r"нібито", r"начебто", r"вочевидь",
    r"за попередніми (?:даними|відомостями|оцінками|інформацією)",
    r"за непідтвердженими даними", r"за неперевіреними даними", r"не виключено",
    rf"не виключа{_W}", r"судячи з усього",
    r"за наявними (?:даними|відомостями)", r"(?:може|могли|міг|могла) бути",
    rf"не підтверджен{_W}", r"схоже",
]


_DENIAL_CUES = [
    r"den(?:y|ies|ied|ying|ial)", r"rejected", r"rejects?", r"refuted?", r"refutes",
    r"dismissed (?:it|the \w+|them|reports?|claims?) as", r"(?:not|never) true", r"untrue",
    r"false", r"baseless", r"groundless", r"fabricat\w*", r"a (?:fantasy|lie|fake|myth|"
    r"fabrication|provocation)", r"nonsense", r"(?:does|do|did|has|have|had|is|are|was|"
    r"were) not", r"(?:doesn't|don't|didn't|hasn't|haven't|hadn't|isn't|aren't|wasn't|"
    r"weren't)", r"never", r"no (?!comment|information|such information)\w+",
]
_DENIAL_CUES_RU = [
    rf"отрица{_W}", rf"отверг{_W}", rf"опроверг{_W}", rf"опроверга{_W}", rf"опровер{_W}",
    rf"(?:фейк{_W}|ложь|ложн{_W}|вымысел|выдумк{_W}|фантази{_W}|провокаци{_W})",
    rf"не соответству{_W} действительности", r"(?:не|ни) (?!удал|располага|сообщ|уточн|назв|"
    r"подтверд|ответ|исключ|более|менее|меньше|больше)\w+",
]
_DENIAL_CUES_UK = [
    rf"запереч{_W}", rf"спростов{_W}", rf"спросту{_W}", rf"відкида{_W}", rf"відкину{_W}",
    rf"(?:фейк{_W}|брехн{_W}|неправд{_W}|вигад{_W}|фантазі{_W}|провокаці{_W})",
    rf"не відповіда{_W} дійсності", r"(?:не|ні) (?!вдал|ма[єю]|повідом|уточн|назв|"
    r"підтверд|відпов|виключ|більш|менш)\w+",
]
_CAUSE_CUES = [
    r"because", r"due to", r"owing to", r"caused(?: by)?", r"causing", r"forced(?: by| to)?",
    r"under (?:heavy )?fire", r"blamed?", r"blames", r"as a result of", r"the reason",
    r"(?:deserted|defected|fled|retreated|overloaded|capsized by|struck by|hit by)",
]
_CAUSE_CUES_RU = [
    r"из-за", r"по причине", rf"причин{_W}", rf"вынужден{_W}", rf"под обстрел{_W}",
    r"в результате", rf"дезертир{_W}", rf"отступ{_W}", rf"бежал{_W}", r"потому что",
]
_CAUSE_CUES_UK = [
    r"через те,? що", r"тому що", rf"причин{_W}", rf"змушен{_W}", rf"під обстріл{_W}",
    r"внаслідок", rf"дезертир{_W}", rf"відступ{_W}", rf"втек{_W}",
]


def _compile(cues: list[str]) -> re.Pattern[str]:
    # Longest alternatives first, so "most likely" wins over "likely".
    # A space in a cue stands for any run of whitespace (quotes carry non-breaking spaces).
    ordered = [c.replace(" ", r"\s+") for c in sorted(cues, key=len, reverse=True)]
    return re.compile(r"(?<![\w'])(?:" + "|".join(ordered) + r")(?![\w'])", re.IGNORECASE)


_SPACES = re.compile(r"\s+")
_PATTERNS = {
    EN: (_compile(_WITHHELD_CUES), _compile(_HEDGED_CUES)),
    RU: (_compile(_WITHHELD_CUES_RU), _compile(_HEDGED_CUES_RU)),
    UK: (_compile(_WITHHELD_CUES_UK), _compile(_HEDGED_CUES_UK)),
}


_DENIAL = {EN: _compile(_DENIAL_CUES), RU: _compile(_DENIAL_CUES_RU),
           UK: _compile(_DENIAL_CUES_UK)}
_CAUSE = {EN: _compile(_CAUSE_CUES), RU: _compile(_CAUSE_CUES_RU), UK: _compile(_CAUSE_CUES_UK)}


def _cue(patterns, text: str, language: str) -> str | None:
    if not isinstance(text, str) or not text.strip():
        return None
    normal = _normalize(text)
    language = known(language)
    pattern = patterns[language]
    if language != EN:
        pattern = _Either(pattern, patterns[EN])
    found = _first(pattern, normal)
    return None if found is None else _SPACES.sub(" ", text[found[0]:found[1]])


def denial_cue(text: str, language: str = EN) -> str | None:
    """The words of ``text`` that deny or negate ("denied", "called the report a fantasy",
    "does not", "отрицает"), as written; ``None`` when there are none."""
    return _cue(_DENIAL, text, language)


def cause_cue(text: str, language: str = EN) -> str | None:
    """The words of ``text`` that give a reason ("because", "forced by", "под обстрелом"),
    as written; ``None`` when there are none."""
    return _cue(_CAUSE, text, language)


def _normalize(quote: str) -> str:
    # One character for one, so positions in the result still point into the quote.
    return quote.replace("’", "'").replace("‘", "'").replace("ʼ", "'").replace("ё", "е")


def suggest_certainty(quote: str, language: str = EN) -> Suggestion | None:
    """Suggest "withheld" or "hedged" for a quote, with the cue; ``None`` if no cue is found.

    ``language`` is the document's; a quote in English within a Russian or Ukrainian
    document is read by the English cues too."""
    if not isinstance(quote, str) or not quote.strip():
        return None
    text = _normalize(quote)
    language = known(language)
    withheld, hedged = _PATTERNS[language]
    if language != EN:
        withheld = _Either(withheld, _PATTERNS[EN][0])
        hedged = _Either(hedged, _PATTERNS[EN][1])
    for level, pattern in ((WITHHELD, withheld), (HEDGED, hedged)):
        found = _first(pattern, text)
        if found is not None:
            start, end = found
            return Suggestion(level, _SPACES.sub(" ", quote[start:end]))
    return None


def _first(pattern, text: str) -> tuple[int, int] | None:
    m = pattern.search(text)
    return (m.start(), m.end()) if m else None


class _Either:
    """The earlier match of two patterns."""

    def __init__(self, first: re.Pattern[str], second: re.Pattern[str]):
        self.patterns = (first, second)

    def search(self, text: str):
        found = [m for m in (p.search(text) for p in self.patterns) if m]
        return min(found, key=lambda m: m.start()) if found else None
