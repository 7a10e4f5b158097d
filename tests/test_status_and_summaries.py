"""What the window and the printouts show agrees with the ledger."""

from datetime import date, timedelta
from pathlib import Path

from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.refunds import refund
from desktop_app.services.status import FULLY_SUBSIDISED, INACTIVE, PAID, UNPAID, WAITING, member_statuses
from desktop_app.services.register import add_identity, get_person, update_person, with_status
from desktop_app.services.summaries import day_summary, participation, today_totals, unpaid_people
from tests.ledger_fixtures import make_ledger, wang_household

DAY = date(2021, 11, 1)


def test_members_are_unpaid_until_paid_and_then_show_the_receipt(tmp_path: Path) -> None:
    ledger, op, _ = make_ledger(tmp_path)
    ids = wang_household(ledger, op)
    before = {s.person.id: s for s in member_statuses(ledger, ids["household"], DAY)}
    assert before[ids["head"]].status == UNPAID and before[ids["head"]].due == 24000
    assert before[ids["head"]].identity_labels == ("低保对象",)
    payment = pay(ledger, op, PaymentRequest((ids["head"], ids["spouse"]), 70000, DAY))
    after = {s.person.id: s for s in member_statuses(ledger, ids["household"], DAY)}
    assert after[ids["head"]].status == PAID and after[ids["head"]].receipt_no == payment.receipt_no
    assert after[ids["student"]].status == UNPAID


def test_a_late_payer_is_in_the_waiting_period_until_it_ends(tmp_path: Path) -> None:
    ledger, op, _ = make_ledger(tmp_path)
    ids = wang_household(ledger, op)
    pay(ledger, op, PaymentRequest((ids["spouse"],), 37000, date(2022, 3, 1)))
    waiting = {s.person.id: s for s in member_statuses(ledger, ids["household"], date(2022, 5, 30))}
    assert waiting[ids["spouse"]].status == WAITING
    later = {s.person.id: s for s in member_statuses(ledger, ids["household"], date(2022, 5, 31))}
    assert later[ids["spouse"]].status == PAID


def test_a_fully_subsidised_member_and_a_deceased_one_are_marked(tmp_path: Path) -> None:
    ledger, op, _ = make_ledger(tmp_path, area="siping")
    ids = wang_household(ledger, op)
    add_identity(ledger, op.name, ids["spouse"], "extreme_poverty", "民政", "特困名册")
    update_person(ledger, op.name, ids["student"], with_status(get_person(ledger, ids["student"]), "deceased"))
    statuses = {s.person.id: s for s in member_statuses(ledger, ids["household"], DAY)}
    assert statuses[ids["spouse"]].status == FULLY_SUBSIDISED
    assert statuses[ids["student"]].status == INACTIVE


def test_the_day_summary_follows_the_cash(tmp_path: Path) -> None:
    ledger, op, clock = make_ledger(tmp_path)
    ids = wang_household(ledger, op)
    first = pay(ledger, op, PaymentRequest((ids["head"],), 30000, DAY))
    second = pay(ledger, op, PaymentRequest((ids["spouse"], ids["student"]), 60000, DAY))
    void(ledger, op, second.receipt_no, "录错人员")
    summary = day_summary(ledger, DAY)
    assert summary.issued_total == 24000 + 37000 + 23000
    assert summary.voided_total == 60000 - 0 and len(summary.voided_today) == 1
    assert summary.cash_to_hand_over == 24000
    assert summary.receipt_range == f"{first.receipt_no} – {second.receipt_no}"
    groups = {g.group: g for g in summary.by_group}
    assert groups["低保对象"].due == 24000 and groups["低保对象"].subsidy == 13000
    assert "普通居民" not in groups  # the voided payment is not in the group totals
    assert today_totals(ledger, DAY) == (1, 24000)
    clock.now += timedelta(days=1)
    refund(ledger, op, first.receipt_no, "重复缴费", DAY + timedelta(days=1))
    next_day = day_summary(ledger, DAY + timedelta(days=1))
    assert next_day.refunds_today == 24000 and next_day.cash_to_hand_over == -24000


def test_unpaid_list_and_participation_by_village_group(tmp_path: Path) -> None:
    ledger, op, _ = make_ledger(tmp_path)
    ids = wang_household(ledger, op)
    pay(ledger, op, PaymentRequest((ids["head"],), 30000, DAY))
    unpaid = unpaid_people(ledger)
    assert [u.name for u in unpaid] == ["李秀兰", "王小明", "王宝宝"]
    assert unpaid[0].phone == "13800000001"
    overall, groups = participation(ledger)
    assert (overall.active, overall.paid, str(overall.rate)) == (4, 1, "25.0")
    assert [g.group for g in groups] == ["一组"]
