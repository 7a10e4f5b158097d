"""The left side of the collector's window: the search box, the group filter and the household list.

It has rules of its own, apart from the members on the right: the list has two layouts and
switches between them only when a search starts or ends, never at a keystroke. Browsing a
group, 户主 takes the spare width and the count is the village's; searching, a 查到 column
beside 户主 takes it, the count is the hits (with a hint when only the first are listed) and
the group filter is off, because a search covers the whole village. The widths themselves
are ``ui.pane_widths``; ``ui.main_window`` connects this side to the rest of the window.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QHeaderView, QLabel, QTableView, QVBoxLayout, QWidget

from desktop_app.services.household_list import HouseholdRow
from desktop_app.ui.models import HouseholdListModel
from desktop_app.ui.pane_widths import fit_panes
from desktop_app.ui.search_box import SearchBox
from desktop_app.ui.tables import table

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

ALL_GROUPS = "全部小组"


@dataclass(frozen=True)
class ListPane:
    """The left side's widgets; the window keeps each under its own name (``search``, ``households`` …)."""

    pane: QWidget
    search: SearchBox
    group_filter: QComboBox
    count_label: QLabel
    model: HouseholdListModel
    households: QTableView


def list_pane(groups: list[str]) -> ListPane:
    """The search box over the group filter (with the count beside it) over the list; no signals connected."""
    search = SearchBox()
    search.setObjectName("search")
    search.setPlaceholderText("查找 Ctrl+F：姓名 / 拼音首字母 / 身份证号 / 户号")
    search.setToolTip(
        "姓名或其中几个字（王秀）、拼音首字母（wxy）、全拼（wangxiuying）、\n"
        "身份证号的后几位或全部、户号。输入即查；↓ 到户列表，Enter 到本户成员，Esc 清空"
    )
    search.setClearButtonEnabled(True)
    group_filter = QComboBox()
    fill_groups(group_filter, groups)
    group_filter.setToolTip("按村民小组浏览；查找时查全村")
    count_label = QLabel()
    count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    model = HouseholdListModel()
    households = table()
    households.setModel(model)
    households.setAccessibleName("户列表")
    # Always there: a search's 1 to 20 households would show and hide it, laying the list out again
    households.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOn)
    header = households.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)  # measuring 30 000 rows would be slow
    header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
    header.moveSection(HouseholdListModel.MATCHED, 2)  # 查到 beside 户主 (only shown while searching)

    pane = QWidget()
    # Opaque panes: what changes at a keystroke (the lists, the labels) repaints inside its pane only,
    # not the tab page, the splitter and the window behind it (issue 11: keystroke to painted results).
    pane.setAutoFillBackground(True)
    box = QVBoxLayout(pane)
    box.setContentsMargins(0, 0, 4, 0)
    box.addWidget(search)
    filters = QHBoxLayout()
    filters.addWidget(group_filter)
    filters.addStretch(1)
    filters.addWidget(count_label)
    box.addLayout(filters)
    box.addWidget(households, 1)
    return ListPane(pane, search, group_filter, count_label, model, households)


def fill_groups(group_filter: QComboBox, groups: list[str]) -> None:
    group_filter.addItem(ALL_GROUPS)
    group_filter.addItems(groups)


def refresh_groups(window: MainWindow) -> None:
    """The village's groups again (one was added or renamed), keeping the chosen one without browsing anew."""
    current = window.group_filter.currentText()
    window.group_filter.blockSignals(True)
    window.group_filter.clear()
    fill_groups(window.group_filter, window.presenter.groups())
    window.group_filter.setCurrentText(current)
    window.group_filter.blockSignals(False)


def show_households(
    window: MainWindow,
    rows: list[HouseholdRow],
    total: int,
    fetch: Callable[[int], list[HouseholdRow]] | None,
    searching: bool,
) -> None:
    """The presenter's households in the list, its first row chosen (or nobody, when none)."""
    window.household_model.set_rows(rows, total, fetch)
    if searching != window.searching:  # at every keystroke the columns stay as they are
        window.searching = searching
        window.households.setColumnHidden(HouseholdListModel.MATCHED, not searching)
        # Searching adds 查到 (shown next to 户主): it takes the room left over, and 户主 keeps its
        # four characters; browsing, 户主 takes it.
        header = window.households.horizontalHeader()
        header.setSectionResizeMode(
            1, QHeaderView.ResizeMode.Interactive if searching else QHeaderView.ResizeMode.Stretch
        )
        header.setSectionResizeMode(
            HouseholdListModel.MATCHED,
            QHeaderView.ResizeMode.Stretch if searching else QHeaderView.ResizeMode.Interactive,
        )
        if searching:
            window.households.setColumnWidth(1, window.head_width)
        window.group_filter.setEnabled(not searching)  # a search covers the whole village
        fit_panes(window, share=False)  # 查到 whole (a name at least), 在册 dropped for it where room is short
    if searching:
        more = "+" if window.presenter.more_found else ""
        window.count_label.setText(f"找到 {len(rows)}{more} 户" if rows else "没有找到；新建户按 F2")
        window.count_label.setToolTip(
            f"只列出前 {len(rows)} 户；再多输几个字（姓名、拼音首字母、身份证号后几位）就能找得更准" if more else ""
        )
    else:
        window.count_label.setText(f"共 {total:,} 户")
    if rows:
        first = window.household_model.index(0, 0)
        window.households.setCurrentIndex(first)
        window.household_chosen(first, first)  # row 0 may have been current already, now another household
        window.households.scrollToTop()
    else:
        window.presenter.select(None)
