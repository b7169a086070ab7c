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
from django.db.models.query import NamedValuesListIterable
from django.db.models.utils import create_namedtuple_class

# The stand-in for the value while the query is compiled: no id is negative, so no other
# parameter of a desk query can equal it.
STAND_IN = -7_654_321


class CompiledRows:
    """`build(value)` is a values_list queryset; `rows(value)` is `list(build(value))`,
    named rows for a values_list(named=True), as the queryset itself would give them."""

    def __init__(self, build: Callable[[int], QuerySet], count: int | None = None):
        """With `count`, the value is a tuple of that many ids (`claim_id__in=value`)."""
        self.build = build
        self.stand_in = STAND_IN if count is None else tuple(STAND_IN - i for i in range(count))
        # Per connection object (one per thread): a compiler holds its connection.
        self._compiled = weakref.WeakKeyDictionary()

    def _compile(self, db):
        queryset = self.build(self.stand_in)
        compiler = queryset.query.get_compiler(connection=db)
        sql, params = compiler.as_sql()
        if isinstance(self.stand_in, tuple):
            place = {stand_in: k for k, stand_in in enumerate(self.stand_in)}
        else:
            place = {self.stand_in: None}
        slots = [
            (i, place[param]) for i, param in enumerate(params)
            if isinstance(param, int) and param in place
        ]
        if len({k for _, k in slots}) != len(place):
            raise ValueError("The queryset does not pass its values as parameters.")
        row = None
        if issubclass(queryset._iterable_class, NamedValuesListIterable):
            query = queryset.query  # the names NamedValuesListIterable gives its rows
            names = queryset._fields or (
                *query.extra_select, *query.values_select, *query.annotation_select
            )
            row = create_namedtuple_class(*names)
        return compiler, sql, list(params), slots, row

    def rows(self, value) -> list[tuple]:
        db = connections[DEFAULT_DB_ALIAS]
        compiled = self._compiled.get(db)
        if compiled is None:
            compiled = self._compiled[db] = self._compile(db)
        compiler, sql, params, slots, row = compiled
        params = list(params)
        for slot, k in slots:
            params[slot] = value if k is None else value[k]
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            fetched = cursor.fetchall()
        rows = compiler.results_iter([fetched], tuple_expected=True)
        return [row(*values) for values in rows] if row else list(rows)


def instance(model, names, values):
    """A `model` instance holding these values only (the rest deferred). Model.from_db takes
    them in the model's field order; here they come in the order of `names`."""
    given = dict(zip(names, values, strict=True))
    fields = [field.attname for field in model._meta.concrete_fields if field.attname in given]
    return model.from_db(DEFAULT_DB_ALIAS, fields, [given[name] for name in fields])
