"""Benefit years in the window: 文件 → 新年度… (the admin), 查看 → 工作年度 (which year the window works in).

The window works in one benefit year at a time (the status bar says 'YYYY年度'; the title
names its policy). 新年度 opens the next year (ui.year_dialog) and the window moves to it;
工作年度 lists the open years and moves the window back to an earlier one (to reprint or
correct its records) or forward again: the acting collector stays, the year changes, and
every list, figure and dialog from then on is of that year.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QActionGroup
from PySide6.QtWidgets import QMenu

from desktop_app.domain.errors import Refusal
from desktop_app.services.operators import acting_as
from desktop_app.services.policies import PolicyFileError, UnknownPolicyError
from desktop_app.ui.features import MenuPart, action

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

KEYS = (("Alt+F, N", "新年度（管理员）：开启下一个缴费年度"), ("Alt+V, Y", "工作年度：换到另一个已开启的年度"))


def _policy_name(window: MainWindow) -> str:
    try:
        return window.ledger.policy_of(window.acting.year).policy.name
    except (UnknownPolicyError, PolicyFileError):
        return ""


def switch_year(window: MainWindow, year: int) -> None:
    """The window works in ``year`` from now on: the same collector, that year's lists and policy."""
    if year == window.acting.benefit_year:
        return
    try:
        acting = acting_as(window.ledger, window.acting.operator, year)
    except Refusal as e:
        window.statusBar().showMessage(e.message, 8000)
        return
    old_name = _policy_name(window)
    window.acting = acting
    window.presenter.acting = acting
    new_name = _policy_name(window)
    if old_name and new_name:
        window.setWindowTitle(window.windowTitle().replace(old_name, new_name))
    window.after_change()
    latest = window.ledger.year().year
    later = "" if year == latest else f"（最新的是{latest}年度；收费请回到{latest}年度）"
    window.statusBar().showMessage(f"现在在{year}年度工作{later}", 10000)


def open_new_year(window: MainWindow) -> None:
    from desktop_app.ui.year_dialog import NewYearDialog

    dialog = NewYearDialog(window.ledger, window.acting, window)
    if dialog.exec() and dialog.opened is not None:
        switch_year(window, dialog.opened.year)
        window.info(
            f"已开启{dialog.opened.year}年度（{_policy_name(window)}）。户、人员与身份已带入，"
            "以前年度的缴费保留为历史；收据号从000001重新编号。"
        )


def _fill_years(window: MainWindow, menu: QMenu) -> None:
    menu.clear()
    group = QActionGroup(menu)
    for y in window.ledger.years():
        made = action(window, f"{y.year}年度(&{str(y.year)[-1]})", partial(switch_year, window, y.year))
        made.setCheckable(True)
        made.setChecked(y.year == window.acting.benefit_year)
        group.addAction(made)
        menu.addAction(made)


def parts(window: MainWindow) -> list[MenuPart]:
    new_year = action(window, "新年度(&N)…", lambda: open_new_year(window))
    new_year.setToolTip("开启下一个缴费年度（需要管理密码）")
    years = QMenu("工作年度(&Y)", window)
    years.aboutToShow.connect(lambda: _fill_years(window, years))
    _fill_years(window, years)
    return [MenuPart("文件(&F)", [new_year], keys=KEYS), MenuPart("查看(&V)", [years])]
