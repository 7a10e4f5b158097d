"""When something nobody caught goes wrong in the window: tell the collector, keep a log.

Without this, an exception in a slot is printed to a console the collector never sees
(the Windows build has none) and the action silently does nothing. Instead the
collector gets a message in Chinese saying the payments already taken are safe, and
the traceback goes to ``<data>/logs/zhengjiao.log`` — rotated (1 MB, five old files),
so years of use never fill the disk — which a township clerk can ask to be sent.

Nothing of the ledger is lost: every payment, void and refund commits in its own
transaction when it is taken (services.payments), and the window keeps running; an
action that was half done was rolled back by that transaction, never half written.
"""

from __future__ import annotations

import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop_app import __version__
from desktop_app.services.paths import log_dir

LOG_NAME = "zhengjiao.log"
MAX_BYTES = 1_000_000
BACKUPS = 5
LOGGER_NAME = "zhengjiao"

Show = Callable[[BaseException, str, Path], None]


def crash_message(error: BaseException, log_path: Path) -> str:
    return (
        f"程序出错了，刚才的操作可能没有完成。\n\n"
        f"已经保存的收费、作废、退费记录不受影响（每一笔在收款时就已单独存入数据库）。"
        f"请检查刚才那一步，必要时重做。\n\n"
        f"错误：{error}\n\n"
        f"详细情况已写入日志文件：\n{log_path}\n"
        f"如果再次出现，请把这个文件发给乡镇医保经办人员。"
    )


def show_message_box(error: BaseException, details: str, log_path: Path) -> None:
    """The collector's view: what happened, that the records are safe, where the log is."""
    box = QMessageBox(QApplication.activeWindow())
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle("征缴通 — 程序出错")
    box.setText(crash_message(error, log_path))
    box.setDetailedText(details)
    open_folder = box.addButton("打开日志文件夹(&O)", QMessageBox.ButtonRole.ActionRole)
    ok = box.addButton("知道了(&K)", QMessageBox.ButtonRole.AcceptRole)
    box.setDefaultButton(ok)
    box.setEscapeButton(ok)  # with two buttons Qt would otherwise ignore Esc and the close box
    box.exec()
    if box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(log_path.parent)))


class CrashHandler:
    """``sys.excepthook`` for the window: log, then tell; a crash inside the message is only logged."""

    def __init__(self, folder: Path, show: Show, max_bytes: int = MAX_BYTES, backups: int = BACKUPS) -> None:
        self.log_path = folder / LOG_NAME
        self.show = show
        self.logger = logging.getLogger(LOGGER_NAME)
        self.file_handler = _rotating_handler(self.log_path, max_bytes, backups)
        self._showing = False

    def __call__(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, error, tb)
            return
        details = self.log(kind, error, tb)
        if self._showing:
            return
        self._showing = True
        try:
            self.show(error, details, self.log_path)
        finally:
            self._showing = False

    def log(self, kind: type[BaseException], error: BaseException, tb: TracebackType | None, where: str = "") -> str:
        details = "".join(traceback.format_exception(kind, error, tb))
        self.logger.error("未处理的错误%s（征缴通 %s）\n%s", where, __version__, details.rstrip())
        if sys.stderr is not None:  # the windowed Windows build has no stderr
            sys.stderr.write(details)
        return details

    def thread_hook(self, args: threading.ExceptHookArgs) -> None:
        """Another thread's error: logged only (a message box belongs to the window's thread)."""
        if args.exc_type is SystemExit:
            return
        error = args.exc_value if args.exc_value is not None else args.exc_type()
        name = args.thread.name if args.thread is not None else "?"
        self.log(args.exc_type, error, args.exc_traceback, f"（线程 {name}）")


_installed: CrashHandler | None = None


def _rotating_handler(path: Path, max_bytes: int, backups: int) -> logging.Handler:
    """The log file, or (a read-only data folder) nowhere: the message box still appears."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = RotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backups, encoding="utf-8", delay=True
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s", "%Y-%m-%d %H:%M:%S"))
    return handler


def install(
    folder: Path | None = None, *, show: Show = show_message_box, max_bytes: int = MAX_BYTES, backups: int = BACKUPS
) -> CrashHandler:
    """Catch what nobody caught, in the window's thread and in any other; returns the handler.

    Installing again (a second window in a test) replaces the earlier handler and its log file.
    """
    global _installed
    handler = CrashHandler(folder or log_dir(), show, max_bytes, backups)
    logger = handler.logger
    if _installed is not None:
        logger.removeHandler(_installed.file_handler)
        _installed.file_handler.close()
    _installed = handler
    logger.addHandler(handler.file_handler)
    logger.setLevel(logging.INFO)
    logger.propagate = False
    logger.info("征缴通 %s 启动（Python %s，%s）", __version__, platform.python_version(), platform.platform())
    sys.excepthook = handler
    threading.excepthook = handler.thread_hook
    return handler
