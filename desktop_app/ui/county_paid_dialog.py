"""导入县已缴名单: the county's or tax office's list of people already paid, checked, then imported.

The collector's real work is 查漏补缺 against the county's lists (issue 12 §2): whoever the
list names is marked 其他渠道已缴费 for the year and leaves the unpaid list. The check (a
dry run, nothing written) and the import run off the window's thread with a progress bar
and 取消 — until the import starts writing: the ledger then takes the whole list in one
transaction or nothing. The report lists, row by row, whom the register does not know,
who paid here as well (重复缴费 — the refund starts from the list those open), and the
rows not taken (problems) or taken with a remark (warnings), with the row and column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.operators import Acting
from desktop_app.services.county_paid import CountyPaidReport, import_county_paid
from desktop_app.services.ledger import Ledger
from desktop_app.services.progress import Progress
from desktop_app.ui.dialog_parts import button_row, file_form, run_row, size_for_font, typed_path
from desktop_app.ui.widgets import MessageLabel, set_tab_order
from desktop_app.ui.workers import WorkPanel, describe, own_ledger

HEADERS = ("类别", "行号", "列", "姓名", "证件号码", "说明")
FILE_FILTER = "表格文件 (*.xlsx *.xls *.csv)"
COLUMNS_HINT = (
    "名单须有证件号码列（证件号码、身份证号、公民身份号码、缴费人证件号码…，在标题行下面也能找到）；"
    "姓名、缴费渠道、缴费日期、缴费金额、征收品目、缴费年度可有可无。名单上的人按证件号码登记为"
    "“其他渠道已缴费”，不再出现在未缴名单上；同一份名单导入两次不会重复登记。"
)
FIT_ROWS = 300
SHADES = {"重复缴费": QColor("#fde0dc"), "提示": QColor("#fff4d6"), "未登记": QColor("#f3e5f5")}


@dataclass(frozen=True)
class ReportLine:
    kind: str
    row: int
    column: str = ""
    name: str = ""
    id_number: str = ""
    reason: str = ""


def report_lines(report: CountyPaidReport) -> list[ReportLine]:
    """Every row the collector must look at: 重复缴费 first, then whom the register does not know,
    the rows not taken, the remarks."""
    verb = "将登记" if report.dry_run else "已登记"
    lines = [
        ReportLine(
            "重复缴费",
            p.row,
            "",
            p.name,
            p.id_number,
            f"本村已收费（收据 {p.receipt_no}），名单上又已缴费；{verb}为其他渠道已缴，请核实后申请退费",
        )
        for p in report.paid_here_too
    ]
    lines += [
        ReportLine("花名册中没有", n.row, "", n.name, n.id_number, "不是本村在册人员（或证件号码有误），不登记")
        for n in report.not_in_register
    ]
    lines += [ReportLine("未登记", p.row, p.column, "", "", p.reason) for p in report.problems]
    lines += [ReportLine("提示", w.row, w.column, "", "", w.reason) for w in report.warnings]
    return lines


def summary(report: CountyPaidReport) -> str:
    head = "检查完成（未写入）" if report.dry_run else ("已导入" if report.marked else "没有需要写入的变化")
    text = (
        f"{head}：{report.file}（{report.benefit_year}年度），读取 {report.rows:,} 行，对上花名册 {report.matched:,} 人"
        f"（{'将' if report.dry_run else ''}新登记 {report.marked:,} 人，已登记过 {report.unchanged:,} 人）"
    )
    extra = [
        f"{label} {n:,}"
        for label, n in (
            ("花名册中没有", len(report.not_in_register)),
            ("重复缴费", len(report.paid_here_too)),
            ("未登记的行", len(report.problems)),
            ("提示", len(report.warnings)),
        )
        if n
    ]
    return text + ("；" + "，".join(extra) if extra else "") + "。"


class ReportModel(QAbstractTableModel):
    """The report as a model: a township's list of 30 000 rows may leave thousands to look at."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[ReportLine] = []

    def set_rows(self, rows: list[ReportLine]) -> None:
        self.beginResetModel()
        self.items = rows
        self.endResetModel()

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.items)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:
        return 0 if parent.isValid() else len(HEADERS)

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        item = self.items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = (item.kind, item.row, item.column, item.name, item.id_number, item.reason)[index.column()]
            return f"第{value}行" if index.column() == 1 else value
        if role == Qt.ItemDataRole.BackgroundRole and item.kind in SHADES:
            return QBrush(SHADES[item.kind])
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


def ask_open_path(parent: QWidget | None) -> Path | None:
    """The system's file chooser; tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(parent, "导入县已缴名单：选择文件", "", FILE_FILTER)
    return Path(path) if path else None


class CountyPaidDialog(QDialog):
    """``report`` holds the import's report once the list is imported; ``wants_duplicates`` asks the window
    to open the 重复缴费 list after closing."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.checked: CountyPaidReport | None = None
        self.report: CountyPaidReport | None = None
        self.wants_duplicates = False
        self.setWindowTitle(f"导入县已缴名单（{acting.benefit_year}年度）")
        size_for_font(self, 70, 34)  # 1120×646 at 字号 中; at 特大 as much of the screen as it allows
        hint = QLabel(COLUMNS_HINT)
        hint.setWordWrap(True)
        self.path, self.browse, form = file_form(
            "文件(&W)：", "选择或粘贴 .xlsx / .xls / .csv 文件的位置", lambda _: self._reset(), self.choose_file
        )
        self.browse.setAutoDefault(True)
        self.check_button = QPushButton("检查文件 (&K)")
        self.check_button.clicked.connect(lambda: self.start(dry_run=True))
        self.work = WorkPanel(self, "尚未检查")
        self.message = MessageLabel()
        self.model = ReportModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        self.table.setAccessibleName("检查结果")
        header = self.table.horizontalHeader()
        for column in range(len(HEADERS) - 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(len(HEADERS) - 1, QHeaderView.ResizeMode.Stretch)
        self.table.setWordWrap(True)
        self.import_button = QPushButton("导入 (&I)")
        self.import_button.clicked.connect(lambda: self.start(dry_run=False))
        self.duplicates_button = QPushButton("查看重复缴费… (&D)")
        self.duplicates_button.clicked.connect(self.show_duplicates)
        self.close_button = QPushButton("关闭 (Esc)")
        self.close_button.clicked.connect(self.reject)
        buttons = button_row(self.import_button, self.duplicates_button, self.close_button)
        for b in (self.browse, self.import_button, self.duplicates_button, self.close_button):
            b.setAutoDefault(False)
        self.check_button.setDefault(True)
        title = QLabel("导入县已缴名单")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(form)
        layout.addLayout(run_row(self.check_button, self.work))
        layout.addWidget(self.message)
        layout.addWidget(QLabel("检查结果（重复缴费、花名册中没有的人、未登记的行和提示，各占一行）："))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        set_tab_order(
            self.browse,
            self.path,
            self.check_button,
            self.work.cancel_button,
            self.table,
            self.import_button,
            self.duplicates_button,
            self.close_button,
        )
        self.message.show_hint("先选择文件，再点“检查文件”：检查只读不写，看过结果再导入。")
        self._enable()
        self.browse.setFocus()

    # -- choices ---------------------------------------------------------------------
    def choose_file(self) -> None:
        path = ask_open_path(self)
        if path is not None:
            self.path.setText(str(path))
            self._reset()
            self.check_button.setFocus()

    def chosen(self) -> Path | None:
        return typed_path(self.path)

    def _reset(self) -> None:
        self.checked = None
        self.model.set_rows([])
        self.work.idle("尚未检查")
        self._enable()

    def _enable(self) -> None:
        idle = not self.work.running()
        done = self.report is not None
        self.check_button.setEnabled(idle and not done and self.chosen() is not None)
        self.import_button.setEnabled(idle and not done and self.checked is not None and self.checked.marked > 0)
        shown = self.report or self.checked
        self.duplicates_button.setVisible(done and bool(shown and shown.paid_here_too))
        for w in (self.path, self.browse):
            w.setEnabled(idle and not done)
        self.close_button.setEnabled(idle)

    # -- running ---------------------------------------------------------------------
    def start(self, *, dry_run: bool) -> None:
        path = self.chosen()
        if path is None:
            self.message.show_error("请先选择名单文件")
            return
        ledger, acting = self.ledger, self.acting

        def job(progress: Progress) -> CountyPaidReport:
            progress.step("正在读取名单…" if dry_run else "正在导入…")
            progress.checkpoint()
            if not dry_run:
                progress.no_way_back()  # one transaction: all of the list, or nothing
            with own_ledger(ledger) as mine:
                found = import_county_paid(mine, acting, path, dry_run=dry_run)
            if dry_run:
                progress.checkpoint()  # nothing was written: a 取消 now just drops the report
            return found

        self.message.show_hint("正在检查名单，请稍候…" if dry_run else "正在导入，请稍候…")
        self.work.run(
            job, lambda kind, value: self._done(dry_run, kind, value), "正在检查…" if dry_run else "正在导入…"
        )
        self._enable()

    def _done(self, dry_run: bool, kind: str, value: Any) -> None:
        if kind == "cancelled":
            self.message.show_hint("已取消，没有写入任何内容。")
        elif kind == "failed":
            self.message.show_error(describe(value))
        else:
            report: CountyPaidReport = value
            if dry_run:
                self.checked = report
            else:
                self.report = report
            self.model.set_rows(report_lines(report))
            rows = self.table.verticalHeader()  # whole reasons, wrapped at the table's width; a long report: one line
            rows.setSectionResizeMode(
                QHeaderView.ResizeMode.ResizeToContents
                if self.model.rowCount() <= FIT_ROWS
                else QHeaderView.ResizeMode.Interactive
            )
            text = summary(report)
            if dry_run and report.marked == 0:
                self.message.show_hint(text + " 名单上对得上的人都已登记过，无需导入。")
            else:
                self.message.show_ok(text + (" 确认无误后按“导入”。" if dry_run else ""))
        self._enable()
        for b in (self.import_button, self.duplicates_button, self.close_button):
            if b.isEnabled() and b.isVisible():
                b.setDefault(True)
                b.setFocus()
                break

    def show_duplicates(self) -> None:
        self.wants_duplicates = True
        self.accept()

    def reject(self) -> None:
        if self.work.running():
            self.message.show_hint("正在处理，请等它完成或按“取消”后再关闭。")
            return
        if self.report is not None:
            self.accept()
        else:
            super().reject()
