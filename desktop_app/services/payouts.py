"""先缴后补 (达拉特旗): who is owed a subsidy later, per paying office, with their accounts; the workbook.

A line counts when its subsidy is paid back later (``subsidy_mode`` "reimburse",
subsidy > 0) and it still stands: its payment not voided, the line not refunded (a
refund declined, 不予退费, stands again). What the subsidy was for is the ONE
subsidised identity (``exchange.batch_extras``: 低保对象, or the ethnicity for 达拉特旗's
蒙古族 … 定额补助). The person's bank or 一卡通 account is not part of the register: it is
kept here (``set_account``, append-only, the newest counts) and read by the payout list,
printed (``services.printouts``) or written as a workbook (``export_payout``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain.accounts import PersonAccount, clean_account
from desktop_app.domain.money import format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment, PaymentLine
from desktop_app.domain.register import Person
from desktop_app.exchange.batch_extras import subsidised_identity
from desktop_app.exchange.batch_manifest import write_atomically
from desktop_app.exchange.payout_workbook import PayoutLine, payout_bytes
from desktop_app.policy.model import Policy
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.policies import UnknownPolicyError
from desktop_app.store import accounts as account_store
from desktop_app.store import payments as payment_store
from desktop_app.store import register as register_store
from desktop_app.store.transactions import immediate

__all__ = [
    "NO_PAYER",
    "PayoutEntry",
    "PayoutResult",
    "Payouts",
    "account_of",
    "export_payout",
    "payouts",
    "set_account",
]

NO_PAYER = "（未写明资助部门）"


@dataclass(frozen=True)
class PayoutEntry:
    """One person's subsidy to pay back: the line as recorded, the person, what it is for, the account."""

    payer: str
    payment: Payment
    line: PaymentLine
    person: Person | None
    basis: str  # the subsidised identity, or the ethnicity; "" when the policy names neither
    account: PersonAccount | None

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.line.name,
            "id_number": self.line.id_number,
            "household_no": self.payment.household_no,
            "basis": self.basis,
            "subsidy_name": self.line.subsidy_name,
            "amount": format_yuan(self.line.subsidy),
            "bank": self.account.bank if self.account else "",
            "account": self.account.account if self.account else "",
            "receipt_no": self.payment.receipt_no,
            "paid_on": self.payment.paid_on.isoformat(),
        }


@dataclass(frozen=True)
class Payouts:
    """The year's 先缴后补 people, per paying office (offices and people in the order paid)."""

    village: str
    benefit_year: int
    as_of: date
    groups: tuple[tuple[str, tuple[PayoutEntry, ...]], ...]

    @property
    def entries(self) -> tuple[PayoutEntry, ...]:
        return tuple(e for _, rows in self.groups for e in rows)

    @property
    def amount(self) -> int:
        return sum(e.line.subsidy for e in self.entries)

    @property
    def missing_accounts(self) -> int:
        return sum(1 for e in self.entries if e.account is None)

    def to_json(self) -> dict[str, Any]:
        return {
            "village": self.village,
            "benefit_year": self.benefit_year,
            "as_of": self.as_of.isoformat(),
            "people": len(self.entries),
            "amount": format_yuan(self.amount),
            "missing_accounts": self.missing_accounts,
            "payers": [
                {
                    "payer": payer,
                    "people": len(rows),
                    "amount": format_yuan(_sum(rows)),
                    "entries": [e.to_json() for e in rows],
                }
                for payer, rows in self.groups
            ],
        }


@dataclass(frozen=True)
class PayoutResult:
    workbook: Path
    payouts: Payouts

    def to_json(self) -> dict[str, Any]:
        p = self.payouts
        return {
            "workbook": str(self.workbook),
            "benefit_year": p.benefit_year,
            "people": len(p.entries),
            "amount": format_yuan(p.amount),
            "missing_accounts": p.missing_accounts,
            "payers": [
                {"payer": payer, "people": len(rows), "amount": format_yuan(_sum(rows))} for payer, rows in p.groups
            ],
        }


def _sum(rows: tuple[PayoutEntry, ...]) -> int:
    return sum(e.line.subsidy for e in rows)


def set_account(ledger: Ledger, acting: Acting, person_id: int, bank: str, account: str) -> PersonAccount | None:
    """Record the person's bank (or 一卡通) and account; both empty clears it. Returns the account now held."""
    bank, text = bank.strip(), account.strip()
    digits = clean_account(text) if text else ""
    if digits is None:
        raise LedgerError(f"账号“{account}”应为 6 到 32 位数字（空格和短横线可以不管）", "account")
    if digits and not bank:
        raise LedgerError("请写明开户银行（一卡通写“一卡通”及代发银行）", "bank")
    if bank and not digits:
        raise LedgerError("写了开户银行却没有账号；请填写账号，或把两项都清空", "account")
    with immediate(ledger.db):
        person = register_store.person(ledger.db, person_id)
        if person is None:
            raise LedgerError(f"没有编号为 {person_id} 的人员", "person")
        account_store.add(ledger.db, person_id, bank, digits, acting.operator.id, ledger.stamp())
        ledger.audit(
            acting,
            "person.account",
            {"person_id": person_id, "id_number": person.id_number, "bank": bank, "account": _masked(digits)},
        )
    return account_of(ledger, person_id)


def account_of(ledger: Ledger, person_id: int) -> PersonAccount | None:
    return account_store.of_people(ledger.db, [person_id]).get(person_id)


def _masked(digits: str) -> str:
    """The audit log says which account without copying it whole: the last four digits."""
    return f"****{digits[-4:]}" if digits else ""


def payouts(ledger: Ledger, year: int | None = None) -> Payouts:
    """The year's (None: the latest open year's) standing lines whose subsidy an office pays back later."""
    benefit_year = ledger.year(year).year
    db = ledger.db
    found = [
        (p, line) for p in payment_store.find(db, year=benefit_year) for line in p.live_lines() if line.reimbursed_later
    ]
    people = register_store.people_by_ids(db, sorted({line.person_id for _, line in found}))
    accounts = account_store.of_people(db, sorted({line.person_id for _, line in found}))
    policies: dict[str, Policy | None] = {}
    groups: dict[str, list[PayoutEntry]] = {}
    for payment, line in found:
        if payment.policy_id not in policies:
            try:
                policies[payment.policy_id] = ledger.catalogue.load(payment.policy_id).policy
            except UnknownPolicyError:
                policies[payment.policy_id] = None
        person = people.get(line.person_id)
        _, basis = subsidised_identity(policies[payment.policy_id], line, person.ethnicity if person else "")
        payer = line.subsidy_payer or NO_PAYER
        groups.setdefault(payer, []).append(
            PayoutEntry(payer, payment, line, person, basis, accounts.get(line.person_id))
        )
    return Payouts(
        ledger.settings.village,
        benefit_year,
        ledger.now().date(),
        tuple((payer, tuple(rows)) for payer, rows in groups.items()),
    )


def export_payout(ledger: Ledger, acting: Acting, out: Path) -> PayoutResult:
    """The acting year's payout list as a workbook at ``out`` (.xlsx): written whole or not at all."""
    if out.suffix.lower() != ".xlsx":
        raise LedgerError(f"发放名单工作簿应以 .xlsx 结尾，而不是“{out.name}”", "out")
    if not out.parent.is_dir():
        raise LedgerError(f"文件夹 {out.parent} 不存在", "out")
    found = payouts(ledger, acting.benefit_year)
    title = f"{found.village} {found.benefit_year}年度城乡居民医保“先缴后补”资助发放名单"
    groups = [(payer, [_line(e) for e in rows]) for payer, rows in found.groups]
    data = payout_bytes(title, groups, ledger.now())
    write_atomically(out, data)
    with immediate(ledger.db):
        ledger.audit(
            acting,
            "payout.export",
            {
                "file": out.name,
                "benefit_year": found.benefit_year,
                "people": len(found.entries),
                "amount": found.amount,
            },
        )
    return PayoutResult(out, found)


def _line(e: PayoutEntry) -> PayoutLine:
    return PayoutLine(
        e.payment.household_no,
        e.line.name,
        e.line.id_number or "",
        e.basis,
        e.line.subsidy_name or "",
        e.line.subsidy,
        e.account.bank if e.account else "",
        e.account.account if e.account else "",
        e.payment.receipt_no,
        e.payment.paid_on.isoformat(),
    )
