"""断保与补缴年数 in the window (issue 13, 2.): the collector enters, by keyboard, the years someone new to
the village was uncovered before the benefit year; the quote receives them; a figure that cannot be true is
refused with a red line and nothing written; 清除登记 gives the ledger's own figure back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.operators import Acting
from desktop_app.domain.register import PersonInput
from desktop_app.services.audit_log import verify_chain
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import person_request
from desktop_app.services.register import add_household, add_person, get_person
from desktop_app.services.years import history_entries, history_for
from desktop_app.ui.history_dialog import HistoryDialog
from desktop_app.ui.main_window import MainWindow
from tests.ui_support import (
    ModalAnswer,
    back_to,
    focused,
    isolated_preferences,
    press,
    press_in_menu,
    show_active,
    type_chinese,
)
from tests.village import acting

__all__ = ["isolated_preferences"]

NEWCOMER = resident_id("220102", "1980-06-01", 313)


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting, int]:
    """新立村 in 2022: 刘新 moved in from another county and is the one member of his household."""
    op = acting(xinli, "李会计")
    household = add_household(xinli, op, "0009", "新立村三组1号", "三组", "13900000009")
    person = add_person(xinli, op, household, PersonInput("刘新", NEWCOMER, relation="户主"))
    return xinli, op, person


def open_for_newcomer(qtbot: QtBot, window: MainWindow, act: ModalAnswer) -> None:
    """Find 刘新 by his initials, go to the members (Enter), then 户籍 (Alt+H) → 断保与补缴年数 (L)."""
    press(qtbot, Qt.Key.Key_F, modifier=Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, "lx")
    qtbot.waitUntil(lambda: window.presenter.household_id is not None, timeout=3000)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is window.members and window.current_member() is not None
    press(qtbot, Qt.Key.Key_H, modifier=Qt.KeyboardModifier.AltModifier)
    press_in_menu(qtbot, Qt.Key.Key_L)
    qtbot.waitUntil(lambda: bool(act.seen) or act.error is not None, timeout=5000)
    act.check()
    back_to(qtbot, window)


def test_the_collector_enters_three_uncovered_years_and_the_quote_receives_them(
    qtbot: QtBot, village: tuple[Ledger, Acting, int]
) -> None:
    ledger, op, person = village
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    assert history_for(ledger, [person])[person].uncovered_years is None  # the ledger never had 2021 open

    def enter(d: HistoryDialog) -> None:
        assert "账本中没有记录" in d.now_label.text() and "还没有登记过" in d.entries_label.text()
        assert focused() is d.uncovered.lineEdit() or focused() is d.uncovered
        qtbot.keyClicks(focused(), "3")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), "1")
        press(qtbot, Qt.Key.Key_Tab)
        type_chinese(d.note, "县医保系统查询：2019—2021年未参保，已补缴2021年")
        press(qtbot, Qt.Key.Key_Return)  # 登记
        assert d.message.kind == "ok" and "断保3年，补缴1年" in d.message.text()
        assert "李会计：断保3年，补缴1年" in d.entries_label.text() and d.clear_button.isEnabled()
        press(qtbot, Qt.Key.Key_Escape)

    open_for_newcomer(qtbot, window, ModalAnswer(HistoryDialog, enter))
    found = history_for(ledger, [person])[person]
    assert (found.uncovered_years, found.back_paid_years, found.source) == (3, 1, "entered")
    asked = person_request(ledger, get_person(ledger, person), ledger.now().date(), history=found)
    assert (asked.uncovered_years, asked.back_paid_years) == (3, 1)
    assert verify_chain(ledger).ok


def test_more_years_paid_back_than_uncovered_is_refused_and_nothing_is_written(
    qtbot: QtBot, village: tuple[Ledger, Acting, int]
) -> None:
    ledger, op, person = village
    dialog = HistoryDialog(ledger, op, person)
    show_active(qtbot, dialog)
    dialog.uncovered.setValue(1)
    dialog.back_paid.setValue(2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert dialog.message.kind == "error" and "补缴年数（2年）不能多于断保年数（1年）" in dialog.message.text()
    assert focused() is dialog.back_paid or focused() is dialog.back_paid.lineEdit()
    assert history_entries(ledger, person) == [] and not dialog.changed


def test_clearing_the_entry_gives_the_ledgers_own_figure_back(
    qtbot: QtBot, village: tuple[Ledger, Acting, int]
) -> None:
    ledger, op, person = village
    dialog = HistoryDialog(ledger, op, person)
    show_active(qtbot, dialog)
    dialog.uncovered.setValue(2)
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert history_for(ledger, [person])[person].uncovered_years == 2
    qtbot.mouseClick(dialog.clear_button, Qt.MouseButton.LeftButton)
    assert dialog.message.kind == "ok" and not dialog.clear_button.isEnabled()
    assert history_for(ledger, [person])[person].uncovered_years is None
    assert [e.cleared for e in history_entries(ledger, person)] == [False, True]  # both rows kept
