"""The daily summary (日结单): the day's receipts, what was voided and refunded, the
cash to hand over (in figures and in capitals), and the collection by identity group,
with lines to sign. A4. The detail of voids and refunds is sized from what it holds
(``reports.fit``): receipt numbers, dates and amounts are never wrapped, names only
between names.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop_app.reports.fit import Fit, fitted, packed, room_em, whole
from desktop_app.reports.html import (
    Cell,
    Column,
    cn_date,
    esc,
    grid,
    heading,
    page,
    printed,
    ruled,
    signatures,
    spacer,
    total_row,
    yuan,
)
from desktop_app.reports.model import DaySheet, GroupRow, ReceiptRow, collectors
from desktop_app.reports.page import A4, Printout

TITLE = "城乡居民医保费日结单"

GROUP_COLUMNS = (
    Column("资助类别", 30),
    Column("人数", 10, "right"),
    Column("缴费标准（含附加）", 24, "right"),
    Column("资助", 18, "right"),
    Column("实收", 18, "right"),
)

POINT_SIZE = 10.0
ROOM = room_em(A4.width_mm - A4.margins_mm[0] - A4.margins_mm[2], POINT_SIZE)
DETAIL_FITS = (
    Fit("收据号"),
    Fit("缴费日期"),
    Fit("户号"),
    Fit("户主"),
    Fit("缴费人", share=2, items=True),
    Fit("金额（元）", "right"),
    Fit("说明", share=1, scale=8.0 / POINT_SIZE),
)
NAMES = 4


def _cash_table(data: DaySheet) -> str:
    numbers_room = ROOM * 0.44  # the 收据号 column's share below: numbers wrap between numbers only
    voided_nos = packed([r.receipt_no for r in data.voided], numbers_room) if data.voided else "—"
    refunded_nos = packed([r.receipt_no for r in data.refunds], numbers_room) if data.refunds else "—"
    rows = [
        ("当日开具收据", f"{data.issued_count} 张", esc(data.receipt_range), yuan(data.issued_total)),
        ("减：当日作废", f"{len(data.voided)} 张", voided_nos, yuan(data.voided_total)),
    ]
    if data.refunds_in_cash:  # refunds paid out of the drawer, as before refund applications
        rows.append(("减：当日退还现金", f"{data.refund_count} 人次", refunded_nos, yuan(data.refunds_in_cash)))
    applied = [x for r in data.refunds for x in r.refunds if not x.from_drawer]
    rows.append(
        (
            "退费申请（税务退到账户，不减现金）",
            f"{len(applied)} 人次",
            refunded_nos if applied else "—",
            yuan(sum(x.amount for x in applied)),
        )
    )
    spec: list[tuple[str, Sequence[Cell]]] = [
        ("head", [Cell("项目"), Cell("数量", "right"), Cell("收据号"), Cell("金额（元）", "right")])
    ]
    spec += [("", [Cell(a), Cell(b, "right"), Cell(c), Cell(d, "right")]) for a, b, c, d in rows]
    spec.append(total_row("应交现金", data.cash_to_hand_over, "应退 "))
    return ruled(spec, widths=(22, 14, 44, 20), head=1, padding=6)


def _group_row(g: GroupRow) -> list[str]:
    return [esc(g.group), str(g.people), yuan(g.standard), yuan(g.subsidy), yuan(g.due)]


def _detail_text(row: ReceiptRow, amount: str) -> list[str]:
    p = row.payment
    return [
        p.receipt_no,
        p.paid_on.isoformat(),
        p.household_no,
        row.head or "—",
        "、".join(row.names),
        amount,
        row.note,
    ]


def _detail_row(row: ReceiptRow, amount: str, ems: list[float]) -> list[str]:
    p = row.payment
    return [
        whole(esc(p.receipt_no)),
        whole(p.paid_on.isoformat()),
        whole(esc(p.household_no)),
        whole(esc(row.head or "—")),
        packed(row.names, ems[NAMES]),
        whole(amount),
        f'<span class="small">{esc(row.note)}</span>',
    ]


LATE_COLUMNS = (
    Column("收据号", 18),
    Column("缴费日期", 13),
    Column("录入时间", 17),
    Column("缴费人", 18),
    Column("金额（元）", 12, "right"),
    Column("补录原因", 22),
)


def _late_entries(data: DaySheet, number: str) -> list[str]:
    """四（或三）、补录: the late entries entered this day (or paid this day and entered later), both dates each."""
    late = data.late_entries
    if not late:
        return []
    rows = [
        [
            esc(p.receipt_no),
            p.paid_on.isoformat(),
            esc(p.created_at[:16].replace("T", " ")),
            esc("、".join(ln.name for ln in p.lines)),
            yuan(p.total_due) + ("（作废）" if p.void else ""),
            f'<span class="small">{esc(p.late_entry or "")}</span>',
        ]
        for p in late
    ]
    earlier = [p for p in late if p.paid_on != data.day and not p.void]
    note = (
        f"当日录入以前日期的补录 {len(earlier)} 张，{yuan(sum(p.total_due for p in earlier))} 元，按缴费日期计入"
        "该日的收款，不在本单“应交现金”内。"
        if earlier
        else "补录的收据按缴费日期计入当日收款。"
    )
    return [
        spacer(6),
        f'<p class="section">{number}、补录（{len(late)} 张）</p>',
        grid(LATE_COLUMNS, rows),
        f'<p class="small muted">{note}</p>',
    ]


def day_summary_document(data: DaySheet) -> Printout:
    """The 日结单 as an A4 printout."""
    payments = [*data.issued, *(r.payment for r in data.voided), *(r.payment for r in data.refunds)]
    subtitle = f"{data.village} · {data.benefit_year}年度 · {collectors(data.collector, payments)}"
    parts = [
        heading(TITLE, subtitle),
        spacer(6),
        f'<p align="center" class="big">{cn_date(data.day)}</p>',
        spacer(6),
        '<p class="section">一、现金</p>',
        _cash_table(data),
        '<p class="small muted">应交现金 = 当日开具 − 当日作废 − 当日退费（作废、退费按办理日期计入当日）。</p>',
        spacer(6),
        '<p class="section">二、按资助类别（当日有效收据）</p>',
    ]
    if data.groups:
        total = data.group_total
        parts.append(grid(GROUP_COLUMNS, [_group_row(g) for g in data.groups], total=_group_row(total), padding=5))
    else:
        parts.append('<p class="muted">当日没有有效收据。</p>')
    if data.refunds_total and data.groups:
        parts.append(
            f'<p class="small muted">类别统计按当日开具的有效收据计；当日退费 {yuan(data.refunds_total)} 元'
            "已在“一、现金”中扣除。</p>"
        )
    if data.reimbursed_later:
        parts.append(
            f'<p class="small muted">其中先缴后补的资助 {yuan(data.reimbursed_later)} 元已按标准全额收取，'
            "计入实收，之后由资助部门补给个人。</p>"
        )
    details = [(r, yuan(r.payment.total_due)) for r in data.voided]
    details += [(r, "退 " + yuan(r.refunded)) for r in data.refunds]
    if details:
        fit = fitted(DETAIL_FITS, [_detail_text(r, amount) for r, amount in details], ROOM)
        parts += [
            spacer(6),
            '<p class="section">三、作废与退费明细</p>',
            grid(fit.columns, [_detail_row(r, amount, fit.ems) for r, amount in details]),
        ]
    parts += _late_entries(data, "四" if details else "三")
    parts += [spacer(24), signatures(("收款员签字", "审核人签字", "日期"))]
    return Printout(
        title=f"日结单 {data.day.isoformat()}",
        html=page("".join(parts)),
        page=A4,
        point_size=POINT_SIZE,
        footer_left=f"{data.village} 日结单 {data.day.isoformat()}",
        footer_right=printed(data.printed_at),
    )
