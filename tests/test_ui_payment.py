"""The 收费 dialog, driven through its real widgets with the keyboard."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desktop_app.domain.money import format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, pay, quote_people
from desktop_app.services.records import list_payments, load_payment_by_receipt
from desktop_app.services.register import get_person
from desktop_app.ui.payment_dialog import PaymentDialog, SituationDialog
from desktop_app.ui.payment_table import CHECK, DUE, NAME, NOTE, RIDERS, STATUS, SUBSIDY
from tests.ui_support import focused, show_active
from tests.village import XINLI, Clock, acting, wang_household


def opened(ledger: Ledger) -> tuple[Ledger, Acting, dict[str, int]]:
    op = acting(ledger, "李会计")
    return ledger, op, wang_household(ledger, op)


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting, dict[str, int]]:
    """新立村 (长春) with the 王 household; 李会计 acts in 2022."""
    return opened(xinli)


def open_dialog(qtbot: QtBot, ledger: Ledger, op: Acting, household: int) -> PaymentDialog:
    dialog = PaymentDialog(ledger, op, household)
    show_active(qtbot, dialog)
    return dialog


def press(qtbot: QtBot, key: Qt.Key, times: int = 1) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key)


def type_text(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(focused(), text)


def row_of(dialog: PaymentDialog, name: str) -> int:
    return next(r for r in range(dialog.table.rowCount()) if dialog.table.item(r, NAME).text() == name)


def cell(dialog: PaymentDialog, name: str, column: int) -> str:
    return dialog.table.item(row_of(dialog, name), column).text()


def test_the_cash_box_has_the_focus_and_unpaid_members_are_ticked(qtbot: QtBot, village) -> None:
    ledger, op, ids = village
    dialog = open_dialog(qtbot, ledger, op, ids["household"])
    assert focused() is dialog.cash
    for r in range(dialog.table.rowCount()):
        assert dialog.table.item(r, CHECK).checkState() == Qt.CheckState.Checked
    assert dialog.total.text() == "1070.00 元"


def test_a_subsistence_member_and_an_ordinary_one_pay_with_the_keyboard_alone(qtbot: QtBot, village) -> None:
    ledger, op, ids = village
    dialog = open_dialog(qtbot, ledger, op, ids["household"])
    people = [get_person(ledger, ids[k]) for k in ("head", "spouse", "student", "newborn")]
    quotes = quote_people(ledger, people, ledger.now().date())
    for person, q in zip(people, quotes):  # what the screen shows is the service's quote
        assert cell(dialog, person.name, DUE) == format_yuan(q.due)
    assert cell(dialog, "王建国", SUBSIDY) == "130.00"

    # Tab from the cash box to the list, down to the student, Space, down, Space: two unticked
    press(qtbot, Qt.Key.Key_Tab, 2)
    assert focused() is dialog.table
    press(qtbot, Qt.Key.Key_Down, 2)
    press(qtbot, Qt.Key.Key_Space)
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.total.text() == "610.00 元"  # 240 (低保: 370 less 130) + 370
    press(qtbot, Qt.Key.Key_Tab, 3)  # 期外参保情形, 取消, round to the cash box
    assert focused() is dialog.cash
    type_text(qtbot, "700")
    assert dialog.change.text() == "90.00 元"
    press(qtbot, Qt.Key.Key_Return)

    assert dialog.payment is not None, dialog.message.text()
    stored = load_payment_by_receipt(ledger, dialog.payment.receipt_no)
    assert [ln.name for ln in stored.lines] == ["王建国", "李秀兰"]
    assert [ln.due for ln in stored.lines] == [quotes[0].due, quotes[1].due] == [24000, 37000]
    assert stored.lines[0].subsidy == 13000 and stored.lines[0].identities == ("subsistence_allowance",)
    assert (stored.total_due, stored.cash, stored.change) == (61000, 70000, 9000)
    assert dialog.receipt_label.text() == stored.receipt_no == "XL2022000001"
    assert dialog.pages.currentIndex() == 1
    press(qtbot, Qt.Key.Key_Escape)  # 稍后打印: the payment stands
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_cash_short_of_the_total_is_refused_and_nothing_is_written(qtbot: QtBot, village) -> None:
    ledger, op, ids = village
    dialog = open_dialog(qtbot, ledger, op, ids["household"])
    type_text(qtbot, "1000")
    assert "还差 70.00" in dialog.change.text()
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.payment is None
    assert "少于应收 1070.00 元" in dialog.message.text()
    assert list_payments(ledger) == []
    assert dialog.pages.currentIndex() == 0 and focused() is dialog.cash
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert list_payments(ledger) == []


def test_an_empty_cash_box_is_refused_when_money_is_due(qtbot: QtBot, village) -> None:
    ledger, op, ids = village
    dialog = open_dialog(qtbot, ledger, op, ids["household"])
    press(qtbot, Qt.Key.Key_Return)
    assert "请输入收到的现金" in dialog.message.text()
    assert list_payments(ledger) == []


def test_paid_members_are_greyed_out_and_cannot_be_paid_twice(qtbot: QtBot, village) -> None:
    ledger, op, ids = village
    first = pay(ledger, op, PaymentRequest((ids["head"],), 24000, ledger.now().date()))
    dialog = open_dialog(qtbot, ledger, op, ids["household"])
    r = row_of(dialog, "王建国")
    check = dialog.table.item(r, CHECK)
    assert check.checkState() == Qt.CheckState.Unchecked
    assert not check.flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert cell(dialog, "王建国", STATUS) == "已缴" and first.receipt_no in cell(dialog, "王建国", NOTE)
    dialog.table.setFocus()
    dialog.table.setCurrentCell(r, NAME)
    press(qtbot, Qt.Key.Key_Space)  # refused, with the reason
    assert check.checkState() == Qt.CheckState.Unchecked and "不能勾选" in dialog.message.text()
    assert dialog.total.text() == "830.00 元"
    dialog.cash.setFocus()
    type_text(qtbot, "830")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.payment is not None
    assert [ln.name for ln in dialog.payment.lines] == ["李秀兰", "王小明", "王宝宝"]
    again = open_dialog(qtbot, ledger, op, ids["household"])
    assert again.total.text() == "0.00 元"
    press(qtbot, Qt.Key.Key_Return)
    assert "没有可以缴费的人员" in again.message.text() and len(list_payments(ledger)) == 2


def test_an_ineligible_member_shows_the_reason_and_reimbursed_subsidies_are_marked(
    qtbot: QtBot, make_ledger: Callable[..., Ledger]
) -> None:
    ledger, op, ids = opened(make_ledger("nm-dalate-2022", **{**XINLI, "area": None}))
    dialog = open_dialog(qtbot, ledger, op, ids["household"])
    r = row_of(dialog, "王小明")  # a pupil: the school collects
    assert cell(dialog, "王小明", STATUS) == "不能参保" and "学生" in cell(dialog, "王小明", NOTE)
    assert not dialog.table.item(r, CHECK).flags() & Qt.ItemFlag.ItemIsUserCheckable
    assert cell(dialog, "李秀兰", SUBSIDY) == "150.00（先缴后补）" and cell(dialog, "李秀兰", DUE) == "360.00"
    dialog.table.setCurrentCell(r, NAME)
    assert "由学校组织参保（不在村代收）" in dialog.details.toPlainText()  # the engine's verdict for a pupil
    assert dialog.total.text() == "1080.00 元"


def test_an_out_of_period_situation_re_quotes_the_member(
    qtbot: QtBot, make_ledger: Callable[..., Ledger], clock: Clock
) -> None:
    clock.now = datetime(2022, 2, 10, 9, 0)
    ledger, op, ids = opened(make_ledger("jl-2022", **XINLI))
    dialog = open_dialog(qtbot, ledger, op, ids["household"])
    assert "等待期" in cell(dialog, "李秀兰", NOTE)
    dialog.table.setCurrentCell(row_of(dialog, "李秀兰"), NAME)

    def fill() -> None:
        situation = QApplication.activeModalWidget()
        assert isinstance(situation, SituationDialog)
        situation.situation.setCurrentIndex(situation.situation.findData("employee_insurance_lapse"))
        situation.lapse_date.setDate(date(2022, 1, 20))
        situation.continuous_years.setValue(5)
        qtbot.keyClick(situation, Qt.Key.Key_Return)

    QTimer.singleShot(0, fill)
    press(qtbot, Qt.Key.Key_F4)
    qtbot.waitUntil(dialog.isActiveWindow)
    assert "职工医保断保" in cell(dialog, "李秀兰", NOTE)
    assert "等待期" not in cell(dialog, "李秀兰", NOTE)
    assert "连续参保2年以上" in dialog.details.toPlainText()
    assert focused() is dialog.cash
    type_text(qtbot, "1070")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.payment is not None
    spouse = next(ln for ln in dialog.payment.lines if ln.name == "李秀兰")
    assert spouse.waiting_until is None and spouse.benefit_start == date(2022, 2, 11)
    others = [ln for ln in dialog.payment.lines if ln.name != "李秀兰"]
    assert all(ln.waiting_until is not None for ln in others)


def test_the_rider_column_is_headed_with_the_policys_short_name_where_there_is_a_rider(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]], make_ledger: Callable[..., Ledger]
) -> None:
    ledger, op, ids = village
    changchun = open_dialog(qtbot, ledger, op, ids["household"])
    assert changchun.table.horizontalHeaderItem(RIDERS).text() == "附加(长护险)"
    assert cell(changchun, "李秀兰", RIDERS) == "10.00"
    elsewhere, op, ids = opened(make_ledger("jl-2022", **{**XINLI, "area": "baishan"}))
    plain = open_dialog(qtbot, elsewhere, op, ids["household"])
    assert plain.table.horizontalHeaderItem(RIDERS).text() == "附加" and cell(plain, "李秀兰", RIDERS) == ""
