"""备份到U盘 and 从备份恢复.

A backup to a stick is the whole ledger, copied with SQLite's backup API off the
window's thread, encrypted into the stick's 征缴通备份 folder with the admin password
(while the village has none, the collector's own — the dialog says which), then read
back and checked: a lost stick does not give away the villagers' ID numbers. A
restore lists the backups with when each was taken, its size and the last receipt in
it, says what will be replaced (and what the current file has that the copy lacks),
asks the collector's password (for an encrypted copy, the password that opens it),
keeps the current file as a backup first, then puts the
copy in place. The open ledger is closed by that: the dialog ends by closing 征缴通,
to be started again on the restored file — simpler and safer than reopening in place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from desktop_app.domain.operators import Acting
from desktop_app.services import backup_crypto
from desktop_app.services.backup_entries import (
    BackupEntry,
    CopyFacts,
    backup_entries,
    backup_to,
    current_facts,
    is_closed,
    local_folder,
    restore_from,
)
from desktop_app.services.backups import check_backup_password, password_owner
from desktop_app.services.drives import human_size
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import verify_password
from desktop_app.services.progress import Progress
from desktop_app.ui import stick_target
from desktop_app.ui.dialog_parts import (
    RowsModel,
    WorkDialog,
    button,
    button_row,
    chosen,
    close_button,
    heading,
    hint,
    size_for_font,
    table,
    top_aligned,
)
from desktop_app.ui.stick_target import TargetChooser
from desktop_app.ui.widgets import MessageLabel, set_tab_order
from desktop_app.ui.workers import WorkPanel, describe, own_ledger

HEADERS = ("备份时间", "大小", "最后一张收据", "村")
PICK = "选择文件夹…"


def facts_text(facts: CopyFacts) -> str:
    if facts.problem:
        return facts.problem
    if not facts.payments:
        return "还没有收费"
    return (
        f"共 {facts.payments} 笔收费，最后一张收据 {facts.last_receipt}（{facts.last_taken_at[:16].replace('T', ' ')}）"
    )


def ledger_size(ledger: Ledger) -> int:
    """The file with its write-ahead log (what a backup copies, roughly)."""
    size = 0
    for path in (ledger.path, ledger.path.with_name(ledger.path.name + "-wal")):
        try:
            size += path.stat().st_size
        except OSError:
            continue
    return size


def lock_text(owner: str) -> str:
    """Which password protects the file, said before it is written."""
    if owner == "管理密码":
        return "备份文件会用本村的管理密码加密：U盘丢了，别人也打不开。恢复时要输入管理密码。"
    return (
        f"本村还没有设置管理密码，备份文件用{owner}加密：U盘丢了，别人也打不开。"
        "恢复时要输入这个密码。设置管理密码以后，备份改用管理密码加密。"
    )


class BackupToStickDialog(WorkDialog):
    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.made: BackupEntry | None = None
        self.setWindowTitle("备份到U盘")
        size_for_font(self, 46, 27)
        self.current = QLabel(f"现在的账本：{facts_text(current_facts(ledger))}；约 {human_size(ledger_size(ledger))}")
        self.current.setWordWrap(True)
        self.target = TargetChooser("backup")
        self.target.changed.connect(self._enable)
        target_label = QLabel("备份到(&T)：")
        target_label.setBuddy(self.target.list)
        owner = password_owner(ledger, acting.operator)
        self.lock = hint(lock_text(owner))
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        password_label = QLabel("管理密码(&P)：" if owner == "管理密码" else f"{acting.name}的密码(&P)：")
        password_label.setBuddy(self.password)
        self.panel = WorkPanel(idle_text="尚未开始")
        self.message = MessageLabel()
        self.backup_button = button("备份 (&B)")
        self.backup_button.clicked.connect(self.start)
        self.close_button = close_button(self)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("备份到U盘"))
        layout.addWidget(
            hint(
                "把整个账本复制一份到U盘的“征缴通备份”文件夹。电脑坏了或丢了，用它恢复；"
                "第二台电脑也从它开始。U盘请另外保管，不要和电脑放在一起。"
            )
        )
        layout.addWidget(self.current)
        layout.addWidget(target_label)
        layout.addWidget(self.target)
        layout.addWidget(self.lock)
        password_row = QHBoxLayout()
        password_row.addWidget(password_label)
        password_row.addWidget(self.password, 1)
        layout.addLayout(password_row)
        layout.addWidget(self.panel)
        layout.addWidget(top_aligned(self.message), 1)
        layout.addLayout(button_row(self.backup_button, self.close_button))
        set_tab_order(
            self.target.list,
            self.target.refresh_button,
            self.password,
            self.backup_button,
            self.panel.cancel_button,
            self.close_button,
        )
        self.backup_button.setDefault(True)
        self._enable()
        self.target.list.setFocus()

    def _enable(self) -> None:
        idle = not self.panel.running()
        self.backup_button.setEnabled(idle and self.target.folder() is not None)
        self.close_button.setEnabled(idle)
        self.target.setEnabled(idle)
        self.password.setEnabled(idle)

    def start(self) -> None:
        folder, ledger, password = self.target.folder(), self.ledger, self.password.text()
        if folder is None or self.panel.running():
            return
        try:
            check_backup_password(ledger, password, self.acting.operator)  # before a byte goes onto the stick
        except LedgerError as e:
            self.message.show_error(e.message)
            self.password.selectAll()
            self.password.setFocus()
            return

        def job(progress: Progress) -> BackupEntry:
            progress.checkpoint()
            progress.no_way_back()
            with own_ledger(ledger) as own:
                return backup_to(own, folder, progress, password=password)

        self.message.show_hint("正在备份，请不要拔U盘…")
        self.panel.run(job, self._done, "正在备份账本…")
        self._enable()

    def _done(self, kind: str, value: Any) -> None:
        if kind == "ok":
            self.made = value
            locked = f"已用{value.protected_by}加密。" if value.encrypted else ""
            self.message.show_ok(
                f"已备份并检查无误：{value.path}\n大小 {human_size(value.size)}，"
                f"{facts_text(value.facts)}。{locked}\n拔出U盘前请先点“安全删除”。"
            )
        elif kind == "failed":
            self.message.show_error(f"备份没有完成：{describe(value)}")
        else:
            self.message.show_hint("已取消。")
        self._enable()
        (self.close_button if kind == "ok" else self.backup_button).setFocus()

    def reject(self) -> None:
        if not self.panel.running():
            super().reject()


class RestoreDialog(QDialog):
    """Ends with ``restored`` set (or ``ledger_closed``): the window must close then."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.restored: Any = None
        self.ledger_closed = False
        self.now = current_facts(ledger)
        self.setWindowTitle("从备份恢复")
        size_for_font(self, 58, 28)
        self.source = QComboBox()
        self.source.activated.connect(self._source_chosen)
        source_label = QLabel("备份在(&S)：")
        source_label.setBuddy(self.source)
        self.model = RowsModel(HEADERS, self)
        self.model.right = {1}
        self.view = table(self.model, "备份")
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._explain())
        list_label = QLabel("备份(&L)：")
        list_label.setBuddy(self.view)
        self.what = MessageLabel()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = MessageLabel()
        self.restore_button = button("恢复 (&R)")
        self.restore_button.clicked.connect(self.start)
        self.close_button = close_button(self)
        form = QFormLayout()
        form.addRow(source_label, self.source)
        self.password_label = password_label = QLabel(f"{acting.name}的密码(&P)：")
        password_label.setBuddy(self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("从备份恢复"))
        layout.addWidget(
            hint(
                "用以前的备份替换现在的账本（例如数据库损坏了）。恢复前，现在的账本会先另存为一份备份，"
                "不会丢。恢复后征缴通会关闭，请重新打开。"
            )
        )
        layout.addLayout(form)
        layout.addWidget(list_label)
        layout.addWidget(self.view, 1)
        now = QLabel(f"现在的账本：{facts_text(self.now)}\n（{ledger.path}）")
        now.setWordWrap(True)
        layout.addWidget(now)
        layout.addWidget(self.what)
        password_row = QHBoxLayout()
        password_row.addWidget(password_label)
        password_row.addWidget(self.password, 1)
        layout.addLayout(password_row)
        layout.addWidget(self.message)
        layout.addLayout(button_row(self.restore_button, self.close_button))
        set_tab_order(self.source, self.view, self.password, self.restore_button, self.close_button)
        self.restore_button.setDefault(True)
        self.fill_sources()
        self.view.setFocus()

    # -- where the backups are ---------------------------------------------------------
    def fill_sources(self, picked: Path | None = None) -> None:
        self.source.clear()
        self.source.addItem(f"本机（{local_folder(self.ledger)}）", str(local_folder(self.ledger)))
        for drive in stick_target.find_drives():
            self.source.addItem(f"{drive.label} → {drive.backup_folder.name}", str(drive.backup_folder))
        if picked is not None:
            self.source.addItem(f"文件夹 {picked}", str(picked))
        self.source.addItem(PICK, "")
        self.source.setCurrentIndex(self.source.count() - 2 if picked is not None else 0)
        self.load()

    def _source_chosen(self, index: int) -> None:
        if self.source.itemData(index):
            self.load()
            return
        folder = stick_target.ask_folder(self, "备份在哪个文件夹")
        self.fill_sources(folder)

    def folder(self) -> Path | None:
        value = self.source.currentData()
        return Path(value) if value else None

    def load(self) -> None:
        folder = self.folder()
        entries = backup_entries(folder) if folder is not None else []
        rows = [
            (e.taken_at.strftime("%Y-%m-%d %H:%M:%S"), human_size(e.size), e.receipt_text, e.facts.village)
            for e in entries
        ]
        self.model.set_rows(rows, entries, ["#b71c1c" if e.facts.problem else "" for e in entries])
        if entries:
            self.view.setCurrentIndex(self.model.index(0, 0))
        self._explain()

    def current(self) -> BackupEntry | None:
        found = chosen(self.view)
        return found if isinstance(found, BackupEntry) else None

    def _explain(self) -> None:
        entry = self.current()
        self.restore_button.setEnabled(entry is not None and not entry.facts.problem)
        encrypted = entry is not None and entry.encrypted
        self.password_label.setText("备份的密码(&P)：" if encrypted else f"{self.acting.name}的密码(&P)：")
        if entry is None:
            self.what.show_hint("这里没有备份；请换一个位置（上面的“备份在”）。")
            return
        if entry.facts.problem:
            self.what.show_error(f"这个备份不能用：{entry.facts.problem}")
            return
        when = entry.taken_at.strftime("%Y-%m-%d %H:%M")
        text = f"恢复后，账本回到 {when} 的样子：{facts_text(entry.facts)}。"
        if encrypted:
            text += f"\n这个备份已加密：请在下面输入{entry.protected_by}（备份时用的密码）。"
        lost = self.now.payments - entry.facts.payments
        warnings = []
        if lost > 0:
            warnings.append(
                f"现在的账本比它多 {lost} 笔收费，恢复后这些收费不在账本里（现在的账本会先另存为备份，可以找回）。"
            )
        if entry.facts.village and self.now.village and entry.facts.village != self.now.village:
            warnings.append(f"这是“{entry.facts.village}”的备份，不是本村（{self.now.village}）的！")
        if warnings:
            self.what.show_error(text + "\n" + "\n".join(warnings))
        else:
            self.what.show_ok(text)

    # -- the restore -------------------------------------------------------------------
    def start(self) -> None:
        entry = self.current()
        if entry is None or entry.facts.problem or self.restored is not None:
            return
        password = self.password.text()
        try:
            if not password:
                why = (
                    "这个备份已加密，要用它的密码解开" if entry.encrypted else "恢复会替换整个账本，须由收款员本人确认"
                )
                raise LedgerError(f"请输入密码：{why}", "password")
            if entry.encrypted:
                backup_crypto.check_password(entry.path, password)  # the password that opens the copy suffices
            else:
                verify_password(self.ledger, self.acting.operator, password)
        except LedgerError as e:
            self.message.show_error(e.message)
            self.password.selectAll()
            self.password.setFocus()
            return
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.restored = restore_from(self.ledger, entry.path, password=password if entry.encrypted else None)
        except LedgerError as e:
            self.ledger_closed = is_closed(self.ledger)
            after = "\n征缴通将关闭，请重新打开。" if self.ledger_closed else ""
            self.message.show_error(f"没有恢复：{e.message}{after}")
            if self.ledger_closed:
                self._finished_state()
            return
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.ledger_closed = True
        self.message.show_ok(
            f"已从备份恢复（{entry.taken_at.strftime('%Y-%m-%d %H:%M')}）。\n"
            f"恢复前的账本已另存为：{self.restored.kept}\n"
            "征缴通现在关闭，请重新打开并登录。"
        )
        self._finished_state()

    def _finished_state(self) -> None:
        for w in (self.source, self.view, self.password, self.restore_button):
            w.setEnabled(False)
        self.close_button.setText("关闭征缴通 (Enter)")
        self.close_button.setDefault(True)
        self.close_button.setFocus()
