"""达拉特旗's 先缴后补 payout list as a workbook: one sheet per paying office, and a summary.

A subsidised villager paid the full standard first (先缴); the office that gives the
subsidy (旗民政局, 旗民族事务委员会 …) pays it back later (后补) into the person's bank
or 一卡通 account. Each office gets its own sheet — who, ID number, the identity or
ethnicity the subsidy is for, the amount, the account, the receipt it was paid on — to
check, pay and sign off; the summary sheet lists the offices with their people and
totals. ID numbers and accounts are text cells (Excel would turn them into 6.22848E+18).
The bytes depend only on the rows and the time given, like a batch's.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from openpyxl import Workbook  # type: ignore[import-untyped]

from desktop_app.exchange.batch_workbook import set_widths
from desktop_app.exchange.batch_xml import SheetRows, save

__all__ = ["PayoutLine", "SUMMARY_SHEET", "payout_bytes", "sheet_names"]

HEADER = (
    "序号",
    "户号",
    "姓名",
    "证件号码",
    "资助身份或民族",
    "资助项目",
    "补助金额",
    "开户银行",
    "账号",
    "收据号",
    "缴费日期",
    "签收",
)
KINDS = ("integer", "text", "plain", "text", "plain", "plain", "money", "plain", "text", "text", "plain", "plain")
WIDTHS = (6, 12, 10, 21, 16, 30, 11, 18, 24, 17, 12, 10)
SUMMARY_SHEET = "汇总"
SUMMARY_HEADER = ("资助部门", "人数", "补助金额合计", "缺少账号的人数")
_UNSAFE = re.compile(r"[\[\]:*?/\\]")


@dataclass(frozen=True)
class PayoutLine:
    """One person's subsidy to pay back, as the sheet shows it (money in fen)."""

    household_no: str
    name: str
    id_number: str
    basis: str
    subsidy_name: str
    amount: int
    bank: str
    account: str
    receipt_no: str
    paid_on: str


def sheet_names(payers: Sequence[str]) -> list[str]:
    """A sheet name per office: at most 31 characters, none of []:*?/\\, different from each other and 汇总."""
    used = {SUMMARY_SHEET}
    out = []
    for payer in payers:
        base = _UNSAFE.sub("_", payer).strip("'") or "资助部门"
        name, n = base[:31], 2
        while name in used:
            suffix = f"({n})"
            name, n = base[: 31 - len(suffix)] + suffix, n + 1
        used.add(name)
        out.append(name)
    return out


def payout_bytes(title: str, groups: Sequence[tuple[str, Sequence[PayoutLine]]], made_at: datetime) -> bytes:
    """The workbook: the summary first, then one sheet per office in the order given."""
    book = Workbook(write_only=True)
    book.properties.creator = book.properties.lastModifiedBy = "征缴通"
    book.properties.title = title
    book.properties.created = book.properties.modified = made_at.replace(microsecond=0, tzinfo=None)
    sheets: list[SheetRows] = []
    try:
        summary = book.create_sheet(SUMMARY_SHEET)
        set_widths(summary, (32, 8, 14, 14))
        sheets.append(SheetRows(summary))
        sheets[0].append(["plain"], [[title]])
        sheets[0].append(["plain"] * len(SUMMARY_HEADER), [list(SUMMARY_HEADER)])
        lines: list[list[str | int | None]] = [
            [payer, len(rows), sum(r.amount for r in rows), sum(1 for r in rows if not r.account)]
            for payer, rows in groups
        ]
        lines.append(
            [
                "合计",
                sum(len(rows) for _, rows in groups),
                sum(r.amount for _, rows in groups for r in rows),
                sum(1 for _, rows in groups for r in rows if not r.account),
            ]
        )
        sheets[0].append(("plain", "integer", "money", "integer"), lines)
        for name, (payer, rows) in zip(sheet_names([p for p, _ in groups]), groups):
            sheet = book.create_sheet(name)
            set_widths(sheet, WIDTHS)
            sheet.freeze_panes = "A3"
            made = SheetRows(sheet)
            sheets.append(made)
            made.append(
                ["plain"], [[f"资助部门：{payer}　{len(rows)} 人　合计 {sum(r.amount for r in rows) / 100:.2f} 元"]]
            )
            made.append(["plain"] * len(HEADER), [list(HEADER)])
            made.append(
                KINDS,
                [
                    [
                        n,
                        r.household_no,
                        r.name,
                        r.id_number,
                        r.basis,
                        r.subsidy_name,
                        r.amount,
                        r.bank,
                        r.account,
                        r.receipt_no,
                        r.paid_on,
                        None,
                    ]
                    for n, r in enumerate(rows, 1)
                ],
            )
            made.append(
                ["plain"] * 6 + ["money"],
                [[None, None, "合计", f"{len(rows)} 人", None, None, sum(r.amount for r in rows)]],
            )
    except BaseException:
        for made_rows in sheets:
            made_rows.close()
        raise
    out = io.BytesIO()
    stamp = (
        max(made_at.year, 1980),
        made_at.month,
        made_at.day,
        made_at.hour,
        made_at.minute,
        made_at.second - made_at.second % 2,
    )
    save(book, out, sheets, stamp)
    return out.getvalue()
