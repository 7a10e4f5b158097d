"""What the window and the printouts show agrees with the ledger."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from desktop_app.domain.operators import Acting
from desktop_app.services import printouts
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import acting_as, add_operator
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.refunds import refund
from desktop_app.services.register import add_identity, get_person, update_person, with_status
from desktop_app.services.status import FULLY_SUBSIDISED, INACTIVE, PAID, UNPAID, WAITING, member_statuses
from desktop_app.services.summaries import participation, today_totals, unpaid_people
from desktop_app.store.transactions import immediate
from tests.village import PASSWORD, XINLI, Clock, acting, wang_household

DAY = date(2021, 11, 1)


def li(ledger: Ledger) -> Acting:
    return acting(ledger, "李会计")


def test_members_are_unpaid_until_paid_and_then_show_the_receipt(xinli: Ledger) -> None:
    ids = wang_household(xinli, li(xinli))
    before = {s.person.id: s for s in member_statuses(xinli, ids["household"], DAY)}
    assert before[ids["head"]].status == UNPAID and before[ids["head"]].due == 24000
    assert before[ids["head"]].identity_labels == ("低保对象",)
    payment = pay(xinli, li(xinli), PaymentRequest((ids["head"], ids["spouse"]), 70000, DAY))
    after = {s.person.id: s for s in member_statuses(xinli, ids["household"], DAY)}
    assert after[ids["head"]].status == PAID and after[ids["head"]].receipt_no == payment.receipt_no
    assert after[ids["student"]].status == UNPAID


def test_a_late_payer_is_in_the_waiting_period_until_it_ends(xinli: Ledger, clock: Clock) -> None:
    ids = wang_household(xinli, li(xinli))
    clock.now = clock.now.replace(year=2022, month=3, day=1)
    pay(xinli, li(xinli), PaymentRequest((ids["spouse"],), 37000, date(2022, 3, 1)))
    waiting = {s.person.id: s for s in member_statuses(xinli, ids["household"], date(2022, 5, 30))}
    assert waiting[ids["spouse"]].status == WAITING
    later = {s.person.id: s for s in member_statuses(xinli, ids["household"], date(2022, 5, 31))}
    assert later[ids["spouse"]].status == PAID


def test_a_fully_subsidised_member_and_a_deceased_one_are_marked(make_ledger: Callable[..., Ledger]) -> None:
    ledger = make_ledger("jl-2022", **{**XINLI, "area": "siping"})
    by = li(ledger)
    ids = wang_household(ledger, by)
    add_identity(ledger, by, ids["spouse"], "extreme_poverty", "民政", "特困名册")
    update_person(ledger, by, ids["student"], with_status(get_person(ledger, ids["student"]), "deceased"))
    statuses = {s.person.id: s for s in member_statuses(ledger, ids["household"], DAY)}
    assert statuses[ids["spouse"]].status == FULLY_SUBSIDISED
    assert statuses[ids["student"]].status == INACTIVE


def test_the_day_summary_follows_the_cash(xinli: Ledger, clock: Clock) -> None:
    by = li(xinli)
    ids = wang_household(xinli, by)
    first = pay(xinli, by, PaymentRequest((ids["head"],), 30000, DAY))
    second = pay(xinli, by, PaymentRequest((ids["spouse"], ids["student"]), 60000, DAY))
    void(xinli, by, second.receipt_no, "录错人员")
    summary = printouts.gather_day_sheet(xinli, by, DAY)
    assert summary.issued_total == 24000 + 37000 + 23000
    assert summary.voided_total == 60000 - 0 and len(summary.voided) == 1
    assert summary.cash_to_hand_over == 24000
    assert summary.receipt_range == f"{first.receipt_no} – {second.receipt_no}"
    groups = {g.group: g for g in summary.groups}
    assert groups["低保对象"].due == 24000 and groups["低保对象"].subsidy == 13000
    assert "普通居民" not in groups  # the voided payment is not in the group totals
    assert today_totals(xinli, DAY) == (1, 24000)
    clock.tick(days=1)
    refund(xinli, by, first.receipt_no, "重复缴费", DAY + timedelta(days=1))
    next_day = printouts.gather_day_sheet(xinli, by, DAY + timedelta(days=1))
    assert next_day.refunds_total == 24000 and next_day.cash_to_hand_over == 0  # an application, not cash out


def test_the_status_bar_counts_one_collector_or_everyone(xinli: Ledger) -> None:
    by = li(xinli)
    ids = wang_household(xinli, by)
    with immediate(xinli.db):
        zhao = acting_as(xinli, add_operator(xinli, "赵组长", PASSWORD, "ZZ", by))
    pay(xinli, by, PaymentRequest((ids["head"],), 30000, DAY))
    pay(xinli, zhao, PaymentRequest((ids["spouse"],), 40000, DAY))
    assert today_totals(xinli, DAY) == (2, 24000 + 37000)
    assert today_totals(xinli, DAY, by.operator.id) == (1, 24000)
    assert today_totals(xinli, DAY, zhao.operator.id) == (1, 37000)


def test_unpaid_list_and_participation_by_village_group(xinli: Ledger) -> None:
    by = li(xinli)
    ids = wang_household(xinli, by)
    pay(xinli, by, PaymentRequest((ids["head"],), 30000, DAY))
    unpaid = unpaid_people(xinli)
    assert [u.name for u in unpaid] == ["李秀兰", "王小明", "王宝宝"]
    assert printouts.gather_unpaid(xinli, by).rows[0].phone == "13800000001"  # the household's, she has none
    overall, groups = participation(xinli)
    assert (overall.active, overall.paid, str(overall.rate)) == (4, 1, "25.0")
    assert [g.group for g in groups] == ["一组"]
    assert participation(xinli, 2022) == (overall, groups) and unpaid_people(xinli, 2022) == unpaid
