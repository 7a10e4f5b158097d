"""先缴后补 发放名单: per paying office, the people owed a subsidy later, to be paid into their accounts. A4 landscape.

达拉特旗: a subsidised villager pays the full standard first (先缴), and the office that
gives the subsidy (民政, 残联, 民族事务 …) pays it back later (后补) into the person's bank
or 一卡通 account. Each office gets its own list — the name, ID number, the identity or
ethnicity the subsidy is for, the amount, the account, the receipt it was paid on — with
its total and a column for the recipient's signature. This list goes to the paying
office, not on a notice board: it is not for posting (公示 lists hide identities).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from desktop_app.domain.payments import Payment, PaymentLine
from desktop_app.reports.html import Column, cn_date, esc, grid, heading, page, printed, signatures, spacer, yuan
from desktop_app.reports.page import A4_LANDSCAPE, Printout

TITLE = "城乡居民医保“先缴后补”资助发放名单"
NO_PAYER = "（未写明资助部门）"


@dataclass(frozen=True)
class PayoutRow:
    """One person's subsidy to pay back: the payment line as recorded, what it is for, their account."""

    payment: Payment
    line: PaymentLine
    basis: str = ""  # the one subsidised identity, or the ethnicity (services.payouts)
    bank: str = ""  # bank or 一卡通, where one is recorded
    account: str = ""


@dataclass(frozen=True)
class PayoutList:
    village: str
    benefit_year: int
    as_of: date
    printed_at: datetime
    rows: tuple[PayoutRow, ...]

    def by_payer(self) -> list[tuple[str, tuple[PayoutRow, ...]]]:
        """Rows per paying office, offices in the order first met, rows in payment order."""
        groups: dict[str, list[PayoutRow]] = {}
        for row in self.rows:
            groups.setdefault(row.line.subsidy_payer or NO_PAYER, []).append(row)
        return [(payer, tuple(rows)) for payer, rows in groups.items()]

    @property
    def total(self) -> int:
        return sum(r.line.subsidy for r in self.rows)


COLUMNS = (
    Column("序号", 5, "center"),
    Column("户号", 7),
    Column("姓名", 9),
    Column("证件号码", 17),
    Column("身份或民族", 11),
    Column("资助项目", 15),
    Column("收据号", 12),
    Column("补助（元）", 8, "right"),
    Column("开户行及账号", 16),
)


def _row(n: int, r: PayoutRow) -> list[str]:
    account = f"{esc(r.bank)}<br/>{esc(r.account)}" if r.account else '<span class="muted">（请填写）</span>'
    return [
        str(n),
        esc(r.payment.household_no),
        esc(r.line.name),
        esc(r.line.id_number or "（无证件）"),
        esc(r.basis or "—"),
        f'<span class="small">{esc(r.line.subsidy_name or "资助")}</span>',
        f'{esc(r.payment.receipt_no)}<br/><span class="small muted">{r.payment.paid_on.isoformat()}</span>',
        yuan(r.line.subsidy),
        account,
    ]


def payout_document(data: PayoutList) -> Printout:
    """The 发放名单: one section per paying office, each starting on a new page."""
    parts = [heading(TITLE, f"{data.village} · {data.benefit_year}年度 · 截至 {cn_date(data.as_of)}")]
    sections = data.by_payer()
    if not sections:
        parts += [spacer(12), '<p class="muted">本年度没有“先缴后补”的资助需要发放。</p>']
    for index, (payer, rows) in enumerate(sections):
        total = sum(r.line.subsidy for r in rows)
        breaker = ' style="page-break-before: always;"' if index else ""
        caption = f'<span class="section">资助部门：{esc(payer)}　{len(rows)} 人　合计 {yuan(total)} 元</span>'
        parts += [
            f"<p{breaker}></p>",
            spacer(6),
            grid(
                COLUMNS,
                [_row(n, r) for n, r in enumerate(rows, 1)],
                caption=caption,
                total=["", "", "合计", f"{len(rows)}人", "", "", "", yuan(total), ""],
            ),
            '<p class="small muted">以上人员已按标准全额缴费（先缴），资助由资助部门补发到本人账户（后补）。'
            "本名单送资助部门，不张贴公示。</p>",
            spacer(14),
            signatures(("制表人（收款员）", "村负责人", "资助部门经办人")),
        ]
    return Printout(
        title=f"先缴后补发放名单 {data.benefit_year}年度",
        html=page("".join(parts)),
        page=A4_LANDSCAPE,
        point_size=9.5,
        footer_left=f"{data.village} 先缴后补发放名单 合计 {yuan(data.total)} 元",
        footer_right=printed(data.printed_at),
    )
