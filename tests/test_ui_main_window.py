"""The main window, driven with real keys: search as you type, the members' statuses,
F2 / F5 / Ctrl+F, the register dialogs reached from the keyboard, the font size."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog, QMenu
from pytestqt.qtbot import QtBot

from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.money import format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.register import PersonInput, add_household, add_person, find_household, household_members
from desktop_app.services.status import member_statuses
from desktop_app.ui.household_dialog import HouseholdDialog
from desktop_app.ui.keys_dialog import KeysDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.member_dialog import MemberDialog
from desktop_app.ui.models import MemberStatusModel
from desktop_app.ui.widgets import FONT_SIZES, saved_font_size
from tests.ui_support import ModalAnswer, focused, isolated_preferences, press, show_active, type_chinese
from tests.village import acting, wang_household

__all__ = ["isolated_preferences"]


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting, dict[str, int]]:
    """新立村: the 王 household in 一组 and 赵丽's in 二组; 李会计 acts in 2022."""
    op = acting(xinli, "李会计")
    ids = wang_household(xinli, op)
    other = add_household(xinli, op, "0002", "新立村二组5号", "二组")
    add_person(xinli, op, other, PersonInput("赵丽", demo_id("220102", "1985-05-05", 222), relation="户主"))
    ids["zhao"] = other
    return xinli, op, ids


@pytest.fixture
def window(qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]) -> MainWindow:
    ledger, op, _ = village
    w = MainWindow(ledger, op)
    show_active(qtbot, w)
    return w


def listed(window: MainWindow) -> list[str]:
    return [r.household_no for r in window.household_model.rows]


def test_the_title_names_the_years_policy_and_the_status_bar_who_is_logged_in(window: MainWindow) -> None:
    policy = window.ledger.policy_of(2022).policy
    assert window.windowTitle() == f"征缴通 — 新立村　{policy.name}"
    assert window.who_label.text() == "收款员 李会计 · 新立村 · 2022年度"
    assert window.acting.name == "李会计"


def test_typing_pinyin_initials_lists_the_household(qtbot: QtBot, window: MainWindow) -> None:
    assert focused() is window.search
    qtbot.keyClicks(window.search, "wjg")
    qtbot.waitUntil(lambda: listed(window) == ["0001"], timeout=2000)
    assert window.presenter.household_id == window.household_model.rows[0].id
    assert "王建国" in window.household_model.rows[0].matched


def test_typing_chinese_through_the_input_method_lists_the_household(qtbot: QtBot, window: MainWindow) -> None:
    type_chinese(window.search, "赵丽")
    qtbot.waitUntil(lambda: listed(window) == ["0002"], timeout=2000)
    assert window.count_label.text() == "找到 1 户"


def test_the_tail_of_an_id_number_finds_the_person(qtbot: QtBot, window: MainWindow) -> None:
    tail = demo_id("220102", "2010-09-01", 153)[-6:]
    qtbot.keyClicks(window.search, tail)
    qtbot.waitUntil(lambda: listed(window) == ["0001"], timeout=2000)


def test_search_waits_for_a_pause_in_typing(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "zl")
    assert window.search_timer.isActive(), "a search per keystroke would block typing"
    qtbot.waitUntil(lambda: listed(window) == ["0002"], timeout=2000)


def test_escape_clears_the_search_and_the_whole_village_is_listed_again(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "zl")
    qtbot.waitUntil(lambda: listed(window) == ["0002"], timeout=2000)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: listed(window) == ["0001", "0002"], timeout=2000)


def test_the_member_table_shows_the_statuses_from_services(
    window: MainWindow, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, op, ids = village
    pay(ledger, op, PaymentRequest((ids["spouse"],), 100_00 * 4, date(2021, 11, 1)))
    window.after_change(ids["household"])
    expected = member_statuses(ledger, ids["household"], date(2021, 11, 1))
    model = window.member_model
    shown = [
        (
            model.index(r, 0).data(),
            model.index(r, MemberStatusModel.STATUS).data(),
            model.index(r, MemberStatusModel.DUE).data(),
        )
        for r in range(model.rowCount())
    ]
    assert shown == [
        (
            m.person.name,
            m.status,
            format_yuan(m.due) if m.status in ("未缴", "已缴", "待遇等待期", "全额资助", "免缴") else "",
        )
        for m in expected
    ]
    statuses = {m.person.name: m.status for m in expected}
    assert statuses["李秀兰"] == "已缴"
    assert statuses["王建国"] in ("全额资助", "免缴", "未缴")
    assert "今日收据 1 张" in window.today_label.text()


def test_identity_badges_are_in_the_member_table(
    window: MainWindow, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    _, _, ids = village
    window.presenter.select(ids["household"])
    from desktop_app.ui.widgets import BADGES_ROLE

    badges = [
        window.member_model.index(r, MemberStatusModel.IDENTITIES).data(BADGES_ROLE)
        for r in range(window.member_model.rowCount())
    ]
    assert badges[0] == ("subsistence_allowance",)
    window.members.grab()  # the delegate paints without error


def test_ctrl_f_goes_back_to_the_search_box_with_its_text_selected(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "zl")
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is window.households
    press(qtbot, Qt.Key.Key_F, modifier=Qt.KeyboardModifier.ControlModifier)
    assert focused() is window.search
    assert window.search.selectedText() == "zl"


def test_enter_in_the_search_box_goes_to_the_members(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "wjg")
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is window.members
    assert window.current_member() is not None and window.current_member().person.name == "王建国"  # type: ignore[union-attr]


def test_f5_opens_the_payment_dialog_for_the_chosen_household(
    qtbot: QtBot, window: MainWindow, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    from desktop_app.ui.payment_dialog import PaymentDialog

    _, _, ids = village
    qtbot.keyClicks(window.search, "zl")
    qtbot.waitUntil(lambda: listed(window) == ["0002"], timeout=2000)
    answer = ModalAnswer(PaymentDialog, lambda d: d.reject())
    press(qtbot, Qt.Key.Key_F5)
    dialog = answer.check()
    assert dialog.windowTitle().endswith("0002")


def test_ctrl_p_offers_the_four_printouts(qtbot: QtBot, window: MainWindow) -> None:
    press(qtbot, Qt.Key.Key_P, modifier=Qt.KeyboardModifier.ControlModifier)
    menu = window.actions_.print_menu
    qtbot.waitUntil(menu.isVisible, timeout=2000)
    assert [a.text() for a in menu.actions()] == [
        "收据补打(&R)...",
        "收款清单(&L)...",
        "日结单(&D)...",
        "未缴名单(&U)...",
    ]
    assert menu.activeAction() is menu.actions()[0]
    menu.close()
    assert isinstance(menu, QMenu)


def test_f2_then_enter_adds_a_household_and_a_newborn_without_an_id(
    qtbot: QtBot, window: MainWindow, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, _, _ = village

    def household(d: HouseholdDialog) -> None:
        assert d.household_no.text() == "0003"
        assert focused() is d.household_no
        press(qtbot, Qt.Key.Key_Tab)  # 村民小组
        press(qtbot, Qt.Key.Key_Down)  # 二组
        press(qtbot, Qt.Key.Key_Tab)  # 地址
        focused().selectAll()  # type: ignore[attr-defined]
        type_chinese(focused(), "新立村二组8号")
        press(qtbot, Qt.Key.Key_Tab)  # 电话
        qtbot.keyClicks(focused(), "13900000008")
        press(qtbot, Qt.Key.Key_Return)

    def newborn(d: MemberDialog) -> None:
        assert focused() is d.name and d.relation.currentText() == "户主"
        type_chinese(focused(), "钱多多")
        press(qtbot, Qt.Key.Key_Tab)  # 证件号码: none yet
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is d.birth
        qtbot.keyClicks(focused(), "20211020")
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is d.sex
        press(qtbot, Qt.Key.Key_Down, 2)  # 请选择 -> 男 -> 女
        press(qtbot, Qt.Key.Key_Return)

    first = ModalAnswer(HouseholdDialog, household)
    second = ModalAnswer(MemberDialog, newborn, timeout_ms=8000)
    press(qtbot, Qt.Key.Key_F2)
    first.check()
    member_dialog = second.check()
    assert member_dialog.result() == QDialog.DialogCode.Accepted, member_dialog.message.text()  # type: ignore[attr-defined]
    h = find_household(ledger, "0003")
    assert h is not None and (h.village_group, h.address, h.phone) == ("二组", "新立村二组8号", "13900000008")
    [baby] = household_members(ledger, h.id)
    assert (baby.name, baby.id_number, baby.birth_date, baby.sex, baby.relation) == (
        "钱多多",
        None,
        date(2021, 10, 20),
        "女",
        "户主",
    )
    assert listed(window) == ["0003"] and window.presenter.household_id == h.id
    assert window.member_model.rows[0].person.name == "钱多多"


def test_the_font_size_menu_changes_every_window_and_is_remembered(qtbot: QtBot, window: MainWindow) -> None:
    [largest] = [a for a in window.font_group.actions() if a.text().endswith("特大")]
    largest.trigger()
    app = QApplication.instance()
    assert isinstance(app, QApplication) and app.font().pointSize() == FONT_SIZES["特大"]
    qtbot.waitUntil(lambda: window.search.font().pointSize() == FONT_SIZES["特大"], timeout=2000)
    assert saved_font_size() == "特大"
    window.households.grab()
    assert window.households.verticalHeader().defaultSectionSize() >= window.fontMetrics().height()


def test_f1_lists_every_key_in_a_dialog_within_the_screen_at_the_largest_font_and_enter_closes_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.set_font_size("特大")
    qtbot.waitUntil(lambda: window.search.font().pointSize() == FONT_SIZES["特大"], timeout=2000)
    seen: list[list[tuple[str, str]]] = []

    def read_and_close(dialog: KeysDialog) -> None:
        seen.append(dialog.rows())
        room = dialog.screen().availableGeometry()
        assert dialog.frameGeometry().height() <= room.height() and dialog.frameGeometry().width() <= room.width()
        button = dialog.close_button
        assert dialog.rect().contains(QRect(button.mapTo(dialog, QPoint(0, 0)), button.size()))  # 关闭 in sight
        assert focused() is dialog.table and dialog.windowTitle() == "快捷键"
        press(qtbot, Qt.Key.Key_Return)  # Enter closes, as Esc does

    answer = ModalAnswer(KeysDialog, read_and_close)
    press(qtbot, Qt.Key.Key_F1)
    assert not answer.check().isVisible()
    assert seen[0] == window.actions_.keys and len(seen[0]) > 20  # the features' keys too
    assert ("F5", "给本户收费") in seen[0]


def test_a_payment_taken_with_f5_shows_at_once_in_the_list_and_the_status_bar(
    qtbot: QtBot, window: MainWindow, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    from desktop_app.ui.payment_dialog import PaymentDialog

    ledger, _, ids = village
    qtbot.keyClicks(window.search, "zl")
    qtbot.waitUntil(lambda: listed(window) == ["0002"], timeout=2000)
    assert window.household_model.rows[0].unpaid == 1

    def take(d: PaymentDialog) -> None:
        qtbot.keyClicks(focused(), "1000")
        press(qtbot, Qt.Key.Key_Return)
        assert d.payment is not None, d.message.text()
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(PaymentDialog, take)
    press(qtbot, Qt.Key.Key_F5)
    answer.check()
    assert [m.status for m in window.member_model.rows] == ["已缴"]
    assert window.member_model.rows[0].receipt_no == "XL2022000001"
    assert window.household_model.rows[0].unpaid == 0
    assert window.today_label.text().startswith("今日收据 1 张")
    assert member_statuses(ledger, ids["zhao"], date(2021, 11, 1))[0].status == "已缴"


def test_tab_walks_search_list_members_and_escape_comes_back(qtbot: QtBot, window: MainWindow) -> None:
    qtbot.keyClicks(window.search, "wjg")
    qtbot.waitUntil(lambda: listed(window) == ["0001"], timeout=2000)
    press(qtbot, Qt.Key.Key_Tab)  # the group filter is off while searching the whole village
    assert not window.group_filter.isEnabled()
    assert focused() is window.households
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is window.members
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is window.pay_button
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is window.search and window.search.selectedText() == "wjg"
