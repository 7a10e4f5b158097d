"""A batch's rows as plain values, and the figures made from them.

The writer and the verifier go through the same functions: the figures in a manifest
(counts and totals by status and identity group, the receipt range, the content hash)
are computed from the rows as the workbook holds them, so whoever reads the workbook
back can compute them again and compare. Money is integer fen here; yuan strings only
in the manifest.

What a template leaves out, the figures leave out (issue 14: 收据号, 状态 and 实收金额
are optional columns). Without 状态 every row is a 正常 row — the export refuses a
batch holding 作废/退费/重报/退费撤销 rows for such a template, since the county could
not tell them from payments. Without 实收金额 the money figures have no ``cash``; without
收据号 there is no ``receipts`` range (the county merge cannot check that collector's
receipt numbers for gaps, and says so; the chain of batches, by the previous manifest's
hash, does not depend on any column). A template with 补录 or 票据号 adds
``late_entries`` (正常 rows entered late) and ``bill_numbers`` (forms used by 正常 rows).
The net is 正常 − 作废 − 退费 + 退费撤销 (a declined refund puts the person back).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.domain.money import Fen, MoneyError, format_yuan, parse_yuan
from desktop_app.exchange.batch_fields import LATE_YES, NORMAL, RESTORED, SIGNS, STATUSES
from desktop_app.exchange.batch_template import Template

Value = str | int  # text and dates as str, money (fen) and integers as int
Row = list[Value]

MONEY_KEYS = (("due", "standard"), ("subsidy", "subsidy"), ("cash", "cash"))  # manifest key, field
SUMMARY_HEADER = ("参保身份", "状态", "人数", "个人缴费标准", "资助金额", "实收金额")
SUMMARY_FORMATS = ("text", "text", "integer", "money", "money", "money")
NET_LABEL = "净额"
NET_NOTE = "正常−作废−退费"
NET_NOTE_RESTORED = "正常−作废−退费+退费撤销"  # only in a batch that holds a 退费撤销 row: older batches keep theirs
_SEP_CELL, _SEP_ROW = "\x1f", "\x1e"


class CellProblem(ValueError):
    """A cell whose content does not fit its column's format."""


def canonical(value: Any, fmt: str) -> Value:
    """A frozen row value as the workbook cell must hold it."""
    if fmt in ("money", "integer"):
        return int(value or 0)
    if value is None:
        return ""
    text = str(value)
    return text.replace("-", "") if fmt == "date8" else text


def read_cell(value: Any, fmt: str) -> Value:
    """A cell as calamine returns it, back to the plain value the writer started from."""
    if fmt == "money":
        return _fen(value)
    if fmt == "integer":
        if isinstance(value, bool) or value in (None, ""):
            raise CellProblem("应为整数")
        if isinstance(value, float):
            if not value.is_integer():
                raise CellProblem(f"应为整数，却是 {value!r}")
            return int(value)
        if isinstance(value, int):
            return value
        try:
            return int(str(value).strip())
        except ValueError:
            raise CellProblem(f"应为整数，却是“{value}”") from None
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat().replace("-", "") if fmt == "date8" else value.isoformat()
    return str(value)


def _fen(value: Any) -> Fen:
    if isinstance(value, bool) or value is None or value == "":
        raise CellProblem("应为金额数字")
    if isinstance(value, int):
        return value * 100
    if isinstance(value, float):
        if -1e12 < value < 1e12:  # the common case without Decimal: a float that is exactly n/100 for whole n
            fen = round(value * 100)
            if fen / 100 == value:
                return fen
        try:
            amount = Decimal(repr(value)) * 100
        except InvalidOperation:
            raise CellProblem(f"应为金额，却是 {value!r}") from None
        if amount != amount.to_integral_value():
            raise CellProblem(f"金额 {value!r} 不是整分")
        return int(amount)
    try:
        return parse_yuan(str(value))
    except MoneyError as e:
        raise CellProblem(str(e)) from None


class Digest:
    """SHA-256 over the rows' plain values: what the sheet says, whatever bytes carry it."""

    def __init__(self) -> None:
        self._hash = hashlib.sha256()

    def add(self, row: Sequence[Value]) -> None:
        self._hash.update((_SEP_CELL.join(map(str, row)) + _SEP_ROW).encode("utf-8"))

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


@dataclass
class Figures:
    """Counts and totals of a batch's rows: by status, by identity group and status, receipts."""

    money: tuple[str, ...]  # which of due/subsidy/cash the template carries
    by_status: dict[str, list[int]] = field(default_factory=dict)  # status -> [rows, due, subsidy, cash]
    by_identity: dict[tuple[str, str], list[int]] = field(default_factory=dict)
    rows: int = 0
    first_receipt: str = ""
    last_receipt: str = ""
    receipts: set[str] = field(default_factory=set)
    has_receipts: bool = True  # the template has a 收据号 column
    late_entries: int | None = None  # 正常 rows flagged 补录, when the template has that column
    bill_numbers: set[str] | None = None  # forms used by 正常 rows, when the template has 票据号

    def net(self) -> list[int]:
        out = [0, 0, 0, 0]
        for status, sign in SIGNS.items():
            for i, v in enumerate(self.by_status.get(status, (0, 0, 0, 0))):
                out[i] += sign * v
        return out

    def _sums(self, values: Sequence[int]) -> dict[str, Any]:
        out: dict[str, Any] = {"rows": values[0]}
        for i, (key, _) in enumerate(MONEY_KEYS, 1):
            if key in self.money:
                out[key] = format_yuan(values[i])
        return out

    def to_json(self) -> dict[str, Any]:
        by_identity: dict[str, dict[str, Any]] = {}
        for (identity, status), values in sorted(self.by_identity.items()):
            by_identity.setdefault(identity, {})[status] = self._sums(values)
        out: dict[str, Any] = {
            "rows": self.rows,
            "by_status": {s: self._sums(v) for s, v in sorted(self.by_status.items(), key=_status_order)},
            "net": self._sums(self.net()),
            "by_identity": by_identity,
        }
        if self.has_receipts:
            out["receipts"] = {"first": self.first_receipt, "last": self.last_receipt, "count": len(self.receipts)}
        if self.late_entries is not None:
            out["late_entries"] = self.late_entries
        if self.bill_numbers is not None:
            numbers = sorted(self.bill_numbers)
            out["bill_numbers"] = {
                "count": len(numbers),
                "first": numbers[0] if numbers else "",
                "last": numbers[-1] if numbers else "",
            }
        return out


def _status_order(item: tuple[str, Any]) -> tuple[int, str]:
    status = item[0]
    return (STATUSES.index(status) if status in STATUSES else len(STATUSES), status)


def figures_of(template: Template, rows: Iterable[Sequence[Value]]) -> Figures:
    pick = {
        f: template.index(f)
        for f in ("status", "identity", "receipt_no", "standard", "subsidy", "cash", "late_entry", "bill_no")
    }
    money_cols = [pick[f] for _, f in MONEY_KEYS]
    figures = Figures(money=tuple(key for key, f in MONEY_KEYS if pick[f] is not None))
    si, ii, ri, li, bi = pick["status"], pick["identity"], pick["receipt_no"], pick["late_entry"], pick["bill_no"]
    decode = template.decoder("status") or {}
    late = template.encoded("late_entry", LATE_YES)
    figures.has_receipts = ri is not None
    if li is not None:
        figures.late_entries = 0
    bills: set[str] | None = set() if bi is not None else None
    receipts = figures.receipts
    for row in rows:
        status = NORMAL if si is None else str(row[si])
        status = decode.get(status, status)
        identity = str(row[ii]) if ii is not None else ""
        amounts = [int(row[c]) if c is not None else 0 for c in money_cols]
        for bucket in (
            figures.by_status.setdefault(status, [0, 0, 0, 0]),
            figures.by_identity.setdefault((identity, status), [0, 0, 0, 0]),
        ):
            bucket[0] += 1
            bucket[1] += amounts[0]
            bucket[2] += amounts[1]
            bucket[3] += amounts[2]
        if ri is not None:
            receipts.add(str(row[ri]))
        if status == NORMAL:
            if li is not None and row[li] == late:
                figures.late_entries = (figures.late_entries or 0) + 1
            if bills is not None and bi is not None and row[bi] not in ("", None):
                bills.add(str(row[bi]))
        figures.rows += 1
    figures.bill_numbers = bills
    if receipts:
        figures.first_receipt, figures.last_receipt = min(receipts), max(receipts)
    return figures


def summary_rows(figures: Figures) -> list[list[Value | None]]:
    """The summary sheet: sums by identity group and status, the totals, the net."""

    def line(label: str, status: str, values: Sequence[int]) -> list[Value | None]:
        money = [values[i] if key in figures.money else None for i, (key, _) in enumerate(MONEY_KEYS, 1)]
        return [label, status, values[0], *money]

    out: list[list[Value | None]] = [list(SUMMARY_HEADER)]
    for (identity, status), values in sorted(
        figures.by_identity.items(), key=lambda kv: (kv[0][0], _status_order((kv[0][1], 0)))
    ):
        out.append(line(identity, status, values))
    for status, values in sorted(figures.by_status.items(), key=_status_order):
        out.append(line("合计", status, values))
    out.append(line(NET_LABEL, NET_NOTE_RESTORED if RESTORED in figures.by_status else NET_NOTE, figures.net()))
    return out
