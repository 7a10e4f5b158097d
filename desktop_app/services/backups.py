"""Backups with SQLite's online backup API, rotated; and restoring one.

A backup is written to a temporary name and renamed only when complete, so a power
cut mid-backup never leaves a half file that looks like a good one. Restoring never
deletes the current file: it is moved aside first.

The automatic backups beside the ledger stay plain (they live where the ledger does).
A backup anywhere else — a stick, another folder — is encrypted (``backup_crypto``) with
the village's admin password (or, while none is set, a collector's own): the copy is
made in the data folder, encrypted onto the stick and deleted, so the plaintext never
touches the stick. Restoring an encrypted backup decrypts it into the data folder and
checks it before anything is moved.
"""

from __future__ import annotations

import os
import shutil
from datetime import datetime
from pathlib import Path

from desktop_app.domain.operators import Operator
from desktop_app.services import backup_crypto
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import check_admin_password, has_admin_password, list_operators, verify_password
from desktop_app.store import copies
from desktop_app.store import payments as payment_store
from desktop_app.store.copy_facts import facts_of_file

PREFIX = "zhengjiao-backup-"
ENCRYPTED = ".sqlite.zjbak"  # an encrypted backup's name ends so; a plain one's in .sqlite


def default_backup_dir(db_path: Path) -> Path:
    return db_path.parent / "backups"


def is_local(ledger_path: Path, folder: Path) -> bool:
    """The folder beside the ledger, where backups stay plain."""
    return folder.resolve() == default_backup_dir(ledger_path).resolve()


def password_owner(ledger: Ledger, operator: Operator | None = None) -> str:
    """Whose password protects a backup written elsewhere, in words for the dialog."""
    if has_admin_password(ledger):
        return "管理密码"
    return f"收款员“{operator.name}”的密码" if operator is not None else "收款员的密码"


def check_backup_password(ledger: Ledger, password: str | None, operator: Operator | None = None) -> str:
    """Refuse unless ``password`` may protect a backup of this ledger: the admin password, or while none is
    set the collector's own (``operator``'s, or any active collector's); returns whose it is, in words.
    Checked before a byte is written, so a mistyped password never makes a copy nobody can open."""
    if not password:
        raise LedgerError(f"备份到U盘或别的文件夹时要加密：请输入{password_owner(ledger, operator)}", "password")
    if has_admin_password(ledger):
        check_admin_password(ledger, password)
        return "管理密码"
    if operator is not None:
        verify_password(ledger, operator, password)
        return password_owner(ledger, operator)
    for candidate in (o for o in list_operators(ledger) if o.active):
        try:
            verify_password(ledger, candidate, password)
        except LedgerError:
            continue
        return password_owner(ledger, candidate)
    raise LedgerError("密码不正确：本村还没有设置管理密码，请用收款员自己的密码", "password")


def backup_now(
    ledger: Ledger, target_dir: Path | None = None, rotate: bool = True, *, password: str | None = None
) -> Path:
    """A backup into ``target_dir`` (default: beside the ledger, plain); elsewhere encrypted with ``password``."""
    target_dir = target_dir or default_backup_dir(ledger.path)
    encrypt = not is_local(ledger.path, target_dir)
    protected_by = check_backup_password(ledger, password) if encrypt else ""
    target_dir.mkdir(parents=True, exist_ok=True)
    clear_unfinished(target_dir, ledger.now().timestamp())
    stamp = ledger.now().strftime("%Y%m%d-%H%M%S-%f")
    if encrypt:
        assert password is not None
        final = _encrypted_copy(ledger, target_dir / f"{PREFIX}{stamp}{ENCRYPTED}", password, protected_by)
    else:
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


def _encrypted_copy(ledger: Ledger, final: Path, password: str, protected_by: str) -> Path:
    """The online-backup copy made in the data folder, checked, encrypted into ``final``, then deleted."""
    scratch = default_backup_dir(ledger.path)
    scratch.mkdir(parents=True, exist_ok=True)
    plain = scratch / final.name.replace(ENCRYPTED, ".partial")
    try:
        copies.copy_to(ledger.db, plain)
        problem = copies.problem_in(plain)
        if problem:
            raise LedgerError(f"账本复制出来的副本有问题，没有备份：{problem}", "backup")
        facts = facts_of_file(plain)
        label: dict[str, str | int] = {
            "village": facts.village,
            "payments": facts.payments,
            "last_receipt": facts.last_receipt,
            "last_taken_at": facts.last_taken_at,
            "taken_at": ledger.now().isoformat(timespec="seconds"),
            "protected_by": protected_by,
        }
        return backup_crypto.encrypt_file(plain, final, password, label)
    finally:
        plain.unlink(missing_ok=True)


def clear_unfinished(directory: Path, now: float, min_age_seconds: int = 600) -> None:
    """Copies a power cut left half-written; only old ones, never one being written right now."""
    for leftover in [*directory.glob(f"{PREFIX}*.partial"), *directory.glob(f"{PREFIX}*.partial-journal")]:
        try:
            if now - leftover.stat().st_mtime > min_age_seconds:
                leftover.unlink()
        except OSError:
            pass


def list_backups(directory: Path) -> list[Path]:
    """Newest first, plain and encrypted."""
    if not directory.is_dir():
        return []
    return sorted([*directory.glob(f"{PREFIX}*.sqlite"), *directory.glob(f"{PREFIX}*{ENCRYPTED}")], reverse=True)


def maybe_backup_after_payment(ledger: Ledger) -> Path | None:
    """Every N payments (settings.backup_every), after the payment has committed."""
    every = ledger.settings.backup_every
    count = payment_store.count(ledger.db)
    if every > 0 and count % every == 0:
        return backup_now(ledger)
    return None


def is_encrypted(path: Path) -> bool:
    return backup_crypto.is_encrypted(path)


def check_backup(path: Path, password: str | None = None) -> None:
    """A plain backup must be a sound database; an encrypted one must open with ``password`` and be
    whole to its last byte (it was checked as a database before it was encrypted)."""
    if not path.is_file():
        raise LedgerError(f"找不到备份文件 {path}", "backup")
    if backup_crypto.is_encrypted(path):
        backup_crypto.verify_file(path, password)
        return
    problem = copies.problem_in(path)
    if problem:
        raise LedgerError(f"备份文件 {path} 已损坏：{problem}", "backup")


def _prepared(backup: Path, temp: Path, password: str | None) -> None:
    """The backup as a checked database at ``temp`` (in the data folder), before the ledger is touched."""
    if not backup_crypto.is_encrypted(backup):
        check_backup(backup)
        shutil.copyfile(backup, temp)
        return
    backup_crypto.decrypt_file(backup, temp, password)
    problem = copies.problem_in(temp)
    if problem:
        temp.unlink(missing_ok=True)
        raise LedgerError(f"备份文件 {backup} 解开后不是完好的账本：{problem}", "backup")


def restore(
    db_path: Path, backup: Path | None = None, now: datetime | None = None, *, password: str | None = None
) -> tuple[Path, Path | None]:
    """Put a backup in place of the database; returns (backup used, where the old file went).

    An encrypted backup needs its ``password``; a wrong one, or a damaged file, changes nothing."""
    if backup is None:
        found = list_backups(default_backup_dir(db_path))
        if not found:
            raise LedgerError(f"{default_backup_dir(db_path)} 中没有备份", "backup")
        backup = found[0]
    if not backup.is_file():
        raise LedgerError(f"找不到备份文件 {backup}", "backup")
    temp = db_path.with_suffix(".restoring")
    try:
        _prepared(backup, temp, password)
        moved: Path | None = None
        stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
        if db_path.exists():
            moved = db_path.with_name(f"{db_path.name}.before-restore-{stamp}")
            os.replace(db_path, moved)
            for suffix in ("-wal", "-shm"):
                side = db_path.with_name(db_path.name + suffix)
                if side.exists():
                    os.replace(side, moved.with_name(moved.name + suffix))
        os.replace(temp, db_path)
    finally:
        temp.unlink(missing_ok=True)
    return backup, moved


def backup_at_start(ledger: Ledger, max_age_hours: int = 12) -> Path | None:
    """The start-of-work backup; skipped when a recent one exists (the CLI starts often)."""
    found = list_backups(default_backup_dir(ledger.path))
    if found:
        age = ledger.now().timestamp() - found[0].stat().st_mtime
        if age < max_age_hours * 3600:
            return None
    return backup_now(ledger)
