"""What each part of the job adds to the main window: menu entries, toolbar buttons, keys.

The core actions (register, 收费, printing, settings) are in ``ui.actions``. Each further
part of the job — the USB stick and the county's answer, the tools, several collectors,
coverage, benefit years and policies, cash and forms — lives in a module of its own with
a ``parts(window)`` function returning ``MenuPart``s, and is listed once in ``FEATURES``
below. A part's dialogs are imported inside its slots, so the window opens fast.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenu, QToolBar, QToolButton, QWidget

if TYPE_CHECKING:
    from desktop_app.ui.actions import Actions
    from desktop_app.ui.main_window import MainWindow

# The menu bar's menus, in order; a part names one of these (or a new title, placed before 查看).
MENU_ORDER = ("文件(&F)", "户籍(&H)", "收费(&S)", "打印(&P)", "上报(&U)", "工具(&T)", "查看(&V)", "帮助(&B)")

MenuItem = QAction | QMenu | None  # None: a separator


@dataclass
class MenuPart:
    """Entries a part adds to one menu; ``toolbar`` entries get a button with the given text;
    ``keys`` are (key, what it does) lines for the F1 list."""

    menu: str
    items: Sequence[MenuItem]
    toolbar: Sequence[tuple[QAction | QMenu, str]] = field(default_factory=tuple)
    keys: Sequence[tuple[str, str]] = field(default_factory=tuple)


def action(parent: QWidget, text: str, slot: Callable[[], Any], key: str | None = None) -> QAction:
    """A menu action with an optional key; the slot is called without the 'checked' argument."""
    made = QAction(text, parent)
    if key:
        made.setShortcut(QKeySequence(key))
    made.triggered.connect(lambda _=False: slot())
    return made


PartsOf = Callable[["MainWindow"], list[MenuPart]]


def feature_parts() -> tuple[PartsOf, ...]:
    """The parts of the job beyond the core, in menu order (imported here, once)."""
    from desktop_app.ui import (
        cash_actions,
        collector_actions,
        coverage_actions,
        policy_actions,
        stick_actions,
        year_actions,
    )

    return (
        stick_actions.parts,
        coverage_actions.parts,
        collector_actions.parts,
        cash_actions.parts,
        year_actions.parts,
        policy_actions.parts,
    )


def install_bars(window: QMainWindow, core: Actions, parts: list[MenuPart]) -> None:
    """The toolbar (the core's buttons, the parts', then 参保进度 · 设置 · 快捷键) and the menu bar (the core's
    menus with each part's entries after a separator; in 文件 before 退出, which stays last)."""
    tools = QToolBar("常用")
    tools.setObjectName("main-tools")
    tools.setMovable(False)
    tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    buttons: list[tuple[QAction | QMenu, str]] = [
        (core.new_household, "新建户 F2"),
        (core.pay, "收费 F5"),
        (core.print_menu, "打印 Ctrl+P"),
        (core.import_menu, "导入 Ctrl+I"),
    ]
    buttons += [b for part in parts for b in part.toolbar]
    buttons += [(core.show_progress, "参保进度 Ctrl+2"), (core.settings, "设置"), (core.help_keys, "快捷键 F1")]
    for item, text in buttons:
        if isinstance(item, QMenu):
            button = QToolButton()
            button.setText(text)
            button.setMenu(item)
            button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            tools.addWidget(button)
        else:
            item.setIconText(text)
            tools.addAction(item)
    window.addToolBar(Qt.ToolBarArea.TopToolBarArea, tools)
    menus: dict[str, list[MenuItem]] = dict(core.menus())
    for part in parts:
        items = menus.setdefault(part.menu, [])
        tail = items[-2:] if items[-1:] == [core.quit] else []  # 退出 (and its separator) stays last
        head = items[: len(items) - len(tail)]
        menus[part.menu] = [*head, *([None] if head else []), *part.items, *tail]
        core.keys.extend(part.keys)
    order = {title: n for n, title in enumerate(MENU_ORDER)}
    for title in sorted(menus, key=lambda t: order.get(t, order["查看(&V)"] - 0.5)):
        menu = window.menuBar().addMenu(title)
        for entry in menus[title]:
            if entry is None:
                menu.addSeparator()
            elif isinstance(entry, QMenu):
                menu.addMenu(entry)
            else:
                menu.addAction(entry)
