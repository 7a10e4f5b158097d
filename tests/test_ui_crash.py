"""A crash in the window: a Chinese message, a rotating log beside the data, the ledger intact."""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from desktop_app import __version__
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.records import list_payments
from desktop_app.ui import crash
from tests.ui_support import ModalAnswer, isolated_preferences
from tests.village import XINLI, acting, new_ledger, wang_household

__all__ = ["isolated_preferences"]


class Shown:
    def __init__(self) -> None:
        self.calls: list[tuple[BaseException, str, Path]] = []

    def __call__(self, error: BaseException, details: str, log_path: Path) -> None:
        self.calls.append((error, details, log_path))


@pytest.fixture
def hooks() -> Iterator[None]:
    """Whatever a test installs, the interpreter's own hooks come back afterwards."""
    before, thread_before = sys.excepthook, threading.excepthook
    yield
    sys.excepthook, threading.excepthook = before, thread_before


def raise_and_catch(message: str) -> tuple[type[BaseException], BaseException, object]:
    try:
        raise RuntimeError(message)
    except RuntimeError as e:
        return type(e), e, e.__traceback__


def test_an_uncaught_error_is_logged_with_its_traceback_and_shown(tmp_path: Path, hooks: None) -> None:
    shown = Shown()
    handler = crash.install(tmp_path / "logs", show=shown)
    assert sys.excepthook is handler
    kind, error, tb = raise_and_catch("户列表刷新失败")
    sys.excepthook(kind, error, tb)  # type: ignore[arg-type]
    log = (tmp_path / "logs" / "zhengjiao.log").read_text("utf-8")
    assert f"征缴通 {__version__} 启动" in log
    assert "未处理的错误" in log and "RuntimeError: 户列表刷新失败" in log and "raise_and_catch" in log
    ((shown_error, details, path),) = shown.calls
    assert shown_error is error and "Traceback" in details and path == tmp_path / "logs" / "zhengjiao.log"


def test_the_message_box_says_in_chinese_that_records_are_safe_and_where_the_log_is(
    qtbot: QtBot, tmp_path: Path
) -> None:
    seen: dict[str, str] = {}

    def read_and_close(box: QMessageBox) -> None:
        seen["title"], seen["text"], seen["details"] = box.windowTitle(), box.text(), box.detailedText()
        box.close()

    answer = ModalAnswer(QMessageBox, read_and_close)
    crash.show_message_box(RuntimeError("打印机没有响应"), "Traceback: …", tmp_path / "logs" / "zhengjiao.log")
    answer.check()
    assert seen["title"] == "征缴通 — 程序出错"
    assert "已经保存的收费、作废、退费记录不受影响" in seen["text"]
    assert "打印机没有响应" in seen["text"] and str(tmp_path / "logs" / "zhengjiao.log") in seen["text"]
    assert seen["details"] == "Traceback: …"


def test_the_log_rotates_and_keeps_only_a_few_old_files(tmp_path: Path, hooks: None) -> None:
    handler = crash.install(tmp_path, show=Shown(), max_bytes=2_000, backups=2)
    for n in range(40):
        handler(*raise_and_catch(f"第{n}次出错"))  # type: ignore[arg-type]
    logs = sorted(p.name for p in tmp_path.iterdir())
    assert logs == ["zhengjiao.log", "zhengjiao.log.1", "zhengjiao.log.2"]
    assert all(p.stat().st_size <= 4_000 for p in tmp_path.iterdir())
    assert "第39次出错" in (tmp_path / "zhengjiao.log").read_text("utf-8")


def test_installing_again_writes_each_error_once_to_the_new_log(tmp_path: Path, hooks: None) -> None:
    crash.install(tmp_path / "first", show=Shown())
    handler = crash.install(tmp_path / "second", show=Shown())
    handler(*raise_and_catch("只写一次"))  # type: ignore[arg-type]
    assert (tmp_path / "second" / "zhengjiao.log").read_text("utf-8").count("RuntimeError: 只写一次") == 1
    assert "只写一次" not in (tmp_path / "first" / "zhengjiao.log").read_text("utf-8")


def test_an_error_while_the_message_is_open_is_logged_but_not_shown_again(tmp_path: Path, hooks: None) -> None:
    calls: list[str] = []

    def show_and_fail(error: BaseException, details: str, log_path: Path) -> None:
        calls.append(str(error))
        handler(*raise_and_catch("消息框里又出错"))  # type: ignore[arg-type]

    handler = crash.install(tmp_path, show=show_and_fail)
    handler(*raise_and_catch("第一次"))  # type: ignore[arg-type]
    assert calls == ["第一次"]
    assert "消息框里又出错" in (tmp_path / "zhengjiao.log").read_text("utf-8")


def test_an_error_in_another_thread_is_logged_without_a_message_box(tmp_path: Path, hooks: None) -> None:
    shown = Shown()
    crash.install(tmp_path, show=shown)

    def work() -> None:
        raise ValueError("备份线程出错")

    thread = threading.Thread(target=work, name="backup")
    thread.start()
    thread.join()
    log = (tmp_path / "zhengjiao.log").read_text("utf-8")
    assert "（线程 backup）" in log and "ValueError: 备份线程出错" in log
    assert shown.calls == []


@pytest.mark.qt_no_exception_capture
def test_a_crash_in_a_slot_reaches_the_handler_and_the_payments_already_taken_stay(
    qtbot: QtBot, tmp_path: Path, hooks: None
) -> None:
    ledger = new_ledger(tmp_path / "village.sqlite", **XINLI)
    op = acting(ledger, "李会计")
    ids = wang_household(ledger, op)
    paid = pay(ledger, op, PaymentRequest((ids["head"],), 24000, ledger.now().date()))
    shown = Shown()
    crash.install(tmp_path / "logs", show=shown)

    def broken_slot() -> None:
        raise KeyError("收费后刷新状态栏")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(shown.calls), timeout=3000)
    QApplication.processEvents()
    ledger.close()
    with Ledger.open(tmp_path / "village.sqlite") as reopened:
        assert [p.receipt_no for p in list_payments(reopened, None, None)] == [paid.receipt_no]
    assert "KeyError: '收费后刷新状态栏'" in (tmp_path / "logs" / "zhengjiao.log").read_text("utf-8")
