"""导出上报批次: what goes out, where to (a stick or a folder), the write with a progress bar, the result.

The write runs off the window's thread (services.stick on a connection of its own);
取消 counts until the batch is recorded in the ledger, never after. The result is
plain: where the files are, how many rows, the total, the batch number, and to click
“安全删除” before pulling the stick out. A stick that fails mid-write leaves the batch
recorded and nothing half-written on the stick: the dialog offers “重新写出第N批” at once
(补导, the same bytes), to the same or another stick.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.progress import Progress
from desktop_app.services.stick import BatchResult, StickError, outgoing, write_again, write_new_batch
from desktop_app.ui.dialog_parts import (
    WorkDialog,
    button,
    button_row,
    close_button,
    heading,
    hint,
    size_for_font,
    top_aligned,
)
from desktop_app.ui.main_presenter import yuan
from desktop_app.ui.stick_target import TargetChooser
from desktop_app.ui.widgets import MessageLabel, set_tab_order
from desktop_app.ui.workers import WorkPanel, describe, own_ledger

UNPLUG = "拔出U盘前请先点“安全删除”（屏幕右下角的U盘图标），等它说可以安全拔出。"


def result_text(result: BatchResult) -> str:
    """The plain result: batch, where, rows, total, and the 安全删除 reminder."""
    again = "（补导：与当初的内容一字不差）" if result.again else ""
    return (
        f"第{result.batch_no}批已写好，并已读回核对无误{again}。\n"
        f"位置：{result.workbook.parent}\n"
        f"文件：{result.workbook.name}，以及清单 {result.manifest.name}\n"
        f"共 {result.rows} 行，合计 {yuan(result.total)} 元。\n"
        f"{UNPLUG}"
    )


class StickWriter:
    """The write of a new batch or a past one, shared by this dialog and the batches list."""

    def __init__(self, ledger: Ledger, acting: Acting, panel: WorkPanel, message: MessageLabel) -> None:
        self.ledger, self.acting, self.panel, self.message = ledger, acting, panel, message
        self.unwritten: int | None = None  # a batch recorded but not on any stick
        self.written: BatchResult | None = None

    def start(self, folder: Path, again: int | None, then: Any) -> None:
        ledger, acting = self.ledger, self.acting

        def job(progress: Progress) -> BatchResult:
            with own_ledger(ledger) as own:
                if again is None:
                    return write_new_batch(own, acting, folder, progress)
                return write_again(own, acting, again, folder, progress)

        self.message.show_hint("正在写入，请不要拔U盘…")
        self.panel.run(job, lambda kind, value: self._done(kind, value, then), "正在检查U盘…")

    def _done(self, kind: str, value: Any, then: Any) -> None:
        if kind == "ok":
            self.written, self.unwritten = value, None
            self.message.show_ok(result_text(value))
        elif kind == "cancelled":
            self.message.show_hint("已取消：账本和U盘都没有改动。")
        else:
            if isinstance(value, StickError) and value.unwritten is not None:
                self.unwritten = value.unwritten
            self.message.show_error(describe(value))
        then(kind)


class ExportDialog(WorkDialog):
    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.changed = False  # the ledger got a batch: the window refreshes its status bar
        self.wants_batches = False  # 以前的批次 asked: the window opens that list after this closes
        self.setWindowTitle("导出上报批次")
        size_for_font(self, 48, 27)
        self.what = QLabel()
        self.what.setWordWrap(True)
        self.what.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        box = QGroupBox("这一批包括")
        inner = QVBoxLayout(box)
        inner.addWidget(self.what)
        self.target = TargetChooser("upload")
        self.target.changed.connect(self._enable)
        target_label = QLabel("写到(&T)：")
        target_label.setBuddy(self.target.list)
        self.panel = WorkPanel(idle_text="尚未开始")
        self.message = MessageLabel()
        self.writer = StickWriter(ledger, acting, self.panel, self.message)
        self.export_button = button("导出 (&E)")
        self.export_button.clicked.connect(self.export)
        self.again_button = button("")
        self.again_button.clicked.connect(self.write_again)
        self.again_button.hide()
        self.batches_button = button("以前的批次… (&A)")
        self.batches_button.setToolTip("补导：把以前导出过的批次重新写到U盘")
        self.batches_button.clicked.connect(self.open_batches)
        self.close_button = close_button(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("导出上报批次"))
        layout.addWidget(
            hint(
                "把尚未上报的缴费、作废、退费写成一个批次（Excel 工作簿和它的清单），交乡镇医保经办人员。"
                "写完会读回核对一遍。"
            )
        )
        layout.addWidget(box)
        layout.addWidget(target_label)
        layout.addWidget(self.target)
        layout.addWidget(self.panel)
        layout.addWidget(top_aligned(self.message), 1)
        layout.addLayout(
            button_row(self.export_button, self.again_button, self.close_button, left=[self.batches_button])
        )
        set_tab_order(
            self.target.list,
            self.target.refresh_button,
            self.export_button,
            self.again_button,
            self.panel.cancel_button,
            self.batches_button,
            self.close_button,
        )
        self.export_button.setDefault(True)
        self.show_outgoing()
        self.target.list.setFocus()

    def show_outgoing(self) -> None:
        going = outgoing(self.ledger, self.acting)
        self.empty = going.empty
        who = f"收款员 {self.acting.name} · {self.acting.benefit_year}年度"
        unwritten = self.writer.unwritten
        waiting = f"\n第{unwritten}批已记入账本，但还没有完整地写到U盘：请重新写出。" if unwritten is not None else ""
        self.what.setText(f"{who}\n{going.text}{waiting}")
        self._enable()

    def _enable(self) -> None:
        idle = not self.panel.running()
        self.export_button.setEnabled(idle and not self.empty and self.target.folder() is not None)
        unwritten = self.writer.unwritten
        self.again_button.setVisible(unwritten is not None)
        if unwritten is not None:
            self.again_button.setText(f"重新写出第{unwritten}批 (&W)")
            self.again_button.setEnabled(idle and self.target.folder() is not None)
        self.close_button.setEnabled(idle)
        self.batches_button.setEnabled(idle)
        self.target.setEnabled(idle)

    def open_batches(self) -> None:
        if not self.panel.running():
            self.wants_batches = True
            self.accept()

    def export(self) -> None:
        folder = self.target.folder()
        if folder is None or self.panel.running():
            return
        self.writer.start(folder, None, self._finished)
        self._enable()

    def write_again(self) -> None:
        folder, batch_no = self.target.folder(), self.writer.unwritten
        if folder is None or batch_no is None or self.panel.running():
            return
        self.writer.start(folder, batch_no, self._finished)
        self._enable()

    def _finished(self, kind: str) -> None:
        if self.writer.written is not None or self.writer.unwritten is not None:
            self.changed = True
        self.show_outgoing()
        if self.again_button.isVisible() and self.again_button.isEnabled():
            self.again_button.setDefault(True)
            self.again_button.setFocus()
        elif kind == "ok" or not self.export_button.isEnabled():
            self.close_button.setDefault(True)
            self.close_button.setFocus()
        else:
            self.export_button.setFocus()

    def reject(self) -> None:
        if self.panel.running():
            self.message.show_hint("正在写入，请等它完成（或先点“取消”）。")
            return
        super().reject()
