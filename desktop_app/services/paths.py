"""Where things are: the program's own files, and the user's data (ledger, policies, logs).

Two kinds of place, kept apart on purpose:

- What ships with the program (policies/, resources/) is read through
  ``importlib.resources`` (desktop_app._bundled says how a wheel, the PyInstaller folder
  and a source checkout each carry it). It is read-only: a township never edits it.
- What belongs to the village (the database, its backups, newer policy files, crash
  logs) lives in the user's data folder, ``%LOCALAPPDATA%\\Zhengjiao`` on Windows and
  ``$XDG_DATA_HOME/zhengjiao`` (``~/.local/share/zhengjiao``) on Linux — unless a
  ``data/`` folder sits beside the built executable: then that folder is used, so the
  whole program and its ledger travel together on a USB stick.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from importlib.resources.abc import Traversable
from pathlib import Path

from desktop_app import _bundled

APP_DIR_NAME = "Zhengjiao"
DB_NAME = "zhengjiao.sqlite"
PORTABLE_DIR = "data"
POLICIES_DIR = "policies"
LOGS_DIR = "logs"

_SOURCE_ROOT = Path(__file__).resolve().parents[2]


def is_frozen() -> bool:
    """True in the built program (PyInstaller sets ``sys.frozen``)."""
    return bool(getattr(sys, "frozen", False))


def program_dir() -> Path:
    """The folder the collector copied: the one holding the executable (or the source tree)."""
    if is_frozen():
        return Path(sys.executable).resolve().parent
    return _SOURCE_ROOT


def resource_files() -> Traversable:
    """resources/ (font, icons, style sheet, export templates) as this installation ships it."""
    return _bundled.resource_files()


def bundled_policy_files() -> Traversable:
    """The policy files that shipped with this version of the program."""
    return _bundled.policy_files()


def resource_dir() -> Path:
    """resources/ as a folder on disk (Qt loads the icon, the style sheet and the font by file name)."""
    return _bundled.resource_dir()


def bundled_policy_dir() -> Path:
    """The shipped policies/ as a folder on disk (the catalogue shows each file's path and hash)."""
    return _bundled.policy_dir()


def portable_data_dir() -> Path | None:
    """``data/`` beside the built executable, when the township created one; else None.

    Only for the built program: in a source tree the folder beside the code is the
    developer's, not a village's.
    """
    if not is_frozen():
        return None
    portable = program_dir() / PORTABLE_DIR
    return portable if portable.is_dir() else None


def user_data_dir(system: str | None = None, environ: Mapping[str, str] | None = None) -> Path:
    """The per-user data folder of the operating system (not created here).

    ``system`` and ``environ`` default to this machine's; tests pass Windows' to check its rule.
    """
    system = system or os.name
    environ = os.environ if environ is None else environ
    if system == "nt":
        base = Path(environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
        return base / APP_DIR_NAME
    base = Path(environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_DIR_NAME.lower()


def data_dir() -> Path:
    """Where the village's data lives: a portable data/ folder wins over the user's folder."""
    return portable_data_dir() or user_data_dir()


def policy_override_dir() -> Path:
    """``<data>/policies``: a newer policy file dropped here replaces the bundled one."""
    return data_dir() / POLICIES_DIR


def log_dir() -> Path:
    """``<data>/logs``: crash logs a township clerk can send on."""
    return data_dir() / LOGS_DIR


def default_db_path() -> Path:
    env = os.environ.get("ZHENGJIAO_DB")
    return Path(env) if env else data_dir() / DB_NAME
