"""Benefit years in the window, by keyboard: 文件 → 新年度… (the admin) offers only the next year's
policies whose cases pass, shows what changes, asks the admin password and moves the window to the
new year; 查看 → 工作年度 moves it back and forth, every list following."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import set_admin_password
from desktop_app.services.policies import PolicyCatalogue
from desktop_app.ui import year_actions
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.year_dialog import NewYearDialog
from tests.ui_support import ModalAnswer, back_to, focused, isolated_preferences, press, show_active
from tests.village import PASSWORD, POLICY_DIR, Clock, acting, family, pay_for
from tests.years_support import years_ledger

__all__ = ["isolated_preferences"]
ALT = Qt.KeyboardModifier.AltModifier
ADMIN = "guanli-2022"


@pytest.fixture
def village(tmp_path: Path, clock: Clock) -> Iterator[Ledger]:
    """A jl-2022 village (张会计) that can open jl-2023 …; one household paid in 2022; it is November 2022."""
    ledger = years_ledger(tmp_path / "years.sqlite", clock, tmp_path / "policies")
    first, _ = family(ledger, "0001", date(1980, 1, 1), date(1982, 2, 2))
    pay_for(ledger, [first])
    clock.now = datetime(2022, 11, 1, 9, 30)
    yield ledger
    ledger.close()


@pytest.fixture
def window(qtbot: QtBot, village: Ledger) -> MainWindow:
    w = MainWindow(village, acting(village))
    show_active(qtbot, w)
    return w


def type_password(qtbot: QtBot, dialog: NewYearDialog, password: str) -> None:
    qtbot.keyClick(dialog, Qt.Key.Key_W, ALT)
    assert focused() is dialog.password
    qtbot.keyClicks(dialog.password, password)


def open_new_year(
    qtbot: QtBot, window: MainWindow, act: Callable[[NewYearDialog], None], opens: bool = True
) -> NewYearDialog:
    """新年度 from the window; ``act`` drives the dialog; when a year opens, the window's notice is closed."""
    answer = ModalAnswer(NewYearDialog, act)
    info = ModalAnswer(QMessageBox, lambda box: box.accept()) if opens else None
    year_actions.open_new_year(window)
    dialog = answer.check()
    if info is not None:
        info.check()
    back_to(qtbot, window)
    assert isinstance(dialog, NewYearDialog)
    return dialog


def test_new_year_offers_the_next_years_policies_shows_the_changes_and_moves_the_window(
    qtbot: QtBot, window: MainWindow
) -> None:
    seen: dict[str, object] = {}

    def act(dialog: NewYearDialog) -> None:
        seen["year"] = dialog.year.value()
        seen["policies"] = [dialog.policies.item(i).text() for i in range(dialog.policies.count())]
        seen["changes"] = dialog.changes.toPlainText()
        assert focused() is dialog.policies
        type_password(qtbot, dialog, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    open_new_year(qtbot, window, act)
    assert seen["year"] == 2023 and seen["policies"] == ["吉林省2023年度城乡居民医保参保缴费（吉林省）"]
    changed = str(seen["changes"])  # jl-2023 here is jl-2022 moved on: the same amounts, the dates a year later
    assert "待遇享受期：2022-01-01 至 2022-12-31 → 2023-01-01 至 2023-12-31" in changed
    assert "个人缴费" not in changed
    assert [y.year for y in window.ledger.years()] == [2022, 2023]
    assert window.acting.benefit_year == 2023
    assert window.who_label.text().endswith("2023年度")
    assert "2023年度" in window.windowTitle()
    assert window.household_model.rows[0].unpaid == 2  # the 2022 payment does not cover 2023


def test_a_wrong_password_is_refused_and_no_year_is_opened(qtbot: QtBot, window: MainWindow) -> None:
    messages: list[str] = []

    def act(dialog: NewYearDialog) -> None:
        type_password(qtbot, dialog, "wrong-one")
        press(qtbot, Qt.Key.Key_Return)
        messages.append(dialog.message.text())
        assert dialog.isVisible()
        press(qtbot, Qt.Key.Key_Escape)

    open_new_year(qtbot, window, act, opens=False)
    assert "密码不正确" in messages[0]
    assert [y.year for y in window.ledger.years()] == [2022] and window.acting.benefit_year == 2022


def test_with_an_admin_password_set_the_collectors_own_is_not_enough(qtbot: QtBot, window: MainWindow) -> None:
    set_admin_password(window.ledger, window.acting, ADMIN)
    messages: list[str] = []

    def act(dialog: NewYearDialog) -> None:
        assert any(label.text().startswith("管理密码") for label in dialog.findChildren(QLabel))
        type_password(qtbot, dialog, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)
        messages.append(dialog.message.text())
        dialog.password.selectAll()
        qtbot.keyClicks(dialog.password, ADMIN)
        press(qtbot, Qt.Key.Key_Return)

    open_new_year(qtbot, window, act)
    assert "管理密码不正确" in messages[0]
    assert window.acting.benefit_year == 2023


def test_a_policy_whose_cases_fail_is_not_offered_and_is_named_with_why(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    folder = tmp_path / "policies"
    cases = folder / "jl-2023.cases.toml"
    cases.write_text(cases.read_text("utf-8").replace('"360.00"', '"1.00"'), "utf-8")
    window.ledger.catalogue = PolicyCatalogue([POLICY_DIR, folder])
    seen: dict[str, str] = {}

    def act(dialog: NewYearDialog) -> None:
        seen["count"] = str(dialog.policies.count())
        seen["refused"] = dialog.refused.text()
        seen["message"] = dialog.message.text()
        assert not dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        press(qtbot, Qt.Key.Key_Escape)

    open_new_year(qtbot, window, act, opens=False)
    assert seen["count"] == "0" and "jl-2023" in seen["refused"] and "没有2023年度可用的政策" in seen["message"]


def test_a_policy_of_several_areas_asks_the_area_and_the_year_keeps_it(qtbot: QtBot, window: MainWindow) -> None:
    def act(dialog: NewYearDialog) -> None:
        assert dialog.area.isVisibleTo(dialog)
        names = [dialog.area.itemText(i) for i in range(dialog.area.count())]
        assert names[0] == "（不分地区）" and len(names) > 2
        qtbot.keyClick(dialog, Qt.Key.Key_A, ALT)
        press(qtbot, Qt.Key.Key_Down)
        chosen = dialog.area.currentData()
        assert chosen
        dialog.setProperty("chosen", chosen)
        type_password(qtbot, dialog, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    dialog = open_new_year(qtbot, window, act)
    assert window.ledger.year(2023).area == dialog.property("chosen")


def test_the_working_year_menu_moves_the_window_back_to_2022_and_forward_again(
    qtbot: QtBot, window: MainWindow
) -> None:
    def act(dialog: NewYearDialog) -> None:
        type_password(qtbot, dialog, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    open_new_year(qtbot, window, act)
    menu = next(m for m in window.findChildren(QMenu) if m.title() == "工作年度(&Y)")
    menu.aboutToShow.emit()
    years = [a.text() for a in menu.actions()]
    assert years == ["2022年度(&2)", "2023年度(&3)"]
    assert [a.isChecked() for a in menu.actions()] == [False, True]
    menu.actions()[0].trigger()
    assert window.acting.benefit_year == 2022 and window.who_label.text().endswith("2022年度")
    assert window.household_model.rows[0].unpaid == 1  # in 2022 one of the two has paid
    assert "2022年度" in window.statusBar().currentMessage() and "2023" in window.statusBar().currentMessage()
    year_actions.switch_year(window, 2023)
    assert window.acting.benefit_year == 2023 and window.household_model.rows[0].unpaid == 2


def test_the_keys_and_menus_are_listed(window: MainWindow) -> None:
    texts = [a.text() for m in window.menuBar().actions() if m.menu() for a in m.menu().actions()]
    assert "新年度(&N)…" in texts and "工作年度(&Y)" in texts
    assert any("新年度" in line for _, line in window.actions_.keys)
