"""What each printout shows: the ledger's own records and what the page adds to them (no Qt).

A receipt holds the ``Payment`` as recorded, a row of a list holds the ``Payment`` with
the refunds it counts, the unpaid list holds the ``Person`` records: nothing is copied
field by field, so a printout cannot drift from what the ledger keeps. What a page adds
(the village's name, the 户主, the time of a reprint, the totals) is here as well.
services.printouts fills these; the renderers in this package only lay them out.
Money is integer fen; the renderers format it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.money import Fen
from desktop_app.domain.payments import VOIDED, Payment, PaymentLine, Refund
from desktop_app.domain.register import Household, Person


def identity_labels(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The Chinese names of identity codes (a local code the table does not know prints as itself)."""
    return tuple(IDENTITIES.get(c, c) for c in codes)


def dated(on: date, paid_on: date, text: str) -> str:
    """A note says its own date only when it differs from the payment's."""
    return text if on == paid_on else f"{on.isoformat()} {text}"


def collectors(collector: str | None, payments: Iterable[Payment]) -> str:
    """收款员 X; for the whole village, 全村汇总 and the collectors whose receipts are in it."""
    if collector is not None:
        return f"收款员 {collector}"
    names = "、".join(dict.fromkeys(p.operator for p in payments))
    return f"全村汇总（收款员 {names}）" if names else "全村汇总"


@dataclass(frozen=True)
class Receipt:
    """A payment as its receipt prints it; a reprint carries the time it was reprinted."""

    payment: Payment
    village: str
    head: str  # 户主's name; "" when the household has none recorded
    reprinted_at: datetime | None = None  # set on a 补打
    show_identity: bool = False  # the subsidy identity (低保, 特困 …) is printed only when the settings say so
    query_channel: str = ""  # where the villager checks that the payment reached the tax office

    @property
    def lines(self) -> tuple[PaymentLine, ...]:
        return self.payment.lines

    def refunded(self, line: PaymentLine) -> Fen:
        return sum(r.amount for r in self.payment.refunds_of(line))

    def refund_note(self, line: PaymentLine) -> str:
        return "；".join(f"{r.refunded_on.isoformat()} 退费（{r.reason}）" for r in self.payment.refunds_of(line))


@dataclass(frozen=True)
class ReceiptRow:
    """One receipt on a list: the payment, its 户主, and the refunds this list counts."""

    payment: Payment
    head: str
    refunds: tuple[Refund, ...]  # all of the payment's, or those made on one day (the day sheet)

    @classmethod
    def of(cls, payment: Payment, head: str, refunds_on: date | None = None) -> ReceiptRow:
        counted = tuple(r for r in payment.refunds if refunds_on is None or r.refunded_on == refunds_on)
        return cls(payment, head, counted)

    @property
    def receipt_no(self) -> str:
        return self.payment.receipt_no

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(line.name for line in self.payment.lines)

    @property
    def status(self) -> str:
        return self.payment.status

    @property
    def refunded(self) -> Fen:
        return sum(r.amount for r in self.refunds)

    @property
    def refunded_in_cash(self) -> Fen:
        """What went back out of the drawer (refunds from before applications); an application takes nothing."""
        return sum(r.amount for r in self.refunds if r.from_drawer)

    @property
    def refund_count(self) -> int:
        return len(self.refunds)

    @property
    def note(self) -> str:
        p = self.payment
        if p.void:
            return dated(p.void.voided_on, p.paid_on, f"作废：{p.void.reason}")
        if self.refunds:
            reasons = "、".join(dict.fromkeys(r.reason for r in self.refunds))
            return dated(self.refunds[-1].refunded_on, p.paid_on, f"退费{len(self.refunds)}人：{reasons}")
        return ""


@dataclass(frozen=True)
class ReceiptList:
    village: str
    collector: str | None  # None: every collector's receipts (全村汇总)
    date_from: date | None
    date_to: date | None
    printed_at: datetime
    rows: tuple[ReceiptRow, ...]

    @property
    def issued_total(self) -> Fen:
        return sum(r.payment.total_due for r in self.rows)

    @property
    def voided(self) -> tuple[ReceiptRow, ...]:
        return tuple(r for r in self.rows if r.status == VOIDED)

    @property
    def voided_total(self) -> Fen:
        return sum(r.payment.total_due for r in self.voided)

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
        """What these receipts leave in hand: issued, less voided, less what was paid back from the drawer
        (a refund application is paid by the tax office and leaves the cash where it is)."""
        return self.issued_total - self.voided_total - sum(r.refunded_in_cash for r in self.rows)

    @property
    def people(self) -> int:
        return sum(len(r.names) for r in self.rows if r.status != VOIDED)


@dataclass(frozen=True)
class GroupRow:
    group: str
    people: int
    standard: Fen  # with riders
    subsidy: Fen
    due: Fen


def receipt_range(payments: tuple[Payment, ...]) -> str:
    """First – last receipt number, per collector when several collectors' receipts are together."""
    if not payments:
        return "—"
    by_collector: dict[int, list[Payment]] = {}
    for p in payments:
        by_collector.setdefault(p.operator_id, []).append(p)
    return "；".join(f"{ps[0].receipt_no} – {ps[-1].receipt_no}" for ps in by_collector.values())


@dataclass(frozen=True)
class DaySheet:
    """The 日结单: the cash of one day, of one collector or of the whole village."""

    day: date
    village: str
    collector: str | None  # None: every collector (全村汇总)
    benefit_year: int
    printed_at: datetime
    issued: tuple[Payment, ...]  # issued on the day (as they stand now: a later void shows)
    voided: tuple[ReceiptRow, ...]  # voided on this day (issued today or earlier)
    refunds: tuple[ReceiptRow, ...]  # receipts with refunds made on this day, counting that day's refunds
    groups: tuple[GroupRow, ...]
    late_entries: tuple[Payment, ...] = ()  # 补录: entered on this day for an earlier day, or paid this day

    @property
    def issued_count(self) -> int:
        return len(self.issued)

    @property
    def receipt_range(self) -> str:
        return receipt_range(self.issued)

    @property
    def issued_total(self) -> Fen:
        return sum(p.total_due for p in self.issued)

    @property
    def voided_total(self) -> Fen:
        return sum(r.payment.total_due for r in self.voided)

    @property
    def refund_count(self) -> int:
        return sum(r.refund_count for r in self.refunds)

    @property
    def refunds_total(self) -> Fen:
        return sum(r.refunded for r in self.refunds)

    @property
    def refunds_in_cash(self) -> Fen:
        return sum(r.refunded_in_cash for r in self.refunds)

    @property
    def cash_to_hand_over(self) -> Fen:
        """Issued, less voided, less what was paid back from the drawer that day (applications take nothing)."""
        return self.issued_total - self.voided_total - self.refunds_in_cash

    @property
    def reimbursed_later(self) -> Fen:
        """先缴后补 subsidies inside the amounts collected (receipts that stand)."""
        return sum(line.subsidy for p in self.issued if not p.void for line in p.lines if line.reimbursed_later)

    @property
    def group_total(self) -> GroupRow:
        return GroupRow(
            "合计",
            sum(g.people for g in self.groups),
            sum(g.standard for g in self.groups),
            sum(g.subsidy for g in self.groups),
            sum(g.due for g in self.groups),
        )


@dataclass(frozen=True)
class UnpaidRow:
    """Someone not covered for the year: the person, their household, the identities they hold, and
    why not as the collector wrote it (未参保原因: a refusal's reason; "" when nobody said)."""

    person: Person
    household: Household
    identities: tuple[str, ...]  # codes
    reason: str = ""

    @property
    def phone(self) -> str:
        """The person's own number, else the household's."""
        return self.person.phone or self.household.phone


@dataclass(frozen=True)
class UnpaidSheet:
    """``hardship_only``: only the 困难群众 (who must all be insured); ``public``: the 公示 version, to be
    posted — no identities, no phone numbers, no reasons, ID numbers masked to their first and last four."""

    village: str
    benefit_year: int
    as_of: date
    printed_at: datetime
    rows: tuple[UnpaidRow, ...]
    hardship_only: bool = False
    public: bool = False

    @property
    def households(self) -> int:
        return len({(r.person.village_group, r.person.household_no) for r in self.rows})

    def by_group(self) -> list[tuple[str, tuple[UnpaidRow, ...]]]:
        """Rows by village group, in the order given (the service sorts them)."""
        return [
            (group or "（未分组）", tuple(rows))
            for group, rows in groupby(self.rows, key=lambda r: r.person.village_group)
        ]
