"""Export the whole desk to one file and import it into an empty desk.

The file is gzip-compressed JSON lines (plain JSON lines when the name does not
end in ".gz"). Its first line is a header: the format, the role groups that
users belong to, and a manifest of every table (row count and a SHA-256 over
its rows in primary-key order). Each further line is one row in Django's
"python" serializer shape: {"model": "claims.claim", "pk": 7, "fields": {...}}.

What is exported is found, not listed: every model of the accounts and claims
apps, which includes the simple-history tables that live in those apps, with
every concrete field and many-to-many membership. A field added later is
carried without a change here, except the columns an import computes again from
other rows (DERIVED): those are neither written nor checksummed, so a backup made
before they existed imports like one made after. References to rows outside the desk (the role
groups and permissions, which migrations make) are written as natural keys
(a group's name), so they resolve in a database where their ids differ.

An import runs in one transaction, keeps primary keys, writes no new history,
resets PostgreSQL sequences, and checks that every table's count and checksum
match the manifest before it commits: a partial or altered file imports
nothing.
"""

from __future__ import annotations

import datetime
import gzip
import hashlib
import io
import json
from collections.abc import Iterator
from pathlib import Path

from django.apps import apps
from django.contrib.auth.models import Group
from django.core import serializers
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction

from .services import refresh_link_speakers

FORMAT = "factdesk-backup"
VERSION = 1
DESK_APPS = ("accounts", "claims")
BATCH = 500
# Columns copied from other rows, left out of the file and recomputed by an import.
DERIVED = {"claims.claimlink": {"first_speaker", "second_speaker"}}


class ExactEncoder(DjangoJSONEncoder):
    """Django's JSON encoder, but keeping microseconds (Django's cuts times to milliseconds)."""

    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            return o.isoformat()
        return super().default(o)


class BackupError(Exception):
    """A backup file that cannot be imported, or a desk that cannot take it."""


def desk_models() -> list[type[models.Model]]:
    """Every table of the desk, users first (others refer to them)."""
    found = []
    for label in DESK_APPS:
        found.extend(apps.get_app_config(label).get_models())
    return found


def _kept(model) -> list[models.Field]:
    """The model's concrete fields that a backup carries (all but DERIVED ones)."""
    derived = DERIVED.get(model._meta.label_lower, set())
    return [f for f in model._meta.concrete_fields if f.name not in derived]


def _outside(field) -> bool:
    """A relation to a row the desk does not own (groups, permissions)."""
    related = field.related_model
    return related is not None and related._meta.app_label not in DESK_APPS


def _natural_keys(model) -> dict:
    return {obj.pk: list(obj.natural_key()) for obj in model._default_manager.all()}


def _canonical_rows(model) -> Iterator[list]:
    """Each row as a list of plain values, in primary-key order."""
    concrete = _kept(model)
    m2m = [f for f in model._meta.many_to_many if f.remote_field.through._meta.auto_created]
    keys = {f.name: _natural_keys(f.related_model) for f in m2m if _outside(f)}
    keys.update(
        {f.name: _natural_keys(f.related_model) for f in concrete if f.is_relation and _outside(f)}
    )
    queryset = model._default_manager.order_by("pk")
    if m2m:
        queryset = queryset.prefetch_related(*[f.name for f in m2m])
    for obj in queryset.iterator(chunk_size=BATCH):
        row = []
        for field in concrete:
            value = field.value_from_object(obj)
            if value is None:
                row.append(None)
            elif field.name in keys:
                row.append(keys[field.name][value])
            else:
                row.append(field.value_to_string(obj))
        for field in m2m:
            related = [r.pk for r in getattr(obj, field.name).all()]
            if field.name in keys:
                related = [keys[field.name][pk] for pk in related]
            row.append(sorted(related))
        yield row


def table_manifest(model) -> dict:
    """The table's row count and a SHA-256 over its canonical rows."""
    digest = hashlib.sha256()
    count = 0
    for row in _canonical_rows(model):
        digest.update(json.dumps(row, cls=ExactEncoder, sort_keys=True).encode())
        digest.update(b"\n")
        count += 1
    return {"count": count, "sha256": digest.hexdigest()}


def desk_manifest() -> dict[str, dict]:
    return {model._meta.label_lower: table_manifest(model) for model in desk_models()}


def _open(path: Path, mode: str):
    if path.suffix == ".gz":
        return gzip.open(path, mode + "t", encoding="utf-8")
    return open(path, mode, encoding="utf-8")


def _rows(model) -> Iterator[dict]:
    """The model's rows as the python serializer writes them, outside refs as natural keys."""
    relations = [
        f for f in [*model._meta.concrete_fields, *model._meta.many_to_many]
        if f.is_relation and _outside(f)
    ]
    keys = {f.name: _natural_keys(f.related_model) for f in relations}
    fields = None
    if model._meta.label_lower in DERIVED:
        fields = [f.name for f in [*_kept(model), *model._meta.many_to_many]]
    queryset = model._default_manager.order_by("pk")
    chunk = []
    for obj in queryset.iterator(chunk_size=BATCH):
        chunk.append(obj)
        if len(chunk) == BATCH:
            yield from _serialize(chunk, keys, fields)
            chunk = []
    yield from _serialize(chunk, keys, fields)


def _serialize(objects, keys, fields=None) -> Iterator[dict]:
    for record in serializers.serialize("python", objects, fields=fields):
        for name, mapping in keys.items():
            value = record["fields"].get(name)
            if isinstance(value, list):
                record["fields"][name] = [mapping[pk] for pk in value]
            elif value is not None and name in record["fields"]:
                record["fields"][name] = mapping[value]
        yield record


def desk_export(*, path: Path) -> dict[str, dict]:
    """Write the whole desk to `path`; return the manifest (count and checksum per table)."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            # One consistent snapshot of every table, while the desk goes on writing.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        manifest = desk_manifest()
        groups = {
            group.name: sorted(list(p.natural_key()) for p in group.permissions.all())
            for group in Group.objects.prefetch_related("permissions__content_type")
        }
        header = {"format": FORMAT, "version": VERSION, "groups": groups, "manifest": manifest}
        with _open(path, "w") as out:
            out.write(json.dumps(header, sort_keys=True) + "\n")
            for model in desk_models():
                for record in _rows(model):
                    out.write(json.dumps(record, cls=ExactEncoder, ensure_ascii=False))
                    out.write("\n")
    return manifest


def desk_is_empty() -> list[str]:
    """The desk's tables that hold rows (empty list: the desk is empty)."""
    return [m._meta.label_lower for m in desk_models() if m._default_manager.exists()]


def _read_header(stream: io.TextIOBase) -> dict:
    try:
        header = json.loads(stream.readline())
    except (json.JSONDecodeError, UnicodeDecodeError, EOFError, OSError) as error:
        raise BackupError(f"not a FactDesk backup: {error}") from error
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("not a FactDesk backup: the first line has no factdesk-backup header")
    if header.get("version") != VERSION:
        raise BackupError(f"backup version {header.get('version')} is not {VERSION}")
    return header


def _ensure_groups(groups: dict[str, list]) -> None:
    """Make the role groups the users belong to, where migrations have not."""
    from django.contrib.auth.models import Permission

    for name, permissions in groups.items():
        group, created = Group.objects.get_or_create(name=name)
        if created:
            found = [Permission.objects.get_by_natural_key(*key) for key in permissions]
            group.permissions.set(found)


def desk_import(*, path: Path) -> dict[str, dict]:
    """Load a backup into an empty desk, in one transaction; return the manifest."""
    with _open(path, "r") as stream:
        header = _read_header(stream)
        manifest = header["manifest"]
        with transaction.atomic():
            occupied = desk_is_empty()
            if occupied:
                raise BackupError(
                    "the desk is not empty (rows in " + ", ".join(occupied) + "); "
                    "import only into a freshly migrated database"
                )
            _ensure_groups(header.get("groups", {}))
            batch = []
            try:
                for line in stream:
                    if line.strip():
                        batch.append(json.loads(line))
                    if len(batch) == BATCH:
                        _save(batch)
                        batch = []
                _save(batch)
            except (json.JSONDecodeError, serializers.base.DeserializationError) as error:
                raise BackupError(f"the backup file is damaged: {error}") from error
            refresh_link_speakers()  # DERIVED: the links' speakers, from their claims
            sequences = connection.ops.sequence_reset_sql(no_style(), desk_models())
            with connection.cursor() as cursor:
                for sql in sequences:
                    cursor.execute(sql)
            connection.check_constraints(
                table_names=[m._meta.db_table for m in desk_models()]
            )
            found = desk_manifest()
            if found != manifest:
                wrong = sorted(k for k in manifest.keys() | found.keys()
                               if manifest.get(k) != found.get(k))
                raise BackupError(
                    "the imported rows do not match the backup's manifest in "
                    + ", ".join(wrong) + "; nothing was imported"
                )
    return manifest


def _save(records: list[dict]) -> None:
    for item in serializers.deserialize("python", records):
        # The rows carry their own history; saving them must not write more.
        item.object.skip_history_when_saving = True
        item.save()
