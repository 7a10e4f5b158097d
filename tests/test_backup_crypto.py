"""A backup that leaves the data folder (a stick, another folder) is encrypted, and only its password opens it.

A lost stick must not give away the villagers' ID numbers; a wrong password restores nothing; a file
changed by one byte, cut short or with its segments moved is refused; the automatic backups beside the
ledger stay plain; a large ledger is encrypted in segments, never held in memory whole.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import tracemalloc
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from desktop_app.cli import cli
from desktop_app.services import backup_crypto
from desktop_app.services.backup_crypto import BackupDamaged, WrongPassword, decrypt_file, encrypt_file, verify_file
from desktop_app.services.backup_entries import backup_entries, restore_from
from desktop_app.services.backups import backup_now, check_backup, default_backup_dir, list_backups, restore
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import set_admin_password
from tests.village import PASSWORD, family, new_ledger, pay_for

ADMIN = "guanli-2021"
SMALL = 4096  # segments of 4 KiB: a test file of a few segments exercises every boundary


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def paid_ledger(path: Path) -> tuple[Ledger, str]:
    """A ledger with one paid household; returns it and the ID number of a villager in it."""
    ledger = new_ledger(path)
    ids = family(ledger, "0001", date(1970, 1, 1), date(1972, 2, 2))
    pay_for(ledger, ids)
    number = ledger.db.execute("SELECT id_number FROM people ORDER BY id LIMIT 1").fetchone()[0]
    return ledger, str(number)


def payments_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0])
    finally:
        conn.close()


def sealed(tmp_path: Path, size: int, password: str = "mima") -> tuple[Path, Path]:
    """A file of ``size`` random bytes and its encryption, in segments of 4 KiB."""
    plain = tmp_path / f"plain-{size}.bin"
    plain.write_bytes(os.urandom(size))
    return plain, encrypt_file(plain, tmp_path / f"sealed-{size}.zjbak", password, {"village": "测试村"}, segment=SMALL)


# ---- the file format ------------------------------------------------------------------------


@pytest.mark.parametrize("size", [0, 100, SMALL, 3 * SMALL, 3 * SMALL + 1])
def test_a_file_of_any_size_comes_back_byte_for_byte_with_its_password(tmp_path: Path, size: int) -> None:
    plain, encrypted = sealed(tmp_path, size)
    assert encrypted.read_bytes().startswith(b"ZJBAK1") and not list(tmp_path.glob("*.partial"))
    decrypt_file(encrypted, tmp_path / "back.bin", "mima")
    assert (tmp_path / "back.bin").read_bytes() == plain.read_bytes()
    assert backup_crypto.read_header(encrypted).label == {"village": "测试村"}


def test_a_wrong_password_is_told_in_chinese_and_writes_nothing(tmp_path: Path) -> None:
    _, encrypted = sealed(tmp_path, 3 * SMALL)
    before = sorted(tmp_path.iterdir())
    with pytest.raises(WrongPassword, match="密码不正确"):
        decrypt_file(encrypted, tmp_path / "back.bin", "mima2")
    with pytest.raises(LedgerError, match="请输入它的密码"):
        decrypt_file(encrypted, tmp_path / "back.bin", "")
    assert sorted(tmp_path.iterdir()) == before


def test_a_file_changed_by_one_byte_anywhere_is_refused_as_damaged(tmp_path: Path) -> None:
    _, encrypted = sealed(tmp_path, 2 * SMALL + 10)
    data = encrypted.read_bytes()
    changed = tmp_path / "changed.zjbak"
    for at in [*range(0, 300, 7), *range(300, len(data), 101), len(data) - 1]:
        flipped = bytearray(data)
        flipped[at] ^= 0x01
        changed.write_bytes(bytes(flipped))
        with pytest.raises(BackupDamaged, match="备份文件已损坏或被改动"):
            decrypt_file(changed, tmp_path / "back.bin", "mima")
        assert not (tmp_path / "back.bin").exists() and not list(tmp_path.glob("*.partial")), at


def test_a_file_cut_short_lengthened_or_with_segments_swapped_is_refused(tmp_path: Path) -> None:
    _, encrypted = sealed(tmp_path, 3 * SMALL)
    data = encrypted.read_bytes()
    head = backup_crypto.read_header(encrypted).size
    segment = SMALL + 16
    first, second = data[head : head + segment], data[head + segment : head + 2 * segment]
    variants = {
        "cut at a segment's end": data[: head + 2 * segment],
        "cut inside a segment": data[:-5],
        "cut to the header": data[:head],
        "cut inside the header": data[:40],
        "one byte more": data + b"\0",
        "a segment more": data + data[head : head + segment],
        "two segments swapped": data[:head] + second + first + data[head + 2 * segment :],
    }
    for name, variant in variants.items():
        (tmp_path / "v.zjbak").write_bytes(variant)
        with pytest.raises(BackupDamaged, match="备份文件已损坏或被改动"):
            verify_file(tmp_path / "v.zjbak", "mima")
        assert name


def test_a_large_file_is_encrypted_and_decrypted_without_holding_it_in_memory(tmp_path: Path) -> None:
    plain = tmp_path / "big.bin"
    with open(plain, "wb") as f:
        for _ in range(24):
            f.write(os.urandom(1024 * 1024))
    tracemalloc.start()
    try:
        encrypted = encrypt_file(plain, tmp_path / "big.zjbak", "mima")
        decrypt_file(encrypted, tmp_path / "back.bin", "mima")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert peak < 12 * 1024 * 1024, peak  # two or so 4 MiB segments, not the 24 MiB file (let alone twice)
    assert sha256(tmp_path / "back.bin") == sha256(plain)


# ---- backups of the ledger --------------------------------------------------------------------


def test_a_backup_to_a_stick_is_encrypted_and_no_plain_copy_is_left_anywhere(tmp_path: Path) -> None:
    ledger, number = paid_ledger(tmp_path / "data" / "zhengjiao.sqlite")
    stick = tmp_path / "U盘" / "征缴通备份"
    with ledger:
        made = backup_now(ledger, stick, rotate=False, password=PASSWORD)
    assert made.name.endswith(".sqlite.zjbak") and list_backups(stick) == [made]
    data = made.read_bytes()
    assert b"SQLite format 3" not in data and number.encode() not in data and "王甲".encode() not in data
    assert sorted(p.name for p in stick.iterdir()) == [made.name]
    assert not list(default_backup_dir(tmp_path / "data" / "zhengjiao.sqlite").glob("*"))  # the copy was deleted
    [entry] = backup_entries(stick)
    assert entry.encrypted and entry.protected_by == "收款员“张会计”的密码"
    assert entry.facts.village == "测试村" and entry.facts.payments == 1 and entry.facts.last_receipt
    check_backup(made, PASSWORD)
    with pytest.raises(LedgerError, match="密码不正确"):
        check_backup(made, "mima-2020")


def test_the_automatic_backups_beside_the_ledger_stay_plain(ledger: Ledger) -> None:
    made = backup_now(ledger)
    also_plain = backup_now(ledger, default_backup_dir(ledger.path), password=PASSWORD)
    for path in (made, also_plain):
        assert path.suffix == ".sqlite" and path.read_bytes().startswith(b"SQLite format 3")


def test_a_backup_elsewhere_without_the_password_or_with_a_wrong_one_writes_nothing(
    ledger: Ledger, tmp_path: Path
) -> None:
    stick = tmp_path / "U盘"
    with pytest.raises(LedgerError, match="要加密"):
        backup_now(ledger, stick)
    with pytest.raises(LedgerError, match="密码不正确"):
        backup_now(ledger, stick, password="mima-2020")
    assert not stick.exists() and not list(default_backup_dir(ledger.path).glob("*.partial"))


def test_with_an_admin_password_set_it_protects_the_backup_and_a_collectors_does_not(
    ledger: Ledger, tmp_path: Path
) -> None:
    set_admin_password(ledger, "张会计", ADMIN)
    with pytest.raises(LedgerError, match="管理密码不正确"):
        backup_now(ledger, tmp_path / "U盘", password=PASSWORD)
    made = backup_now(ledger, tmp_path / "U盘", password=ADMIN)
    assert backup_crypto.read_header(made).protected_by == "管理密码"
    with pytest.raises(WrongPassword, match="这个备份是用管理密码加密的"):
        check_backup(made, PASSWORD)


def test_an_encrypted_backup_is_restored_with_its_password_and_a_wrong_one_changes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "data" / "zhengjiao.sqlite"
    ledger, _ = paid_ledger(path)
    stick = tmp_path / "U盘"
    with ledger:
        made = backup_now(ledger, stick, rotate=False, password=PASSWORD)
        pay_for(ledger, family(ledger, "0002", date(1980, 3, 3)))  # after the backup
    before = sha256(path)
    with pytest.raises(WrongPassword):
        restore(path, made, password="mima-2020")
    with pytest.raises(LedgerError, match="请输入它的密码"):
        restore(path, made)
    damaged = tmp_path / made.name
    flipped = bytearray(made.read_bytes())
    flipped[len(flipped) // 2] ^= 0x40
    damaged.write_bytes(bytes(flipped))
    with pytest.raises(BackupDamaged, match="备份文件已损坏或被改动"):
        restore(path, damaged, password=PASSWORD)
    assert sha256(path) == before and sorted(p.name for p in path.parent.iterdir()) == ["backups", "zhengjiao.sqlite"]
    used, moved = restore(path, made, password=PASSWORD)
    assert used == made and moved is not None and sha256(moved) == before
    assert payments_in(path) == 1 and not list(path.parent.glob("*.restoring*"))


def test_the_window_s_restore_refuses_a_wrong_password_before_it_keeps_or_closes_anything(tmp_path: Path) -> None:
    ledger, _ = paid_ledger(tmp_path / "data" / "zhengjiao.sqlite")
    made = backup_now(ledger, tmp_path / "U盘", password=PASSWORD)
    try:
        with pytest.raises(WrongPassword):
            restore_from(ledger, made, password="mima-2020")
        assert not list(default_backup_dir(ledger.path).glob("*"))  # no keep-copy made, the ledger still open
        assert ledger.db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 1
        done = restore_from(ledger, made, password=PASSWORD)
    finally:
        ledger.close()
    assert done.backup == made and done.kept.suffix == ".sqlite" and payments_in(ledger.path) == 1


# ---- the command line -------------------------------------------------------------------------


def zj(*args: Any, env: dict[str, str | None] | None = None) -> Result:
    return CliRunner(env=env).invoke(cli, [str(a) for a in args])


def test_the_command_line_encrypts_a_backup_to_a_folder_and_restores_it_with_the_password(tmp_path: Path) -> None:
    db = tmp_path / "data" / "zhengjiao.sqlite"
    paid_ledger(db)[0].close()
    stick = tmp_path / "U盘"
    no_env: dict[str, str | None] = {"ZHENGJIAO_PASSWORD": None, "ZHENGJIAO_ADMIN_PASSWORD": None}
    missing = zj("--db", db, "backup", "--to", stick, env=no_env)
    assert missing.exit_code == 2 and "要加密" in missing.stderr and "--password" in missing.stderr
    wrong = zj("--db", db, "backup", "--to", stick, "--password", "mima-2020", env=no_env)
    assert wrong.exit_code == 2 and "密码不正确" in wrong.stderr and not stick.exists()
    done = zj("--json", "--db", db, "backup", "--to", stick, env={"ZHENGJIAO_ADMIN_PASSWORD": PASSWORD})
    assert done.exit_code == 0, done.output
    out = json.loads(done.stdout)
    assert out["encrypted"] is True and Path(out["backup"]).name.endswith(".sqlite.zjbak")
    local = json.loads(zj("--json", "--db", db, "backup").stdout)
    assert local["encrypted"] is False and Path(local["backup"]).suffix == ".sqlite"

    before = sha256(db)
    refused = zj("--db", db, "restore", out["backup"], "--password", "mima-2020", env=no_env)
    assert refused.exit_code == 2 and "密码不正确" in refused.stderr and "Traceback" not in refused.output
    assert sha256(db) == before
    asked = zj("--db", db, "restore", out["backup"], env=no_env)
    assert asked.exit_code == 2 and "已加密" in asked.stderr
    restored = zj("--json", "--db", db, "restore", out["backup"], "--password", PASSWORD, env=no_env)
    assert restored.exit_code == 0, restored.output
    assert json.loads(restored.stdout)["restored_from"] == out["backup"] and payments_in(db) == 1
