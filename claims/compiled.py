"""Querysets compiled once per database connection and run again with another value.

Turning a queryset into SQL costs Django 0.3-1 ms of CPU each time (its joins, its
columns, its converters), often more than PostgreSQL takes to answer the statement.
A page that runs the same query for another claim pays it on every request. A
`CompiledRows` builds its queryset once, for a stand-in value, keeps the SQL, and
afterwards only swaps the value into the parameters, runs the statement and hands
the rows to the same compiler to convert, exactly as `values_list` would give them.
The SQL is the ORM's own: nothing is written by hand. `instance` makes a model
instance of some of a row's values, holding only those.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

# The stand-in for the value while the query is compiled: no id is negative, so no other
# parameter of a desk query can equal it.
STAND_IN = -7_654_321


class CompiledRows:
    """`build(value)` is a values_list queryset; `rows(value)` is `list(build(value))`."""

    def __init__(self, build: Callable[[int], QuerySet]):
        self.build = build
        # Per connection object (one per thread): a compiler holds its connection.
        self._compiled = weakref.WeakKeyDictionary()

    def _compile(self, db):
        compiler = self.build(STAND_IN).query.get_compiler(connection=db)
        sql, params = compiler.as_sql()
        slots = [i for i, param in enumerate(params) if param == STAND_IN]
        if not slots:
            raise ValueError("The queryset does not pass its value as a parameter.")
        return compiler, sql, list(params), slots

    def rows(self, value: int) -> list[tuple]:
        db = connections[DEFAULT_DB_ALIAS]
        compiled = self._compiled.get(db)
        if compiled is None:
            compiled = self._compiled[db] = self._compile(db)
        compiler, sql, params, slots = compiled
        params = list(params)
        for slot in slots:
            params[slot] = value
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        return list(compiler.results_iter([fetched], tuple_expected=True))


def instance(model, names, values):
    """A `model` instance holding these values only (the rest deferred). Model.from_db takes
    them in the model's field order; here they come in the order of `names`."""
    given = dict(zip(names, values, strict=True))
    fields = [field.attname for field in model._meta.concrete_fields if field.attname in given]
    return model.from_db(DEFAULT_DB_ALIAS, fields, [given[name] for name in fields])
