"""Helpers for the tests of policy files a township writes: the made-up example of every key of
schema version 2, copied where a test may change it, and a data folder of the test's own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.village import DATA

EXAMPLE_DIR = DATA / "policies_v2"
EXAMPLE_ID = "example-2027"
KEY_PASSWORD = "xiangzhen-2026"


def copy_example(folder: Path, policy_id: str = EXAMPLE_ID) -> Path:
    """The example policy and its cases, copied into ``folder``; the path of the policy file."""
    folder.mkdir(parents=True, exist_ok=True)
    for path in EXAMPLE_DIR.glob(f"{policy_id}*.toml"):
        shutil.copy(path, folder / path.name)
    return folder / f"{policy_id}.toml"


def cases_of(policy_path: Path) -> Path:
    return policy_path.with_name(policy_path.stem + ".cases.toml")


def own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point the program's data folder (policies, trusted keys) at the test's own."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("ZHENGJIAO_POLICIES", raising=False)
    monkeypatch.delenv("ZHENGJIAO_KEY_PASSWORD", raising=False)
    return tmp_path / "xdg" / "zhengjiao"
