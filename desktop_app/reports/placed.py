"""Painting text and lines at fixed places on the paper: 套打 onto the tax office's form, and its test page.

A pre-printed form has its boxes where the tax office printed them; what goes into them
must land there within a millimetre, on a dot-matrix printer feeding a form as well as
on a laser printer. So nothing here flows: the page is exactly the form's size, with no
margins, and each piece of text is drawn with its baseline at the millimetres the
layout file gives (``reports.page.Placed``). The printer's own offset is added by the
renderer before this is reached.
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QPointF, QSizeF
from PySide6.QtGui import QColor, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter

from desktop_app.reports.fonts import font
from desktop_app.reports.page import Placed, Printout, Rule

MM_PER_INCH = 25.4


def _px(mm: float, printer: QPrinter) -> float:
    return mm / MM_PER_INCH * printer.resolution()


def _set_paper(printer: QPrinter, printout: Printout) -> None:
    page = printout.page
    height = page.height_mm or page.width_mm
    size = QPageSize(
        QSizeF(page.width_mm, height), QPageSize.Unit.Millimeter, page.name, QPageSize.SizeMatchPolicy.ExactMatch
    )
    # Portrait keeps the size as given: a form wider than tall stays so (Landscape would turn it).
    layout = QPageLayout(size, QPageLayout.Orientation.Portrait, QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    layout.setMode(QPageLayout.Mode.FullPageMode)
    if not printer.setPageLayout(layout):
        printer.setFullPage(True)  # a driver that keeps its own paper: still measure from the paper's edge


def paint_placed(printout: Printout, printer: QPrinter) -> int:
    """Paint the printout's marks on one page of the printout's paper; returns 1 (the number of pages)."""
    _set_paper(printer, printout)
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(f"无法打开打印机或文件：{printer.outputFileName() or printer.printerName()}")
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for mark in printout.marks:
            if isinstance(mark, Rule):
                _rule(painter, printer, mark)
            else:
                _text(painter, printer, mark)
    finally:
        painter.end()
    return 1


def _rule(painter: QPainter, printer: QPrinter, rule: Rule) -> None:
    pen = QPen(QColor(rule.colour))
    pen.setWidthF(max(_px(rule.width_mm, printer), 1.0))
    painter.setPen(pen)
    painter.drawLine(
        QPointF(_px(rule.x1_mm, printer), _px(rule.y1_mm, printer)),
        QPointF(_px(rule.x2_mm, printer), _px(rule.y2_mm, printer)),
    )


def _text(painter: QPainter, printer: QPrinter, placed: Placed) -> None:
    if not placed.text:
        return
    face = font(placed.size_pt)
    width = QFontMetricsF(face, printer).horizontalAdvance(placed.text)
    room = _px(placed.width_mm, printer)
    if room > 0 and width > room:  # too long for its box: smaller, never over the next box
        face.setPointSizeF(placed.size_pt * room / width)
        width = QFontMetricsF(face, printer).horizontalAdvance(placed.text)
    x = _px(placed.x_mm, printer)
    if placed.align == "right":
        x -= width
    elif placed.align == "center":
        x -= width / 2
    painter.setFont(face)
    painter.setPen(QColor(placed.colour))
    painter.drawText(QPointF(x, _px(placed.y_mm, printer)), placed.text)
