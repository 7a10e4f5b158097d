"""A damaged index is found by the full check even though the window opens the file with quick_check."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.services.integrity import BackgroundCheck
from desktop_app.services.ledger import Ledger
from desktop_app.store.connection import DamagedDatabaseError
from tests.ledger_fixtures import PASSWORD, make_ledger, wang_household
from tests.ui_support import ModalAnswer, isolated_preferences

__all__ = ["isolated_preferences"]


def damage_an_index(path: Path) -> None:
    """The people_name index now claims to index another column: its entries no longer match
    the table, which only integrity_check (not quick_check) compares."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA writable_schema=ON")
    conn.execute("UPDATE sqlite_master SET sql = 'CREATE INDEX people_name ON people(phone)' "
                 "WHERE name = 'people_name'")
    conn.commit()
    conn.close()


@pytest.fixture
def damaged(tmp_path: Path) -> Path:
    ledger, op, _ = make_ledger(tmp_path)
    wang_household(ledger, op)
    path = ledger.path
    ledger.close()
    damage_an_index(path)
    return path


def test_a_sound_ledger_passes_the_background_check(tmp_path: Path) -> None:
    ledger, op, _ = make_ledger(tmp_path)
    wang_household(ledger, op)
    assert BackgroundCheck(ledger.path).wait() is None
    ledger.close()


def test_the_quick_open_lets_the_damage_through_and_the_background_check_names_it(damaged: Path) -> None:
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
