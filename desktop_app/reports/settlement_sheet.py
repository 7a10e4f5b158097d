"""The 结报单: one hand-over of cash to the tax office's receiver, as the collector signs it. A4.

杜集 notice 五(二): "按照税务部门规定的期限、限额结报，确保票款一致". The sheet shows the
period the cash was taken in, the receipts and the forms it covers (ranges, spoiled forms
with their reasons), the amount in figures and in capitals, the deposit slip's number,
and lines to sign; then, on the following pages, every receipt it settles, so the
receiver can tick each against its form.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain.cash import Settlement, number_ranges
from desktop_app.domain.payments import Payment
from desktop_app.reports.html import (
    Cell,
    Column,
    cn_date,
    esc,
    fields,
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
from desktop_app.reports.page import A4, Printout

TITLE = "城乡居民医保费代收结报单"


@dataclass(frozen=True)
class SettlementSheet:
    """A settlement as recorded, the receipts it settled, and what the page adds."""

    settlement: Settlement
    village: str
    printed_at: datetime
    payments: tuple[Payment, ...] = ()  # the settled receipts, in order

    @property
    def standing(self) -> tuple[Payment, ...]:
        return tuple(p for p in self.payments if p.void is None)


def ranges_text(numbers: Sequence[str]) -> str:
    """'0001–0012、0015' — runs of numbers as the receiver reads them."""
    runs = number_ranges(list(numbers))
    return "、".join(a if a == b else f"{a}–{b}" for a, b in runs) or "—"


def _summary(data: SettlementSheet) -> str:
    s = data.settlement
    standing = s.count - s.voided
    spec: list[tuple[str, Sequence[Cell]]] = [
        ("head", [Cell("项目"), Cell("数量", "right"), Cell("号码"), Cell("金额（元）", "right")])
    ]
    spec.append(
        (
            "",
            [
                Cell("收据（村收据号）"),
                Cell(f"{s.count} 张", "right"),
                Cell(esc(f"{s.from_receipt} – {s.to_receipt}")),
                Cell(""),
            ],
        )
    )
    spec.append(("", [Cell("　其中有效"), Cell(f"{standing} 张", "right"), Cell(""), Cell(yuan(s.amount), "right")]))
    voided = [p.receipt_no for p in data.payments if p.void is not None]
    spec.append(
        (
            "",
            [
                Cell("　其中作废（不收款）"),
                Cell(f"{s.voided} 张", "right"),
                Cell(esc("、".join(voided) or "—")),
                Cell("0.00", "right"),
            ],
        )
    )
    refunded = [p.receipt_no for p in data.payments if p.void is None and p.standing_refunds]
    spec.append(
        (
            "",
            [
                Cell("　其中已申请退费"),
                Cell(f"{s.refunded} 张", "right"),
                Cell(
                    esc("、".join(refunded) or "—")
                    + '<br/><span class="small muted">款项照交，由税务部门退给本人</span>'
                    if refunded
                    else "—"
                ),
                Cell(""),
            ],
        )
    )
    spec.append(
        (
            "",
            [
                Cell("税务专用票据（已用）"),
                Cell(f"{s.bills_used} 份", "right"),
                Cell(esc(ranges_text(s.bill_numbers))),
                Cell(""),
            ],
        )
    )
    spec.append(
        (
            "",
            [
                Cell("税务专用票据（作废）"),
                Cell(f"{s.bills_spoiled} 份", "right"),
                Cell(esc(ranges_text([f.number for f in s.spoiled_forms]))),
                Cell(""),
            ],
        )
    )
    spec.append(total_row("结报金额", s.amount))
    return ruled(spec, widths=(24, 12, 44, 20), head=1, padding=6)


SPOILED_COLUMNS = (Column("票据号", 18), Column("作废日期", 16), Column("原因", 50), Column("作废人", 16))
RECEIPT_COLUMNS = (
    Column("收据号", 18),
    Column("票据号", 13),
    Column("缴费日期", 13),
    Column("户号", 9),
    Column("缴费人", 25),
    Column("金额（元）", 12, "right"),
    Column("说明", 10),
)


def _receipt_row(p: Payment) -> list[str]:
    note = "作废" if p.void else ("退费申请" if p.standing_refunds else ("补录" if p.late_entry else ""))
    return [
        esc(p.receipt_no),
        esc(p.bill_no or "—"),
        p.paid_on.isoformat(),
        esc(p.household_no),
        esc("、".join(ln.name for ln in p.lines)),
        "0.00" if p.void else yuan(p.total_due),
        note,
    ]


def settlement_document(data: SettlementSheet) -> Printout:
    """The 结报单 as an A4 printout."""
    s = data.settlement
    period = (
        cn_date(s.period_from)
        if s.period_from == s.period_to
        else f"{cn_date(s.period_from)} 至 {cn_date(s.period_to)}"
    )
    parts = [
        heading(TITLE, f"{data.village} · 收款员 {s.operator} · 第 {s.settlement_no} 号"),
        spacer(8),
        fields(
            [
                ("结报日期", cn_date(s.settled_on)),
                ("收款期间", period),
                ("缴款书号", f'<span class="big">{esc(s.slip_no)}</span>'),
                ("收款人", esc(s.to_name)),
                ("交款人（收款员）", esc(s.operator)),
                ("结报编号", f"{s.settlement_no}"),
            ],
            per_row=2,
        ),
        spacer(6),
        _summary(data),
        '<p class="small muted">票款一致：结报金额 = 有效收据金额之和；作废的收据不收款；已申请退费的收据款项照交，'
        "由税务部门退到参保人本人账户。</p>",
    ]
    if s.spoiled_forms:
        rows = [[esc(f.number), f.spoiled_on.isoformat(), esc(f.reason), esc(f.operator)] for f in s.spoiled_forms]
        parts += [spacer(4), '<p class="section">作废票据（随本单交回）</p>', grid(SPOILED_COLUMNS, rows)]
    parts += [
        spacer(20),
        signatures(("交款人签字", "收款人签字", "日期")),
        signatures(("村负责人", "税务核对", "盖章")),
    ]
    if data.payments:
        total = ["合计", "", "", "", f"{len(data.payments)} 张", yuan(sum(p.total_due for p in data.standing)), ""]
        parts += [
            spacer(10),
            '<p class="section">附：结报收据明细</p>',
            grid(RECEIPT_COLUMNS, [_receipt_row(p) for p in data.payments], total=total),
        ]
    return Printout(
        title=f"结报单 第{s.settlement_no}号",
        html=page("".join(parts)),
        page=A4,
        point_size=10.0,
        footer_left=f"{data.village} 结报单 {s.operator} 第{s.settlement_no}号 缴款书 {s.slip_no}",
        footer_right=printed(data.printed_at),
    )
