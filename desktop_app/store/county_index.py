"""The county merge's scratch index: every merged row in a throwaway SQLite file.

A county has half a million rows, too many to hold and compare in memory, so the merge
puts them in a scratch file (no journal, no fsync: it is deleted afterwards) and asks
its questions here. What a status means (live, cancelling) is the caller's: the
statuses come in as arguments, the answers go out as plain tuples.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

IndexedRow = tuple[str, str, int, str, str, int | None, str, str, str, int, str, str]
"""village, collector, batch_no, receipt, series, serial, id_number, name, status, cash, paid_on, note"""


def _marks(values: Sequence[str]) -> str:
    return ",".join("?" * len(values))


class CountyIndex:
    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(str(path))
        self.conn.execute("PRAGMA journal_mode=OFF")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute("PRAGMA cache_size=-16000")
        self.conn.execute(
            "CREATE TABLE rows (village TEXT, collector TEXT, batch_no INTEGER, receipt TEXT, series TEXT, "
            "serial INTEGER, id_number TEXT, name TEXT, status TEXT, cash INTEGER, paid_on TEXT, note TEXT)"
        )

    def add(self, rows: Sequence[IndexedRow]) -> None:
        self.conn.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    def finish(self) -> None:
        """Every row is in: index them for the questions."""
        self.conn.execute("CREATE INDEX rows_person ON rows (id_number, village, collector, receipt)")
        self.conn.execute("CREATE INDEX rows_receipt ON rows (village, collector, receipt, id_number)")
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()

    def paid_more_than_once(
        self, live: Sequence[str], cancel: Sequence[str], normal: str
    ) -> list[tuple[str, str, str, str, int, str, str, int]]:
        """Live receipts of people paid for more than once: one row per person, village, collector and receipt
        (id_number, name, village, collector, first batch_no, receipt, paid_on, rows of status ``normal``)."""
        self.conn.execute("DROP TABLE IF EXISTS live")
        self.conn.execute(
            "CREATE TEMP TABLE live AS SELECT id_number, village, collector, receipt, MIN(batch_no) AS batch_no, "
            "MIN(paid_on) AS paid_on, MIN(name) AS name, SUM(status = ?) AS normal FROM rows r "
            f"WHERE id_number != '' AND status IN ({_marks(live)}) AND NOT EXISTS (SELECT 1 FROM rows c WHERE "
            "c.id_number = r.id_number AND c.village = r.village AND c.collector = r.collector "
            f"AND c.receipt = r.receipt AND c.status IN ({_marks(cancel)})) "
            "GROUP BY id_number, village, collector, receipt",
            [normal, *live, *cancel],
        )
        return self.conn.execute(
            "SELECT id_number, name, village, collector, batch_no, receipt, paid_on, normal FROM live "
            "WHERE id_number IN (SELECT id_number FROM live GROUP BY id_number HAVING SUM(MAX(normal, 1)) > 1) "
            "ORDER BY id_number, village, collector, batch_no, receipt"
        ).fetchall()

    def serials(self) -> Iterator[tuple[str, str, str, int]]:
        """(village, collector, series, serial) of every numbered receipt, each once, in order."""
        yield from self.conn.execute(
            "SELECT DISTINCT village, collector, series, serial FROM rows WHERE serial IS NOT NULL "
            "ORDER BY village, collector, series, serial"
        )

    def with_status(self, status: str, limit: int) -> list[tuple[str, str, int, str, str, str, int, str]]:
        """(village, collector, batch_no, receipt, id_number, name, cash, note) of the rows of one status."""
        return self.conn.execute(
            "SELECT village, collector, batch_no, receipt, id_number, name, cash, note FROM rows "
            "WHERE status = ? ORDER BY village, collector, batch_no, receipt LIMIT ?",
            [status, limit],
        ).fetchall()

    def cancelling_nothing(
        self, live: Sequence[str], cancel: Sequence[str], limit: int
    ) -> list[tuple[str, str, int, str, str, str, str]]:
        """(village, collector, batch_no, receipt, id_number, name, status) of cancelling rows whose
        payment is in none of the rows."""
        return self.conn.execute(
            "SELECT village, collector, batch_no, receipt, id_number, name, status FROM rows c "
            f"WHERE status IN ({_marks(cancel)}) AND NOT EXISTS (SELECT 1 FROM rows r WHERE r.village = c.village "
            "AND r.collector = c.collector AND r.receipt = c.receipt AND r.id_number = c.id_number "
            f"AND r.status IN ({_marks(live)})) ORDER BY village, collector, batch_no, receipt LIMIT ?",
            [*cancel, *live, limit],
        ).fetchall()

    def totals(self) -> list[tuple[str, str, str, int, int]]:
        """(village, collector, status, rows, cash) for every collector and status."""
        rows: list[Any] = self.conn.execute(
            "SELECT village, collector, status, COUNT(*), SUM(cash) FROM rows "
            "GROUP BY village, collector, status ORDER BY village, collector, status"
        ).fetchall()
        return rows
