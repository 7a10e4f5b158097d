"""The 工具 menu, driven by keys: 核验批次文件 passes a good batch and names what is wrong with a tampered
one; 备份到U盘 writes a checked, encrypted copy; 从备份恢复 lists the copies with date, size and last receipt, says
what will be replaced, asks the password, keeps the current file and closes the window; 核对账本 says in
words whether the audit chain holds and, when it does not, where it breaks."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from desktop_app.services.backup_crypto import is_encrypted
from desktop_app.services.backups import backup_now, check_backup, list_backups
from desktop_app.services.batches import BatchResult, export_batch
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import set_admin_password
from desktop_app.ui import stick_target, verify_batch_dialog
from desktop_app.ui.audit_dialog import AuditDialog
from desktop_app.ui.backup_dialogs import BackupToStickDialog, RestoreDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.verify_batch_dialog import VerifyBatchDialog
from tests.batch_village import Village, close, make_village
from tests.stick_support import files_in, offer_stick, run_by_key, wait_done
from tests.ui_support import ModalAnswer, focused, isolated_preferences, press, show_active
from tests.village import PASSWORD

__all__ = ["isolated_preferences"]


@pytest.fixture
def village(tmp_path: Path) -> Iterator[Village]:
    """山头村, collector 王芳: three households of three; the first two paid."""
    v = make_village(tmp_path / "village", households=3, members=3)
    v.pay(v.people[0:3])
    v.pay(v.people[3:6])
    yield v
    close(v)


@pytest.fixture
def window(qtbot: QtBot, village: Village) -> MainWindow:
    w = MainWindow(village.ledger, village.acting)
    show_active(qtbot, w)
    return w


def menu_action(window: MainWindow, text: str) -> QAction:
    return next(a for a in window.findChildren(QAction) if a.text() == text)


def batch_on_stick(village: Village, stick: Path) -> BatchResult:
    return export_batch(village.ledger, village.acting, stick)


def verify_by_keys(qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path) -> str:
    """工具 → 核验批次文件, 选择文件… (Space), Enter: the headline and the details."""
    monkeypatch.setattr(verify_batch_dialog, "ask_batch_file", lambda *_: path)
    said: list[str] = []

    def check(dialog: VerifyBatchDialog) -> None:
        assert focused() is dialog.browse
        press(qtbot, Qt.Key.Key_Space)
        assert focused() is dialog.verify_button
        press(qtbot, Qt.Key.Key_Return)
        wait_done(qtbot, dialog.panel)
        said.extend([dialog.message.text(), dialog.details.toPlainText()])
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(VerifyBatchDialog, check, timeout_ms=20000)
    menu_action(window, "核验批次文件(&V)...").trigger()
    answer.check()
    return "\n".join(said)


def test_a_good_batch_passes_and_a_tampered_one_says_what_is_wrong(
    qtbot: QtBot, window: MainWindow, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = batch_on_stick(village, tmp_path / "U盘")
    said = verify_by_keys(qtbot, window, monkeypatch, batch.workbook)
    assert "校验通过：山头村 王芳 第1批" in said and "共 6 行" in said and "合计" in said, said
    data = bytearray(batch.workbook.read_bytes())
    data[len(data) // 2] ^= 0x01
    batch.workbook.write_bytes(bytes(data))
    said = verify_by_keys(qtbot, window, monkeypatch, batch.workbook)
    assert "校验未通过" in said and "SHA-256 与清单不符" in said, said


def test_a_lone_workbook_without_its_manifest_is_refused_in_words(
    qtbot: QtBot, window: MainWindow, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    batch = batch_on_stick(village, tmp_path / "U盘")
    batch.manifest.unlink()
    said = verify_by_keys(qtbot, window, monkeypatch, batch.workbook)
    assert "校验未通过" in said and "清单" in said and "Traceback" not in said, said


def test_a_backup_to_the_stick_is_checked_and_says_its_size_and_last_receipt(
    qtbot: QtBot, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    offer_stick(monkeypatch, tmp_path / "U盘")
    dialog = BackupToStickDialog(village.ledger, village.acting)
    show_active(qtbot, dialog)
    assert "共 2 笔收费，最后一张收据 STZ2022000002" in dialog.current.text()
    assert focused() is dialog.target.list and dialog.target.folder() == tmp_path / "U盘" / "征缴通备份"
    press(qtbot, Qt.Key.Key_Return)  # no password yet: asked for, nothing written
    assert focused() is dialog.password and "请输入" in dialog.message.text() and dialog.panel.runs == 0
    qtbot.keyClicks(dialog.password, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    wait_done(qtbot, dialog.panel)
    [copy] = list_backups(tmp_path / "U盘" / "征缴通备份")
    check_backup(copy, PASSWORD)
    said = dialog.message.text()
    assert f"已备份并检查无误：{copy}" in said and "最后一张收据 STZ2022000002" in said and "安全删除" in said, said


def test_a_backup_to_a_folder_the_collector_picks_works_without_any_stick(
    qtbot: QtBot, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(stick_target, "find_drives", lambda: [])
    monkeypatch.setattr(stick_target, "ask_folder", lambda *_: tmp_path / "别处")
    dialog = BackupToStickDialog(village.ledger, village.acting)
    show_active(qtbot, dialog)
    assert dialog.target.folder() is None and not dialog.backup_button.isEnabled()
    assert "没有找到U盘" in dialog.target.where.text()
    press(qtbot, Qt.Key.Key_Return)  # on 选择文件夹…: the chooser, not the backup
    assert dialog.target.folder() == tmp_path / "别处" and dialog.panel.runs == 0
    qtbot.keyClicks(dialog.password, PASSWORD)
    run_by_key(qtbot, dialog.panel, Qt.Key.Key_B)
    assert len(list_backups(tmp_path / "别处")) == 1, dialog.message.text()


def test_the_backup_on_the_stick_is_encrypted_with_the_admin_password_and_the_dialog_says_whose(
    qtbot: QtBot, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = offer_stick(monkeypatch, tmp_path / "U盘").parent / "征缴通备份"
    before = BackupToStickDialog(village.ledger, village.acting)
    show_active(qtbot, before)
    assert "还没有设置管理密码" in before.lock.text() and "王芳" in before.lock.text()
    before.close()
    set_admin_password(village.ledger, village.acting, "guanli-2021")
    dialog = BackupToStickDialog(village.ledger, village.acting)
    show_active(qtbot, dialog)
    assert "管理密码加密" in dialog.lock.text()
    press(qtbot, Qt.Key.Key_Tab)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.password
    qtbot.keyClicks(dialog.password, PASSWORD)  # the collector's own: not the one that protects the file
    press(qtbot, Qt.Key.Key_Return)
    assert "管理密码不正确" in dialog.message.text() and dialog.panel.runs == 0 and not folder.exists()
    qtbot.keyClicks(dialog.password, "guanli-2021")
    press(qtbot, Qt.Key.Key_Return)
    wait_done(qtbot, dialog.panel)
    [copy] = list_backups(folder)
    assert is_encrypted(copy) and "已用管理密码加密" in dialog.message.text(), dialog.message.text()


def test_restoring_an_encrypted_copy_asks_the_password_that_opens_it(
    qtbot: QtBot, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = offer_stick(monkeypatch, tmp_path / "U盘").parent / "征缴通备份"
    copy = backup_now(village.ledger, folder, rotate=False, password=PASSWORD)
    village.pay(village.people[6:9])  # a third receipt the copy lacks
    dialog = RestoreDialog(village.ledger, village.acting)
    show_active(qtbot, dialog)
    dialog.source.setCurrentIndex(1)
    dialog.load()
    assert dialog.model.rows[0][2] == "STZ2022000002（共 2 笔）" and dialog.model.rows[0][3] == "山头村"
    assert dialog.password_label.text() == "备份的密码(&P)："
    assert "这个备份已加密" in dialog.what.text() and "王芳" in dialog.what.text(), dialog.what.text()
    dialog.view.setFocus()
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.password
    qtbot.keyClicks(dialog.password, "mima-2020")
    press(qtbot, Qt.Key.Key_Return)
    assert "密码不正确" in dialog.message.text() and dialog.restored is None and not dialog.ledger_closed
    assert village.ledger.db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 3  # still open, untouched
    qtbot.keyClicks(dialog.password, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.restored is not None and dialog.restored.backup == copy, dialog.message.text()
    with Ledger.open(village.ledger.path) as reopened:
        assert reopened.db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 2


def test_restoring_lists_the_copies_asks_the_password_keeps_the_current_file_and_closes_the_window(
    qtbot: QtBot, window: MainWindow, village: Village
) -> None:
    village.clock.tick(minutes=10)
    older = backup_now(village.ledger, rotate=False)
    village.pay(village.people[6:9])  # a third receipt the copy lacks

    def restore(dialog: RestoreDialog) -> None:
        assert focused() is dialog.view
        first = dialog.model.rows[0]
        assert first[0] == "2021-11-01 09:46:00" and first[2] == "STZ2022000002（共 2 笔）" and first[3] == "山头村"
        assert first[1].endswith("KB")
        said = dialog.what.text()
        assert "恢复后，账本回到 2021-11-01 09:46 的样子" in said and "现在的账本比它多 1 笔收费" in said, said
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.password
        qtbot.keyClicks(dialog.password, "wrong")
        press(qtbot, Qt.Key.Key_Return)
        assert "密码不正确" in dialog.message.text() and dialog.restored is None
        qtbot.keyClicks(dialog.password, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)
        assert dialog.restored is not None, dialog.message.text()
        assert "已从备份恢复" in dialog.message.text() and "请重新打开" in dialog.message.text()
        assert focused() is dialog.close_button and dialog.close_button.text() == "关闭征缴通 (Enter)"
        press(qtbot, Qt.Key.Key_Return)

    answer = ModalAnswer(RestoreDialog, restore, timeout_ms=20000)
    menu_action(window, "从备份恢复(&R)...").trigger()
    dialog = answer.check()
    assert not window.isVisible()  # closed: 征缴通 is started again on the restored file
    restored = dialog.restored  # type: ignore[attr-defined]
    with Ledger.open(village.ledger.path) as reopened:
        assert reopened.db.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 2
    kept = sqlite3.connect(restored.kept)
    try:
        assert kept.execute("SELECT MAX(receipt_no) FROM payments").fetchone()[0] == "STZ2022000003"
    finally:
        kept.close()
    assert restored.backup == older and restored.moved is not None and restored.moved.exists()


def test_a_damaged_copy_is_listed_as_unusable_and_cannot_be_chosen(
    qtbot: QtBot, village: Village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "U盘" / "征缴通备份"
    folder.mkdir(parents=True)
    (folder / "zhengjiao-backup-20211101-080000-000000.sqlite").write_bytes(b"not a database at all" * 100)
    offer_stick(monkeypatch, tmp_path / "U盘")
    dialog = RestoreDialog(village.ledger, village.acting)
    show_active(qtbot, dialog)
    dialog.source.setCurrentIndex(1)
    dialog.load()
    assert dialog.model.rows[0][0] == "2021-11-01 08:00:00" and "无法读取" in dialog.model.rows[0][2]
    assert "这个备份不能用" in dialog.what.text() and not dialog.restore_button.isEnabled()
    assert files_in(folder)  # nothing touched


def test_checking_the_ledger_says_the_chain_holds_then_where_it_was_changed(
    qtbot: QtBot, window: MainWindow, village: Village
) -> None:
    said: list[str] = []

    def check(dialog: AuditDialog) -> None:
        wait_done(qtbot, dialog.panel)
        said.append(dialog.message.text())
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(AuditDialog, check, timeout_ms=20000)
    menu_action(window, "核对账本(&A)...").trigger()
    answer.check()
    assert said[0].startswith("✓ 账本完好") and "数据库文件完好" in said[0] and "审计日志完整" in said[0], said
    conn = sqlite3.connect(village.ledger.path)
    conn.execute("DROP TRIGGER audit_log_no_update")
    seq = conn.execute("SELECT MIN(seq) FROM audit_log WHERE action = 'payment.add'").fetchone()[0]
    conn.execute("UPDATE audit_log SET at = replace(at, '2021-11-01', '2021-10-01') WHERE seq = ?", [seq])
    conn.commit()
    conn.close()
    answer = ModalAnswer(AuditDialog, check, timeout_ms=20000)
    menu_action(window, "核对账本(&A)...").trigger()
    answer.check()
    assert f"审计日志在第 {seq} 条断开" in said[1] and "从备份恢复" in said[1], said[1]
