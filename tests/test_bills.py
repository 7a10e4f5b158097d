"""The tax office's forms (专用票据): books received, each payment on an unused form of its collector's
book, spoiled forms keeping their numbers, and the listing of used / spoiled / unused numbers."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest

from desktop_app.domain.operators import Acting
from desktop_app.services.bills import books, next_free, receive, spoil
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import add_operator
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.store.transactions import immediate
from tests.cash_support import cli_village, ok, pay_on_form, refused, zj
from tests.village import IN_PERIOD, Clock, acting, counts, family


def test_the_first_book_switches_the_village_to_official_forms_and_keeps_the_printed_width(
    ledger: Ledger, collector: Acting
) -> None:
    assert not ledger.settings.official_forms
    book = receive(ledger, collector, "0012301", "12350", code="134052101")
    assert (book.first, book.last, book.size, book.code, book.operator) == (
        "0012301",
        "0012350",
        50,
        "134052101",
        "张会计",
    )
    assert book.unused[:2] == ("0012301", "0012302") and book.used == () and book.spoiled == ()
    assert ledger.settings.official_forms
    actions = [r[0] for r in ledger.db.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 2")]
    assert actions == ["settings.save", "bills.receive"]


@pytest.mark.parametrize(
    ("first", "last", "field", "words"),
    [
        ("0100", "0050", "to", "小于"),
        ("12a", "20", "from", "数字"),
        ("1", "20000", "to", "太多"),
        ("", "5", "from", "数字"),
    ],
)
def test_a_wrong_range_is_refused(
    ledger: Ledger, collector: Acting, first: str, last: str, field: str, words: str
) -> None:
    before = counts(ledger)
    with pytest.raises(LedgerError, match=words) as caught:
        receive(ledger, collector, first, last)
    assert caught.value.field == field
    assert counts(ledger) == before and not ledger.settings.official_forms


def test_a_range_overlapping_a_book_already_received_is_refused_whoever_holds_it(
    ledger: Ledger, collector: Acting
) -> None:
    receive(ledger, collector, "0001", "0050")
    with immediate(ledger.db):
        add_operator(ledger, "李会计", "mima-2022", "LK")
    with pytest.raises(LedgerError, match="张会计.*0001–0050.*重叠"):
        receive(ledger, acting(ledger, "李会计"), "0040", "0060")
    assert len(books(ledger)) == 1
    receive(ledger, acting(ledger, "李会计"), "0051", "0100")
    assert [(b.operator, b.first) for b in books(ledger)] == [("张会计", "0001"), ("李会计", "0051")]


def test_with_official_forms_a_payment_needs_its_form_number_and_the_next_one_is_proposed(
    ledger: Ledger, collector: Acting
) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    receive(ledger, collector, "0001", "0050")
    before = counts(ledger)
    with pytest.raises(LedgerError, match="下一张是 0001") as caught:
        pay(ledger, collector, PaymentRequest((a,), 36_000, IN_PERIOD))
    assert caught.value.field == "bill_no" and counts(ledger) == before
    paid = pay(ledger, collector, PaymentRequest((a,), 36_000, IN_PERIOD, bill_no="1"))
    assert paid.bill_no == "0001"  # typed without its zeros, kept as printed
    assert next_free(ledger, collector.operator) == "0002"


@pytest.mark.parametrize(
    ("number", "words"),
    [("0001", "已用于收据 JL2022000001"), ("0002", "已于.*作废"), ("0100", "不在已领用"), ("0051", "李会计")],
)
def test_a_form_used_spoiled_unknown_or_someone_elses_is_refused(
    ledger: Ledger, collector: Acting, number: str, words: str
) -> None:
    a, b = family(ledger, "H001", date(1980, 1, 1)), family(ledger, "H002", date(1981, 1, 1))
    receive(ledger, collector, "0001", "0050")
    with immediate(ledger.db):
        add_operator(ledger, "李会计", "mima-2022", "LK")
    receive(ledger, acting(ledger, "李会计"), "0051", "0060")
    pay_on_form(ledger, collector, a, bill_no="0001")
    spoil(ledger, collector, "0002", "打印错位")
    before = counts(ledger)
    with pytest.raises(LedgerError, match=words) as caught:
        pay_on_form(ledger, collector, b, bill_no=number)
    assert caught.value.field == "bill_no" and counts(ledger) == before


def test_the_next_form_follows_the_last_one_written_or_spoiled_and_then_the_next_book(
    ledger: Ledger, collector: Acting
) -> None:
    receive(ledger, collector, "0001", "0003")
    receive(ledger, collector, "0101", "0150")
    people = [family(ledger, f"H00{i}", date(1980, 1, i)) for i in range(1, 4)]
    pay_on_form(ledger, collector, people[0])
    spoil(ledger, collector, "0002", "卡纸")
    assert next_free(ledger, collector.operator) == "0003"
    pay_on_form(ledger, collector, people[1])
    assert next_free(ledger, collector.operator) == "0101"
    assert pay_on_form(ledger, collector, people[2]).bill_no == "0101"


def test_a_spoiled_form_keeps_its_number_and_cannot_be_spoiled_twice_nor_when_written_on(
    ledger: Ledger, collector: Acting
) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    receive(ledger, collector, "0001", "0010")
    paid = pay_on_form(ledger, collector, [a])
    form = spoil(ledger, collector, "3", "  填写错误 ")
    assert (form.number, form.reason, form.operator, form.spoiled_on) == ("0003", "填写错误", "张会计", IN_PERIOD)
    with pytest.raises(LedgerError, match="已于 2021-11-01 作废"):
        spoil(ledger, collector, "0003", "再来")
    with pytest.raises(LedgerError, match=f"已用于收据 {paid.receipt_no}.*作废该收据") as caught:
        spoil(ledger, collector, "0001", "写错了")
    assert caught.value.field == "number"
    with pytest.raises(LedgerError, match="原因") as caught:
        spoil(ledger, collector, "0004", " ")
    assert caught.value.field == "reason"


def test_voiding_a_payment_spoils_its_form_with_it(ledger: Ledger, collector: Acting) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    receive(ledger, collector, "0001", "0010")
    paid = pay_on_form(ledger, collector, [a])
    void(ledger, collector, paid.receipt_no, "收错人")
    (book,) = books(ledger)
    assert book.used == ("0001",)
    assert [(s.number, s.receipt_no) for s in book.spoiled] == [("0001", paid.receipt_no)]
    assert "收错人" in book.spoiled[0].reason
    assert book.unused[0] == "0002"
    assert pay_on_form(ledger, collector, [a]).bill_no == "0002"  # the voided one's form is not used again


def test_books_and_spoiled_forms_cannot_be_rewritten(ledger: Ledger, collector: Acting) -> None:
    receive(ledger, collector, "0001", "0010")
    spoil(ledger, collector, "0005", "污损")
    for table, column in (("bill_books", "last_no"), ("bill_spoils", "reason")):
        with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
            ledger.db.execute(f"UPDATE {table} SET {column} = {column}")
        with pytest.raises(sqlite3.DatabaseError, match="只能追加"):
            ledger.db.execute(f"DELETE FROM {table}")


def test_a_form_number_is_written_once_even_past_the_services(ledger: Ledger, collector: Acting) -> None:
    a = family(ledger, "H001", date(1980, 1, 1))
    receive(ledger, collector, "0001", "0010")
    pay_on_form(ledger, collector, a, bill_no="0001")
    with pytest.raises(sqlite3.IntegrityError, match="bill_no"):
        ledger.db.execute(
            "INSERT INTO payments (uid, receipt_no, operator_id, benefit_year, serial, household_id, "
            "paid_on, total_due, cash, change, policy_id, policy_sha256, created_at, bill_no) "
            "SELECT 'x', 'X1', operator_id, benefit_year, 99, household_id, paid_on, total_due, cash, "
            "change, policy_id, policy_sha256, created_at, bill_no FROM payments"
        )


# ---- the command line ------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Path:
    return cli_village(tmp_path / "zhengjiao.sqlite", clock, monkeypatch)


def test_the_cli_receives_spoils_and_lists_books(db: Path) -> None:
    assert ok(zj(db, "bills")) == []
    book = ok(zj(db, "bills", "receive", "--from", "00012301", "--to", "00012305", "--code", "134052101"))
    assert (book["from"], book["to"], book["size"], book["code"]) == ("00012301", "00012305", 5, "134052101")
    assert ok(zj(db, "bills", "next")) == {"next": "00012301"}
    spoiled = ok(zj(db, "bills", "spoil", "12302", "--reason", "打印错位"))
    assert spoiled["number"] == "00012302"
    (listed,) = ok(zj(db, "bills"))
    assert listed["used"] == [] and [s["number"] for s in listed["spoiled"]] == ["00012302"]
    assert listed["unused"] == ["00012301", "00012303", "00012304", "00012305"]
    assert listed["unused_ranges"] == [["00012301", "00012301"], ["00012303", "00012305"]]
    assert "00012301–00012305" in ok(zj(db, "bills", as_json=False))


def test_the_cli_refuses_an_overlapping_book_and_a_spoil_without_its_password(db: Path) -> None:
    ok(zj(db, "bills", "receive", "--from", "0001", "--to", "0050"))
    refused(zj(db, "bills", "receive", "--from", "0050", "--to", "0060"), "from", "重叠")
    result = zj(db, "bills", "spoil", "0003", "--reason", "错", "--password", "wrong")
    refused(result, "password")
