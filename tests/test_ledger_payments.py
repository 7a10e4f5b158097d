"""Payments, voids and refunds: what the ledger takes, what it refuses, and that refusals write nothing."""

from __future__ import annotations

import re
import sqlite3
from datetime import date
from typing import Any

import pytest

from desktop_app.domain.operators import Acting
from desktop_app.policy.engine import quote
from desktop_app.policy.request import PersonRequest, QuoteRequest
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import add_operator
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.policies import PolicyCatalogue
from desktop_app.services.records import load_payment_by_receipt
from desktop_app.services.refunds import refund
from desktop_app.services.register import PersonInput, add_identity
from desktop_app.store.schema import APPEND_ONLY
from tests.village import (
    COLLECTOR,
    IN_PERIOD,
    NOW,
    RECORDS,
    acting,
    adult,
    counts,
    family,
    new_id,
    pay_for,
)


def operator(ledger: Ledger) -> Acting:
    return acting(ledger)


def refused(ledger: Ledger, request: PaymentRequest, field: str, *words: str) -> LedgerError:
    """Assert that the payment is refused for that field, naming the words, with nothing written."""
    before = counts(ledger)
    with pytest.raises(LedgerError) as caught:
        pay(ledger, operator(ledger), request)
    assert caught.value.field == field
    for word in words:
        assert word in caught.value.message
    assert counts(ledger) == before
    return caught.value


# ---- double charging -------------------------------------------------------------------


def test_a_person_paid_for_the_year_cannot_be_charged_again(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    first = pay_for(ledger, [a])
    error = refused(ledger, PaymentRequest((a,), 100_000, date(2021, 12, 1)), "id_number", "不能重复收费")
    assert first.receipt_no in error.message


def test_the_same_person_twice_in_one_payment_is_refused(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    refused(ledger, PaymentRequest((a, a), 100_000, IN_PERIOD), "id_number", "两次")


def test_a_member_paid_earlier_cannot_be_paid_again_with_the_rest_of_the_household(ledger: Ledger) -> None:
    a, b = family(ledger, "H001", date(1980, 1, 1), date(1982, 5, 5))
    first = pay_for(ledger, [a])
    error = refused(ledger, PaymentRequest((b, a), 100_000, IN_PERIOD), "id_number", first.receipt_no)
    assert "王甲" in error.message  # names the one already paid
    second = pay_for(ledger, [b])
    assert second.serial == first.serial + 1


# ---- voids -----------------------------------------------------------------------------


def test_the_people_of_a_voided_payment_can_be_charged_again_under_the_next_number(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    first = pay_for(ledger, [a])
    void(ledger, operator(ledger), first.receipt_no, "金额收错")
    again = pay_for(ledger, [a])
    assert (first.serial, again.serial) == (1, 2)
    assert again.receipt_no == "JL2022000002"
    assert load_payment_by_receipt(ledger, first.receipt_no).status == "voided"


def test_a_void_keeps_the_receipt_number_and_records_reason_and_operator(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, [a])
    voided = void(ledger, operator(ledger), paid.receipt_no.lower(), "  收据打印错误 ")
    assert (voided.id, voided.receipt_no, voided.serial, voided.uid) == (
        paid.id,
        paid.receipt_no,
        paid.serial,
        paid.uid,
    )
    assert voided.void is not None
    assert (voided.void.reason, voided.void.operator, voided.void.voided_on) == ("收据打印错误", COLLECTOR, NOW.date())
    assert voided.status == "voided"
    assert voided.lines == paid.lines and voided.total_due == paid.total_due
    action, payload = ledger.db.execute("SELECT action, payload FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert action == "payment.void" and "收据打印错误" in payload and paid.uid in payload


def test_voiding_twice_is_refused(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, [a])
    void(ledger, operator(ledger), paid.receipt_no, "重复收费")
    before = counts(ledger)
    with pytest.raises(LedgerError, match="已于.*作废") as caught:
        void(ledger, operator(ledger), paid.receipt_no, "再来一次")
    assert caught.value.field == "receipt_no"
    assert counts(ledger) == before


@pytest.mark.parametrize("reason", ["", "   ", "\t"])
def test_a_void_needs_a_reason(ledger: Ledger, reason: str) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, [a])
    before = counts(ledger)
    with pytest.raises(LedgerError, match="原因") as caught:
        void(ledger, operator(ledger), paid.receipt_no, reason)
    assert caught.value.field == "reason"
    assert counts(ledger) == before


def test_voiding_an_unknown_receipt_is_refused(ledger: Ledger) -> None:
    with pytest.raises(LedgerError, match="JL2022999999") as caught:
        void(ledger, operator(ledger), "JL2022999999", "错误")
    assert caught.value.field == "receipt_no"


# ---- refunds ---------------------------------------------------------------------------


def test_jl_refunds_during_the_90_day_waiting_period_but_not_once_benefits_start(ledger: Ledger) -> None:
    a, b = family(ledger, "H001", date(1980, 1, 1), date(1981, 1, 1))
    late = pay_for(ledger, [a, b], on=date(2022, 3, 1))  # after the collection period: 90-day wait
    line = late.lines[0]
    assert line.waiting_until == date(2022, 5, 30) and line.benefit_start == date(2022, 5, 31)
    with pytest.raises(LedgerError, match="待遇已于2022-05-31开始") as caught:
        refund(ledger, operator(ledger), late.receipt_no, "死亡", on=date(2022, 5, 31))
    assert caught.value.field == "reason"
    done = refund(ledger, operator(ledger), late.receipt_no, "死亡", on=date(2022, 5, 30))  # last day of the wait
    assert done.status == "refunded"
    assert [r.reason_code for r in done.refunds] == ["death", "death"]
    assert done.refunded == late.total_due


@pytest.mark.parametrize(("on", "allowed"), [(date(2021, 12, 31), True), (date(2022, 1, 1), False)])
def test_jl_refunds_a_period_payment_only_before_january_first(ledger: Ledger, on: date, allowed: bool) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, [a])
    if allowed:
        assert refund(ledger, operator(ledger), paid.receipt_no, "参加职工医保", on=on).status == "refunded"
    else:
        before = counts(ledger)
        with pytest.raises(LedgerError, match="不予退还"):
            refund(ledger, operator(ledger), paid.receipt_no, "参加职工医保", on=on)
        assert counts(ledger) == before


def test_hn_refuses_every_refund_because_its_notice_has_no_refund_rule(make_ledger: Any) -> None:
    ledger = make_ledger("hn-2022", prefix="HN")
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, [a], on=date(2021, 10, 1))
    for reason in ("重复缴费", "死亡", "参加职工医保"):
        with pytest.raises(LedgerError, match="未规定个人退费"):
            refund(ledger, operator(ledger), paid.receipt_no, reason, on=date(2021, 10, 2))
    assert load_payment_by_receipt(ledger, paid.receipt_no).refunds == ()


def test_shantou_refuses_death_as_a_reason_but_refunds_a_duplicate_payment(make_ledger: Any) -> None:
    ledger = make_ledger("ah-sixian-shantou-2022", prefix="ST")
    a, b = family(ledger, "H001", date(1980, 1, 1), date(1982, 1, 1))
    paid = pay_for(ledger, [a, b], on=date(2021, 10, 10))
    with pytest.raises(LedgerError, match="因死亡不能退费"):
        refund(ledger, operator(ledger), paid.receipt_no, "死亡", on=date(2021, 11, 1))
    assert refund(ledger, operator(ledger), paid.receipt_no, "重复缴费", on=date(2021, 11, 1)).status == "refunded"


def test_an_unknown_refund_reason_is_refused_naming_the_allowed_ones(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, [a])
    with pytest.raises(LedgerError, match="重复缴费") as caught:
        refund(ledger, operator(ledger), paid.receipt_no, "不想交了", on=date(2021, 11, 2))
    assert caught.value.field == "reason"


def test_part_of_a_payment_is_refunded_by_id_number_and_the_rest_later(ledger: Ledger) -> None:
    people = [
        adult(date(1970, 1, 1), name="王一"),
        adult(date(1972, 2, 2), name="王二"),
        adult(date(1974, 3, 3), name="王三"),
    ]
    ids = family(ledger, "H001", *people)
    paid = pay_for(ledger, ids)
    second = people[1].id_number
    assert second is not None
    part = refund(
        ledger,
        operator(ledger),
        paid.receipt_no,
        "参加其他统筹地区居民医保",
        on=date(2021, 11, 5),
        id_numbers=(second,),
    )
    assert part.status == "partly_refunded"
    assert [(r.line_id, r.amount) for r in part.refunds] == [(paid.lines[1].id, paid.lines[1].due)]
    with pytest.raises(LedgerError, match="已经全部退还"):
        refund(ledger, operator(ledger), paid.receipt_no, "重复缴费", on=date(2021, 11, 6), id_numbers=(second,))
    rest = refund(ledger, operator(ledger), paid.receipt_no, "重复缴费", on=date(2021, 11, 6))
    assert rest.status == "refunded" and rest.refunded == paid.total_due
    assert sorted(r.line_id for r in rest.refunds) == sorted(line.id for line in paid.lines)


def test_refunding_someone_not_on_the_receipt_is_refused(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, [a])
    stranger = new_id(date(1990, 1, 1))
    with pytest.raises(LedgerError, match=stranger) as caught:
        refund(ledger, operator(ledger), paid.receipt_no, "死亡", on=date(2021, 11, 2), id_numbers=(stranger,))
    assert caught.value.field == "id_number"


def test_a_refund_is_a_new_record_pointing_at_its_payment(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, [a])
    row_before = ledger.db.execute("SELECT * FROM payments WHERE id = ?", [paid.id]).fetchall()
    lines_before = ledger.db.execute("SELECT * FROM payment_lines WHERE payment_id = ?", [paid.id]).fetchall()
    before = counts(ledger)
    refund(ledger, operator(ledger), paid.receipt_no, "重复缴费", on=date(2021, 11, 2))
    assert ledger.db.execute("SELECT * FROM payments WHERE id = ?", [paid.id]).fetchall() == row_before
    assert ledger.db.execute("SELECT * FROM payment_lines WHERE payment_id = ?", [paid.id]).fetchall() == lines_before
    after = counts(ledger)
    assert after == {**before, "refunds": before["refunds"] + 1, "audit_log": before["audit_log"] + 1}
    payment_id, line_id, amount, code, on = ledger.db.execute(
        "SELECT payment_id, line_id, amount, reason_code, refunded_on FROM refunds"
    ).fetchone()
    assert (payment_id, line_id, amount, code, on) == (
        paid.id,
        paid.lines[0].id,
        paid.total_due,
        "duplicate_payment",
        "2021-11-02",
    )
    action, payload = ledger.db.execute("SELECT action, payload FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    assert action == "payment.refund" and paid.uid in payload


def test_a_refunded_person_can_be_charged_again_under_a_new_number(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, [a])
    refund(ledger, operator(ledger), paid.receipt_no, "重复缴费", on=date(2021, 11, 2))
    again = pay_for(ledger, [a], on=date(2021, 11, 3))
    assert again.serial == 2


def test_a_voided_payment_cannot_be_refunded_nor_a_refunded_one_voided(ledger: Ledger) -> None:
    a, b = family(ledger, "H001", date(1980, 1, 1)), family(ledger, "H002", date(1981, 1, 1))
    voided = pay_for(ledger, a)
    void(ledger, operator(ledger), voided.receipt_no, "收错")
    with pytest.raises(LedgerError, match="作废"):
        refund(ledger, operator(ledger), voided.receipt_no, "重复缴费", on=date(2021, 11, 2))
    refunded = pay_for(ledger, b)
    refund(ledger, operator(ledger), refunded.receipt_no, "重复缴费", on=date(2021, 11, 2))
    with pytest.raises(LedgerError, match="退费"):
        void(ledger, operator(ledger), refunded.receipt_no, "收错")


def test_a_refund_dated_before_its_payment_is_refused(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay_for(ledger, [a], on=date(2021, 11, 20))
    before = counts(ledger)
    with pytest.raises(LedgerError) as caught:
        refund(ledger, operator(ledger), paid.receipt_no, "重复缴费", on=date(2021, 11, 1))
    assert caught.value.field == "on" and "2021-11-20" in caught.value.message
    assert counts(ledger) == before


# ---- append-only -----------------------------------------------------------------------


@pytest.fixture()
def every_record(ledger: Ledger) -> Ledger:
    """A ledger with a row in each append-only table: a payment, a void, a refund."""
    a, b, c = (family(ledger, f"H00{i}", date(1980, 1, i)) for i in (1, 2, 3))
    pay_for(ledger, a)
    void(ledger, operator(ledger), pay_for(ledger, b).receipt_no, "收错")
    refund(ledger, operator(ledger), pay_for(ledger, c).receipt_no, "重复缴费", on=date(2021, 11, 2))
    return ledger


@pytest.mark.parametrize("table", RECORDS)
@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE {t} SET {c} = {c} WHERE rowid = (SELECT MIN(rowid) FROM {t})",
        "DELETE FROM {t} WHERE rowid = (SELECT MAX(rowid) FROM {t})",
    ],
    ids=["update", "delete"],
)
def test_records_cannot_be_updated_or_deleted(every_record: Ledger, table: str, statement: str) -> None:
    assert table in APPEND_ONLY
    column = {
        "payments": "cash",
        "payment_lines": "due",
        "voids": "reason",
        "refunds": "amount",
        "audit_log": "payload",
    }[table]
    before = counts(every_record)
    assert before[table] > 0
    with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
        every_record.db.execute(statement.format(t=table, c=column))
    assert counts(every_record) == before


@pytest.mark.parametrize("table", ["people", "households"])
def test_people_and_households_cannot_be_deleted(ledger: Ledger, table: str) -> None:
    family(ledger, "H001", date(1980, 1, 1))
    with pytest.raises(sqlite3.DatabaseError, match="不能删除"):
        ledger.db.execute(f"DELETE FROM {table}")


# ---- cash and refusals -----------------------------------------------------------------


def test_cash_short_of_the_amount_due_is_refused_with_nothing_written(ledger: Ledger) -> None:
    a, b = family(ledger, "H001", date(1980, 1, 1), date(1981, 1, 1))
    refused(ledger, PaymentRequest((a, b), 71_999, IN_PERIOD), "cash", "719.99", "720.00")


@pytest.mark.parametrize(("cash", "change"), [(72_000, 0), (80_000, 8_000), (100_050, 28_050)])
def test_change_is_cash_less_the_amount_due(ledger: Ledger, cash: int, change: int) -> None:
    a, b = family(ledger, "H001", date(1980, 1, 1), date(1981, 1, 1))
    paid = pay_for(ledger, [a, b], cash=cash)
    assert (paid.total_due, paid.cash, paid.change) == (72_000, cash, change)


def test_negative_cash_is_refused(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    refused(ledger, PaymentRequest((a,), -1, IN_PERIOD), "cash")


def test_people_of_two_households_in_one_payment_are_refused(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    (b,) = family(ledger, "H002", date(1981, 1, 1))
    refused(ledger, PaymentRequest((a, b), 100_000, IN_PERIOD), "id_number", "同一户")


def test_an_empty_payment_is_refused(ledger: Ledger) -> None:
    refused(ledger, PaymentRequest((), 100_000, IN_PERIOD), "id_number")


@pytest.mark.parametrize(("status", "label"), [("moved_out", "迁出"), ("deceased", "死亡")])
def test_a_person_who_moved_out_or_died_is_refused(ledger: Ledger, status: str, label: str) -> None:
    a, gone = family(ledger, "H001", date(1980, 1, 1), adult(date(1950, 1, 1), name="王老", status=status))
    refused(ledger, PaymentRequest((a, gone), 100_000, IN_PERIOD), "id_number", "王老", label)


def test_before_the_collection_period_the_policys_reason_is_given(ledger: Ledger) -> None:
    person = adult(date(1980, 1, 1), name="赵六")
    (a,) = family(ledger, "H001", person)
    early = date(2021, 9, 15)
    policy = PolicyCatalogue().load("jl-2022").policy
    expected = quote(policy, QuoteRequest("jl-2022", early, (PersonRequest(date(1980, 1, 1), "赵六"),))).people[0]
    assert not expected.eligible and expected.reason
    refused(ledger, PaymentRequest((a,), 100_000, early), "id_number", "赵六", expected.reason)


def test_after_the_period_hn_refuses_with_its_notices_words(make_ledger: Any) -> None:
    ledger = make_ledger("hn-2022", prefix="HN")
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    refused(ledger, PaymentRequest((a,), 100_000, date(2022, 3, 1)), "id_number", "已过集中参保缴费期")


# ---- amounts equal the quote -----------------------------------------------------------


HOUSEHOLD = [  # name, birth date, identities, student
    ("王建国", date(1969, 3, 14), ("subsistence_allowance",), False),
    ("李秀兰", date(1971, 7, 2), (), False),
    ("王小明", date(2009, 9, 1), (), True),
    ("王福贵", date(1940, 1, 20), ("extreme_poverty", "subsistence_allowance"), False),
]


@pytest.mark.parametrize("area", [None, "changchun", "siping"])
@pytest.mark.parametrize(
    "paid_on", [date(2021, 10, 5), date(2021, 10, 9), date(2021, 12, 31), date(2022, 1, 1), date(2022, 6, 30)]
)
def test_the_receipt_holds_exactly_what_quote_says(make_ledger: Any, area: str | None, paid_on: date) -> None:
    ledger = make_ledger(area=area)
    inputs = [PersonInput(name=n, id_number=new_id(born), student=s) for n, born, _, s in HOUSEHOLD]
    ids = family(ledger, "H001", *inputs)
    for pid, (_, _, codes, _) in zip(ids, HOUSEHOLD):
        for code in codes:
            add_identity(ledger, acting(ledger), pid, code, "民政", "2021年名单")
    policy = PolicyCatalogue().load("jl-2022").policy
    request = QuoteRequest(
        "jl-2022",
        paid_on,
        tuple(
            PersonRequest(born, n, p.id_number, codes, student=s) for (n, born, codes, s), p in zip(HOUSEHOLD, inputs)
        ),
        area,
    )
    expected = quote(policy, request)
    if not all(p.eligible for p in expected.people):  # changchun opens on 10-08, the others on 10-01
        refused(ledger, PaymentRequest(tuple(ids), 500_000, paid_on), "id_number")
        return
    paid = pay_for(ledger, ids, on=paid_on, cash=500_000)
    assert paid.total_due == expected.total_due
    assert paid.change == 500_000 - expected.total_due
    for line, q in zip(paid.lines, expected.people, strict=True):
        assert (line.name, line.id_number) == (q.name, q.id_number)
        assert [(r.name, r.amount) for r in line.riders] == [(r.name, r.amount) for r in q.riders]
        got = (
            line.standard,
            line.rider_total,
            line.subsidy,
            line.subsidy_mode,
            line.subsidy_payer,
            line.subsidy_name,
            line.due,
            line.benefit_start,
            line.benefit_end,
            line.waiting_until,
            line.full_cost,
            line.explanation,
        )
        want = (
            q.standard,
            q.rider_total,
            q.subsidy,
            q.subsidy_mode,
            q.subsidy_payer,
            q.subsidy_name,
            q.due,
            q.benefit_start,
            q.benefit_end,
            q.waiting_until,
            q.full_cost,
            q.explanation,
        )
        assert got == want
    assert paid.policy_id == "jl-2022"
    assert paid.policy_sha256 == PolicyCatalogue().load("jl-2022").sha256


def test_an_identity_not_yet_held_on_the_payment_date_gives_no_subsidy(ledger: Ledger) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    add_identity(ledger, acting(ledger), a, "subsistence_allowance", "民政", "2022年名单", valid_from=date(2022, 1, 1))
    paid = pay_for(ledger, [a])
    assert (paid.lines[0].subsidy, paid.lines[0].due, paid.lines[0].identities) == (0, 36_000, ())


# ---- receipt numbers -------------------------------------------------------------------


def test_receipt_numbers_are_prefix_year_and_a_six_digit_serial_consecutive(ledger: Ledger) -> None:
    households = [family(ledger, f"H{i:03d}", date(1980, 1, 1 + i)) for i in range(12)]
    receipts = [pay_for(ledger, ids).receipt_no for ids in households]
    assert receipts == [f"JL2022{n:06d}" for n in range(1, 13)]
    assert all(re.fullmatch(r"JL2022\d{6}", r) for r in receipts)


def test_two_collectors_in_one_database_each_get_their_own_consecutive_series(ledger: Ledger) -> None:
    with ledger.db.atomic():
        add_operator(ledger, "李会计", "mima-2022", "LK")
    second = acting(ledger, "李会计")
    first = operator(ledger)
    households = [family(ledger, f"H{i:03d}", date(1980, 1, 1 + i)) for i in range(6)]
    paid = [pay_for(ledger, ids, who=(first, second)[i % 2]) for i, ids in enumerate(households)]
    mine = [p for p in paid if p.operator == COLLECTOR]
    theirs = [p for p in paid if p.operator == "李会计"]
    assert [p.serial for p in mine] == [1, 2, 3] and [p.serial for p in theirs] == [1, 2, 3]
    numbers = [p.receipt_no for p in paid]
    assert len(set(numbers)) == len(numbers)
    for p in paid:
        assert re.fullmatch(rf"[A-Z0-9]+2022{p.serial:06d}", p.receipt_no)


def test_a_second_collector_cannot_take_a_receipt_prefix_already_in_use(ledger: Ledger) -> None:
    taken = operator(ledger).operator.receipt_prefix
    with pytest.raises(LedgerError, match="已由收款员") as caught:
        with ledger.db.atomic():
            add_operator(ledger, "李会计", "mima-2022", taken.lower())
    assert caught.value.field == "receipt_prefix"
