"""Who is really covered, in the window's menus (issue 12): the county's paid list, 重复缴费, 参保状态.

上报: 导入县已缴名单 (Ctrl+Shift+I) — the county's or tax office's list of people paid through
any channel, checked then imported; 重复缴费 (Ctrl+Shift+D) — people paid here and
elsewhere, from whose row the refund application starts. 户籍: 参保状态 (F4) — the chosen
member's status beyond "paid here" (其他渠道已缴, 职工医保, 现役军人, 拒绝参保 …), also on
the members table's right-click menu and a button in the member dialog; 断保与补缴年数 — the
years someone new to the village was uncovered before this benefit year, for the waiting
period (国办发〔2024〕38号). Each dialog is
imported when its action is used, so the window starts fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from desktop_app.ui.features import MenuPart, action

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from desktop_app.domain.operators import Acting
    from desktop_app.services.ledger import Ledger
    from desktop_app.ui.main_window import MainWindow

KEYS = (
    ("F4", "参保状态：成员表中选中的人其他渠道已缴、职工医保、现役军人、拒绝参保（写明原因）…，或清除"),
    ("Ctrl+Shift+I", "导入县已缴名单：县医保或税务部门的已缴费人员，按证件号码登记为其他渠道已缴"),
    ("Ctrl+Shift+D", "重复缴费：本村已收费、又在其他渠道缴了的人；选中一行按 Enter 申请退费"),
    ("Alt+H, L", "断保与补缴年数：新迁入的人本年度以前断保几年、补缴几年（计算待遇等待期）"),
)


def edit_coverage(ledger: Ledger, acting: Acting, person_id: int, parent: QWidget | None) -> bool:
    """The 参保状态 dialog for one person (the member dialog's button calls this too); True when it wrote."""
    from desktop_app.ui.coverage_dialog import CoverageDialog

    dialog = CoverageDialog(ledger, acting, person_id, parent)
    dialog.exec()
    return dialog.changed


def open_coverage(window: MainWindow) -> None:
    member = window.current_member()
    if member is None:
        window.statusBar().showMessage("请先在右边的成员表中选中一人（Ctrl+F 查找，Enter 到成员表）", 6000)
        return
    if edit_coverage(window.ledger, window.acting, member.person.id, window):
        window.after_change(window.presenter.household_id)


def open_history(window: MainWindow) -> None:
    from desktop_app.ui.history_dialog import HistoryDialog

    member = window.current_member()
    if member is None:
        window.statusBar().showMessage("请先在右边的成员表中选中一人（Ctrl+F 查找，Enter 到成员表）", 6000)
        return
    dialog = HistoryDialog(window.ledger, window.acting, member.person.id, window)
    dialog.exec()
    if dialog.changed:
        window.after_change(window.presenter.household_id)


def open_county_paid(window: MainWindow) -> None:
    from desktop_app.ui.county_paid_dialog import CountyPaidDialog

    dialog = CountyPaidDialog(window.ledger, window.acting, window)
    dialog.exec()
    if dialog.report is not None:
        window.after_change()
    if dialog.wants_duplicates:
        open_duplicates(window)


def open_duplicates(window: MainWindow) -> None:
    from desktop_app.ui.duplicates_dialog import DuplicatesDialog

    dialog = DuplicatesDialog(window.ledger, window.acting, window)
    dialog.exec()
    if dialog.refunded:
        window.after_change()


def parts(window: MainWindow) -> list[MenuPart]:
    county = action(window, "导入县已缴名单(&P)…", lambda: open_county_paid(window), "Ctrl+Shift+I")
    county.setObjectName("county-paid")
    duplicates = action(window, "重复缴费(&D)…", lambda: open_duplicates(window), "Ctrl+Shift+D")
    duplicates.setObjectName("duplicates")
    status = action(window, "参保状态(&C)…", lambda: open_coverage(window), "F4")
    status.setObjectName("coverage-status")
    history = action(window, "断保与补缴年数(&L)…", lambda: open_history(window))
    history.setObjectName("history")
    window.members.addActions([status, history])  # the members table's right-click menu
    window.members.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    return [MenuPart("上报(&U)", [county, duplicates], keys=KEYS), MenuPart("户籍(&H)", [status, history])]
