"""The receipt list (收款清单) for a date range: every receipt with its status, the
totals (issued, voided, refunded, net), and lines for the collector and the checker
to sign. A4, paginated, the header row repeated on every page. The columns are sized
from what they hold (``reports.fit``): a receipt number, a date, a 户号 or an amount is
never wrapped, and the names wrap only between names.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.domain.payments import NORMAL, STATUS_LABELS, VOIDED
from desktop_app.reports.fit import Fit, fitted, packed, room_em, whole
from desktop_app.reports.html import (
    Cell,
    cn_date,
    esc,
    grid,
    heading,
    page,
    printed,
    ruled,
    signatures,
    signed_capitals,
    spacer,
    yuan,
)
from desktop_app.reports.model import ReceiptList, ReceiptRow, collectors
from desktop_app.reports.page import A4, Printout

TITLE = "城乡居民医保费收款清单"

POINT_SIZE = 9.0
NOTE_SCALE = 8.0 / POINT_SIZE  # the 备注 column's small print
FITS = (
    Fit("序号", "center"),
    Fit("收据号"),
    Fit("缴费日期"),
    Fit("户号"),
    Fit("户主"),
    Fit("缴费人", share=3, items=True),
    Fit("人数", "center"),
    Fit("金额（元）", "right"),
    Fit("状态", "center"),
    Fit("备注", share=1, scale=NOTE_SCALE),
)
NAMES, NOTE = 5, 9


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


def _text(n: int, row: ReceiptRow) -> list[str]:
    """The row as plain text, to size the columns by."""
    p = row.payment
    amount = yuan(p.total_due) + (f"\n退 {yuan(row.refunded)}" if row.refunded and row.status != VOIDED else "")
    return [
        str(n),
        p.receipt_no,
        p.paid_on.isoformat(),
        p.household_no,
        row.head or "—",
        "、".join(row.names),
        str(len(row.names)),
        amount,
        STATUS_LABELS[row.status],
        row.note,
    ]


def _row(n: int, row: ReceiptRow, ems: list[float]) -> list[str]:
    p = row.payment
    amount = yuan(p.total_due)
    if row.status == VOIDED:
        amount = f'<span style="text-decoration: line-through;" class="muted">{amount}</span>'
    elif row.refunded:
        amount += f'<br/><span class="small red">退 {yuan(row.refunded)}</span>'
    return [
        whole(str(n)),
        whole(esc(p.receipt_no)),
        whole(p.paid_on.isoformat()),
        whole(esc(p.household_no)),
        whole(esc(row.head or "—")),
        packed(row.names, ems[NAMES]),
        whole(str(len(row.names))),
        whole(amount),
        whole(_status(row)),
        f'<span class="small">{esc(row.note)}</span>',
    ]


def totals(data: ReceiptList) -> str:
    lines = [
        ("开具收据", f"{len(data.rows)} 张", yuan(data.issued_total)),
        ("减：作废", f"{len(data.voided)} 张", yuan(data.voided_total)),
        ("减：退费", f"{data.refund_count} 人次", yuan(data.refunded_total)),
    ]
    spec: list[tuple[str, Sequence[Cell]]] = [
        ("head", [Cell("项目"), Cell("数量", "right"), Cell("金额（元）", "right")])
    ]
    spec += [("", [Cell(a), Cell(b, "right"), Cell(c, "right")]) for a, b, c in lines]
    spec.append(
        (
            "total",
            [
                Cell(f"实收合计（有效收据 {data.valid_count} 张，{data.people} 人）"),
                Cell(esc(signed_capitals(data.net_total)), "right"),
                Cell(f'<span class="big">¥{yuan(data.net_total)}</span>', "right"),
            ],
        )
    )
    return ruled(spec, widths=(44, 30, 26), head=1, padding=5, width="75%")


def receipt_list_document(data: ReceiptList) -> Printout:
    """The 收款清单 as an A4 printout."""
    subtitle = f"{data.village} · {collectors(data.collector, (r.payment for r in data.rows))} · {period(data)}"
    total = ["", "开具合计", "", "", "", "", str(sum(len(r.names) for r in data.rows)), yuan(data.issued_total), "", ""]
    fit = fitted(
        FITS,
        [*(_text(n, r) for n, r in enumerate(data.rows, 1)), total],
        room_em(A4.width_mm - A4.margins_mm[0] - A4.margins_mm[2], POINT_SIZE),
    )
    rows = [_row(n, r, fit.ems) for n, r in enumerate(data.rows, 1)]
    if rows:
        table = grid(fit.columns, rows, total=[whole(cell) for cell in total])
    else:
        table = '<p class="muted">此期间没有收据。</p>'
    body = "".join(
        [
            heading(TITLE, subtitle),
            spacer(10),
            table,
            spacer(12),
            '<p class="section">汇总</p>',
            totals(data),
            spacer(20),
            signatures(),
        ]
    )
    return Printout(
        title=f"收款清单 {period(data)}",
        html=page(body),
        page=A4,
        point_size=POINT_SIZE,
        footer_left=f"{data.village} 收款清单",
        footer_right=printed(data.printed_at),
    )
