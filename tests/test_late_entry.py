"""No silent back-dating: a payment is dated today, an earlier date is a late entry (补录) with its reason,
and a clock turned back behind the ledger takes no payment until it is put right."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from desktop_app.domain.operators import Acting
from desktop_app.domain.register import PersonInput
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.records import load_payment_by_receipt, payment_json
from tests.cash_support import cli_village, ok, refused, zj
from tests.village import IN_PERIOD, NOW, Clock, counts, family, new_id

EARLIER = date(2021, 10, 20)  # in the collection period, before the clock's today (2021-11-01)


def last_audit(ledger: Ledger) -> tuple[str, dict[str, object]]:
    action, payload = ledger.db.execute("SELECT action, payload FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()
    return action, json.loads(payload)


def test_a_payment_dated_today_is_not_a_late_entry(ledger: Ledger, collector: Acting) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay(ledger, collector, PaymentRequest((a,), 36_000, IN_PERIOD, late_entry="忘了"))
    assert paid.late_entry is None
    assert payment_json(paid)["late_entry"] is None
    assert "late_entry" not in last_audit(ledger)[1]


def test_a_back_dated_payment_without_a_reason_is_refused_and_writes_nothing(ledger: Ledger, collector: Acting) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    before = counts(ledger)
    with pytest.raises(LedgerError) as caught:
        pay(ledger, collector, PaymentRequest((a,), 36_000, EARLIER))
    assert caught.value.field == "on"
    assert "2021-10-20" in caught.value.message and "补录" in caught.value.message
    assert counts(ledger) == before


@pytest.mark.parametrize("blank", ["", "   ", "\t"])
def test_a_blank_reason_is_no_reason(ledger: Ledger, collector: Acting, blank: str) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    with pytest.raises(LedgerError, match="补录原因") as caught:
        pay(ledger, collector, PaymentRequest((a,), 36_000, EARLIER, late_entry=blank))
    assert caught.value.field == "on"


def test_a_back_dated_payment_with_a_reason_is_kept_and_flagged_everywhere(ledger: Ledger, collector: Acting) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    paid = pay(ledger, collector, PaymentRequest((a,), 36_000, EARLIER, late_entry="  停电，收款当天未录入 "))
    assert (paid.paid_on, paid.late_entry) == (EARLIER, "停电，收款当天未录入")
    assert paid.created_at.startswith("2021-11-01")  # entered today, paid then: both dates kept
    assert load_payment_by_receipt(ledger, paid.receipt_no).late_entry == "停电，收款当天未录入"
    assert payment_json(paid)["late_entry"] == "停电，收款当天未录入"
    action, payload = last_audit(ledger)
    assert action == "payment.add" and payload["late_entry"] == "停电，收款当天未录入"
    assert payload["paid_on"] == "2021-10-20"
    stored = ledger.db.execute("SELECT late_entry FROM payments WHERE id = ?", [paid.id]).fetchone()[0]
    assert stored == "停电，收款当天未录入"


def test_a_payment_dated_after_today_is_refused_even_with_a_reason(ledger: Ledger, collector: Acting) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    before = counts(ledger)
    with pytest.raises(LedgerError, match="晚于今天") as caught:
        pay(ledger, collector, PaymentRequest((a,), 36_000, IN_PERIOD + timedelta(days=1), late_entry="提前登记"))
    assert caught.value.field == "on"
    assert counts(ledger) == before


def test_the_policy_answers_for_the_payment_date_not_the_entry_date(
    ledger: Ledger, collector: Acting, clock: Clock
) -> None:
    """Entered in March for a payment taken in the period: no waiting period, but flagged (and the reason says why)."""
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    clock.now = datetime(2022, 3, 1, 9, 0)
    late = pay(ledger, collector, PaymentRequest((a,), 36_000, date(2021, 12, 30), late_entry="收据存根补录"))
    assert late.lines[0].waiting_until is None and late.late_entry == "收据存根补录"


def test_a_clock_turned_back_refuses_payments_until_it_is_put_right(
    ledger: Ledger, collector: Acting, clock: Clock
) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    clock.now = NOW - timedelta(days=400)  # the laptop's battery died: 2020
    before = counts(ledger)
    with pytest.raises(LedgerError) as caught:
        pay(ledger, collector, PaymentRequest((a,), 36_000, clock.now.date(), late_entry="补"))
    assert caught.value.field == "clock"
    assert "电脑" in caught.value.message and "改正" in caught.value.message
    assert "2021-11-01 09:30" in caught.value.message  # the ledger's newest entry
    assert counts(ledger) == before
    clock.now = NOW + timedelta(hours=1)
    assert pay(ledger, collector, PaymentRequest((a,), 36_000, IN_PERIOD)).late_entry is None


def test_a_clock_set_right_by_a_minute_is_not_turned_back(ledger: Ledger, collector: Acting, clock: Clock) -> None:
    (a,) = family(ledger, "H001", date(1980, 1, 1))
    clock.now = NOW - timedelta(minutes=1)
    assert pay(ledger, collector, PaymentRequest((a,), 36_000, IN_PERIOD)).receipt_no


# ---- the command line ------------------------------------------------------------------


@pytest.fixture
def db(tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = cli_village(tmp_path / "zhengjiao.sqlite", clock, monkeypatch)
    with Ledger.open(path, clock=clock) as ledger:
        family(ledger, "H001", PersonInput("王甲", new_id(date(1980, 1, 1))))
    return path


def id_number(db: Path) -> str:
    with Ledger.open(db) as ledger:
        return str(ledger.db.execute("SELECT id_number FROM people LIMIT 1").fetchone()[0])


def test_the_cli_refuses_a_back_dated_pay_naming_the_date(db: Path) -> None:
    line = refused(
        zj(db, "pay", "--id-number", id_number(db), "--cash", "360", "--on", "2021-10-20"), "on", "2021-10-20", "补录"
    )
    assert line.startswith("错误：日期：")


def test_the_cli_pays_today_without_a_date(db: Path) -> None:
    out = ok(zj(db, "pay", "--id-number", id_number(db), "--cash", "360"))
    assert out["paid_on"] == "2021-11-01"


def test_the_cli_refuses_pay_on_a_clock_turned_back(db: Path, clock: Clock) -> None:
    clock.now = NOW - timedelta(days=3)
    refused(zj(db, "pay", "--id-number", id_number(db), "--cash", "360"), "clock", "电脑", "改正")


def test_the_cli_pay_with_a_late_entry_carries_its_reason(db: Path) -> None:
    number = id_number(db)
    out = ok(zj(db, "pay", "--id-number", number, "--cash", "360", "--on", "2021-10-20", "--late-entry", "停电补录"))
    assert (out["paid_on"], out["late_entry"]) == ("2021-10-20", "停电补录")
    receipts = ok(zj(db, "receipts"))
    assert receipts[0]["late_entry"] == "停电补录"


def test_the_cli_pay_of_today_says_it_is_no_late_entry(db: Path) -> None:
    out = ok(zj(db, "pay", "--id-number", id_number(db), "--cash", "360"))
    assert "late_entry" in out and out["late_entry"] is None
