"""The county's or tax office's list of people already paid through any channel, brought in.

Kept apart from ``services.coverage`` so that taking a payment (which asks whether someone
is covered elsewhere) never loads the sheet readers.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from desktop_app.domain.coverage import OTHER_CHANNEL, PAID_ELSEWHERE, RowProblem
from desktop_app.domain.operators import Acting
from desktop_app.exchange.county_paid import PaidEntry, read_county_paid
from desktop_app.exchange.sheets import SheetError
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.store import coverage as store
from desktop_app.store.coverage import Mark, Registered
from desktop_app.store.transactions import immediate

__all__ = ["CountyPaidReport", "NotInRegister", "PaidHereToo", "import_county_paid"]


class NotInRegister(NamedTuple):
    row: int
    id_number: str
    name: str


class PaidHereToo(NamedTuple):
    id_number: str
    receipt_no: str
    name: str
    row: int


@dataclass(frozen=True)
class CountyPaidReport:
    """What a county list brought: ``problems`` are rows not taken, ``warnings`` rows taken with a remark."""

    file: str
    sha256: str
    benefit_year: int
    rows: int
    matched: int
    marked: int
    unchanged: int
    not_in_register: tuple[NotInRegister, ...]
    paid_here_too: tuple[PaidHereToo, ...]
    problems: tuple[RowProblem, ...]
    warnings: tuple[RowProblem, ...]
    dry_run: bool

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "benefit_year": self.benefit_year,
            "dry_run": self.dry_run,
            "rows": self.rows,
            "matched": self.matched,
            "marked": self.marked,
            "unchanged": self.unchanged,
            "not_in_register": [{"row": n.row, "id_number": n.id_number, "name": n.name} for n in self.not_in_register],
            "paid_here_too": [{"id_number": p.id_number, "receipt_no": p.receipt_no} for p in self.paid_here_too],
            "problems": [{"row": p.row, "column": p.column, "reason": p.reason} for p in self.problems],
            "warnings": [{"row": p.row, "column": p.column, "reason": p.reason} for p in self.warnings],
        }


def import_county_paid(ledger: Ledger, acting: Acting, path: Path, *, dry_run: bool = False) -> CountyPaidReport:
    """Mark everyone the list names as paid elsewhere for the acting year; report the rest.

    A person already marked the same way is left alone, so the same list twice (or a
    newer list repeating the older one's people) writes nothing for them.
    """
    year = acting.benefit_year
    try:
        listing = read_county_paid(Path(path), year)
    except SheetError as e:
        raise LedgerError(str(e), "file") from None
    warnings = list(listing.warnings)
    not_in_register: list[NotInRegister] = []
    here_too: list[PaidHereToo] = []
    marks: list[Mark] = []
    unchanged = matched = 0
    today, stamp = ledger.now().date().isoformat(), ledger.stamp()
    with immediate(ledger.db):
        known = store.registered_by_id_number(ledger.db, [e.id_number for e in listing.entries], year)
        for entry in listing.entries:
            person = known.get(entry.id_number)
            if person is None:
                not_in_register.append(NotInRegister(entry.row, entry.id_number, entry.name))
                continue
            matched += 1
            if person.receipt_no:
                here_too.append(PaidHereToo(entry.id_number, person.receipt_no, person.name, entry.row))
            if entry.name and entry.name != person.name:
                warnings.append(
                    RowProblem(
                        entry.row,
                        listing.labels["name"],
                        f"姓名“{entry.name}”与花名册中的“{person.name}”不同，已按证件号码登记",
                    )
                )
            found = _paid_mark(entry, person, year, listing.file, listing.sha256, acting, today, stamp)
            if found is None:
                unchanged += 1
            else:
                marks.append(found)
        if marks and not dry_run:
            store.add_marks(ledger.db, marks)
            ledger.audit(
                acting,
                "coverage.import",
                {
                    "file": listing.file,
                    "sha256": listing.sha256,
                    "rows": listing.rows,
                    "matched": matched,
                    "marked": len(marks),
                    "unchanged": unchanged,
                    "not_in_register": len(not_in_register),
                    "paid_here_too": [p.receipt_no for p in here_too],
                    "problems": len(listing.problems),
                },
            )
    warnings.sort(key=lambda w: w.row)
    return CountyPaidReport(
        listing.file,
        listing.sha256,
        year,
        listing.rows,
        matched,
        len(marks),
        unchanged,
        tuple(not_in_register),
        tuple(here_too),
        listing.problems,
        tuple(warnings),
        dry_run,
    )


def _paid_mark(
    entry: PaidEntry, person: Registered, year: int, file: str, sha256: str, acting: Acting, today: str, stamp: str
) -> Mark | None:
    """The mark this row asks for, or None when the person's current mark already says the same."""
    reference = entry.reference
    note = ""
    if entry.channel == OTHER_CHANNEL and entry.channel_words:
        reference = "；".join(x for x in (entry.channel_words, entry.reference) if x)
    elif entry.channel_words:
        note = f"缴费渠道：{entry.channel_words}"
    paid_on = _iso(entry.paid_on)
    if person.current == (PAID_ELSEWHERE, entry.channel, paid_on, entry.amount, reference):
        return None
    return Mark(
        person.person_id,
        year,
        "set",
        PAID_ELSEWHERE,
        entry.channel,
        paid_on,
        entry.amount,
        reference,
        note,
        today,
        file,
        sha256,
        acting.operator.id,
        stamp,
    )


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None
