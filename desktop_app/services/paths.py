"""Where the ledger lives: the user's data folder, or a data/ folder beside the program."""

from __future__ import annotations

import os
import sys
from pathlib import Path

APP_DIR_NAME = "Zhengjiao"
DB_NAME = "zhengjiao.sqlite"


def program_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """A data/ folder beside a built program (portable use from a stick) wins."""
    if getattr(sys, "frozen", False):
        portable = program_dir() / "data"
        if portable.is_dir():
            return portable
    if os.name == "nt":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP_DIR_NAME
    base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / "zhengjiao"


def default_db_path() -> Path:
    env = os.environ.get("ZHENGJIAO_DB")
    return Path(env) if env else data_dir() / DB_NAME


def resource_dir() -> Path:
    """resources/ beside the package, or inside a PyInstaller bundle."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "resources"
    return Path(__file__).resolve().parents[2] / "resources"
