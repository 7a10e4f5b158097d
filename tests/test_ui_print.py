"""Printing from the window: to a PDF file or a printer, later, and reprints marked 补打."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import acting_as, add_operator
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.store.transactions import immediate
from desktop_app.ui import print_dialog
from desktop_app.ui.payment_dialog import PaymentDialog
from desktop_app.ui.print_dialog import TargetDialog, choose_and_print
from tests.village import PASSWORD, XINLI, acting, wang_household

Village = tuple[Ledger, Acting, dict[str, int]]


@pytest.fixture
def village(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, make_ledger: Callable[..., Ledger]) -> Iterator[Village]:
    prefs = QSettings(str(tmp_path / "prefs.ini"), QSettings.Format.IniFormat)
    monkeypatch.setattr(print_dialog, "preferences", lambda: prefs)
    errors: list[str] = []
    monkeypatch.setattr(print_dialog, "show_error", lambda parent, text: errors.append(text))
    ledger = make_ledger("jl-2022", **XINLI)
    op = acting(ledger, "李会计")
    ids = wang_household(ledger, op)
    yield ledger, op, ids
    assert errors == []


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def saving_to(monkeypatch: pytest.MonkeyPatch, *paths: Path) -> list[str]:
    """ask_pdf_path answers each path in turn; returns the names it was offered."""
    offered: list[str] = []
    queue = list(paths)

    def answer(parent: QWidget | None, suggested: str) -> Path:
        offered.append(suggested)
        return queue.pop(0)

    monkeypatch.setattr(print_dialog, "ask_pdf_path", answer)
    return offered


def test_the_receipt_is_saved_as_pdf_after_the_payment_and_a_second_copy_says_reprint(
    qtbot: QtBot, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, op, ids = village
    first, second = tmp_path / "r1.pdf", tmp_path / "r2.pdf"
    offered = saving_to(monkeypatch, first, second)
    dialog = PaymentDialog(ledger, op, ids["household"])
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.keyClicks(dialog.cash, "1100")
    qtbot.keyClick(dialog.cash, Qt.Key.Key_Return)
    assert dialog.payment is not None  # committed before anything prints
    receipt_no = dialog.payment.receipt_no
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    text = pdf_text(first)
    assert receipt_no in text and "王建国" in text and "壹仟零柒拾元整" in text and "补打" not in text
    assert offered[0] == f"收据_{receipt_no}.pdf"
    assert dialog.print_button.text().startswith("补打")
    qtbot.mouseClick(dialog.pdf_button, Qt.MouseButton.LeftButton)
    assert "补打" in pdf_text(second) and offered[1] == f"收据_{receipt_no}_补打.pdf"
    assert str(second) in dialog.print_status.text()


def test_the_printer_gets_the_receipt_in_the_paper_chosen(
    qtbot: QtBot, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, op, ids = village
    payment = pay(ledger, op, PaymentRequest((ids["head"],), 24000, ledger.now().date()))
    out = tmp_path / "printer.pdf"

    def printer_chosen(parent: QWidget | None, printer: QPrinter) -> bool:
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)  # stands in for a real printer
        printer.setOutputFileName(str(out))
        return True

    monkeypatch.setattr(print_dialog, "ask_printer", printer_chosen)
    done = choose_and_print(
        None, ledger, op, "receipt", receipt_no=payment.receipt_no, reprint=True, target="printer", layout="roll"
    )
    assert done is not None and "打印机" in done
    reader = PdfReader(out)
    width_mm = float(reader.pages[0].mediabox.width) / 72 * 25.4
    assert abs(width_mm - 80) < 1  # the 80 mm roll
    assert "补打" in reader.pages[0].extract_text() and payment.receipt_no in reader.pages[0].extract_text()


def test_the_chooser_offers_printer_pdf_or_later_and_later_prints_nothing(
    qtbot: QtBot, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, op, ids = village
    pay(ledger, op, PaymentRequest((ids["head"], ids["spouse"]), 61000, ledger.now().date()))
    out = tmp_path / "day.pdf"
    saving_to(monkeypatch, out)

    def press(key: Qt.Key) -> None:
        chooser = QApplication.activeModalWidget()
        assert isinstance(chooser, TargetDialog)
        assert "day" in chooser.dates
        qtbot.keyClick(chooser, key)

    QTimer.singleShot(0, lambda: press(Qt.Key.Key_Escape))
    assert choose_and_print(None, ledger, op, "day_sheet") is None and not out.exists()

    def save() -> None:
        chooser = QApplication.activeModalWidget()
        assert isinstance(chooser, TargetDialog)
        pdf = next(b for b in chooser.findChildren(QPushButton) if b.text().startswith("存为PDF"))
        qtbot.mouseClick(pdf, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, save)
    done = choose_and_print(None, ledger, op, "day_sheet")
    assert done is not None and str(out) in done
    text = pdf_text(out)
    assert "日结单" in text and "610.00" in text


@pytest.mark.parametrize(
    "kind, words", [("receipt_list", ("收款清单", "XL2022000001")), ("unpaid", ("未缴", "王小明"))]
)
def test_lists_save_as_pdf(
    qtbot: QtBot, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, words: tuple[str, ...]
) -> None:
    ledger, op, ids = village
    pay(ledger, op, PaymentRequest((ids["head"],), 24000, ledger.now().date()))
    out = tmp_path / f"{kind}.pdf"
    saving_to(monkeypatch, out)
    day = ledger.now().date()
    kw = {"date_from": day, "date_to": day} if kind == "receipt_list" else {"as_of": day}
    assert choose_and_print(None, ledger, op, kind, target="pdf", **kw) is not None
    text = pdf_text(out)
    assert all(w in text for w in words), text


def test_with_two_collectors_the_chooser_offers_the_whole_village(
    qtbot: QtBot, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, op, ids = village
    with immediate(ledger.db):
        zhao = acting_as(ledger, add_operator(ledger, "赵组长", PASSWORD, "ZZ", op))
    mine = pay(ledger, op, PaymentRequest((ids["head"],), 24000, ledger.now().date()))
    theirs = pay(ledger, zhao, PaymentRequest((ids["spouse"],), 37000, ledger.now().date()))
    own, everyone = tmp_path / "own.pdf", tmp_path / "all.pdf"
    offered = saving_to(monkeypatch, own, everyone)

    def save(whole_village: bool) -> None:
        chooser = QApplication.activeModalWidget()
        assert isinstance(chooser, TargetDialog) and chooser.everyone is not None
        chooser.everyone.setChecked(whole_village)
        pdf = next(b for b in chooser.findChildren(QPushButton) if b.text().startswith("存为PDF"))
        qtbot.mouseClick(pdf, Qt.MouseButton.LeftButton)

    QTimer.singleShot(0, lambda: save(False))
    assert choose_and_print(None, ledger, zhao, "day_sheet") is not None
    text = pdf_text(own)
    assert theirs.receipt_no in text and mine.receipt_no not in text and "赵组长" in text
    QTimer.singleShot(0, lambda: save(True))
    assert choose_and_print(None, ledger, zhao, "day_sheet") is not None
    text = pdf_text(everyone)
    assert theirs.receipt_no in text and mine.receipt_no in text and "全村汇总" in text
    assert offered[1].startswith("日结单_全村汇总_")
