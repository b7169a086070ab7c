"""The app's modules import one way: no circles, models.py at the bottom, views on top."""

import grimp
import pytest

PACKAGES = ("claims", "accounts", "factdesk", "api")


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph(*PACKAGES, include_external_packages=False)


def test_no_two_app_modules_import_each_other_in_a_circle(graph):
    circles = [
        graph.find_shortest_chain(importer=imported, imported=importer)
        for importer in sorted(graph.modules)
        for imported in graph.find_modules_directly_imported_by(importer)
        if graph.chain_exists(importer=imported, imported=importer)
    ]
    assert circles == []


def test_models_import_nothing_above_them(graph):
    assert graph.find_modules_directly_imported_by("claims.models") <= {
        "claims.anchors", "claims.languages", "claims.paths",
    }
    for below in ("claims.anchors", "claims.languages", "claims.paths"):
        assert not graph.find_modules_directly_imported_by(below) & set(graph.modules), below


def test_no_module_imports_the_views_but_the_url_configuration(graph):
    importers = {
        importer
        for view in graph.find_children("claims.views")
        for importer in graph.find_modules_that_directly_import(view)
    }
    assert importers == {"claims.urls"}
