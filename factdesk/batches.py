"""Lists of ids that grow with the data, sent to the database a bounded batch at a time.

PostgreSQL takes at most 65535 parameters in a statement whose parameters the server
binds (the protocol counts them in 16 bits; the app binds on the server, factdesk/db.py),
and SQLite 32766 by default. A list of ids that grows with the data (every source, a
speaker's claims, a claim's family) is therefore never one statement's parameters: it is
a subquery the database reads itself, or it is sent ID_BATCH ids at a time, which leaves
room for an id used twice in a statement and for other parameters beside them.

Django batches bulk_create and bulk_update by the backend's limit on SQLite and not at
all on PostgreSQL, so every call over data-sized rows passes batch_size (ROW_BATCH rows,
each a few dozen parameters at most).
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")

ID_BATCH = 5_000
ROW_BATCH = 500


def batches(items: Iterable[T], size: int = ID_BATCH) -> Iterator[list[T]]:
    """`items` in lists of at most `size`, in order (none for no items)."""
    iterator = iter(items)
    while batch := list(itertools.islice(iterator, size)):
        yield batch
