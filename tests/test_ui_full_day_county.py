"""The collection day of tests/test_ui_full_day.py carried on to the stick and the county's answer, by keys.

17:30 the collector writes the day's upload batch from the main window (Ctrl+E) to the USB
stick (a folder in tmp_path offered as the one stick plugged in) and reads where it went,
how many rows, the total, the batch number and the 安全删除 reminder; the workbook and its
manifest on the stick agree with the ledger and the 日结单. A week later the township brings
back the county's answer (回盘): everyone accepted but the newborn 刘小雨, whose father paid
before she had an ID number. It is imported with Ctrl+H; the status bar and 列出待县核的户 show
her household waiting; the collector opens 被退回人员 from the 上报 menu, types the number from
her new 户口簿, and the next batch carries her as a 重报 row; once the county accepts that,
nobody waits on the county any more.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.money import format_yuan
from desktop_app.services.county import export_state, rejected_people, verify_batch
from desktop_app.services.printouts import gather_day_sheet
from desktop_app.services.records import Payment, list_payments
from desktop_app.services.register import get_person
from desktop_app.services.stick import outgoing
from desktop_app.ui import county_answer_dialog
from desktop_app.ui.county_answer_dialog import CountyAnswerDialog
from desktop_app.ui.export_dialog import ExportDialog
from desktop_app.ui.main_presenter import yuan
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.member_dialog import MemberDialog
from desktop_app.ui.rejected_dialog import RejectedDialog
from tests.full_day_support import (
    NEWBORN_BIRTH,
    TODAY,
    Day,
    Printed,
    collection_day,
    files_chosen,
    isolated_preferences,
    printed,
)
from tests.stick_support import county_answer, files_in, offer_stick, sheet_rows, wait_done
from tests.ui_support import ModalAnswer, back_to, focused, press, press_in_menu

__all__ = ["files_chosen", "isolated_preferences", "printed"]

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
FIRST_STEM = "新立村-李会计-批次0001"  # village, collector, batch number: as the township's clerk files it
SECOND_STEM = "新立村-李会计-批次0002"
ENDS = (".xlsx", ".manifest.json")  # a batch is its workbook and the manifest beside it
ANSWERED_ON = datetime(2021, 2, 22, 9, 0)  # the township brings the county's answer a week later
NO_ID = "新生儿无公民身份号码，请落户后补报"
NEWBORN_ID = resident_id("220102", NEWBORN_BIRTH.isoformat(), 128)  # her new 户口簿; an even serial: 女


@pytest.fixture
def stick(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The one USB stick plugged in; the folder the batch goes to on it."""
    return offer_stick(monkeypatch, tmp_path / "U盘")


def test_the_days_batch_goes_on_the_stick_and_the_newborn_the_county_sent_back_goes_again_corrected(
    qtbot: QtBot,
    tmp_path: Path,
    printed: Printed,
    files_chosen: list[Path],
    stick: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    with collection_day(qtbot, tmp_path, printed) as day:
        the_stick_and_the_county(qtbot, day, stick, tmp_path, monkeypatch)
    assert printed.errors == [] and files_chosen == []


def the_stick_and_the_county(
    qtbot: QtBot, day: Day, stick: Path, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, window, clock = day.ledger, day.window, day.clock
    payments = list_payments(ledger, TODAY, TODAY)
    live = [p for p in payments if p.void is None]
    sheet = gather_day_sheet(ledger, window.acting, TODAY)
    paid = {ln.person_id for p in payments for ln in p.lines}  # the voided receipt too: its 王伟 is on the re-issue
    insured = {ln.person_id for p in live for ln in p.lines}

    # 17:30 Ctrl+E: the stick is offered first; what goes out is the day, the void with it
    clock.now = datetime(2021, 2, 15, 17, 30)
    what, said = export_by_keys(qtbot, window, stick)
    assert f"收款员 李会计 · {window.acting.benefit_year}年度" in what
    going = f"缴费 {len(payments)} 笔（{len(paid)} 人）、作废 1 笔；应交现金 {yuan(sheet.cash_to_hand_over)} 元"
    assert f"{going}；最早一笔 {TODAY}" in what, what
    # the plain result: the batch number, where, the files, rows and total, and to unplug safely
    rows = batch_rows(stick / f"{FIRST_STEM}.xlsx")
    for part in (
        "第1批已写好，并已读回核对无误",
        f"位置：{stick}",
        f"文件：{FIRST_STEM}.xlsx，以及清单 {FIRST_STEM}.manifest.json",
        f"共 {len(rows)} 行，合计 {yuan(sheet.cash_to_hand_over)} 元",
        "安全删除",
    ):
        assert part in said, said
    assert sorted(files_in(stick)) == sorted(f"{FIRST_STEM}{end}" for end in ENDS)
    assert verify_batch(stick / f"{FIRST_STEM}.xlsx").ok
    the_stick_agrees_with_the_ledger(
        payments,
        rows,
        json.loads((stick / f"{FIRST_STEM}.manifest.json").read_text("utf-8")),
        sheet.cash_to_hand_over,
    )
    assert window.unexported_label.text() == "未导出：0 笔（全部已导出到U盘）"
    assert window.county_label.text() == f"县核：待县回盘 {len(insured)} 人" and window.county_label.isVisible()

    # a week later the county's answer: every live line accepted but the newborn's, who had no ID number
    clock.now = ANSWERED_ON
    baby_line = day.baby.lines[0]
    assert (baby_line.name, baby_line.id_number or "") == ("刘小雨", "")
    verdict = {baby_line.id: ("失败", NO_ID)}  # 审核结果, 失败原因; everyone else 成功
    answered = [
        (ln.name, ln.id_number or "", p.receipt_no, *verdict.get(ln.id, ("成功", ""))) for p in live for ln in p.lines
    ]
    household_no = get_person(ledger, baby_line.person_id).household_no
    dialog, focus = import_answer_by_keys(
        qtbot, window, monkeypatch, county_answer(folder / "县回盘0001.xlsx", *answered)
    )
    said = dialog.message.text()
    assert f"县已接收 {len(answered) - 1} 人" in said and "退回 1 人" in said, said
    assert "退回的人请在“被退回人员”中逐一更正" in said
    assert dialog.model.rows == [("退回", "刘小雨", "", household_no, day.baby.receipt_no, 1, NO_ID)]
    assert focus is dialog.rejected_button  # Enter would open 被退回人员 at once; Esc closes instead

    # the status bar and 列出待县核的户 (上报 → W): her household, and why
    assert window.county_label.text() == "县核：县退回待重报 1 人"
    from_the_upload_menu(qtbot, Qt.Key.Key_W)
    assert window.count_label.text() == "待县核 1 户"
    [waiting] = window.household_model.rows
    assert (waiting.household_no, waiting.matched, waiting.why) == (household_no, ("刘小雨",), f"县退回：{NO_ID}")
    assert focused() is window.households
    press(qtbot, Qt.Key.Key_Escape)
    assert focused() is window.search

    # 上报 → 被退回人员: Enter on her opens the member; Tab to 身份证号, the number, Alt+S
    def correct(d: MemberDialog) -> None:
        assert focused() is d.name and d.name.text() == "刘小雨" and d.id_number.text() == ""
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is d.id_number
        qtbot.keyClicks(d.id_number, NEWBORN_ID)
        assert (d.birth.text(), d.sex.currentText()) == (NEWBORN_BIRTH.isoformat(), "女")  # as registered at birth
        qtbot.keyClick(d, Qt.Key.Key_S, ALT)  # 保存

    def rejected(d: RejectedDialog) -> None:
        assert focused() is d.view
        assert d.model.rows == [("刘小雨", "", household_no, day.baby.receipt_no, 1, NO_ID, "待更正")]
        assert "还有 1 人待更正" in d.message.text()
        member = ModalAnswer(MemberDialog, correct)
        press(qtbot, Qt.Key.Key_Return)  # 更正
        member.check()
        back_to(qtbot, d)
        assert focused() is d.view
        assert d.model.rows[0][6] == "已更正，下一批重报", d.model.rows
        assert "都已更正" in d.message.text()
        press(qtbot, Qt.Key.Key_Escape)

    listed = ModalAnswer(RejectedDialog, rejected, timeout_ms=10000)
    from_the_upload_menu(qtbot, Qt.Key.Key_R)
    listed.check()
    back_to(qtbot, window)
    assert window.county_label.text() == "县核：县退回待重报 1 人"  # corrected, not yet sent

    # Ctrl+E again: only her, as 重报, with the number; no cash this time
    cash = outgoing(ledger, window.acting).cash
    what, said = export_by_keys(qtbot, window, stick)
    assert "更正后重报 1 人" in what and f"应交现金 {yuan(cash)} 元" in what, what
    again = batch_rows(stick / f"{SECOND_STEM}.xlsx")
    assert "第2批已写好" in said and f"共 {len(again)} 行，合计 {yuan(cash)} 元" in said, said
    assert verify_batch(stick / f"{SECOND_STEM}.xlsx").ok
    manifest = json.loads((stick / f"{SECOND_STEM}.manifest.json").read_text("utf-8"))
    assert manifest["items"] == {"payment": 0, "void": 0, "refund": 0, "resubmission": 1}
    assert sorted(files_in(stick)) == sorted(f"{stem}{end}" for stem in (FIRST_STEM, SECOND_STEM) for end in ENDS)
    assert [
        (r["姓名"], r["证件号码"], r["出生日期"], r["收据号"], r["状态"], r["收款日期"], fen(r["实收金额"]))
        for r in again
    ] == [
        (
            "刘小雨",
            NEWBORN_ID,
            NEWBORN_BIRTH.isoformat(),
            day.baby.receipt_no,
            "重报",
            day.baby.paid_on.isoformat(),  # the day the cash was taken, not the day sent again
            baby_line.due,
        )
    ]
    assert again[0]["备注"] == f"更正后重报（县级退回原因：{NO_ID}）"
    assert [r.state for r in rejected_people(ledger, include_resubmitted=True)] == ["已重报（第2批）"]
    assert rejected_people(ledger) == []  # nobody left to correct
    assert window.county_label.text() == "县核：待县回盘 1 人"  # sent again: the county owes the answer

    # 2021-03-01 the county accepts her: nobody waits on the county any more
    clock.now = datetime(2021, 3, 1, 9, 0)
    accepted = ("刘小雨", NEWBORN_ID, day.baby.receipt_no, "成功", "")
    dialog, focus = import_answer_by_keys(
        qtbot, window, monkeypatch, county_answer(folder / "县回盘0002.xlsx", accepted)
    )
    assert "县已接收 1 人，退回 0 人" in dialog.message.text() and dialog.model.rows == []
    assert focus is dialog.close_button
    assert window.county_label.text() == "" and window.county_label.isHidden()
    assert export_state(ledger, day.baby.uid).label == "县级已接收（第1批）"
    from_the_upload_menu(qtbot, Qt.Key.Key_W)
    assert "没有待县核的人" in window.statusBar().currentMessage()


def the_stick_agrees_with_the_ledger(
    payments: list[Payment], rows: list[dict[str, Any]], manifest: dict[str, Any], cash: int
) -> None:
    """Every payment line once as 正常, the voided receipt's again as 作废; the county keeps the live lines."""
    voided = [p for p in payments if p.void is not None]
    sent = [
        (p.receipt_no, ln.name, ln.id_number or "", ln.due, ln.benefit_start.isoformat())
        for p in payments
        for ln in p.lines
    ]
    assert [
        (r["收据号"], r["姓名"], r["证件号码"], fen(r["实收金额"]), r["待遇开始日期"])
        for r in rows
        if r["状态"] == "正常"
    ] == sent
    cancelled = [(p.receipt_no, ln.name, ln.due, f"作废：{p.void.reason}") for p in voided if p.void for ln in p.lines]
    assert [(r["收据号"], r["姓名"], fen(r["实收金额"]), r["备注"]) for r in rows if r["状态"] == "作废"] == cancelled
    assert {r["状态"] for r in rows} == {"正常", "作废"}
    kept = [
        (r["收据号"], r["姓名"])
        for r in rows
        if r["状态"] == "正常" and not any(c[0] == r["收据号"] for c in cancelled)
    ]
    assert kept == [(p.receipt_no, ln.name) for p in payments if p.void is None for ln in p.lines]
    # 正常 − 作废 is the cash of the 日结单, in the workbook and in its manifest
    signed = sum(fen(r["实收金额"]) * (1 if r["状态"] == "正常" else -1) for r in rows)
    assert signed == cash
    assert manifest["figures"]["net"]["cash"] == format_yuan(cash) and manifest["figures"]["rows"] == len(rows)
    assert manifest["items"] == {"payment": len(payments), "void": len(voided), "refund": 0, "resubmission": 0}
    assert (manifest["batch_no"], manifest["village"], manifest["collector"]) == (1, "新立村", "李会计")
    receipts = sorted(p.receipt_no for p in payments)
    assert manifest["figures"]["receipts"] == {"count": len(receipts), "first": receipts[0], "last": receipts[-1]}


# --- the keys -------------------------------------------------------------------------------


def export_by_keys(qtbot: QtBot, window: MainWindow, stick: Path) -> tuple[str, str]:
    """Ctrl+E: the stick is chosen already, Enter writes, Esc closes; what was to go out, and the result."""
    seen: list[str] = []

    def export(d: ExportDialog) -> None:
        assert focused() is d.target.list and d.target.folder() == stick
        seen.append(d.what.text())
        press(qtbot, Qt.Key.Key_Return)  # 导出
        wait_done(qtbot, d.panel)
        seen.append(d.message.text())
        assert focused() is d.close_button, seen[-1]
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(ExportDialog, export, timeout_ms=20000)
    press(qtbot, Qt.Key.Key_E, modifier=CTRL)
    answer.check()
    back_to(qtbot, window)
    what, said = seen
    return what, said


def import_answer_by_keys(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch, path: Path
) -> tuple[CountyAnswerDialog, QWidget]:
    """Ctrl+H, Space on 选择文件… (the chooser answers ``path``), Enter imports, Esc closes; the dialog, and
    where the focus went once the report was shown."""
    monkeypatch.setattr(county_answer_dialog, "ask_answer_file", lambda *_: path)
    focus: list[QWidget] = []

    def act(d: CountyAnswerDialog) -> None:
        assert focused() is d.browse
        press(qtbot, Qt.Key.Key_Space)  # 选择文件…
        assert d.path.text() == str(path) and focused() is d.import_button
        press(qtbot, Qt.Key.Key_Return)  # 导入
        wait_done(qtbot, d.panel)
        focus.append(focused())
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(CountyAnswerDialog, act, timeout_ms=20000)
    press(qtbot, Qt.Key.Key_H, modifier=CTRL)
    dialog = answer.check()
    back_to(qtbot, window)
    assert isinstance(dialog, CountyAnswerDialog)
    assert dialog.report is not None, dialog.message.text()  # the answer was recorded
    return dialog, focus[0]


def from_the_upload_menu(qtbot: QtBot, key: Qt.Key) -> None:
    """Alt+U opens 上报; the item's letter picks it."""
    press(qtbot, Qt.Key.Key_U, modifier=ALT)
    press_in_menu(qtbot, key)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=2000)


# --- the stick ------------------------------------------------------------------------------


def batch_rows(path: Path) -> list[dict[str, Any]]:
    """The workbook's rows, by header."""
    header, *rows = sheet_rows(path)
    return [dict(zip(header, row)) for row in rows]


def fen(cell: Any) -> int:
    """A money cell (yuan, a number) in fen."""
    return round(float(cell) * 100)
