"""Properties every bundled policy keeps, whatever the person and the date."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.domain.codes import IDENTITIES, SITUATIONS
from desktop_app.policy.engine import PersonQuote, quote
from desktop_app.policy.loader import parse_policy
from desktop_app.policy.model import Policy
from desktop_app.policy.request import PersonRequest, QuoteRequest
from tests.village import POLICY_DIR

POLICIES = {
    p.stem: parse_policy(p.read_text("utf-8"), p.name)
    for p in sorted(POLICY_DIR.glob("*.toml"))
    if not p.name.endswith(".cases.toml")
}


@st.composite
def person_and_date(draw: st.DrawFn, policy: Policy) -> tuple[PersonRequest, date, str | None]:
    start = policy.collection.start - timedelta(days=30)
    paid_on = draw(st.dates(start, policy.benefit_period.end + timedelta(days=30)))
    birth = draw(st.dates(date(1925, 1, 1), paid_on))
    situation = draw(st.none() | st.sampled_from(sorted(SITUATIONS)))
    lapse = draw(st.dates(paid_on - timedelta(days=400), paid_on)) if situation == "employee_insurance_lapse" else None
    entered = draw(st.dates(birth, paid_on)) if situation == "welfare_institution_child" else None
    person = PersonRequest(
        birth_date=birth,
        identities=tuple(draw(st.lists(st.sampled_from(sorted(IDENTITIES)), unique=True, max_size=3))),
        ethnicity=draw(st.sampled_from([None, "汉族", "蒙古族", "达斡尔族", "回族"])),
        student=draw(st.booleans()),
        parent_insured=draw(st.booleans()),
        situation=situation,
        lapse_date=lapse,
        continuous_years=draw(st.none() | st.integers(0, 10)),
        entered_on=entered,
        uncovered_years=draw(st.none() | st.integers(0, 8)),
        back_paid_years=draw(st.none() | st.integers(0, 8)),
    )
    area = draw(st.none() | st.sampled_from([a.code for a in policy.areas])) if policy.areas else None
    return person, paid_on, area


def quote_one(policy: Policy, person: PersonRequest, paid_on: date, area: str | None) -> PersonQuote:
    return quote(policy, QuoteRequest(policy.id, paid_on, (person,), area)).people[0]


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_amounts_add_up_and_are_never_negative(policy_id: str, data: st.DataObject) -> None:
    policy = POLICIES[policy_id]
    person, paid_on, area = data.draw(person_and_date(policy))
    q = quote_one(policy, person, paid_on, area)
    assert min(q.standard, q.subsidy, q.due, q.rider_total) >= 0
    if not q.eligible:
        assert q.due == 0 and q.reason
        return
    if q.subsidy_mode == "reimburse":
        assert q.due == q.standard + q.rider_total
    else:
        assert q.due + q.subsidy == q.standard + q.rider_total
    assert q.subsidy <= q.standard
    assert q.benefit_start is not None and q.benefit_end is not None
    assert policy.benefit_period.start <= q.benefit_start <= q.benefit_end == policy.benefit_period.end
    assert q.benefit_start >= person.birth_date
    assert q.explanation and all(isinstance(line, str) and line for line in q.explanation)


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@settings(max_examples=300, deadline=None)
@given(data=st.data())
def test_adding_an_identity_never_raises_what_a_person_pays(policy_id: str, data: st.DataObject) -> None:
    policy = POLICIES[policy_id]
    person, paid_on, area = data.draw(person_and_date(policy))
    extra = data.draw(st.sampled_from(sorted(set(IDENTITIES) - set(person.identities))))
    before = quote_one(policy, person, paid_on, area)
    after = quote_one(
        policy, PersonRequest(**{**person.__dict__, "identities": person.identities + (extra,)}), paid_on, area
    )
    # An identity may open a late path (湖南 监测人口 may enrol at any time), never close one.
    assert after.eligible >= before.eligible
    if before.eligible:
        assert after.due <= before.due
        assert after.subsidy >= before.subsidy or after.full_cost != before.full_cost


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@settings(max_examples=200, deadline=None)
@given(data=st.data())
def test_another_uncovered_year_never_starts_benefits_earlier_nor_changes_the_amount(
    policy_id: str, data: st.DataObject
) -> None:
    policy = POLICIES[policy_id]
    person, paid_on, area = data.draw(person_and_date(policy))
    before = quote_one(policy, person, paid_on, area)
    longer = PersonRequest(**{**person.__dict__, "uncovered_years": (person.uncovered_years or 0) + 1})
    after = quote_one(policy, longer, paid_on, area)
    # A longer lapse may push the start past the year's end (then nothing is collected), never earlier.
    assert after.eligible <= before.eligible
    if after.eligible:
        assert after.due == before.due and after.subsidy == before.subsidy
        assert after.benefit_start is not None and before.benefit_start is not None
        assert after.benefit_start >= before.benefit_start


@pytest.mark.parametrize("policy_id", sorted(POLICIES))
@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_a_household_total_is_the_sum_of_its_people(policy_id: str, data: st.DataObject) -> None:
    policy = POLICIES[policy_id]
    drawn = [data.draw(person_and_date(policy)) for _ in range(3)]
    paid_on, area = drawn[0][1], drawn[0][2]
    people = tuple(p for p, _, _ in drawn if p.birth_date <= paid_on)
    q = quote(policy, QuoteRequest(policy.id, paid_on, people, area))
    assert q.total_due == sum(quote_one(policy, p, paid_on, area).due for p in people)


def test_every_bundled_policy_is_under_test() -> None:
    files = {p.stem for p in Path(POLICY_DIR).glob("*.toml") if not p.name.endswith(".cases.toml")}
    assert POLICIES and set(POLICIES) == files, sorted(files)
