"""A damaged file is found by the full check that the window runs while the password is typed."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.services.integrity import BackgroundCheck, DamagedDatabaseError
from desktop_app.services.ledger import Ledger
from tests.ui_support import ModalAnswer, isolated_preferences
from tests.village import PASSWORD, XINLI, new_ledger, wang_household

__all__ = ["isolated_preferences"]


def damage_an_index(path: Path) -> None:
    """The people_name index now claims to index another column: its entries no longer match
    the table, which only integrity_check (not quick_check, not opening) notices."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute(
        "UPDATE sqlite_master SET sql = 'CREATE INDEX people_name ON people(phone)' WHERE name = 'people_name'"
    )
    conn.commit()
    conn.close()


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    with new_ledger(tmp_path / "village.sqlite", **XINLI) as ledger:
        wang_household(ledger)
    damage_an_index(ledger.path)
    return ledger.path


def test_a_sound_ledger_passes_the_background_check(xinli: Ledger) -> None:
    wang_household(xinli)
    assert BackgroundCheck(xinli.path).wait() is None


def test_the_deferred_open_lets_the_damage_through_and_the_background_check_names_it(damaged: Path) -> None:
    with pytest.raises(DamagedDatabaseError):
        Ledger.open(damaged)
    ledger = Ledger.open(damaged, full_check=False)
    problem = BackgroundCheck(damaged).wait()
    ledger.close()
    assert problem is not None and "people_name" in problem


def test_the_window_refuses_a_damaged_ledger_after_the_password(qtbot: QtBot, damaged: Path) -> None:
    from desktop_app.ui.app import start
    from desktop_app.ui.login_dialog import LoginDialog

    def log_in(dialog: LoginDialog) -> None:
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    told: list[str] = []

    def read_and_close(box: QMessageBox) -> None:
        told.append(box.text())
        box.close()

    login = ModalAnswer(LoginDialog, log_in, timeout_ms=20000)
    refusal = ModalAnswer(QMessageBox, read_and_close, timeout_ms=20000)
    assert start(damaged) is None
    login.check()
    refusal.check()
    assert "已损坏" in told[0] and "restore" in told[0]


def test_a_file_that_is_not_a_database_is_refused_even_when_the_check_is_deferred(tmp_path: Path) -> None:
    path = tmp_path / "village.sqlite"
    path.write_bytes(b"this is a spreadsheet, not a ledger" * 200)
    with pytest.raises(DamagedDatabaseError):
        Ledger.open(path, full_check=False)


def test_a_damaged_file_with_pending_migrations_is_checked_before_anything_is_written(damaged: Path) -> None:
    conn = sqlite3.connect(damaged)
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = '0004_operator_prefix'")
    conn.commit()
    conn.close()
    with pytest.raises(DamagedDatabaseError):
        Ledger.open(damaged, full_check=False)
