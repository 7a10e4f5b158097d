"""Backups as the window offers them: when, how big, up to which receipt; a backup to a stick; a restore.

``services.backups`` takes and checks the copies; this module says what each one holds
in the collector's terms (the last receipt in it, so many payments), so that choosing a
copy to restore is not a guess from a date. A restore keeps the current file twice
over — first as a fresh backup beside the others, then moved aside by the restore — and
closes the open ledger, which cannot be used afterwards: the program is started again.
"""

from __future__ import annotations

import os
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop_app.services import backup_crypto
from desktop_app.services.backups import (
    ENCRYPTED,
    PREFIX,
    backup_now,
    check_backup,
    default_backup_dir,
    list_backups,
    restore,
)
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.progress import QUIET, Progress
from desktop_app.store.copy_facts import CopyFacts, facts_of_connection, facts_of_file

__all__ = [
    "BackupEntry",
    "CopyFacts",
    "Restored",
    "backup_entries",
    "backup_to",
    "current_facts",
    "is_closed",
    "local_folder",
    "restore_from",
]


@dataclass(frozen=True)
class BackupEntry:
    path: Path
    taken_at: datetime
    size: int
    facts: CopyFacts
    protected_by: str = ""  # an encrypted backup: whose password opens it ("管理密码" …); "" when plain

    @property
    def encrypted(self) -> bool:
        return bool(self.protected_by) or self.path.name.endswith(ENCRYPTED)

    @property
    def receipt_text(self) -> str:
        if self.facts.problem:
            return self.facts.problem
        return f"{self.facts.last_receipt}（共 {self.facts.payments} 笔）" if self.facts.payments else "（还没有收费）"


@dataclass(frozen=True)
class Restored:
    backup: Path
    kept: Path  # the current file as a backup, taken just before
    moved: Path | None  # the current file itself, moved aside by the restore


def local_folder(ledger: Ledger) -> Path:
    """The backups beside the ledger (taken at start and every N payments)."""
    return default_backup_dir(ledger.path)


def _taken_at(path: Path) -> datetime:
    stamp = path.name[len(PREFIX) :].removesuffix(ENCRYPTED).removesuffix(".sqlite")
    for pattern in ("%Y%m%d-%H%M%S-%f", "%Y%m%d-%H%M%S"):
        try:
            return datetime.strptime(stamp, pattern)
        except ValueError:
            continue
    return datetime.fromtimestamp(path.stat().st_mtime)


def entry_of(path: Path) -> BackupEntry:
    """An encrypted backup is described by its header (read without the password), a plain one by its tables."""
    if not backup_crypto.is_encrypted(path):
        return BackupEntry(path, _taken_at(path), path.stat().st_size, facts_of_file(path))
    try:
        label = backup_crypto.read_header(path).label
    except LedgerError as e:
        return BackupEntry(path, _taken_at(path), path.stat().st_size, CopyFacts("", 0, "", "", e.message), "密码")
    facts = CopyFacts(
        str(label.get("village", "")),
        int(label.get("payments", 0)),
        str(label.get("last_receipt", "")),
        str(label.get("last_taken_at", "")),
    )
    return BackupEntry(path, _taken_at(path), path.stat().st_size, facts, str(label.get("protected_by") or "密码"))


def backup_entries(folder: Path) -> list[BackupEntry]:
    """The backups in a folder, newest first; a file that vanished meanwhile is left out."""
    out = []
    for path in list_backups(folder):
        try:
            out.append(entry_of(path))
        except OSError:
            continue
    return out


def current_facts(ledger: Ledger) -> CopyFacts:
    return facts_of_connection(ledger.db.conn)


def backup_to(ledger: Ledger, folder: Path, progress: Progress = QUIET, *, password: str | None = None) -> BackupEntry:
    """A backup into ``folder`` (a stick's 征缴通备份), encrypted with ``password``, never rotated there;
    read back and checked after."""
    progress.step("正在备份并加密账本…", 1, 3)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        path = backup_now(ledger, folder, rotate=False, password=password)
    except OSError as e:
        from desktop_app.services.drives import describe_write_error

        try:
            for leftover in folder.glob(f"{PREFIX}*.partial"):
                leftover.unlink(missing_ok=True)
        except OSError:
            pass
        raise LedgerError(describe_write_error(e, folder), "backup") from None
    progress.step("正在读回检查备份…", 2, 3)
    check_backup(path, password)
    progress.step("完成", 3, 3)
    return entry_of(path)


def restore_from(ledger: Ledger, backup: Path, *, password: str | None = None) -> Restored:
    """Put ``backup`` in place of the ledger's file; the ledger is closed (start the program again).

    Refused before anything changes when the copy is damaged (or, encrypted, the password is wrong).
    If the copy cannot be put in place (a full disk), the current file is moved back and the ledger
    stays as it was.
    """
    check_backup(backup, password)
    kept = backup_now(ledger, rotate=False)
    path, now = ledger.path, ledger.now()
    ledger.close()
    try:
        used, moved = restore(path, backup, now, password=password)
    except OSError as e:
        aside = path.with_name(f"{path.name}.before-restore-{now.strftime('%Y%m%d-%H%M%S')}")
        if not path.exists() and aside.exists():
            os.replace(aside, path)
        raise LedgerError(
            f"恢复没有完成（{e.strerror or e}）；原来的账本仍在原处，没有改动。请重新打开征缴通", "backup"
        ) from None
    return Restored(used, kept, moved)


def is_closed(ledger: Ledger) -> bool:
    """After a restore (done or failed once under way) the ledger's connection is closed."""
    try:
        ledger.db.conn.total_changes  # noqa: B018 - raises once the connection is closed
    except sqlite3.ProgrammingError:
        return True
    return False
