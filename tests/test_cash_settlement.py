"""Cash in hand and its settlement (结报): what a collector holds against the limit and deadline, a hand-over
that must balance (票款一致), and receipts that, once settled, are refunded by application, not voided."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.domain.operators import Acting
from desktop_app.services.bills import receive, spoil
from desktop_app.services.cash import in_hand, set_cash_rules, settle, settlements
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import add_operator
from desktop_app.services.payments import void
from desktop_app.services.refunds import refund
from desktop_app.store.transactions import immediate
from tests.cash_support import cli_village, ok, pay_on_form, refused, zj
from tests.village import IN_PERIOD, NOW, Clock, acting, counts, family, pay_for

ADULT = 36_000  # jl-2022: 360 yuan a year for an adult without a subsidy


def households(ledger: Ledger, n: int) -> list[list[int]]:
    return [family(ledger, f"H{i:03d}", date(1980, 1, 1 + i)) for i in range(n)]


def settlement_count(ledger: Ledger) -> int:
    return int(ledger.db.execute("SELECT COUNT(*) FROM settlements").fetchone()[0])


def test_cash_in_hand_is_what_unsettled_standing_receipts_took(ledger: Ledger, collector: Acting) -> None:
    a, b, c = households(ledger, 3)
    assert in_hand(ledger).in_hand == 0 and in_hand(ledger).since is None
    pay_for(ledger, a, cash=50_000)  # change given back: 360 stays in the drawer
    voided = pay_for(ledger, b)
    void(ledger, collector, voided.receipt_no, "收错")
    refunded = pay_for(ledger, c)
    refund(ledger, collector, refunded.receipt_no, "重复缴费")  # an application: 税务 pays back, not the drawer
    held = in_hand(ledger)
    assert (held.in_hand, held.receipts, held.since) == (2 * ADULT, 2, IN_PERIOD)
    assert (held.limit, held.deadline_days, held.over_limit, held.overdue) == (500_000, 3, False, False)
    assert in_hand(ledger, collector.operator.id) == held.__class__(
        **{**held.__dict__, "operator_id": collector.operator.id}
    )


def test_the_limit_and_the_deadline_are_flagged_when_passed(ledger: Ledger, collector: Acting, clock: Clock) -> None:
    people = households(ledger, 2)
    set_cash_rules(ledger, collector, limit=50_000, deadline_days=2)
    pay_for(ledger, people[0])
    assert not in_hand(ledger).over_limit
    pay_for(ledger, people[1])
    assert in_hand(ledger).over_limit
    clock.tick(days=2)
    assert not in_hand(ledger).overdue and in_hand(ledger).days_held == 2
    clock.tick(days=1)
    assert in_hand(ledger).overdue
    assert ledger.settings.cash_limit == 50_000 and ledger.settings.settle_deadline_days == 2


@pytest.mark.parametrize(("limit", "days", "field"), [(0, 3, "limit"), (100, -1, "deadline_days")])
def test_wrong_cash_rules_are_refused(ledger: Ledger, collector: Acting, limit: int, days: int, field: str) -> None:
    with pytest.raises(LedgerError) as caught:
        set_cash_rules(ledger, collector, limit=limit, deadline_days=days)
    assert caught.value.field == field


def test_a_settlement_hands_over_every_unsettled_receipt_at_once(
    ledger: Ledger, collector: Acting, clock: Clock
) -> None:
    a, b, c, d = households(ledger, 4)
    first = pay_for(ledger, a)
    wrong = pay_for(ledger, b)
    void(ledger, collector, wrong.receipt_no, "金额收错")
    clock.tick(days=1)
    last = pay_for(ledger, c, on=clock.now.date())
    done = settle(ledger, collector, " 3413240012 ", "镇财政所 刘会计", 2 * ADULT)
    assert (done.settlement_no, done.from_receipt, done.to_receipt, done.count, done.voided, done.refunded) == (
        1,
        first.receipt_no,
        last.receipt_no,
        3,
        1,
        0,
    )
    assert (done.amount, done.slip_no, done.to_name, done.operator) == (
        2 * ADULT,
        "3413240012",
        "镇财政所 刘会计",
        "张会计",
    )
    assert (done.period_from, done.period_to, done.settled_on) == (IN_PERIOD, date(2021, 11, 2), date(2021, 11, 2))
    assert done.receipt_nos == (first.receipt_no, wrong.receipt_no, last.receipt_no)
    assert in_hand(ledger).in_hand == 0 and in_hand(ledger).receipts == 0
    again = pay_for(ledger, d, on=clock.now.date())
    second = settle(ledger, collector, "3413240013", "刘会计")
    assert (second.settlement_no, second.from_receipt, second.count, second.amount) == (2, again.receipt_no, 1, ADULT)
    assert [s.settlement_no for s in settlements(ledger)] == [1, 2]
    action = ledger.db.execute("SELECT action, payload FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert action[0] == "cash.settle" and "3413240013" in action[1]


def test_a_settlement_that_does_not_balance_is_refused_with_nothing_written(ledger: Ledger, collector: Acting) -> None:
    a, b = households(ledger, 2)
    pay_for(ledger, a)
    pay_for(ledger, b)
    before = counts(ledger)
    with pytest.raises(LedgerError) as caught:
        settle(ledger, collector, "S1", "刘会计", 2 * ADULT - 100)
    assert caught.value.field == "amount"
    assert "719.00" in caught.value.message and "720.00" in caught.value.message
    assert counts(ledger) == before and settlement_count(ledger) == 0


@pytest.mark.parametrize(("slip", "to", "field"), [("", "刘会计", "slip_no"), ("S1", "  ", "to")])
def test_a_settlement_needs_its_slip_and_who_took_the_cash(
    ledger: Ledger, collector: Acting, slip: str, to: str, field: str
) -> None:
    pay_for(ledger, households(ledger, 1)[0])
    with pytest.raises(LedgerError) as caught:
        settle(ledger, collector, slip, to)
    assert caught.value.field == field


def test_nothing_to_settle_is_refused(ledger: Ledger, collector: Acting) -> None:
    with pytest.raises(LedgerError, match="没有未结报的收据"):
        settle(ledger, collector, "S1", "刘会计")
    pay_for(ledger, households(ledger, 1)[0])
    settle(ledger, collector, "S1", "刘会计")
    with pytest.raises(LedgerError, match="没有未结报的收据"):
        settle(ledger, collector, "S2", "刘会计")


def test_each_collector_settles_their_own_cash(ledger: Ledger, collector: Acting) -> None:
    with immediate(ledger.db):
        add_operator(ledger, "李会计", "mima-2022", "LK")
    li = acting(ledger, "李会计")
    a, b = households(ledger, 2)
    mine = pay_for(ledger, a)
    pay_for(ledger, b, who=li)
    assert in_hand(ledger).in_hand == 2 * ADULT
    assert in_hand(ledger, li.operator.id).in_hand == ADULT
    done = settle(ledger, collector, "S1", "刘会计", ADULT)
    assert done.receipt_nos == (mine.receipt_no,)
    assert in_hand(ledger, li.operator.id).in_hand == ADULT
    assert settle(ledger, li, "S2", "刘会计").settlement_no == 1  # numbered per collector


def test_a_settled_receipt_cannot_be_voided_but_can_be_refunded_by_application(
    ledger: Ledger, collector: Acting
) -> None:
    a, b = households(ledger, 2)
    settled = pay_for(ledger, a)
    settle(ledger, collector, "S1", "刘会计")
    unsettled = pay_for(ledger, b)
    before = counts(ledger)
    with pytest.raises(LedgerError) as caught:
        void(ledger, collector, settled.receipt_no, "收错")
    assert caught.value.field == "receipt_no"
    assert "结报" in caught.value.message and "退费申请" in caught.value.message
    assert counts(ledger) == before
    assert void(ledger, collector, unsettled.receipt_no, "收错").status == "voided"
    assert refund(ledger, collector, settled.receipt_no, "重复缴费").status == "refunded"


def test_a_settlement_lists_the_forms_written_on_and_spoiled(ledger: Ledger, collector: Acting) -> None:
    people = households(ledger, 4)
    receive(ledger, collector, "0001", "0050")
    pay_on_form(ledger, collector, people[0])
    spoil(ledger, collector, "0002", "打印错位")
    pay_on_form(ledger, collector, people[1])
    wrong = pay_on_form(ledger, collector, people[2])
    void(ledger, collector, wrong.receipt_no, "收错人")
    pay_on_form(ledger, collector, people[3])
    done = settle(ledger, collector, "S1", "刘会计", 3 * ADULT)
    assert done.bill_numbers == ("0001", "0003", "0004", "0005")
    assert done.bill_ranges == (("0001", "0001"), ("0003", "0005"))
    assert [(f.number, f.receipt_no) for f in done.spoiled_forms] == [("0002", None), ("0004", wrong.receipt_no)]
    assert (done.bills_used, done.bills_spoiled, done.voided) == (4, 2, 1)
    spoil(ledger, collector, "0010", "污损")
    pay_on_form(ledger, collector, family(ledger, "H009", date(1990, 1, 1)))
    later = settle(ledger, collector, "S2", "刘会计")
    assert [f.number for f in later.spoiled_forms] == ["0010"]  # each spoiled form is handed in once


def test_settlements_cannot_be_rewritten_nor_numbered_out_of_turn(ledger: Ledger, collector: Acting) -> None:
    pay_for(ledger, households(ledger, 1)[0])
    settle(ledger, collector, "S1", "刘会计")
    for table in ("settlements", "settlement_items"):
        with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
            ledger.db.execute(f"DELETE FROM {table}")
    with pytest.raises(sqlite3.DatabaseError, match="连续编号"):
        ledger.db.execute(
            "INSERT INTO settlements (uid, operator_id, settlement_no, slip_no, to_name, amount, "
            "from_receipt, to_receipt, count, voided, refunded, period_from, period_to, settled_on, "
            "created_at) SELECT 'x', operator_id, 3, slip_no, to_name, amount, from_receipt, to_receipt, "
            "count, voided, refunded, period_from, period_to, settled_on, created_at FROM settlements"
        )


def test_a_clock_turned_back_refuses_a_settlement(ledger: Ledger, collector: Acting, clock: Clock) -> None:
    pay_for(ledger, households(ledger, 1)[0])
    clock.now = NOW - timedelta(days=30)
    with pytest.raises(LedgerError) as caught:
        settle(ledger, collector, "S1", "刘会计")
    assert caught.value.field == "clock"


# ---- the command line, and a day with official forms ------------------------------------


@pytest.fixture
def db(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Path:
    return cli_village(tmp_path / "zhengjiao.sqlite", clock, monkeypatch)


def test_the_cli_cash_and_settle_answer_in_the_agreed_shape(db: Path, clock: Clock) -> None:
    assert ok(zj(db, "cash")) == {
        "in_hand": "0.00",
        "since": None,
        "receipts": 0,
        "limit": "5000.00",
        "deadline_days": 3,
        "over_limit": False,
        "overdue": False,
    }
    with Ledger.open(db, clock=clock) as ledger:
        pay_for(ledger, households(ledger, 1)[0])
    assert ok(zj(db, "cash")) == {
        "in_hand": "360.00",
        "since": "2021-11-01",
        "receipts": 1,
        "limit": "5000.00",
        "deadline_days": 3,
        "over_limit": False,
        "overdue": False,
    }
    refused(zj(db, "settle", "--slip-no", "S1", "--to", "刘会计", "--amount", "350"), "amount", "350.00", "360.00")
    refused(zj(db, "settle", "--slip-no", "S1", "--to", "刘会计", "--amount", "3六0"), "--amount")
    done = ok(zj(db, "settle", "--slip-no", "S1", "--to", "刘会计", "--amount", "360"))
    assert {
        k: done[k]
        for k in (
            "settlement_no",
            "from_receipt",
            "to_receipt",
            "count",
            "amount",
            "voided",
            "refunded",
            "bills_used",
            "bills_spoiled",
        )
    } == {
        "settlement_no": 1,
        "from_receipt": "JL2022000001",
        "to_receipt": "JL2022000001",
        "count": 1,
        "amount": "360.00",
        "voided": 0,
        "refunded": 0,
        "bills_used": 0,
        "bills_spoiled": 0,
    }
    assert ok(zj(db, "cash"))["in_hand"] == "0.00"
    assert [s["slip_no"] for s in ok(zj(db, "settlements"))] == ["S1"]
    refused(zj(db, "settle", "--slip-no", "S2", "--to", "刘会计"), "receipt_no", "没有未结报")


def test_the_cli_sets_the_limit_and_deadline_and_warns_when_passed(db: Path, clock: Clock) -> None:
    assert ok(zj(db, "settings", "cash", "--limit", "300", "--deadline-days", "1")) == {
        "limit": "300.00",
        "deadline_days": 1,
    }
    assert ok(zj(db, "settings", "cash", "--deadline-days", "2"))["limit"] == "300.00"
    with Ledger.open(db, clock=clock) as ledger:
        pay_for(ledger, households(ledger, 1)[0])
    clock.tick(days=3)
    held = ok(zj(db, "cash"))
    assert (held["over_limit"], held["overdue"], held["limit"], held["deadline_days"]) == (True, True, "300.00", 2)
    text = zj(db, "cash", as_json=False)
    assert "超过结报限额" in text.stderr and "超过结报期限" in text.stderr


def test_a_day_with_official_forms(db: Path, clock: Clock) -> None:
    """A book received, a spoiled form, a late entry, a refund application and a settlement that balances."""
    ok(zj(db, "bills", "receive", "--from", "00012301", "--to", "00012400", "--code", "134052101"))
    with Ledger.open(db, clock=clock) as ledger:
        collector = acting(ledger)
        people = households(ledger, 4)
        first = pay_on_form(ledger, collector, people[0])
        ok(zj(db, "bills", "spoil", "00012302", "--reason", "打印错位"))
        late = pay_on_form(ledger, collector, people[1], on=date(2021, 10, 25), late_entry="10月25日停电，按存根补录")
        refunded = pay_on_form(ledger, collector, people[2], cash=40_000)
        wrong = pay_on_form(ledger, collector, people[3])
    assert (first.bill_no, late.bill_no, refunded.bill_no, wrong.bill_no) == (
        "00012301",
        "00012303",
        "00012304",
        "00012305",
    )
    ok(zj(db, "void", wrong.receipt_no, "--reason", "收错人"))
    ok(zj(db, "refund", refunded.receipt_no, "--reason", "参加职工医保"))
    held = ok(zj(db, "cash"))
    assert (held["in_hand"], held["receipts"], held["since"]) == ("1080.00", 3, "2021-10-25")
    assert held["overdue"]  # the late entry's cash has been held since 10-25: longer than 3 days
    done = ok(zj(db, "settle", "--slip-no", "3413240012", "--to", "镇财政所 刘会计", "--amount", "1080.00"))
    assert {k: done[k] for k in ("count", "amount", "voided", "refunded", "bills_used", "bills_spoiled")} == {
        "count": 4,
        "amount": "1080.00",
        "voided": 1,
        "refunded": 1,
        "bills_used": 4,
        "bills_spoiled": 2,
    }
    assert done["bill_ranges"] == [["00012301", "00012301"], ["00012303", "00012305"]]
    assert [f["number"] for f in done["spoiled_forms"]] == ["00012302", "00012305"]
    (book,) = ok(zj(db, "bills"))
    assert book["used"] == ["00012301", "00012303", "00012304", "00012305"]
    assert book["unused"][0] == "00012306" and len(book["unused"]) == 95
    (application,) = ok(zj(db, "refunds", "list", "--state", "申请中"))
    assert (application["receipt_no"], application["amount"]) == (refunded.receipt_no, "360.00")
    receipts = {r["receipt_no"]: r for r in ok(zj(db, "receipts"))}
    assert receipts[late.receipt_no]["late_entry"] == "10月25日停电，按存根补录"
    assert receipts[first.receipt_no]["late_entry"] is None
    assert receipts[first.receipt_no]["bill_no"] == "00012301"
    refused(zj(db, "void", first.receipt_no, "--reason", "收错"), "receipt_no", "结报", "退费申请")
