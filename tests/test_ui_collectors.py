"""Several collectors: the admin password, 收款员管理 (add, disable, enable, reset a password) by keyboard,
each collector's own receipt prefix (also when 设置 changes it), login, and a second laptop joining."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QLineEdit
from pytestqt.qtbot import QtBot

from desktop_app.domain.operators import Acting
from desktop_app.services.backups import backup_now
from desktop_app.services.batches import export_batch
from desktop_app.services.county import merge_batches
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import (
    add_collector,
    change_receipt_prefix,
    check_admin_password,
    collector_rows,
    find_operator,
    has_admin_password,
    login,
    proposed_prefix,
    reset_password,
    set_active,
    set_admin_password,
)
from desktop_app.services.settings import update_settings
from desktop_app.ui.collectors_dialog import AddCollectorDialog, AdminGate, CollectorsDialog, ResetPasswordDialog
from desktop_app.ui.login_dialog import LoginDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.settings_dialog import SettingsDialog
from desktop_app.ui.void_refund_presenter import ActionRefused, VoidPresenter
from desktop_app.ui.wizard import SetupWizard
from tests.ui_support import (
    ModalAnswer,
    back_to,
    focused,
    isolated_preferences,
    press,
    press_in_menu,
    show_active,
    type_chinese,
)
from tests.village import PASSWORD, Clock, acting, family, pay_for

__all__ = ["isolated_preferences"]

ADMIN = "guanli-2021"


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting]:
    """新立村 with its admin password; 李会计 (prefix XL) acts in 2022."""
    op = acting(xinli, "李会计")
    set_admin_password(xinli, op, ADMIN)
    return xinli, op


def alt(qtbot: QtBot, key: Qt.Key, answer: ModalAnswer | None = None) -> None:
    """Alt+letter on a button: it clicks after its short press animation; a dialog it opens is answered."""
    qtbot.keyClick(focused(), key, Qt.KeyboardModifier.AltModifier)
    if answer is None:
        qtbot.wait(250)
        return
    qtbot.waitUntil(lambda: bool(answer.seen) or answer.error is not None, timeout=3000)
    answer.check()


def actions(ledger: Ledger) -> list[str]:
    return [r[0] for r in ledger.db.execute("SELECT action FROM audit_log ORDER BY seq")]


def test_the_admin_password_is_kept_as_a_hash_checked_and_changed_with_an_audit_entry(
    village: tuple[Ledger, Acting],
) -> None:
    ledger, op = village
    assert has_admin_password(ledger)
    check_admin_password(ledger, ADMIN)
    with pytest.raises(LedgerError) as wrong:
        check_admin_password(ledger, PASSWORD)  # the collector's own password is not the admin's
    assert wrong.value.field == "admin_password" and "不正确" in wrong.value.message
    assert ADMIN not in str(ledger.db.execute("SELECT * FROM settings").fetchall())
    assert ADMIN not in str(ledger.db.execute("SELECT payload FROM audit_log").fetchall())
    set_admin_password(ledger, op, "xin-guanli")
    check_admin_password(ledger, "xin-guanli")
    assert actions(ledger).count("admin.password") == 2
    with pytest.raises(LedgerError):
        set_admin_password(ledger, op, "123")  # too short


def test_a_collector_is_added_disabled_enabled_and_given_a_new_password_each_in_the_audit_log(
    village: tuple[Ledger, Acting],
) -> None:
    ledger, op = village
    assert proposed_prefix(ledger, "王组长") == "XLCWZZ"  # 新立村 + 王组长
    wang = add_collector(ledger, op, "王组长", "wang-1234", proposed_prefix(ledger, "王组长"))
    assert (wang.receipt_prefix, wang.active) == ("XLCWZZ", True)
    assert proposed_prefix(ledger, "王组长") == "XLCWZZ2"  # taken: the next proposal differs
    paid = pay_for(ledger, family(ledger, "0101", date(1980, 1, 1), who=op), who=acting(ledger, "王组长"))
    assert paid.receipt_no == "XLCWZZ2022000001"
    set_active(ledger, op, wang.id, False)
    with pytest.raises(LedgerError) as refused:
        login(ledger, "王组长", "wang-1234")
    assert "已停用" in refused.value.message
    rows = {r.operator.name: r for r in collector_rows(ledger, 2022)}
    assert (rows["王组长"].state, rows["王组长"].receipts) == ("已停用", 1)
    assert (
        ledger.db.execute(
            "SELECT o.name FROM payments p JOIN operators o ON o.id = p.operator_id WHERE p.receipt_no = ?",
            [paid.receipt_no],
        ).fetchone()[0]
        == "王组长"
    )
    set_active(ledger, op, wang.id, True)
    reset_password(ledger, op, wang.id, "wang-5678")
    with pytest.raises(LedgerError):
        login(ledger, "王组长", "wang-1234")
    assert login(ledger, "王组长", "wang-5678").name == "王组长"
    assert [a for a in actions(ledger) if a.startswith("operator.")] == [
        "operator.add",
        "operator.add",
        "operator.disable",
        "operator.enable",
        "operator.password",
    ]
    assert "wang-5678" not in str(ledger.db.execute("SELECT payload FROM audit_log").fetchall())


def test_the_logged_in_collector_and_the_last_one_who_can_log_in_cannot_be_disabled(
    village: tuple[Ledger, Acting],
) -> None:
    ledger, op = village
    with pytest.raises(LedgerError) as myself:
        set_active(ledger, op, op.operator.id, False)
    assert "自己" in myself.value.message
    wang = add_collector(ledger, op, "王组长", "wang-1234", "WZZ")
    as_wang = acting(ledger, "王组长")
    set_active(ledger, as_wang, op.operator.id, False)  # 王组长 disables 李会计: 王组长 is left
    with pytest.raises(LedgerError) as last:
        set_active(ledger, op, wang.id, False)
    assert "最后一位" in last.value.message
    with pytest.raises(LedgerError) as clash:
        add_collector(ledger, as_wang, "赵组长", "zhao-1234", "wzz")
    assert clash.value.field == "receipt_prefix" and "王组长" in clash.value.message


def test_settings_change_the_acting_collectors_own_prefix_and_the_window_acts_with_it(
    qtbot: QtBot, village: tuple[Ledger, Acting]
) -> None:
    ledger, op = village
    add_collector(ledger, op, "王组长", "wang-1234", "WZZ")
    wang = acting(ledger, "王组长")
    window = MainWindow(ledger, wang)
    show_active(qtbot, window)

    def change(dialog: SettingsDialog) -> None:
        assert dialog.prefix.text() == "WZZ"  # the collector's own, not the village's first (XL)
        dialog.prefix.selectAll()
        qtbot.keyClicks(dialog.prefix, "wz")
        press(qtbot, Qt.Key.Key_Return)

    answer = ModalAnswer(SettingsDialog, change)
    window.actions_.settings.trigger()
    answer.check()
    assert find_operator(ledger, "王组长").receipt_prefix == "WZ"
    assert window.acting.operator.receipt_prefix == "WZ" and window.presenter.acting is window.acting
    assert find_operator(ledger, "李会计").receipt_prefix == "XL" and ledger.settings.receipt_prefix == "XL"
    paid = pay_for(ledger, family(ledger, "0102", date(1980, 1, 1), who=op), who=window.acting)
    assert paid.receipt_no == "WZ2022000001"
    with pytest.raises(LedgerError) as issued:  # a series already begun keeps its prefix this year
        update_settings(
            ledger, window.acting, village_groups=("一组", "二组"), participation_target="", receipt_prefix="WZX"
        )
    assert issued.value.field == "receipt_prefix" and "1 张" in issued.value.message
    with pytest.raises(LedgerError):
        change_receipt_prefix(ledger, window.acting, "XL")  # 李会计's


def test_collector_management_from_the_tools_menu_asks_the_admin_password_then_adds_by_keyboard(
    qtbot: QtBot, village: tuple[Ledger, Acting]
) -> None:
    ledger, op = village
    window = MainWindow(ledger, op)
    show_active(qtbot, window)

    def gate(dialog: AdminGate) -> None:
        assert focused() is dialog.admin
        qtbot.keyClicks(dialog.admin, "wrong")
        press(qtbot, Qt.Key.Key_Return)
        assert dialog.isVisible() and "管理密码不正确" in dialog.message.text() and dialog.admin.text() == ""
        qtbot.keyClicks(dialog.admin, ADMIN)
        press(qtbot, Qt.Key.Key_Return)

    def add(dialog: AddCollectorDialog) -> None:
        assert focused() is dialog.name
        type_chinese(dialog.name, "王组长")
        assert dialog.prefix.text() == "XLCWZZ"  # proposed from the village's and the name's initials
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), "wang-1234")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), "wang-1234")
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is dialog.prefix
        dialog.prefix.selectAll()
        qtbot.keyClicks(dialog.prefix, "wzz")
        press(qtbot, Qt.Key.Key_Return)

    def manage(dialog: CollectorsDialog) -> None:
        assert [r.operator.name for r in dialog.rows] == ["李会计"]
        adding = ModalAnswer(AddCollectorDialog, add)
        alt(qtbot, Qt.Key.Key_A, adding)
        back_to(qtbot, dialog)
        assert [(r.operator.name, r.operator.receipt_prefix) for r in dialog.rows] == [
            ("李会计", "XL"),
            ("王组长", "WZZ"),
        ]
        assert "已添加收款员 王组长" in dialog.message.text()
        assert dialog.current() is not None and dialog.current().operator.name == "王组长"  # type: ignore[union-attr]
        alt(qtbot, Qt.Key.Key_D)  # 停用
        assert "已停用 王组长" in dialog.message.text() and dialog.toggle.text() == "启用(&E)"
        dialog.table.setFocus()
        press(qtbot, Qt.Key.Key_Up)  # 李会计, who is logged in
        alt(qtbot, Qt.Key.Key_D)
        assert "不能停用正在登录的自己" in dialog.message.text()
        press(qtbot, Qt.Key.Key_Escape)

    answers = [ModalAnswer(AdminGate, gate), ModalAnswer(CollectorsDialog, manage)]
    qtbot.keyClick(window, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)  # 工具
    press_in_menu(qtbot, Qt.Key.Key_M)  # 收款员管理
    for answer in answers:
        answer.check()
    back_to(qtbot, window)
    wang = find_operator(ledger, "王组长")
    assert (wang.receipt_prefix, wang.active) == ("WZZ", False)
    assert "operator.add" in actions(ledger) and "operator.disable" in actions(ledger)
    assert any("收款员管理" in key for key, _ in window.actions_.keys)  # in the F1 list


def test_a_wrong_admin_password_opens_nothing(qtbot: QtBot, village: tuple[Ledger, Acting]) -> None:
    ledger, op = village
    window = MainWindow(ledger, op)
    show_active(qtbot, window)

    def give_up(dialog: AdminGate) -> None:
        qtbot.keyClicks(dialog.admin, PASSWORD)  # the collector's own password does not open it
        press(qtbot, Qt.Key.Key_Return)
        assert dialog.isVisible()
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(AdminGate, give_up)
    window.findChild(type(window.actions_.settings), "collectors").trigger()
    answer.check()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, CollectorsDialog) and w.isVisible()]


def test_a_ledger_without_an_admin_password_sets_one_with_the_collectors_own_password(
    qtbot: QtBot, xinli: Ledger
) -> None:
    op = acting(xinli, "李会计")
    assert not has_admin_password(xinli)
    gate = AdminGate(xinli, op)
    show_active(qtbot, gate)
    assert gate.first and focused() is gate.own
    qtbot.keyClicks(gate.own, "wrong")
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), ADMIN)
    press(qtbot, Qt.Key.Key_Tab)
    qtbot.keyClicks(focused(), ADMIN)
    press(qtbot, Qt.Key.Key_Return)
    assert gate.isVisible() and "密码不正确" in gate.message.text() and not has_admin_password(xinli)
    assert focused() is gate.own
    qtbot.keyClicks(gate.own, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)
    assert gate.result() == QDialog.DialogCode.Accepted
    check_admin_password(xinli, ADMIN)


def test_a_forgotten_password_is_reset_from_the_list(qtbot: QtBot, village: tuple[Ledger, Acting]) -> None:
    ledger, op = village
    wang = add_collector(ledger, op, "王组长", "wang-1234", "WZZ")
    dialog = CollectorsDialog(ledger, op)
    show_active(qtbot, dialog)
    press(qtbot, Qt.Key.Key_Down)
    assert dialog.current() is not None and dialog.current().operator.id == wang.id  # type: ignore[union-attr]

    def new_password(form: ResetPasswordDialog) -> None:
        qtbot.keyClicks(focused(), "wang-0000")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), "wang-0001")
        press(qtbot, Qt.Key.Key_Return)
        assert form.isVisible() and "不一样" in form.message.text()
        assert focused() is form.again and isinstance(focused(), QLineEdit)
        qtbot.keyClicks(focused(), "wang-0000")
        press(qtbot, Qt.Key.Key_Return)

    alt(qtbot, Qt.Key.Key_R, ModalAnswer(ResetPasswordDialog, new_password))
    back_to(qtbot, dialog)
    assert "已为 王组长 重设密码" in dialog.message.text()
    assert login(ledger, "王组长", "wang-0000").name == "王组长"


def test_login_offers_only_collectors_who_may_log_in_and_each_voids_only_with_their_own_password(
    qtbot: QtBot, village: tuple[Ledger, Acting]
) -> None:
    ledger, op = village
    wang = add_collector(ledger, op, "王组长", "wang-1234", "WZZ")
    zhao = add_collector(ledger, op, "赵组长", "zhao-1234", "ZZZ")
    set_active(ledger, op, zhao.id, False)
    dialog = LoginDialog(ledger)
    qtbot.addWidget(dialog)
    assert [dialog.collector.itemText(i) for i in range(dialog.collector.count())] == ["李会计", "王组长"]
    as_wang = acting(ledger, "王组长")
    mine = pay_for(ledger, family(ledger, "0103", date(1980, 1, 1), who=op), who=as_wang)
    theirs = pay_for(ledger, family(ledger, "0104", date(1981, 1, 1), who=op), who=op)
    assert (mine.receipt_no[:3], theirs.receipt_no[:2]) == ("WZZ", "XL")
    with pytest.raises(ActionRefused):
        VoidPresenter(ledger, as_wang, mine.receipt_no).submit("录错人员", PASSWORD)  # 李会计's password
    VoidPresenter(ledger, as_wang, mine.receipt_no).submit("录错人员", "wang-1234")
    with pytest.raises(ActionRefused):
        VoidPresenter(ledger, op, theirs.receipt_no).submit("录错人员", "wang-1234")  # 王组长's, not 李会计's
    VoidPresenter(ledger, op, theirs.receipt_no).submit("重复收费", PASSWORD)
    voided = ledger.db.execute("SELECT o.name FROM voids v JOIN operators o ON o.id = v.operator_id").fetchall()
    assert sorted(r[0] for r in voided) == sorted([wang.name, "李会计"])


def test_a_second_laptop_joins_from_the_first_ones_backup_and_the_county_merge_of_both_has_no_clash(
    qtbot: QtBot, tmp_path: Path, village: tuple[Ledger, Acting], clock: Clock
) -> None:
    """What the README's "A second laptop" steps say, done: the backup on a stick, the wizard's 第二台电脑,
    a collector of its own with an own prefix there, payments on both, each their own batches, one merge."""
    first, li = village
    a1 = family(first, "0201", date(1970, 1, 1), date(1972, 2, 2), who=li)
    a2 = family(first, "0202", date(1975, 1, 1), who=li)
    b1 = family(first, "0301", date(1980, 1, 1), group="二组", who=li)
    b2 = family(first, "0302", date(1982, 1, 1), group="二组", who=li)
    pay_for(first, a1, who=li)
    usb = tmp_path / "usb"
    batch_a1 = export_batch(first, li, usb)
    backup = backup_now(first, tmp_path / "stick-backup", password=ADMIN)  # 工具 → 备份到U盘: encrypted

    second_path = tmp_path / "laptop-2" / "zhengjiao.sqlite"
    second_path.parent.mkdir()
    wizard = SetupWizard(second_path, clock=clock)
    show_active(qtbot, wizard)
    press(qtbot, Qt.Key.Key_Down)  # 村里的第二台电脑
    assert wizard.mode_page.join.isChecked()
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.join_page and focused() is wizard.join_page.path
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.join_page and "请选择第一台电脑的备份" in wizard.join_page.message.text()
    qtbot.keyClicks(wizard.join_page.path, str(backup))
    facts = wizard.join_page.facts.text()
    assert "新立村" in facts and "XL2022000001" in facts and "管理密码" in facts  # read without the password
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.join_page and focused() is wizard.join_page.password
    qtbot.keyClicks(focused(), PASSWORD)  # a collector's password does not open it
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.join_page and "密码不正确" in wizard.join_page.message.text()
    qtbot.keyClicks(focused(), ADMIN)
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.currentPage() is wizard.confirm_page and "第二台电脑" in wizard.confirm_page.summary.text()
    press(qtbot, Qt.Key.Key_Enter)
    assert wizard.result() == QDialog.DialogCode.Accepted and wizard.acting is None
    second = wizard.ledger
    assert second is not None
    try:
        assert second.settings.village == "新立村" and "ledger.copy" in actions(second)
        li_there = acting(second, "李会计")  # logs in on the second laptop, adds 王组长 with the admin password
        check_admin_password(second, ADMIN)
        wang = add_collector(second, li_there, "王组长", "wang-1234", proposed_prefix(second, "王组长"))
        assert wang.receipt_prefix == "XLCWZZ"
        as_wang = acting(second, "王组长")
        clock.tick(days=1)
        paid_b = pay_for(second, b1, who=as_wang)
        paid_a = pay_for(first, a2, who=li)
        pay_for(second, b2, who=as_wang)
        assert (paid_a.receipt_no, paid_b.receipt_no) == ("XL2022000002", "XLCWZZ2022000001")
        batch_a2 = export_batch(first, li, usb)
        batch_b1 = export_batch(second, as_wang, usb)
        assert (batch_a1.batch_no, batch_a2.batch_no, batch_b1.batch_no) == (1, 2, 1)
        assert batch_b1.workbook.name == "新立村-王组长-批次0001.xlsx" and batch_b1.rows == 2
        with pytest.raises(LedgerError):
            export_batch(second, li_there, usb)  # 李会计 has nothing new on the second laptop
    finally:
        second.close()
    report = merge_batches([batch_a1.workbook, batch_a2.workbook, batch_b1.workbook], tmp_path / "县汇总.xlsx")
    assert report.ok, report.to_json()
    assert not (report.duplicates or report.gaps or report.missing_batches or report.unreconciled)
    assert {(t["collector"], tuple(t["batches"])) for t in report.totals} == {("李会计", (1, 2)), ("王组长", (1,))}
