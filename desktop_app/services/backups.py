"""Backups with SQLite's online backup API, rotated; and restoring one.

A backup is written to a temporary name and renamed only when complete, so a power
cut mid-backup never leaves a half file that looks like a good one. Restoring never
deletes the current file: it is moved aside first.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.store import copies
from desktop_app.store import payments as payment_store

PREFIX = "zhengjiao-backup-"


def default_backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def backup_now(ledger: Ledger, target_dir: Path | None = None, rotate: bool = True) -> Path:
    target_dir = target_dir or default_backup_dir(ledger.path)
    target_dir.mkdir(parents=True, exist_ok=True)
    clear_unfinished(target_dir, ledger.now().timestamp())
    stamp = ledger.now().strftime("%Y%m%d-%H%M%S-%f")
    final = target_dir / f"{PREFIX}{stamp}.sqlite"
    temp = final.with_suffix(".partial")
    copies.copy_to(ledger.db, temp)
    with open(temp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(temp, final)
    if rotate:
        keep = ledger.settings.backup_keep if ledger.is_initialised() else 10
        for old in list_backups(target_dir)[keep:]:
            old.unlink()
    return final


def clear_unfinished(directory: Path, now: float, min_age_seconds: int = 600) -> None:
    """Copies a power cut left half-written; only old ones, never one being written right now."""
    for leftover in [*directory.glob(f"{PREFIX}*.partial"), *directory.glob(f"{PREFIX}*.partial-journal")]:
        try:
            if now - leftover.stat().st_mtime > min_age_seconds:
                leftover.unlink()
        except OSError:
            pass


def list_backups(directory: Path) -> list[Path]:
    """Newest first."""
    if not directory.is_dir():
        return []
    return sorted(directory.glob(f"{PREFIX}*.sqlite"), reverse=True)


def maybe_backup_after_payment(ledger: Ledger) -> Path | None:
    """Every N payments (settings.backup_every), after the payment has committed."""
    every = ledger.settings.backup_every
    count = payment_store.count(ledger.db)
    if every > 0 and count % every == 0:
        return backup_now(ledger)
    return None


def check_backup(path: Path) -> None:
    if not path.is_file():
        raise LedgerError(f"找不到备份文件 {path}", "backup")
    problem = copies.problem_in(path)
    if problem:
        raise LedgerError(f"备份文件 {path} 已损坏：{problem}", "backup")


def restore(db_path: Path, backup: Path | None = None, now: datetime | None = None) -> tuple[Path, Path | None]:
    """Put a backup in place of the database; returns (backup used, where the old file went)."""
    if backup is None:
        found = list_backups(default_backup_dir(db_path))
        if not found:
            raise LedgerError(f"{default_backup_dir(db_path)} 中没有备份", "backup")
        backup = found[0]
    check_backup(backup)
    moved: Path | None = None
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    if db_path.exists():
        moved = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
        os.replace(db_path, moved)
        for suffix in ("-wal", "-shm"):
            side = db_path.with_name(db_path.name + suffix)
            if side.exists():
                os.replace(side, moved.with_name(moved.name + suffix))
    temp = db_path.with_suffix(".restoring")
    shutil.copyfile(backup, temp)
    os.replace(temp, db_path)
    return backup, moved


def backup_at_start(ledger: Ledger, max_age_hours: int = 12) -> Path | None:
    """The start-of-work backup; skipped when a recent one exists (the CLI starts often)."""
    found = list_backups(default_backup_dir(ledger.path))
    if found:
        age = ledger.now().timestamp() - found[0].stat().st_mtime
        if age < max_age_hours * 3600:
            return None
    return backup_now(ledger)
