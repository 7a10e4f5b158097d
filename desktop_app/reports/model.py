"""What each printout shows, as plain frozen data (no Qt).

services.printouts fills these from the ledger; the renderers in this package only
lay them out. Money is integer fen; the renderers format it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from desktop_app.domain.money import Fen

REIMBURSE = "reimburse"
STATUS_LABELS = {"normal": "正常", "voided": "作废", "refunded": "退费", "partly_refunded": "部分退费"}


@dataclass(frozen=True)
class ReceiptLine:
    name: str
    id_number: str | None
    identities: tuple[str, ...]  # Chinese labels
    standard: Fen
    riders: tuple[tuple[str, Fen], ...]
    subsidy: Fen
    subsidy_mode: str | None  # "direct" (deducted now) or "reimburse" (先缴后补)
    subsidy_name: str | None
    subsidy_payer: str | None
    due: Fen
    benefit_start: date
    benefit_end: date
    waiting_until: date | None
    refunded: Fen = 0
    refund_note: str = ""

    @property
    def reimbursed_later(self) -> bool:
        return self.subsidy > 0 and self.subsidy_mode == REIMBURSE


@dataclass(frozen=True)
class VoidNote:
    reason: str
    voided_on: date
    operator: str


@dataclass(frozen=True)
class Receipt:
    receipt_no: str
    benefit_year: int
    village: str
    village_group: str
    household_no: str
    head: str  # 户主's name; "" when the household has none recorded
    paid_on: date
    issued_at: str  # ISO time the payment was recorded
    collector: str
    lines: tuple[ReceiptLine, ...]
    total_due: Fen
    cash: Fen
    change: Fen
    void: VoidNote | None = None
    reprinted_at: datetime | None = None  # set on a 补打

    @property
    def refunded(self) -> Fen:
        return sum(line.refunded for line in self.lines)


@dataclass(frozen=True)
class ReceiptRow:
    receipt_no: str
    paid_on: date
    household_no: str
    head: str
    names: tuple[str, ...]
    total_due: Fen
    status: str  # normal / voided / refunded / partly_refunded
    refunded: Fen
    refund_count: int
    note: str

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass(frozen=True)
class ReceiptList:
    village: str
    collector: str
    date_from: date | None
    date_to: date | None
    printed_at: datetime
    rows: tuple[ReceiptRow, ...]

    @property
    def issued_total(self) -> Fen:
        return sum(r.total_due for r in self.rows)

    @property
    def voided(self) -> tuple[ReceiptRow, ...]:
        return tuple(r for r in self.rows if r.status == "voided")

    @property
    def voided_total(self) -> Fen:
        return sum(r.total_due for r in self.voided)

    @property
    def valid_count(self) -> int:
        return len(self.rows) - len(self.voided)

    @property
    def refund_count(self) -> int:
        return sum(r.refund_count for r in self.rows)

    @property
    def refunded_total(self) -> Fen:
        return sum(r.refunded for r in self.rows)

    @property
    def net_total(self) -> Fen:
        """What these receipts leave in hand: issued, less voided, less refunded."""
        return self.issued_total - self.voided_total - self.refunded_total

    @property
    def people(self) -> int:
        return sum(len(r.names) for r in self.rows if r.status != "voided")


@dataclass(frozen=True)
class GroupRow:
    group: str
    people: int
    standard: Fen  # with riders
    subsidy: Fen
    due: Fen


@dataclass(frozen=True)
class DaySheet:
    day: date
    village: str
    collector: str
    benefit_year: int
    printed_at: datetime
    issued_count: int
    receipt_range: str
    issued_total: Fen
    voided: tuple[ReceiptRow, ...]  # voided on this day (issued today or earlier)
    voided_total: Fen
    refunds: tuple[ReceiptRow, ...]  # receipts with refunds made on this day, refunded = that day's amount
    refund_count: int
    refunds_total: Fen
    cash_to_hand_over: Fen
    groups: tuple[GroupRow, ...]
    reimbursed_later: Fen = 0  # 先缴后补 subsidies inside the amounts collected

    @property
    def group_total(self) -> GroupRow:
        return GroupRow("合计", sum(g.people for g in self.groups), sum(g.standard for g in self.groups),
                        sum(g.subsidy for g in self.groups), sum(g.due for g in self.groups))


@dataclass(frozen=True)
class UnpaidRow:
    village_group: str
    household_no: str
    name: str
    relation: str
    id_number: str | None
    phone: str
    identities: tuple[str, ...]  # Chinese labels


@dataclass(frozen=True)
class UnpaidSheet:
    village: str
    benefit_year: int
    as_of: date
    printed_at: datetime
    rows: tuple[UnpaidRow, ...]

    @property
    def households(self) -> int:
        return len({(r.village_group, r.household_no) for r in self.rows})

    def by_group(self) -> list[tuple[str, tuple[UnpaidRow, ...]]]:
        """Rows by village group, in the order given (the service sorts them)."""
        return [(group or "（未分组）", tuple(rows)) for group, rows in groupby(self.rows, key=lambda r: r.village_group)]
