"""The USB stick and the county's answer in the window, driven by keys: Ctrl+E writes the batch to a
folder standing for the stick; a read-only, full or pulled-out stick gives a clear message and leaves
the ledger, the earlier batch and the stick whole, and the batch is written again (补导) at once; a
past batch is written again from the list; the county's answer is imported, the person it sent back
corrected from the 被退回人员 list, and they go into the next batch."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from pytestqt.qtbot import QtBot

from desktop_app.services.batches import export_batch, list_batches
from desktop_app.services.county import rejected_people, verify_batch
from desktop_app.services.register import get_person
from desktop_app.services.unexported import unexported_summary
from desktop_app.ui import county_answer_dialog
from desktop_app.ui.batches_dialog import BatchesDialog
from desktop_app.ui.county_answer_dialog import CountyAnswerDialog
from desktop_app.ui.export_dialog import ExportDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.member_dialog import MemberDialog
from desktop_app.ui.rejected_dialog import RejectedDialog
from tests.batch_village import Village, close, make_village
from tests.stick_support import (
    FailingWrite,
    county_answer,
    files_in,
    offer_stick,
    read_only,
    run_by_key,
    sheet_rows,
    wait_done,
)
from tests.ui_support import ModalAnswer, back_to, focused, isolated_preferences, press, show_active, type_chinese

__all__ = ["isolated_preferences", "read_only"]

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier


@pytest.fixture
def village(tmp_path: Path) -> Iterator[Village]:
    """山头村, collector 王芳: four households of three; the first three paid (three receipts, nine people)."""
    v = make_village(tmp_path / "village", households=4, members=3)
    for h in range(3):
        v.pay(v.people[h * 3 : h * 3 + 3])
    yield v
    close(v)


def pay_the_last_household(village: Village) -> None:
    village.pay(village.people[9:12])


@pytest.fixture
def stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return offer_stick(monkeypatch, tmp_path / "U盘")


@pytest.fixture
def window(qtbot: QtBot, village: Village) -> MainWindow:
    w = MainWindow(village.ledger, village.acting)
    show_active(qtbot, w)
    return w


def export_dialog(qtbot: QtBot, village: Village) -> ExportDialog:
    dialog = ExportDialog(village.ledger, village.acting)
    show_active(qtbot, dialog)
    return dialog


def batch_numbers(village: Village) -> list[int]:
    return [b.batch_no for b in list_batches(village.ledger)]


def test_ctrl_e_writes_the_batch_to_the_stick_and_says_where_how_much_and_to_unplug_safely(
    qtbot: QtBot, window: MainWindow, village: Village, stick: Path
) -> None:
    window.presenter.refresh_status()
    assert window.unexported_label.text().startswith("未导出：3 ")

    def export(dialog: ExportDialog) -> None:
        assert "缴费 3 笔（9 人）" in dialog.what.text() and "最早一笔 2021-11-01" in dialog.what.text()
        assert focused() is dialog.target.list and dialog.target.folder() == stick
        press(qtbot, Qt.Key.Key_Return)
        wait_done(qtbot, dialog.panel)
        said = dialog.message.text()
        for part in (
            "第1批已写好，并已读回核对无误",
            f"位置：{stick}",
            "山头村-王芳-批次0001.xlsx",
            "共 9 行",
            "安全删除",
        ):
            assert part in said, said
        assert focused() is dialog.close_button
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(ExportDialog, export, timeout_ms=20000)
    press(qtbot, Qt.Key.Key_E, modifier=CTRL)
    answer.check()
    back_to(qtbot, window)
    assert verify_batch(stick / "山头村-王芳-批次0001.xlsx").ok
    assert sorted(files_in(stick)) == ["山头村-王芳-批次0001.manifest.json", "山头村-王芳-批次0001.xlsx"]
    assert window.unexported_label.text().startswith("未导出：0")
    assert window.county_label.text() == "县核：待县回盘 9 人" and window.county_label.isVisible()


def test_the_export_key_and_the_upload_menu_are_in_the_f1_list(window: MainWindow) -> None:
    keys = dict(window.actions_.keys)
    assert "导出上报批次" in keys["Ctrl+E"] and "补导" in keys["Ctrl+Shift+E"] and "县回盘" in keys["Ctrl+H"]
    titles = [a.text() for a in window.menuBar().actions()]
    assert titles.index("上报(&U)") < titles.index("工具(&T)") < titles.index("查看(&V)")


def test_a_read_only_stick_is_refused_before_anything_is_recorded(
    qtbot: QtBot, village: Village, stick: Path, read_only: Callable[[Path], None]
) -> None:
    read_only(stick.parent)
    before = unexported_summary(village.ledger, village.acting.operator.id)
    dialog = export_dialog(qtbot, village)
    run_by_key(qtbot, dialog.panel, Qt.Key.Key_E)
    said = dialog.message.text()
    assert "只读" in said and "写保护" in said and "账本没有任何改动" in said, said
    assert batch_numbers(village) == [] and unexported_summary(village.ledger, village.acting.operator.id) == before
    assert dialog.again_button.isHidden() and dialog.export_button.isEnabled()


@pytest.mark.parametrize(("kind", "words"), [("full", "U盘已满"), ("pulled", "被拔出")])
def test_a_stick_that_fails_mid_write_leaves_the_ledger_and_the_earlier_batch_whole_and_writes_again_at_once(
    qtbot: QtBot, village: Village, stick: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str, words: str
) -> None:
    export_batch(village.ledger, village.acting, stick)
    earlier = files_in(stick)
    pay_the_last_household(village)
    dialog = export_dialog(qtbot, village)
    assert "缴费 1 笔（3 人）" in dialog.what.text()
    stick_fails = FailingWrite(monkeypatch, kind, tmp_path / "拔出的U盘")
    run_by_key(qtbot, dialog.panel, Qt.Key.Key_E)
    said = dialog.message.text()
    assert words in said and "第2批已记入账本" in said and "重新写出第2批" in said, said
    assert batch_numbers(village) == [1, 2]
    assert unexported_summary(village.ledger, village.acting.operator.id)[0] == 0  # the ledger: batch 2 recorded
    assert dialog.again_button.isVisible() and dialog.again_button.text() == "重新写出第2批 (&W)"
    assert focused() is dialog.again_button
    stick_fails.plug_back()
    on_stick = files_in(stick)
    assert not [name for name in on_stick if name.endswith(".partial")]
    assert {k: v for k, v in on_stick.items() if "批次0001" in k} == earlier
    if kind == "full":
        assert on_stick == earlier, "a workbook without its manifest was left on the stick"
    press(qtbot, Qt.Key.Key_Return)
    wait_done(qtbot, dialog.panel)
    said = dialog.message.text()
    assert "第2批已写好" in said and "补导" in said and "共 3 行" in said, said
    assert verify_batch(stick / "山头村-王芳-批次0002.xlsx").ok
    assert {k: v for k, v in files_in(stick).items() if "批次0001" in k} == earlier
    assert dialog.again_button.isHidden() and batch_numbers(village) == [1, 2]


def test_cancel_before_the_batch_is_recorded_changes_nothing(
    qtbot: QtBot, village: Village, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.services import stick as stick_service

    real = stick_service._Stages.__call__

    def press_cancel_first(stages: object, stage: str) -> None:
        if stage == "workbook":
            dialog.panel.thread_.cancel_requested.set()  # type: ignore[union-attr]
        real(stages, stage)  # type: ignore[arg-type]

    monkeypatch.setattr(stick_service._Stages, "__call__", press_cancel_first)
    dialog = export_dialog(qtbot, village)
    run_by_key(qtbot, dialog.panel, Qt.Key.Key_E)
    assert "已取消：账本和U盘都没有改动" in dialog.message.text()
    assert batch_numbers(village) == [] and files_in(stick) == {}
    assert unexported_summary(village.ledger, village.acting.operator.id)[0] == 3


def test_a_past_batch_is_written_again_from_the_list_with_the_same_bytes(
    qtbot: QtBot, window: MainWindow, village: Village, stick: Path, tmp_path: Path
) -> None:
    first = export_batch(village.ledger, village.acting, tmp_path / "旧U盘")
    lost = files_in(first.workbook.parent)

    def again(dialog: BatchesDialog) -> None:
        assert focused() is dialog.view
        assert dialog.model.rows == [(1, "2021-11-01 09:39", 2022, 9, "2,980.00", "已导出，待县回盘")]
        assert dialog.target.folder() == stick
        press(qtbot, Qt.Key.Key_Return)  # Enter on the batch: written to the stick chosen below
        wait_done(qtbot, dialog.panel)
        assert "第1批已写好" in dialog.message.text() and "一字不差" in dialog.message.text()
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(BatchesDialog, again, timeout_ms=20000)
    press(qtbot, Qt.Key.Key_E, modifier=CTRL | Qt.KeyboardModifier.ShiftModifier)
    answer.check()
    assert files_in(stick) == lost


def test_the_county_answer_with_one_rejected_person_is_corrected_and_goes_into_the_next_batch(
    qtbot: QtBot, window: MainWindow, village: Village, stick: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    export_batch(village.ledger, village.acting, stick)
    people = [(line.name, line.id_number or "", p.receipt_no) for p in village.payments for line in p.lines]
    lines = [(n, i, r, "成功", "") for n, i, r in people]
    rejected_name, rejected_id, rejected_receipt = people[4]
    lines[4] = (*people[4], "失败", "姓名与身份证号不符")
    answer_file = county_answer(tmp_path / "县回盘.xlsx", *lines)
    household_no = get_person(village.ledger, village.people[4]).household_no
    monkeypatch.setattr(county_answer_dialog, "ask_answer_file", lambda *_: answer_file)

    def import_answer(dialog: CountyAnswerDialog) -> None:
        assert focused() is dialog.browse
        press(qtbot, Qt.Key.Key_Space)  # 选择文件…
        assert dialog.path.text() == str(answer_file) and focused() is dialog.import_button
        press(qtbot, Qt.Key.Key_Return)
        wait_done(qtbot, dialog.panel)
        said = dialog.message.text()
        assert "县已接收 8 人" in said and "退回 1 人" in said, said
        assert dialog.model.rows == [
            ("退回", rejected_name, rejected_id, household_no, rejected_receipt, 1, "姓名与身份证号不符")
        ]
        assert focused() is dialog.rejected_button
        press(qtbot, Qt.Key.Key_Space)  # 被退回人员…

    def correct(dialog: MemberDialog) -> None:
        assert dialog.name.text() == rejected_name
        dialog.name.selectAll()
        type_chinese(dialog.name, rejected_name + "芳")
        qtbot.keyClick(dialog, Qt.Key.Key_S, ALT)

    def rejected(dialog: RejectedDialog) -> None:
        assert [r[0] for r in dialog.model.rows] == [rejected_name]
        assert dialog.model.rows[0][5:] == ("姓名与身份证号不符", "待更正")
        member = ModalAnswer(MemberDialog, correct)
        press(qtbot, Qt.Key.Key_Return)  # opens the person
        member.check()
        back_to(qtbot, dialog)
        assert focused() is dialog.view
        assert dialog.model.rows[0][6] == "已更正，下一批重报", dialog.model.rows
        press(qtbot, Qt.Key.Key_Escape)

    first_answer = ModalAnswer(CountyAnswerDialog, import_answer, timeout_ms=20000)
    second = ModalAnswer(RejectedDialog, rejected, timeout_ms=20000)
    press(qtbot, Qt.Key.Key_H, modifier=CTRL)
    first_answer.check()
    second.check()
    back_to(qtbot, window)
    assert window.county_label.text() == "县核：县退回待重报 1 人"

    def export(dialog: ExportDialog) -> None:
        assert "更正后重报 1 人" in dialog.what.text(), dialog.what.text()
        press(qtbot, Qt.Key.Key_Return)
        wait_done(qtbot, dialog.panel)
        assert "第2批已写好" in dialog.message.text(), dialog.message.text()
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(ExportDialog, export, timeout_ms=20000)
    press(qtbot, Qt.Key.Key_E, modifier=CTRL)
    answer.check()
    back_to(qtbot, window)
    rows = sheet_rows(stick / "山头村-王芳-批次0002.xlsx")
    name_at, id_at, status_at = (rows[0].index(h) for h in ("姓名", "证件号码", "状态"))
    assert [(r[name_at], r[status_at]) for r in rows[1:] if r[id_at] == rejected_id] == [(rejected_name + "芳", "重报")]
    assert [r.state for r in rejected_people(village.ledger, include_resubmitted=True)] == ["已重报（第2批）"]
    assert window.county_label.text() == "县核：待县回盘 1 人"


def test_the_households_waiting_on_the_county_are_listed_in_the_main_list(
    qtbot: QtBot, window: MainWindow, village: Village, stick: Path
) -> None:
    export_batch(village.ledger, village.acting, stick)
    action = next(a for a in window.findChildren(QAction) if a.text() == "列出待县核的户(&W)")
    action.trigger()
    assert window.count_label.text() == "待县核 3 户"
    assert [r.household_no for r in window.household_model.rows] == ["STZ0001", "STZ0002", "STZ0003"]
    assert (
        window.household_model.rows[0].why == "待县回盘（第1批）" and len(window.household_model.rows[0].matched) == 3
    )
    assert focused() is window.households
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is window.search
