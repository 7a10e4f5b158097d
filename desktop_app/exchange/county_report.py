"""The county's findings across many batches: 重复参保, receipt gaps, voids and refunds.

Rows from every batch go into a scratch SQLite file (not the memory: a county has half
a million rows), and the questions are asked in SQL. A person counts once per receipt
whatever rows repeat it (a 重报 row repeats its 正常 row); a 作废 or 退费 row for the
same receipt and person takes the payment out. What is left more than once is a
duplicate, listed with where each payment was made.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from desktop_app.domain.money import format_yuan
from desktop_app.exchange.batch_template import NORMAL, REFUNDED, RESUBMITTED, VOIDED

_SERIAL = re.compile(r"^(.*?)(\d{6})$")
LIVE = f"('{NORMAL}', '{RESUBMITTED}')"
CANCEL = f"('{VOIDED}', '{REFUNDED}')"
MAX_LISTED = 2000


def split_receipt(receipt: str) -> tuple[str, int | None]:
    """'STZ2022000123' -> ('STZ2022', 123): the collector's series for the year, and the serial."""
    m = _SERIAL.match(receipt)
    return (m.group(1), int(m.group(2))) if m else (receipt, None)


class CountyIndex:
    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(str(path))
        self.conn.execute("PRAGMA journal_mode=OFF")
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute("PRAGMA cache_size=-16000")
        self.conn.execute(
            "CREATE TABLE rows (village TEXT, collector TEXT, batch_no INTEGER, receipt TEXT, series TEXT, "
            "serial INTEGER, id_number TEXT, name TEXT, status TEXT, cash INTEGER, paid_on TEXT, note TEXT)")

    def add(self, rows: list[tuple[Any, ...]]) -> None:
        self.conn.executemany("INSERT INTO rows VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", rows)

    def finish(self) -> None:
        self.conn.execute("CREATE INDEX rows_person ON rows (id_number, village, collector, receipt)")
        self.conn.execute("CREATE INDEX rows_receipt ON rows (village, collector, receipt, id_number)")
        self.conn.commit()

    def close(self) -> None:
        self.conn.close()

    def duplicates(self) -> list[dict[str, Any]]:
        """People paid for under more than one live receipt (or twice on one)."""
        self.conn.execute("DROP TABLE IF EXISTS live")
        self.conn.execute(
            "CREATE TEMP TABLE live AS SELECT id_number, village, collector, receipt, MIN(batch_no) AS batch_no, "
            f"MIN(paid_on) AS paid_on, MIN(name) AS name, SUM(status = '{NORMAL}') AS normal FROM rows r "
            f"WHERE id_number != '' AND status IN {LIVE} AND NOT EXISTS (SELECT 1 FROM rows c WHERE "
            "c.id_number = r.id_number AND c.village = r.village AND c.collector = r.collector "
            f"AND c.receipt = r.receipt AND c.status IN {CANCEL}) GROUP BY id_number, village, collector, receipt")
        found: dict[str, dict[str, Any]] = {}
        for id_number, name, village, collector, batch_no, receipt, paid_on, normal in self.conn.execute(
                "SELECT id_number, name, village, collector, batch_no, receipt, paid_on, normal FROM live "
                "WHERE id_number IN (SELECT id_number FROM live GROUP BY id_number HAVING SUM(MAX(normal, 1)) > 1) "
                "ORDER BY id_number, village, collector, batch_no, receipt"):
            entry = found.setdefault(id_number, {"id_number": id_number, "name": name, "paid": []})
            for _ in range(max(normal, 1)):
                entry["paid"].append({"village": village, "collector": collector, "batch_no": batch_no,
                                      "receipt_no": receipt, "paid_on": paid_on})
        for entry in found.values():
            entry["count"] = len(entry["paid"])
            entry["same_village"] = len({p["village"] for p in entry["paid"]}) == 1
        return list(found.values())

    def gaps(self) -> list[dict[str, Any]]:
        """Receipt numbers missing from each collector's series (every issued number is in some batch)."""
        out: list[dict[str, Any]] = []
        for (village, collector, series), serials in self._series():
            missing, expected = [], 1
            for serial in serials:
                if serial > expected:
                    missing.append((expected, serial - 1))
                expected = serial + 1
            if missing:
                out.append({"village": village, "collector": collector, "series": series,
                            "missing_count": sum(b - a + 1 for a, b in missing),
                            "missing": [{"from": f"{series}{a:06d}", "to": f"{series}{b:06d}", "count": b - a + 1}
                                        for a, b in missing]})
        return out

    def _series(self) -> Iterator[tuple[tuple[str, str, str], list[int]]]:
        key: tuple[str, str, str] | None = None
        serials: list[int] = []
        for village, collector, series, serial in self.conn.execute(
                "SELECT DISTINCT village, collector, series, serial FROM rows WHERE serial IS NOT NULL "
                "ORDER BY village, collector, series, serial"):
            if key != (village, collector, series):
                if key is not None:
                    yield key, serials
                key, serials = (village, collector, series), []
            serials.append(serial)
        if key is not None:
            yield key, serials

    def cancellations(self, status: str) -> list[dict[str, Any]]:
        return [{"village": v, "collector": c, "batch_no": b, "receipt_no": r, "id_number": i, "name": n,
                 "amount": format_yuan(cash), "note": note}
                for v, c, b, r, i, n, cash, note in self.conn.execute(
                    "SELECT village, collector, batch_no, receipt, id_number, name, cash, note FROM rows "
                    "WHERE status = ? ORDER BY village, collector, batch_no, receipt LIMIT ?", [status, MAX_LISTED])]

    def orphans(self) -> list[dict[str, Any]]:
        """作废/退费 rows whose payment is in none of the batches given."""
        return [{"kind": "cancel_without_payment", "village": v, "collector": c, "batch_no": b,
                 "detail": f"收据 {r}（{n} {i}）有{s}记录，但所给批次中没有这笔缴费"}
                for v, c, b, r, i, n, s in self.conn.execute(
                    "SELECT village, collector, batch_no, receipt, id_number, name, status FROM rows c "
                    f"WHERE status IN {CANCEL} AND NOT EXISTS (SELECT 1 FROM rows r WHERE r.village = c.village "
                    "AND r.collector = c.collector AND r.receipt = c.receipt AND r.id_number = c.id_number "
                    f"AND r.status IN {LIVE}) ORDER BY village, collector, batch_no, receipt LIMIT ?",
                    [MAX_LISTED])]

    def totals(self) -> dict[tuple[str, str], dict[str, list[int]]]:
        """(village, collector) -> status -> [rows, cash fen]."""
        out: dict[tuple[str, str], dict[str, list[int]]] = {}
        for village, collector, status, count, cash in self.conn.execute(
                "SELECT village, collector, status, COUNT(*), SUM(cash) FROM rows "
                "GROUP BY village, collector, status ORDER BY village, collector, status"):
            out.setdefault((village, collector), {})[status] = [count, cash]
        return out


def net_cash(by_status: dict[str, list[int]]) -> int:
    return sum(sign * by_status.get(s, [0, 0])[1] for s, sign in ((NORMAL, 1), (VOIDED, -1), (REFUNDED, -1)))
