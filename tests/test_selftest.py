"""``zhengjiao --self-test``: one line per check, exit 0 only when all pass, nothing of the
village's data touched — the same command CI runs on the built program."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from desktop_app.cli import cli
from desktop_app.services import selftest
from desktop_app.services.selftest import Check, passed, run_self_test
from tests.village import POLICY_DIR, ROOT

CHECKS = ["程序", "随附文件", "政策用例", "政策文件", "临时数据库", "收费", "收据 PDF", "上报批次"]


@pytest.fixture(autouse=True)
def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "xdg"
    monkeypatch.setenv("XDG_DATA_HOME", str(folder))
    monkeypatch.delenv("ZHENGJIAO_POLICIES", raising=False)
    return folder


def test_every_check_passes_on_the_source_tree_and_keeps_its_files_where_asked(tmp_path: Path) -> None:
    seen: list[Check] = []
    checks = run_self_test(report=seen.append, workdir=tmp_path / "work")
    assert [c.name for c in checks] == CHECKS and seen == checks
    assert passed(checks), "\n".join(c.line() for c in checks)
    assert all(c.line().startswith("通过  ") for c in checks)
    assert (tmp_path / "work" / "receipt.pdf").read_bytes().startswith(b"%PDF-")
    assert list((tmp_path / "work" / "batch").glob("*.xlsx"))
    counts = next(c.detail for c in checks if c.name == "政策用例")
    assert all(p.stem in counts for p in POLICY_DIR.glob("*.toml") if not p.name.endswith(".cases.toml"))


def test_a_policy_case_that_no_longer_holds_fails_its_line_and_the_rest_still_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bundle = tmp_path / "policies"
    bundle.mkdir()
    for path in POLICY_DIR.glob("*.toml"):
        (bundle / path.name).write_text(path.read_text("utf-8"), "utf-8")
    cases = bundle / "jl-2022.cases.toml"
    cases.write_text(cases.read_text("utf-8").replace('due = "240.00"', 'due = "999.00"', 1), "utf-8")
    monkeypatch.setattr(selftest, "bundled_policy_dir", lambda: bundle)
    checks = {c.name: c for c in run_self_test()}
    assert (
        not checks["政策用例"].ok and "jl-2022" in checks["政策用例"].detail and "999.00" in checks["政策用例"].detail
    )
    assert checks["收费"].ok and checks["上报批次"].ok
    assert not passed(list(checks.values()))


def test_when_the_ledger_cannot_be_made_the_checks_that_need_it_say_they_did_not_run(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    broken = selftest.POLICY_TEXT.replace("benefit_year = 2024", 'benefit_year = "xx"')
    monkeypatch.setattr(selftest, "POLICY_TEXT", broken)
    checks = {c.name: c for c in run_self_test()}
    assert not checks["临时数据库"].ok and "benefit_year" in checks["临时数据库"].detail
    assert "\n" not in checks["临时数据库"].line()  # one line per check, however many problems
    for name in ("收费", "收据 PDF", "上报批次"):
        assert not checks[name].ok and checks[name].detail.startswith("未运行（")


def test_the_self_test_needs_no_jurisdiction_of_the_bundle_for_its_payment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "no-policies"
    empty.mkdir()
    monkeypatch.setattr(selftest, "bundled_policy_dir", lambda: empty)
    monkeypatch.setenv("ZHENGJIAO_POLICIES", str(empty))
    checks = {c.name: c for c in run_self_test(workdir=tmp_path / "work")}
    assert not checks["政策用例"].ok  # the bundle itself is what that check is about
    assert all(checks[name].ok for name in ("临时数据库", "收费", "收据 PDF", "上报批次")), checks
    assert selftest.SELFTEST_POLICY in checks["临时数据库"].detail
    own = (tmp_path / "work" / "policies").glob("*.toml")
    assert sorted(p.name for p in own) == [f"{selftest.SELFTEST_POLICY}.cases.toml", f"{selftest.SELFTEST_POLICY}.toml"]


def test_the_global_option_prints_one_line_per_check_and_exits_one_on_a_failure(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ok = CliRunner().invoke(cli, ["--self-test"])
    assert ok.exit_code == 0, ok.output
    lines = ok.stdout.splitlines()
    assert lines[0].startswith("征缴通自检") and lines[-1] == f"自检全部通过（共 {len(CHECKS)} 项）"
    assert [line.split("  ")[1].split("：")[0] for line in lines[1:-1]] == CHECKS
    monkeypatch.setattr(selftest, "REQUIRED_RESOURCES", ("fonts/没有这个字体.ttc",))
    bad = CliRunner().invoke(cli, ["--self-test"])
    assert bad.exit_code == 1
    assert "失败  随附文件" in bad.stdout and "没有这个字体.ttc" in bad.stdout and "未通过：1 项失败" in bad.stdout


def test_the_self_test_runs_headless_without_being_told_and_leaves_the_data_folder_alone(own_data_folder: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["XDG_DATA_HOME"] = str(own_data_folder)
    done = subprocess.run(
        [sys.executable, "-m", "desktop_app", "--self-test"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.count("\n通过  ") == len(CHECKS)
    assert not own_data_folder.exists()
