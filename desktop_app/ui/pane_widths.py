"""How the main window shares its width between the household list and the members' table.

Neither is ever cut: the list keeps its columns, 户主, the count above it and, while a search
lists it, 查到 whole; the members' table gets the room its headings and longest values need
(an 18-digit ID number, this collector's receipt numbers). Where both do not fit — 字号 大 or
特大 on a 1366-pixel screen — the list drops its 小组 column (the chosen household's group is in
the heading on the right) and, searching, its 在册 column (the household's members are on the right).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from desktop_app.ui.models import HouseholdListModel

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


GROUP, REGISTERED = 2, 3  # the list's 小组 and 在册 columns, the ones dropped where room is short


def cell_width(window: MainWindow, sample: str) -> int:
    """A list column as wide as ``sample`` in the window's font, with the cell's margins."""
    metrics = window.fontMetrics()
    return metrics.horizontalAdvance(sample) + metrics.horizontalAdvance("中") // 2 + 12


def list_width(window: MainWindow, columns: list[int], matched: int) -> int:
    """The left side for these columns, 户主 and a 查到 ``matched`` wide (0: hidden), its frame and its
    always-on scroll bar; never narrower than what its layout needs, the group box beside the count
    (a fixed width for the longest count, "没有找到；新建户按 F2") included."""
    view = window.households
    chrome = view.verticalScrollBar().sizeHint().width() + 2 * view.frameWidth() + 8
    cells = sum(view.columnWidth(c) for c in columns) + window.head_width + matched + chrome
    return max(cells, window.list_pane.minimumSizeHint().width())


def fit_panes(window: MainWindow, share: bool = True) -> None:
    """The left side never squeezes 户主 to "…", nor 查到 while a search lists it (a name at least), nor the
    count above the list; it starts wide enough for the whole 查到 column when that takes at most 37 % of
    the window. The members' table on the right is not cut either: where both do not fit (字号 大 or 特大
    on a 1366-pixel screen) the list drops its 小组 column — the chosen household's group is in the heading
    on the right, and the group box above the list says which group is browsed — and, searching, its
    在册 column too (the chosen household's members are listed on the right).

    ``share``: share the splitter out anew (when shown, at a new 字号); a search starting or ending only
    widens the left side if it became too narrow, keeping where the collector put the splitter."""
    view = window.households
    total = window.splitter.width() if window.splitter.isVisible() else window.width()
    right = members_width(window) + window.splitter.handleWidth() + 4
    for column in (GROUP, REGISTERED):  # columnWidth() is 0 while hidden
        view.setColumnHidden(column, False)
    browsing = [0, GROUP, REGISTERED, 4]
    browse = list_width(window, browsing, 0)
    if browse + right > total:
        browsing.remove(GROUP)
        browse = list_width(window, browsing, 0)
    header = view.horizontalHeader()
    # 查到 at least its heading and a three-character name, with the cell's margins only (MemberColumns' 12)
    least = max(
        window.fontMetrics().horizontalAdvance("王秀英") + 12, header.sectionSizeHint(HouseholdListModel.MATCHED)
    )
    found_in = list(browsing)
    found = list_width(window, found_in, least)
    if found + right > total:
        found_in.remove(REGISTERED)
        found = list_width(window, found_in, least)
    view.setColumnHidden(GROUP, GROUP not in browsing)
    view.setColumnHidden(REGISTERED, bool(window.searching) and REGISTERED not in found_in)
    narrowest = found if window.searching else browse
    window.list_pane.setMinimumWidth(narrowest)
    if not window.splitter.isVisible():  # before that the splitter has no width to share (showEvent comes back)
        return
    if share:
        search = list_width(window, browsing, window.matched_width)
        left = search if search <= total * 0.37 and search + right <= total else max(browse, found)
        window.splitter.setSizes([left, max(total - left, 1)])
    elif window.splitter.sizes()[0] < narrowest:
        window.splitter.setSizes([narrowest, max(total - narrowest, 1)])


def sync_to_font(window: MainWindow) -> None:
    """Row heights and the list's column widths for the font in use (also after 字号 goes back down)."""
    metrics = window.fontMetrics()
    height = metrics.height() + 10
    for view in (window.households, window.members):
        # The minimum first: a default below the old (larger) minimum would be held at that minimum,
        # and after 特大 → 中 the rows stayed tall.
        view.verticalHeader().setMinimumSectionSize(height)
        view.verticalHeader().setDefaultSectionSize(height)
    number = "0" * max((len(r.household_no) for r in window.presenter.rows), default=7)  # 户号 as long as the village's
    for column, sample in enumerate((number, "", "十一组", "在册", "已缴清", "王秀英、李秀兰")):
        if sample:
            window.households.setColumnWidth(column, cell_width(window, sample))
    window.head_width = cell_width(window, "欧阳秀英")
    # A fixed size: "找到 3 户" → "找到 12 户" at a keystroke then lays out nothing (see ui.quiet_layout);
    # fit_panes keeps the left side wide enough for it
    window.count_label.setFixedSize(cell_width(window, "没有找到；新建户按 F2"), window.count_label.sizeHint().height())
    if window.searching:
        window.households.setColumnWidth(1, window.head_width)
    window.matched_width = cell_width(window, "王秀英、李秀兰")  # columnWidth() is 0 while hidden
    window.member_columns.font_changed()
    fit_panes(window)
