"""核验批次文件: pick a batch workbook (or its manifest) on a stick; 校验通过, or what is wrong.

The check needs no ledger — the manifest carries the column template — so a township
clerk checks any village's batch the same way: every byte against the manifest's hash,
every row read back and summed again, the previous batch's hash when it lies beside.
It reads the whole workbook, so it runs off the window's thread.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QPlainTextEdit, QVBoxLayout, QWidget

from desktop_app.services.county import verify_batch
from desktop_app.services.progress import Progress
from desktop_app.services.stick import thousands
from desktop_app.ui.dialog_parts import (
    WorkDialog,
    button,
    button_row,
    close_button,
    file_form,
    heading,
    hint,
    run_row,
    size_for_font,
    typed_path,
)
from desktop_app.ui.widgets import MessageLabel, set_tab_order
from desktop_app.ui.workers import WorkPanel, describe

FILE_FILTER = "上报批次 (*.xlsx *.manifest.json)"


def ask_batch_file(parent: QWidget | None) -> Path | None:
    """The system's file chooser; tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(parent, "选择要核验的批次文件", "", FILE_FILTER)
    return Path(path) if path else None


def verdict(result: Any) -> tuple[bool, str, list[str]]:
    """(passed, the headline, the lines under it) of a verification."""
    manifest = result.manifest
    cash = manifest.get("figures", {}).get("net", {}).get("cash")
    money = f"，合计 {thousands(str(cash))} 元" if cash else ""
    when = str(manifest.get("created_at", ""))[:16].replace("T", " ")
    if result.ok:
        return (
            True,
            (
                f"校验通过：{result.label}（{when} 导出），共 {len(result.rows)} 行{money}，"
                "与清单一致，导出后没有被改动过。"
            ),
            [f"· {note}" for note in result.notes],
        )
    return (
        False,
        f"校验未通过：{result.label}，发现 {len(result.problems)} 处问题：",
        ([f"✗ {p}" for p in result.problems] + [f"· {note}" for note in result.notes]),
    )


class VerifyBatchDialog(WorkDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.passed: bool | None = None
        self.setWindowTitle("核验批次文件")
        size_for_font(self, 54, 22)
        self.path, self.browse, form = file_form(
            "批次文件(&W)：",
            "批次工作簿（.xlsx）或它的清单（.manifest.json），两者须在同一文件夹",
            lambda _: self._enable(),
            self.choose_file,
        )
        self.verify_button = button("核验 (&V)")
        self.verify_button.clicked.connect(self.start)
        self.panel = WorkPanel(idle_text="尚未核验")
        self.message = MessageLabel()
        self.details = QPlainTextEdit()
        self.details.setReadOnly(True)
        self.details.setAccessibleName("核验详情")
        self.details.setTabChangesFocus(True)
        self.close_button = close_button(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("核验批次文件"))
        layout.addWidget(
            hint("检查U盘上的批次是否与导出时一模一样：文件的校验码、逐行读回重算的合计、与上一批的衔接。")
        )
        layout.addLayout(form)
        layout.addLayout(run_row(self.verify_button, self.panel))
        layout.addWidget(self.message)
        layout.addWidget(self.details, 1)
        layout.addLayout(button_row(self.close_button))
        set_tab_order(
            self.browse, self.path, self.verify_button, self.panel.cancel_button, self.details, self.close_button
        )
        self.verify_button.setDefault(True)
        self._enable()
        self.browse.setFocus()

    def choose_file(self) -> None:
        path = ask_batch_file(self)
        if path is not None:
            self.path.setText(str(path))
            self._enable()
            self.verify_button.setFocus()

    def chosen_path(self) -> Path | None:
        return typed_path(self.path)

    def _enable(self) -> None:
        idle = not self.panel.running()
        self.verify_button.setEnabled(idle and self.chosen_path() is not None)
        for w in (self.path, self.browse, self.close_button):
            w.setEnabled(idle)

    def start(self) -> None:
        path = self.chosen_path()
        if path is None or self.panel.running():
            return
        if not path.is_file():
            self.message.show_error(f"找不到文件 {path}")
            return

        def job(progress: Progress) -> Any:
            progress.checkpoint()
            result = verify_batch(path)
            progress.checkpoint()  # only reads: 取消 while it ran just drops the answer
            return result

        self.details.clear()
        self.message.show_hint("正在核验，请稍候…")
        self.panel.run(job, self._done, "正在读取并核对每一行…")
        self._enable()

    def _done(self, kind: str, value: Any) -> None:
        if kind == "ok":
            passed, headline, lines = verdict(value)
            self.passed = passed
            (self.message.show_ok if passed else self.message.show_error)(headline)
            self.details.setPlainText("\n".join(lines))
        elif kind == "failed":
            self.passed = False
            self.message.show_error(f"校验未通过：{describe(value)}")
        else:
            self.message.show_hint("已取消。")
        self._enable()
        self.close_button.setFocus()

    def reject(self) -> None:
        if self.panel.running():
            self.message.show_hint("正在核验，请等它完成（或点“取消”）。")
            return
        super().reject()
