"""The household and member dialogs: the ID number checked as it is typed, identities
with their source, edits saved through services.register."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from desktop_app.domain.idnumber import IdNumberError, parse_id_number
from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.register import get_household, get_person, household_members, identity_records
from desktop_app.ui.household_dialog import HouseholdDialog
from desktop_app.ui.member_dialog import MemberDialog
from desktop_app.ui.register_presenters import INVALID, TYPING, VALID, check_id_number, parse_day
from tests.ui_support import focused, isolated_preferences, press, show_active, type_chinese
from tests.village import acting, wang_household

__all__ = ["isolated_preferences"]


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting, dict[str, int]]:
    """新立村 with the 王 household; 李会计 acts in 2022."""
    op = acting(xinli, "李会计")
    return xinli, op, wang_household(xinli, op)


def bad_checksum(number: str) -> str:
    return number[:-1] + ("0" if number[-1] != "0" else "1")


def test_a_number_being_typed_is_not_called_wrong_until_it_is() -> None:
    good = demo_id("220102", "1980-03-01", 131)
    assert check_id_number("").state == "empty"
    assert check_id_number(good[:10]).state == TYPING
    assert check_id_number(good[:15]).state == TYPING
    ok = check_id_number(good)
    assert ok.state == VALID and ok.birth_date == date(1980, 3, 1) and ok.sex == "男"
    wrong = check_id_number(bad_checksum(good))
    with pytest.raises(IdNumberError) as reason:
        parse_id_number(bad_checksum(good))
    assert wrong.state == INVALID and wrong.message == str(reason.value)
    assert check_id_number("3.41324198111111E+17").state == INVALID
    assert check_id_number(good + "1").state == INVALID


def test_dates_are_read_the_way_people_write_them() -> None:
    for text in ("2021-10-01", "20211001", "2021/10/1", "2021年10月1日", "２０２１－１０－０１"):
        assert parse_day(text) == date(2021, 10, 1), text
    assert parse_day("  ") is None
    with pytest.raises(LedgerError, match="不是有效日期"):
        parse_day("2021-02-30")


def test_the_id_number_fills_birth_and_sex_and_says_what_is_wrong(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, op, ids = village
    dialog = MemberDialog(ledger, op, ids["household"])
    show_active(qtbot, dialog)
    good = demo_id("220102", "1999-12-31", 242)
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is dialog.id_number
    qtbot.keyClicks(dialog.id_number, good[:12])
    assert dialog.id_message.kind == "hint" and "12 位" in dialog.id_message.text()
    qtbot.keyClicks(dialog.id_number, good[12:])
    assert dialog.id_message.kind == "ok"
    assert dialog.birth.text() == "1999-12-31" and dialog.birth.isReadOnly()
    assert dialog.sex.currentText() == "女" and not dialog.sex.isEnabled()
    press(qtbot, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.id_number, bad_checksum(good)[-1])
    assert dialog.id_message.kind == "error" and "校验位" in dialog.id_message.text()
    assert dialog.birth.text() == "" and not dialog.birth.isReadOnly() and dialog.sex.isEnabled()


def test_the_id_check_line_takes_the_lines_its_message_needs_and_placeholders_show_whole(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, op, ids = village
    dialog = MemberDialog(ledger, op, ids["household"])
    show_active(qtbot, dialog)
    line = dialog.fontMetrics().height()
    message = dialog.id_message

    def fits(kind: str) -> bool:
        """The message is shown whole, with no more than a fifth of a line to spare below it."""
        QApplication.processEvents()  # the form lays out again on the posted layout request
        box = QRect(0, 0, message.contentsRect().width(), 10 * line)
        needed = message.fontMetrics().boundingRect(box, Qt.TextFlag.TextWordWrap, message.text()).height()
        spare = dialog.birth.geometry().top() - message.geometry().top() - needed
        return message.kind == kind and message.height() >= needed and spare <= line // 5 + 12

    assert fits("hint")  # no number yet: 没有证件号码（如新生儿）时…
    qtbot.keyClicks(dialog.id_number, demo_id("220102", "1999-12-31", 242))
    assert fits("ok")
    press(qtbot, Qt.Key.Key_Backspace)
    qtbot.keyClicks(dialog.id_number, bad_checksum(demo_id("220102", "1999-12-31", 242))[-1])
    assert fits("error")
    for field in (dialog.id_number, dialog.identity_list, dialog.identity_from, dialog.identity_to):
        assert field.width() > field.fontMetrics().horizontalAdvance(field.placeholderText()), field.placeholderText()
    dialog.setMinimumWidth(0)
    dialog.resize(dialog.minimumSizeHint().width(), dialog.height())  # narrow: 校验位不对… wraps
    assert fits("error") and message.height() >= 2 * line


def test_a_member_with_an_identity_is_saved_with_its_source(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, op, ids = village
    dialog = MemberDialog(ledger, op, ids["household"])
    show_active(qtbot, dialog)
    type_chinese(dialog.name, "王福贵")
    number = demo_id("220102", "1940-01-20", 165)
    qtbot.keyClicks(dialog.id_number, number)
    dialog.relation.setCurrentText("父亲")
    dialog.identity_code.setFocus()
    dialog.identity_code.setCurrentText("特困人员")
    dialog.identity_source.setCurrentText("民政")
    type_chinese(dialog.identity_list, "特困供养人员名册")
    qtbot.keyClicks(dialog.identity_from, "2021-01-01")
    dialog.add_identity_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    assert dialog.identity_model.rowCount() == 1
    assert dialog.identity_model.index(0, 0).data() == "特困人员"
    dialog.save_button.click()
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.message.text()
    person = next(p for p in household_members(ledger, ids["household"]) if p.name == "王福贵")
    assert (person.id_number, person.birth_date, person.sex, person.relation) == (
        number,
        date(1940, 1, 20),
        "男",
        "父亲",
    )
    [record] = identity_records(ledger, person.id)
    assert (record.code, record.source, record.list_name, record.valid_from, record.valid_to) == (
        "extreme_poverty",
        "民政",
        "特困供养人员名册",
        date(2021, 1, 1),
        None,
    )


def test_editing_a_member_shows_identities_with_their_dates_and_saves_changes(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, op, ids = village
    dialog = MemberDialog(ledger, op, ids["household"], ids["head"])
    show_active(qtbot, dialog)
    assert dialog.name.text() == "王建国"
    assert dialog.identity_model.rowCount() == 1
    row = [dialog.identity_model.index(0, c).data() for c in range(6)]
    assert row == ["低保对象", "民政", "低保名册", "—", "长期", "有效"]
    dialog.phone.setText("13700000000")
    dialog.status.setCurrentText("迁出")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted, dialog.message.text()
    head = get_person(ledger, ids["head"])
    assert (head.phone, head.status) == ("13700000000", "moved_out")


def test_a_refused_member_keeps_the_dialog_open_and_names_the_field(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, op, ids = village
    dialog = MemberDialog(ledger, op, ids["household"])
    show_active(qtbot, dialog)
    type_chinese(dialog.name, "重复人")
    qtbot.keyClicks(dialog.id_number, demo_id("220102", "1970-03-14", 131))  # 王建国's number
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert "已登记在户 0001" in dialog.message.text()
    assert focused() is dialog.id_number
    dialog.id_number.clear()
    press(qtbot, Qt.Key.Key_Return)
    assert "出生日期" in dialog.message.text() and focused() is dialog.birth


def test_save_and_next_keeps_the_dialog_open_for_the_next_member(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, op, ids = village
    dialog = MemberDialog(ledger, op, ids["household"])
    show_active(qtbot, dialog)
    type_chinese(dialog.name, "王二")
    qtbot.keyClicks(dialog.id_number, demo_id("220102", "2001-02-03", 171))
    dialog.save_next_button.click()
    assert dialog.isVisible() and dialog.name.text() == "" and focused() is dialog.name
    assert "已保存 王二" in dialog.message.text()
    assert len(dialog.saved_ids) == 1


def test_editing_a_household_keeps_its_number_and_saves_the_rest(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, op, ids = village
    dialog = HouseholdDialog(ledger, op, ids["household"])
    show_active(qtbot, dialog)
    assert dialog.household_no.isReadOnly() and focused() is dialog.group
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Tab)
    focused().selectAll()  # type: ignore[attr-defined]
    type_chinese(focused(), "新立村二组1号")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.result() == QDialog.DialogCode.Accepted
    h = get_household(ledger, ids["household"])
    assert (h.household_no, h.village_group, h.address) == ("0001", "二组", "新立村二组1号")


def test_a_taken_household_number_is_refused_in_the_dialog(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, op, _ = village
    dialog = HouseholdDialog(ledger, op)
    show_active(qtbot, dialog)
    dialog.household_no.setText("0001")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and "已存在" in dialog.message.text()
    assert focused() is dialog.household_no


def test_escape_closes_a_dialog_without_writing(qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]) -> None:
    ledger, op, ids = village
    dialog = MemberDialog(ledger, op, ids["household"])
    show_active(qtbot, dialog)
    type_chinese(dialog.name, "不保存")
    press(qtbot, Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Rejected
    assert all(p.name != "不保存" for p in household_members(ledger, ids["household"]))
