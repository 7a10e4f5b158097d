"""A bad policy file is refused, naming the file, the key and the reason."""

from pathlib import Path

import pytest

from desktop_app.policy.loader import PolicyFileError, parse_policy
from desktop_app.services.policies import PolicyCatalogue
from tests.village import DATA, POLICY_DIR

BUNDLED_IDS = {p.stem for p in POLICY_DIR.glob("*.toml") if not p.name.endswith(".cases.toml")}


@pytest.mark.parametrize(
    ("name", "key", "reason"),
    [
        ("bad-unknown-key.toml", "standard.amuont", "未知的键"),
        ("bad-duplicate-key.toml", "", "重复的键"),
        ("bad-float-money.toml", "standard.amount", "不能写成小数"),
        ("bad-date.toml", "collection.start", "日期"),
        ("bad-identity-code.toml", "subsidies[0].when.identities_any", "未知的身份代码：dibao"),
        ("bad-refused-without-reason.toml", "collection.after_period", "reason"),
        ("bad-rider-area.toml", "(文件顶层)", "harbin 不在 areas 中"),
    ],
)
def test_a_bad_policy_file_is_refused_with_file_key_and_reason(name: str, key: str, reason: str) -> None:
    with pytest.raises(PolicyFileError) as caught:
        parse_policy((DATA / name).read_text("utf-8"), name)
    message = str(caught.value)
    assert name in message
    assert key in message
    assert reason in message


def test_every_problem_in_a_file_is_reported_at_once() -> None:
    text = (DATA / "bad-unknown-key.toml").read_text("utf-8").replace("benefit_year = 2022", 'benefit_year = "x"')
    with pytest.raises(PolicyFileError) as caught:
        parse_policy(text, "two-problems.toml")
    assert len(caught.value.problems) == 2


def test_every_bundled_policy_loads_and_the_catalogue_lists_each_file_once() -> None:
    catalogue = PolicyCatalogue([POLICY_DIR])
    assert BUNDLED_IDS and set(catalogue.ids()) == BUNDLED_IDS
    for policy_id in BUNDLED_IDS:
        loaded = catalogue.load(policy_id)
        assert loaded.policy.id == policy_id
        assert len(loaded.sha256) == 64
        assert loaded.policy.not_encoded


ADULT_PAYS_380 = """\
[[cases]]
name = "On 2021-11-01 an adult in no pilot area pays the corrected standard of 380"
clause = "二"
input = { paid_on = 2021-11-01, people = [{ birth_date = 1980-01-01 }] }
expected = { total_due = "380.00" }
"""


def test_a_file_in_the_data_folder_with_its_own_passing_cases_overrides_the_bundled_one(tmp_path: Path) -> None:
    text = (POLICY_DIR / "jl-2022.toml").read_text("utf-8").replace("amount = 360\n", "amount = 380\n", 1)
    (tmp_path / "jl-2022.toml").write_text(text, "utf-8")
    (tmp_path / "jl-2022.cases.toml").write_text(ADULT_PAYS_380, "utf-8")
    catalogue = PolicyCatalogue([POLICY_DIR, tmp_path])
    loaded = catalogue.load("jl-2022")
    assert loaded.path == tmp_path / "jl-2022.toml"
    assert loaded.policy.standard.amount == 38000


def test_an_update_without_cases_of_its_own_must_pass_the_cases_of_the_file_it_replaces(tmp_path: Path) -> None:
    text = (POLICY_DIR / "jl-2022.toml").read_text("utf-8").replace("amount = 360\n", "amount = 380\n", 1)
    (tmp_path / "jl-2022.toml").write_text(text, "utf-8")
    loaded = PolicyCatalogue([POLICY_DIR, tmp_path]).load("jl-2022")
    assert loaded.path == POLICY_DIR / "jl-2022.toml" and loaded.policy.standard.amount == 36000
    assert "未采用" in loaded.refused[0] and "不成立" in loaded.refused[0] and "380.00" in loaded.refused[0]


def test_a_new_policy_only_in_the_data_folder_is_never_used_when_one_of_its_cases_fails(tmp_path: Path) -> None:
    text = (POLICY_DIR / "jl-2022.toml").read_text("utf-8").replace('id = "jl-2022"', 'id = "jl-2022-town"')
    (tmp_path / "jl-2022-town.toml").write_text(text, "utf-8")
    (tmp_path / "jl-2022-town.cases.toml").write_text(ADULT_PAYS_380, "utf-8")  # the file says 360: a failing case
    with pytest.raises(PolicyFileError) as caught:
        PolicyCatalogue([POLICY_DIR, tmp_path]).load("jl-2022-town")
    assert "jl-2022-town.cases.toml" in str(caught.value) and "期望 '380.00'，得到 '360.00'" in str(caught.value)
    (tmp_path / "jl-2022-town.cases.toml").write_text(ADULT_PAYS_380.replace("380", "360"), "utf-8")
    assert PolicyCatalogue([POLICY_DIR, tmp_path]).load("jl-2022-town").policy.id == "jl-2022-town"


@pytest.mark.parametrize("cases", [None, "# 没有用例\n"], ids=["no cases file", "an empty cases file"])
def test_a_new_policy_with_no_cases_to_pass_is_never_used(tmp_path: Path, cases: str | None) -> None:
    text = (POLICY_DIR / "jl-2022.toml").read_text("utf-8").replace('id = "jl-2022"', 'id = "jl-2022-town"')
    (tmp_path / "jl-2022-town.toml").write_text(text, "utf-8")
    if cases is not None:
        (tmp_path / "jl-2022-town.cases.toml").write_text(cases, "utf-8")
    with pytest.raises(PolicyFileError, match="没有通过自己用例的政策文件不会被采用"):
        PolicyCatalogue([tmp_path]).load("jl-2022-town")


def test_a_file_whose_id_differs_from_its_name_is_refused(tmp_path: Path) -> None:
    (tmp_path / "jl-2023.toml").write_text((POLICY_DIR / "jl-2022.toml").read_text("utf-8"), "utf-8")
    with pytest.raises(PolicyFileError, match="id"):
        PolicyCatalogue([tmp_path]).load("jl-2023")
