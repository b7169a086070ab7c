"""PostgreSQL: parameters bound by the server, repeated statements prepared, typed text never."""

import pytest
from django.db import connection
from test_settings import settings_value

from claims.models import Claim, Source
from claims.search import filter_claims
from factdesk.db import TYPED_TEXT

pytestmark = pytest.mark.django_db

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements are PostgreSQL's"
)


def prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


def test_the_threshold_comes_from_the_environment():
    url = "postgres://desk:pw@db:5432/factdesk"
    options = "settings.DATABASES['default']['OPTIONS']"
    assert settings_value(f"{options}['prepare_threshold']", DATABASE_URL=url) == "5"
    assert settings_value(
        f"{options}['prepare_threshold']", DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="2"
    ) == "2"
    assert settings_value(
        f"{options}['prepare_threshold'], {options}['server_side_binding']",
        DATABASE_URL=url, DATABASE_PREPARE_THRESHOLD="off",
    ) == "None True"
    assert settings_value(f"'cursor_factory' in {options}", DATABASE_URL="") == "False"


def test_statements_matching_typed_text_are_recognised():
    def sql(queryset):
        return str(queryset.query)

    assert TYPED_TEXT.search(sql(Source.objects.filter(name__icontains="x")))
    assert not TYPED_TEXT.search(sql(Claim.objects.filter(speaker_id=1, status="open")))
    assert TYPED_TEXT.search("SELECT id FROM claims_claim WHERE statement %% %s")
    assert TYPED_TEXT.search("SELECT similarity(statement, %s) FROM claims_claim")


@postgres_only
def test_a_repeated_statement_is_prepared(seed_without_body):
    claim = Claim.objects.first()
    for _ in range(connection.connection.prepare_threshold + 1):
        assert Claim.objects.filter(speaker_id=claim.speaker_id).order_by("pk").first() == claim
    # Server-side binding: the parameter is $1 in the text PostgreSQL keeps.
    assert any(
        '"claims_claim"."speaker_id" = $1' in statement for statement in prepared_statements()
    )


@postgres_only
def test_a_search_is_planned_for_its_own_words_every_time(seed_without_body):
    words = ["soldiers", "crossed", "border", "Ukraine", "defect", "hundreds", "zebra"]
    found = {}
    for word in words * 2:
        found[word] = filter_claims(Claim.objects.all(), {"q": word}).count()
    assert found["soldiers"] > 0 and found["zebra"] == 0
    statements = prepared_statements()
    assert not [statement for statement in statements if "@@" in statement]
    assert not [statement for statement in statements if " LIKE " in statement]
