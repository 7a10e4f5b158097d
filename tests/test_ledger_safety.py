"""The ledger file survives: safe pragmas, damaged files refused, backups and restore, the audit chain, passwords."""

from __future__ import annotations

import hashlib
import itertools
import os
import random
import sqlite3
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlite_utils import Database

from desktop_app.services.audit_log import ChainCheck, verify_chain
from desktop_app.services.backups import (
    backup_now,
    check_backup,
    default_backup_dir,
    list_backups,
    maybe_backup_after_payment,
    restore,
)
from desktop_app.services.integrity import DamagedDatabaseError
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import add_operator, login
from desktop_app.services.passwords import check_password
from desktop_app.store import audit
from desktop_app.store.transactions import immediate
from tests.village import COLLECTOR, NOW, PASSWORD, acting, counts, family, new_ledger, pay_for


def ticking() -> Callable[[], datetime]:
    """A clock that moves one second on each reading, so backups get distinct names."""
    seconds = itertools.count()
    return lambda: NOW + timedelta(seconds=next(seconds))


def filled(path: Path, households: int = 60, **housekeeping: int) -> Ledger:
    """A ledger with households, half of them paid; ``backup_every``/``backup_keep`` set when given."""
    ledger = new_ledger(path, clock=ticking())
    if housekeeping:
        with immediate(ledger.db):
            ledger.save_settings(replace(ledger.settings, **housekeeping), acting(ledger))
    with ledger.db.atomic():
        people = [
            family(ledger, f"H{i:04d}", date(1960, 1, 1) + timedelta(days=i), date(1990, 1, 1))
            for i in range(households)
        ]
    for ids in people[: households // 2]:
        pay_for(ledger, ids)
    return ledger


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def payment_count(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0])
    finally:
        conn.close()


# ---- opening -------------------------------------------------------------------------


@pytest.mark.parametrize("reopen", [False, True], ids=["created", "reopened"])
def test_the_ledger_runs_in_wal_with_synchronous_full_and_foreign_keys(tmp_path: Path, reopen: bool) -> None:
    ledger = new_ledger(tmp_path / "z.sqlite")
    if reopen:
        ledger.close()
        ledger = Ledger.open(tmp_path / "z.sqlite")
    assert ledger.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert ledger.db.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert ledger.db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError, match="FOREIGN KEY"):
        ledger.db.execute("INSERT INTO households (household_no, created_at) VALUES ('X', 'now')")
        ledger.db.execute(
            "INSERT INTO people (household_id, name, id_kind, birth_date, created_at) "
            "VALUES (9999, '无户', 'none', '2000-01-01', 'now')"
        )
    ledger.close()


def test_opening_a_missing_file_without_create_is_refused(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="db init"):
        Ledger.open(tmp_path / "nope.sqlite")
    assert not (tmp_path / "nope.sqlite").exists()


def damage_a_middle_page(path: Path) -> None:
    page = 4096
    pages = path.stat().st_size // page
    assert pages > 10, "the file should be big enough to have a middle"
    with open(path, "r+b") as f:
        f.seek(pages // 2 * page)
        f.write(random.Random(3).randbytes(page))


def damage_the_header(path: Path) -> None:
    with open(path, "r+b") as f:
        f.write(b"not a ledger any more")


@pytest.mark.parametrize("damage", [damage_a_middle_page, damage_the_header], ids=["middle", "header"])
def test_a_damaged_file_is_refused_at_open_and_nothing_is_written(
    tmp_path: Path, damage: Callable[[Path], None]
) -> None:
    path = tmp_path / "z.sqlite"
    filled(path).close()
    damage(path)
    before = sha256(path)
    with pytest.raises(DamagedDatabaseError) as caught:
        Ledger.open(path)
    assert caught.value.path == path
    assert "损坏" in str(caught.value) and "恢复" in str(caught.value)
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["z.sqlite"]


def test_restore_brings_back_the_latest_backup_and_keeps_the_damaged_file(tmp_path: Path) -> None:
    path = tmp_path / "z.sqlite"
    ledger = filled(path)
    backup_now(ledger)
    pay_for(ledger, family(ledger, "N001", date(1975, 1, 1)))
    latest = backup_now(ledger)
    paid_then = ledger.db.execute("SELECT COUNT(*) FROM payments").fetchone()[0]
    pay_for(ledger, family(ledger, "N002", date(1976, 1, 1)))  # after the last backup: lost with the file
    ledger.close()
    damage_a_middle_page(path)
    damaged = sha256(path)
    with pytest.raises(DamagedDatabaseError):
        Ledger.open(path)

    used, moved = restore(path, now=datetime(2021, 11, 2, 8, 0))
    assert used == latest
    assert moved is not None and moved.exists() and sha256(moved) == damaged
    assert moved.parent == path.parent and "before-restore" in moved.name
    reopened = Ledger.open(path)
    assert reopened.db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == paid_then
    assert verify_chain(reopened).ok
    reopened.close()
    assert latest.exists()  # the backup itself is copied, not consumed


def test_restore_without_any_backup_is_refused_and_moves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "z.sqlite"
    new_ledger(path).close()
    before = sha256(path)
    with pytest.raises(LedgerError, match="没有备份"):
        restore(path)
    assert sha256(path) == before


def test_a_damaged_backup_is_not_restored(tmp_path: Path) -> None:
    path = tmp_path / "z.sqlite"
    ledger = filled(path)
    bad = backup_now(ledger)
    ledger.close()
    damage_a_middle_page(bad)
    before = sha256(path)
    with pytest.raises(LedgerError, match="备份"):
        restore(path, bad)
    assert sha256(path) == before


# ---- backups -------------------------------------------------------------------------


def test_backups_rotate_keeping_the_newest_n(tmp_path: Path) -> None:
    ledger = filled(tmp_path / "z.sqlite", households=4, backup_keep=3)
    made = [backup_now(ledger) for _ in range(5)]
    assert list_backups(default_backup_dir(ledger.path)) == made[:1:-1]
    for kept in made[2:]:
        check_backup(kept)
    ledger.close()


def test_a_backup_is_a_complete_database_in_delete_journal_mode(tmp_path: Path) -> None:
    ledger = filled(tmp_path / "z.sqlite")
    path = backup_now(ledger)
    assert path.suffix == ".sqlite" and not list(path.parent.glob("*.partial"))
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert audit.verify(Database(conn)).head == audit.head(ledger.db)[1]
    conn.close()
    ledger.close()


def test_a_backup_is_made_after_every_nth_payment(tmp_path: Path) -> None:
    ledger = filled(tmp_path / "z.sqlite", households=8, backup_every=3)  # 4 payments already
    folder = default_backup_dir(ledger.path)
    made = []
    for i in range(5):
        pay_for(ledger, family(ledger, f"N{i}", date(1970, 1, 1 + i)))
        made.append(maybe_backup_after_payment(ledger) is not None)
    assert made == [False, True, False, False, True]  # after the 6th and the 9th payment
    assert [payment_count(p) for p in list_backups(folder)] == [9, 6]
    ledger.close()


def test_no_backup_every_n_payments_when_it_is_set_to_zero(tmp_path: Path) -> None:
    ledger = filled(tmp_path / "z.sqlite", households=4, backup_every=0)
    assert maybe_backup_after_payment(ledger) is None
    ledger.close()


def test_a_backup_clears_the_unfinished_copies_a_power_cut_left(tmp_path: Path) -> None:
    """A kill inside a backup leaves ``.partial`` and ``.partial-journal`` files (see test_crash):
    a database-sized orphan per power cut, that rotation never counts, so the folder grows forever."""
    ledger = filled(tmp_path / "z.sqlite", households=4)
    folder = default_backup_dir(ledger.path)
    folder.mkdir()
    stale = [folder / f"zhengjiao-backup-20211031-080000-000000{suffix}" for suffix in (".partial", ".partial-journal")]
    day_before = (NOW - timedelta(days=1)).timestamp()
    for path in stale:
        path.write_bytes(b"\0" * 8192)
        os.utime(path, (day_before, day_before))
    made = backup_now(ledger)
    assert sorted(folder.iterdir()) == [made]
    ledger.close()


def test_a_backup_elsewhere_does_not_rotate_that_folder(tmp_path: Path) -> None:
    ledger = filled(tmp_path / "z.sqlite", households=4, backup_keep=2)
    stick = tmp_path / "U盘"
    made = [backup_now(ledger, stick, rotate=False, password=PASSWORD) for _ in range(4)]  # encrypted there
    assert sorted(stick.iterdir()) == sorted(made)
    ledger.close()


# ---- audit chain ---------------------------------------------------------------------


def tamper(path: Path, *statements: str) -> None:
    """What someone with a raw sqlite3 shell could do: drop the guard, then change the log."""
    conn = sqlite3.connect(path)
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    conn.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


@pytest.fixture()
def chained(tmp_path: Path) -> Path:
    path = tmp_path / "z.sqlite"
    ledger = filled(path, households=6)
    check = verify_chain(ledger)
    assert check.ok and check.entries > 10 and check.broken_at is None
    ledger.close()
    return path


def verify(path: Path) -> ChainCheck:
    with Ledger.open(path) as ledger:
        return verify_chain(ledger)


def test_an_altered_payload_is_named_as_the_first_broken_entry(chained: Path) -> None:
    tamper(
        chained,
        "UPDATE audit_log SET payload = replace(payload, '36000', '3600') "
        "WHERE seq = (SELECT MIN(seq) FROM audit_log WHERE action = 'payment.add')",
    )
    conn = sqlite3.connect(chained)
    seq = conn.execute("SELECT MIN(seq) FROM audit_log WHERE action = 'payment.add'").fetchone()[0]
    conn.close()
    check = verify(chained)
    assert not check.ok and check.broken_at == seq
    assert check.problem is not None and f"第 {seq} 条" in check.problem and "改动" in check.problem
    assert check.entries == seq - 1


def test_an_altered_entry_with_a_recomputed_hash_breaks_the_next_link(chained: Path) -> None:
    conn = sqlite3.connect(chained)
    seq, at, op, action, payload, prev, year = conn.execute(
        "SELECT seq, at, operator, action, payload, prev_hash, benefit_year FROM audit_log "
        "WHERE seq = (SELECT MIN(seq) FROM audit_log WHERE action = 'person.add')"
    ).fetchone()
    conn.close()
    forged = payload.replace("王", "赵")
    assert forged != payload
    digest = audit.entry_hash(prev, seq, at, op, action, forged, year)
    tamper(chained, f"UPDATE audit_log SET payload = '{forged}', hash = '{digest}' WHERE seq = {seq}")
    check = verify(chained)
    assert (check.ok, check.broken_at) == (False, seq + 1)
    assert check.problem is not None and "前一哈希" in check.problem


def test_a_removed_entry_is_named(chained: Path) -> None:
    tamper(chained, "DELETE FROM audit_log WHERE seq = 7")
    check = verify(chained)
    assert (check.ok, check.broken_at) == (False, 7)
    assert check.problem is not None and "缺少第 7 条" in check.problem


def test_removing_the_last_entry_changes_the_chain_head(chained: Path) -> None:
    head = verify(chained).head
    tamper(chained, "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)")
    check = verify(chained)
    assert check.ok and check.head != head  # caught by comparing with the head a batch carried


def test_every_change_appends_one_entry(tmp_path: Path) -> None:
    ledger = new_ledger(tmp_path / "z.sqlite")
    actions = [r[0] for r in ledger.db.execute("SELECT action FROM audit_log ORDER BY seq")]
    assert actions == ["operator.add", "year.open", "settings.save"]
    before = counts(ledger)["audit_log"]
    pay_for(ledger, family(ledger, "H001", date(1980, 1, 1), date(1981, 1, 1)))
    actions = [r[0] for r in ledger.db.execute("SELECT action FROM audit_log WHERE seq > ? ORDER BY seq", [before])]
    assert actions == ["household.add", "person.add", "person.add", "payment.add"]
    ledger.close()


# ---- passwords -----------------------------------------------------------------------


def test_passwords_are_stored_as_salted_scrypt_hashes_never_in_clear(tmp_path: Path) -> None:
    path = tmp_path / "z.sqlite"
    ledger = new_ledger(path)
    with ledger.db.atomic():
        add_operator(ledger, "李会计", PASSWORD, "LK")
    hashes = [r[0] for r in ledger.db.execute("SELECT password_hash FROM operators ORDER BY id")]
    ledger.close()
    assert len(hashes) == 2 and hashes[0] != hashes[1]  # same password, different salt
    for stored in hashes:
        assert stored.startswith("scrypt$") and PASSWORD not in stored
        assert check_password(PASSWORD, stored) and not check_password(PASSWORD + "x", stored)
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir() if p.is_file())
    assert PASSWORD.encode() not in raw


def test_login_takes_the_right_password_and_refuses_a_wrong_or_missing_one(ledger: Ledger) -> None:
    assert login(ledger, COLLECTOR, PASSWORD).name == COLLECTOR
    for wrong in ("", None, "mima-2020", PASSWORD.upper()):
        with pytest.raises(LedgerError, match="密码") as caught:
            login(ledger, COLLECTOR, wrong)
        assert caught.value.field == "password"
    with pytest.raises(LedgerError, match="密码"):
        login(ledger, "不存在的人", PASSWORD)


def test_an_operator_needs_a_name_and_a_password_of_four_characters(ledger: Ledger) -> None:
    with pytest.raises(LedgerError) as caught:
        with ledger.db.atomic():
            add_operator(ledger, "李会计", "123", "LK")
    assert caught.value.field == "password"
    with pytest.raises(LedgerError) as caught:
        with ledger.db.atomic():
            add_operator(ledger, COLLECTOR, "12345", "LK")
    assert caught.value.field == "collector"
