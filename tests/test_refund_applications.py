"""Refunds as applications (退费申请, 山头镇 notice 七 "依申请为个人办理退费"): recorded with the villager's
evidence and bank account, no cash out of the drawer, the person no longer covered while it stands, and the
answer (已退 / 不予退费) a new record; a declined application gives the cover back."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.operators import Acting
from desktop_app.services.cash import in_hand
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import live_payment_for, void
from desktop_app.services.records import load_payment_by_receipt
from desktop_app.services.refunds import application, refund, refund_applications, set_refund_state
from tests.cash_support import cli_village, ok, refused, zj
from tests.village import IN_PERIOD, Clock, counts, family, pay_for

ADULT = 36_000


def applied(ledger: Ledger, collector: Acting, *, people: int = 1) -> tuple[list[int], str, str]:
    """A household paid for, and an application for all of it; its people, receipt and application uid."""
    ids = family(ledger, "H001", *(date(1980 + i, 1, 1) for i in range(people)))
    paid = pay_for(ledger, ids)
    refund(
        ledger,
        collector,
        paid.receipt_no,
        "参加职工医保",
        evidence="职工医保参保证明",
        bank="农业银行",
        account="6228 4800 1234 5678",
    )
    (found,) = refund_applications(ledger, receipt_no=paid.receipt_no)
    return ids, paid.receipt_no, found.uid


def test_a_refund_records_an_application_with_the_villagers_account(ledger: Ledger, collector: Acting) -> None:
    ids, receipt_no, uid = applied(ledger, collector, people=2)
    found = application(ledger, uid)
    assert (found.state, found.state_label, found.reason_code, found.evidence, found.bank, found.account) == (
        "applied",
        "申请中",
        "employee_insurance",
        "职工医保参保证明",
        "农业银行",
        "6228480012345678",
    )
    assert (found.receipt_no, found.amount, found.applied_on, found.operator) == (
        receipt_no,
        2 * ADULT,
        IN_PERIOD,
        "张会计",
    )
    assert [line.amount for line in found.lines] == [ADULT, ADULT]
    assert found.answered_on is None and found.open
    payment = load_payment_by_receipt(ledger, receipt_no)
    assert payment.status == "refunded" and {r.state for r in payment.refunds} == {"applied"}
    assert {r.application_uid for r in payment.refunds} == {uid}


def test_an_application_takes_no_cash_from_the_drawer(ledger: Ledger, collector: Acting) -> None:
    ids = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, ids)
    before = in_hand(ledger)
    refund(ledger, collector, paid.receipt_no, "重复缴费")
    assert in_hand(ledger) == before and before.in_hand == ADULT


def test_while_applied_for_the_person_is_not_covered_and_may_be_charged_again(
    ledger: Ledger, collector: Acting
) -> None:
    ids, receipt_no, _ = applied(ledger, collector)
    assert live_payment_for(ledger, ids[0], 2022) is None
    again = pay_for(ledger, ids, on=date(2021, 11, 3))
    assert live_payment_for(ledger, ids[0], 2022) == again.receipt_no


def test_the_answer_is_a_new_record_and_is_given_once(ledger: Ledger, collector: Acting, clock: Clock) -> None:
    ids, receipt_no, uid = applied(ledger, collector)
    before = counts(ledger)
    clock.tick(days=20)
    done = set_refund_state(ledger, collector, uid, "已退", "税务已退至农业银行卡")
    assert (done.state, done.state_label, done.answered_on, done.answer_note, done.answered_by) == (
        "refunded",
        "已退",
        date(2021, 11, 21),
        "税务已退至农业银行卡",
        "张会计",
    )
    assert counts(ledger) == {**before, "audit_log": before["audit_log"] + 1}  # the application itself is untouched
    assert ledger.db.execute("SELECT COUNT(*) FROM refund_answers").fetchone()[0] == 1
    with pytest.raises(LedgerError, match="已于 2021-11-21 答复为“已退”") as caught:
        set_refund_state(ledger, collector, uid, "不予退费", "改主意")
    assert caught.value.field == "uid"
    assert load_payment_by_receipt(ledger, receipt_no).status == "refunded"
    assert live_payment_for(ledger, ids[0], 2022) is None
    action = ledger.db.execute("SELECT action FROM audit_log WHERE action = 'refund.answer'").fetchall()
    assert len(action) == 1


def test_a_declined_application_gives_the_cover_back(ledger: Ledger, collector: Acting) -> None:
    ids, receipt_no, uid = applied(ledger, collector)
    with pytest.raises(LedgerError, match="原因") as caught:
        set_refund_state(ledger, collector, uid, "不予退费")
    assert caught.value.field == "note"
    done = set_refund_state(ledger, collector, uid, "declined", "待遇已开始，按规定不予退还")
    assert done.state_label == "不予退费"
    payment = load_payment_by_receipt(ledger, receipt_no)
    assert payment.status == "normal" and payment.refunded == 0 and payment.live_lines() == payment.lines
    assert live_payment_for(ledger, ids[0], 2022) == receipt_no
    with pytest.raises(LedgerError, match="不予退费，不能再次申请"):
        refund(ledger, collector, receipt_no, "重复缴费")


def test_declining_is_refused_when_the_person_has_paid_again_meanwhile(ledger: Ledger, collector: Acting) -> None:
    ids, _, uid = applied(ledger, collector)
    again = pay_for(ledger, ids, on=date(2021, 11, 3))
    with pytest.raises(LedgerError, match=f"另有收据 {again.receipt_no}"):
        set_refund_state(ledger, collector, uid, "不予退费", "不符合条件")
    assert application(ledger, uid).open


@pytest.mark.parametrize(("state", "words"), [("申请中", "申请提交时"), ("退了", "已退")])
def test_an_answer_is_either_refunded_or_declined(ledger: Ledger, collector: Acting, state: str, words: str) -> None:
    _, _, uid = applied(ledger, collector)
    with pytest.raises(LedgerError, match=words) as caught:
        set_refund_state(ledger, collector, uid, state, "x")
    assert caught.value.field == "state"


def test_an_unknown_application_is_refused(ledger: Ledger, collector: Acting) -> None:
    with pytest.raises(LedgerError, match="没有编号为") as caught:
        set_refund_state(ledger, collector, "no-such-uid", "已退")
    assert caught.value.field == "uid"


def test_an_application_the_policy_refuses_writes_nothing(ledger: Ledger, collector: Acting) -> None:
    ids = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, ids)
    before = counts(ledger)
    with pytest.raises(LedgerError, match="不予退还"):
        refund(ledger, collector, paid.receipt_no, "死亡", on=date(2022, 1, 1))
    assert counts(ledger) == before
    assert ledger.db.execute("SELECT COUNT(*) FROM refund_applications").fetchone()[0] == 0


def test_a_payment_with_an_application_is_not_voided_instead(ledger: Ledger, collector: Acting) -> None:
    _, receipt_no, _ = applied(ledger, collector)
    with pytest.raises(LedgerError, match="退费"):
        void(ledger, collector, receipt_no, "收错")


def test_applications_and_answers_cannot_be_rewritten(ledger: Ledger, collector: Acting) -> None:
    _, _, uid = applied(ledger, collector)
    set_refund_state(ledger, collector, uid, "已退")
    for table, column in (("refund_applications", "account"), ("refund_answers", "state")):
        with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
            ledger.db.execute(f"UPDATE {table} SET {column} = {column}")
        with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
            ledger.db.execute(f"DELETE FROM {table}")


# ---- the command line ------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Path:
    return cli_village(tmp_path / "zhengjiao.sqlite", clock, monkeypatch)


def test_the_cli_lists_and_answers_applications(db: Path, clock: Clock) -> None:
    with Ledger.open(db, clock=clock) as ledger:
        paid = pay_for(ledger, family(ledger, "H001", date(1980, 1, 1)))
    ok(
        zj(
            db,
            "refund",
            paid.receipt_no,
            "--reason",
            "重复缴费",
            "--evidence",
            "异地参保缴费凭证",
            "--bank",
            "农业银行",
            "--account",
            "6228 4800 1234 5678",
        )
    )
    (listed,) = ok(zj(db, "refunds", "list"))
    assert (listed["receipt_no"], listed["state"], listed["state_label"], listed["amount"]) == (
        paid.receipt_no,
        "applied",
        "申请中",
        "360.00",
    )
    assert (listed["evidence"], listed["bank"], listed["account"]) == (
        "异地参保缴费凭证",
        "农业银行",
        "6228480012345678",
    )
    assert ok(zj(db, "refunds", "list", "--state", "已退")) == []
    refused(zj(db, "refunds", "list", "--state", "退了"), "state")
    refused(zj(db, "refunds", "answer", listed["uid"], "--state", "不予退费"), "note")
    answered = ok(zj(db, "refunds", "answer", listed["uid"], "--state", "已退", "--note", "已到账"))
    assert (answered["state"], answered["answered_on"], answered["answer_note"]) == ("refunded", "2021-11-01", "已到账")
    assert [a["uid"] for a in ok(zj(db, "refunds", "list", "--state", "已退"))] == [listed["uid"]]
    refused(zj(db, "refunds", "answer", listed["uid"], "--state", "已退"), "uid", "不能再改")
