"""The window's forms, cash and refund applications, by keyboard: a day with the tax office's forms — a book
received, a spoiled form, a payment on a form, a late entry (补录), a settlement that balances (after one that
does not), a refund application with its 退费申请表, and its answer — and the logic behind each dialog."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.operators import Acting
from desktop_app.services.bills import books, receive
from desktop_app.services.cash import in_hand, set_cash_rules, settlements
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest
from desktop_app.services.records import list_payments, load_payment_by_receipt
from desktop_app.services.refunds import refund, refund_applications
from desktop_app.services.register import get_person
from desktop_app.ui import print_dialog
from desktop_app.ui.bills_dialog import BillsDialog, ReceiveDialog, SpoilDialog
from desktop_app.ui.cash_presenters import CashRefused, RefundListPresenter, SettlePresenter, cash_warning
from desktop_app.ui.late_entry import LateEntryDialog, LateEntryRefused
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.payment_dialog import PaymentDialog
from desktop_app.ui.payment_presenter import PaymentPresenter
from desktop_app.ui.print_dialog import TargetDialog, layout_box, saved_layout
from desktop_app.ui.receipt_settings import ReceiptSettingsDialog
from desktop_app.ui.refund_applications_dialog import AnswerDialog, RefundApplicationsDialog
from desktop_app.ui.settle_dialog import SettleDialog
from desktop_app.ui.void_refund_dialog import RefundDialog
from tests.cash_support import pay_on_form
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
from tests.village import PASSWORD, Clock, family

__all__ = ["isolated_preferences"]

ADULT = 36_000


class Printed:
    """Stands in for the save-as dialog: every PDF goes to tmp_path under the name offered."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[Path] = []
        self.errors: list[str] = []

    def ask(self, parent: QWidget | None, suggested: str) -> Path:
        self.files.append(self.folder / suggested)
        return self.files[-1]

    def text(self, name: str) -> str:
        return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(self.folder / name).pages))


@pytest.fixture
def printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Printed:
    out = Printed(tmp_path)
    monkeypatch.setattr(print_dialog, "ask_pdf_path", out.ask)
    monkeypatch.setattr(print_dialog, "show_error", lambda parent, text: out.errors.append(text))
    return out


def alt(qtbot: QtBot, key: Qt.Key) -> None:
    press(qtbot, key, modifier=Qt.KeyboardModifier.AltModifier)


def from_cash_menu(qtbot: QtBot, window: MainWindow, letter: Qt.Key, *answers: ModalAnswer) -> None:
    """收费(&S), then the entry's letter; the answers act in the dialogs that open."""
    alt(qtbot, Qt.Key.Key_S)
    press_in_menu(qtbot, letter)
    for answer in answers:
        answer.check()
    back_to(qtbot, window)


def save_pdf(qtbot: QtBot) -> ModalAnswer:
    """The chooser (打印机 / 存为PDF / 稍后): 存为PDF with Alt+S."""
    return ModalAnswer(TargetDialog, lambda d: alt(qtbot, Qt.Key.Key_S), timeout_ms=8000)


def cash_label(window: MainWindow) -> str:
    label = window.findChild(QLabel, "cash-in-hand")
    assert label is not None
    return label.text()


# -- the day, by keyboard -------------------------------------------------------------------------------------


def test_a_day_with_official_forms_by_keyboard(
    qtbot: QtBot, ledger: Ledger, collector: Acting, clock: Clock, printed: Printed
) -> None:
    set_cash_rules(ledger, collector, limit=100_000, deadline_days=3)
    family(ledger, "0101", date(1975, 5, 1), date(1978, 6, 2))
    family(ledger, "0102", date(1960, 2, 3))
    window = MainWindow(ledger, collector)
    show_active(qtbot, window)
    assert cash_label(window) == "未结报 0 元"

    # 领用: a book of 50 forms, typed as printed
    def received(d: ReceiveDialog) -> None:
        assert focused() is d.first
        qtbot.keyClicks(d.first, "0012301")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), "0012350")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), "34132421")
        press(qtbot, Qt.Key.Key_Return)

    from_cash_menu(qtbot, window, Qt.Key.Key_B, ModalAnswer(ReceiveDialog, received))
    (book,) = books(ledger)
    assert (book.first, book.last, book.code, book.size) == ("0012301", "0012350", "34132421", 50)
    assert ledger.settings.official_forms and "0012301–0012350" in window.statusBar().currentMessage()

    # 作废: the first form jammed; the next free one is proposed, the password asked again
    def spoiled(d: SpoilDialog) -> None:
        assert d.number.text() == "0012301" and focused() is d.reason
        type_chinese(d.reason, "卡纸")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    from_cash_menu(qtbot, window, Qt.Key.Key_K, ModalAnswer(SpoilDialog, spoiled))
    assert [s.number for s in books(ledger)[0].spoiled] == ["0012301"]

    # 收费 on the next form, today
    def paid_today(d: PaymentDialog) -> None:
        assert d.extras_bar.bill_no is not None and d.extras_bar.bill_no.text() == "0012302"
        assert focused() is d.cash
        qtbot.keyClicks(d.cash, "800")
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is d.extras_bar.bill_no  # the form number follows the cash in the Tab order
        press(qtbot, Qt.Key.Key_Return)
        assert d.payment is not None, d.message.text()
        press(qtbot, Qt.Key.Key_Escape)

    window.search.setFocus()
    qtbot.keyClicks(window.search, "0101")
    press(qtbot, Qt.Key.Key_Return)
    today = ModalAnswer(PaymentDialog, paid_today, timeout_ms=8000)
    press(qtbot, Qt.Key.Key_F5)
    today.check()
    back_to(qtbot, window)

    # 补录: money 0102 paid on 28 October, entered now (F6 in the payment dialog)
    def late(d: LateEntryDialog) -> None:
        assert focused() is d.day and d.day.date().day() == 31  # yesterday is proposed
        press(qtbot, Qt.Key.Key_Tab, 2)  # year, month, day: Tab moves between the date's parts
        press(qtbot, Qt.Key.Key_Down, 3)
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is d.reason
        type_chinese(d.reason, "10月28日停电，按存根补录")
        press(qtbot, Qt.Key.Key_Return)

    def paid_late(d: PaymentDialog) -> None:
        asked = ModalAnswer(LateEntryDialog, late)
        press(qtbot, Qt.Key.Key_F6)
        asked.check()
        assert "2021-10-28（补录）" in d.header.text() and "补录" in d.extras_bar.late_label.text()
        assert d.extras_bar.bill_no is not None and d.extras_bar.bill_no.text() == "0012303"
        d.activateWindow()
        qtbot.waitUntil(d.isActiveWindow)
        qtbot.keyClicks(d.cash, "400")
        press(qtbot, Qt.Key.Key_Return)
        assert d.payment is not None, d.message.text()
        press(qtbot, Qt.Key.Key_Escape)

    window.search.setFocus()
    window.search.selectAll()
    qtbot.keyClicks(window.search, "0102")
    press(qtbot, Qt.Key.Key_Return)
    later = ModalAnswer(PaymentDialog, paid_late, timeout_ms=10000)
    press(qtbot, Qt.Key.Key_F5)
    later.check()
    back_to(qtbot, window)
    first, second = list_payments(ledger)
    assert (first.bill_no, first.late_entry, first.paid_on) == ("0012302", None, date(2021, 11, 1))
    assert (second.bill_no, second.late_entry, second.paid_on) == (
        "0012303",
        "10月28日停电，按存根补录",
        date(2021, 10, 28),
    )
    assert cash_label(window) == "请结报：1080.00 元（超限额、超期 1 天）"  # 1000-yuan limit; held since 28 Oct

    # 结报: a count that does not match is refused; the right one settles and prints the 结报单
    def settled(d: SettleDialog) -> None:
        assert focused() is d.slip_no
        qtbot.keyClicks(d.slip_no, "3413240012")
        press(qtbot, Qt.Key.Key_Tab)
        type_chinese(focused(), "镇财政所 刘会计")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), "1000")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), PASSWORD)
        press(qtbot, Qt.Key.Key_Return)
        assert "不符" in d.message.text() and focused() is d.amount and not settlements(ledger)
        qtbot.keyClicks(d.amount, "1080")
        press(qtbot, Qt.Key.Key_Return)

    from_cash_menu(qtbot, window, Qt.Key.Key_J, ModalAnswer(SettleDialog, settled, timeout_ms=10000), save_pdf(qtbot))
    (done,) = settlements(ledger)
    assert (done.amount, done.count, done.slip_no, done.bills_spoiled) == (108_000, 2, "3413240012", 1)
    sheet = printed.text("结报单_第1号.pdf")
    assert "城乡居民医保费代收结报单" in sheet and "3413240012" in sheet and "壹仟零捌拾元整" in sheet
    assert cash_label(window) == "未结报 0 元" and "第 1 号结报" in window.statusBar().currentMessage()

    # 退费申请 for the settled receipt: the bank and account, no cash; the 退费申请表 is printed
    def number(d: QDialog) -> None:  # the core's 退费: which receipt (a text box, whichever kind the core uses)
        press(qtbot, Qt.Key.Key_A, modifier=Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClicks(focused(), first.receipt_no)
        press(qtbot, Qt.Key.Key_Return)

    def applied(d: RefundDialog) -> None:
        assert focused() is d.reason
        press(qtbot, Qt.Key.Key_Down)
        assert d.reason.currentData() == "duplicate_payment"
        press(qtbot, Qt.Key.Key_Tab, 2)  # past 说明
        type_chinese(focused(), "异地参保缴费凭证")
        press(qtbot, Qt.Key.Key_Tab)
        type_chinese(focused(), "农业银行新立支行")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), "6228 4800 1234 5678")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    told = ModalAnswer(QMessageBox, lambda d: press(qtbot, Qt.Key.Key_Return), timeout_ms=20000)  # the core's word
    from_cash_menu(
        qtbot,
        window,
        Qt.Key.Key_R,
        ModalAnswer(QDialog, number),
        ModalAnswer(RefundDialog, applied, timeout_ms=10000),
        save_pdf(qtbot),
    )
    told.check()
    (application,) = refund_applications(ledger)
    assert (application.evidence, application.bank, application.account, application.state) == (
        "异地参保缴费凭证",
        "农业银行新立支行",
        "6228480012345678",
        "applied",
    )
    form = printed.text(f"退费申请表_{first.receipt_no}.pdf")
    assert "6228480012345678" in form and "村收款员不退付现金" in form
    assert in_hand(ledger).in_hand == 0  # nothing left the drawer, nothing came back into it

    # the answer comes: 已退, with a note, from the applications list
    def answered(d: AnswerDialog) -> None:
        assert focused() is d.note
        type_chinese(d.note, "已退到农行账户")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    def listed(d: RefundApplicationsDialog) -> None:
        assert focused() is d.table and d.rows[0].state == "申请中"
        answer = ModalAnswer(AnswerDialog, answered)
        alt(qtbot, Qt.Key.Key_D)  # a mnemonic clicks a moment later
        qtbot.waitUntil(lambda: bool(answer.seen) and not answer.seen[0].isVisible(), timeout=5000)
        answer.check()
        assert d.rows[0].state == "已退" and not d.paid_back.isEnabled()
        d.activateWindow()
        qtbot.waitUntil(d.isActiveWindow)
        press(qtbot, Qt.Key.Key_Escape)

    from_cash_menu(qtbot, window, Qt.Key.Key_A, ModalAnswer(RefundApplicationsDialog, listed, timeout_ms=10000))
    assert refund_applications(ledger)[0].state_label == "已退" and printed.errors == []


# -- the logic behind the dialogs --------------------------------------------------------------------------


def test_the_settlement_asks_the_counted_amount_and_refuses_a_mismatch(ledger: Ledger, collector: Acting) -> None:
    receive(ledger, collector, "0001", "0020")
    pay_on_form(ledger, collector, family(ledger, "0101", date(1975, 5, 1)))
    p = SettlePresenter(ledger, collector)
    facts = dict(p.facts())
    assert facts["手中现金"] == "360.00 元" and facts["税务专用票据"] == "已用 1 份：0001"
    for args, field in (
        (("", "刘", "360", PASSWORD), "slip_no"),
        (("S1", "", "360", PASSWORD), "to"),
        (("S1", "刘", "", PASSWORD), "amount"),
        (("S1", "刘", "三百", PASSWORD), "amount"),
        (("S1", "刘", "360", "wrong"), "password"),
        (("S1", "刘", "350", PASSWORD), "amount"),
    ):
        with pytest.raises(CashRefused) as caught:
            p.settle(*args)
        assert caught.value.field == field
    assert not settlements(ledger)
    assert p.settle("S1", "刘", "360.00", PASSWORD).amount == ADULT
    assert SettlePresenter(ledger, collector).nothing


def test_the_cash_warning_names_the_limit_and_the_days(ledger: Ledger, collector: Acting, clock: Clock) -> None:
    set_cash_rules(ledger, collector, limit=30_000, deadline_days=1)
    assert cash_warning(ledger, collector).text == "未结报 0 元"
    pay_on_form(ledger, collector, family(ledger, "0101", date(1975, 5, 1)))
    warned = cash_warning(ledger, collector)
    assert warned.warning and warned.text == "请结报：360.00 元（超限额）" and "超过结报限额 300.00 元" in warned.detail
    clock.tick(days=3)
    assert cash_warning(ledger, collector).text == "请结报：360.00 元（超限额、超期 2 天）"


def test_late_entry_mode_requotes_for_that_day_and_refuses_today_or_no_reason(
    ledger: Ledger, collector: Acting
) -> None:
    people = family(ledger, "0101", date(1975, 5, 1))
    presenter = PaymentPresenter(ledger, collector, get_person(ledger, people[0]).household_id)
    extras = presenter.extras
    with pytest.raises(LateEntryRefused, match="早于今天"):
        extras.set_late(presenter, ledger.now().date(), "停电")
    with pytest.raises(LateEntryRefused, match="补录原因"):
        extras.set_late(presenter, date(2021, 10, 20), " ")
    extras.set_late(presenter, date(2021, 10, 20), "停电")
    assert presenter.on == date(2021, 10, 20) and extras.late
    payment = presenter.confirm("360")
    assert (payment.paid_on, payment.late_entry, payment.bill_no) == (date(2021, 10, 20), "停电", None)
    again = PaymentPresenter(ledger, collector, presenter.household.id)
    again.extras.set_late(again, date(2021, 10, 20), "停电")
    again.extras.set_late(again, None)  # leaving the mode: today again
    assert again.on == ledger.now().date() and not again.extras.late


def test_a_refund_applications_answer_of_declined_needs_the_offices_words(ledger: Ledger, collector: Acting) -> None:
    paid = pay_on_form(ledger, collector, family(ledger, "0101", date(1975, 5, 1)))
    refund(ledger, collector, paid.receipt_no, "重复缴费")
    p = RefundListPresenter(ledger, collector)
    (row,) = p.rows()
    with pytest.raises(CashRefused) as caught:
        p.answer(row.uid, "不予退费", "", PASSWORD)
    assert caught.value.field == "note"
    p.answer(row.uid, "不予退费", "已过待遇期开始日", PASSWORD)
    p.state = "declined"
    assert [r.state for r in p.rows()] == ["不予退费"] and not p.rows()[0].open
    assert load_payment_by_receipt(ledger, paid.receipt_no).status == "normal"


def test_with_official_forms_the_receipt_goes_onto_the_form_unless_asked_otherwise(
    qtbot: QtBot, ledger: Ledger, collector: Acting, printed: Printed
) -> None:
    assert saved_layout() == "a4" and layout_box("a4").findData("form") == -1
    receive(ledger, collector, "0001", "0020")
    paid = pay_on_form(ledger, collector, family(ledger, "0101", date(1975, 5, 1)))
    assert saved_layout(official_forms=True) == "form" and layout_box("form", True).findData("form") >= 0
    assert (
        print_dialog.choose_and_print(None, ledger, collector, "receipt", receipt_no=paid.receipt_no, target="pdf")
        is not None
    )
    assert printed.files[-1].name == f"套打票据_{paid.receipt_no}.pdf"
    assert f"村收据号{paid.receipt_no}" in printed.text(printed.files[-1].name)
    assert (
        print_dialog.choose_and_print(
            None, ledger, collector, "receipt", receipt_no=paid.receipt_no, target="pdf", layout="roll58"
        )
        is not None
    )
    slip = printed.text(printed.files[-1].name)
    assert "村代收收款凭据" in slip and "票据号0001" in slip


def test_the_receipt_settings_refuse_a_bad_layout_and_save_the_offset(
    qtbot: QtBot, ledger: Ledger, collector: Acting, tmp_path: Path
) -> None:
    dialog = ReceiptSettingsDialog(ledger, collector)
    show_active(qtbot, dialog)
    assert focused() is dialog.channel
    type_chinese(dialog.channel, "县税务局 12366")
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Space)  # 收据上印资助身份
    bad = tmp_path / "bad.toml"
    bad.write_text("[fields]\nvillage = { x = 1, y = 1 }\n", "utf-8")
    dialog.layout_file.setEditText(str(bad))
    dialog.right.setValue(1.5)
    dialog.down.setValue(-2.0)
    press(qtbot, Qt.Key.Key_Return)
    assert "bad.toml" in dialog.message.text() and "paper" in dialog.message.text()
    assert ledger.settings.query_channel == "" and dialog.isVisible()
    dialog.layout_file.setCurrentIndex(0)  # the shipped example
    dialog.save_button.setFocus()
    press(qtbot, Qt.Key.Key_Return)
    s = ledger.settings
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert (s.query_channel, s.show_identity_on_receipt, s.form_layout, s.printer_offset_mm) == (
        "县税务局 12366",
        True,
        "",
        (1.5, -2.0),
    )


def test_the_books_list_shows_used_spoiled_and_unused_numbers(qtbot: QtBot, ledger: Ledger, collector: Acting) -> None:
    receive(ledger, collector, "0001", "0010", "A1")
    pay_on_form(ledger, collector, family(ledger, "0101", date(1975, 5, 1)))
    dialog = BillsDialog(ledger, collector)
    show_active(qtbot, dialog)
    cells = [dialog.books.item(0, c).text() for c in range(dialog.books.columnCount())]
    assert cells == ["A1", "0001–0010", "张会计", "2021-11-01", "1", "0", "9", "0002–0010"]
    assert "下一张：0002" in dialog.summary.text() and focused() is dialog.books
    spoil = ModalAnswer(
        SpoilDialog,
        lambda d: (
            type_chinese(d.reason, "写错"),
            press(qtbot, Qt.Key.Key_Tab),
            qtbot.keyClicks(focused(), PASSWORD),
            press(qtbot, Qt.Key.Key_Return),
        ),
    )
    alt(qtbot, Qt.Key.Key_S)  # a mnemonic clicks a moment later
    qtbot.waitUntil(lambda: bool(spoil.seen) and not spoil.seen[0].isVisible(), timeout=5000)
    spoil.check()
    assert dialog.spoiled.rowCount() == 1 and dialog.spoiled.item(0, 0).text() == "0002"
    assert dialog.books.item(0, 7).text() == "0003–0010" and "已作废" in dialog.message.text()


def test_a_payment_dialog_in_a_village_without_forms_asks_no_form_number(
    qtbot: QtBot, ledger: Ledger, collector: Acting
) -> None:
    people = family(ledger, "0101", date(1975, 5, 1))
    dialog = PaymentDialog(ledger, collector, get_person(ledger, people[0]).household_id)
    show_active(qtbot, dialog)
    assert dialog.extras_bar.bill_no is None and not dialog.extras_bar.late_label.text()
    assert dialog.presenter.extras.apply(PaymentRequest((1,), 0, dialog.presenter.on)).bill_no is None
