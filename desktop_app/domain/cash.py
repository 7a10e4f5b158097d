"""The collector's cash and paper, as the tax office counts them: forms, settlements, refund applications.

A village collects as the tax office's 代收单位 (杜集 notice 五(二)): each cash payment is
written on a pre-numbered form (专用票据) from a book the collector received (领用); the
cash is handed over (结报) within a set time and limit, so that forms and money agree
(票款一致) and nobody holds either for long (不得压票压款). A refund is an application
that 税务 pays back to the villager's bank account (山头镇 notice 七: 依申请退费); it takes
no cash out of the drawer. All of these are records written once, never edited.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.money import Fen
from desktop_app.domain.payments import APPLIED, DECLINED, PAID_BACK, REFUND_STATE_LABELS

__all__ = [
    "APPLIED",
    "DECLINED",
    "PAID_BACK",
    "REFUND_STATE_LABELS",
    "BillBook",
    "CashInHand",
    "RefundApplication",
    "RefundLine",
    "Settlement",
    "SpoiledForm",
    "number_ranges",
]


@dataclass(frozen=True)
class SpoiledForm:
    """A form spoiled (作废): it keeps its number and its paper; ``receipt_no`` when a void spoiled it."""

    number: str
    reason: str
    operator: str
    spoiled_on: date
    receipt_no: str | None = None


@dataclass(frozen=True)
class BillBook:
    """A book of the tax office's forms received by one collector: ``first``..``last`` as printed (digits,
    their width kept), with the numbers used on payments and those spoiled."""

    id: int
    uid: str
    operator_id: int
    operator: str
    code: str  # 票据代码, when the book has one
    first: str
    last: str
    received_on: date
    created_at: str
    used: tuple[str, ...] = ()
    spoiled: tuple[SpoiledForm, ...] = ()

    @property
    def width(self) -> int:
        return len(self.first)

    @property
    def size(self) -> int:
        return int(self.last) - int(self.first) + 1

    def number(self, value: int) -> str:
        """The form number as printed in this book: 12 -> '0000012'."""
        return str(value).zfill(self.width)

    def holds(self, value: int) -> bool:
        return int(self.first) <= value <= int(self.last)

    @property
    def numbers(self) -> tuple[str, ...]:
        return tuple(self.number(v) for v in range(int(self.first), int(self.last) + 1))

    @property
    def spoiled_numbers(self) -> tuple[str, ...]:
        return tuple(s.number for s in self.spoiled)

    @property
    def unused(self) -> tuple[str, ...]:
        """Neither written on a payment nor spoiled, in order."""
        taken = set(self.used) | set(self.spoiled_numbers)
        return tuple(n for n in self.numbers if n not in taken)


@dataclass(frozen=True)
class CashInHand:
    """What a collector (or the village, ``operator_id`` None) holds and has not settled yet."""

    operator_id: int | None
    in_hand: Fen
    since: date | None  # the oldest unsettled payment's date
    receipts: int  # unsettled receipts that still stand (voided ones hold no cash)
    limit: Fen
    deadline_days: int
    today: date

    @property
    def over_limit(self) -> bool:
        return self.in_hand > self.limit

    @property
    def days_held(self) -> int:
        return (self.today - self.since).days if self.since else 0

    @property
    def overdue(self) -> bool:
        """Cash held longer than the settlement deadline (压款)."""
        return self.since is not None and self.days_held > self.deadline_days


@dataclass(frozen=True)
class Settlement:
    """One hand-over of cash (结报) with its deposit slip: what the printed 结报单 shows.

    ``count`` is every receipt settled, ``voided`` those of them voided (no cash), ``refunded``
    those with a refund applied for or paid back (their cash is handed over all the same:
    税务 pays the villager back). ``bill_numbers`` are the forms written on the settled
    payments (voided ones included), ``spoiled_forms`` the forms spoiled since the last
    settlement. ``period_from``..``period_to`` are the settled payments' dates."""

    id: int
    uid: str
    settlement_no: int
    operator_id: int
    operator: str
    slip_no: str  # the deposit slip (缴款书 / 银行缴款单) number
    to_name: str  # who received the cash
    amount: Fen
    from_receipt: str
    to_receipt: str
    count: int
    voided: int
    refunded: int
    period_from: date
    period_to: date
    settled_on: date
    created_at: str
    receipt_nos: tuple[str, ...] = ()
    bill_numbers: tuple[str, ...] = ()
    spoiled_forms: tuple[SpoiledForm, ...] = ()

    @property
    def bills_used(self) -> int:
        return len(self.bill_numbers)

    @property
    def bills_spoiled(self) -> int:
        return len(self.spoiled_forms)

    @property
    def bill_ranges(self) -> tuple[tuple[str, str], ...]:
        """The forms written on, as runs of consecutive numbers: (('0001', '0012'), ('0015', '0015'))."""
        return number_ranges(self.bill_numbers)


@dataclass(frozen=True)
class RefundLine:
    """One person's share of a refund application."""

    line_id: int
    name: str
    id_number: str | None
    amount: Fen


@dataclass(frozen=True)
class RefundApplication:
    """A 退费申请: made at the village, answered (已退 / 不予退费) when 税务 and 医保 decide."""

    id: int
    uid: str
    payment_id: int
    receipt_no: str
    household_no: str
    reason_code: str
    reason: str
    evidence: str  # what proves the reason (职工医保参保证明, 死亡证明 …)
    bank: str  # the villager's bank, for 税务 to pay back into
    account: str
    applied_on: date
    operator: str
    created_at: str
    lines: tuple[RefundLine, ...]
    state: str = APPLIED
    answered_on: date | None = None
    answer_note: str = ""
    answered_by: str | None = None

    @property
    def amount(self) -> Fen:
        return sum(line.amount for line in self.lines)

    @property
    def state_label(self) -> str:
        return REFUND_STATE_LABELS[self.state]

    @property
    def open(self) -> bool:
        return self.state == APPLIED


def number_ranges(numbers: tuple[str, ...] | list[str]) -> tuple[tuple[str, str], ...]:
    """Form numbers as runs of consecutive values, in order."""
    runs: list[tuple[str, str]] = []
    for n in sorted(numbers, key=lambda x: (int(x), x)):
        if runs and int(n) == int(runs[-1][1]) + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return tuple(runs)
