"""First run, login and settings, driven through the real dialogs with the keyboard."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLabel
from pytestqt.qtbot import QtBot

from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import add_operator, check_admin_password, login
from desktop_app.services.register import add_household
from desktop_app.store.transactions import immediate
from desktop_app.ui.login_dialog import LoginDialog
from desktop_app.ui.settings_dialog import SettingsDialog
from desktop_app.ui.widgets import FONT_SIZES, saved_font_size
from desktop_app.ui.wizard import SetupWizard
from tests.ui_support import focused, isolated_preferences, press, show_active, type_chinese
from tests.village import PASSWORD, Clock, acting

__all__ = ["isolated_preferences"]


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting]:
    """新立村 and its collector 李会计, acting in 2022."""
    return xinli, acting(xinli, "李会计")


def test_the_wizard_creates_a_ledger_from_the_keyboard_alone(qtbot: QtBot, tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite"
    wizard = SetupWizard(path, clock=Clock(datetime(2021, 11, 1, 9)))
    show_active(qtbot, wizard)
    assert wizard.currentPage() is wizard.mode_page and wizard.mode_page.village.isChecked()
    press(qtbot, Qt.Key.Key_Enter)  # 村
    page = wizard.policy_page
    assert wizard.currentPage() is page and not page.warning.isVisible()  # jl-2022 is still collecting
    jl = next(i for i, c in enumerate(page.choices) if c.id == "jl-2022")
    page.policies.setFocus()
    page.policies.setCurrentRow(0)
    press(qtbot, Qt.Key.Key_Down, jl)
    assert page.choice() is not None and page.choice().id == "jl-2022"  # type: ignore[union-attr]
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is page, "jl-2022 needs an area before going on"
    assert "地区" in page.message.text()
    page.area.setFocus()
    press(qtbot, Qt.Key.Key_Down)  # 长春市
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.village_page

    type_chinese(focused(), "新立村")
    press(qtbot, Qt.Key.Key_Tab)
    focused().selectAll()  # type: ignore[attr-defined]
    type_chinese(focused(), "一组、二组、三组")
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.collector_page

    type_chinese(focused(), "李会计")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "abcd1")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "abcd2")
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.collector_page
    assert "两次输入的密码不一样" in wizard.collector_page.message.text()
    assert focused() is wizard.collector_page.password_again
    qtbot.keyClicks(focused(), "abcd1")
    assert wizard.collector_page.prefix.text() == "XLC"
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.admin_page and focused() is wizard.admin_page.password
    qtbot.keyClicks(focused(), "guanli9")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "guanli9")
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.confirm_page
    assert "长春市" in wizard.confirm_page.summary.text()
    press(qtbot, Qt.Key.Key_Enter)

    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.ledger is not None and wizard.acting is not None
    year, settings = wizard.ledger.year(), wizard.ledger.settings
    assert (year.policy_id, year.area, settings.village) == ("jl-2022", "changchun", "新立村")
    assert wizard.acting.year == year and year.year == 2022
    assert settings.village_groups == ("一组", "二组", "三组")
    assert settings.receipt_prefix == wizard.acting.operator.receipt_prefix == "XLC"
    assert login(wizard.ledger, "李会计", "abcd1").name == wizard.acting.name == "李会计"
    check_admin_password(wizard.ledger, "guanli9")  # the admin password, kept as a hash only
    assert "guanli9" not in str(wizard.ledger.db.execute("SELECT * FROM settings").fetchall())
    wizard.ledger.close()


def test_the_wizard_offers_the_policy_target_and_no_area_where_there_is_none(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = SetupWizard(tmp_path / "st.sqlite")
    show_active(qtbot, wizard)
    wizard.next()  # 村
    page = wizard.policy_page
    page.policies.setCurrentRow(next(i for i, c in enumerate(page.choices) if c.id == "ah-sixian-shantou-2022"))
    assert not page.area.isEnabled()
    wizard.next()
    wizard.village_page.village.setText("大庄村")
    wizard.next()
    assert wizard.collector_page.target.text() == "99"
    assert wizard.collector_page.prefix.text() == "DZC"


def test_login_refuses_a_wrong_password_and_lets_the_right_one_in(qtbot: QtBot, village: tuple[Ledger, Acting]) -> None:
    ledger, _ = village
    dialog = LoginDialog(ledger)
    show_active(qtbot, dialog)
    assert focused() is dialog.password
    qtbot.keyClicks(dialog.password, "wrong")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.acting is None
    assert "不正确" in dialog.message.text()
    assert dialog.password.text() == ""
    qtbot.keyClicks(dialog.password, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.acting is not None and dialog.acting.name == "李会计"


def test_login_chooses_among_the_active_collectors_and_acts_in_the_latest_year(
    qtbot: QtBot, village: tuple[Ledger, Acting]
) -> None:
    ledger, _ = village
    with immediate(ledger.db):
        add_operator(ledger, "赵组长", "zuzhang1", "ZZ")
    dialog = LoginDialog(ledger)
    show_active(qtbot, dialog)
    assert [dialog.collector.itemText(i) for i in range(dialog.collector.count())] == ["李会计", "赵组长"]
    dialog.collector.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.collector.currentText() == "赵组长"
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), PASSWORD)  # 李会计's password is not 赵组长's
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.acting is None
    qtbot.keyClicks(dialog.password, "zuzhang1")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.acting is not None
    assert (dialog.acting.name, dialog.acting.benefit_year) == ("赵组长", 2022)
    again = LoginDialog(ledger)  # the last collector to log in on this computer comes first
    qtbot.addWidget(again)
    assert again.collector.currentText() == "赵组长"


def test_login_shows_the_demo_password_only_when_given(qtbot: QtBot, village: tuple[Ledger, Acting]) -> None:
    ledger, _ = village
    plain, demo = LoginDialog(ledger), LoginDialog(ledger, hint="演示数据库：密码 1234")
    qtbot.addWidget(plain)
    qtbot.addWidget(demo)
    assert plain.message.text() == ""
    assert "1234" in demo.message.text()


def test_settings_save_groups_target_prefix_and_font_size(qtbot: QtBot, village: tuple[Ledger, Acting]) -> None:
    ledger, op = village
    dialog = SettingsDialog(ledger, op)
    show_active(qtbot, dialog)
    dialog.groups.selectAll()
    type_chinese(dialog.groups, "一组 二组 三组 四组")
    dialog.target.setText("97.5")
    dialog.prefix.setText("xl2")
    dialog.font_size.setCurrentText("大")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    s = ledger.settings
    assert (s.village_groups, s.participation_target, s.receipt_prefix) == (
        ("一组", "二组", "三组", "四组"),
        "97.5",
        "XL2",
    )
    assert saved_font_size() == "大"
    app = QApplication.instance()
    assert isinstance(app, QApplication) and app.font().pointSize() == FONT_SIZES["大"]
    audit = ledger.db.execute("SELECT action FROM audit_log ORDER BY seq DESC LIMIT 1").fetchone()[0]
    assert audit == "settings.save"


def test_settings_refuse_to_drop_a_group_that_households_belong_to(
    qtbot: QtBot, village: tuple[Ledger, Acting]
) -> None:
    ledger, op = village
    add_household(ledger, op, "0009", "", "二组")
    dialog = SettingsDialog(ledger, op)
    show_active(qtbot, dialog)
    dialog.groups.selectAll()
    type_chinese(dialog.groups, "一组")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "二组" in dialog.message.text() and "不能删除" in dialog.message.text()
    assert ledger.settings.village_groups == ("一组", "二组")


def test_settings_show_the_years_policy_and_area_and_who_is_logged_in(
    qtbot: QtBot, village: tuple[Ledger, Acting]
) -> None:
    ledger, op = village
    dialog = SettingsDialog(ledger, op)
    qtbot.addWidget(dialog)
    shown = [label.text() for label in dialog.findChildren(QLabel)]
    assert "2022年度" in shown and "长春市" in shown and "李会计" in shown and "新立村" in shown
    assert any(ledger.policy_of(2022).policy.name in text for text in shown)


def test_the_wizard_sets_up_a_townships_desk_when_asked_for_by_keyboard(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = SetupWizard(tmp_path / "desk.sqlite", clock=Clock(datetime(2021, 11, 1, 9)))
    show_active(qtbot, wizard)
    press(qtbot, Qt.Key.Key_Down, 2)  # 村 → 村里的第二台电脑 → 乡镇
    assert wizard.mode_page.township.isChecked()
    press(qtbot, Qt.Key.Key_Enter)
    page = wizard.township_page
    assert wizard.currentPage() is page and focused() is page.township
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is page and "乡镇名称" in page.message.text()
    type_chinese(focused(), "山头镇")
    press(qtbot, Qt.Key.Key_Tab)
    type_chinese(focused(), "孙经办")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "desk-1234")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "desk-1234")
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.confirm_page
    assert "乡镇汇总" in wizard.confirm_page.summary.text() and "山头镇" in wizard.confirm_page.summary.text()
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.township and wizard.acting is None and wizard.clerk is not None and wizard.clerk.name == "孙经办"
    assert wizard.ledger is not None
    assert (wizard.ledger.settings.village, wizard.ledger.settings.mode) == ("山头镇", "township")
    assert login(wizard.ledger, "孙经办", "desk-1234").name == "孙经办"
    wizard.ledger.close()
