"""Merging a duplicate source into the one that survives.

Everything that points at the duplicate moves to the survivor: the claims it
spoke, its places in attribution chains, its members, its own affiliation,
the documents it published, its grade history and its aliases. Its name
becomes an alias of the survivor, so a search for it still finds the
survivor. Then the duplicate is deleted and the survivor's track record is
counted again.

Where two rows would say the same thing twice, one is kept:
- a claim relayed by both: the survivor's relay step stays, the duplicate's goes;
- a claim whose speaker becomes its own relay (the survivor spoke it and the
  duplicate relayed it, or the other way round): that relay step goes, as a
  speaker does not relay itself;
- an alias the survivor already has (by name, ignoring case) is not added twice.

The survivor keeps its own grade and kind; it takes the duplicate's
affiliation only when it has none (and never an affiliation to itself).

Refused (MergeRefused): a source merged into itself. A name that is one of
the duplicate's own aliases is the duplicate under another name, so choosing
the survivor by such a name (claims.forms.sources.MergeForm) lands here too.
"""

from django.db import transaction
from django.db.models import Q
from simple_history.utils import get_history_manager_for_model

from factdesk.batches import ROW_BATCH

from .models import Claim, ClaimLink, ClaimRelay, Document, GradeChange, Source, SourceAlias
from .reliability import refresh_track_records


class MergeRefused(Exception):
    pass


@transaction.atomic
def source_merge(*, duplicate: Source, survivor: Source, by) -> Source:
    if duplicate.pk == survivor.pk:
        raise MergeRefused(f"{survivor.name} cannot be merged into itself.")
    # Lock both rows; later merges of either wait for this one.
    locked = {s.pk: s for s in Source.objects.select_for_update().filter(
        pk__in=[duplicate.pk, survivor.pk]
    )}
    if len(locked) != 2:
        raise MergeRefused("One of the two sources no longer exists.")
    duplicate, survivor = locked[duplicate.pk], locked[survivor.pk]
    reason = f"Merged source {duplicate.name} into {survivor.name}."

    # Claims the duplicate spoke.
    _repoint(Claim.objects.filter(speaker=duplicate), "speaker", survivor, by=by, reason=reason)
    # Their links carry the speaker too (_repoint saves no link).
    ClaimLink.objects.filter(first_speaker=duplicate).update(first_speaker=survivor)
    ClaimLink.objects.filter(second_speaker=duplicate).update(second_speaker=survivor)

    # Relay steps: drop the ones that would repeat the survivor or the speaker.
    ClaimRelay.objects.filter(source=duplicate).filter(
        Q(claim__relay_links__source=survivor) | Q(claim__speaker=survivor)
    ).delete()
    ClaimRelay.objects.filter(source=survivor, claim__speaker=survivor).delete()
    ClaimRelay.objects.filter(source=duplicate).update(source=survivor)

    # Affiliations, both ways.
    members = Source.objects.filter(affiliation=duplicate).exclude(pk=survivor.pk)
    _repoint(members, "affiliation", survivor, by=by, reason=reason)
    if survivor.affiliation_id == duplicate.pk:
        # The survivor belonged to the duplicate: it now belongs where the duplicate did.
        survivor.affiliation_id = (
            duplicate.affiliation_id if duplicate.affiliation_id != survivor.pk else None
        )
    elif survivor.affiliation_id is None and duplicate.affiliation_id != survivor.pk:
        survivor.affiliation_id = duplicate.affiliation_id
    survivor._change_reason = reason
    survivor.save(update_fields=["affiliation", "updated_at"])

    Document.objects.filter(publisher=duplicate).update(publisher=survivor)
    GradeChange.objects.filter(source=duplicate).update(source=survivor)

    # Aliases: the duplicate's, then its name; none twice, none equal to the survivor's name.
    taken = {name.casefold() for name in survivor.aliases.values_list("name", flat=True)}
    taken.add(survivor.name.casefold())
    for alias in SourceAlias.objects.filter(source=duplicate).order_by("pk"):
        if alias.name.casefold() in taken:
            alias.delete()
        else:
            taken.add(alias.name.casefold())
            alias.source = survivor
            alias.save(update_fields=["source"])
    if duplicate.name.casefold() not in taken:
        SourceAlias.objects.create(source=survivor, name=duplicate.name)

    duplicate._change_reason = reason
    duplicate.delete()
    refresh_track_records([survivor.pk])
    survivor.refresh_from_db()
    return survivor


def _repoint(rows, field: str, survivor: Source, *, by, reason: str) -> None:
    """Point `field` of these rows (a query) at the survivor, with a history row each.

    One UPDATE by the query, whatever their number: a busy speaker has tens of thousands
    of claims, and bulk_update sent three parameters a claim (PostgreSQL takes 65535 in a
    statement). The history rows go ROW_BATCH to an INSERT. New rows cannot join the
    query meanwhile: they would point at the duplicate, which the merge keeps locked.
    """
    found = list(rows)
    if not found:
        return
    rows.update(**{field: survivor})
    for row in found:
        setattr(row, field, survivor)
    get_history_manager_for_model(rows.model).bulk_history_create(
        found, batch_size=ROW_BATCH, update=True, default_user=by,
        default_change_reason=reason,
    )


def sources_named(name: str) -> list[Source]:
    """The sources called this name, ignoring case; failing that, those with it as an alias."""
    name = name.strip()
    by_name = list(Source.objects.filter(name__iexact=name)[:3])
    if by_name:
        return by_name
    return list(
        Source.objects.filter(
            pk__in=SourceAlias.objects.filter(name__iexact=name).values("source")
        )[:3]
    )
