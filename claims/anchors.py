"""Anchoring a verbatim quote in a document's body.

Like a web-annotation text-quote selector: the exact text plus a little
context before and after, and the offset where it was found. Context lets the
anchor survive small edits elsewhere in the body and tells repeated
occurrences apart.
"""

import hashlib
import re
import unicodedata
from dataclasses import dataclass

CONTEXT = 32


@dataclass(frozen=True)
class Anchor:
    start: int
    end: int
    prefix: str
    suffix: str


def normalise_space(text: str) -> str:
    return " ".join(text.split())


def quote_pattern(quote: str) -> re.Pattern | None:
    """A pattern for the quote in which any run of whitespace matches any other.

    Articles pasted from the web carry non-breaking spaces and line breaks where
    an editor's selection or typing has plain spaces.
    """
    words = quote.split()
    if not words:
        return None
    return re.compile(r"\s+".join(re.escape(word) for word in words))


def occurrences(body: str, quote: str) -> list[tuple[int, int]]:
    pattern = quote_pattern(quote)
    if pattern is None or not body:
        return []
    return [(m.start(), m.end()) for m in pattern.finditer(body)]


def anchor_quote(body: str, quote: str, *, near: int | None = None) -> Anchor | None:
    """Find `quote` in `body` and return its anchor, or None if it is not there.

    With several occurrences, the one nearest `near` (an offset, such as where
    the editor selected it) is taken, else the first.
    """
    found = occurrences(body, quote)
    if not found:
        return None
    start, end = min(found, key=lambda o: abs(o[0] - near)) if near is not None else found[0]
    return Anchor(
        start=start,
        end=end,
        prefix=body[max(0, start - CONTEXT) : start],
        suffix=body[end : end + CONTEXT],
    )


def relocate(body: str, quote: str, prefix: str, suffix: str, hint: int | None) -> int | None:
    """Where a stored anchor stands in a (possibly edited) body, or None.

    Prefers the occurrence whose surrounding text still matches the stored
    context, then the one nearest the stored offset.
    """
    candidates = []
    for index, end in occurrences(body, quote):
        score = int(body[max(0, index - len(prefix)) : index] == prefix) + int(
            body[end : end + len(suffix)] == suffix
        )
        distance = abs(index - hint) if hint is not None else 0
        candidates.append((-score, distance, index))
    return min(candidates)[2] if candidates else None


_NOT_WORD = re.compile(r"[\W_]+", re.UNICODE)


def normalise_quote(quote: str) -> str:
    """The quote as compared: case-folded, accents kept, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", quote).casefold()
    return " ".join(_NOT_WORD.sub(" ", text).split())


def quote_key(quote: str) -> str:
    """What two reports of the same words share (Claim.quote_key): a digest of the
    normalised quote, or "" when nothing is left to compare."""
    normal = normalise_quote(quote or "")
    return hashlib.sha1(normal.encode(), usedforsecurity=False).hexdigest() if normal else ""
