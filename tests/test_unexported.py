"""The status bar's 'not yet on the stick' figures: every record counts, only standing cash is summed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.refunds import refund
from desktop_app.services.unexported import unexported_summary
from tests.ledger_fixtures import make_ledger, wang_household


def test_a_void_counts_as_a_record_but_its_cash_is_not_held(tmp_path: Path) -> None:
    ledger, op, _ = make_ledger(tmp_path)
    ids = wang_household(ledger, op)
    kept = pay(ledger, op, PaymentRequest((ids["head"],), 100_000, date(2021, 10, 20)))
    voided = pay(ledger, op, PaymentRequest((ids["spouse"],), 100_000, date(2021, 10, 21)))
    void(ledger, op, voided.receipt_no, "收错人")
    assert unexported_summary(ledger) == (3, kept.total_due, date(2021, 10, 20))


def test_a_refund_is_a_record_and_takes_its_amount_off_the_cash(tmp_path: Path) -> None:
    ledger, op, _ = make_ledger(tmp_path)
    ids = wang_household(ledger, op)
    paid = pay(ledger, op, PaymentRequest((ids["head"], ids["spouse"]), 100_000, date(2021, 10, 20)))
    refund(ledger, op, paid.receipt_no, "参加职工医保", on=date(2021, 10, 25), id_numbers=(
        ledger.db.execute("SELECT id_number FROM people WHERE id = ?", [ids["spouse"]]).fetchone()[0],))
    spouse_due = next(line.due for line in paid.lines if line.name == "李秀兰")
    assert unexported_summary(ledger) == (2, paid.total_due - spouse_due, date(2021, 10, 20))


def test_an_empty_ledger_has_nothing_waiting(tmp_path: Path) -> None:
    ledger, _, _ = make_ledger(tmp_path)
    assert unexported_summary(ledger) == (0, 0, None)
