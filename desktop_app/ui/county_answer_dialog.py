"""导入县回盘: the county's answer file, read off the window's thread, and its report.

The report counts who the county accepted and lists who it sent back, with its reason,
and every line of the file that matches no row ever sent (listed, never guessed).
Importing the same file again changes nothing. From here 被退回人员 opens the list where
each person sent back is corrected and goes into the next batch.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.operators import Acting
from desktop_app.services.county import ImportReport, import_county_results
from desktop_app.services.ledger import Ledger
from desktop_app.services.progress import Progress
from desktop_app.ui.dialog_parts import (
    GREY,
    RED,
    RowsModel,
    WorkDialog,
    button,
    button_row,
    close_button,
    file_form,
    heading,
    hint,
    run_row,
    size_for_font,
    table,
    typed_path,
)
from desktop_app.ui.widgets import MessageLabel, set_tab_order
from desktop_app.ui.workers import WorkPanel, describe, own_ledger

HEADERS = ("结果", "姓名", "身份证号", "户号", "收据号", "批次", "县里说明的原因")
FILE_FILTER = "县回盘文件 (*.xlsx *.xls *.csv)"


def ask_answer_file(parent: QWidget | None) -> Path | None:
    """The system's file chooser; tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(parent, "选择县回盘文件", "", FILE_FILTER)
    return Path(path) if path else None


def summary(report: ImportReport) -> str:
    parts = [f"县已接收 {report.accepted} 人", f"退回 {len(report.rejected)} 人"]
    if report.unchanged:
        parts.append(f"其中 {report.unchanged} 行与上次导入的相同")
    if report.problems:
        parts.append(f"{len(report.problems)} 行无法对应（见下表，未记录）")
    return f"{report.file}：" + "，".join(parts) + "。"


class CountyAnswerDialog(WorkDialog):
    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.report: ImportReport | None = None
        self.wants_rejected = False
        self.setWindowTitle("导入县回盘")
        size_for_font(self, 58, 27)
        self.path, self.browse, form = file_form(
            "回盘文件(&W)：", "县医保系统退回的 .xlsx / .xls / .csv 文件", lambda _: self._enable(), self.choose_file
        )
        self.import_button = button("导入 (&I)")
        self.import_button.clicked.connect(self.start)
        self.panel = WorkPanel(idle_text="尚未导入")
        self.message = MessageLabel()
        self.model = RowsModel(HEADERS, self)
        self.model.right = {5}
        self.view = table(self.model, "回盘结果")
        self.rejected_button = button("被退回人员… (&R)")
        self.rejected_button.clicked.connect(self.open_rejected)
        self.close_button = close_button(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("导入县回盘"))
        layout.addWidget(
            hint(
                "县医保系统对上报批次的审核结果。文件须有“证件号码（身份证号）”和“结果（状态）”两列，"
                "“姓名”“收据号”“原因”可有可无。只记录县里的结论，不改动任何收费；同一文件导入两次不会重复。"
            )
        )
        layout.addLayout(form)
        layout.addLayout(run_row(self.import_button, self.panel))
        layout.addWidget(self.message)
        layout.addWidget(QLabel("退回的人员和无法对应的行："))
        layout.addWidget(self.view, 1)
        layout.addLayout(button_row(self.rejected_button, self.close_button))
        set_tab_order(
            self.browse,
            self.path,
            self.import_button,
            self.panel.cancel_button,
            self.view,
            self.rejected_button,
            self.close_button,
        )
        self.import_button.setDefault(True)
        self._enable()
        self.browse.setFocus()

    def choose_file(self) -> None:
        path = ask_answer_file(self)
        if path is not None:
            self.path.setText(str(path))
            self._enable()
            self.import_button.setFocus()

    def chosen_path(self) -> Path | None:
        return typed_path(self.path)

    def _enable(self) -> None:
        idle = not self.panel.running()
        self.import_button.setEnabled(idle and self.chosen_path() is not None)
        for w in (self.path, self.browse, self.close_button):
            w.setEnabled(idle)
        self.rejected_button.setEnabled(idle)

    def start(self) -> None:
        path = self.chosen_path()
        if path is None or self.panel.running():
            return
        if not path.is_file():
            self.message.show_error(f"找不到文件 {path}")
            return
        ledger, acting = self.ledger, self.acting

        def job(progress: Progress) -> ImportReport:
            progress.checkpoint()
            progress.no_way_back()  # one transaction: it records the whole file or nothing
            with own_ledger(ledger) as own:
                return import_county_results(own, acting, path)

        self.message.show_hint("正在导入，请稍候…")
        self.panel.run(job, self._done, "正在读取回盘文件…")
        self._enable()

    def _done(self, kind: str, value: Any) -> None:
        if kind == "ok":
            self.show_report(value)
        else:
            self.message.show_error(describe(value))
        self._enable()
        (self.rejected_button if self.report and self.report.rejected else self.close_button).setFocus()

    def show_report(self, report: ImportReport) -> None:
        self.report = report
        rows: list[tuple[Any, ...]] = [
            ("退回", r.name, r.id_number, r.household_no, r.receipt_no, r.batch_no, r.reason) for r in report.rejected
        ]
        colours = [RED] * len(rows)
        rows += [("无法对应", "", "", "", "", "", problem) for problem in report.problems]
        colours += [GREY] * len(report.problems)
        self.model.set_rows(rows, None, colours)
        text = summary(report)
        if report.rejected:
            self.message.show_error(text + "退回的人请在“被退回人员”中逐一更正，下一批会重报。")
        else:
            self.message.show_ok(text)

    def open_rejected(self) -> None:
        self.wants_rejected = True
        self.accept()

    def reject(self) -> None:
        if self.panel.running():
            self.message.show_hint("正在导入，请等它完成。")
            return
        if self.report is not None:
            self.accept()  # something was recorded: the window refreshes
            return
        super().reject()
