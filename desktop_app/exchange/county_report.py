"""The county's findings across many batches: 重复参保, receipt gaps, voids and refunds.

The rows of every batch go into an index the caller provides (``RowIndex``: a scratch
SQLite file in the store layer, because a county has half a million rows), and the
findings are shaped here. A person counts once per receipt whatever rows repeat it (a
重报 row repeats its 正常 row); a 作废 or 退费 row for the same receipt and person
takes the payment out, and a 退费撤销 row (the refund application was declined, 不予退费)
puts it back: a payment is out while it has more 退费 rows than 退费撤销 rows. What is
left more than once is a duplicate, listed with where each payment was made.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Protocol

from desktop_app.domain.money import format_yuan
from desktop_app.exchange.batch_fields import NORMAL, REFUNDED, RESTORED, RESUBMITTED, SIGNS, VOIDED

_SERIAL = re.compile(r"^(.*?)(\d{6})$")
LIVE = (NORMAL, RESUBMITTED)
CANCEL = (VOIDED, REFUNDED)
NET_RULE = "正常−作废−退费+退费撤销"
MAX_LISTED = 2000
_ALL = 10**9


class RowIndex(Protocol):
    """Where the merge puts every row it reads (see ``store.county_index.CountyIndex``)."""

    def add(self, rows: Sequence[tuple[str, str, int, str, str, int | None, str, str, str, int, str, str]]) -> None: ...

    def finish(self) -> None: ...

    def close(self) -> None: ...

    def paid_more_than_once(
        self, live: Sequence[str], cancel: Sequence[str], normal: str
    ) -> list[tuple[str, str, str, str, int, str, str, int]]: ...

    def serials(self) -> Iterable[tuple[str, str, str, int]]: ...

    def with_status(self, status: str, limit: int) -> list[tuple[str, str, int, str, str, str, int, str]]: ...

    def cancelling_nothing(
        self, live: Sequence[str], cancel: Sequence[str], limit: int
    ) -> list[tuple[str, str, int, str, str, str, str]]: ...

    def totals(self) -> list[tuple[str, str, str, int, int]]: ...


class IndexOpener(Protocol):
    def __call__(self, path: Path) -> RowIndex: ...


def split_receipt(receipt: str) -> tuple[str, int | None]:
    """'STZ2022000123' -> ('STZ2022', 123): the collector's series for the year, and the serial."""
    m = _SERIAL.match(receipt)
    return (m.group(1), int(m.group(2))) if m else (receipt, None)


def duplicates(index: RowIndex) -> list[dict[str, Any]]:
    """People paid for under more than one live receipt (or twice on one)."""
    refunded = _refunded(index)
    found: dict[str, dict[str, Any]] = {}
    for id_number, name, village, collector, batch_no, receipt, paid_on, normal in index.paid_more_than_once(
        LIVE, (VOIDED,), NORMAL
    ):
        if (village, collector, receipt, id_number) in refunded:
            continue
        entry = found.setdefault(id_number, {"id_number": id_number, "name": name, "paid": []})
        for _ in range(max(normal, 1)):
            entry["paid"].append(
                {
                    "village": village,
                    "collector": collector,
                    "batch_no": batch_no,
                    "receipt_no": receipt,
                    "paid_on": paid_on,
                }
            )
    for entry in found.values():
        entry["count"] = len(entry["paid"])
        entry["same_village"] = len({p["village"] for p in entry["paid"]}) == 1
    return [entry for entry in found.values() if entry["count"] > 1]


def _refunded(index: RowIndex) -> set[tuple[str, str, str, str]]:
    """(village, collector, receipt, ID number) of the payments refunded and not put back (不予退费)."""
    balance: dict[tuple[str, str, str, str], int] = {}
    for status, step in ((REFUNDED, 1), (RESTORED, -1)):
        for v, c, _, r, i, _, _, _ in index.with_status(status, _ALL):
            balance[(v, c, r, i)] = balance.get((v, c, r, i), 0) + step
    return {key for key, n in balance.items() if n > 0}


def gaps(index: RowIndex) -> list[dict[str, Any]]:
    """Receipt numbers missing from each collector's series (every issued number is in some batch)."""
    out: list[dict[str, Any]] = []
    key: tuple[str, str, str] | None = None
    serials: list[int] = []
    for village, collector, series, serial in index.serials():
        if key is not None and key != (village, collector, series):
            _gap(out, key, serials)
            serials = []
        key = (village, collector, series)
        serials.append(serial)
    if key is not None:
        _gap(out, key, serials)
    return out


def _gap(out: list[dict[str, Any]], key: tuple[str, str, str], serials: list[int]) -> None:
    village, collector, series = key
    missing, expected = [], 1
    for serial in serials:
        if serial > expected:
            missing.append((expected, serial - 1))
        expected = serial + 1
    if missing:
        out.append(
            {
                "village": village,
                "collector": collector,
                "series": series,
                "missing_count": sum(b - a + 1 for a, b in missing),
                "missing": [
                    {"from": f"{series}{a:06d}", "to": f"{series}{b:06d}", "count": b - a + 1} for a, b in missing
                ],
            }
        )


def cancellations(index: RowIndex, status: str) -> list[dict[str, Any]]:
    return [
        {
            "village": v,
            "collector": c,
            "batch_no": b,
            "receipt_no": r,
            "id_number": i,
            "name": n,
            "amount": format_yuan(cash),
            "note": note,
        }
        for v, c, b, r, i, n, cash, note in index.with_status(status, MAX_LISTED)
    ]


def orphans(index: RowIndex) -> list[dict[str, Any]]:
    """作废/退费/退费撤销 rows whose payment is in none of the batches given."""
    return [
        {
            "kind": "cancel_without_payment",
            "village": v,
            "collector": c,
            "batch_no": b,
            "detail": f"收据 {r}（{n} {i}）有{s}记录，但所给批次中没有这笔缴费",
        }
        for v, c, b, r, i, n, s in index.cancelling_nothing(LIVE, (*CANCEL, RESTORED), MAX_LISTED)
    ]


def totals(index: RowIndex) -> dict[tuple[str, str], dict[str, list[int]]]:
    """(village, collector) -> status -> [rows, cash fen]."""
    out: dict[tuple[str, str], dict[str, list[int]]] = {}
    for village, collector, status, count, cash in index.totals():
        out.setdefault((village, collector), {})[status] = [count, cash]
    return out


def net_cash(by_status: dict[str, list[int]]) -> int:
    """正常 − 作废 − 退费 + 退费撤销, as each batch's manifest counts its net."""
    return sum(sign * by_status.get(s, [0, 0])[1] for s, sign in SIGNS.items())
