"""核对账本: is the file sound, and is every entry of the audit log still the one written?

Two checks, off the window's thread: SQLite's integrity check of the whole file, and the
audit log's hash chain — each entry's hash recomputed from its content and the entry
before, so a record changed outside the program (or a lost one) shows as the first
entry that does not fit. The answer is a sentence, then what to do when it is bad.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QVBoxLayout, QWidget

from desktop_app.services.audit_log import ChainCheck, verify_chain
from desktop_app.services.integrity import BackgroundCheck
from desktop_app.services.ledger import Ledger
from desktop_app.services.progress import Progress
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
from desktop_app.ui.widgets import MessageLabel
from desktop_app.ui.workers import WorkPanel, describe, own_ledger

WHAT_TO_DO = "请先不要继续收费：用“工具 → 从备份恢复”取回最近一份核对无误的备份，并把情况报告乡镇医保经办人员。"


@dataclass(frozen=True)
class LedgerCheck:
    file_problem: str | None
    chain: ChainCheck

    @property
    def ok(self) -> bool:
        return self.file_problem is None and self.chain.ok


def readable(check: LedgerCheck) -> str:
    """The result in the collector's words."""
    lines = ["账本完好。" if check.ok else "账本有问题！"]
    if check.file_problem is None:
        lines.append("✓ 数据库文件完好（SQLite 完整性检查通过）。")
    else:
        lines.append(f"✗ 数据库文件有损坏：{check.file_problem}")
    chain = check.chain
    if chain.ok:
        lines.append(
            f"✓ 审计日志完整：共 {chain.entries:,} 条记录，每一条都与写入时一致、与前一条环环相扣，"
            "没有被改动、删除或插入过。"
        )
        lines.append(f"　最后一条的校验码：{chain.head[:16]}…（可抄下来，下次核对时比较）")
    else:
        lines.append(
            f"✗ 审计日志在第 {chain.broken_at} 条断开：{chain.problem}。"
            f"前 {chain.entries:,} 条完好；从这一条起，记录在程序之外被改动过或已损坏。"
        )
    if not check.ok:
        lines.append(WHAT_TO_DO)
    return "\n".join(lines)


class AuditDialog(WorkDialog):
    """Starts checking as it opens; Esc closes when done."""

    def __init__(self, ledger: Ledger, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger = ledger
        self.checked: LedgerCheck | None = None
        self.setWindowTitle("核对账本")
        size_for_font(self, 50, 17)
        self.panel = WorkPanel(idle_text="尚未核对")
        self.message = MessageLabel()
        self.again_button = button("再核对一次 (&A)")
        self.again_button.clicked.connect(self.start)
        self.close_button = close_button(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("核对账本"))
        layout.addWidget(
            hint("检查账本文件是否完好，以及每一笔收费、作废、退费、导出的记录自写入后有没有被改动过。只读不写。")
        )
        layout.addWidget(self.panel)
        layout.addWidget(top_aligned(self.message), 1)
        layout.addLayout(button_row(self.again_button, self.close_button))
        self.close_button.setDefault(True)
        self.start()

    def start(self) -> None:
        if self.panel.running():
            return
        ledger = self.ledger

        def job(progress: Progress) -> LedgerCheck:
            progress.step("正在检查数据库文件…", 1, 3)
            problem = BackgroundCheck(ledger.path).wait()
            progress.checkpoint()
            progress.step("正在逐条核对审计日志…", 2, 3)
            with own_ledger(ledger) as own:
                chain = verify_chain(own)
            progress.checkpoint()
            return LedgerCheck(problem, chain)

        self.message.show_hint("正在核对，请稍候…")
        self.again_button.setEnabled(False)
        self.panel.run(job, self._done, "正在检查数据库文件…")

    def _done(self, kind: str, value: Any) -> None:
        self.again_button.setEnabled(True)
        if kind == "ok":
            self.checked = value
            (self.message.show_ok if value.ok else self.message.show_error)(readable(value))
        elif kind == "failed":
            self.message.show_error(f"没有核对完：{describe(value)}")
        else:
            self.message.show_hint("已取消。")
        self.close_button.setFocus()

    def reject(self) -> None:
        if self.panel.running():
            self.panel.cancel()
            self.message.show_hint("正在取消…")
            return
        super().reject()
