"""Helpers for the window tests: typing Chinese, answering modal dialogs, isolated preferences."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import QFont, QInputMethodEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot


@pytest.fixture(autouse=True)
def isolated_preferences(tmp_path: Path, qapp: QApplication) -> Iterator[None]:
    """Font size and window geometry go to a temporary folder, never the tester's home;
    the application font is put back afterwards for the tests that follow.

    As in the program (ui.idle_collector), the garbage collector does not run on its own during
    the test: started at a random allocation it could destroy a widget while Qt walks them all
    (it crashed the suite on Python 3.12 and 3.13). The test's garbage is collected here, in its
    own teardown, after the deferred deletions."""
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "prefs"))
    font = QFont(qapp.font())
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        qapp.setFont(font)
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        if was_enabled:
            gc.enable()


def type_chinese(widget: QWidget, text: str) -> None:
    """What a pinyin IME does when the collector picks the characters: one commit string."""
    event = QInputMethodEvent()
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "no widget has the keyboard focus"
    return widget


def press(
    qtbot: QtBot, key: Qt.Key, times: int = 1, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    for _ in range(times):
        qtbot.keyClick(focused(), key, modifier)


def show_active(qtbot: QtBot, widget: QWidget) -> None:
    qtbot.addWidget(widget)
    widget.show()
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


class ModalAnswer:
    """Waits (on a timer, inside the modal loop) for a dialog of ``kind`` and hands it to ``act``."""

    def __init__(self, kind: type[QWidget], act: Callable[[Any], None], timeout_ms: int = 5000) -> None:
        self.kind, self.act = kind, act
        self.seen: list[QWidget] = []
        self.error: BaseException | None = None
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._check)
        self.remaining = timeout_ms // 20
        self.timer.start()

    def _check(self) -> None:
        self.remaining -= 1
        widget = QApplication.activeModalWidget()
        if isinstance(widget, self.kind) and widget not in self.seen and widget.isVisible() and widget.isActiveWindow():
            self.timer.stop()
            self.seen.append(widget)
            try:
                self.act(widget)
            except BaseException as e:  # noqa: BLE001 - reported by the test, not lost in the event loop
                self.error = e
                widget.close()
        elif self.remaining <= 0:
            self.timer.stop()
            if widget is not None:
                widget.close()

    def check(self) -> QWidget:
        if self.error is not None:
            raise self.error
        assert self.seen, f"no {self.kind.__name__} opened"
        return self.seen[0]


def press_in_menu(qtbot: QtBot, key: Qt.Key, times: int = 1) -> None:
    """Keys for the open popup menu (Ctrl+P, Ctrl+I, Alt+letter): a popup takes the keyboard
    without taking the focus, so the keys go to it rather than to the focused widget."""
    for _ in range(times):
        qtbot.waitUntil(lambda: QApplication.activePopupWidget() is not None, timeout=2000)
        menu = QApplication.activePopupWidget()
        assert menu is not None
        qtbot.keyClick(menu, key)


def back_to(qtbot: QtBot, window: QWidget) -> None:
    """After a modal dialog closes the window manager gives the window back its activation
    (and its focus); the offscreen platform has no window manager, so the test does it."""
    if not window.isActiveWindow():
        window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
