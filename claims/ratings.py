"""A claim's Admiralty rating ("B2") as every page shows it, with the grading control.

The letter is the speaker's reliability, the number the claim's credibility
(a dash until a reviewer grades it). Reviewers (claims.grade_claim) see a form
beside it; the macro `credibility` of templates/claims/macros.html draws both.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest
from django.middleware.csrf import get_token

from .models import Credibility
from .paths import url_pattern

CREDIBILITY_LABELS = dict(Credibility.choices)


@dataclass(frozen=True, slots=True)
class Rating:
    pk: int  # the claim's
    statement: str
    credibility: int | None
    version: int
    rating: str  # "B2", or "B-" before grading
    title: str  # the pair in words
    url: str  # where the grading form posts


def rating(pk: int, statement: str, credibility: int | None, version: int,
           reliability: str) -> Rating:
    """The rating of a claim given by its values and its speaker's reliability."""
    shown = CREDIBILITY_LABELS.get(credibility) or "not graded yet"
    return Rating(
        pk=pk, statement=statement, credibility=credibility, version=version,
        rating=f"{reliability}{credibility or '-'}",
        title=f"Source reliability {reliability}, claim credibility {shown}",
        url=url_pattern("claims:claim-credibility").format(pk),
    )


def claim_rating(claim) -> Rating:
    """The rating of a Claim (its speaker loaded)."""
    return rating(claim.pk, claim.statement, claim.credibility, claim.version,
                  claim.speaker.reliability)


@dataclass(frozen=True, slots=True)
class Grading:
    """What every rating of one response shares: whether the user may grade and, for
    the forms, the page to return to, the CSRF token, and after a refused grade its
    error and the choice sent."""

    can_grade: bool
    next: str = ""
    csrf_token: str = ""
    error: str = ""
    chosen: int | None = None
    options: tuple = tuple(Credibility.choices)


def grading_for(request: HttpRequest, *, next: str | None = None, error: str = "",  # noqa: A002
                chosen: int | None = None) -> Grading:
    """The Grading of this request's user; the forms return to `next` (by default the
    page being shown)."""
    if not request.user.has_perm("claims.grade_claim"):
        return Grading(can_grade=False)
    return Grading(
        can_grade=True, next=request.get_full_path() if next is None else next,
        csrf_token=get_token(request), error=error, chosen=chosen,
    )
