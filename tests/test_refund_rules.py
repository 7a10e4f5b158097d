"""refund_check follows each notice's refund clause, and only it."""

from datetime import date

import pytest

from desktop_app.policy.engine import quote
from desktop_app.policy.loader import parse_policy
from desktop_app.policy.model import Policy
from desktop_app.policy.refund import refund_check
from desktop_app.policy.request import PersonRequest, QuoteRequest
from tests.village import POLICY_DIR


def policy(policy_id: str) -> Policy:
    return parse_policy((POLICY_DIR / f"{policy_id}.toml").read_text("utf-8"), policy_id)


def paid(policy_id: str, on: date, area: str | None = None):  # type: ignore[no-untyped-def]
    p = policy(policy_id)
    return p, quote(p, QuoteRequest(policy_id, on, (PersonRequest(birth_date=date(1980, 1, 1)),), area)).people[0]


def test_in_jilin_a_duplicate_payment_is_refunded_before_the_benefit_year_starts() -> None:
    p, line = paid("jl-2022", date(2021, 11, 1), "changchun")
    decision = refund_check(p, line, date(2021, 12, 31), "duplicate_payment")
    assert decision.allowed and decision.amount == line.due == 37000
    assert "吉医保联〔2021〕23号 三" in decision.explanation[0]


def test_in_jilin_no_refund_once_benefits_have_started() -> None:
    p, line = paid("jl-2022", date(2021, 11, 1), "changchun")
    assert not refund_check(p, line, date(2022, 1, 1), "death").allowed


def test_in_jilin_a_refund_is_allowed_during_the_90_day_waiting_period_but_not_after() -> None:
    p, line = paid("jl-2022", date(2022, 3, 1), "siping")
    assert line.waiting_until == date(2022, 5, 30)
    assert refund_check(p, line, date(2022, 5, 30), "employee_insurance").allowed
    assert not refund_check(p, line, date(2022, 5, 31), "employee_insurance").allowed


def test_in_shantou_death_is_not_a_refund_reason_but_another_area_is() -> None:
    p, line = paid("ah-sixian-shantou-2022", date(2021, 11, 1))
    refused = refund_check(p, line, date(2021, 12, 1), "death")
    assert not refused.allowed and "重复缴费" in refused.reason
    assert refund_check(p, line, date(2021, 12, 1), "other_area").allowed


@pytest.mark.parametrize("policy_id", ["hn-2022", "nm-dalate-2022", "ah-huaibei-duji-2020"])
def test_where_the_notice_has_no_refund_rule_no_refund_is_allowed(policy_id: str) -> None:
    p = policy(policy_id)
    on = p.collection.start
    _, line = paid(policy_id, on, p.areas[0].code if p.areas else None)
    decision = refund_check(p, line, on, "duplicate_payment")
    assert not decision.allowed and decision.reason == p.no_refund_reason


def test_an_unknown_reason_code_is_refused_naming_the_known_ones() -> None:
    p, line = paid("jl-2022", date(2021, 11, 1), "changchun")
    with pytest.raises(ValueError, match="duplicate_payment"):
        refund_check(p, line, date(2021, 12, 1), "changed_mind")
