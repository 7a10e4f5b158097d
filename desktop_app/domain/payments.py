"""A payment as recorded: its frozen lines, its void, its refunds. Never edited.

One ``PaymentLine`` per person, exactly as the quote answered on the payment day
(riders kept one by one). The receipt, the lists, the day sheet and the batch row are
all made from these records.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from desktop_app.domain.money import Fen

NORMAL, VOIDED, REFUNDED, PARTLY_REFUNDED = "normal", "voided", "refunded", "partly_refunded"
STATUS_LABELS = {NORMAL: "正常", VOIDED: "作废", REFUNDED: "退费", PARTLY_REFUNDED: "部分退费"}
DIRECT, REIMBURSE = "direct", "reimburse"
# A refund is an application (退费申请) until the answer comes; a declined one gives the line back its cover.
APPLIED, PAID_BACK, DECLINED = "applied", "refunded", "declined"
REFUND_STATE_LABELS = {APPLIED: "申请中", PAID_BACK: "已退", DECLINED: "不予退费"}


@dataclass(frozen=True)
class RiderAmount:
    name: str
    amount: Fen


@dataclass(frozen=True)
class PaymentLine:
    """One person's share of a payment, frozen from the quote (``id`` is 0 until stored)."""

    id: int
    person_id: int
    benefit_year: int
    name: str
    id_number: str | None
    identities: tuple[str, ...]
    standard: Fen
    riders: tuple[RiderAmount, ...]
    subsidy: Fen
    subsidy_mode: str | None
    subsidy_payer: str | None
    subsidy_name: str | None
    due: Fen
    benefit_start: date
    benefit_end: date
    waiting_until: date | None
    full_cost: bool
    explanation: tuple[str, ...]

    @property
    def rider_total(self) -> Fen:
        return sum(r.amount for r in self.riders)

    @property
    def reimbursed_later(self) -> bool:
        return self.subsidy > 0 and self.subsidy_mode == REIMBURSE


@dataclass(frozen=True)
class Void:
    reason: str
    operator: str
    voided_on: date


@dataclass(frozen=True)
class Refund:
    """One line's refund: part of an application (``application_uid``); refunds made before
    applications existed were paid out of the drawer, hence ``PAID_BACK`` by default."""

    uid: str
    line_id: int
    amount: Fen
    reason_code: str
    reason: str
    refunded_on: date
    operator: str
    application_uid: str | None = None
    state: str = PAID_BACK

    @property
    def from_drawer(self) -> bool:
        """Paid back in cash by the collector: refunds made before they became applications. An
        application is paid by the tax office into the villager's account and takes nothing from the drawer."""
        return self.application_uid is None

    @property
    def ends_cover(self) -> bool:
        """Applied for or paid back: the line no longer covers its person (declined: it does again)."""
        return self.state != DECLINED


@dataclass(frozen=True)
class Payment:
    id: int
    uid: str
    receipt_no: str
    operator: str
    operator_id: int
    benefit_year: int
    serial: int
    household_id: int
    household_no: str
    village_group: str
    paid_on: date
    total_due: Fen
    cash: Fen
    change: Fen
    policy_id: str
    policy_sha256: str
    created_at: str
    lines: tuple[PaymentLine, ...]
    void: Void | None
    refunds: tuple[Refund, ...]
    late_entry: str | None = None  # the reason, when entered on a later day than paid (补录)
    bill_no: str | None = None  # the tax office's form (专用票据) it was written on

    @property
    def standing_refunds(self) -> tuple[Refund, ...]:
        """Refunds applied for or paid back (not declined)."""
        return tuple(r for r in self.refunds if r.ends_cover)

    @property
    def status(self) -> str:
        if self.void:
            return VOIDED
        standing = self.standing_refunds
        if standing:
            return REFUNDED if len(standing) == len(self.lines) else PARTLY_REFUNDED
        return NORMAL

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def refunded(self) -> Fen:
        return sum(r.amount for r in self.standing_refunds)

    def refunds_of(self, line: PaymentLine) -> tuple[Refund, ...]:
        return tuple(r for r in self.refunds if r.line_id == line.id)

    def live_lines(self) -> tuple[PaymentLine, ...]:
        """The lines that still cover their person: not voided, not refunded."""
        if self.void:
            return ()
        done = {r.line_id for r in self.standing_refunds}
        return tuple(line for line in self.lines if line.id not in done)


@dataclass(frozen=True)
class Circumstances:
    """Why someone pays outside the period; entered by the collector for that payment."""

    situation: str | None = None
    lapse_date: date | None = None
    continuous_years: int | None = None
    entered_on: date | None = None
