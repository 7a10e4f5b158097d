"""The logic of the 收费 menu's cash and forms dialogs, without a window (票据, 结报, 退费申请, the warning).

Each presenter holds what its dialog shows, as text, and turns what the collector typed
into a call of services.bills / services.cash / services.refunds. A refusal is a
``CashRefused`` naming the field; nothing was written then. Money and forms need the
logged-in collector's own password again, as the CLI does.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.cash import BillBook, RefundApplication, Settlement, SpoiledForm, number_ranges
from desktop_app.domain.errors import Refusal
from desktop_app.domain.money import MoneyError, format_yuan, parse_yuan
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import REFUND_STATE_LABELS
from desktop_app.services import bills, cash, refunds
from desktop_app.services.cash_papers import Unsettled, unsettled
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import verify_password


class CashRefused(Refusal):
    """Nothing was written; the Chinese message names the field and the fix."""


def _password(ledger: Ledger, acting: Acting, password: str) -> None:
    if not password:
        raise CashRefused(f"请输入收款员“{acting.name}”的密码", "password")
    try:
        verify_password(ledger, acting.operator, password)
    except LedgerError as e:
        raise CashRefused(e.message, "password") from None


def _ranges(numbers: tuple[str, ...]) -> str:
    return "、".join(a if a == b else f"{a}–{b}" for a, b in number_ranges(numbers)) or "—"


# -- the status bar's warning ----------------------------------------------------------------------


@dataclass(frozen=True)
class CashWarning:
    text: str  # short: the status bar is shared
    warning: bool  # over the limit or held too long: shown in red
    detail: str = ""  # the whole sentence, for the tooltip


def cash_warning(ledger: Ledger, acting: Acting) -> CashWarning:
    """The acting collector's unsettled cash, and whether it is over the limit or the deadline (压款)."""
    c = cash.in_hand(ledger, acting.operator.id)
    if not c.receipts:
        return CashWarning("未结报 0 元", False, "手中没有未结报的现金")
    detail = f"手中未结报现金 {format_yuan(c.in_hand)} 元（{c.receipts} 张收据，最早 {c.since}）"
    short, alarms = [], []
    if c.over_limit:
        short.append("超限额")
        alarms.append(f"超过结报限额 {format_yuan(c.limit)} 元")
    if c.overdue:
        short.append(f"超期 {c.days_held - c.deadline_days} 天")
        alarms.append(f"已持有 {c.days_held} 天，超过结报期限 {c.deadline_days} 天")
    if not alarms:
        return CashWarning(f"未结报 {format_yuan(c.in_hand)} 元", False, detail)
    return CashWarning(
        f"请结报：{format_yuan(c.in_hand)} 元（{'、'.join(short)}）",
        True,
        detail + "：" + "，".join(alarms) + "，请尽快结报（收费 → 结报）",
    )


# -- 票据 -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BookRow:
    code: str
    numbers: str  # first–last
    operator: str
    received_on: str
    used: int
    spoiled: int
    unused: int
    unused_ranges: str


class BillsPresenter:
    def __init__(self, ledger: Ledger, acting: Acting) -> None:
        self.ledger, self.acting = ledger, acting

    def rows(self) -> list[BookRow]:
        return [
            BookRow(
                b.code or "—",
                f"{b.first}–{b.last}",
                b.operator,
                b.received_on.isoformat(),
                len(b.used),
                len(b.spoiled),
                len(b.unused),
                _ranges(b.unused),
            )
            for b in bills.books(self.ledger)
        ]

    def spoiled(self) -> list[SpoiledForm]:
        return [s for b in bills.books(self.ledger) for s in b.spoiled]

    def next_free(self) -> str:
        return bills.next_free(self.ledger, self.acting.operator) or ""

    def summary(self) -> str:
        books = bills.books(self.ledger)
        if not books:
            return "还没有领用税务专用票据。领用第一本后，本村收费须填写票据号，收据套打到票据上。"
        proposal = self.next_free()
        nxt = f"下一张：{proposal}" if proposal else "本人领用的票据已用完，请领用新的票据"
        return f"已领用 {len(books)} 本；{nxt}"

    def receive(self, first: str, last: str, code: str) -> BillBook:
        if not first.strip() or not last.strip():
            raise CashRefused("请填写起始号和截止号（照票据上印的写）", "from" if not first.strip() else "to")
        try:
            return bills.receive(self.ledger, self.acting, first, last, code)
        except LedgerError as e:
            raise CashRefused(e.message, e.field) from None

    def spoil(self, number: str, reason: str, password: str) -> SpoiledForm:
        if not number.strip():
            raise CashRefused("请填写要作废的票据号", "number")
        if not reason.strip():
            raise CashRefused("请写明作废原因，如“打印错位”", "reason")
        _password(self.ledger, self.acting, password)
        try:
            return bills.spoil(self.ledger, self.acting, number, reason)
        except LedgerError as e:
            raise CashRefused(e.message, e.field) from None


# -- 结报 -------------------------------------------------------------------------------------------


class SettlePresenter:
    def __init__(self, ledger: Ledger, acting: Acting) -> None:
        self.ledger, self.acting = ledger, acting
        self.done: Settlement | None = None
        self.state: Unsettled = unsettled(ledger, acting.operator.id)

    @property
    def nothing(self) -> bool:
        return not self.state.payments

    def facts(self) -> list[tuple[str, str]]:
        """What the dialog shows before the collector counts: label, value."""
        s = self.state
        c = s.cash
        if self.nothing:
            return [("手中现金", "0.00 元"), ("收据", f"收款员“{self.acting.name}”没有未结报的收据")]
        days = f"（最早 {c.since}，已 {c.days_held} 天）" if c.since else ""
        out = [
            ("手中现金", f"{format_yuan(c.in_hand)} 元"),
            ("收据", f"{len(s.payments)} 张：{s.first_receipt} – {s.last_receipt}{days}"),
        ]
        if s.voided:
            out.append(("其中作废", f"{s.voided} 张（不收款）"))
        if s.bills:
            out.append(("税务专用票据", f"已用 {len(s.bills)} 份：{_ranges(s.bills)}"))
        if s.spoiled:
            out.append(("作废票据", f"{s.spoiled} 份，随结报单交回"))
        alarm = cash_warning(self.ledger, self.acting)
        if alarm.warning:
            out.append(("提醒", alarm.detail.split("：", 1)[-1]))
        return out

    def settle(self, slip_no: str, to_name: str, amount_text: str, password: str) -> Settlement:
        """Settle every unsettled receipt; refused unless the counted amount is the cash in hand (票款一致)."""
        if self.done is not None:
            raise CashRefused(f"已经结报（第 {self.done.settlement_no} 号）", "slip_no")
        if self.nothing:
            raise CashRefused(f"收款员“{self.acting.name}”没有未结报的收据", "slip_no")
        if not slip_no.strip():
            raise CashRefused("请填写缴款书（银行缴款单）号", "slip_no")
        if not to_name.strip():
            raise CashRefused("请填写收款人（交给谁，如 镇财政所 某某）", "to")
        text = amount_text.strip()
        if not text:
            raise CashRefused(f"请输入清点后交出的金额（手中现金 {format_yuan(self.state.cash.in_hand)} 元）", "amount")
        try:
            amount = parse_yuan(text)
        except MoneyError as e:
            raise CashRefused(f"交出金额：{e}", "amount") from None
        _password(self.ledger, self.acting, password)
        try:
            self.done = cash.settle(self.ledger, self.acting, slip_no, to_name, amount)
        except LedgerError as e:
            raise CashRefused(e.message, e.field) from None
        return self.done


# -- 退费申请 ---------------------------------------------------------------------------------------

ALL_STATES = ""


@dataclass(frozen=True)
class ApplicationRow:
    uid: str
    applied_on: str
    receipt_no: str
    household_no: str
    names: str
    amount: str
    reason: str
    state: str
    answer: str
    open: bool


class RefundListPresenter:
    states = {ALL_STATES: "全部", **REFUND_STATE_LABELS}

    def __init__(self, ledger: Ledger, acting: Acting) -> None:
        self.ledger, self.acting = ledger, acting
        self.state = ALL_STATES

    def applications(self) -> list[RefundApplication]:
        found = refunds.refund_applications(self.ledger, state=self.state or None)
        return list(reversed(found))  # the newest first: that is the one just answered or asked about

    def rows(self) -> list[ApplicationRow]:
        out = []
        for a in self.applications():
            answer = f"{a.answered_on} {a.answer_note}".strip() if a.answered_on else ""
            out.append(
                ApplicationRow(
                    a.uid,
                    a.applied_on.isoformat(),
                    a.receipt_no,
                    a.household_no,
                    "、".join(ln.name for ln in a.lines),
                    format_yuan(a.amount),
                    a.reason,
                    a.state_label,
                    answer,
                    a.open,
                )
            )
        return out

    def answer(self, uid: str, state: str, note: str, password: str) -> RefundApplication:
        """已退 or 不予退费 (with the answer's words), as a new record."""
        if state == REFUND_STATE_LABELS["declined"] and not note.strip():
            raise CashRefused("不予退费须写明原因（税务或医保的答复）", "note")
        _password(self.ledger, self.acting, password)
        try:
            return refunds.set_refund_state(self.ledger, self.acting, uid, state, note)
        except LedgerError as e:
            raise CashRefused(e.message, e.field) from None
