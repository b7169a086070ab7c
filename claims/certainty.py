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

When both kinds occur, withheld wins ("most likely crossed ... would not say
how many" is withheld). Within a level the earliest cue in the quote is
reported as written in the quote (runs of whitespace shown as one space).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["ASSERTED", "HEDGED", "WITHHELD", "Suggestion", "suggest_certainty"]

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


def _compile(cues: list[str]) -> re.Pattern[str]:
    # Longest alternatives first, so "most likely" wins over "likely".
    # A space in a cue stands for any run of whitespace (quotes carry non-breaking spaces).
    ordered = [c.replace(" ", r"\s+") for c in sorted(cues, key=len, reverse=True)]
    return re.compile(r"(?<![\w'])(?:" + "|".join(ordered) + r")(?![\w'])", re.IGNORECASE)


_SPACES = re.compile(r"\s+")
_WITHHELD = _compile(_WITHHELD_CUES)
_HEDGED = _compile(_HEDGED_CUES)


def _normalize(quote: str) -> str:
    # One character for one, so positions in the result still point into the quote.
    return quote.replace("’", "'").replace("‘", "'")


def suggest_certainty(quote: str) -> Suggestion | None:
    """Suggest "withheld" or "hedged" for a quote, with the cue; ``None`` if no cue is found."""
    if not isinstance(quote, str) or not quote.strip():
        return None
    text = _normalize(quote)
    for level, pattern in ((WITHHELD, _WITHHELD), (HEDGED, _HEDGED)):
        found = _first(pattern, text)
        if found is not None:
            start, end = found
            return Suggestion(level, _SPACES.sub(" ", quote[start:end]))
    return None


def _first(pattern: re.Pattern[str], text: str) -> tuple[int, int] | None:
    m = pattern.search(text)
    return (m.start(), m.end()) if m else None
