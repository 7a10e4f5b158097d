"""Schema version 2: what a notice says that version 1 could not — several cited documents, local
identities, late prices (without the subsidy, the full cost, by date), extensions per area,
newborns, group targets, amounts set locally — all optional, so version-1 files load and quote
as before, and ``upgrade`` rewrites them losing nothing."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from desktop_app.policy.cases import parse_cases, run_case
from desktop_app.policy.engine import quote
from desktop_app.policy.loader import PolicyFileError, parse_policy
from desktop_app.policy.model import Policy
from desktop_app.policy.quote_json import quote_to_json
from desktop_app.policy.request import PersonRequest, QuoteRequest, RequestError, parse_request
from desktop_app.services.policy_files import upgrade_text
from tests.policy_support import EXAMPLE_DIR, EXAMPLE_ID
from tests.village import POLICY_DIR

POLICY_FILES = sorted(p for p in POLICY_DIR.glob("*.toml") if not p.name.endswith(".cases.toml"))
EXAMPLE = (EXAMPLE_DIR / f"{EXAMPLE_ID}.toml").read_text("utf-8")


def example(text: str = EXAMPLE) -> Policy:
    return parse_policy(text, f"{EXAMPLE_ID}.toml")


def one(policy: Policy, paid_on: date, person: PersonRequest, area: str | None = None) -> dict[str, object]:
    answer: dict[str, object] = quote_to_json(quote(policy, QuoteRequest(policy.id, paid_on, (person,), area)))
    people = answer["people"]
    assert isinstance(people, list)
    return dict(people[0])


def refused(text: str) -> str:
    with pytest.raises(PolicyFileError) as caught:
        parse_policy(text, "changed.toml")
    return str(caught.value)


def test_every_case_of_the_example_of_every_new_key_holds() -> None:
    policy = example()
    cases = parse_cases((EXAMPLE_DIR / f"{EXAMPLE_ID}.cases.toml").read_text("utf-8"), "cases")
    assert cases and all(not run_case(policy, case) for case in cases)


def test_a_file_without_a_schema_version_is_version_1_and_the_current_version_is_2() -> None:
    assert {parse_policy(p.read_text("utf-8"), p.name).schema_version for p in POLICY_FILES} <= {1, 2}
    assert example().schema_version == 2
    assert "只认识到第2版" in refused(EXAMPLE.replace("schema_version = 2", "schema_version = 3"))


def test_each_rule_is_explained_with_the_document_it_cites() -> None:
    line = one(example(), date(2026, 10, 1), PersonRequest(date(1980, 1, 1)), "west")["explanation"]
    assert isinstance(line, list)
    assert "个人缴费标准400元（示例省医保发〔2026〕3号 二）" in line  # the province's amount
    assert any(text.endswith("（示例医保〔2026〕9号 四）") for text in line)  # the county's period


def test_a_citation_of_a_document_the_file_does_not_list_is_refused_with_its_place() -> None:
    standard = 'cite = "province"\n\n[[standard.variants]]'
    message = refused(EXAMPLE.replace(standard, standard.replace("province", "city")))
    assert 'standard 的 cite = "city" 不在 documents 中' in message


def test_a_document_is_either_the_notice_a_repost_or_a_summary() -> None:
    assert "read" in refused(EXAMPLE.replace('read = "summary"', 'read = "hearsay"'))


def test_a_local_identity_is_usable_in_its_policy_and_named_by_its_label() -> None:
    policy = example()
    assert policy.identity_labels()["poor_elderly"] == "高龄困难老人"
    assert policy.identity_labels()["subsistence_allowance"] == "低保对象"  # the base table is still there
    answer = one(policy, date(2026, 10, 1), PersonRequest(date(1940, 1, 1), identities=("poor_elderly",)))
    assert (answer["due"], answer["subsidy"]) == ("200.00", "200.00")


def test_a_local_identity_may_not_take_a_base_code_or_a_name_of_another_group() -> None:
    assert "与基本身份代码重名" in refused(EXAMPLE.replace('"poor_elderly"', '"orphan"'))
    assert "同时属于" in refused(EXAMPLE.replace('aliases = ["高龄困难", "困难高龄老人"]', 'aliases = ["低保户"]'))


def test_a_code_only_another_policy_declares_is_unknown_at_its_key() -> None:
    text = EXAMPLE.replace('identities_any = ["poor_elderly"]', 'identities_any = ["poor_young"]')
    assert "subsidies[3].when.identities_any" in refused(text) and "未知的身份代码：poor_young" in refused(text)


def test_a_request_naming_a_local_identity_is_refused_by_a_policy_that_does_not_declare_it() -> None:
    jl = parse_policy((POLICY_DIR / "jl-2022.toml").read_text("utf-8"), "jl-2022.toml")
    person = PersonRequest(date(1940, 1, 1), identities=("poor_elderly",))
    request = QuoteRequest("jl-2022", date(2021, 11, 1), (person,))
    with pytest.raises(RequestError) as caught:
        quote(jl, request)
    assert caught.value.field == "people[0].identities"
    parsed = parse_request(
        {
            "policy": EXAMPLE_ID,
            "paid_on": "2026-10-01",
            "people": [{"birth_date": "1940-01-01", "identities": ["poor_elderly"]}],
        },
        example().identity_labels(),
    )
    assert parsed.people[0].identities == ("poor_elderly",)


def test_a_policy_naming_monitored_covers_each_of_its_three_kinds() -> None:
    zigong = parse_policy((POLICY_DIR / "sc-zigong-2025.toml").read_text("utf-8"), "sc-zigong-2025.toml")
    for kind in ("unstable_out_of_poverty", "margin_at_risk", "sudden_hardship", "monitored"):
        assert one(zigong, date(2024, 10, 1), PersonRequest(date(1970, 1, 1), identities=(kind,)))["due"] == "100.00"


def test_an_amount_set_locally_is_refused_in_chinese_until_the_township_writes_it_in() -> None:
    person = PersonRequest(date(1950, 1, 1), identities=("priority_care",))
    answer = one(example(), date(2026, 10, 1), person)
    assert (
        answer["eligible"] is False
        and answer["reason"] == "重点优抚对象按有关文件规定执行：金额由当地确定，请乡镇在政策中填写"
    )
    filled = EXAMPLE.replace(
        'kind = "local"\npayer = "县退役军人事务局"', 'kind = "fixed"\namount = 100\npayer = "县退役军人事务局"'
    )
    answer = one(example(filled), date(2026, 10, 1), person)
    assert (answer["eligible"], answer["due"], answer["subsidy"]) == (True, "300.00", "100.00")


def test_an_amount_set_locally_carries_no_figure() -> None:
    message = refused(EXAMPLE.replace('kind = "local"\n', 'kind = "local"\namount = 100\n'))
    assert "金额由当地确定" in message and "subsidies[2]" in message


@pytest.mark.parametrize(
    ("paid_on", "due", "full_cost"),
    [
        (date(2027, 3, 31), "400.00", False),
        (date(2027, 4, 1), "1020.00", True),
    ],
)
def test_a_late_price_changes_on_its_date(paid_on: date, due: str, full_cost: bool) -> None:
    answer = one(example(), paid_on, PersonRequest(date(1980, 1, 1), uncovered_years=0))
    assert (answer["due"], answer["full_cost"]) == (due, full_cost)


def test_dated_prices_may_not_overlap_and_each_says_one_price() -> None:
    overlap = EXAMPLE.replace(
        "{ start = 2027-04-01, end = 2027-12-31, amount = 1020 }",
        "{ start = 2027-03-01, end = 2027-12-31, amount = 1020 }",
    )
    assert "重叠" in refused(overlap)
    both = EXAMPLE.replace("amount = 1020 }", 'amount = 1020, price = "standard" }')
    assert "之一" in refused(both)


def test_the_standard_without_the_subsidy_is_a_price_of_its_own() -> None:
    person = PersonRequest(
        date(1975, 1, 1),
        identities=("low_income_margin",),
        situation="employee_insurance_lapse",
        lapse_date=date(2027, 2, 15),
    )
    answer = one(example(), date(2027, 4, 10), person)
    figures = (answer["standard"], answer["subsidy"], answer["due"], answer["full_cost"])
    assert figures == ("400.00", "0.00", "400.00", False)


def test_a_wait_by_years_needs_the_rule_that_says_how() -> None:
    start = EXAMPLE.index("[waiting]")
    without = EXAMPLE[:start] + EXAMPLE[EXAMPLE.index("[newborn]") :]
    assert "没有写 [waiting]" in refused(without)


def test_an_area_extends_its_own_collection_period_only() -> None:
    policy = example()
    person = PersonRequest(date(1985, 1, 1))
    assert one(policy, date(2027, 2, 28), person, "east")["benefit_start"] == "2027-01-01"
    assert one(policy, date(2027, 2, 28), person, "west")["benefit_start"] == "2027-06-01"
    assert policy.collection_end("east") == date(2027, 2, 28) and policy.collection_end(None) == date(2026, 12, 31)


def test_a_pupil_the_school_enrols_is_excluded_as_school_not_refused() -> None:
    answer = one(example(), date(2026, 10, 1), PersonRequest(date(2006, 1, 1), student=True))
    assert answer["excluded"] == "school" and answer["eligible"] is False
    explanation = answer["explanation"]
    assert isinstance(explanation, list) and not any("不能参保" in line for line in explanation)


def test_a_group_may_have_its_own_participation_target() -> None:
    (target,) = example().participation_targets
    assert target.name == "困难群众" and target.percent == 100 and "low_income_margin" in target.identities


# ---- version 1 files: unchanged, and upgraded losing nothing --------------------------------------


@pytest.mark.parametrize("path", POLICY_FILES, ids=[p.stem for p in POLICY_FILES])
def test_upgrade_rewrites_a_file_as_version_2_losing_nothing(path: Path) -> None:
    text = path.read_text("utf-8")
    upgraded = upgrade_text(text, path.name)
    before, after = parse_policy(text, path.name), parse_policy(upgraded, path.name)
    assert after.schema_version == 2
    assert before.model_dump(exclude={"schema_version"}) == after.model_dump(exclude={"schema_version"})
    kept = upgraded.splitlines()
    assert all(line in kept for line in text.splitlines())  # every line and comment is still there
    assert upgrade_text(upgraded, path.name) == upgraded
    cases = parse_cases(path.with_name(path.stem + ".cases.toml").read_text("utf-8"), "cases")
    assert all(not run_case(after, case) for case in cases)


def test_a_version_1_file_and_its_upgrade_quote_the_same_for_every_case() -> None:
    text = (POLICY_DIR / "hn-2022.toml").read_text("utf-8")
    assert "schema_version" not in text
    old, new = parse_policy(text, "hn-2022.toml"), parse_policy(upgrade_text(text, "hn-2022.toml"), "hn-2022.toml")
    for case in parse_cases((POLICY_DIR / "hn-2022.cases.toml").read_text("utf-8"), "cases"):
        request = parse_request({"policy": "hn-2022", **case.input})
        assert quote_to_json(quote(old, request)) == quote_to_json(quote(new, request))


def test_upgrade_puts_the_version_among_the_top_level_keys() -> None:
    upgraded = upgrade_text((POLICY_DIR / "jl-2022.toml").read_text("utf-8"), "jl-2022.toml")
    head = upgraded[: upgraded.index("\n[")]
    assert re.search(r"^schema_version = 2$", head, re.MULTILINE)
