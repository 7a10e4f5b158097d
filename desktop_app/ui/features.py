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

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

if TYPE_CHECKING:
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
    from desktop_app.ui import (cash_actions, collector_actions, coverage_actions, policy_actions, stick_actions,
                                year_actions)

    return (stick_actions.parts, coverage_actions.parts, collector_actions.parts, cash_actions.parts,
            year_actions.parts, policy_actions.parts)
