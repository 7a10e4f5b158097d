"""查看 → 字号 reaches every open widget at once, with the real style sheet loaded.

With an application style sheet Qt pins each widget's font when it is polished; a font
size chosen later once reached only the top-level windows, and every label, table and
button inside kept the old size until the program was started again. These tests load
resources/style.qss the way ui.app.create_application does, so the bug would show here.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.services.paths import resource_dir
from desktop_app.ui.widgets import FONT_SIZES, apply_font_size, saved_font_size
from tests.ui_support import isolated_preferences

__all__ = ["isolated_preferences"]


@pytest.fixture
def styled_app(qapp: QApplication) -> Iterator[QApplication]:
    """The application with the shipped style sheet; its sheet and font put back afterwards."""
    sheet, font = qapp.styleSheet(), QFont(qapp.font())
    qapp.setStyleSheet((resource_dir() / "style.qss").read_text("utf-8"))
    yield qapp
    qapp.setStyleSheet(sheet)
    qapp.setFont(font)


def open_window(qtbot: QtBot) -> tuple[QWidget, QLabel, QTableWidget, QPushButton]:
    window = QWidget()
    label = QLabel("户号 0001　新立村一组3号")
    table = QTableWidget(1, 2)
    table.setHorizontalHeaderLabels(["姓名", "状态"])
    table.setItem(0, 0, QTableWidgetItem("王建国"))
    table.setItem(0, 1, QTableWidgetItem("未缴"))
    button = QPushButton("收费 F5")
    layout = QVBoxLayout(window)
    for widget in (label, table, button):
        layout.addWidget(widget)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window, label, table, button


def test_a_larger_font_size_reaches_an_open_label_table_and_button_at_once(
    qtbot: QtBot, styled_app: QApplication
) -> None:
    assert styled_app.styleSheet(), "resources/style.qss was not loaded"
    apply_font_size("中", remember=False)
    window, label, table, button = open_window(qtbot)
    widgets = (label, table, table.horizontalHeader(), button)
    assert [w.font().pointSize() for w in widgets] == [FONT_SIZES["中"]] * 4
    before = label.sizeHint().height(), button.sizeHint().height(), table.horizontalHeader().sizeHint().height()

    apply_font_size("特大")

    assert [w.font().pointSize() for w in widgets] == [FONT_SIZES["特大"]] * 4
    after = label.sizeHint().height(), button.sizeHint().height(), table.horizontalHeader().sizeHint().height()
    assert all(a > b for a, b in zip(after, before)), (before, after)  # the text itself is drawn larger
    assert saved_font_size() == "特大"  # and remembered for the next start (in the test's own folder)


def test_a_smaller_font_size_also_applies_without_a_restart(qtbot: QtBot, styled_app: QApplication) -> None:
    apply_font_size("大", remember=False)
    _, label, table, button = open_window(qtbot)
    apply_font_size("小", remember=False)
    assert [w.font().pointSize() for w in (label, table, button)] == [FONT_SIZES["小"]] * 3
