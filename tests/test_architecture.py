"""The layers point one way and the types hold: checked on every test run."""

import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

BIN = Path(sys.executable).parent


def run_tool(name: str, *args: str) -> subprocess.CompletedProcess[str]:
    exe = shutil.which(name, path=str(BIN)) or name
    return subprocess.run([exe, *args], cwd=ROOT, capture_output=True, text=True, encoding="utf-8")


def test_import_contracts_keep_qt_out_of_the_core_and_layers_one_way() -> None:
    done = run_tool("lint-imports", "--no-cache")
    assert done.returncode == 0, done.stdout + done.stderr


def test_mypy_strict_passes() -> None:
    done = run_tool("mypy")
    assert done.returncode == 0, done.stdout + done.stderr


def test_domain_and_policy_never_read_the_clock() -> None:
    pure = [*ROOT.glob("desktop_app/domain/*.py"), *ROOT.glob("desktop_app/policy/*.py")]
    for path in pure:
        text = path.read_text("utf-8")
        for forbidden in ("date.today(", "datetime.now(", "time.time(", "open("):
            assert forbidden not in text, f"{path.name} uses {forbidden}"
