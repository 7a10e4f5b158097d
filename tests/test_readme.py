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


def cli_alone_block() -> str:
    """The first ```sh block after the words "Try it from the CLI alone"."""
    text = README.read_text("utf-8")
    after = text[text.index("Try it from the CLI alone") :]
    found = re.search(r"```sh\n(.*?)```", after, re.DOTALL)
    assert found, "README: no sh block after 'Try it from the CLI alone'"
    return found.group(1)


def test_the_cli_alone_block_runs_as_written_in_a_scratch_folder(tmp_path: Path) -> None:
    block = cli_alone_block()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("ZHENGJIAO_")}
    # mktemp -d makes the scratch folder under the test's own; the data folder is the test's too
    env.update(TMPDIR=str(scratch), XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"))
    done = subprocess.run(
        ["sh", "-e", "-c", block], cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8", timeout=600
    )
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
