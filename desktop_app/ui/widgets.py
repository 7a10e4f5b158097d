"""Small shared pieces: colours per status, identity badges, font sizes, message labels."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from desktop_app.services import status as st

# Foreground, background per member status: readable at a glance and without colour too
# (the word is always written).
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    st.PAID: ("#1b5e20", "#dcefdc"),
    st.WAITING: ("#7a4f00", "#fbecc8"),
    st.UNPAID: ("#b71c1c", "#fde0dc"),
    st.FULLY_SUBSIDISED: ("#0d47a1", "#dde9fb"),
    st.EXEMPT: ("#4a148c", "#ece1f5"),
    st.INELIGIBLE: ("#37474f", "#e4e7e9"),
    st.INACTIVE: ("#757575", "#f1f1f1"),
    st.ELSEWHERE: ("#1b5e20", "#e8f3e8"),
    st.NOT_HERE: ("#37474f", "#eceff1"),
    st.SCHOOL: ("#37474f", "#eceff1"),
    st.REFUSED: ("#b71c1c", "#fde0dc"),
}

# Badge text per identity code: short enough for a table cell, the full name in the tooltip.
IDENTITY_SHORT: dict[str, str] = {
    "extreme_poverty": "特困",
    "orphan": "孤儿",
    "unsupported_child": "无人抚养",
    "severe_disability": "重残",
    "priority_care": "优抚",
    "family_planning": "计生",
    "subsistence_allowance": "低保",
    "returned_to_poverty": "返贫",
    "monitored": "监测",
    "registered_poor": "建档立卡",
    "stable_out_of_poverty": "稳定脱贫",
}
IDENTITY_COLOUR = "#8a3b00"
IDENTITY_BACK = "#ffe9d6"

# The font-size setting (视图 → 字号), in points; 中 is the default.
FONT_SIZES: dict[str, int] = {"小": 10, "中": 12, "大": 14, "特大": 17}
DEFAULT_FONT_SIZE = "中"
SETTINGS_ORG, SETTINGS_APP = "Zhengjiao", "zhengjiao"

BADGES_ROLE = Qt.ItemDataRole.UserRole + 1  # a tuple of identity codes


def preferences() -> QSettings:
    """The user's window preferences (font size, window layout), not the ledger's settings."""
    return QSettings(QSettings.Format.IniFormat, QSettings.Scope.UserScope, SETTINGS_ORG, SETTINGS_APP)


def saved_font_size() -> str:
    value = preferences().value("ui/font_size", DEFAULT_FONT_SIZE)
    return value if isinstance(value, str) and value in FONT_SIZES else DEFAULT_FONT_SIZE


def apply_font_size(label: str, remember: bool = True) -> None:
    """Set the application's font size; every open window follows."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        return
    font = QFont(app.font())
    font.setPointSize(FONT_SIZES.get(label, FONT_SIZES[DEFAULT_FONT_SIZE]))
    app.setFont(font)
    if app.styleSheet():
        # With a style sheet, Qt pins each widget's font when it is polished: without this
        # repolish only the top-level windows took the new size and every label, table and
        # button in them kept the old one until the program was started again.
        app.setStyleSheet(app.styleSheet())
    if remember:
        prefs = preferences()
        prefs.setValue("ui/font_size", label)
        prefs.sync()


def set_tab_order(*widgets: QWidget) -> None:
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)


class MessageLabel(QLabel):
    """A line under a field: green when fine, red naming the fix, grey for a hint."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.kind = "hint"

    def show_ok(self, text: str) -> None:
        self._show("ok", "✓ " + text if text else "")

    def show_error(self, text: str) -> None:
        self._show("error", "✗ " + text if text else "")

    def show_hint(self, text: str) -> None:
        self._show("hint", text)

    def _show(self, kind: str, text: str) -> None:
        self.kind = kind
        colour = {"ok": "#1b5e20", "error": "#b71c1c", "hint": "#616161"}[kind]
        self.setStyleSheet(f"color: {colour};")
        self.setText(text)


def status_brushes(status: str) -> tuple[QColor, QColor]:
    fore, back = STATUS_COLOURS.get(status, ("#000000", "#ffffff"))
    return QColor(fore), QColor(back)


class BadgeDelegate(QStyledItemDelegate):
    """Paints identity codes (BADGES_ROLE) as small rounded badges."""

    padding = 4
    gap = 4

    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        codes = index.data(BADGES_ROLE) or ()
        self.initStyleOption(option, index)
        option.text = ""
        style = option.widget.style() if option.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)
        if not codes:
            return
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = QFontMetrics(option.font)
        x = option.rect.x() + self.gap
        height = metrics.height() + 2
        y = option.rect.y() + (option.rect.height() - height) // 2
        for code in codes:
            text = IDENTITY_SHORT.get(code, code)
            width = metrics.horizontalAdvance(text) + 2 * self.padding
            rect = QRect(x, y, width, height)
            painter.setPen(QColor(IDENTITY_COLOUR))
            painter.setBrush(QColor(IDENTITY_BACK))
            painter.drawRoundedRect(rect, 4, 4)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
            x += width + self.gap
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex) -> QSize:
        codes: Sequence[str] = index.data(BADGES_ROLE) or ()
        metrics = QFontMetrics(option.font)
        width = (
            sum(metrics.horizontalAdvance(IDENTITY_SHORT.get(c, c)) + 2 * self.padding + self.gap for c in codes)
            + self.gap
        )
        return QSize(max(width, 40), metrics.height() + 8)
