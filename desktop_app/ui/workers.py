"""Long work off the window's thread, with a progress bar and a 取消 that is honoured only where safe.

A job is a function of a ``Progress`` (services.progress) returning its result. It runs
on a QThread; what it reports arrives as signals in the window's thread. The job must
open its own ledger connection (an SQLite connection belongs to the thread that opened
it): ``own_ledger`` does that. 取消 sets a flag; the job's next ``checkpoint()`` raises
``Cancelled`` (the services call it only where stopping changes nothing), and after
``no_way_back()`` the button is greyed. A refusal or a failed write comes back as
``failed``; anything else is a bug and goes to the crash handler like any other.

``WorkPanel`` is the row a dialog shows for it: the bar, the step in words, 取消.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from PySide6.QtCore import QObject, QThread, Signal
from PySide6.QtWidgets import QHBoxLayout, QProgressBar, QPushButton, QWidget

from desktop_app.domain.errors import Refusal
from desktop_app.services.ledger import Ledger
from desktop_app.services.progress import Cancelled, Progress

Job = Callable[[Progress], Any]


@contextmanager
def own_ledger(ledger: Ledger) -> Iterator[Ledger]:
    """The same ledger file on a connection of the worker's own, closed after."""
    opened = Ledger.open(ledger.path, catalogue=ledger.catalogue, clock=ledger.clock, full_check=False)
    try:
        yield opened
    finally:
        opened.close()


class _Reporter(Progress):
    def __init__(self, thread: WorkThread) -> None:
        self.thread = thread

    def step(self, text: str, done: int = 0, total: int = 0) -> None:
        self.thread.progressed.emit(text, done, total)

    def checkpoint(self) -> None:
        if self.thread.cancel_requested.is_set():
            raise Cancelled()

    def no_way_back(self) -> None:
        self.thread.cancellable.emit(False)


class WorkThread(QThread):
    progressed = Signal(str, int, int)
    cancellable = Signal(bool)
    succeeded = Signal(object)
    failed = Signal(object)  # a Refusal or an OSError: something the collector can act on
    cancelled = Signal()
    crashed = Signal(object)  # (type, error, traceback) of a bug

    def __init__(self, job: Job, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.job = job
        self.cancel_requested = threading.Event()

    def run(self) -> None:
        try:
            result = self.job(_Reporter(self))
        except Cancelled:
            self.cancelled.emit()
        except (Refusal, OSError) as e:
            self.failed.emit(e)
        except Exception:  # noqa: BLE001 - handed to the window's crash handler in its own thread
            self.crashed.emit(sys.exc_info())
        else:
            self.succeeded.emit(result)


def describe(error: object) -> str:
    """A failure's sentence for the collector."""
    if isinstance(error, Refusal):
        return error.message
    if isinstance(error, OSError):
        return f"{error.strerror or error}" + (f"：{error.filename}" if error.filename else "")
    return str(error)


class WorkPanel(QWidget):
    """A progress bar with the step in words, and 取消; ``run(job, on_done)`` starts a job.

    ``on_done(kind, value)``: kind is "ok" (the result), "failed" (the error), or "cancelled".
    """

    def __init__(self, parent: QWidget | None = None, idle_text: str = "") -> None:
        super().__init__(parent)
        self.bar = QProgressBar()
        self.bar.setTextVisible(True)
        self.cancel_button = QPushButton("取消 (&C)")
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.cancel)
        self.cancel_button.setEnabled(False)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.bar, 1)
        row.addWidget(self.cancel_button)
        self.thread_: WorkThread | None = None
        self.runs = 0  # jobs started so far (a test waits for the next one after a mnemonic's delayed click)
        self._done: Callable[[str, Any], None] | None = None
        self.idle(idle_text)

    def idle(self, text: str, full: bool = False) -> None:
        self.bar.setRange(0, 1)
        self.bar.setValue(1 if full else 0)
        self.bar.setFormat(text)

    def running(self) -> bool:
        return self.thread_ is not None

    def run(self, job: Job, on_done: Callable[[str, Any], None], first_step: str = "请稍候…") -> None:
        assert self.thread_ is None, "one job at a time"
        self.runs += 1
        self._done = on_done
        self.bar.setRange(0, 0)
        self.bar.setFormat(first_step)
        thread = self.thread_ = WorkThread(job, self)
        thread.progressed.connect(self._progressed)
        thread.cancellable.connect(self.cancel_button.setEnabled)
        thread.succeeded.connect(lambda result: self._finish("ok", result))
        thread.failed.connect(lambda error: self._finish("failed", error))
        thread.cancelled.connect(lambda: self._finish("cancelled", None))
        thread.crashed.connect(self._crashed)
        thread.finished.connect(thread.deleteLater)
        self.cancel_button.setEnabled(True)
        thread.start()

    def cancel(self) -> None:
        if self.thread_ is not None:
            self.thread_.cancel_requested.set()
            self.cancel_button.setEnabled(False)
            self.bar.setFormat("正在取消…")

    def wait(self) -> None:
        """Block until the job's thread has ended (a dialog closing, a test)."""
        if self.thread_ is not None:
            self.thread_.wait()

    def _progressed(self, text: str, done: int, total: int) -> None:
        if total > 0:
            self.bar.setRange(0, total)
            self.bar.setValue(min(done, total))
        else:
            self.bar.setRange(0, 0)
        self.bar.setFormat(text)

    def _finish(self, kind: str, value: Any) -> None:
        if self.thread_ is not None:
            self.thread_.wait()  # its last signal has been sent: the thread is ending
        self.thread_ = None
        self.cancel_button.setEnabled(False)
        self.idle({"ok": "完成", "failed": "没有完成", "cancelled": "已取消"}[kind], full=kind == "ok")
        done, self._done = self._done, None
        if done is not None:
            done(kind, value)

    def _crashed(self, info: tuple[type[BaseException], BaseException, Any]) -> None:
        self._finish("failed", info[1])
        sys.excepthook(*info)
