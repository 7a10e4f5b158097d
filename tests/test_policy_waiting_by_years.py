"""The wait of someone who pays late or returns after a lapse grows with the years they went
uncovered and shrinks with the years they paid back (国办发〔2024〕38号), within limits — all
numbers from the policy file, every part named in the explanation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.policy.engine import quote
from desktop_app.policy.loader import parse_policy
from desktop_app.policy.model import Policy
from desktop_app.policy.request import PersonRequest, QuoteRequest, RequestError, parse_request
from desktop_app.policy.waiting import WaitingByYears, describe_wait, wait_for
from tests.village import POLICY_DIR

NATIONAL = WaitingByYears(
    fixed_months=3,
    per_uncovered_year_months=1,
    uncovered_years_free=1,
    per_back_paid_year_months=1,
    min_months=6,
    min_from_uncovered_years=4,
    in_period=True,
    clause="摘句",
    quote="设置参保后固定待遇等待期3个月",
)
CAPPED = WaitingByYears(
    fixed_months=3,
    per_uncovered_year_months=1,
    per_back_paid_year_months=1,
    max_months=6,
    clause="五",
    quote="最长不超过6个月。",
)


def bundled(policy_id: str) -> Policy:
    return parse_policy((POLICY_DIR / f"{policy_id}.toml").read_text("utf-8"), f"{policy_id}.toml")


@pytest.mark.parametrize(
    ("uncovered", "back_paid", "months"),
    [
        (0, 0, 3),
        (1, 0, 3),
        (2, 0, 4),
        (3, 0, 5),
        (4, 0, 6),
        (6, 0, 8),
        (2, 1, 3),
        (3, 1, 4),
        (3, 5, 3),  # paying back takes off only what the lapse added
        (4, 1, 6),
        (5, 2, 6),
        (8, 8, 6),  # a lapse of 4 years or more: at least 6 after paying back
    ],
)
def test_the_national_rule_adds_a_month_per_extra_uncovered_year_and_takes_one_off_per_year_paid_back(
    uncovered: int, back_paid: int, months: int
) -> None:
    assert wait_for(NATIONAL, uncovered, back_paid).months == months


def test_each_part_of_the_wait_is_named() -> None:
    assert (
        describe_wait(wait_for(NATIONAL, 2, 1))
        == "断保2年，变动等待期1个月；补缴1年，减少1个月；固定等待期3个月，合计等待期3个月"
    )
    assert describe_wait(wait_for(CAPPED, 2, 0)) == "断保2年，变动等待期2个月；固定等待期3个月，合计等待期5个月"
    assert describe_wait(wait_for(CAPPED, 9, 0)).endswith("最长6个月，合计等待期6个月")
    assert describe_wait(wait_for(NATIONAL, 0, 0)) == "固定等待期3个月，合计等待期3个月"


@given(st.integers(0, 30), st.integers(0, 30))
def test_the_wait_never_shrinks_with_more_uncovered_years_nor_grows_with_more_paid_back(
    uncovered: int, back_paid: int
) -> None:
    for rule in (NATIONAL, CAPPED):
        wait = wait_for(rule, uncovered, back_paid)
        assert wait_for(rule, uncovered + 1, back_paid).months >= wait.months
        assert wait_for(rule, uncovered, back_paid + 1).months <= wait.months
        assert wait.months >= rule.fixed_months
        assert rule.max_months is None or wait.months <= rule.max_months


@pytest.mark.parametrize("policy_id", ["sc-zigong-2025", "hb-2026"])
def test_in_a_policy_with_waits_by_years_benefits_start_later_for_each_uncovered_year(policy_id: str) -> None:
    policy = bundled(policy_id)
    paid_on = policy.collection.end + timedelta(days=1)
    starts = []
    for uncovered in range(0, 5):
        request = QuoteRequest(policy.id, paid_on, (PersonRequest(date(1980, 1, 1), uncovered_years=uncovered),))
        (person,) = quote(policy, request).people
        assert person.eligible and person.benefit_start is not None
        assert any(f"断保{uncovered}年" in line for line in person.explanation) or uncovered == 0
        starts.append(person.benefit_start)
    assert starts == sorted(starts) and starts[0] < starts[2] < starts[3] < starts[4]


def test_in_the_collection_period_only_those_uncovered_last_year_wait_and_from_the_start_of_the_year() -> None:
    policy = bundled("hb-2026")
    for uncovered, month in ((0, 1), (1, 4), (2, 5), (3, 6)):
        person = PersonRequest(date(1980, 1, 1), uncovered_years=uncovered)
        request = QuoteRequest(policy.id, date(2025, 11, 1), (person,))
        (person,) = quote(policy, request).people
        assert person.benefit_start == date(2026, month, 1)


def test_a_policy_without_waits_by_years_ignores_the_years() -> None:
    policy = bundled("jl-2022")
    people = [PersonRequest(date(1980, 1, 1), uncovered_years=n, back_paid_years=1) for n in (0, 5)]
    quotes = [quote(policy, QuoteRequest(policy.id, date(2022, 2, 1), (person,))).people[0] for person in people]
    assert quotes[0].benefit_start == quotes[1].benefit_start == date(2022, 5, 3)
    assert quotes[0].explanation == quotes[1].explanation


@pytest.mark.parametrize("value", [-1, True, "2", 1.5])
@pytest.mark.parametrize("key", ["uncovered_years", "back_paid_years"])
def test_the_years_in_a_request_are_whole_numbers_from_zero(key: str, value: object) -> None:
    with pytest.raises(RequestError) as caught:
        parse_request(
            {"policy": "hb-2026", "paid_on": "2026-01-01", "people": [{"birth_date": "1980-01-01", key: value}]}
        )
    assert caught.value.field == f"people[0].{key}"


def test_the_request_carries_the_years_as_given() -> None:
    request = parse_request(
        {
            "policy": "hb-2026",
            "paid_on": "2026-01-01",
            "people": [{"birth_date": "1980-01-01", "uncovered_years": 2, "back_paid_years": 1}],
        }
    )
    assert (request.people[0].uncovered_years, request.people[0].back_paid_years) == (2, 1)
    unknown = PersonRequest(date(1980, 1, 1))
    assert unknown.uncovered_years is None and unknown.back_paid_years is None
