"""What a newcomer tripped on (issue 11 §6), each checked in the window: printouts that wrap receipt numbers
and 户号, 字号 特大 cutting columns, ↑↓ in 收费, 作废 / 补打 prefilled and checked, 已缴清, an old red error,
the group 新建户 proposes, F5 on a paid household, an empty village's status bar, and expired policies."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment
from desktop_app.services.ledger import Ledger
from desktop_app.services.paths import resource_dir
from desktop_app.services.payments import void
from desktop_app.services.printouts import ensure_font
from desktop_app.services.register import PersonInput, add_household, add_person
from desktop_app.ui import print_dialog
from desktop_app.ui.household_dialog import HouseholdDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.member_dialog import MemberDialog
from desktop_app.ui.models import HouseholdListModel, MemberStatusModel
from desktop_app.ui.payment_dialog import PaymentDialog
from desktop_app.ui.payment_table import NAME
from desktop_app.ui.receipt_prompt import ReceiptNumberDialog
from desktop_app.ui.void_refund_dialog import VoidDialog
from desktop_app.ui.widgets import FONT_SIZES
from desktop_app.ui.wizard import SetupWizard
from tests.printout_support import read_pdf
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
from tests.village import PASSWORD, Clock, acting, pay_for

__all__ = ["isolated_preferences"]

SURNAMES = ("欧阳", "司马", "上官", "诸葛", "王", "李", "张", "刘")
GIVEN = ("秀英", "长风", "婉儿", "明亮", "建国", "桂兰", "德胜", "海燕")


@pytest.fixture
def styled_app(qapp: QApplication) -> Iterator[QApplication]:
    """The application with the shipped style sheet and font, as the collector has it; put back afterwards."""
    sheet, font = qapp.styleSheet(), QFont(qapp.font())
    family = ensure_font()
    if family:
        bundled = QFont(family)
        bundled.setPointSize(FONT_SIZES["中"])
        qapp.setFont(bundled)
    qapp.setStyleSheet((resource_dir() / "style.qss").read_text("utf-8"))
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


@pytest.fixture
def qingji(make_ledger: Callable[..., Ledger]) -> tuple[Ledger, Acting]:
    """青吉村: receipts QJC2022……, 5-digit 户号, long names; 30 households of 3, the first 24 paid, 2 voided."""
    ledger = make_ledger(
        "jl-2022",
        prefix="QJC",
        area="changchun",
        collector="钱会计",
        village="青吉村",
        village_groups=("一组", "二组", "三组"),
    )
    op = acting(ledger, "钱会计")
    serial = 100
    for h in range(30):
        group = ("一组", "二组", "三组")[h % 3]
        hid = add_household(ledger, op, f"{h % 3 + 1}{h:04d}", f"青吉村{group}{h}号", group, "13900000000")
        people = []
        for m in range(3):
            serial += 1
            name = SURNAMES[(h + m) % 8] + GIVEN[(h * 3 + m) % 8]
            people.append(
                add_person(
                    ledger,
                    op,
                    hid,
                    PersonInput(
                        name,
                        resident_id("220102", f"19{60 + m * 10}-0{m + 1}-1{h % 9}", serial),
                        relation="户主" if m == 0 else "子女",
                    ),
                )
            )
        if h < 24:
            paid = pay_for(ledger, people, who=op)
            if h in (5, 17):
                void(ledger, op, paid.receipt_no, "录错人员，重新开票")
    return ledger, op


def find(qtbot: QtBot, window: MainWindow, household_no: str) -> None:
    """Type the 户号 in the search box and wait for that household alone, chosen, its members shown."""
    qtbot.keyClicks(window.search, household_no)
    qtbot.waitUntil(lambda: [r.household_no for r in window.household_model.rows] == [household_no], timeout=2000)
    qtbot.waitUntil(lambda: window.member_model.rowCount() == 3, timeout=2000)


def receipts(ledger: Ledger) -> list[tuple[str, str]]:
    return [
        (r[0], r[1])
        for r in ledger.db.execute(
            "SELECT p.receipt_no, h.household_no FROM payments p JOIN households h ON h.id = p.household_id"
        )
    ]


def names(ledger: Ledger) -> list[str]:
    return [r[0] for r in ledger.db.execute("SELECT name FROM people")]


def save_pdf(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setattr(print_dialog, "ask_pdf_path", lambda parent, suggested: path)


def test_lists_keep_receipt_numbers_household_numbers_and_names_whole(
    qtbot: QtBot, qingji: tuple[Ledger, Acting], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, op = qingji
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    lines: dict[str, set[str]] = {}
    first_page: dict[str, str] = {}
    for kind, params in (
        ("receipt_list", {"date_from": date(2021, 11, 1), "date_to": date(2021, 11, 1)}),
        ("unpaid", {}),
        ("day_sheet", {"day": date(2021, 11, 1)}),
    ):
        save_pdf(monkeypatch, tmp_path / f"{kind}.pdf")
        window.actions_._print(kind, target="pdf", **params)
        pdf = read_pdf(tmp_path / f"{kind}.pdf")
        lines[kind], first_page[kind] = {line.strip() for line in pdf.text.splitlines()}, pdf.pages[0]
    issued = receipts(ledger)
    assert len(issued) == 24 and issued[0][0] == "QJC2022000001"
    for receipt_no, household_no in issued:  # one line each: a wrapped cell would be two
        assert receipt_no in lines["receipt_list"] and household_no in lines["receipt_list"]
    assert all(no in first_page["receipt_list"] for no, _ in issued)  # 24 receipts of 3 people on page 1
    unpaid_households = {
        r[0]
        for r in ledger.db.execute(
            "SELECT household_no FROM households WHERE household_no NOT IN "
            "(SELECT h.household_no FROM payments p JOIN households h ON h.id = p.household_id "
            " WHERE p.id NOT IN (SELECT payment_id FROM voids))"
        )
    }
    assert len(unpaid_households) == 8 and unpaid_households <= lines["unpaid"]
    known = set(names(ledger))
    for kind in ("receipt_list", "day_sheet"):  # a list of names breaks between names, never inside one
        listed = [line for line in lines[kind] if re.fullmatch(r"[\u4e00-\u9fff]{2,4}(、[\u4e00-\u9fff]+)+、?", line)]
        assert listed, kind
        for line in listed:
            assert all(part in known for part in line.split("、") if part), (kind, line)
    voided = [no for no, _ in issued if no.endswith(("000006", "000018"))]
    assert all(no in lines["day_sheet"] or any(no in line for line in lines["day_sheet"]) for no in voided)


def member_columns_whole(window: MainWindow) -> list[int]:
    """The columns of the members' table narrower than what they hold (none, when nothing is cut)."""
    view, header = window.members, window.members.horizontalHeader()
    cut = [
        c
        for c in range(window.member_model.columnCount())
        if view.columnWidth(c) + 1 < max(view.sizeHintForColumn(c), header.sectionSizeHint(c))
    ]
    return cut


def list_cut(window: MainWindow) -> list[str]:
    """What the household list cuts (nothing, when all is well): a sideways scroll, 查到 (while a search
    lists it) narrower than a name, the count above the list past the left side's edge."""
    view, label, cut = window.households, window.count_label, []
    if view.horizontalScrollBar().maximum() > 0:
        cut.append("scrolls sideways")
    matched = HouseholdListModel.MATCHED
    if not view.isColumnHidden(matched) and view.columnWidth(matched) < view.fontMetrics().horizontalAdvance("王秀英"):
        cut.append("查到")
    if label.mapTo(window.list_pane, QPoint(label.width(), 0)).x() > window.list_pane.width():
        cut.append(label.text())
    if label.width() < label.fontMetrics().horizontalAdvance(label.text()):
        cut.append(label.text())
    return cut


def test_at_the_largest_font_the_main_window_cuts_no_receipt_number_and_going_back_restores_the_rows(
    qtbot: QtBot, styled_app: QApplication, qingji: tuple[Ledger, Acting]
) -> None:
    ledger, op = qingji
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    window.resize(1366, 768)
    find(qtbot, window, "10003")  # a paid household of 一组
    normal = window.members.rowHeight(0)
    receipt = window.member_model.rows[0].receipt_no
    assert receipt and receipt.startswith("QJC2022")
    for size in ("特大", "中", "特大", "中"):
        window.set_font_size(size)
        qtbot.wait(50)
        assert QApplication.font().pointSize() == FONT_SIZES[size]
        assert member_columns_whole(window) == [], size
        assert list_cut(window) == [], size
        note = window.members.columnWidth(MemberStatusModel.NOTE)
        assert note >= window.members.fontMetrics().horizontalAdvance(receipt), size
        assert window.list_pane.width() + window.members.width() <= window.width()
        assert window.statusBar().width() <= window.width()
        for label in (window.today_label, window.unexported_label, window.who_label):  # the status bar cuts nothing
            assert label.width() >= label.sizeHint().width() - 1, (size, label.text())
    assert window.members.rowHeight(0) == normal and window.households.rowHeight(0) == normal


def test_up_and_down_in_the_cash_box_move_the_member_selection_as_the_hint_says(
    qtbot: QtBot, qingji: tuple[Ledger, Acting]
) -> None:
    ledger, op = qingji
    hid = ledger.db.execute("SELECT id FROM households WHERE household_no = '10027'").fetchone()[0]
    dialog = PaymentDialog(ledger, op, hid)
    show_active(qtbot, dialog)
    assert focused() is dialog.cash and dialog.table.currentRow() == 0
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.table.currentRow() == 1 and focused() is dialog.cash
    press(qtbot, Qt.Key.Key_Down, 5)
    assert dialog.table.currentRow() == 2  # stops at the last member
    press(qtbot, Qt.Key.Key_Up)
    assert dialog.table.currentRow() == 1 and dialog.table.currentColumn() >= NAME
    checked = dialog.table.item(1, 0).checkState()  # type: ignore[union-attr]
    press(qtbot, Qt.Key.Key_Space)  # space ticks the member, also from the cash box
    assert dialog.table.item(1, 0).checkState() != checked  # type: ignore[union-attr]
    qtbot.keyClicks(dialog.cash, "1000")
    assert dialog.cash.text() == "1000"


def test_void_and_reprint_offer_the_chosen_households_receipt_refuse_a_wrong_one_and_a_void_says_so(
    qtbot: QtBot, qingji: tuple[Ledger, Acting], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, op = qingji
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    find(qtbot, window, "10003")
    window.households.setFocus()  # the household chosen, no member
    receipt = window.member_model.rows[0].receipt_no
    outputs: list[str] = []
    monkeypatch.setattr(print_dialog, "ask_target", lambda *a, **k: outputs.append("asked") or None)

    def wrong_then_close(dialog: ReceiptNumberDialog) -> None:
        assert dialog.number.text() == receipt and dialog.offered == [receipt] and focused() is dialog.number
        qtbot.keyClicks(dialog.number, "QJC2022999999")  # the proposal is selected: typing replaces it
        press(qtbot, Qt.Key.Key_Return)
        assert dialog.isVisible() and "QJC2022999999" in dialog.message.text()
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(ReceiptNumberDialog, wrong_then_close)
    window.actions_.print_receipt.trigger()
    answer.check()
    assert outputs == []  # no printer or file was asked for
    back_to(qtbot, window)

    def confirm(dialog: ReceiptNumberDialog) -> None:
        assert dialog.number.text() == receipt
        qtbot.keyClick(dialog.number, Qt.Key.Key_Return)

    def void_it(dialog: VoidDialog) -> None:
        type_chinese(dialog.reason, "金额收错")
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    said: list[str] = []
    monkeypatch.setattr(window, "info", said.append)
    answers = [ModalAnswer(ReceiptNumberDialog, confirm), ModalAnswer(VoidDialog, void_it)]
    window.actions_.void.trigger()
    for a in answers:
        a.check()
    assert said and f"收据 {receipt} 已作废" in said[0]
    assert ledger.db.execute("SELECT COUNT(*) FROM voids").fetchone()[0] == 3


def test_the_unpaid_column_says_paid_up_in_words(qtbot: QtBot, qingji: tuple[Ledger, Acting]) -> None:
    ledger, op = qingji
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    model = window.household_model
    shown = {model.rows[r].household_no: model.index(r, 4).data() for r in range(model.rowCount())}
    assert shown["10000"] == "已缴清" and shown["10027"] == 3 and "✓" not in shown.values()


def test_a_corrected_id_number_takes_the_old_red_error_away(qtbot: QtBot, qingji: tuple[Ledger, Acting]) -> None:
    ledger, op = qingji
    hid = ledger.db.execute("SELECT id FROM households WHERE household_no = '10027'").fetchone()[0]
    taken = ledger.db.execute("SELECT id_number FROM people LIMIT 1").fetchone()[0]
    dialog = MemberDialog(ledger, op, hid)
    show_active(qtbot, dialog)
    type_chinese(dialog.name, "新成员")
    qtbot.keyClicks(dialog.id_number, taken)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.message.kind == "error" and "已登记" in dialog.message.text()
    assert focused() is dialog.id_number
    dialog.id_number.selectAll()
    qtbot.keyClicks(dialog.id_number, resident_id("220102", "1990-09-09", 909))
    assert dialog.id_message.kind == "ok"
    assert dialog.message.kind != "error" and dialog.message.text() == ""


def test_a_new_household_is_proposed_in_the_chosen_households_group(
    qtbot: QtBot, qingji: tuple[Ledger, Acting]
) -> None:
    ledger, op = qingji
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    find(qtbot, window, "20001")  # a household of 二组, searched across the village
    assert window.group_filter.currentIndex() == 0  # 全部小组

    def look(dialog: HouseholdDialog) -> None:
        assert dialog.group.currentText() == "二组"
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(HouseholdDialog, look)
    press(qtbot, Qt.Key.Key_F2)
    answer.check()


def test_f5_on_a_fully_paid_household_says_so_at_once(qtbot: QtBot, qingji: tuple[Ledger, Acting]) -> None:
    ledger, op = qingji
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    find(qtbot, window, "10003")
    receipt = window.member_model.rows[0].receipt_no
    seen: list[str] = []

    def read(box: QMessageBox) -> None:
        seen.append(box.text())
        press(qtbot, Qt.Key.Key_Return)

    answer = ModalAnswer(QMessageBox, read)
    press(qtbot, Qt.Key.Key_F5)
    answer.check()
    assert "已缴清" in seen[0] and str(receipt) in seen[0]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, PaymentDialog)]


def test_an_empty_village_says_no_payment_yet_and_records_are_counted_in_bi(
    qtbot: QtBot, make_ledger: Callable[..., Ledger]
) -> None:
    ledger = make_ledger("jl-2022", prefix="KC", area="changchun", village="空村")
    op = acting(ledger)
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: window.unexported_label.text() != "未导出：…", timeout=3000)
    assert window.unexported_label.text() == "暂无收款" and "全部已导出" not in window.unexported_label.text()
    hid = add_household(ledger, op, "00001", "空村1号", "")
    pay_for(ledger, [add_person(ledger, op, hid, PersonInput("周一", resident_id("220102", "1980-01-01", 11)))], who=op)
    window.after_change()
    assert window.unexported_label.text().startswith("未导出：1 笔 ·") and "条" not in window.unexported_label.text()
    assert window.today_label.text().startswith("今日收据 1 张")


def test_the_wizard_warns_when_every_policys_period_is_over_and_a_trainer_can_go_on(
    qtbot: QtBot, tmp_path: Path
) -> None:
    wizard = SetupWizard(tmp_path / "training.sqlite", clock=Clock(datetime(2026, 12, 7, 9)))
    show_active(qtbot, wizard)
    press(qtbot, Qt.Key.Key_Enter)  # 村
    page = wizard.policy_page
    assert page.warning.isVisible() and page.warning.kind == "error"
    assert "集中缴费期都已结束" in page.warning.text() and "培训或练习" in page.warning.text()
    assert all("已结束" in page.policies.item(i).text() for i in range(page.policies.count()))
    page.policies.setCurrentRow(next(i for i, c in enumerate(page.choices) if c.id == "ah-sixian-shantou-2022"))
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.village_page  # only a warning: the trainer goes on
    type_chinese(focused(), "练习村")
    press(qtbot, Qt.Key.Key_Enter)
    type_chinese(focused(), "培训员")
    for text in ("1234", "1234"):
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), text)
    press(qtbot, Qt.Key.Key_Enter)
    qtbot.keyClicks(focused(), "guanli")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), "guanli")
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.confirm_page
    assert "集中缴费期已于" in wizard.confirm_page.summary.text()
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.ledger is not None and wizard.acting is not None
    assert wizard.ledger.settings.village == "练习村"
    wizard.ledger.close()


def test_the_wizard_does_not_warn_while_a_policy_is_still_collecting(qtbot: QtBot, tmp_path: Path) -> None:
    wizard = SetupWizard(tmp_path / "x.sqlite", clock=Clock(datetime(2021, 11, 1, 9)))
    qtbot.addWidget(wizard)
    assert not wizard.policy_page.warning.text()


def test_with_two_collectors_the_day_sheet_is_each_ones_or_the_whole_village(
    qtbot: QtBot, qingji: tuple[Ledger, Acting], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.services.operators import add_collector

    ledger, op = qingji
    add_collector(ledger, op, "孙组长", "sun-1234", "SZZ")
    sun = acting(ledger, "孙组长")
    hid = ledger.db.execute("SELECT id FROM households WHERE household_no = '10027'").fetchone()[0]
    people = [r[0] for r in ledger.db.execute("SELECT id FROM people WHERE household_id = ?", [hid])]
    theirs: Payment = pay_for(ledger, people, who=sun)
    window = MainWindow(ledger, op)
    show_active(qtbot, window)
    paths = iter([tmp_path / "own.pdf", tmp_path / "all.pdf"])
    monkeypatch.setattr(print_dialog, "ask_pdf_path", lambda parent, suggested: next(paths))

    def choose(everyone: bool) -> Callable[[QWidget], None]:
        def act(dialog: QWidget) -> None:
            box = dialog.everyone  # type: ignore[attr-defined]
            assert box is not None and "全村汇总" in box.text()
            if everyone:
                qtbot.keyClick(focused(), Qt.Key.Key_A, Qt.KeyboardModifier.AltModifier)
                qtbot.waitUntil(box.isChecked, timeout=1000)
            qtbot.keyClick(focused(), Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)  # 存为PDF

        return act

    for everyone in (False, True):
        answer = ModalAnswer(print_dialog.TargetDialog, choose(everyone))
        press(qtbot, Qt.Key.Key_P, modifier=Qt.KeyboardModifier.ControlModifier)
        press_in_menu(qtbot, Qt.Key.Key_D)  # 日结单
        qtbot.waitUntil(lambda a=answer: bool(a.seen) or a.error is not None, timeout=3000)
        answer.check()
        back_to(qtbot, window)
    own, everyone_pdf = read_pdf(tmp_path / "own.pdf").text, read_pdf(tmp_path / "all.pdf").text
    assert theirs.receipt_no not in own and "钱会计" in own
    assert theirs.receipt_no in everyone_pdf or "孙组长" in everyone_pdf
