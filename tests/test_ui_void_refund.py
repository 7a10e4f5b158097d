"""作废 and 退费 dialogs: a wrong password writes nothing; the right one writes the record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import add_operator
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.records import Payment, load_payment_by_receipt
from desktop_app.store.transactions import immediate
from desktop_app.ui.void_refund_dialog import RefundDialog, VoidDialog
from tests.village import PASSWORD, acting, wang_household


@pytest.fixture
def paid(xinli: Ledger) -> tuple[Ledger, Acting, Payment]:
    """新立村: 李会计 took 王建国's and 李秀兰's payment."""
    op = acting(xinli, "李会计")
    ids = wang_household(xinli, op)
    payment = pay(xinli, op, PaymentRequest((ids["head"], ids["spouse"]), 61000, xinli.now().date()))
    return xinli, op, payment


def show(qtbot: QtBot, dialog: QDialog) -> None:
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)


def type_chinese(widget: QWidget, text: str) -> None:
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def test_voiding_with_a_wrong_password_writes_nothing(qtbot: QtBot, paid) -> None:
    ledger, op, payment = paid
    dialog = VoidDialog(ledger, op, payment.receipt_no)
    show(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.reason
    type_chinese(dialog.reason, "金额收错")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.password
    qtbot.keyClicks(dialog.password, "wrong-one")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "密码不正确" in dialog.message.text()
    assert dialog.payment is None and dialog.isVisible()
    assert load_payment_by_receipt(ledger, payment.receipt_no).void is None
    assert dialog.password.text() == ""  # cleared for another try


def test_voiding_with_the_right_password_records_the_void_with_its_reason(qtbot: QtBot, paid) -> None:
    ledger, op, payment = paid
    dialog = VoidDialog(ledger, op, payment.receipt_no)
    show(qtbot, dialog)
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "作废原因" in dialog.message.text()  # no reason: refused first, the reason box gets the focus
    assert load_payment_by_receipt(ledger, payment.receipt_no).void is None
    assert QApplication.focusWidget() is dialog.reason
    type_chinese(dialog.reason, "金额收错，重新开票")
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    stored = load_payment_by_receipt(ledger, payment.receipt_no)
    assert stored.void is not None and stored.void.reason == "金额收错，重新开票"
    assert dialog.payment == stored and stored.status == "voided"


def test_a_voided_receipt_cannot_be_voided_or_refunded_again(qtbot: QtBot, paid) -> None:
    ledger, op, payment = paid
    void(ledger, op, payment.receipt_no, "收错")
    again = VoidDialog(ledger, op, payment.receipt_no)
    show(qtbot, again)
    assert not again.ok.isEnabled() and "已于" in again.message.text()
    refund = RefundDialog(ledger, op, payment.receipt_no)
    show(qtbot, refund)
    assert not refund.ok.isEnabled() and "作废的收据不能退费" in refund.message.text()


def test_refunding_with_a_wrong_password_writes_nothing(qtbot: QtBot, paid) -> None:
    ledger, op, payment = paid
    dialog = RefundDialog(ledger, op, payment.receipt_no)
    show(qtbot, dialog)
    assert dialog.amount.text().startswith("610.00")
    dialog.reason.setCurrentIndex(dialog.reason.findData("death"))
    qtbot.keyClicks(dialog.password, "nope")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "密码不正确" in dialog.message.text() and dialog.payment is None
    assert load_payment_by_receipt(ledger, payment.receipt_no).refunds == ()


def test_refunding_one_member_with_the_right_password_records_that_line_only(qtbot: QtBot, paid) -> None:
    ledger, op, payment = paid
    dialog = RefundDialog(ledger, op, payment.receipt_no)
    show(qtbot, dialog)
    assert QApplication.focusWidget() is dialog.reason
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Down)  # 重复缴费 … with the keyboard
    qtbot.keyClick(dialog.reason, Qt.Key.Key_Down)
    assert dialog.reason.currentData() == "death"
    dialog.table.item(0, 0).setCheckState(Qt.CheckState.Unchecked)  # only 李秀兰
    assert dialog.amount.text().startswith("370.00")
    type_chinese(dialog.note, "2021年10月病故")
    qtbot.keyClicks(dialog.password, PASSWORD)
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.message.text()
    stored = load_payment_by_receipt(ledger, payment.receipt_no)
    assert len(stored.refunds) == 1 and stored.refunds[0].amount == 37000
    assert stored.refunds[0].reason_code == "death" and stored.refunds[0].reason == "死亡：2021年10月病故"
    assert stored.status == "partly_refunded"


@pytest.mark.parametrize("kind", [VoidDialog, RefundDialog])
def test_void_and_refund_ask_the_password_of_the_collector_logged_in_not_the_first_one(
    qtbot: QtBot, paid: tuple[Ledger, Acting, Payment], kind: type[VoidDialog | RefundDialog]
) -> None:
    ledger, _, payment = paid
    with immediate(ledger.db):
        add_operator(ledger, "赵组长", "zuzhang1", "ZZ")
    other = acting(ledger, "赵组长")
    dialog = kind(ledger, other, payment.receipt_no)
    show(qtbot, dialog)
    assert "赵组长" in dialog.password.placeholderText()
    if isinstance(dialog, VoidDialog):
        type_chinese(dialog.reason, "金额收错")
    else:
        dialog.reason.setCurrentIndex(dialog.reason.findData("death"))
    qtbot.keyClicks(dialog.password, PASSWORD)  # 李会计's, who set the village up
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert "密码不正确" in dialog.message.text() and dialog.payment is None
    stored = load_payment_by_receipt(ledger, payment.receipt_no)
    assert stored.void is None and stored.refunds == ()
    qtbot.keyClicks(dialog.password, "zuzhang1")
    qtbot.keyClick(dialog.password, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.message.text()
    stored = load_payment_by_receipt(ledger, payment.receipt_no)
    done_by = stored.void.operator if stored.void else stored.refunds[0].operator
    assert done_by == "赵组长"
