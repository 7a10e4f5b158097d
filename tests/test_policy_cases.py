"""Every case beside every bundled policy file holds."""

from pathlib import Path

import pytest

from desktop_app.policy.cases import Case, parse_cases, run_case
from desktop_app.policy.loader import parse_policy
from tests.village import POLICY_DIR

POLICY_FILES = sorted(p for p in POLICY_DIR.glob("*.toml") if not p.name.endswith(".cases.toml"))


def _cases() -> list[tuple[Path, Case]]:
    out = []
    for path in POLICY_FILES:
        cases_path = path.with_name(path.stem + ".cases.toml")
        if cases_path.exists():
            out += [(path, c) for c in parse_cases(cases_path.read_text("utf-8"), cases_path.name)]
    return out


CASES = _cases()


@pytest.mark.parametrize(("path", "case"), CASES, ids=[f"{p.stem}: {c.name}" for p, c in CASES])
def test_policy_case(path: Path, case: Case) -> None:
    policy = parse_policy(path.read_text("utf-8"), path.name)
    problems = run_case(policy, case)
    assert not problems, f"{case.name}（{case.clause}）\n" + "\n".join(problems)


def test_there_is_at_least_one_bundled_policy_and_every_one_has_its_cases_file() -> None:
    assert POLICY_FILES, f"{POLICY_DIR} 中没有政策文件"
    assert all(p.with_name(p.stem + ".cases.toml").is_file() for p in POLICY_FILES)


@pytest.mark.parametrize("path", POLICY_FILES, ids=[p.stem for p in POLICY_FILES])
def test_each_policy_has_at_least_twelve_cases_each_citing_a_clause(path: Path) -> None:
    cases = [c for p, c in CASES if p == path]
    assert len(cases) >= 12, f"{path.name} 只有 {len(cases)} 个测试用例"
    assert all(c.clause.strip() for c in cases)
    names = [c.name for c in cases]
    assert len(names) == len(set(names)), "用例名称重复"
