"""Printing the 进度通报 from the township's desk: which village, then the printer or a PDF.

The printout is made by services.printouts (the registry the CLI uses too) from the desk
as the window has just read it, and painted like every other printout; the printer and
PDF choosers are print_dialog's, so the tests replace them in one place.
"""

from __future__ import annotations

import re

from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QWidget

from desktop_app.domain.desk import DeskStatus
from desktop_app.domain.errors import Refusal
from desktop_app.services import printouts
from desktop_app.services.ledger import Ledger
from desktop_app.ui import print_dialog
from desktop_app.ui.township_dialogs import PrintProgressDialog


def file_name(status: DeskStatus, village: str | None) -> str:
    """进度通报_柳树村_2021-11-01.pdf; 进度通报_山头镇各村_… for every village."""
    who = village or f"{status.township}各村"
    return re.sub(r'[\\/:*?"<>|\s]+', "_", f"进度通报_{who}_{status.as_of.date().isoformat()}") + ".pdf"


def print_progress(parent: QWidget | None, ledger: Ledger, status: DeskStatus, current: str | None) -> str | None:
    """Ask, print, and say what was done (None: the clerk chose 稍后 or cancelled)."""
    dialog = PrintProgressDialog(list(status.villages), current, parent)
    if not dialog.exec() or dialog.target is None:
        return None
    village = dialog.chosen_village()
    title = f"进度通报（{village or '全部村'}）"
    try:
        document = printouts.document(ledger, None, "progress", village=village, status=status)
        if dialog.target == "printer":
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            if not print_dialog.ask_printer(parent, printer):
                return None
            printouts.to_printer(document, printer)
            return f"{title}已发送到打印机“{printer.printerName() or '默认打印机'}”。"
        path = print_dialog.ask_pdf_path(parent, file_name(status, village))
        if path is None:
            return None
        printouts.to_pdf(document, path)
        return f"{title}已存为 PDF：{path}"
    except (Refusal, OSError) as e:
        print_dialog.show_error(parent, f"{title}没有输出：{getattr(e, 'message', None) or e}")
        return None
