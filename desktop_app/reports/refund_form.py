"""The 退费申请表: a villager's refund application, as it goes to 医保 and 税务. A4.

山头镇 notice 七: a refund is made "依申请" — 医保 ends the enrolment and 税务 pays back
into the villager's own bank account. The village collects the application, not the
money back: the form says so, gives the reason and the evidence, the bank and the
account, the people and amounts, the original receipt, and has room for the applicant's,
the collector's and both offices' signatures. An answered application shows its answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from desktop_app.domain.cash import PAID_BACK, RefundApplication
from desktop_app.domain.payments import Payment
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
    signed_capitals,
    spacer,
    yuan,
)
from desktop_app.reports.page import A4, Printout

TITLE = "城乡居民基本医疗保险费退费申请表"
NOT_CASH = (
    "本表为退费申请：经医保部门终止参保关系、税务部门审核后，退费由税务部门退到上列参保人本人账户；村收款员不退付现金。"
)


@dataclass(frozen=True)
class RefundForm:
    application: RefundApplication
    payment: Payment
    village: str
    head: str  # 户主
    printed_at: datetime


PEOPLE_COLUMNS = (
    Column("序号", 8, "center"),
    Column("姓名", 18),
    Column("证件号码", 40),
    Column("退费金额（元）", 34, "right"),
)


def _row(label: str, value: str, label2: str = "", value2: str = "") -> tuple[str, Sequence[Cell]]:
    if not label2:
        return ("", [Cell(f'<span class="muted">{esc(label)}</span>'), Cell(value, span=3)])
    return (
        "",
        [
            Cell(f'<span class="muted">{esc(label)}</span>'),
            Cell(value),
            Cell(f'<span class="muted">{esc(label2)}</span>'),
            Cell(value2),
        ],
    )


def refund_form_document(data: RefundForm) -> Printout:
    """The 退费申请表 as an A4 printout."""
    a, p = data.application, data.payment
    facts = ruled(
        [
            _row("申请日期", cn_date(a.applied_on), "申请编号", f'<span class="small">{esc(a.uid[:8])}</span>'),
            _row("原收据号", esc(p.receipt_no), "缴费日期", p.paid_on.isoformat()),
            _row("税务专用票据号", esc(p.bill_no or "—"), "原缴金额", f"¥{yuan(p.total_due)}"),
            _row("户号", esc(p.household_no), "户主", esc(data.head or "—")),
            _row("退费原因", f'<span class="big">{esc(a.reason)}</span>'),
            _row("证明材料", esc(a.evidence or "（未填写）")),
            _row("退款开户银行", f'<span class="big">{esc(a.bank or "（未填写）")}</span>'),
            _row("退款账号", f'<span class="big">{esc(a.account or "（未填写）")}</span>'),
            _row(
                "退费金额（大写）",
                f'<span class="big">{esc(signed_capitals(a.amount))}</span>',
                "小写",
                f'<span class="big">¥{yuan(a.amount)}</span>',
            ),
        ],
        widths=(21, 35, 13, 31),
        padding=6,
    )
    people = [
        [str(n), esc(ln.name), esc(ln.id_number or "（无证件）"), yuan(ln.amount)] for n, ln in enumerate(a.lines, 1)
    ]
    parts = [
        heading(TITLE, f"{data.village} · {p.benefit_year}年度"),
        spacer(8),
        facts,
        spacer(6),
        '<p class="section">退费人员</p>',
        grid(PEOPLE_COLUMNS, people, total=["", "合计", f"{len(a.lines)}人", yuan(a.amount)]),
        spacer(4),
        f'<p class="red">{esc(NOT_CASH)}</p>',
    ]
    if not a.open:
        answer = f"答复：{a.state_label}（{cn_date(a.answered_on) if a.answered_on else ''}"
        answer += f"，{a.answer_note}" if a.answer_note else ""
        parts.append(f'<p class="{"muted" if a.state == PAID_BACK else "red"}">{esc(answer + "）")}</p>')
    opinions = ruled(
        [
            (
                "",
                [
                    Cell('<span class="muted">医保部门意见</span>'),
                    Cell("<br/><br/><br/>"),
                    Cell('<span class="muted">税务部门意见</span>'),
                    Cell("<br/><br/><br/>"),
                ],
            ),
        ],
        widths=(15, 35, 15, 35),
        padding=6,
    )
    parts += [
        spacer(10),
        opinions,
        spacer(14),
        signatures(("申请人签字", "收款员签字", "日期")),
        signatures(("村委会盖章", "联系电话", "经办人")),
    ]
    return Printout(
        title=f"退费申请表 {p.receipt_no}",
        html=page("".join(parts)),
        page=A4,
        point_size=10.5,
        footer_left=f"{data.village} 退费申请 收据 {p.receipt_no}",
        footer_right=printed(data.printed_at),
    )
