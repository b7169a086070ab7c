"""The OpenAPI document and the docs page: generated from the schemas, errors described
as problem details, and a docs page that loads nothing from outside the desk."""

import re

import pytest
from django.templatetags.static import static

pytestmark = pytest.mark.django_db


def test_the_openapi_document_describes_every_operation_and_its_problems(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/claims", "/api/claims/{pk}", "/api/links/{pk}/resolve",
            "/api/sources/{pk}/grade"} <= set(schema["paths"])
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            for status, answer in operation["responses"].items():
                media = set(answer.get("content", {}))
                if int(status) >= 400:
                    assert media == {"application/problem+json"}, (method, path, status)
                else:
                    assert media == {"application/json"}, (method, path, status)
            assert "401" in operation["responses"], (method, path)
            assert operation["security"], (method, path)
    stale = schema["paths"]["/api/claims/{pk}"]["patch"]["responses"]["409"]
    assert stale["content"]["application/problem+json"]["schema"]["$ref"].endswith("StaleClaim")


def test_the_docs_page_references_only_the_desks_own_static_files(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'<(?:script|link)[^>]*(?:src|href)="([^"]+)"', page)
    prefix = static("")
    assert sources and all(source.startswith(prefix) for source in sources)
    assert "/static/ninja/swagger-ui-bundle.js" in sources
    assert "//" not in "".join(sources)
    # The only inline <script> is data (Swagger's settings), which the policy does not run.
    inline = re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", page)
    assert inline == [' type="application/json" id="swagger-settings"']
    assert '"validatorUrl": null' in page  # no badge fetched from swagger.io


def test_the_docs_page_is_served_under_the_desks_own_policy(client):
    policy = client.get("/api/docs")["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy


def test_the_static_files_of_the_docs_page_are_served(client, settings):
    from django.contrib.staticfiles import finders

    for name in ("ninja/swagger-ui-bundle.js", "ninja/swagger-ui-init.js",
                 "ninja/swagger-ui.css"):
        assert finders.find(name), name
