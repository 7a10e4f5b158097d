"""The USB stick, the county's answer and the tools, in the window's menus (上报, 工具) and toolbar.

上报: 导出上报批次 (Ctrl+E, also on the toolbar), 以前的批次 / 补导 (Ctrl+Shift+E), 导入县回盘
(Ctrl+H), 被退回人员, and 列出待县核的户 — the households whose people the county has not
answered yet, or sent back, shown in the main list. 工具: 核验批次文件, 备份到U盘, 从备份恢复,
核对账本. Each dialog is imported when its action is used, so the window starts fast.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from desktop_app.ui.features import MenuPart, action

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

KEYS = (
    ("Ctrl+E", "导出上报批次：写到U盘"),
    ("Ctrl+Shift+E", "以前的批次：补导（U盘丢了、坏了，重新写出）"),
    ("Ctrl+H", "导入县回盘；被退回的人在“上报 → 被退回人员”中更正"),
)


def open_export(window: MainWindow) -> None:
    from desktop_app.ui.export_dialog import ExportDialog

    dialog = ExportDialog(window.ledger, window.acting, window)
    dialog.exec()
    if dialog.changed:
        window.after_change()
    if dialog.wants_batches:
        open_batches(window)


def open_batches(window: MainWindow) -> None:
    from desktop_app.ui.batches_dialog import BatchesDialog

    BatchesDialog(window.ledger, window.acting, window).exec()


def open_county_answer(window: MainWindow) -> None:
    from desktop_app.ui.county_answer_dialog import CountyAnswerDialog

    dialog = CountyAnswerDialog(window.ledger, window.acting, window)
    dialog.exec()
    if dialog.report is not None:
        window.after_change()
    if dialog.wants_rejected:
        open_rejected(window)


def open_rejected(window: MainWindow) -> None:
    from desktop_app.ui.rejected_dialog import RejectedDialog

    dialog = RejectedDialog(window.ledger, window.acting, window)
    dialog.exec()
    if dialog.corrected:
        window.after_change()


def list_waiting(window: MainWindow) -> None:
    """The households waiting on the county, in the main list (as a search's results: Esc goes back)."""
    from desktop_app.services.county_watch import waiting_households
    from desktop_app.services.household_list import household_rows

    waiting = {w.household_id: w for w in waiting_households(window.ledger, window.acting)}
    if not waiting:
        window.statusBar().showMessage("没有待县核的人：导出的批次县里都已回盘，退回的人也都已重报", 8000)
        return
    rows = household_rows(window.ledger, window.acting.benefit_year, list(waiting))
    rows = [replace(r, matched=waiting[r.id].names, why=waiting[r.id].why) for r in rows]
    window.tabs.setCurrentIndex(0)
    window.presenter.rows = rows
    window.show_households(rows, len(rows), None, True)
    window.count_label.setText(f"待县核 {len(rows)} 户")
    window.households.setFocus()


def open_verify(window: MainWindow) -> None:
    from desktop_app.ui.verify_batch_dialog import VerifyBatchDialog

    VerifyBatchDialog(window).exec()


def open_backup(window: MainWindow) -> None:
    from desktop_app.ui.backup_dialogs import BackupToStickDialog

    BackupToStickDialog(window.ledger, window.acting, window).exec()


def open_restore(window: MainWindow) -> None:
    from desktop_app.ui.backup_dialogs import RestoreDialog

    dialog = RestoreDialog(window.ledger, window.acting, window)
    dialog.exec()
    if dialog.ledger_closed:
        window.close()  # the ledger is closed: the program is started again on the restored file


def open_audit(window: MainWindow) -> None:
    from desktop_app.ui.audit_dialog import AuditDialog

    AuditDialog(window.ledger, window).exec()


def parts(window: MainWindow) -> list[MenuPart]:
    export = action(window, "导出上报批次(&E)...", lambda: open_export(window), "Ctrl+E")
    export.setToolTip("把尚未上报的记录写到U盘（Ctrl+E）")
    batches = action(window, "以前的批次 / 补导(&A)...", lambda: open_batches(window), "Ctrl+Shift+E")
    answer = action(window, "导入县回盘(&H)...", lambda: open_county_answer(window), "Ctrl+H")
    rejected = action(window, "被退回人员(&R)...", lambda: open_rejected(window))
    waiting = action(window, "列出待县核的户(&W)", lambda: list_waiting(window))
    verify = action(window, "核验批次文件(&V)...", lambda: open_verify(window))
    backup = action(window, "备份到U盘(&B)...", lambda: open_backup(window))
    restore = action(window, "从备份恢复(&R)...", lambda: open_restore(window))
    audit = action(window, "核对账本(&A)...", lambda: open_audit(window))
    return [
        MenuPart(
            "上报(&U)",
            [export, batches, None, answer, rejected, waiting],
            toolbar=[(export, "上报U盘 Ctrl+E")],
            keys=KEYS,
        ),
        MenuPart("工具(&T)", [verify, None, backup, restore, None, audit]),
    ]
