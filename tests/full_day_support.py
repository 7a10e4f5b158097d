"""The collection day of tests/test_ui_full_day.py, step by step through the real windows, keyboard first.

淮北市杜集区, 2021-02-15 (the notice and what it says: tests/test_ui_full_day.py). ``the_day``
is the morning at the village office, from the main window's first showing to the 日结单
as PDF, with what each window shows on the way; the ``day`` fixture runs it after the
first-run wizard and hands over what it left (the window, the ledger, the four receipts,
the 日结单's text). tests/test_ui_full_day.py checks the day's figures against the ledger
and the engine; tests/test_ui_full_day_county.py carries the same day on to the stick and
the county's answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.codes import IDENTITIES, SITUATIONS
from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.records import Payment
from desktop_app.services.register import IDENTITY_SOURCES, find_by_id_number, identities_on
from desktop_app.ui import import_dialog, print_dialog
from desktop_app.ui.household_dialog import HouseholdDialog
from desktop_app.ui.import_dialog import ImportDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.member_dialog import MemberDialog
from desktop_app.ui.payment_dialog import DUE, NAME, NOTE, STATUS, SUBSIDY, PaymentDialog, SituationDialog
from desktop_app.ui.print_dialog import TargetDialog
from desktop_app.ui.receipt_prompt import ReceiptNumberDialog
from desktop_app.ui.void_refund_dialog import VoidDialog
from desktop_app.ui.wizard import SetupWizard
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
from tests.village import DATA, Clock

__all__ = ["files_chosen", "isolated_preferences", "printed"]

POLICY = "ah-huaibei-duji-2020"
TODAY = date(2021, 2, 15)
PASSWORD = "abcd1"
ROSTER = DATA / "import_roster.xls"  # 0001 王建国 李秀兰 王小明 (一组), 0002 王伟 赵红梅 (二组)
DIBAO = DATA / "import_identities_dibao.xlsx"  # 王建国 2021-01-01..2021-12-31, 王小明 from 2021-01-01
WANG_JIANGUO = demo_id("220102", "1970-03-14", 131)
WANG_WEI = demo_id("220102", "1985-01-20", 165)
ZHAO_HONGMEI = demo_id("220102", "1990-05-06", 176)
LIU_QIANG = demo_id("220102", "1993-04-08", 311)
NEWBORN_BIRTH = date(2021, 1, 5)  # 41 days old today
MIGRANT = "returning_migrant_worker"
SCREENSHOT = Path("/tmp/full_day.png")

STANDARD, DIBAO_SUBSIDY, DIBAO_DUE = 28000, 25000, 3000  # fen: 280, 250 and 30 yuan


class Printed:
    """Stands in for the system's save-as dialog: every PDF goes to tmp_path under the name offered."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.files: list[Path] = []
        self.errors: list[str] = []

    def ask(self, parent: QWidget | None, suggested: str) -> Path:
        self.files.append(self.folder / suggested)
        return self.files[-1]

    def text(self, name: str) -> str:
        """The PDF's text without its layout: pypdf turns cell gaps into tabs and wraps long cells."""
        return re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(self.folder / name).pages))


@pytest.fixture
def printed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Printed:
    out = Printed(tmp_path)
    monkeypatch.setattr(print_dialog, "ask_pdf_path", out.ask)
    monkeypatch.setattr(print_dialog, "show_error", lambda parent, text: out.errors.append(text))
    return out


@pytest.fixture
def files_chosen(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """The file chooser of the import dialog answers these, one per call."""
    queue = [ROSTER, DIBAO]
    monkeypatch.setattr(import_dialog, "ask_open_path", lambda parent, title: queue.pop(0))
    return queue


# --- the steps of the day ------------------------------------------------------------------


def first_run(qtbot: QtBot, path: Path, clock: Clock) -> tuple[Ledger, Acting]:
    wizard = SetupWizard(path, clock=clock)
    show_active(qtbot, wizard)
    press(qtbot, Qt.Key.Key_Enter)  # 村 (not the township's desk)
    page = wizard.policy_page
    row = next(i for i, c in enumerate(page.choices) if c.id == POLICY)
    page.policies.setFocus()
    press(qtbot, Qt.Key.Key_Home)
    press(qtbot, Qt.Key.Key_Down, row)
    chosen = page.choice()
    assert chosen is not None and chosen.id == POLICY
    assert not page.area.isEnabled()  # 杜集区 has no areas
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.village_page
    type_chinese(focused(), "新立村")
    press(qtbot, Qt.Key.Key_Tab)
    focused().selectAll()  # type: ignore[attr-defined]
    type_chinese(focused(), "一组、二组")
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.collector_page
    type_chinese(focused(), "李会计")
    for _ in range(2):
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), PASSWORD)
    c = wizard.collector_page
    assert (c.prefix.text(), c.target.text()) == ("XLC", "95")  # 新立村 -> XLC; the notice names no target
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.admin_page  # the village's admin password, for more collectors
    qtbot.keyClicks(focused(), "guanli-2021")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "guanli-2021")
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.confirm_page
    summary = wizard.confirm_page.summary.text()
    assert "村庄：新立村（一组、二组）" in summary and "收据号：XLC2021000001 起" in summary
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.result() == QDialog.DialogCode.Accepted
    assert wizard.ledger is not None and wizard.acting is not None
    assert (wizard.acting.name, wizard.acting.benefit_year) == ("李会计", 2021)
    return wizard.ledger, wizard.acting


def wait_idle(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.running(), timeout=30000)


def import_roster(qtbot: QtBot, window: MainWindow) -> None:
    def act(d: ImportDialog) -> None:
        assert focused() is d.browse
        press(qtbot, Qt.Key.Key_Space)  # 选择文件…
        assert d.path.text() == str(ROSTER) and focused() is d.check
        press(qtbot, Qt.Key.Key_Space)  # 检查文件
        wait_idle(qtbot, d)
        assert d.model.rowCount() == 0 and "将新增 2 户、5 人" in d.message.text(), d.message.text()
        assert focused() is d.import_all
        press(qtbot, Qt.Key.Key_Return)  # 全部导入
        wait_idle(qtbot, d)
        assert "已新增 2 户、5 人" in d.message.text(), d.message.text()
        press(qtbot, Qt.Key.Key_Escape)

    open_import(qtbot, window, 0, act)


def import_dibao(qtbot: QtBot, window: MainWindow) -> None:
    def act(d: ImportDialog) -> None:
        assert d.identity is not None and d.source is not None
        press(qtbot, Qt.Key.Key_Space)  # 选择文件…, then the focus is on 检查文件
        press(qtbot, Qt.Key.Key_Backtab)
        assert focused() is d.source
        press(qtbot, Qt.Key.Key_Down, 1 + IDENTITY_SOURCES.index("民政"))
        press(qtbot, Qt.Key.Key_Backtab)
        assert focused() is d.identity
        press(qtbot, Qt.Key.Key_Down, 1 + list(IDENTITIES).index("subsistence_allowance"))
        assert (d.identity.currentData(), d.source.currentData()) == ("subsistence_allowance", "民政")
        press(qtbot, Qt.Key.Key_Tab, 2)
        assert focused() is d.check
        press(qtbot, Qt.Key.Key_Space)
        wait_idle(qtbot, d)
        assert "将新增身份 2 人" in d.message.text(), d.message.text()
        press(qtbot, Qt.Key.Key_Return)
        wait_idle(qtbot, d)
        press(qtbot, Qt.Key.Key_Escape)

    open_import(qtbot, window, 1, act)


def open_import(qtbot: QtBot, window: MainWindow, item: int, act: Callable[[ImportDialog], None]) -> None:
    press(qtbot, Qt.Key.Key_I, modifier=Qt.KeyboardModifier.ControlModifier)  # 导入 Ctrl+I
    qtbot.waitUntil(window.actions_.import_menu.isVisible, timeout=2000)
    answer = ModalAnswer(ImportDialog, act, timeout_ms=30000)
    press_in_menu(qtbot, Qt.Key.Key_Down, item)
    press_in_menu(qtbot, Qt.Key.Key_Return)
    dialog = answer.check()
    assert isinstance(dialog, ImportDialog) and dialog.result() == QDialog.DialogCode.Accepted
    back_to(qtbot, window)


def new_household_with_a_newborn(qtbot: QtBot, window: MainWindow) -> None:
    def household(d: HouseholdDialog) -> None:
        assert focused() is d.household_no and d.household_no.text() == "0003"
        press(qtbot, Qt.Key.Key_Tab)  # 村民小组
        press(qtbot, Qt.Key.Key_Down)  # 二组
        press(qtbot, Qt.Key.Key_Tab)  # 地址
        focused().selectAll()  # type: ignore[attr-defined]
        type_chinese(focused(), "新立村二组12号")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), "13900000012")
        press(qtbot, Qt.Key.Key_Return)

    def members(d: MemberDialog) -> None:
        assert focused() is d.name and d.relation.currentText() == "户主"
        type_chinese(focused(), "刘强")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), LIU_QIANG)
        assert (d.birth.text(), d.sex.currentText()) == ("1993-04-08", "男")
        press(qtbot, Qt.Key.Key_A, modifier=Qt.KeyboardModifier.AltModifier)  # 保存并添加下一位
        qtbot.waitUntil(lambda: "已保存 刘强" in d.message.text(), timeout=2000)  # a mnemonic clicks 100 ms later
        assert focused() is d.name
        type_chinese(focused(), "刘小雨")
        press(qtbot, Qt.Key.Key_Tab, 2)  # no ID number yet
        assert focused() is d.birth
        qtbot.keyClicks(focused(), "20210105")
        press(qtbot, Qt.Key.Key_Tab)
        press(qtbot, Qt.Key.Key_Down, 2)  # 请选择 -> 男 -> 女
        press(qtbot, Qt.Key.Key_Tab, 2)  # 民族 stays 汉族; 与户主关系
        assert focused() is d.relation
        type_chinese(focused(), "女")
        press(qtbot, Qt.Key.Key_Return)

    first = ModalAnswer(HouseholdDialog, household)
    second = ModalAnswer(MemberDialog, members, timeout_ms=8000)
    press(qtbot, Qt.Key.Key_F2)
    first.check()
    dialog = second.check()
    assert isinstance(dialog, MemberDialog)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.message.text()
    back_to(qtbot, window)


def find(qtbot: QtBot, window: MainWindow, text: str, household_no: str) -> None:
    """Ctrl+F, type, Enter: the household is chosen and the focus is on its members."""
    press(qtbot, Qt.Key.Key_F, modifier=Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(focused(), text)
    press(qtbot, Qt.Key.Key_Return)
    assert [r.household_no for r in window.household_model.rows] == [household_no]
    assert focused() is window.members


def text_at(d: PaymentDialog, row: int, column: int) -> str:
    item = d.table.item(row, column)
    assert item is not None
    return item.text()


def cell(d: PaymentDialog, name: str, column: int) -> str:
    row = next(r for r in range(d.table.rowCount()) if text_at(d, r, NAME) == name)
    return text_at(d, row, column)


def go_to_row(qtbot: QtBot, d: PaymentDialog, name: str) -> None:
    """From the cash box, Tab to the member list and arrow down to ``name``."""
    if focused() is not d.table:
        press(qtbot, Qt.Key.Key_Tab, 2)
    assert focused() is d.table
    press(qtbot, Qt.Key.Key_Home)  # the 缴费 column: ↑↓ must still stop at members who cannot be ticked
    for _ in range(d.table.rowCount()):
        if text_at(d, d.table.currentRow(), NAME) == name:
            return
        press(qtbot, Qt.Key.Key_Down)
    raise AssertionError(f"↓ does not reach {name}")


def returning_migrant(qtbot: QtBot, d: PaymentDialog, name: str) -> None:
    """F4 on the member: 期外参保情形 = 返乡农民工, Enter re-quotes them."""
    go_to_row(qtbot, d, name)

    def choose(s: SituationDialog) -> None:
        s.situation.setFocus()
        press(qtbot, Qt.Key.Key_Down, list(SITUATIONS).index(MIGRANT) + 1)
        assert s.situation.currentData() == MIGRANT
        press(qtbot, Qt.Key.Key_Return)

    answer = ModalAnswer(SituationDialog, choose)
    press(qtbot, Qt.Key.Key_F4)
    answer.check()
    qtbot.waitUntil(d.isActiveWindow)
    assert "期外：返乡农民工" in cell(d, name, NOTE)
    assert focused() is d.cash


def take_payment(qtbot: QtBot, window: MainWindow, act: Callable[[PaymentDialog], None]) -> PaymentDialog:
    answer = ModalAnswer(PaymentDialog, act, timeout_ms=15000)
    press(qtbot, Qt.Key.Key_F5)
    dialog = answer.check()
    back_to(qtbot, window)
    assert isinstance(dialog, PaymentDialog)
    assert dialog.payment is not None, dialog.message.text()
    return dialog


def cash_and_enter(qtbot: QtBot, d: PaymentDialog, cash: str, change: str) -> None:
    assert focused() is d.cash
    qtbot.keyClicks(d.cash, cash)
    assert d.change.text() == change
    press(qtbot, Qt.Key.Key_Return)  # 确认收费
    assert d.payment is not None, d.message.text()
    assert d.receipt_label.text() == d.payment.receipt_no and focused() is d.print_button


def save_receipt_pdf(qtbot: QtBot, d: PaymentDialog, printed: Printed) -> str:
    assert d.payment is not None
    name = f"收据_{d.payment.receipt_no}.pdf"
    press(qtbot, Qt.Key.Key_S, modifier=Qt.KeyboardModifier.AltModifier)  # 存为PDF
    qtbot.waitUntil(lambda: str(printed.folder / name) in d.print_status.text(), timeout=5000)
    assert printed.files[-1].name == name and str(printed.files[-1]) in d.print_status.text()
    return printed.text(name)


def void_receipt(qtbot: QtBot, window: MainWindow, receipt_no: str, reason: str) -> VoidDialog:
    """收费(&S) menu -> 作废收据(&V): the receipt number is offered from the chosen member."""

    def number(d: ReceiptNumberDialog) -> None:  # the chosen member's receipt, offered
        assert d.number.text() == receipt_no
        press(qtbot, Qt.Key.Key_Return)

    def confirm(d: VoidDialog) -> None:
        assert focused() is d.reason
        type_chinese(d.reason, reason)
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    said: list[str] = []

    def done(box: QMessageBox) -> None:  # a void that went through says so
        said.append(box.text())
        press(qtbot, Qt.Key.Key_Return)

    asked, voided = ModalAnswer(ReceiptNumberDialog, number), ModalAnswer(VoidDialog, confirm, timeout_ms=8000)
    told = ModalAnswer(QMessageBox, done, timeout_ms=10000)
    press(qtbot, Qt.Key.Key_S, modifier=Qt.KeyboardModifier.AltModifier)
    press_in_menu(qtbot, Qt.Key.Key_V)
    asked.check()
    dialog = voided.check()
    told.check()
    assert f"收据 {receipt_no} 已作废" in said[0]
    back_to(qtbot, window)
    assert isinstance(dialog, VoidDialog)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.message.text()
    return dialog


def print_from_menu(qtbot: QtBot, window: MainWindow, key: Qt.Key, ask_number: str | None = None) -> TargetDialog:
    """Ctrl+P, the printout's letter, (the receipt number,) then 存为PDF in the chooser."""
    answers = []
    if ask_number is not None:

        def number(d: ReceiptNumberDialog) -> None:
            focused().selectAll()  # type: ignore[attr-defined]
            qtbot.keyClicks(focused(), ask_number)
            press(qtbot, Qt.Key.Key_Return)

        answers.append(ModalAnswer(ReceiptNumberDialog, number))
    chooser = ModalAnswer(
        TargetDialog, lambda d: press(qtbot, Qt.Key.Key_S, modifier=Qt.KeyboardModifier.AltModifier), timeout_ms=8000
    )
    press(qtbot, Qt.Key.Key_P, modifier=Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(window.actions_.print_menu.isVisible, timeout=2000)
    press_in_menu(qtbot, key)
    for a in answers:
        a.check()
    dialog = chooser.check()
    back_to(qtbot, window)
    assert isinstance(dialog, TargetDialog) and dialog.target == "pdf"
    return dialog


# --- the day ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Day:
    """What the day left at 17:00: the window still open on the ledger, the clock, the receipts, the 日结单."""

    ledger: Ledger
    window: MainWindow
    clock: Clock
    baby: Payment  # XLC2021000001 刘小雨, the newborn, no ID number yet
    low_income: Payment  # XLC2021000002 王建国, 低保
    wrong: Payment  # XLC2021000003 王伟 alone, voided
    couple: Payment  # XLC2021000004 王伟 and 赵红梅
    day_text: str  # the 日结单 PDF's text


@contextmanager
def collection_day(qtbot: QtBot, folder: Path, printed: Printed) -> Iterator[Day]:
    """The first-run wizard at 08:30, then the day to the 日结单; the ledger is closed afterwards."""
    clock = Clock(datetime(2021, 2, 15, 8, 30))
    ledger, op = first_run(qtbot, folder / "village.sqlite", clock)
    try:
        yield the_day(qtbot, ledger, op, clock, printed)
    finally:
        ledger.close()


def the_day(qtbot: QtBot, ledger: Ledger, op: Acting, clock: Clock, printed: Printed) -> Day:
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    assert focused() is window.search and window.count_label.text() == "共 0 户"

    # 08:40 the roster and the civil affairs office's 低保 list
    clock.now = datetime(2021, 2, 15, 8, 40)
    import_roster(qtbot, window)
    import_dibao(qtbot, window)
    assert window.count_label.text() == "共 2 户"
    head = find_by_id_number(ledger, WANG_JIANGUO)
    assert identities_on(ledger, head.id, TODAY) == ("subsistence_allowance",)

    # 09:00 a young family registers: F2, the household, then the father and the baby
    clock.now = datetime(2021, 2, 15, 9, 0)
    window.focus_search()
    new_household_with_a_newborn(qtbot, window)
    assert [r.household_no for r in window.household_model.rows] == ["0003"]
    shown = {m.person.name: m.status for m in window.member_model.rows}
    assert shown == {"刘强": "不能参保", "刘小雨": "未缴"}  # the period is over; the baby is within 90 days

    # 09:05 F5: the baby pays alone; the father is shown with the reason he cannot
    def newborn(d: PaymentDialog) -> None:
        assert cell(d, "刘小雨", STATUS) == "未缴" and cell(d, "刘小雨", DUE) == "280.00"
        assert cell(d, "刘小雨", NOTE) == f"待遇 {NEWBORN_BIRTH} 起"  # from birth, not from 2021-01-01
        assert cell(d, "刘强", STATUS) == "不能参保" and "已过2020年度集中参保缴费期" in cell(d, "刘强", NOTE)
        go_to_row(qtbot, d, "刘小雨")
        details = d.details.toPlainText()
        assert "新生儿“落地”参保（出生之日起90天内缴费）：自出生之日起享受待遇" in details
        assert f"待遇享受期 {NEWBORN_BIRTH} 至 2021-12-31" in details
        press(qtbot, Qt.Key.Key_Tab, 3)  # 期外参保情形, 取消, round to the cash box
        assert d.total.text() == "280.00 元"
        cash_and_enter(qtbot, d, "300", "20.00 元")
        text = save_receipt_pdf(qtbot, d, printed)
        assert "XLC2021000001" in text and "刘小雨" in text and "贰佰捌拾元整" in text and "李会计" in text
        assert "2021年1月5日至2021年12月31日" in text
        press(qtbot, Qt.Key.Key_Escape)

    clock.now = datetime(2021, 2, 15, 9, 5)
    baby = take_payment(qtbot, window, newborn).payment
    assert baby is not None

    # 09:20 王建国 (低保), home from work in the city: F4 返乡农民工, 30 yuan
    def dibao(d: PaymentDialog) -> None:
        assert all(cell(d, n, STATUS) == "不能参保" for n in ("王建国", "李秀兰", "王小明"))
        returning_migrant(qtbot, d, "王建国")
        assert (cell(d, "王建国", STATUS), cell(d, "王建国", SUBSIDY), cell(d, "王建国", DUE)) == (
            "未缴",
            "250.00",
            "30.00",
        )
        assert d.total.text() == "30.00 元"
        cash_and_enter(qtbot, d, "50", "20.00 元")
        text = save_receipt_pdf(qtbot, d, printed)
        for words in (
            "XLC2021000002",
            "王建国",
            WANG_JIANGUO,
            "280.00",
            "250.00",
            "30.00",
            "叁拾元整",
            "50.00",
            "20.00",
            "李会计",
            "0001",
        ):
            assert words in text, words
        assert "低保" not in text  # the villager's receipt keeps the subsidy group private unless the settings say so
        press(qtbot, Qt.Key.Key_Escape)

    clock.now = datetime(2021, 2, 15, 9, 20)
    find(qtbot, window, "wjg", "0001")
    low_income = take_payment(qtbot, window, dibao).payment
    assert low_income is not None

    # 09:40 王伟, ordinary, also home for the festival: 280 yuan, the receipt left for later
    def ordinary(d: PaymentDialog) -> None:
        returning_migrant(qtbot, d, "王伟")
        assert (cell(d, "王伟", SUBSIDY), cell(d, "王伟", DUE)) == ("", "280.00")
        cash_and_enter(qtbot, d, "300", "20.00 元")
        press(qtbot, Qt.Key.Key_Escape)  # 稍后打印

    clock.now = datetime(2021, 2, 15, 9, 40)
    find(qtbot, window, "ww", "0002")
    wrong = take_payment(qtbot, window, ordinary).payment
    assert wrong is not None and wrong.receipt_no == "XLC2021000003"

    # 09:45 his wife was home too and should have been on it: void, then one receipt for both
    clock.now = datetime(2021, 2, 15, 9, 45)
    assert focused() is window.members
    press(qtbot, Qt.Key.Key_Home, modifier=Qt.KeyboardModifier.ControlModifier)  # 王伟, whose receipt it is
    member = window.current_member()
    assert member is not None and member.receipt_no == wrong.receipt_no
    void_receipt(qtbot, window, wrong.receipt_no, "漏收赵红梅，作废重开")
    assert [m.status for m in window.member_model.rows] == ["不能参保", "不能参保"]  # unpaid again

    def both(d: PaymentDialog) -> None:
        returning_migrant(qtbot, d, "王伟")
        returning_migrant(qtbot, d, "赵红梅")
        assert d.total.text() == "560.00 元"
        cash_and_enter(qtbot, d, "600", "40.00 元")
        text = save_receipt_pdf(qtbot, d, printed)
        assert all(w in text for w in ("XLC2021000004", "王伟", "赵红梅", "伍佰陆拾元整", "李会计")), text
        press(qtbot, Qt.Key.Key_Escape)

    clock.now = datetime(2021, 2, 15, 9, 50)
    window.focus_search()
    find(qtbot, window, "ww", "0002")
    couple = take_payment(qtbot, window, both).payment
    assert couple is not None

    # 17:00 the voided receipt reprinted for the file, then the 日结单
    clock.now = datetime(2021, 2, 15, 17, 0)
    print_from_menu(qtbot, window, Qt.Key.Key_R, ask_number=wrong.receipt_no)
    reprint = printed.text(f"收据_{wrong.receipt_no}_补打.pdf")
    assert "补打" in reprint and "作废" in reprint and "漏收赵红梅，作废重开" in reprint
    print_from_menu(qtbot, window, Qt.Key.Key_D)
    assert printed.files[-1].name == f"日结单_{TODAY}.pdf"
    assert str(printed.files[-1]) in window.statusBar().currentMessage()
    day_text = printed.text(f"日结单_{TODAY}.pdf")

    # Esc, Esc: back to the search box, cleared; the whole village again, 0001 chosen
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is window.search
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: window.count_label.text() == "共 3 户", timeout=2000)
    assert [(m.person.name, m.status, m.identities) for m in window.member_model.rows] == [
        ("王建国", "已缴", ("subsistence_allowance",)),
        ("李秀兰", "不能参保", ()),
        ("王小明", "不能参保", ("subsistence_allowance",)),
    ]
    shot = window.grab()
    assert not shot.isNull() and shot.save(str(printed.folder / SCREENSHOT.name))
    if SCREENSHOT.parent.is_dir():
        shot.save(str(SCREENSHOT))  # for a person to look at

    return Day(ledger, window, clock, baby, low_income, wrong, couple, day_text)
