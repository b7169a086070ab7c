"""The app's PostgreSQL cursor: parameters bound by the server, repeated statements prepared.

Django's default psycopg cursor merges the parameters into the SQL text, so
PostgreSQL parses and plans every statement of every request again; planning
the desk's joins cost about as much as running them (docs/performance.md, round
5). With server-side binding the text of a statement is the same whatever its
parameters, and psycopg prepares a statement once a connection has run it
`prepare_threshold` times (settings: DATABASE_PREPARE_THRESHOLD); after that
PostgreSQL skips parsing it, and may keep one plan for all parameters.

One plan for all parameters is wrong where the best plan depends on the text a
user typed: a rare word is found through the full-text index, a common one by
walking the newest claims. Statements that match typed text (full text `@@`,
`LIKE`, trigram `%`) are therefore never prepared, and are planned for their
own words each time.
"""

from __future__ import annotations

import re

from django.db.backends.postgresql.base import ServerBindingCursor

# Predicates whose plan depends on the value: full-text match, LIKE (icontains and
# friends), trigram similarity (`%%` is `%` escaped in a statement with parameters).
TYPED_TEXT = re.compile(r"@@| LIKE |%%|similarity\(")


class DeskCursor(ServerBindingCursor):
    def execute(self, query, params=None, *, prepare=None, binary=None):
        if prepare is None and isinstance(query, str) and TYPED_TEXT.search(query):
            prepare = False
        return super().execute(query, params, prepare=prepare, binary=binary)
