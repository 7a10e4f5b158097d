"""The payment dialog's logic, without a window: who is selected, what each owes, the cash.

The dialog (ui/payment_dialog.py) only shows what this object says and forwards what the
collector does. Every amount comes from services.payments.quote_people on the ledger's
day in the acting collector's benefit year, so the screen shows exactly what
services.payments.pay will record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.codes import SITUATIONS
from desktop_app.domain.errors import Refusal
from desktop_app.domain.money import Fen, MoneyError, format_yuan, parse_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import Circumstances, PaymentRequest, pay, quote_people
from desktop_app.services.quoting import PersonQuote
from desktop_app.services.records import Payment
from desktop_app.services.register import get_household
from desktop_app.services.status import EXEMPT, FULLY_SUBSIDISED, INELIGIBLE, UNPAID, MemberStatus, member_statuses
from desktop_app.ui.late_entry import PaymentExtras

REIMBURSE_MARK = "先缴后补"


class PaymentRefused(Refusal):
    """Nothing was written; the message (Chinese) says what to do."""


@dataclass(frozen=True)
class PaymentRow:
    """One member as the table shows them; amounts already in yuan text."""

    person_id: int
    name: str
    status: str
    identities: str
    identity_codes: tuple[str, ...]
    standard: str
    riders: str
    subsidy: str
    due: str
    note: str
    selectable: bool
    selected: bool
    explanation: tuple[str, ...]
    situation: str
    subsidy_detail: str
    rider_detail: str


def situation_text(c: Circumstances | None) -> str:
    """'职工医保断保（断保 2021-12-01，连续 3 年）' — what the collector entered, in words."""
    if c is None or not c.situation:
        return ""
    parts = []
    if c.lapse_date:
        parts.append(f"断保 {c.lapse_date}")
    if c.continuous_years is not None:
        parts.append(f"连续 {c.continuous_years} 年")
    if c.entered_on:
        parts.append(f"进入福利机构 {c.entered_on}")
    label = SITUATIONS.get(c.situation, c.situation)
    return label + (f"（{'，'.join(parts)}）" if parts else "")


def parse_cash(text: str) -> Fen | None:
    """The cash box's text as fen; None when empty; MoneyError when unreadable."""
    text = text.strip().rstrip(".")
    if not text:
        return None
    return parse_yuan(text)


class PaymentPresenter:
    def __init__(self, ledger: Ledger, acting: Acting, household_id: int) -> None:
        self.ledger = ledger
        self.acting = acting
        self.household = get_household(ledger, household_id)
        self.on: date = ledger.now().date()
        self.circumstances: dict[int, Circumstances] = {}
        self.payment: Payment | None = None
        self.extras = PaymentExtras(ledger, acting)  # 补录 and the form number (ui.late_entry)
        self._load()

    # --- state -------------------------------------------------------------------------

    def _load(self) -> None:
        self.statuses: list[MemberStatus] = member_statuses(
            self.ledger, self.household.id, self.on, self.acting.benefit_year
        )
        self.quotes: dict[int, PersonQuote] = {s.person.id: s.quote for s in self.statuses if s.quote is not None}
        self.selected: set[int] = {s.person.id for s in self.statuses if s.payable}

    def _status(self, person_id: int) -> MemberStatus:
        return next(s for s in self.statuses if s.person.id == person_id)

    def selectable(self, person_id: int) -> bool:
        q = self.quotes.get(person_id)
        return q is not None and q.eligible

    def set_selected(self, person_id: int, on: bool) -> None:
        if on and self.selectable(person_id):
            self.selected.add(person_id)
        else:
            self.selected.discard(person_id)

    def set_circumstances(self, person_id: int, c: Circumstances | None) -> None:
        """Re-quote one person with (or without) an out-of-period situation.

        Becoming eligible selects them (that is why the collector entered it); becoming
        ineligible unselects them. A request the policy cannot read raises PaymentRefused.
        """
        if person_id not in self.quotes:
            raise PaymentRefused("此人已缴费或不在册，不需要填写期外参保情形")
        c = c if c is not None and c.situation else None
        person = self._status(person_id).person
        try:
            (q,) = quote_people(
                self.ledger, [person], self.on, {person_id: c} if c else None, year=self.acting.benefit_year
            )
        except LedgerError as e:
            raise PaymentRefused(e.message) from None
        if c is None:
            self.circumstances.pop(person_id, None)
        else:
            self.circumstances[person_id] = c
        self.quotes[person_id] = q
        self.set_selected(person_id, q.eligible)

    # --- what the table shows --------------------------------------------------------

    def rows(self) -> list[PaymentRow]:
        return [self._row(s) for s in self.statuses]

    def _row(self, s: MemberStatus) -> PaymentRow:
        pid = s.person.id
        ids = "、".join(s.identity_labels)
        q = self.quotes.get(pid)
        if q is None:  # paid, in a waiting period, moved out or dead
            note = f"收据 {s.receipt_no}" if s.receipt_no else ""
            note = "，".join(x for x in (s.status, note, s.note) if x)
            return PaymentRow(
                pid, s.person.name, s.status, ids, s.identities, "", "", "", "", note, False, False, (note,), "", "", ""
            )
        status = self._quote_status(s, q)
        subsidy = ""
        if q.subsidy:
            subsidy = format_yuan(q.subsidy) + (f"（{REIMBURSE_MARK}）" if q.subsidy_mode == "reimburse" else "")
        detail = "，".join(
            x
            for x in (
                q.subsidy_name or "",
                f"由{q.subsidy_payer}" if q.subsidy_payer else "",
                REIMBURSE_MARK + "：先按标准全额缴纳，之后补给个人" if q.subsidy_mode == "reimburse" else "",
            )
            if x
        )
        note = q.reason or ""
        if q.eligible and q.waiting_until:
            note = f"待遇等待期至 {q.waiting_until}"
        elif q.eligible and q.benefit_start:
            note = f"待遇 {q.benefit_start} 起"
        return PaymentRow(
            person_id=pid,
            name=s.person.name,
            status=status,
            identities=ids,
            identity_codes=s.identities,
            standard=format_yuan(q.standard) if q.eligible else "",
            riders=format_yuan(q.rider_total) if q.eligible and q.riders else "",
            subsidy=subsidy,
            due=format_yuan(q.due) if q.eligible else "—",
            note=note,
            selectable=q.eligible,
            selected=pid in self.selected,
            explanation=q.explanation,
            situation=situation_text(self.circumstances.get(pid)),
            subsidy_detail=detail,
            rider_detail="、".join(f"{r.name} {format_yuan(r.amount)}" for r in q.riders),
        )

    @staticmethod
    def _quote_status(s: MemberStatus, q: PersonQuote) -> str:
        if not q.eligible:
            return INELIGIBLE
        if s.status in (FULLY_SUBSIDISED, EXEMPT) and q.due == 0:
            return s.status
        return FULLY_SUBSIDISED if q.due == 0 and q.subsidy else UNPAID

    def rider_heading(self) -> str:
        """The 附加 column's heading: with the riders' short names when the policy gives them (附加(长护险))."""
        shorts = sorted({r.short for q in self.quotes.values() for r in q.riders if r.short})
        return f"附加({'、'.join(shorts)})" if shorts else "附加"

    def explanation(self, person_id: int) -> list[str]:
        """The 计算说明 panel: a heading, then one numbered line per rule applied.

        Each fact is said once. An ineligible person's reason ends the engine's lines
        (不能参保缴费：…) and is often the rule line above it too, with its clause: then the
        reason stays on the rule line, the closing line keeps only the verdict, and the
        heading does not repeat it. A member with nothing to quote (paid, waiting, moved
        out) is one line.
        """
        row = self._row(self._status(person_id))
        if person_id not in self.quotes:
            return [f"{row.name}：{row.note or row.status}"]
        rules = row.explanation
        if (
            not row.selectable
            and rules
            and row.note
            and rules[-1].endswith(row.note)
            and any(row.note in line for line in rules[:-1])
        ):
            # the engine's closing 不能参保缴费：… repeats the rule line that refused: keep the verdict only
            rules = rules[:-1] + (rules[-1][: -len(row.note)].rstrip("：:"),)
        said = row.note and any(row.note in line for line in rules)
        lines = [f"{row.name}：{row.status}" + (f"（{row.note}）" if row.note and not said else "")]
        if row.situation:
            lines.append(f"期外参保情形：{row.situation}")
        if row.subsidy_detail:
            lines.append(f"资助：{row.subsidy_detail}")
        lines += [f"{i}. {line}" for i, line in enumerate(rules, 1)]
        return lines

    @property
    def total_due(self) -> Fen:
        return sum(self.quotes[pid].due for pid in self.selected)

    def change_text(self, cash_text: str) -> str:
        """找零 as the collector types: the change, or what is still missing."""
        try:
            cash = parse_cash(cash_text)
        except MoneyError:
            return "金额格式不对"
        if cash is None:
            return ""
        diff = cash - self.total_due
        return format_yuan(diff) if diff >= 0 else f"还差 {format_yuan(-diff)}"

    # --- the commit -----------------------------------------------------------------

    def confirm(self, cash_text: str) -> Payment:
        """Record the payment, or raise PaymentRefused with nothing written."""
        if self.payment is not None:
            raise PaymentRefused(f"这笔缴费已经记录，收据号 {self.payment.receipt_no}")
        if not self.selected:
            if not any(self.selectable(s.person.id) for s in self.statuses):
                raise PaymentRefused("这一户没有可以缴费的人员（已缴、不能参保或不在册），按 Esc 关闭")
            raise PaymentRefused("没有选择要缴费的人员：请在名单中勾选（空格键）")
        if self.extras.late_on is None and self.ledger.now().date() != self.on:
            self.on = self.ledger.now().date()
            kept = dict(self.circumstances)
            self._load()
            for pid, c in kept.items():
                self.set_circumstances(pid, c)
            raise PaymentRefused(f"日期已变为 {self.on}，金额已按今天重新计算，请核对后再确认")
        total = self.total_due
        try:
            cash = parse_cash(cash_text)
        except MoneyError as e:
            raise PaymentRefused(f"收到现金：{e}") from None
        if cash is None:
            if total > 0:
                raise PaymentRefused(f"请输入收到的现金（应收 {format_yuan(total)} 元）")
            cash = 0
        if cash < total:
            raise PaymentRefused(
                f"收到现金 {format_yuan(cash)} 元，少于应收 {format_yuan(total)} 元，"
                f"还差 {format_yuan(total - cash)} 元；未收费"
            )
        order = [s.person.id for s in self.statuses if s.person.id in self.selected]
        request = self.extras.apply(
            PaymentRequest(
                tuple(order), cash, self.on, {pid: c for pid, c in self.circumstances.items() if pid in self.selected}
            )
        )
        try:
            self.payment = pay(self.ledger, self.acting, request)
        except LedgerError as e:
            raise PaymentRefused(e.message) from None
        return self.payment
