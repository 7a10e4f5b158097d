"""The status bar's 'not yet on the stick' figures: every record counts, only standing cash is summed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.refunds import refund
from desktop_app.services.register import get_person
from desktop_app.services.unexported import unexported_summary
from tests.village import XINLI, Clock, acting, wang_household


@pytest.fixture
def xinli(clock: Clock, make_ledger: Callable[..., Ledger]) -> Ledger:
    """新立村, set up on 2021-10-20 (its first payments are that day's, not late entries)."""
    clock.now = datetime(2021, 10, 20, 9, 0)
    return make_ledger("jl-2022", **XINLI)


def test_a_void_counts_as_a_record_but_its_cash_is_not_held(xinli: Ledger, clock: Clock) -> None:
    op = acting(xinli, "李会计")
    ids = wang_household(xinli, op)
    kept = pay(xinli, op, PaymentRequest((ids["head"],), 100_000, date(2021, 10, 20)))
    clock.tick(days=1)
    voided = pay(xinli, op, PaymentRequest((ids["spouse"],), 100_000, date(2021, 10, 21)))
    void(xinli, op, voided.receipt_no, "收错人")
    assert unexported_summary(xinli) == (3, kept.total_due, date(2021, 10, 20))


def test_a_refund_is_a_record_and_takes_its_amount_off_the_cash(xinli: Ledger, clock: Clock) -> None:
    op = acting(xinli, "李会计")
    ids = wang_household(xinli, op)
    paid = pay(xinli, op, PaymentRequest((ids["head"], ids["spouse"]), 100_000, date(2021, 10, 20)))
    clock.tick(days=5)
    refund(
        xinli,
        op,
        paid.receipt_no,
        "参加职工医保",
        on=date(2021, 10, 25),
        id_numbers=(get_person(xinli, ids["spouse"]).id_number or "",),
    )
    spouse_due = next(line.due for line in paid.lines if line.name == "李秀兰")
    assert unexported_summary(xinli) == (2, paid.total_due - spouse_due, date(2021, 10, 20))


def test_an_empty_ledger_has_nothing_waiting(xinli: Ledger) -> None:
    assert unexported_summary(xinli) == (0, 0, None)


def test_the_figures_are_of_one_collector_and_one_year_when_asked(xinli: Ledger) -> None:
    op = acting(xinli, "李会计")
    ids = wang_household(xinli, op)
    paid = pay(xinli, op, PaymentRequest((ids["head"],), 100_000, date(2021, 10, 20)))
    assert unexported_summary(xinli, op.operator.id, 2022) == (1, paid.total_due, date(2021, 10, 20))
    assert unexported_summary(xinli, op.operator.id + 1) == (0, 0, None)
    assert unexported_summary(xinli, year=2023) == (0, 0, None)
