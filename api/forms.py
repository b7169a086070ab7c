"""Typed input as the desk's forms read it: a request's fields as the QueryDict a page
would post, so that the API is validated by the very forms of the pages."""

from __future__ import annotations

from datetime import date, datetime
from enum import Enum

from django.http import QueryDict


def posted(values: dict) -> QueryDict:
    """`values` as a posted form: lists as repeated fields, True as a ticked box, False and
    None left out (an unticked box, an empty field)."""
    data = QueryDict(mutable=True)
    for name, value in values.items():
        if value is None or value is False:
            continue
        if isinstance(value, list | tuple):
            data.setlist(name, [str(getattr(item, "pk", item)) for item in value])
        elif value is True:
            data[name] = "on"
        elif isinstance(value, Enum):
            data[name] = str(value.value)
        elif isinstance(value, datetime | date):
            data[name] = value.isoformat()
        else:
            data[name] = str(getattr(value, "pk", value))
    return data
