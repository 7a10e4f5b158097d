"""The receipt list (收款清单) for a date range: every receipt with its status, the
totals (issued, voided, refunded, net), and lines for the collector and the checker
to sign. A4, paginated, the header row repeated on every page.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.reports.html import (
    Cell,
    Column,
    cn_date,
    esc,
    grid,
    heading,
    page,
    ruled,
    signatures,
    signed_capitals,
    spacer,
    stamp_time,
    yuan,
)
from desktop_app.domain.payments import NORMAL, STATUS_LABELS, VOIDED
from desktop_app.reports.model import ReceiptList, ReceiptRow, collectors
from desktop_app.reports.page import A4, Printout

TITLE = "城乡居民医保费收款清单"

COLUMNS = (
    Column("序号", 5, "center"),
    Column("收据号", 14),
    Column("缴费日期", 12),
    Column("户号", 6),
    Column("户主", 8),
    Column("缴费人", 19),
    Column("人数", 5, "center"),
    Column("金额（元）", 9, "right"),
    Column("状态", 6, "center"),
    Column("备注", 16),
)


def period(data: ReceiptList) -> str:
    if data.date_from and data.date_to:
        if data.date_from == data.date_to:
            return cn_date(data.date_from)
        return f"{cn_date(data.date_from)}至{cn_date(data.date_to)}"
    if data.date_from:
        return f"{cn_date(data.date_from)}起"
    if data.date_to:
        return f"截至{cn_date(data.date_to)}"
    return "全部"


def _status(row: ReceiptRow) -> str:
    label = STATUS_LABELS[row.status]
    if row.status == NORMAL:
        return label
    return f'<span class="red">{esc(label)}</span>'


def _row(n: int, row: ReceiptRow) -> list[str]:
    p = row.payment
    amount = yuan(p.total_due)
    if row.status == VOIDED:
        amount = f'<span style="text-decoration: line-through;" class="muted">{amount}</span>'
    elif row.refunded:
        amount += f'<br/><span class="small red">退 {yuan(row.refunded)}</span>'
    return [str(n), esc(p.receipt_no), p.paid_on.isoformat(), esc(p.household_no), esc(row.head or "—"),
            esc("、".join(row.names)), str(len(row.names)), amount, _status(row),
            f'<span class="small">{esc(row.note)}</span>']


def totals(data: ReceiptList) -> str:
    lines = [
        ("开具收据", f"{len(data.rows)} 张", yuan(data.issued_total)),
        ("减：作废", f"{len(data.voided)} 张", yuan(data.voided_total)),
        ("减：退费", f"{data.refund_count} 人次", yuan(data.refunded_total)),
    ]
    spec: list[tuple[str, Sequence[Cell]]] = [
        ("head", [Cell("项目"), Cell("数量", "right"), Cell("金额（元）", "right")])]
    spec += [("", [Cell(a), Cell(b, "right"), Cell(c, "right")]) for a, b, c in lines]
    spec.append(("total", [Cell(f"实收合计（有效收据 {data.valid_count} 张，{data.people} 人）"),
                           Cell(esc(signed_capitals(data.net_total)), "right"),
                           Cell(f'<span class="big">¥{yuan(data.net_total)}</span>', "right")]))
    return ruled(spec, widths=(44, 30, 26), head=1, padding=5, width="75%")


def receipt_list_document(data: ReceiptList) -> Printout:
    """The 收款清单 as an A4 printout."""
    subtitle = f"{data.village} · {collectors(data.collector, (r.payment for r in data.rows))} · {period(data)}"
    rows = [_row(n, r) for n, r in enumerate(data.rows, 1)]
    if rows:
        table = grid(COLUMNS, rows, total=["", "开具合计", "", "", "", "", str(sum(len(r.names) for r in data.rows)),
                                           yuan(data.issued_total), "", ""])
    else:
        table = '<p class="muted">此期间没有收据。</p>'
    body = "".join([
        heading(TITLE, subtitle),
        spacer(10),
        table,
        spacer(12),
        '<p class="section">汇总</p>',
        totals(data),
        spacer(20),
        signatures(),
    ])
    return Printout(title=f"收款清单 {period(data)}", html=page(body), page=A4, point_size=9.0,
                    footer_left=f"{data.village} 收款清单", footer_right=f"打印于 {stamp_time(data.printed_at)}")
