"""A source as its badge shows it wherever it appears, and the relays of claims.

A badge is the source's name (a link to its page), its Admiralty grade and, on
hover, its track record; the macro `badge` of templates/claims/macros.html draws
it. Badges are made from stored fields only (no query) and remembered per
process for what they show: a source whose name, grade or record changes makes
a new badge, so none is ever stale.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.urls import get_script_prefix

from factdesk.batches import batches

from .compiled import CompiledRows
from .models import BADGE_FIELDS, ClaimRelay, Reliability, Source, track_record
from .paths import url_pattern

GRADE_LABELS = dict(Reliability.choices)


@dataclass(frozen=True, slots=True)
class Badge:
    pk: int
    name: str
    kind: str
    grade: str
    url: str
    title: str  # the grade in words and the track record, shown on hover


def badge(pk: int, name: str, kind: str, reliability: str, track_upheld: int,
          track_resolved: int) -> Badge:
    """The badge of a source given by its id and BADGE_FIELDS' values."""
    return _badge(pk, name, kind, reliability, track_upheld, track_resolved, get_script_prefix())


@functools.lru_cache(maxsize=20_000)
def _badge(pk, name, kind, reliability, upheld, resolved, prefix) -> Badge:
    record = track_record(reliability, upheld, resolved)
    return Badge(
        pk=pk, name=name, kind=kind, grade=reliability,
        url=url_pattern("claims:source-detail").format(pk),
        title=(f"Reliability {GRADE_LABELS.get(reliability, reliability)}; "
               f"track record {record.percent}%: {record.explanation}"),
    )


def source_badge(source: Source) -> Badge:
    return badge(source.pk, source.name, source.kind, source.reliability,
                 source.track_upheld, source.track_resolved)


def badge_in(row, prefix: str) -> Badge | None:
    """The badge of a source read into a named row as `<prefix>id` and `<prefix><field>`
    for each of BADGE_FIELDS (a values_list(named=True) through a foreign key); None
    when the key is empty."""
    pk = getattr(row, f"{prefix}id")
    if pk is None:
        return None
    return badge(pk, *(getattr(row, prefix + name) for name in BADGE_FIELDS))


def badge_columns(relation: str) -> tuple[str, ...]:
    """The values_list columns that badge_in(row, relation + "__") reads."""
    return (f"{relation}__id", *(f"{relation}__{name}" for name in BADGE_FIELDS))


def relays_by_claim(claim_ids: Iterable[int]) -> dict[int, list[Badge]]:
    """Each claim's relays (after its speaker), in order, as badges: one query for a
    page of claims (one per ID_BATCH claims beyond), none for no claims."""
    found: dict[int, list[Badge]] = defaultdict(list)
    for ids in batches(dict.fromkeys(claim_ids)):
        if len(ids) > COMPILED_UP_TO:
            rows = _relays_of(ids)
        else:
            compiled = _compiled_relays.get(len(ids))
            if compiled is None:
                compiled = _compiled_relays[len(ids)] = CompiledRows(_relays_of, count=len(ids))
            rows = compiled.rows(ids)
        for row in rows:
            found[row.claim_id].append(badge_in(row, "source__"))
    return found


def _relays_of(ids):
    return (
        ClaimRelay.objects.filter(claim_id__in=ids)
        .order_by("claim_id", "position")
        .values_list("claim_id", *badge_columns("source"), named=True)
    )


# The relays of a page of claims, compiled once per number of claims (claims/compiled.py):
# building this queryset cost the claim list more CPU than running it.
COMPILED_UP_TO = 100
_compiled_relays: dict[int, CompiledRows] = {}
