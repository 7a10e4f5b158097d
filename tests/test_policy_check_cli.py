"""``zhengjiao policies check|install|new|upgrade``: a township turns its notice into a policy file,
and a village uses it only once its own cases hold."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from desktop_app.cli import cli
from desktop_app.services.policies import PolicyCatalogue
from desktop_app.services.selftest import run_self_test
from tests.policy_support import EXAMPLE_ID, cases_of, copy_example, own_data_folder
from tests.village import POLICY_DIR


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return own_data_folder(tmp_path, monkeypatch)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def break_a_case(policy: Path) -> None:
    cases = cases_of(policy)
    text = cases.read_text("utf-8").replace('due = "210.00", explanation', 'due = "999.00", explanation')
    cases.write_text(text, "utf-8")


def test_check_exits_0_and_says_how_many_cases_hold(tmp_path: Path) -> None:
    result = run("policies", "check", str(copy_example(tmp_path)))
    assert result.exit_code == 0, result.output
    assert "共 18 个用例，全部相符" in result.stdout


def test_check_exits_1_naming_the_failing_case_and_the_figure_that_differs(tmp_path: Path) -> None:
    policy = copy_example(tmp_path)
    break_a_case(policy)
    result = run("policies", "check", str(policy))
    assert result.exit_code == 1
    assert "1 个不符" in result.stdout and "A 低保边缘家庭成员 gets 190 and pays 210" in result.stdout
    assert "people[0].due: 期望 '999.00'，得到 '210.00'" in result.stdout


def test_check_json_gives_the_policy_its_case_count_and_the_failures(tmp_path: Path) -> None:
    policy = copy_example(tmp_path)
    assert json.loads(run("policies", "check", "--json", str(policy)).stdout) == {
        "policy": EXAMPLE_ID,
        "cases": 18,
        "failed": [],
    }
    break_a_case(policy)
    result = run("--json", "policies", "check", str(policy))
    out = json.loads(result.stdout)
    assert result.exit_code == 1 and out["policy"] == EXAMPLE_ID and out["cases"] == 18
    (failed,) = out["failed"]
    assert failed["name"].startswith("A 低保边缘家庭成员")
    assert failed["differences"] == ["people[0].due: 期望 '999.00'，得到 '210.00'"]


@pytest.mark.parametrize(
    ("change", "named"),
    [
        (lambda t: t.replace("amount = 400\n", "amount = 400.5\n", 1), "standard.amount"),
        (lambda t: t.replace("benefit_year = 2027", "benefit_yaer = 2027"), "benefit_yaer"),
        (lambda t: "id = ", "TOML"),
    ],
)
def test_check_exits_2_with_one_line_naming_the_file_the_key_and_the_reason(
    tmp_path: Path, change: object, named: str
) -> None:
    policy = copy_example(tmp_path)
    policy.write_text(change(policy.read_text("utf-8")), "utf-8")  # type: ignore[operator]
    result = run("policies", "check", str(policy))
    assert result.exit_code == 2 and result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
    assert f"{EXAMPLE_ID}.toml" in result.stderr and named in result.stderr


def test_check_refuses_a_policy_without_its_cases(tmp_path: Path) -> None:
    policy = copy_example(tmp_path)
    cases_of(policy).unlink()
    result = run("policies", "check", str(policy))
    assert result.exit_code == 2 and "缺少测试用例文件" in result.stderr


def test_install_puts_a_passing_file_in_the_data_folder_where_the_catalogue_uses_it(tmp_path: Path, data: Path) -> None:
    stick = tmp_path / "stick"
    policy = copy_example(stick)
    result = run("policies", "install", str(policy))
    assert result.exit_code == 0, result.output
    installed = data / "policies" / f"{EXAMPLE_ID}.toml"
    assert installed.read_bytes() == policy.read_bytes() and cases_of(installed).is_file()
    loaded = PolicyCatalogue().load(EXAMPLE_ID)
    assert loaded.path == installed and not loaded.bundled


def test_install_refuses_a_file_whose_cases_fail_and_writes_nothing(tmp_path: Path, data: Path) -> None:
    policy = copy_example(tmp_path / "stick")
    break_a_case(policy)
    result = run("policies", "install", str(policy))
    assert result.exit_code == 1 and "未安装" in result.stderr and "999.00" in result.stderr
    assert not (data / "policies").exists()


def test_a_file_dropped_in_the_data_folder_whose_case_fails_is_never_used_and_the_self_test_says_why(
    tmp_path: Path, data: Path
) -> None:
    policy = copy_example(data / "policies")
    break_a_case(policy)
    quoted = CliRunner().invoke(
        cli,
        ["quote", "-"],
        input=json.dumps({"policy": EXAMPLE_ID, "paid_on": "2026-10-01", "people": [{"birth_date": "1980-01-01"}]}),
    )
    assert quoted.exit_code == 2 and "不成立" in quoted.stderr and quoted.stdout == ""  # refused, not quoted
    checks = {c.name: c for c in run_self_test(workdir=tmp_path / "work")}
    line = checks["政策文件"].line()
    assert not checks["政策文件"].ok and f"{EXAMPLE_ID}.cases.toml" in line and "999.00" in line


def test_a_township_update_refused_for_a_failing_case_fails_the_self_test_while_the_bundled_file_is_used(
    tmp_path: Path, data: Path
) -> None:
    target = data / "policies"
    target.mkdir(parents=True)
    text = (POLICY_DIR / "jl-2022.toml").read_text("utf-8").replace("amount = 360\n", "amount = 380\n", 1)
    (target / "jl-2022.toml").write_text(text, "utf-8")
    assert PolicyCatalogue().load("jl-2022").bundled
    check = {c.name: c for c in run_self_test(workdir=tmp_path / "work")}["政策文件"]
    assert not check.ok and "jl-2022.toml 未采用" in check.line() and "380.00" in check.line()


def test_new_writes_an_editable_copy_with_its_cases_moved_to_the_new_year(tmp_path: Path) -> None:
    out = tmp_path / "draft"
    result = run("policies", "new", "hn-2023", "--from", "hn-2022", "--out", str(out))
    assert result.exit_code == 0, result.output
    text = (out / "hn-2023.toml").read_text("utf-8")
    assert 'id = "hn-2023"' in text and "benefit_year = 2023" in text and "start = 2022-09-01" in text
    assert 'name = "湖南省2023年度城乡居民医保参保缴费"' in text
    cases = (out / "hn-2023.cases.toml").read_text("utf-8")
    assert "paid_on = 2022-10-15" in cases and "paid_on = 2021-10-15" not in cases
    notice = (POLICY_DIR / "hn-2022.toml").read_text("utf-8")
    quotes = [line for line in notice.splitlines() if line.startswith("quote = ")]
    assert quotes and all(line in text.splitlines() for line in quotes)  # the notice's words are left to replace
    checked = run("policies", "check", str(out / "hn-2023.toml"))
    assert checked.exit_code == 0 and "全部相符" in checked.stdout  # ages and periods moved together
    assert "全部相符" in result.stdout


def test_new_keeps_the_year_when_the_id_names_none_and_changes_the_jurisdiction_when_asked(tmp_path: Path) -> None:
    result = run(
        "policies", "new", "jl-township", "--from", "jl-2022", "--out", str(tmp_path), "--jurisdiction", "吉林省某县"
    )
    assert result.exit_code == 0, result.output
    text = (tmp_path / "jl-township.toml").read_text("utf-8")
    assert "benefit_year = 2022" in text and 'jurisdiction = "吉林省某县"' in text
    assert "全部相符" in result.stdout  # nothing moved, so every case still holds


def test_new_refuses_an_unknown_source_a_bad_id_and_overwriting(tmp_path: Path) -> None:
    assert run("policies", "new", "xx-2027", "--from", "nope", "--out", str(tmp_path)).exit_code == 2
    assert run("policies", "new", "XX 2027", "--from", "jl-2022", "--out", str(tmp_path)).exit_code == 2
    assert run("policies", "new", "jl-2023", "--from", "jl-2022", "--out", str(tmp_path)).exit_code == 0
    again = run("policies", "new", "jl-2023", "--from", "jl-2022", "--out", str(tmp_path))
    assert again.exit_code == 2 and "已存在" in again.stderr


def test_upgrade_rewrites_a_version_1_file_in_place_and_leaves_a_version_2_file_alone(tmp_path: Path) -> None:
    path = tmp_path / "jl-2022.toml"
    path.write_text((POLICY_DIR / "jl-2022.toml").read_text("utf-8"), "utf-8")
    result = run("policies", "upgrade", str(path))
    assert result.exit_code == 0 and "已升级" in result.stdout
    assert "schema_version = 2" in path.read_text("utf-8")
    again = run("policies", "upgrade", str(path))
    assert again.exit_code == 0 and "已是当前版本" in again.stdout


def test_upgrade_refuses_a_broken_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("id = ", "utf-8")
    result = run("policies", "upgrade", str(path))
    assert result.exit_code == 2 and "broken.toml" in result.stderr
