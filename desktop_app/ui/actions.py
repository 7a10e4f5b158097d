"""The main window's actions, their keys and menus, and what each one opens.

The payment, print, import and void/refund dialogs are imported inside their slots, so
the window opens fast and those modules load only when used.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QMenu,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services import status as st
from desktop_app.services.backups import backup_now
from desktop_app.services.ledger import LedgerError
from desktop_app.services.status import MemberStatus
from desktop_app.ui.about_dialog import AboutDialog
from desktop_app.ui.household_dialog import HouseholdDialog
from desktop_app.ui.keys_dialog import KeysDialog
from desktop_app.ui.member_dialog import MemberDialog
from desktop_app.ui.receipt_prompt import ReceiptNumberDialog
from desktop_app.ui.register_presenters import parse_day
from desktop_app.ui.settings_dialog import SettingsDialog
from desktop_app.ui.widgets import MessageLabel

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

SHORTCUTS = (
    ("Ctrl+F", "查找：姓名、拼音首字母、身份证号后几位、户号"),
    ("↓ / Enter", "从查找框到户列表 / 到本户成员"),
    ("F2", "新建户"),
    ("Ctrl+N", "给本户添加成员"),
    ("Enter", "在成员表中：修改该成员"),
    ("F5", "给本户收费"),
    ("Ctrl+P", "打印：收据补打、收款清单、日结单、未缴名单"),
    ("Ctrl+I", "导入花名册或身份名单"),
    ("Ctrl+1 / Ctrl+2", "户籍与收费 / 参保进度"),
    ("Ctrl+= / Ctrl+-", "字号放大 / 缩小"),
    ("Esc", "关闭对话框；在主窗口中回到查找框（再按一次清空）"),
)


class Actions:
    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.keys: list[tuple[str, str]] = list(SHORTCUTS)  # the F1 list; feature parts add theirs
        self.new_household = self._act("新建户(&N)...", self.on_new_household, "F2")
        self.edit_household = self._act("修改户信息(&E)...", self.on_edit_household)
        self.add_member = self._act("添加成员(&M)...", self.on_add_member, "Ctrl+N")
        self.edit_member = self._act("修改成员(&D)...", self.on_edit_member)
        self.pay = self._act("收费(&F)...", self.on_pay, "F5")
        self.void = self._act("作废收据(&V)...", self.on_void)
        self.refund = self._act("退费(&R)...", self.on_refund)
        self.find = self._act("查找(&F)", window.focus_search, "Ctrl+F")
        self.show_register = self._act("户籍与收费(&1)", lambda: window.tabs.setCurrentIndex(0), "Ctrl+1")
        self.show_progress = self._act("参保进度(&2)", lambda: window.tabs.setCurrentIndex(1), "Ctrl+2")
        self.bigger = self._act("放大字号", lambda: window.step_font_size(1), "Ctrl+=")
        self.bigger.setShortcuts([QKeySequence("Ctrl+="), QKeySequence("Ctrl++")])
        self.smaller = self._act("缩小字号", lambda: window.step_font_size(-1), "Ctrl+-")
        self.print_receipt = self._act("收据补打(&R)...", self.on_print_receipt)
        self.print_list = self._act("收款清单(&L)...", self.on_print_list)
        self.print_day = self._act("日结单(&D)...", self.on_print_day)
        self.print_unpaid = self._act("未缴名单(&U)...", self.on_print_unpaid)
        self.import_roster = self._act("导入花名册(&R)...", lambda: self.on_import("roster"))
        self.import_identities = self._act("导入身份名单(&I)...", lambda: self.on_import("identities"))
        self.settings = self._act("设置(&S)...", self.on_settings)
        self.backup = self._act("立即备份(&B)", self.on_backup)
        self.quit = self._act("退出(&X)", window.close, "Ctrl+Q")
        self.help_keys = self._act("快捷键(&K)", self.on_help, "F1")
        self.about = self._act(
            "关于征缴通(&A)…", lambda: AboutDialog.for_ledger(self.w.ledger, self.w.acting, self.w).exec()
        )
        self.print_menu = QMenu("打印(&P)", window)
        self.print_menu.addActions([self.print_receipt, self.print_list, self.print_day, self.print_unpaid])
        self.import_menu = QMenu("导入(&I)", window)
        self.import_menu.addActions([self.import_roster, self.import_identities])
        self.print_ = self._act("打印...", lambda: window.popup(self.print_menu), "Ctrl+P")
        self.import_ = self._act("导入...", lambda: window.popup(self.import_menu), "Ctrl+I")
        self.font_menu = QMenu("字号(&Z)", window)
        for a in (self.print_, self.import_):
            window.addAction(a)

    def _act(self, text: str, slot: Callable[[], Any], key: str | None = None) -> QAction:
        action = QAction(text, self.w)
        if key:
            action.setShortcut(QKeySequence(key))
        action.triggered.connect(lambda _=False: slot())
        return action

    def menus(self) -> list[tuple[str, list[QAction | QMenu | None]]]:
        return [
            ("文件(&F)", [self.settings, self.backup, None, self.quit]),
            (
                "户籍(&H)",
                [
                    self.new_household,
                    self.edit_household,
                    None,
                    self.add_member,
                    self.edit_member,
                    None,
                    self.import_roster,
                    self.import_identities,
                ],
            ),
            ("收费(&S)", [self.pay, None, self.void, self.refund]),
            ("打印(&P)", [self.print_receipt, self.print_list, self.print_day, self.print_unpaid]),
            (
                "查看(&V)",
                [
                    self.find,
                    None,
                    self.show_register,
                    self.show_progress,
                    None,
                    self.bigger,
                    self.smaller,
                    self.font_menu,
                ],
            ),
            ("帮助(&B)", [self.help_keys, self.about]),
        ]

    # -- helpers ---------------------------------------------------------------------
    def _household(self) -> int | None:
        hid = self.w.presenter.household_id
        if hid is None:
            self.w.statusBar().showMessage("请先在左边选中一户（Ctrl+F 查找）", 6000)
        return hid

    def household_receipts(self) -> list[str]:
        """The chosen household's receipts this year, the chosen member's first, then the newest."""
        member = self.w.current_member()
        found = sorted({m.receipt_no for m in self.w.member_model.rows if m.receipt_no}, reverse=True)
        if member is not None and member.receipt_no:
            found.remove(member.receipt_no)
            found.insert(0, member.receipt_no)
        return found

    def _receipt_no(self, title: str) -> str | None:
        """A receipt number that exists (a wrong one is refused here, before anything else is asked)."""
        dialog = ReceiptNumberDialog(self.w.ledger, title, self.household_receipts(), self.w)
        return dialog.receipt_no if dialog.exec() else None

    def _said(self, message: str | None) -> None:
        if message:
            self.w.statusBar().showMessage(message, 10000)

    def today(self) -> date:
        return self.w.presenter.today()

    # -- register --------------------------------------------------------------------
    def on_new_household(self) -> None:
        """The group proposed is the one browsed, else the chosen household's (neighbours are added in a row)."""
        group = self.w.group_filter.currentText() if self.w.group_filter.currentIndex() > 0 else ""
        chosen = next((r for r in self.w.presenter.rows if r.id == self.w.presenter.household_id), None)
        if not group and chosen is not None:
            group = chosen.village_group
        dialog = HouseholdDialog(self.w.ledger, self.w.acting, None, self.w, group)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.saved_id is None:
            return
        self.w.search.blockSignals(True)
        self.w.search.setText(dialog.household_no.text().strip())
        self.w.search.blockSignals(False)
        self.w.run_search()
        self.w.after_change(dialog.saved_id)
        members = MemberDialog(self.w.ledger, self.w.acting, dialog.saved_id, None, self.w, relation="户主")
        members.exec()
        self.w.after_change(dialog.saved_id)

    def on_edit_household(self) -> None:
        hid = self._household()
        if hid is not None and HouseholdDialog(self.w.ledger, self.w.acting, hid, self.w).exec():
            self.w.after_change(hid)

    def on_add_member(self) -> None:
        hid = self._household()
        if hid is None:
            return
        dialog = MemberDialog(self.w.ledger, self.w.acting, hid, None, self.w)
        dialog.exec()
        if dialog.saved_ids:
            self.w.after_change(hid)

    def on_edit_member(self) -> None:
        hid, member = self._household(), self.w.current_member()
        if hid is None or member is None:
            return
        dialog = MemberDialog(self.w.ledger, self.w.acting, hid, member.person.id, self.w)
        if dialog.exec() or dialog.coverage_changed:  # a 参保状态 set from the dialog is saved already
            self.w.after_change(hid)

    # -- money -----------------------------------------------------------------------
    def on_pay(self) -> None:
        hid = self._household()
        if hid is None:
            return
        nothing = nothing_to_collect(self.w.member_model.rows)
        if nothing:
            self.w.info(nothing)
            return
        from desktop_app.ui.payment_dialog import PaymentDialog

        PaymentDialog(self.w.ledger, self.w.acting, hid, self.w).exec()
        self.w.after_change(hid)

    def on_void(self) -> None:
        receipt_no = self._receipt_no("作废收据")
        if receipt_no:
            from desktop_app.ui.void_refund_dialog import VoidDialog

            dialog = VoidDialog(self.w.ledger, self.w.acting, receipt_no, self.w)
            if dialog.exec() and dialog.payment is not None:
                self.w.after_change()
                self.w.info(
                    f"收据 {receipt_no} 已作废。\n这笔钱不再计入今日现金；作废记录会随下一批上报。"
                    "\n已打给缴费人的收据请收回。"
                )
                return
            self.w.after_change()

    def on_refund(self) -> None:
        receipt_no = self._receipt_no("退费")
        if receipt_no:
            from desktop_app.ui.void_refund_dialog import RefundDialog

            dialog = RefundDialog(self.w.ledger, self.w.acting, receipt_no, self.w)
            if dialog.exec() and dialog.payment is not None:
                self.w.after_change()
                self.w.info(f"收据 {receipt_no} 已办理退费，退费金额已从今日现金中扣除；退费记录会随下一批上报。")
                return
            self.w.after_change()

    # -- printing --------------------------------------------------------------------
    def _print(self, kind: str, **kw: Any) -> None:
        from desktop_app.ui.print_dialog import choose_and_print

        self._said(choose_and_print(self.w, self.w.ledger, self.w.acting, kind, **kw))

    def on_print_receipt(self) -> None:
        receipt_no = self._receipt_no("收据补打")
        if receipt_no:
            self._print("receipt", receipt_no=receipt_no, reprint=True)

    def on_print_list(self) -> None:
        dialog = DateRangeDialog(self.today(), self.w)
        if dialog.exec() and dialog.chosen is not None:
            self._print("receipt_list", date_from=dialog.chosen[0], date_to=dialog.chosen[1])

    def on_print_day(self) -> None:
        self._print("day_sheet", day=self.today())

    def on_print_unpaid(self) -> None:
        self._print("unpaid", as_of=self.today())

    # -- the rest --------------------------------------------------------------------
    def on_import(self, kind: str) -> None:
        from desktop_app.ui.import_dialog import ImportDialog  # loads the sheet readers only when asked

        ImportDialog(self.w.ledger, self.w.acting, kind, self.w).exec()
        self.w.refresh_groups()
        self.w.after_change()

    def on_settings(self) -> None:
        dialog = SettingsDialog(self.w.ledger, self.w.acting, self.w)
        if dialog.exec():
            self.w.set_acting(dialog.acting)
            self.w.refresh_groups()
            self.w.after_change()

    def on_backup(self) -> None:
        try:
            path = backup_now(self.w.ledger)
        except (LedgerError, OSError) as e:
            QMessageBox.warning(self.w, "备份没有完成", str(e))
            return
        self.w.info(f"已备份到：\n{path}")

    def on_help(self) -> None:
        KeysDialog(self.keys, self.w).exec()


SETTLED = (st.PAID, st.WAITING, st.INACTIVE, st.ELSEWHERE, st.NOT_HERE, st.SCHOOL)  # nothing 收费 could do


def nothing_to_collect(members: Sequence[MemberStatus]) -> str:
    """Why 收费 has nobody to take money from in this household, or "" when it may (someone unpaid, or someone
    who cannot join now but might under an out-of-period situation, F4 in 收费)."""
    if not members:
        return "本户还没有成员；请先按 Ctrl+N 添加成员，再收费。"
    if any(m.status not in SETTLED for m in members):
        return ""
    paid = [m for m in members if m.receipt_no]
    others = [m for m in members if not m.receipt_no]
    receipts = "、".join(sorted({m.receipt_no for m in paid if m.receipt_no}))
    parts = [f"{len(paid)} 人本年度已缴清（收据 {receipts}）"] if paid else []
    if others:
        parts.append(f"{len(others)} 人不在本村缴费（{'、'.join(sorted({m.status for m in others}))}）")
    return f"本户没有要收费的人：{'；'.join(parts)}。\n要补打收据请按 Ctrl+P → 收据补打。"


class DateRangeDialog(QDialog):
    """From and to dates for the receipt list; both default to today."""

    def __init__(self, today: date, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("收款清单 — 日期")
        self.chosen: tuple[date, date] | None = None
        self.start = QLineEdit(today.isoformat())
        self.end = QLineEdit(today.isoformat())
        self.message = MessageLabel()
        form = QFormLayout()
        form.addRow("从(&F)：", self.start)
        form.addRow("到(&T)：", self.end)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("确定")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.start.setFocus()
        self.start.selectAll()

    def check(self) -> None:
        try:
            start = parse_day(self.start.text(), "开始日期", "from")
            end = parse_day(self.end.text(), "结束日期", "to")
        except LedgerError as e:
            self.message.show_error(e.message)
            return
        if start is None or end is None or end < start:
            self.message.show_error("请填写开始和结束日期，结束不能早于开始")
            return
        self.chosen = (start, end)
        self.accept()
