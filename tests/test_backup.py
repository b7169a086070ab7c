"""export_desk and import_desk: the whole desk round-trips exactly, into an empty desk only."""

import gzip
import json
from datetime import UTC, datetime

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.core.management.color import no_style
from django.db import connection

from accounts.tokens import token_create
from claims import services, services_inbox
from claims.backup import desk_manifest, desk_models
from claims.models import (
    Claim,
    ClaimLink,
    GradeChange,
    Question,
    Source,
    SourceAlias,
    SuggestedPair,
)


def flush_desk() -> None:
    """Empty every desk table (the role groups and permissions stay, as after migrate)."""
    tables = set()
    for label in ("accounts", "claims"):
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            tables.add(model._meta.db_table)
            for field in model._meta.many_to_many:
                tables.add(field.remote_field.through._meta.db_table)
    statements = connection.ops.sql_flush(no_style(), sorted(tables), allow_cascade=True)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The test's open transaction holds deferred foreign-key checks; TRUNCATE needs none.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for sql in statements:
            cursor.execute(sql)
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # as in a fresh transaction
    assert all(not m.objects.exists() for m in desk_models())


@pytest.fixture
def worked_desk(seed, editor, reviewer, admin_user):
    """The seed desk after a day's work: a link resolved, a grade changed, a claim edited."""
    link = ClaimLink.objects.filter(kind=ClaimLink.Kind.CONTRADICTS).order_by("pk").first()
    link.status = ClaimLink.Status.RESOLVED
    link.outcome = ClaimLink.Outcome.SECOND_UPHELD
    link.rationale = "Лицо с «кавычками», שלום, and 🙂: the border service's figure stands."
    link.resolved_by = reviewer
    link.resolved_at = datetime(2014, 8, 5, 9, 30, tzinfo=UTC)
    link.save()
    interfax = Source.objects.get(name="Interfax")
    interfax.set_reliability("A", reason="Independently confirmed twice.", by=admin_user)
    SourceAlias.objects.create(source=interfax, name="Интерфакс")
    claim = Claim.objects.order_by("pk").first()
    claim.credibility = 2
    claim.created_by = editor
    claim.save()
    claim.questions.clear()
    drills, casualties = (Claim.objects.get(statement__startswith=s) for s in ("Air", "The conf"))
    services.suggestion_dismiss(claim=drills, other=casualties, by=reviewer)
    # An API token: its digest comes across, so the token still opens the API after a restore.
    token_create(user=editor, name="CMS import")
    # The inbox's rows: a pair taken, a question watched, a visit, a notification.
    pair = SuggestedPair.objects.order_by("pk").first()
    services_inbox.pair_assign(pair=pair, to=reviewer, by=admin_user)
    services_inbox.question_watch(question=Question.objects.first(), user=editor, on=True)
    services_inbox.desk_visit(editor)
    return link


def counts() -> dict[str, int]:
    return {label: table["count"] for label, table in desk_manifest().items()}


def test_the_desk_round_trips_with_every_row_identical(worked_desk, tmp_path, django_user_model):
    before = desk_manifest()
    assert GradeChange.objects.filter(to_grade="A", source__name="Interfax").count() == 1
    assert before["claims.historicalclaimlink"]["count"] >= 2
    assert before["claims.historicalclaim_questions"]["count"] > 0
    assert all(table["count"] > 0 for table in before.values()), before
    users = django_user_model.objects.all()
    roles = {u.username: sorted(g.name for g in u.groups.all()) for u in users}
    path = tmp_path / "desk.jsonl.gz"
    call_command("export_desk", str(path))

    flush_desk()
    call_command("import_desk", str(path))

    assert desk_manifest() == before
    after_roles = {
        u.username: sorted(g.name for g in u.groups.all()) for u in django_user_model.objects.all()
    }
    assert after_roles == roles
    link = ClaimLink.objects.get(pk=worked_desk.pk)
    assert link.rationale.startswith("Лицо с «кавычками», שלום, and 🙂")
    assert link.history.count() == worked_desk.history.count()
    change = GradeChange.objects.get(to_grade="A", source__name="Interfax")
    assert change.changed_by.username == "ada"
    assert Source.objects.get(name="Interfax").aliases.get().name == "Интерфакс"
    # The users log in with their old passwords (the hashes came across).
    assert django_user_model.objects.get(username="rex").check_password("pw-rex")


def test_new_rows_after_an_import_get_fresh_ids(worked_desk, tmp_path):
    path = tmp_path / "desk.jsonl"
    call_command("export_desk", str(path))
    highest = Source.objects.order_by("-pk").first().pk
    flush_desk()
    call_command("import_desk", str(path))
    # The sequence was reset: the next source does not collide with an imported one.
    created = Source.objects.create(name="New wire", kind="outlet")
    assert created.pk > highest


def test_the_file_is_json_lines_with_a_manifest_header(worked_desk, tmp_path):
    path = tmp_path / "desk.jsonl.gz"
    call_command("export_desk", str(path))
    with gzip.open(path, "rt", encoding="utf-8") as stream:
        header = json.loads(stream.readline())
        rows = [json.loads(line) for line in stream]
    assert header["format"] == "factdesk-backup"
    assert sum(t["count"] for t in header["manifest"].values()) == len(rows)
    users = [r for r in rows if r["model"] == "accounts.user"]
    user = next(r for r in users if r["fields"]["username"] == "rex")
    # Role groups travel by name, since their ids differ between databases.
    assert user["fields"]["groups"] == [["reviewer"]]


def test_an_import_into_a_desk_that_holds_rows_is_refused(worked_desk, tmp_path):
    path = tmp_path / "desk.jsonl.gz"
    call_command("export_desk", str(path))
    before = desk_manifest()
    with pytest.raises(CommandError, match="the desk is not empty"):
        call_command("import_desk", str(path))
    assert desk_manifest() == before


def test_an_altered_backup_imports_nothing(worked_desk, tmp_path):
    path = tmp_path / "desk.jsonl"
    call_command("export_desk", str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    tampered = [
        line.replace("Independently confirmed twice.", "Made up.")
        if '"claims.gradechange"' in line
        else line
        for line in lines
    ]
    path.write_text("\n".join(tampered) + "\n", encoding="utf-8")
    flush_desk()
    with pytest.raises(CommandError, match="not match the backup's manifest in claims.gradechange"):
        call_command("import_desk", str(path))
    assert not Source.objects.exists()
    assert not Claim.objects.exists()


def test_a_truncated_backup_imports_nothing(worked_desk, tmp_path):
    path = tmp_path / "desk.jsonl"
    call_command("export_desk", str(path))
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[: len(lines) // 2]) + "\n", encoding="utf-8")
    flush_desk()
    with pytest.raises(CommandError, match="do not match"):
        call_command("import_desk", str(path))
    assert not Claim.objects.exists()


def test_a_file_that_is_not_a_backup_is_refused(db, tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("hello\n")
    with pytest.raises(CommandError, match="not a FactDesk backup"):
        call_command("import_desk", str(path))
    with pytest.raises(CommandError, match="No backup file"):
        call_command("import_desk", str(tmp_path / "missing.jsonl"))


def test_a_missing_role_group_is_recreated_from_the_backup(worked_desk, tmp_path):
    path = tmp_path / "desk.jsonl.gz"
    reviewers = Group.objects.get(name="reviewer")
    permissions = sorted(reviewers.permissions.values_list("codename", flat=True))
    call_command("export_desk", str(path))
    flush_desk()
    Group.objects.filter(name="reviewer").delete()
    call_command("import_desk", str(path))
    group = Group.objects.get(name="reviewer")
    assert sorted(group.permissions.values_list("codename", flat=True)) == permissions
    assert group.user_set.get().username == "rex"
