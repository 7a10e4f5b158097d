"""以前的批次: every batch of the collector with what the county said, and 补导 (write one again).

A lost or broken stick costs nothing: a past batch is written again from the ledger, the
same bytes as the first time, to a stick or a folder. The list says per batch when it
was made, its rows and cash, and the county's answer so far (待县回盘 / 县已全部接收 /
县退回 n 人).
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.stick import BatchLine, batch_lines
from desktop_app.ui.dialog_parts import (
    GREEN,
    RED,
    RowsModel,
    WorkDialog,
    button,
    button_row,
    chosen,
    close_button,
    heading,
    hint,
    size_for_font,
    table,
)
from desktop_app.ui.export_dialog import StickWriter
from desktop_app.ui.stick_target import TargetChooser
from desktop_app.ui.widgets import MessageLabel, set_tab_order
from desktop_app.ui.workers import WorkPanel

HEADERS = ("批次", "导出时间", "年度", "行数", "金额（元）", "县回盘")


class BatchesDialog(WorkDialog):
    def __init__(
        self, ledger: Ledger, acting: Acting, parent: QWidget | None = None, select: int | None = None
    ) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.setWindowTitle("以前的批次（补导）")
        size_for_font(self, 52, 28)
        self.model = RowsModel(HEADERS, self)
        self.model.right = {0, 3, 4}
        self.view = table(self.model, "批次")
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        list_label = QLabel("批次(&L)：")
        list_label.setBuddy(self.view)
        self.target = TargetChooser("upload")
        self.target.changed.connect(self._enable)
        target_label = QLabel("写到(&T)：")
        target_label.setBuddy(self.target.list)
        self.panel = WorkPanel(idle_text="选好批次和U盘后点“重新写出”")
        self.message = MessageLabel()
        self.writer = StickWriter(ledger, acting, self.panel, self.message)
        self.write_button = button("重新写出所选批次 (&W)")
        self.write_button.clicked.connect(self.write)
        self.close_button = close_button(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading(f"以前的批次 — 收款员 {acting.name}"))
        layout.addWidget(
            hint("U盘丢了、坏了，或乡镇要再拷一份：选中批次，选好U盘，按 Enter 写出。内容与当初导出的一字不差。")
        )
        layout.addWidget(list_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(target_label)
        layout.addWidget(self.target)
        layout.addWidget(self.panel)
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.write_button, self.close_button))
        set_tab_order(
            self.view,
            self.target.list,
            self.target.refresh_button,
            self.write_button,
            self.panel.cancel_button,
            self.close_button,
        )
        self.write_button.setDefault(True)
        self.load(select)
        self.view.setFocus()

    def load(self, select: int | None = None) -> None:
        lines = batch_lines(self.ledger, self.acting)
        rows = [
            (b.batch_no, b.created_at.strftime("%Y-%m-%d %H:%M"), b.benefit_year or "", b.rows, b.total, b.state)
            for b in lines
        ]
        colours = [RED if b.rejected else GREEN if b.state.startswith("县已全部") else "" for b in lines]
        self.model.set_rows(rows, lines, colours)
        at = next((i for i, b in enumerate(lines) if b.batch_no == select), 0)
        if lines:
            self.view.setCurrentIndex(self.model.index(at, 0))
        else:
            self.message.show_hint("还没有导出过批次。")
        self._enable()

    def current(self) -> BatchLine | None:
        found = chosen(self.view)
        return found if isinstance(found, BatchLine) else None

    def _enable(self) -> None:
        idle = not self.panel.running()
        self.write_button.setEnabled(idle and self.current() is not None and self.target.folder() is not None)
        self.close_button.setEnabled(idle)
        self.view.setEnabled(idle)
        self.target.setEnabled(idle)

    def write(self) -> None:
        batch, folder = self.current(), self.target.folder()
        if batch is None or folder is None or self.panel.running():
            return
        self.writer.start(folder, batch.batch_no, self._finished)
        self._enable()

    def _finished(self, kind: str) -> None:
        self._enable()
        self.close_button.setDefault(kind == "ok")
        (self.close_button if kind == "ok" else self.write_button).setFocus()

    def reject(self) -> None:
        if self.panel.running():
            self.message.show_hint("正在写入，请等它完成。")
            return
        super().reject()
