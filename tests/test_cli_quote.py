"""The quote CLI is a contract: exact shape on success, one Chinese line and exit 2 on bad input."""

import json
import subprocess
import sys
from typing import Any

import pytest
from click.testing import CliRunner

from desktop_app.cli import cli
from desktop_app.cli.labels import label_of
from desktop_app.domain.idnumber import resident_id
from tests.village import DATA, POLICY_DIR

ADULT_ID = resident_id("220102", "1980-03-01", 131)
BUNDLED = sorted(p.stem for p in POLICY_DIR.glob("*.toml") if not p.name.endswith(".cases.toml"))
GOOD: dict[str, Any] = {
    "policy": "jl-2022",
    "paid_on": "2021-11-01",
    "area": "changchun",
    "people": [
        {
            "name": "张三",
            "id_number": ADULT_ID,
            "identities": ["subsistence_allowance"],
            "ethnicity": "蒙古族",
            "student": False,
            "parent_insured": False,
            "situation": None,
            "lapse_date": None,
            "continuous_years": 3,
            "entered_on": None,
        }
    ],
}


def run(data: Any, *args: str) -> Any:
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    return CliRunner().invoke(cli, ["quote", "-", *args], input=text)


def test_a_good_request_prints_the_contract_json() -> None:
    result = run(GOOD)
    assert result.exit_code == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["policy"] == "jl-2022"
    assert out["total_due"] == "240.00"
    person = out["people"][0]
    for key in (
        "name",
        "eligible",
        "reason",
        "standard",
        "riders",
        "subsidy",
        "subsidy_mode",
        "subsidy_payer",
        "due",
        "benefit_start",
        "benefit_end",
        "explanation",
        "exempt",
        "excluded",
    ):
        assert key in person
    assert person["riders"] == [{"name": "城乡居民长期护理保险", "amount": "10.00", "short": "长护险"}]
    assert person["exempt"] is False  # 医疗救助 pays part of it: a subsidy, not 免缴
    assert (person["standard"], person["subsidy"], person["due"]) == ("360.00", "130.00", "240.00")
    assert person["birth_date"] == "1980-03-01"  # taken from the ID number


def test_only_policy_paid_on_and_a_birth_date_are_required() -> None:
    result = run({"policy": "hn-2022", "paid_on": "2021-10-01", "people": [{"birth_date": "1990-01-01"}]})
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["total_due"] == "320.00"


def test_an_ineligible_person_exits_0_with_a_chinese_reason() -> None:
    data = {"policy": "hn-2022", "paid_on": "2022-03-01", "people": [{"birth_date": "1990-01-01"}]}
    result = run(data)
    assert result.exit_code == 0
    person = json.loads(result.stdout)["people"][0]
    assert person["eligible"] is False
    assert "缴费期" in person["reason"]


def with_person(**changes: Any) -> dict[str, Any]:
    person = {**GOOD["people"][0], **changes}
    return {**GOOD, "people": [person]}


BAD_INPUTS = [
    ("unknown policy", {**GOOD, "policy": "xx-2099"}, "policy"),
    ("unknown area", {**GOOD, "area": "harbin"}, "area"),
    ("unknown identity code", with_person(identities=["dibao"]), "people[0].identities"),
    ("unknown situation code", with_person(situation="tourist"), "people[0].situation"),
    ("malformed paid_on", {**GOOD, "paid_on": "2021/11/01"}, "paid_on"),
    ("impossible date", {**GOOD, "paid_on": "2021-02-30"}, "paid_on"),
    (
        "invalid ID number",
        with_person(id_number=ADULT_ID[:-1] + ("0" if ADULT_ID[-1] != "0" else "1")),
        "people[0].id_number",
    ),
    ("ID number as a JSON number", with_person(id_number=int(ADULT_ID[:17])), "people[0].id_number"),
    ("missing policy", {k: v for k, v in GOOD.items() if k != "policy"}, "policy"),
    ("missing paid_on", {k: v for k, v in GOOD.items() if k != "paid_on"}, "paid_on"),
    ("missing people", {k: v for k, v in GOOD.items() if k != "people"}, "people"),
    ("neither birth_date nor id_number", with_person(id_number=None), "people[0].birth_date"),
    ("birth_date contradicting the ID", with_person(birth_date="1981-03-01"), "people[0].birth_date"),
    ("unknown ethnicity", with_person(ethnicity="火星族"), "people[0].ethnicity"),
    ("unknown field", with_person(sex="男"), "people[0].sex"),
    ("lapse situation without lapse_date", with_person(situation="employee_insurance_lapse"), "people[0].lapse_date"),
    ("student not a boolean", with_person(student="是"), "people[0].student"),
    ("negative uncovered years", with_person(uncovered_years=-1), "people[0].uncovered_years"),
    ("back-paid years as text", with_person(back_paid_years="1"), "people[0].back_paid_years"),
    ("a code no policy declares", with_person(identities=["poor_elderly"]), "people[0].identities"),
    ("malformed JSON", '{"policy": ', "INPUT.json"),
    ("not an object", "[1, 2]", "(输入)"),
]


@pytest.mark.parametrize(("kind", "data", "field"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_exits_2_with_one_line_naming_the_field(kind: str, data: Any, field: str) -> None:
    result = run(data)
    assert result.exit_code == 2, result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert label_of(field) in lines[0]  # the field, by its Chinese label (with the JSON key the user wrote)
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_missing_input_file_exits_2() -> None:
    result = CliRunner().invoke(cli, ["quote", "/nonexistent/input.json"])
    assert result.exit_code == 2
    assert "找不到文件" in result.stderr


def test_python_dash_m_desktop_app_quote_reads_a_file(tmp_path: Any) -> None:
    path = tmp_path / "in.json"
    path.write_text(json.dumps(GOOD, ensure_ascii=False), "utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "quote", str(path)], capture_output=True, text=True, encoding="utf-8"
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total_due"] == "240.00"


@pytest.mark.parametrize("policy_id", BUNDLED)
def test_policies_show_explains_each_policy_in_chinese(policy_id: str) -> None:
    result = CliRunner().invoke(cli, ["policies", "show", policy_id])
    assert result.exit_code == 0, result.stderr
    for heading in ("【缴费标准】", "【缴费时间】", "【资助】", "【集中缴费期后】", "【退费】", "SHA-256"):
        assert heading in result.stdout


def test_policies_list_names_every_bundled_policy_and_show_refuses_an_unknown_id() -> None:
    result = CliRunner().invoke(cli, ["--json", "policies", "list"])
    assert BUNDLED and {r["id"] for r in json.loads(result.stdout)} >= set(BUNDLED)
    bad = CliRunner().invoke(cli, ["policies", "show", "nope"])
    assert bad.exit_code == 2 and "nope" in bad.stderr


def test_the_demo_quotes_a_household() -> None:
    result = CliRunner().invoke(cli, ["demo"])
    assert result.exit_code == 0, result.stderr
    assert "本户合计应收" in result.stdout


def test_the_years_without_coverage_and_paid_back_go_into_the_quote_and_its_explanation() -> None:
    data = {
        "policy": "sc-zigong-2025",
        "paid_on": "2025-03-01",
        "people": [{"birth_date": "1985-03-03", "uncovered_years": 2, "back_paid_years": 1}],
    }
    result = run(data)
    assert result.exit_code == 0, result.stderr
    person = json.loads(result.stdout)["people"][0]
    assert person["benefit_start"] == "2025-06-02" and person["waiting_until"] == "2025-06-01"
    assert any("断保2年，变动等待期1个月；补缴1年，减少1个月" in line for line in person["explanation"])


def test_a_pupil_the_school_enrols_is_marked_excluded_for_school() -> None:
    data = {
        "policy": "nm-dalate-2022",
        "paid_on": "2021-10-15",
        "people": [{"birth_date": "2010-09-01", "student": True}],
    }
    person = json.loads(run(data).stdout)["people"][0]
    assert person["eligible"] is False and person["excluded"] == "school"
    assert person["explanation"][-1].startswith("由学校组织参保（不在村代收）")


def test_a_local_identity_is_accepted_for_the_policy_that_declares_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Any
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("ZHENGJIAO_POLICIES", str(DATA / "policies_v2"))
    data = {
        "policy": "example-2027",
        "paid_on": "2026-10-01",
        "people": [{"birth_date": "1940-01-01", "identities": ["poor_elderly"]}],
    }
    result = run(data)
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["people"][0]["due"] == "200.00"
