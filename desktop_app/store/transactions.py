"""Write transactions that take the write lock at once.

A deferred ``BEGIN`` that reads before it writes can fail midway when the window and
the CLI both write; ``BEGIN IMMEDIATE`` waits for the lock first, so a payment either
commits whole or never starts. Nested ``db.atomic()`` blocks become savepoints.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlite_utils import Database


@contextmanager
def immediate(db: Database) -> Iterator[Database]:
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.conn.rollback()
        raise
    db.conn.commit()
