"""The README's "Try it from the CLI alone" block works as written, from the clone, and leaves nothing in it."""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.village import ROOT

pytestmark = pytest.mark.slow  # the suite without these runs again on Python 3.13 in CI

README = ROOT / "README.md"
LEFT_BEHIND = ("新立村.sqlite", "usb", "copy", "县汇总.xlsx", "县汇总.report.json", "backups")


def block_after(words: str) -> str:
    """The first ```sh block after ``words`` in the README."""
    text = README.read_text("utf-8")
    after = text[text.index(words) :]
    found = re.search(r"```sh\n(.*?)```", after, re.DOTALL)
    assert found, f"README: no sh block after {words!r}"
    return found.group(1)


def cli_alone_block() -> str:
    return block_after("Try it from the CLI alone")


def run_block(block: str, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The block in ``sh -e`` from the clone, its mktemp -d under the test's folder; returns the run and that folder."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGJIAO_")}
    env.update(TMPDIR=str(scratch), XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(
        ["sh", "-e", "-c", block], cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600
    )
    return done, scratch


def test_the_cli_alone_block_runs_as_written_in_a_scratch_folder(tmp_path: Path) -> None:
    done, scratch = run_block(cli_alone_block(), tmp_path)
    out = done.stdout
    assert done.returncode == 0, (out, done.stderr)
    assert "已设置：新立村" in out and "新增 2 户、5 人" in out
    assert '"receipt_no": "XL2022000001"' in out and '"rows": 2' in out
    assert "校验通过：新立村 李会计 第1批" in out
    assert "校验未通过" in done.stderr and "退出码 1" in out
    assert "全部核对无误" in out and "新立村 李会计：第 1 批，净额 740.00 元" in out  # Chinese, not JSON
    [made] = scratch.iterdir()
    assert {p.name for p in made.iterdir()} >= {"新立村.sqlite", "usb", "copy", "县汇总.xlsx"}
    assert not [name for name in LEFT_BEHIND if (ROOT / name).exists()]


def test_the_township_policy_trip_runs_as_written_and_refuses_the_file_changed_after_signing(tmp_path: Path) -> None:
    done, scratch = run_block(block_after("try the whole trip from the CLI alone"), tmp_path)
    out = done.stdout
    assert done.returncode == 0, (out, done.stderr)
    assert out.count("共 38 个用例，全部相符") == 2 and "已签名：新政策/ah-sixian-shantou-2027.toml.sig" in out
    assert "乡镇签名" in out and "核对无误" in out  # installed once, signed and checked
    assert "签名后被改动过" in done.stderr and "退出码 2" in out  # the changed copy refused
    assert "【缴费标准】每人每年320元" in out and "已开启2027年度" in out and "已生成 政策明白纸 2027" in out
    [made] = scratch.iterdir()
    assert {p.name for p in made.iterdir()} >= {"大庄村.sqlite", "新政策", "密钥", "明白纸.pdf", "data"}
    installed = made / "data" / "zhengjiao" / "policies" / "ah-sixian-shantou-2027.toml"
    assert installed.is_file() and "改过一个字" not in installed.read_text("utf-8")
    assert not (ROOT / "新政策").exists() and not (ROOT / "密钥").exists()


def isolated_dev(tmp_path: Path, monkeypatch: Any) -> tuple[Any, list[list[str]]]:
    """dev.py loaded afresh, its .venv in ``tmp_path``, every install and run recorded instead of done."""
    spec = importlib.util.spec_from_file_location("dev_under_test", ROOT / "dev.py")
    assert spec is not None and spec.loader is not None
    dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(dev)
    venv_dir = tmp_path / ".venv"
    (venv_dir / "bin").mkdir(parents=True)
    python = venv_dir / "bin" / "python"
    python.write_text("")
    monkeypatch.setattr(dev, "VENV", venv_dir)
    monkeypatch.setattr(dev, "PYTHON", python)
    monkeypatch.setattr(dev, "STAMP", venv_dir / ".installed")
    installs: list[list[str]] = []
    monkeypatch.setattr(dev.subprocess, "run", lambda args, **kw: installs.append(list(args)))
    monkeypatch.setattr(dev.subprocess, "call", lambda args, **kw: 0)
    return dev, installs


def test_dev_py_installs_once_for_run_test_and_zhengjiao(tmp_path: Path, monkeypatch: Any) -> None:
    """`dev.py run` after `dev.py test` does not install again: one stamp for every command."""
    dev, installs = isolated_dev(tmp_path, monkeypatch)
    for command in ("test", "run", "zhengjiao", "test"):
        monkeypatch.setattr(dev.sys, "argv", ["dev.py", command])
        assert dev.main() == 0
    assert len([a for a in installs if "-e" in a]) == 1 and installs[-1][-1] == ".[test]"


def test_the_build_adds_pyinstaller_once_and_the_other_commands_then_install_nothing(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """build_scripts/build.py asks dev.py for the build group on top of what `test` installed."""
    dev, installs = isolated_dev(tmp_path, monkeypatch)
    monkeypatch.setattr(dev.sys, "argv", ["dev.py", "test"])
    assert dev.main() == 0
    dev.ensure_env("build")
    dev.ensure_env("build")
    for command in ("run", "test"):
        monkeypatch.setattr(dev.sys, "argv", ["dev.py", command])
        assert dev.main() == 0
    assert [a[-1] for a in installs if "-e" in a] == [".[test]", ".[build,test]"]
