"""Printouts to paper or PDF: the page set explicitly, pages numbered by us, not by Qt.

A printout is HTML (tables, headings) laid out by a QTextDocument on the printer
itself, so sizes in points mean points on paper. QTextDocument.print() would add 2 cm
margins and its own page numbers; instead the document gets the exact printable
area, each page is drawn with drawContents, and the footer (第N页 共M页) and any big
mark (作废) are painted over it. A roll printout (80 mm) is one page as tall as its
content: the document is laid out at the roll's width first and the page height
follows.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QGuiApplication, QPageLayout, QPageSize, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication

from desktop_app.reports.fonts import ensure_font, font
from desktop_app.reports.page import A4, A4_LANDSCAPE, ROLL_80, Page, Printout

__all__ = ["A4", "A4_LANDSCAPE", "ROLL_80", "Page", "Printout", "ensure_application", "paint", "to_pdf", "to_printer"]

MM_PER_INCH = 25.4
FOOTER_MM = 8.0  # reserved under the content on numbered pages
ROLL_MIN_HEIGHT_MM = 60.0
ROLL_SLACK_MM = 1.0  # page sizes are kept in whole points; never let rounding push a line onto a 2nd page


def ensure_application() -> QGuiApplication:
    """The running Qt application, or an offscreen one for the CLI and scripts.

    A QApplication rather than a bare QGuiApplication, so that a process that prints
    first (a test run, a script) can still open windows afterwards.
    """
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["zhengjiao"])
    assert isinstance(app, QGuiApplication)
    return app


def to_pdf(printout: Printout, path: Path | str) -> Path:
    """Write the printout as a PDF file and return its path."""
    ensure_application()
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setCreator("征缴通")
    printer.setDocName(printout.title)
    paint(printout, printer)
    return path


def to_printer(printout: Printout, printer: QPrinter) -> None:
    """Print on a printer the user chose (QPrintDialog); the paper is set here, not by the driver's default."""
    ensure_application()
    printer.setDocName(printout.title)
    paint(printout, printer)


def page_size(page: Page, height_mm: float | None = None) -> QPageSize:
    """The paper: a standard size where it is one (A4 is matched by its millimetres), else a custom roll."""
    if not page.is_roll:
        assert page.height_mm is not None
        return QPageSize(QSizeF(page.width_mm, page.height_mm), QPageSize.Unit.Millimeter)
    height = max(height_mm or ROLL_MIN_HEIGHT_MM, ROLL_MIN_HEIGHT_MM)
    return QPageSize(
        QSizeF(page.width_mm, height),
        QPageSize.Unit.Millimeter,
        f"{page.name} 收据",
        QPageSize.SizeMatchPolicy.ExactMatch,
    )


def _set_layout(printer: QPrinter, page: Page, height_mm: float | None = None) -> None:
    left, top, right, bottom = page.margins_mm
    orientation = QPageLayout.Orientation.Landscape if page.landscape else QPageLayout.Orientation.Portrait
    layout = QPageLayout(
        page_size(page, height_mm), orientation, QMarginsF(left, top, right, bottom), QPageLayout.Unit.Millimeter
    )
    layout.setMode(QPageLayout.Mode.FullPageMode)
    if not printer.setPageLayout(layout):
        # A driver that refuses the paper (a roll printer without custom sizes) keeps its
        # own; we still measure from the paper's edge so the margins are ours.
        printer.setFullPage(True)


def _document(printout: Printout, printer: QPrinter) -> QTextDocument:
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(printer)
    doc.setDefaultFont(font(printout.point_size))
    doc.setDocumentMargin(0)
    doc.setUseDesignMetrics(True)
    doc.setHtml(printout.html)
    return doc


def _px(mm: float, printer: QPrinter) -> float:
    return mm / MM_PER_INCH * printer.resolution()


def paint(printout: Printout, printer: QPrinter) -> int:
    """Lay out and paint every page; returns the number of pages."""
    ensure_font()
    if printout.marks:  # text at fixed places on a pre-printed form (套打), or the calibration page
        from desktop_app.reports.placed import paint_placed

        return paint_placed(printout, printer)
    page = printout.page
    left, top, right, bottom = page.margins_mm
    _set_layout(printer, page)
    doc = _document(printout, printer)
    full = printer.pageLayout().fullRectPixels(printer.resolution())
    width = full.width() - _px(left + right, printer)
    if page.is_roll:
        doc.setTextWidth(width)
        content_mm = doc.size().height() / printer.resolution() * MM_PER_INCH
        _set_layout(printer, page, height_mm=content_mm + top + bottom + ROLL_SLACK_MM)
        full = printer.pageLayout().fullRectPixels(printer.resolution())
    footer = _px(FOOTER_MM, printer) if page.numbered else 0.0
    height = full.height() - _px(top + bottom, printer) - footer
    doc.setPageSize(QSizeF(width, height))
    count = doc.pageCount()
    painter = QPainter()
    if not painter.begin(printer):
        raise OSError(f"无法打开打印机或文件：{printer.outputFileName() or printer.printerName()}")
    try:
        for index in range(count):
            if index:
                printer.newPage()
            origin = QPointF(_px(left, printer), _px(top, printer))
            painter.save()
            painter.translate(origin.x(), origin.y() - index * height)
            doc.drawContents(painter, QRectF(0, index * height, width, height))
            painter.restore()
            if page.numbered:
                _paint_footer(
                    painter, printout, QRectF(origin.x(), origin.y() + height, width, footer), index + 1, count
                )
            if printout.stamp:
                used = min(height, doc.size().height() - index * height)
                _paint_stamp(painter, printout.stamp, QRectF(origin.x(), origin.y(), width, used))
    finally:
        painter.end()
    return count


def _paint_footer(painter: QPainter, printout: Printout, rect: QRectF, number: int, count: int) -> None:
    painter.save()
    painter.setFont(font(8))
    painter.setPen(QColor("#555555"))
    painter.drawLine(rect.topLeft(), rect.topRight())
    text_rect = rect.adjusted(0, rect.height() * 0.15, 0, 0)
    middle = Qt.AlignmentFlag.AlignVCenter
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignLeft | middle, printout.footer_left)
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignHCenter | middle, f"第{number}页 共{count}页")
    painter.drawText(text_rect, Qt.AlignmentFlag.AlignRight | middle, printout.footer_right)
    painter.restore()


def _paint_stamp(painter: QPainter, text: str, page: QRectF) -> None:
    """A big red diagonal mark across what is printed on the page, light enough to read through."""
    painter.save()
    stamp_font = font(40)
    target = min(page.width() * 0.6, page.height() * 0.9)
    natural = QFontMetricsF(stamp_font, painter.device()).horizontalAdvance(text)
    stamp_font.setPointSizeF(stamp_font.pointSizeF() * target / max(natural, 1.0))
    painter.setFont(stamp_font)
    painter.setPen(QColor(200, 0, 0, 90))
    painter.translate(page.center())
    painter.rotate(-30)
    box = QRectF(-page.width(), -page.height() / 2, 2 * page.width(), page.height())
    painter.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    painter.restore()
