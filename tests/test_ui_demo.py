"""The demo village behind ``zhengjiao gui --demo``: built once, on a day in the season."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.demo.village import (
    DEMO_COLLECTOR,
    DEMO_GROUPS,
    DEMO_PASSWORD,
    build_demo,
    demo_day,
    open_demo,
)
from desktop_app.services.operators import login
from desktop_app.services.summaries import participation, today_totals
from tests.ui_support import ModalAnswer, isolated_preferences

__all__ = ["isolated_preferences"]


def test_the_demo_village_has_groups_identities_and_payments(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite"
    ledger = open_demo(path, people=300)
    try:
        assert ledger.now().date() == demo_day()
        assert login(ledger, DEMO_COLLECTOR, DEMO_PASSWORD).name == DEMO_COLLECTOR
        db = ledger.db
        assert db.execute("SELECT COUNT(*) FROM people").fetchone()[0] == 301  # and the newborn
        assert {r[0] for r in db.execute("SELECT DISTINCT village_group FROM households")} <= set(DEMO_GROUPS)
        sources = {r[0] for r in db.execute("SELECT DISTINCT source FROM identities")}
        assert sources and sources <= {"民政", "乡村振兴"}
        assert db.execute("SELECT COUNT(*) FROM people WHERE id_number IS NULL").fetchone()[0] == 1
        assert db.execute("SELECT COUNT(*) FROM voids").fetchone()[0] == 1
        count, cash = today_totals(ledger, demo_day())
        assert count > 0 and cash > 0
        overall, groups = participation(ledger)
        assert 0 < overall.paid < overall.active and len(groups) == len(DEMO_GROUPS)
    finally:
        ledger.close()
    assert not path.with_name(path.name + ".building").exists()
    before = path.stat().st_mtime_ns
    open_demo(path).close()  # built once: opening again does not rebuild
    assert path.stat().st_mtime_ns == before


def test_the_demo_is_the_same_every_time(tmp_path: Path) -> None:
    a, b = build_demo(tmp_path / "a.sqlite", people=120), build_demo(tmp_path / "b.sqlite", people=120)
    rows = []
    for path in (a, b):
        ledger = open_demo(path)
        rows.append(ledger.db.execute("SELECT receipt_no, total_due FROM payments ORDER BY id").fetchall())
        ledger.close()
    assert rows[0] == rows[1] and rows[0]


def test_gui_demo_asks_for_the_shown_password_then_opens_the_window(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop_app.ui.app import start
    from desktop_app.ui.login_dialog import LoginDialog

    def log_in(dialog: LoginDialog) -> None:
        assert DEMO_PASSWORD in dialog.message.text()
        qtbot.keyClicks(dialog.password, DEMO_PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    answer = ModalAnswer(LoginDialog, log_in, timeout_ms=20000)
    window = start(tmp_path / "demo.sqlite", demo=True)
    answer.check()
    assert window is not None
    qtbot.addWidget(window)
    assert window.acting.operator.name == DEMO_COLLECTOR
    assert window.household_model.total > 0 and window.presenter.today() == demo_day()
    qtbot.waitUntil(lambda: window.unexported_label.text() != "未导出：…", timeout=5000)
    window.close()
    window.ledger.close()


def test_without_a_database_the_wizard_opens_and_cancel_leaves_quietly(qtbot: QtBot, tmp_path: Path) -> None:
    from desktop_app.ui.app import start
    from desktop_app.ui.wizard import SetupWizard

    answer = ModalAnswer(SetupWizard, lambda w: w.reject())
    assert start(tmp_path / "none.sqlite") is None
    answer.check()
