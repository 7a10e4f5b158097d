"""What the window used to guess from words is now a field of the policy file: a subsidy that
frees people from paying at all (``exempt``), and a rider's short label (``short``).

Both are optional, so a policy file written before them — a township's own copy in the
data folder, say — still loads and quotes exactly as it did.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from desktop_app.policy.engine import quote
from desktop_app.policy.loader import PolicyFileError, parse_policy
from desktop_app.policy.model import Policy
from desktop_app.policy.request import PersonRequest, QuoteRequest
from tests.village import POLICY_DIR

POLICY_FILES = sorted(p for p in POLICY_DIR.glob("*.toml") if not p.name.endswith(".cases.toml"))
NEW_FIELDS = re.compile(r"^(short|exempt) = .*\n", re.MULTILINE)
WITHOUT_NEW_FIELDS = {"riders": {"__all__": {"short"}}, "subsidies": {"__all__": {"exempt"}}}


def policy(policy_id: str) -> Policy:
    return parse_policy((POLICY_DIR / f"{policy_id}.toml").read_text("utf-8"), policy_id)


@pytest.mark.parametrize("path", POLICY_FILES, ids=[p.stem for p in POLICY_FILES])
def test_a_policy_file_without_the_new_fields_loads_and_reads_the_same(path: Path) -> None:
    text = path.read_text("utf-8")
    old = parse_policy(NEW_FIELDS.sub("", text), "old.toml")
    new = parse_policy(text, "new.toml")
    assert all(r.short is None for r in old.riders) and not any(s.exempt for s in old.subsidies)
    assert old.model_dump(exclude=WITHOUT_NEW_FIELDS) == new.model_dump(exclude=WITHOUT_NEW_FIELDS)


def test_a_rider_without_a_short_label_quotes_as_before_with_no_label() -> None:
    text = NEW_FIELDS.sub("", (POLICY_DIR / "jl-2022.toml").read_text("utf-8"))
    old = parse_policy(text, "jl-2022.toml")
    person = (PersonRequest(birth_date=date(1980, 1, 1)),)
    (before,) = quote(old, QuoteRequest("jl-2022", date(2021, 11, 1), person, "changchun")).people
    (after,) = quote(policy("jl-2022"), QuoteRequest("jl-2022", date(2021, 11, 1), person, "changchun")).people
    assert [(r.name, r.amount, r.short) for r in before.riders] == [("城乡居民长期护理保险", 1000, None)]
    assert [(r.name, r.amount, r.short) for r in after.riders] == [("城乡居民长期护理保险", 1000, "长护险")]
    assert before.due == after.due == 37000 and before.explanation == after.explanation


def test_a_subsidy_that_frees_from_paying_must_be_a_full_one_taken_off_at_the_counter() -> None:
    text = (POLICY_DIR / "jl-2022.toml").read_text("utf-8")
    text = text.replace('kind = "fixed"\n', 'kind = "fixed"\nexempt = true\n', 1)
    with pytest.raises(PolicyFileError) as caught:
        parse_policy(text, "jl-2022.toml")
    assert "subsidies[" in str(caught.value) and "exempt" in str(caught.value) and "免缴" in str(caught.value)


def test_a_newborn_the_notice_frees_from_paying_is_exempt() -> None:
    newborn = PersonRequest(birth_date=date(2022, 1, 5), parent_insured=True)
    (q,) = quote(policy("nm-dalate-2022"), QuoteRequest("nm-dalate-2022", date(2022, 2, 10), (newborn,))).people
    assert q.exempt and q.due == 0 and q.subsidy == q.standard


def test_someone_whose_contribution_an_office_pays_in_full_is_subsidised_not_exempt() -> None:
    person = PersonRequest(birth_date=date(1950, 1, 20), identities=("extreme_poverty",))
    (q,) = quote(policy("hn-2022"), QuoteRequest("hn-2022", date(2021, 10, 1), (person,))).people
    assert q.subsidy == q.standard and q.due == 0 and q.subsidy_mode == "direct"
    assert not q.exempt


def test_nobody_is_exempt_without_a_subsidy() -> None:
    adult = PersonRequest(birth_date=date(1990, 1, 1))
    (q,) = quote(policy("hn-2022"), QuoteRequest("hn-2022", date(2021, 10, 1), (adult,))).people
    assert q.subsidy == 0 and not q.exempt


@pytest.mark.parametrize("path", POLICY_FILES, ids=[p.stem for p in POLICY_FILES])
def test_a_short_label_is_the_notices_own_word_for_the_rider(path: Path) -> None:
    loaded = policy(path.stem)
    for rider in loaded.riders:
        assert rider.short is None or rider.short in rider.quote or rider.short in rider.name
