"""导入花名册 / 导入身份名单: choose a file, check it, read the report, then import.

The check (a dry run) and the import run on a worker thread with a progress bar; the
window stays responsive for a 100 000-row file. "全部导入" is offered only when the
check found nothing wrong; otherwise "只导入正确的行" writes the good rows and leaves
the bad ones, listed by row number, to fix in the file. Warnings (a relation kept as
written, an old ID number converted) are listed under the problems, shaded: their rows
are imported all the same. An identity list with its own identity column (保障类别 …)
is imported "按文件中的身份列" by default; the other choices are the year policy's identities.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, QThread, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFileDialog,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import Acting
from desktop_app.ui.dialog_parts import button_row, file_form, run_row
from desktop_app.ui.import_presenter import (
    FILE_FILTER,
    FROM_FILE,
    ImportPresenter,
    ImportRefused,
    Job,
    Outcome,
    ReportRow,
)
from desktop_app.ui.widgets import MessageLabel, set_tab_order

HEADERS = ("行号", "字段", "原因", "处理")
WARNING_SHADE = QColor("#fff4d6")  # a warning's row: imported, to be looked at
FIT_ROWS = 300


class ReportModel(QAbstractTableModel):
    """The validation report; a model rather than items, so 100 000 bad rows still show at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.items: list[ReportRow] = []

    def set_rows(self, rows: list[ReportRow]) -> None:
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
        value = (item.row, item.field, item.reason, item.action)[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return value
        if role == Qt.ItemDataRole.BackgroundRole and item.warning:
            return QBrush(WARNING_SHADE)
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return HEADERS[section]
        return None


class ImportThread(QThread):
    """Runs one Job on its own thread and its own database connection."""

    progressed = Signal(int, int)
    outcome = Signal(object)

    def __init__(self, job: Job, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.job = job

    def run(self) -> None:
        self.outcome.emit(self.job.run(lambda done, total: self.progressed.emit(done, total)))


def ask_open_path(parent: QWidget | None, title: str) -> Path | None:
    """The system's file chooser; tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(parent, title, "", FILE_FILTER)
    return Path(path) if path else None


class ImportDialog(QDialog):
    def __init__(self, ledger: Ledger, acting: Acting, kind: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.presenter = ImportPresenter(ledger, acting, kind)
        self.thread_: ImportThread | None = None
        self.setWindowTitle(self.presenter.title)
        self.resize(900, 600)
        self.path, self.browse, form = file_form(
            "文件(&W)：", "选择或粘贴 .xlsx / .xls / .csv 文件的位置", self._path_typed, self.choose_file
        )
        self.identity: QComboBox | None = None
        self.source: QComboBox | None = None
        if kind == "identities":
            self.identity = QComboBox()
            self.identity.addItem("（请选择）", "")
            for code, text in self.presenter.identity_choices.items():
                self.identity.addItem(text, code)
            self.identity.insertSeparator(self.identity.count())
            self.identity.addItem("按文件中的身份列", FROM_FILE)  # chosen by itself when the file has one
            self.source = QComboBox()
            self.source.addItem("（请选择）", "")
            for text in self.presenter.source_choices:
                self.source.addItem(text, text)
            self.identity.currentIndexChanged.connect(lambda _: self._choices_changed())
            self.source.currentIndexChanged.connect(lambda _: self._choices_changed())
            form.addRow("名单上人员的身份(&I)：", self.identity)
            form.addRow("名单来源部门(&Y)：", self.source)
        self.check = QPushButton("检查文件 (&K)")
        self.check.clicked.connect(self.start_check)
        self.progress = QProgressBar()
        self.progress.setTextVisible(True)
        self._idle_progress("尚未检查")
        self.message = MessageLabel()
        self.model = ReportModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        self.table.setWordWrap(True)
        self.import_all = QPushButton("全部导入 (&A)")
        self.import_valid = QPushButton("只导入正确的行 (&V)")
        self.close_button = QPushButton("关闭 (Esc)")
        self.import_all.clicked.connect(lambda: self.start_import(only_valid=False))
        self.import_valid.clicked.connect(lambda: self.start_import(only_valid=True))
        self.close_button.clicked.connect(self.reject)
        check_row = run_row(self.check, self.progress)
        buttons = button_row(self.import_all, self.import_valid, self.close_button)
        title = QLabel(self.presenter.title)
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        columns = QLabel(self.presenter.columns_hint)
        columns.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(columns)
        layout.addLayout(form)
        layout.addLayout(check_row)
        layout.addWidget(self.message)
        layout.addWidget(QLabel("检查结果（每一处问题或提示一行；提示的行照常导入）："))
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        for b in (self.browse, self.import_all, self.import_valid, self.close_button):
            b.setAutoDefault(False)
        self.check.setDefault(True)
        chain: list[QWidget] = [self.browse, self.path]
        if self.identity is not None and self.source is not None:
            chain += [self.identity, self.source]
        set_tab_order(*chain, self.check, self.table, self.import_all, self.import_valid, self.close_button)
        self.message.show_hint("先选择文件，再点“检查文件”：检查只读不写，看过结果再导入。")
        self._enable()
        self.browse.setFocus()

    # --- choices --------------------------------------------------------------------

    def choose_file(self) -> None:
        path = ask_open_path(self, f"{self.presenter.title}：选择文件")
        if path is not None:
            self.path.setText(str(path))
            self._path_typed(str(path))
            self.check.setFocus()

    def _path_typed(self, text: str) -> None:
        self.presenter.choose(path=Path(text.strip().strip('"')) if text.strip() else None)
        if self.identity is not None:
            self._offer_file_column()
        self._reset()

    def _offer_file_column(self) -> None:
        """A list with its own identity column: "按文件中的身份列" (naming the column) unless a code is chosen."""
        assert self.identity is not None
        column = self.presenter.identity_column
        at = self.identity.findData(FROM_FILE)
        self.identity.setItemText(at, f"按文件中的身份列（{column}）" if column else "按文件中的身份列")
        if column and not self.identity.currentData():
            self.identity.setCurrentIndex(at)

    def _choices_changed(self) -> None:
        assert self.identity is not None and self.source is not None
        self.presenter.choose(code=str(self.identity.currentData() or ""), source=str(self.source.currentData() or ""))
        self._reset()

    def _reset(self) -> None:
        self.model.set_rows([])
        self._enable()

    def _enable(self) -> None:
        idle = self.thread_ is None
        self.check.setEnabled(idle and self.presenter.imported is None)
        self.import_all.setEnabled(idle and self.presenter.can_import_all())
        self.import_valid.setEnabled(idle and self.presenter.can_import_valid())
        self.import_valid.setVisible(self.presenter.checked is None or self.presenter.can_import_valid())
        for w in (self.path, self.browse, self.identity, self.source):
            if w is not None:
                w.setEnabled(idle and self.presenter.imported is None)
        self.close_button.setEnabled(idle)

    # --- running --------------------------------------------------------------------

    def start_check(self) -> None:
        self._start(dry_run=True, only_valid=False)

    def start_import(self, only_valid: bool) -> None:
        self._start(dry_run=False, only_valid=only_valid)

    def _start(self, *, dry_run: bool, only_valid: bool) -> None:
        try:
            job = self.presenter.job(dry_run=dry_run, only_valid=only_valid)
        except ImportRefused as e:
            self.message.show_error(e.message)
            return
        self.message.show_hint("正在检查文件，请稍候…" if dry_run else "正在导入，请稍候…")
        self.progress.setRange(0, 0)  # busy until the service reports how far it is
        self.progress.setFormat("正在检查…" if dry_run else "正在导入…")
        self.thread_ = ImportThread(job, self)
        self.thread_.progressed.connect(self._progressed)
        self.thread_.outcome.connect(self._finished)
        self.thread_.finished.connect(self._thread_done)
        self._enable()
        self.thread_.start()

    def _progressed(self, done: int, total: int) -> None:
        if total > 0:
            self.progress.setRange(0, total)
            self.progress.setValue(min(done, total))
            self.progress.setFormat(f"%v / {total} 行")

    def _finished(self, outcome: Outcome) -> None:
        self.presenter.finished(outcome)
        self.model.set_rows(self.presenter.rows(outcome))
        rows = self.table.verticalHeader()  # whole reasons, wrapped, as wide as the window; a long report: one line
        rows.setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents
            if self.model.rowCount() <= FIT_ROWS
            else QHeaderView.ResizeMode.Interactive
        )
        text = self.presenter.summary(outcome)
        if outcome.report is None or (outcome.dry_run and outcome.report.problems):
            self.message.show_error(text)
        else:
            self.message.show_ok(text)

    def _thread_done(self) -> None:
        if self.thread_ is not None:
            self.thread_.deleteLater()
        self.thread_ = None
        self._idle_progress("完成")
        self._enable()
        for b in (self.import_all, self.import_valid, self.close_button):
            if b.isEnabled() and b.isVisible():
                b.setDefault(True)
                b.setFocus()
                break

    def _idle_progress(self, text: str) -> None:
        self.progress.setRange(0, 1)
        self.progress.setValue(1 if text == "完成" else 0)
        self.progress.setFormat(text)

    def running(self) -> bool:
        return self.thread_ is not None

    def reject(self) -> None:
        if self.running():
            self.message.show_hint("正在处理，请等它完成后再关闭。")
            return
        if self.presenter.imported is not None and self.presenter.imported.report is not None:
            self.accept()
        else:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.running():
            event.ignore()
            return
        super().closeEvent(event)
