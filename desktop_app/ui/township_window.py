"""The township's desk (乡镇汇总): the villages' sticks come in, the county workbook goes out.

The same program, started on a ledger set up in 乡镇 mode. Four tabs: 各村进度 (each
village collector's batches, people, cash, the newest batch and the batch numbers that
never arrived), 重复参保 (each person paid for twice, one row per receipt), 问题与不平衡
and 已收批次 (every file received, its hash, verified or why not). A village filter
narrows all four; Enter on a row shows it in full (what its tooltips say). Ctrl+O 添加批次,
Ctrl+E 导出县汇总, Ctrl+P 打印进度通报, F5 刷新, F1 the keys. Adding, reading the desk and exporting run on a worker thread (ui.workers) on a
connection of their own, with the bar and 取消 at the bottom (Esc cancels too); the
tables stay usable meanwhile.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QByteArray, QEvent, Qt
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QTableView,
    QTabWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.desk import DeskStatus
from desktop_app.domain.operators import Operator
from desktop_app.services.desk_status import desk_status
from desktop_app.services.ledger import Ledger
from desktop_app.services.progress import Progress
from desktop_app.services.township_desk import add_batches, export_county
from desktop_app.ui import township_dialogs, township_presenter
from desktop_app.ui.keys_dialog import KeysDialog
from desktop_app.ui.township_presenter import ALL_VILLAGES
from desktop_app.ui.township_tables import TableModel, desk_table
from desktop_app.ui.widgets import FONT_SIZES, MessageLabel, apply_font_size, preferences, saved_font_size
from desktop_app.ui.workers import WorkPanel, describe, own_ledger

KEYS = (
    ("Ctrl+O", "添加批次（U盘或文件夹）"),
    ("Ctrl+E", "导出县汇总工作簿"),
    ("Ctrl+P", "打印进度通报"),
    ("F5", "刷新"),
    ("Alt+1 … Alt+4", "各村进度 / 重复参保 / 问题与不平衡 / 已收批次"),
    ("Alt+V", "按村筛选"),
    ("Enter", "表中一行的全部内容（含校验说明）"),
    ("Esc", "取消正在进行的添加或导出"),
    ("Ctrl+Q", "退出"),
    ("F1", "本列表"),
)


class TownshipWindow(QMainWindow):
    def __init__(self, ledger: Ledger, operator: Operator, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.operator = ledger, operator
        self.status: DeskStatus | None = None
        self.township = ledger.settings.village
        self.setWindowTitle(f"征缴通 — {self.township} 乡镇汇总")
        self._build()
        self._build_actions()
        self._sync_row_heights()
        geometry = preferences().value("township/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 768)
        self.refresh()

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        self.summary = QLabel("正在读取…")
        self.summary.setObjectName("desk-summary")
        self.summary.setWordWrap(True)
        self.village = QComboBox()
        self.village.addItem(ALL_VILLAGES)
        self.village.setMinimumContentsLength(8)
        self.village.currentIndexChanged.connect(lambda _: self.show_tables())
        village_label = QLabel("村(&V)：")
        village_label.setBuddy(self.village)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(village_label)
        top.addWidget(self.village)
        self.tabs = QTabWidget()
        self.views: list[QTableView] = []
        self.models: list[TableModel] = []
        for name in ("各村进度", "重复参保", "问题与不平衡", "已收批次"):
            view, model = desk_table(name)
            view.activated.connect(lambda index, m=model, title=name: self.show_row(m, index.row(), title))
            self.views.append(view)
            self.models.append(model)
            self.tabs.addTab(view, name)
        self.empty = QLabel()
        self.empty.setObjectName("desk-empty")
        self.empty.setStyleSheet("color: #616161;")
        self.message = MessageLabel()
        self.message.setObjectName("desk-message")
        self.work = WorkPanel(self, "就绪")
        self.work.cancel_button.setText("取消 (Esc)")
        self.work.hide()  # shown while a job runs
        central = QWidget()
        box = QVBoxLayout(central)
        box.addLayout(top)
        box.addWidget(self.tabs, 1)
        box.addWidget(self.empty)
        box.addWidget(self.message)
        box.addWidget(self.work)
        self.setCentralWidget(central)
        self.tabs.currentChanged.connect(lambda _: self._show_empty())
        who = QLabel(f"经办人：{self.operator.name}　数据库：{self.ledger.path}")
        who.setContentsMargins(8, 0, 8, 0)
        self.statusBar().addPermanentWidget(who)

    def _action(self, text: str, slot: Any, key: str | None = None) -> QAction:
        made = QAction(text, self)
        if key:
            made.setShortcut(QKeySequence(key))
        made.triggered.connect(lambda _=False: slot())
        return made

    def _build_actions(self) -> None:
        self.add_action = self._action("添加批次(&A)…", self.add, "Ctrl+O")
        self.export_action = self._action("导出县汇总(&E)…", self.export, "Ctrl+E")
        self.print_action = self._action("打印进度通报(&P)…", self.print_progress, "Ctrl+P")
        self.refresh_action = self._action("刷新(&R)", self.refresh, "F5")
        self.quit_action = self._action("退出(&X)", self.close, "Ctrl+Q")
        self.keys_action = self._action("快捷键(&K)", self.show_keys, "F1")
        self.busy_actions = (self.add_action, self.export_action, self.print_action, self.refresh_action)
        tools = QToolBar("常用")
        tools.setObjectName("desk-tools")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for action, text in (
            (self.add_action, "添加批次 Ctrl+O"),
            (self.export_action, "导出县汇总 Ctrl+E"),
            (self.print_action, "打印进度通报 Ctrl+P"),
            (self.refresh_action, "刷新 F5"),
            (self.keys_action, "快捷键 F1"),
        ):
            action.setIconText(text)
            tools.addAction(action)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, tools)
        bar = self.menuBar()
        desk = bar.addMenu("汇总(&D)")
        for item in (self.add_action, self.export_action, self.print_action, None, self.quit_action):
            desk.addSeparator() if item is None else desk.addAction(item)
        bar.addMenu("政策(&Z)").addAction(self._action("政策编辑器(&E)…", self.open_policy_editor))
        view = bar.addMenu("查看(&V)")
        view.addAction(self.refresh_action)
        sizes = view.addMenu("字号(&Z)")
        self.font_group = QActionGroup(self)
        for label in FONT_SIZES:
            act = QAction(f"字号：{label}", self, checkable=True)
            act.setChecked(label == saved_font_size())
            act.triggered.connect(lambda _=False, lab=label: self.set_font_size(lab))
            self.font_group.addAction(act)
            sizes.addAction(act)
        bar.addMenu("帮助(&B)").addAction(self.keys_action)

    # -- showing ---------------------------------------------------------------------
    def chosen_village(self) -> str | None:
        return self.village.currentText() if self.village.currentIndex() > 0 else None

    def show_status(self, status: DeskStatus) -> None:
        self.status = status
        current = self.village.currentText()
        self.village.blockSignals(True)
        self.village.clear()
        self.village.addItem(ALL_VILLAGES)
        self.village.addItems(township_presenter.villages_of(status))
        self.village.setCurrentIndex(max(0, self.village.findText(current)))
        self.village.blockSignals(False)
        self.summary.setText(township_presenter.summary_line(status))
        self.summary.setStyleSheet(
            "font-weight: bold; color: #b71c1c;" if township_presenter.needs_attention(status) else "font-weight: bold;"
        )
        self.show_tables()

    def show_tables(self) -> None:
        if self.status is None:
            return
        village = self.chosen_village()
        tables = (
            township_presenter.progress_table(self.status, village),
            township_presenter.duplicates_table(self.status, village),
            township_presenter.findings_table(self.status, village),
            township_presenter.batches_table(self.status, village),
        )
        for n, (model, table, title) in enumerate(
            zip(self.models, tables, township_presenter.tab_titles(self.status, village))
        ):
            model.set_table(table)
            self.tabs.setTabText(n, title)
        self._show_empty()

    def _show_empty(self) -> None:
        model = self.models[self.tabs.currentIndex()]
        self.empty.setText(model.table.empty if not model.table.rows else "")
        self.empty.setVisible(not model.table.rows and bool(model.table.empty))

    # -- work off the window's thread -----------------------------------------------
    def _run(self, job: Any, done: Any, first: str) -> None:
        for action in self.busy_actions:
            action.setEnabled(False)
        self.work.show()

        def finished(kind: str, value: Any) -> None:
            self.work.hide()
            for action in self.busy_actions:
                action.setEnabled(True)
            done(kind, value)

        self.work.run(job, finished, first)

    def refresh(self) -> None:
        ledger = self.ledger

        def job(progress: Progress) -> DeskStatus:
            progress.step("正在读取已收批次…")
            with own_ledger(ledger) as own:
                return desk_status(own)

        self._run(job, self._refreshed, "正在读取已收批次…")

    def _refreshed(self, kind: str, value: Any) -> None:
        if kind == "ok":
            self.show_status(value)
        elif kind == "failed":
            self.message.show_error(f"没有读出已收批次：{describe(value)}")

    def add(self, place: Path | None = None) -> None:
        if place is None:
            dialog = township_dialogs.AddBatchesDialog(self)
            if not dialog.exec() or dialog.place is None:
                return
            place = dialog.place
        ledger, operator, where = self.ledger, self.operator, place

        def job(progress: Progress) -> tuple[Any, DeskStatus]:
            with own_ledger(ledger) as own:
                arrival = add_batches(own, operator, [where], progress)
                progress.step("正在汇总各村进度…")
                return arrival, desk_status(own)

        self.message.show_hint(f"正在从 {place} 添加批次…")
        self._run(job, self._added, "正在查找批次文件…")

    def _added(self, kind: str, value: Any) -> None:
        if kind != "ok":
            self.message.show_error("没有添加：" + describe(value) if kind == "failed" else "已取消")
            self.refresh()
            return
        arrival, status = value
        self.show_status(status)
        text, attention = township_presenter.arrival_message(arrival)
        (self.message.show_error if attention or arrival.cancelled else self.message.show_ok)(text)
        if arrival.failed or arrival.conflicts:
            self.tabs.setCurrentIndex(3)
        self.statusBar().showMessage(arrival.summary(), 10000)

    def export(self, out: Path | None = None) -> None:
        if self.status is not None and not self.status.verified:
            self.message.show_error("还没有校验通过的批次，无法导出县汇总；请先添加批次（Ctrl+O）")
            return
        if out is None:
            out = ask_save_path(self, f"{self.township}县汇总.xlsx")
            if out is None:
                return
        ledger, operator, target = self.ledger, self.operator, out

        def job(progress: Progress) -> Any:
            with own_ledger(ledger) as own:
                return export_county(own, operator, target, progress)

        self.message.show_hint(f"正在导出县汇总到 {out} …")
        self._run(job, self._exported, "正在汇总…")

    def _exported(self, kind: str, value: Any) -> None:
        if kind == "ok":
            self.message.show_ok(township_presenter.export_message(value))
        elif kind == "cancelled":
            self.message.show_hint("已取消导出，没有写出任何文件")
        else:
            self.message.show_error(f"县汇总没有导出：{describe(value)}")

    def print_progress(self) -> None:
        from desktop_app.ui.township_print import print_progress

        if self.status is None or not self.status.villages:
            self.message.show_error("还没有校验通过的批次，无法打印进度通报")
            return
        said = print_progress(self, self.ledger, self.status, self.chosen_village())
        if said:
            self.message.show_ok(said)

    def show_row(self, model: TableModel, row: int, title: str) -> None:
        """Enter on a row: everything about it, in full (what the tooltips say, for the keyboard)."""
        cells = model.table.rows[row]
        lines = [f"{h}：{c.text}" for h, c in zip(model.table.headers, cells) if c.text and c.text != "—"]
        tips = list(dict.fromkeys(c.tip for c in cells if c.tip))
        QMessageBox.information(self, title, "\n".join(lines + ([""] + tips if tips else [])))

    def open_policy_editor(self) -> None:
        """The township writes its own policy file (ui.policy_editor, loaded when opened)."""
        from desktop_app.ui.policy_editor import open_policy_editor

        open_policy_editor(self, self.ledger, self.operator)

    def show_keys(self) -> None:
        KeysDialog(KEYS, self).exec()

    # -- the window ------------------------------------------------------------------
    def set_font_size(self, label: str) -> None:
        apply_font_size(label)
        for act in self.font_group.actions():
            act.setChecked(act.text().endswith(label))

    def _sync_row_heights(self) -> None:
        height = self.fontMetrics().height() + 10
        for view in self.views:
            view.verticalHeader().setDefaultSectionSize(height)
            view.verticalHeader().setMinimumSectionSize(height)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._sync_row_heights()
        super().changeEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.work.running():
            self.work.cancel()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.work.running():
            self.work.cancel()
            self.work.wait()
        prefs = preferences()
        prefs.setValue("township/geometry", self.saveGeometry())
        prefs.sync()
        super().closeEvent(event)


def ask_save_path(parent: QWidget | None, suggested: str) -> Path | None:
    """Where to write the county workbook; tests replace this function."""
    path, _ = QFileDialog.getSaveFileName(parent, "导出县汇总", suggested, "Excel 工作簿 (*.xlsx)")
    if not path:
        return None
    return Path(path) if path.lower().endswith(".xlsx") else Path(path + ".xlsx")
