"""ClaimReview (schema.org JSON-LD) for the claims judged by resolved contradictions.

A resolved contradiction publishes one ClaimReview for each of its two claims, as
DOMAIN.md maps it: `claimReviewed` the statement (cut under 75 characters where it
is longer), `itemReviewed` a Claim with its `author` (the speaker), `datePublished`
(when it was said, else when its document was published) and its `appearance` and
`firstAppearance` (the document), `reviewRating` the desk's verdict in words
(`alternateName`) with `ratingValue` on the Admiralty credibility scale, `author`
the newsroom (settings.NEWSROOM_NAME) and `url` the desk's claim page.

The credibility scale runs from 1 (confirmed) to 6 (truth cannot be judged), so
`bestRating` is 1 and `worstRating` 6: every value lies between them, as on the
desk. The value is the claim's own grade when a reviewer gave one, else the one
the outcome implies (upheld 2, partly 3, not upheld 5, cannot be decided 6).

Reviews are plain dicts built from values rows (`reviews_of_claim` for the claim
page, `reviews_of_question` and `desk_reviews` for the downloads, which iterate
in chunks); `script_json` writes one for a <script type="application/ld+json">.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from markupsafe import Markup

from .claim_rows import cut
from .models import Claim, ClaimLink, Source
from .paths import url_pattern

CLAIM_REVIEWED_LENGTH = 75
BEST, WORST = 1, 6
CHUNK = 2_000

# The outcome of a link, seen from each side: (verdict in words, the credibility it implies).
UPHELD = ("Upheld", 2)
NOT_UPHELD = ("Not upheld", 5)
VERDICTS: dict[str, tuple[tuple[str, int], tuple[str, int]]] = {
    ClaimLink.Outcome.FIRST_UPHELD: (UPHELD, NOT_UPHELD),
    ClaimLink.Outcome.SECOND_UPHELD: (NOT_UPHELD, UPHELD),
    ClaimLink.Outcome.BOTH_PARTLY: (("Partly upheld", 3), ("Partly upheld", 3)),
    ClaimLink.Outcome.NEITHER: (NOT_UPHELD, NOT_UPHELD),
    ClaimLink.Outcome.UNDECIDABLE: (("Cannot be decided", 6), ("Cannot be decided", 6)),
}

SIDE_FIELDS = (
    "id", "statement", "credibility", "said_start", "speaker__name", "speaker__kind",
    "document__url", "document__title", "document__published_at",
    "document__publisher__name",
)
COLUMNS = (
    "pk", "outcome", "rationale", "resolved_at",
    *(f"{side}__{field}" for side in ("first", "second") for field in SIDE_FIELDS),
)

# What json_script escapes: no "</script>" or "<!--" can close or open anything.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@dataclass(frozen=True, slots=True)
class ShownReview:
    """One ClaimReview as the claim page shows it: its anchor, verdict and JSON."""

    anchor: str  # the id of its block on the claim page, the fragment of its url
    verdict: str
    script: Markup  # the JSON-LD, escaped for a <script> element
    snippet: str  # the whole <script> element, for an editor to copy into a CMS


def _party(name: str, kind: str) -> dict:
    kind_type = "Person" if kind == Source.Kind.PERSON else "Organization"
    return {"@type": kind_type, "name": name}


def _day(moment) -> str:
    return timezone.localtime(moment).date().isoformat()


def _appearance(row, side: str) -> dict:
    value = lambda name: getattr(row, f"{side}__document__{name}")  # noqa: E731
    work = {"@type": "CreativeWork", "headline": value("title"),
            "datePublished": _day(value("published_at"))}
    if value("url"):
        work["url"] = value("url")
    if value("publisher__name"):
        work["publisher"] = {"@type": "Organization", "name": value("publisher__name")}
    return work


def review(row, side: str, origin: str) -> dict:
    """The ClaimReview of one side ("first" or "second") of a resolved link's row
    (COLUMNS); `origin` is the desk's scheme and host, such as "https://desk.example"."""
    value = lambda name: getattr(row, f"{side}__{name}")  # noqa: E731
    words, implied = VERDICTS[row.outcome][0 if side == "first" else 1]
    said = value("said_start")
    appearance = _appearance(row, side)
    page = origin + url_pattern("claims:claim-detail").format(value("id"))
    document = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{page}#review-{row.pk}",
        "claimReviewed": cut(value("statement"), CLAIM_REVIEWED_LENGTH),
        "datePublished": _day(row.resolved_at),
        "author": {"@type": "Organization", "name": settings.NEWSROOM_NAME, "url": origin + "/"},
        "reviewRating": {
            "@type": "Rating",
            "ratingValue": value("credibility") or implied,
            "bestRating": BEST,
            "worstRating": WORST,
            "alternateName": words,
        },
        "itemReviewed": {
            "@type": "Claim",
            "author": _party(value("speaker__name"), value("speaker__kind")),
            "datePublished": said.isoformat() if said else appearance["datePublished"],
            "appearance": [appearance],
            "firstAppearance": appearance,
        },
    }
    if row.rationale:
        document["reviewBody"] = row.rationale
    return document


def _rows(links):
    return links.order_by("resolved_at", "pk").values_list(*COLUMNS, named=True)


def reviews_of_claim(pk: int, origin: str) -> list[dict]:
    """The ClaimReviews of claim `pk`, one per resolved contradiction it is in, oldest
    resolution first (one query)."""
    links = ClaimLink.objects.judged().filter(Q(first=pk) | Q(second=pk))
    return [
        review(row, "first" if row.first__id == pk else "second", origin)
        for row in _rows(links)
    ]


def reviews_of_question(question_pk: int, origin: str) -> Iterator[dict]:
    """The ClaimReviews of the claims on a question, read in chunks."""
    on_question = set(
        Claim.questions.through.objects.filter(question=question_pk)
        .values_list("claim_id", flat=True)
    )
    links = ClaimLink.objects.judged().filter(
        Q(first__in=on_question) | Q(second__in=on_question)
    )
    for row in _rows(links).iterator(chunk_size=CHUNK):
        for side in ("first", "second"):
            if getattr(row, f"{side}__id") in on_question:
                yield review(row, side, origin)


def desk_reviews(origin: str) -> Iterator[dict]:
    """Every ClaimReview of the desk, read in chunks."""
    for row in _rows(ClaimLink.objects.judged()).iterator(chunk_size=CHUNK):
        yield review(row, "first", origin)
        yield review(row, "second", origin)


def script_json(document: dict) -> str:
    """The JSON of a review, safe inside a <script> element (as json_script escapes it)."""
    return json.dumps(document, ensure_ascii=False, indent=2).translate(_SCRIPT_ESCAPES)


def shown_reviews(pk: int, origin: str) -> list[ShownReview]:
    """The claim page's ClaimReviews."""
    shown = []
    for document in reviews_of_claim(pk, origin):
        text = script_json(document)
        shown.append(ShownReview(
            anchor=document["url"].rsplit("#", 1)[1],
            verdict=document["reviewRating"]["alternateName"],
            script=Markup(text),  # noqa: S704 - escaped above: no <, > or & is left
            snippet=f'<script type="application/ld+json">\n{text}\n</script>',
        ))
    return shown


def json_array(documents: Iterator[dict]) -> Iterator[str]:
    """A JSON array of the documents, a piece at a time (a JSON-LD file of them)."""
    yield "["
    first = True
    for document in documents:
        yield ("\n" if first else ",\n") + json.dumps(document, ensure_ascii=False)
        first = False
    yield "\n]\n"
