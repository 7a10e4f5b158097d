"""The collector's window: find a family, see who has paid, take the payment, print.

Left: the search box (Ctrl+F) and the household list. Right: the chosen household and
its members with this benefit year's status. A second tab shows participation against
the target. The status bar always says what today took and what is not yet exported, and
who is logged in for which benefit year (``acting``, handed on to every dialog); the title
names that year's policy. Every action has a key: F2 新建户, F5 收费, Ctrl+P 打印, Ctrl+I 导入.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QByteArray, QEvent, QModelIndex, QPoint, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.operators import Acting
from desktop_app.services.household_list import HouseholdRow
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.register import Household
from desktop_app.services.status import MemberStatus
from desktop_app.ui import actions, household_pane
from desktop_app.ui.features import feature_parts, install_bars
from desktop_app.ui.household_pane import list_pane
from desktop_app.ui.main_presenter import MainPresenter, StatusLine, household_summary
from desktop_app.ui.member_columns import MemberColumns
from desktop_app.ui.models import ROW_ROLE, MemberStatusModel
from desktop_app.ui.pane_widths import fit_panes, sync_to_font
from desktop_app.ui.progress_chart import ProgressPanel
from desktop_app.ui.quiet_layout import LabelHost, QuietLayout
from desktop_app.ui.status_bar import WrappingStatusBar
from desktop_app.ui.tables import table
from desktop_app.ui.widgets import (
    FONT_SIZES,
    BadgeDelegate,
    apply_font_size,
    preferences,
    saved_font_size,
    set_tab_order,
)

SEARCH_DELAY_MS = 150


class MainWindow(QMainWindow):
    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.presenter = MainPresenter(self, ledger, acting)
        self.setWindowTitle(f"征缴通 — {ledger.settings.village}　{ledger.policy_of(acting.year).policy.name}")
        self.search_timer = QTimer(self)
        self.search_timer.setSingleShot(True)
        self.search_timer.setInterval(SEARCH_DELAY_MS)
        self.search_timer.timeout.connect(self.run_search)
        self._fitted = False  # the splitter is shared out once, on the first show
        self.searching: bool | None = None  # how the list's columns are laid out: for a search, or browsing
        self.shown_household: int | None = None
        self.head_width = self.matched_width = 0  # the list's 户主 and 查到 widths for the font (ui.pane_widths)
        self._build()
        self._build_actions()
        self.presenter.browse(None)
        self._sync_row_heights()  # after the first page: the 户号 column is as wide as the village's numbers
        self.show_status(self.presenter.status_line(with_exports=False))
        # The export figures load the batch module (and openpyxl): after the window is up.
        QTimer.singleShot(0, self, self.presenter.refresh_status)
        geometry = preferences().value("ui/geometry")
        if isinstance(geometry, QByteArray):
            self.restoreGeometry(geometry)
        else:
            self.resize(1366, 768)
        self.search.setFocus()

    def set_acting(self, acting: Acting) -> None:
        """The same collector as changed by a dialog (a new receipt prefix in 设置): every dialog from now on
        and the status bar act as this one."""
        self.acting = self.presenter.acting = acting

    # -- building ------------------------------------------------------------------
    def _build(self) -> None:
        left = list_pane(self.presenter.groups())  # ui.household_pane
        self.list_pane, self.search, self.group_filter = left.pane, left.search, left.group_filter
        self.count_label, self.household_model, self.households = left.count_label, left.model, left.households
        self.search.textChanged.connect(lambda _: self.search_timer.start())
        self.search.moved_down.connect(self._focus_households)
        self.search.confirmed.connect(self._search_confirmed)
        self.group_filter.currentIndexChanged.connect(self._group_changed)
        self.households.selectionModel().currentRowChanged.connect(self.household_chosen)
        self.households.activated.connect(lambda _: self._focus_members())

        self.household_title = QLabel()
        self.household_title.setTextFormat(Qt.TextFormat.RichText)
        self.household_title.setWordWrap(True)
        self.edit_household_button = QPushButton("修改户信息")
        self.add_member_button = QPushButton("添加成员 (Ctrl+N)")
        self.pay_button = QPushButton("收费 (F5)")
        self.pay_button.setObjectName("primary")
        self.member_model = MemberStatusModel()
        self.members = table()
        self.members.setModel(self.member_model)
        self.members.setAccessibleName("本户成员")
        self.members.setItemDelegateForColumn(MemberStatusModel.IDENTITIES, BadgeDelegate(self.members))
        self.member_columns = MemberColumns(self.members, self.member_model)  # sized from the texts
        mh = self.members.horizontalHeader()
        # Over snug columns left and centre look alike; when 收据号 / 说明 is short of room (字号 特大)
        # the clipped heading still starts with its first character.
        mh.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        self.members.activated.connect(lambda _: self.edit_member())
        self.household_note = QLabel()
        self.household_note.setWordWrap(True)

        right = QWidget()
        right.setAutoFillBackground(True)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(4, 0, 0, 0)
        title_row = QHBoxLayout()
        self.title_host = LabelHost(self.household_title)
        title_row.addWidget(self.title_host, 1)
        for b in (self.edit_household_button, self.add_member_button, self.pay_button):
            b.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            title_row.addWidget(b)
        right_box.addLayout(title_row)
        right_box.addWidget(self.members, 1)
        self.note_host = LabelHost(self.household_note)
        right_box.addWidget(self.note_host)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left.pane)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 0)  # a wider window widens the members' table; the list keeps its width
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.installEventFilter(QuietLayout(self.splitter))

        self.progress_panel = ProgressPanel(self.presenter)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.splitter, "户籍与收费 (&1)")
        self.tabs.addTab(self.progress_panel, "参保进度 (&2)")
        self.tabs.currentChanged.connect(self._tab_changed)
        self.setCentralWidget(self.tabs)

        set_tab_order(
            self.search,
            self.group_filter,
            self.households,
            self.members,
            self.pay_button,
            self.add_member_button,
            self.edit_household_button,
        )

        # today's cash · not yet on the stick · 县核 (上报 menu) · 参保率 (every channel) · who, which year
        bar = WrappingStatusBar()  # two lines where one would cut the figures (字号 特大)
        self.setStatusBar(bar)
        self.today_label, self.unexported_label, self.county_label, self.coverage_label, self.who_label = (
            bar.add_labels(5)
        )

    def _build_actions(self) -> None:
        a = actions.Actions(self)
        self.actions_ = a
        self.edit_household_button.clicked.connect(a.edit_household.trigger)
        self.add_member_button.clicked.connect(a.add_member.trigger)
        self.pay_button.clicked.connect(a.pay.trigger)
        install_bars(self, a, [part for parts_of in feature_parts() for part in parts_of(self)])
        self.font_group = QActionGroup(self)
        for label in FONT_SIZES:
            act = QAction(f"字号：{label}", self, checkable=True)
            act.setChecked(label == saved_font_size())
            act.triggered.connect(lambda _=False, lab=label: self.set_font_size(lab))
            self.font_group.addAction(act)
            a.font_menu.addAction(act)

    # -- the view the presenter talks to -------------------------------------------
    def show_households(
        self, rows: list[HouseholdRow], total: int, fetch: Callable[[int], list[HouseholdRow]] | None, searching: bool
    ) -> None:
        household_pane.show_households(self, rows, total, fetch, searching)

    def show_household(
        self, household: Household | None, members: list[MemberStatus], highlighted: tuple[str, ...]
    ) -> None:
        if household is None or household.id != self.shown_household:  # another family: no member chosen yet
            self.shown_household = household.id if household is not None else None
            self.members.setCurrentIndex(QModelIndex())
        self.member_model.set_rows(members, self.presenter.today(), highlighted)
        self.member_columns.fit()
        has = household is not None
        for b in (self.edit_household_button, self.add_member_button, self.pay_button):
            b.setEnabled(has)
        if household is None:
            self.title_host.set_text("请在左边选一户（Ctrl+F 查找）；新建户按 F2")
            self.note_host.set_text("")
            return
        phone = f"　电话 {household.phone}" if household.phone else ""
        self.title_host.set_text(
            f"<b>户号 {household.household_no}</b>　{household.village_group}　{household.address}{phone}"
        )
        self.note_host.set_text(household_summary(members))
        row = self.household_model.row_of(household.id)
        current = self.households.currentIndex()
        if row >= 0 and (not current.isValid() or current.row() != row):
            self.households.setCurrentIndex(self.household_model.index(row, 0))
            self.households.scrollTo(self.household_model.index(row, 0), QAbstractItemView.ScrollHint.PositionAtCenter)

    def show_status(self, line: StatusLine) -> None:
        self.today_label.setText(line.today)
        self.unexported_label.setText(line.unexported)
        self.unexported_label.setStyleSheet("color: #b71c1c; font-weight: bold;" if line.unexported_warning else "")
        self.who_label.setText(line.who)
        self.county_label.setText(line.county)
        self.county_label.setVisible(bool(line.county))
        self.coverage_label.setText(line.coverage)
        self.coverage_label.setToolTip(line.coverage_tip)
        self.coverage_label.setVisible(bool(line.coverage))

    # -- behaviour -------------------------------------------------------------------
    def run_search(self) -> None:
        self.search_timer.stop()
        try:
            self.presenter.search(self.search.text())
        except LedgerError as e:
            self.statusBar().showMessage(e.message, 5000)

    def focus_search(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.search.setFocus()
        self.search.selectAll()

    def _search_confirmed(self) -> None:
        if self.search_timer.isActive():
            self.run_search()
        if self.household_model.rowCount():
            self._focus_members()

    def _focus_households(self) -> None:
        if self.search_timer.isActive():
            self.run_search()
        self.households.setFocus()

    def _focus_members(self) -> None:
        self.members.setFocus()
        if self.member_model.rowCount() and not self.members.currentIndex().isValid():
            self.members.setCurrentIndex(self.member_model.index(0, 0))

    def _group_changed(self, index: int) -> None:
        self.presenter.browse(None if index <= 0 else self.group_filter.currentText())

    def household_chosen(self, current: QModelIndex, previous: QModelIndex) -> None:
        row = current.data(ROW_ROLE) if current.isValid() else None
        if isinstance(row, HouseholdRow) and row.id != self.presenter.household_id:
            self.presenter.select(row.id)

    def _tab_changed(self, index: int) -> None:
        if self.tabs.widget(index) is self.progress_panel:
            self.progress_panel.refresh()

    def current_member(self) -> MemberStatus | None:
        index = self.members.currentIndex()
        row = index.data(ROW_ROLE) if index.isValid() else None
        return row if isinstance(row, MemberStatus) else None

    def edit_member(self) -> None:
        self.actions_.edit_member.trigger()

    def after_change(self, household_id: int | None = None) -> None:
        """Everything on screen again from the ledger, after a dialog wrote something."""
        self.presenter.refresh(household_id)
        if self.tabs.currentWidget() is self.progress_panel:
            self.progress_panel.refresh()

    def refresh_groups(self) -> None:
        household_pane.refresh_groups(self)

    def set_font_size(self, label: str) -> None:
        apply_font_size(label)
        for act in self.font_group.actions():
            act.setChecked(act.text().endswith(label))

    def step_font_size(self, step: int) -> None:
        labels = list(FONT_SIZES)
        i = labels.index(saved_font_size()) + step
        self.set_font_size(labels[max(0, min(i, len(labels) - 1))])

    def _sync_row_heights(self) -> None:
        sync_to_font(self)

    def _fit_household_list(self) -> None:
        fit_panes(self)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._sync_row_heights()
            # The tables inside take the new font after the window does: measure them again once they have.
            QTimer.singleShot(0, self, self._sync_row_heights)
            self.progress_panel.updateGeometry()
        super().changeEvent(event)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._fitted:
            self._fitted = True
            self._fit_household_list()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Esc anywhere in the window goes back to the search box."""
        if event.key() == Qt.Key.Key_Escape:
            self.focus_search()
            return
        super().keyPressEvent(event)

    def info(self, text: str) -> None:
        QMessageBox.information(self, "征缴通", text)

    def closeEvent(self, event: QCloseEvent) -> None:
        prefs = preferences()
        prefs.setValue("ui/geometry", self.saveGeometry())
        prefs.sync()
        super().closeEvent(event)

    def popup(self, menu: QMenu) -> None:
        """A menu under the search box, for Ctrl+P and Ctrl+I from the keyboard."""
        where = self.search.mapToGlobal(QPoint(0, self.search.height()))
        menu.popup(where)
        first = next((a for a in menu.actions() if a.isEnabled() and not a.isSeparator()), None)
        if first is not None:
            menu.setActiveAction(first)
