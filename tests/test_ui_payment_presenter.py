"""The payment dialog's logic without a window: the same answers the services give."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest

from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import Circumstances
from desktop_app.services.records import list_payments
from desktop_app.ui.payment_presenter import PaymentPresenter, PaymentRefused, situation_text
from tests.village import XINLI, Clock, acting, wang_household


def village(
    make_ledger: Callable[..., Ledger], policy_id: str = "jl-2022", area: str | None = "changchun"
) -> tuple[Ledger, Acting, dict[str, int]]:
    """新立村 under the policy, with the 王 household; 李会计 acts in the policy's year."""
    ledger = make_ledger(policy_id, **{**XINLI, "area": area})
    op = acting(ledger, "李会计")
    return ledger, op, wang_household(ledger, op)


def test_change_is_shown_as_the_cash_is_typed_and_a_shortfall_says_how_much(make_ledger: Callable[..., Ledger]) -> None:
    ledger, op, ids = village(make_ledger)
    p = PaymentPresenter(ledger, op, ids["household"])
    assert p.total_due == 107000
    assert p.change_text("") == ""
    assert p.change_text("1100") == "30.00"
    assert p.change_text("1070.") == "0.00"
    assert p.change_text("1000.5") == "还差 69.50"
    p.set_selected(ids["student"], False)
    assert p.total_due == 84000


def test_confirm_refuses_short_cash_and_unreadable_cash_writing_nothing(make_ledger: Callable[..., Ledger]) -> None:
    ledger, op, ids = village(make_ledger)
    p = PaymentPresenter(ledger, op, ids["household"])
    for cash, words in (("", "请输入收到的现金"), ("1069.99", "还差 0.01 元"), ("12.345", "金额")):
        with pytest.raises(PaymentRefused, match=words):
            p.confirm(cash)
    assert list_payments(ledger) == []
    payment = p.confirm("1070")
    assert payment.total_due == 107000 and payment.change == 0
    with pytest.raises(PaymentRefused, match="已经记录"):
        p.confirm("1070")


def test_a_situation_is_described_in_words_and_can_be_taken_back(
    make_ledger: Callable[..., Ledger], clock: Clock
) -> None:
    clock.now = datetime(2022, 2, 10, 9, 0)
    ledger, op, ids = village(make_ledger)
    p = PaymentPresenter(ledger, op, ids["household"])
    spouse = ids["spouse"]
    before = p.quotes[spouse]
    assert before.waiting_until is not None
    lapse = Circumstances("employee_insurance_lapse", date(2022, 1, 20), 5)
    p.set_circumstances(spouse, lapse)
    assert p.quotes[spouse].waiting_until is None
    assert situation_text(lapse) == "职工医保断保（断保 2022-01-20，连续 5 年）"
    p.set_circumstances(spouse, None)
    assert p.quotes[spouse] == before and spouse not in p.circumstances


def test_the_day_turning_over_re_quotes_before_anything_is_written(
    make_ledger: Callable[..., Ledger], clock: Clock
) -> None:
    clock.now = datetime(2021, 12, 31, 23, 59)
    ledger, op, ids = village(make_ledger)
    p = PaymentPresenter(ledger, op, ids["household"])
    assert p.quotes[ids["spouse"]].waiting_until is None
    clock.now = datetime(2022, 1, 1, 0, 1)  # the collection period ended at midnight
    with pytest.raises(PaymentRefused, match="日期已变为 2022-01-01"):
        p.confirm("2000")
    assert list_payments(ledger) == [] and p.quotes[ids["spouse"]].waiting_until is not None


def test_an_ineligible_members_reason_is_said_once_in_the_explanation(make_ledger: Callable[..., Ledger]) -> None:
    ledger, op, ids = village(make_ledger, "nm-dalate-2022", area=None)
    p = PaymentPresenter(ledger, op, ids["household"])
    reason = p.quotes[ids["student"]].reason
    assert reason and not p.quotes[ids["student"]].eligible  # 达拉特旗: schools collect from students
    lines = p.explanation(ids["student"])
    assert lines[0] == "王小明：不能参保"
    verdict = "由学校组织参保（不在村代收）"  # the engine's closing line for a pupil, without its reason again
    assert "\n".join(lines).count(reason) == 1 and "达政办发" in lines[-2] and lines[-1] == f"2. {verdict}"


def test_a_paid_member_is_one_line_with_the_receipt_and_nothing_repeated(make_ledger: Callable[..., Ledger]) -> None:
    ledger, op, ids = village(make_ledger)
    p = PaymentPresenter(ledger, op, ids["household"])
    receipt = p.confirm("1070").receipt_no
    again = PaymentPresenter(ledger, op, ids["household"])
    assert again.explanation(ids["head"]) == [f"王建国：已缴，收据 {receipt}"]
