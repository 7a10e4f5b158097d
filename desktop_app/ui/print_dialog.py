"""Printing from the window: 打印机, 存为PDF, or 稍后.

``choose_and_print(parent, ledger, acting, kind, **kw)`` asks where to print (and, where
it matters, the paper, the dates, or whether to sum up every collector), has the
printout made by services.printouts (the registry the CLI uses too) and sends it to the
printer the user picks or to a PDF file. It returns a Chinese sentence saying what was
done, or None when the user chose 稍后 or cancelled. It never writes to the ledger: a
payment is committed before it prints.

kinds and their keywords: "receipt" (receipt_no, reprint), "receipt_list" (date_from,
date_to, everyone), "day_sheet" (day, everyone), "unpaid" (as_of, for the file name; hardship_only,
public — asked here when not given).
The lists are the acting collector's unless ``everyone`` (全村汇总); the day sheet and
the unpaid list are for the acting benefit year. Optional: ``target`` "printer" or
"pdf" skips the question (the payment dialog's own buttons), ``layout`` "a4", "roll"
(80 mm), "roll58" (58 mm) or "form" for receipts, otherwise the collector's last choice
— and "form" (套打 onto the tax office's form, kind "form_receipt") always where the
village uses those forms. Also: "settlement" (settlement_no), "refund_form" (uid; its
receipt_no for the file name), "payout", "test_page" (套打 calibration).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, QStandardPaths
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import Refusal
from desktop_app.domain.operators import Acting
from desktop_app.services import printouts
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import list_operators
from desktop_app.ui.widgets import preferences

KINDS = {name: kind.title for name, kind in printouts.KINDS.items()}
ALL_COLLECTORS = "全村汇总（全部收款员）(&A)"
UNPAID_OPTIONS = {
    "hardship_only": "只列困难群众（特困、低保、监测对象等）(&K)",
    "public": "公示版：不印资助身份、电话和未参保原因，证件号码打码 (&G)",
}
LAYOUTS = {"a4": "A4 纸", "roll": "80毫米卷纸", "roll58": "58毫米卷纸", "form": "套打到税务专用票据"}
FORM = "form"  # not a paper of the village's slip: the receipt goes onto the tax office's form (kind form_receipt)
LAYOUT_KEY = "print/receipt_layout"
_last_pdf_dir: Path | None = None


def saved_layout(official_forms: bool = False) -> str:
    """The collector's last paper; where the village uses the tax office's forms, the form (套打) always."""
    if official_forms:
        return FORM
    value = preferences().value(LAYOUT_KEY, "a4")
    return value if isinstance(value, str) and value in LAYOUTS and value != FORM else "a4"


def remember_layout(layout: str) -> None:
    if layout in LAYOUTS and layout != saved_layout():
        prefs = preferences()
        prefs.setValue(LAYOUT_KEY, layout)
        prefs.sync()


def layout_box(current: str, official_forms: bool = False) -> QComboBox:
    """The paper choice; 套打 only where the village uses the tax office's forms."""
    box = QComboBox()
    for code, label in LAYOUTS.items():
        if code != FORM or official_forms:
            box.addItem(label, code)
    box.setCurrentIndex(max(0, box.findData(current)))
    return box


def _qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


class TargetDialog(QDialog):
    """打印机 (Enter), 存为PDF, 稍后 (Esc); above them the paper, or the dates the caller did not give."""

    def __init__(
        self,
        kind: str,
        kw: dict[str, Any],
        today: date,
        parent: QWidget | None = None,
        collectors: int = 1,
        official_forms: bool = False,
    ) -> None:
        super().__init__(parent)
        title = KINDS[kind]
        self.setWindowTitle(f"打印{title}")
        self.kind = kind
        self.kw = dict(kw)
        self.target: str | None = None
        form = QFormLayout()
        self.layout_choice: QComboBox | None = None
        self.dates: dict[str, QDateEdit] = {}
        if kind == "receipt":
            self.layout_choice = layout_box(kw.get("layout") or saved_layout(official_forms), official_forms)
            form.addRow("收据纸张(&Z)：", self.layout_choice)
        keys = {
            "receipt_list": (("date_from", "起始日期(&F)："), ("date_to", "截止日期(&T)：")),
            "day_sheet": (("day", "日期(&D)："),),
        }.get(kind, ())
        for key, label in keys:
            if kw.get(key):
                continue  # the caller asked already
            edit = QDateEdit(_qdate(kw.get(key) or today))
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            self.dates[key] = edit
            form.addRow(label, edit)
        self.everyone: QCheckBox | None = None
        if kind in ("receipt_list", "day_sheet") and "everyone" not in kw and collectors > 1:
            self.everyone = QCheckBox(ALL_COLLECTORS)
            form.addRow("", self.everyone)
        self.unpaid_options: dict[str, QCheckBox] = {}  # 未缴名单: 困难群众 only, the 公示 version
        if kind == "unpaid":
            for key, text in UNPAID_OPTIONS.items():
                if key not in kw:
                    self.unpaid_options[key] = QCheckBox(text)
                    form.addRow("", self.unpaid_options[key])
        printer = QPushButton("打印机 (&P)")
        pdf = QPushButton("存为PDF (&S)")
        later = QPushButton("稍后 (Esc)")
        printer.clicked.connect(lambda: self._choose("printer"))
        pdf.clicked.connect(lambda: self._choose("pdf"))
        later.clicked.connect(self.reject)
        row = QHBoxLayout()
        for b in (printer, pdf, later):
            b.setMinimumHeight(int(b.sizeHint().height() * 1.4))
            row.addWidget(b)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(f"“{title}”要怎样输出？"))
        layout.addLayout(form)
        layout.addLayout(row)
        printer.setDefault(True)
        printer.setFocus()

    def _choose(self, target: str) -> None:
        self.target = target
        if self.layout_choice is not None:
            self.kw["layout"] = self.layout_choice.currentData()
            remember_layout(self.kw["layout"])
        for key, edit in self.dates.items():
            self.kw[key] = date(edit.date().year(), edit.date().month(), edit.date().day())
        if self.everyone is not None:
            self.kw["everyone"] = self.everyone.isChecked()
        for key, box in self.unpaid_options.items():
            self.kw[key] = box.isChecked()
        self.accept()


def ask_target(
    parent: QWidget | None,
    kind: str,
    kw: dict[str, Any],
    today: date,
    collectors: int = 1,
    official_forms: bool = False,
) -> tuple[str, dict[str, Any]] | None:
    dialog = TargetDialog(kind, kw, today, parent, collectors, official_forms)
    dialog.exec()
    return (dialog.target, dialog.kw) if dialog.target else None


def ask_printer(parent: QWidget | None, printer: QPrinter) -> bool:
    """The system's print dialog (which printer, how many copies); tests replace this function."""
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle("选择打印机")
    return dialog.exec() == QDialog.DialogCode.Accepted


def ask_pdf_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Where to save the PDF; tests replace this function."""
    folder = _last_pdf_dir or Path(
        QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation) or Path.home()
    )
    path, _ = QFileDialog.getSaveFileName(parent, "存为PDF", str(folder / suggested), "PDF 文件 (*.pdf)")
    if not path:
        return None
    return Path(path) if path.lower().endswith(".pdf") else Path(path + ".pdf")


def show_error(parent: QWidget | None, text: str) -> None:
    """A refusal the user must see; tests replace this function."""
    QMessageBox.warning(parent, "没有输出", text)


def file_name(kind: str, kw: dict[str, Any]) -> str:
    """A PDF name a collector recognises in a folder: 收据_XL2022000001.pdf, 日结单_2021-11-01.pdf."""
    if kind in ("receipt", "form_receipt"):
        part = str(kw.get("receipt_no", "")) + ("_补打" if kw.get("reprint") else "")
    elif kind == "settlement":
        part = f"第{kw.get('settlement_no', '')}号"
    elif kind == "refund_form":
        part = str(kw.get("receipt_no") or str(kw.get("uid", ""))[:8])
    elif kind == "test_page":
        part = ""
    elif kind == "receipt_list":
        part = "至".join(str(d) for d in (kw.get("date_from"), kw.get("date_to")) if d)
    elif kind == "day_sheet":
        part = str(kw.get("day") or "")
    else:
        part = str(kw.get("as_of") or "")
    if kw.get("everyone"):
        part = "_".join(p for p in ("全村汇总", part) if p)
    if kind == "unpaid":
        part = "_".join(
            p for p in ("困难群众" if kw.get("hardship_only") else "", "公示" if kw.get("public") else "", part) if p
        )
    name = f"{KINDS[kind]}_{part}" if part else KINDS[kind]
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name) + ".pdf"


def choose_and_print(parent: QWidget | None, ledger: Ledger, acting: Acting, kind: str, **kw: Any) -> str | None:
    global _last_pdf_dir
    if kind not in KINDS:
        raise ValueError(f"unknown printout kind {kind!r}; one of {', '.join(KINDS)}")
    target = kw.pop("target", None)
    official = ledger.settings.official_forms
    if target is None:
        collectors = sum(1 for o in list_operators(ledger) if o.active)
        chosen = ask_target(parent, kind, kw, ledger.now().date(), collectors, official)
        if chosen is None:
            return None
        target, kw = chosen
    if kind == "receipt":
        kw.setdefault("layout", saved_layout(official))
        if kw["layout"] == FORM:
            kind = "form_receipt"  # onto the tax office's form, from the layout file, with the printer's offset
    if kind == "receipt_list" and kw.get("date_from") and kw.get("date_to") and kw["date_from"] > kw["date_to"]:
        show_error(parent, "起始日期晚于截止日期，请重新选择")
        return None
    title = KINDS[kind] + ("（补打）" if kw.get("reprint") else "")
    params = {k: v for k, v in kw.items() if k in printouts.KINDS[kind].params}
    try:
        document = printouts.document(ledger, acting, kind, **params)
        if target == "printer":
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if not ask_printer(parent, printer):
                return None
            printouts.to_printer(document, printer)
            return f"{title}已发送到打印机“{printer.printerName() or '默认打印机'}”。"
        path = ask_pdf_path(parent, file_name(kind, kw))
        if path is None:
            return None
        printouts.to_pdf(document, path)
        _last_pdf_dir = path.parent
        return f"{title}已存为 PDF：{path}"
    except (Refusal, OSError) as e:
        show_error(parent, f"{title}没有输出：{getattr(e, 'message', None) or e}")
        return None
