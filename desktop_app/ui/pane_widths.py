"""How the main window shares its width between the household list and the members' table.

Neither is ever cut: the list keeps its columns and 户主 whole, the members' table gets the
room its headings and longest values need (an 18-digit ID number, this collector's receipt
numbers). Where both do not fit — 字号 大 or 特大 on a 1366-pixel screen — the list drops its
小组 column (the chosen household's group is in the heading on the right).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow


def members_width(window: MainWindow) -> int:
    """What the members' table needs so that no column is cut: each heading, or a long value where the
    column holds one (an 18-digit ID number, a receipt number of this collector's series)."""
    metrics, header = window.members.fontMetrics(), window.members.horizontalHeader()
    receipt = f"{window.acting.operator.receipt_prefix or 'DZC'}{window.acting.benefit_year}000000"
    samples = {0: "欧阳秀英", 3: "100", 4: "11010119900307123X", 6: "全额资助", 8: "1,000.00", 9: receipt}
    cells = sum(
        max(header.sectionSizeHint(c), metrics.horizontalAdvance(samples.get(c, "")) + 12)
        for c in range(window.member_model.columnCount())
    )
    return cells + window.members.verticalScrollBar().sizeHint().width() + 2 * window.members.frameWidth() + 8


def fit_panes(window: MainWindow) -> None:
    """The left side never squeezes 户主 to "…": it is at least as wide as the list's columns,
    and starts wide enough for a search's 查到 column too when that takes at most 37 % of the
    window. The members' table on the right is never cut either: where both do not fit (字号 大 or
    特大 on a 1366-pixel screen) the list drops its 小组 column — the chosen household's group is in
    the heading on the right, and the group box above the list says which group is browsed."""
    view = window.households
    chrome = view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth() + 8
    total = window.splitter.width() if window.splitter.isVisible() else window.width()
    right = members_width(window) + window.splitter.handleWidth() + 4
    view.setColumnHidden(2, False)
    browse = sum(view.columnWidth(c) for c in (0, 2, 3, 4)) + window.head_width + chrome
    if browse + right > total:
        view.setColumnHidden(2, True)
        browse = sum(view.columnWidth(c) for c in (0, 3, 4)) + window.head_width + chrome
    search = browse + window.matched_width
    window.list_pane.setMinimumWidth(browse)
    if window.splitter.isVisible():  # before that the splitter has no width to share (showEvent comes back)
        left = search if search <= total * 0.37 and search + right <= total else browse
        window.splitter.setSizes([left, max(total - left, 1)])


def sync_to_font(window: MainWindow) -> None:
    """Row heights and the list's column widths for the font in use (also after 字号 goes back down)."""
    metrics = window.fontMetrics()
    height = metrics.height() + 10
    for view in (window.households, window.members):
        # The minimum first: a default below the old (larger) minimum would be held at that minimum,
        # and after 特大 → 中 the rows stayed tall.
        view.verticalHeader().setMinimumSectionSize(height)
        view.verticalHeader().setDefaultSectionSize(height)
    pad = metrics.horizontalAdvance("中") // 2 + 12
    number = "0" * max((len(r.household_no) for r in window.presenter.rows), default=7)  # 户号 as long as the village's
    for column, sample in enumerate((number, "", "十一组", "在册", "已缴清", "王秀英、李秀兰")):
        if sample:
            window.households.setColumnWidth(column, metrics.horizontalAdvance(sample) + pad)
    window.head_width = metrics.horizontalAdvance("欧阳秀英") + pad
    # A fixed size: "找到 3 户" → "找到 12 户" at a keystroke then lays out nothing (see ui.quiet_layout)
    window.count_label.setFixedSize(
        metrics.horizontalAdvance("没有找到；新建户按 F2") + pad, window.count_label.sizeHint().height()
    )
    if window.searching:
        window.households.setColumnWidth(1, window.head_width)
    window.matched_width = metrics.horizontalAdvance("王秀英、李秀兰") + pad  # columnWidth() is 0 while hidden
    window.member_columns.font_changed()
    fit_panes(window)
