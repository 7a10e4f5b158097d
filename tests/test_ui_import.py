"""导入花名册 / 导入身份名单: check first, read the report table, then import on a worker thread."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from pytestqt.qtbot import QtBot

from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.register import find_by_id_number, identities_on
from desktop_app.ui import import_dialog
from desktop_app.ui.import_dialog import ImportDialog
from tests.ui_support import focused, show_active
from tests.village import acting

HEADER = ["户号", "姓名", "身份证号", "与户主关系", "民族", "村民小组", "联系电话"]
ZHANG = demo_id("220102", "1965-05-05", 211)
ZHANG_WIFE = demo_id("220102", "1967-08-09", 222)
ZHAO = demo_id("220102", "1980-01-20", 233)
GOOD_NUMBER = demo_id("220102", "1980-01-01", 123)
BAD_CHECKSUM = GOOD_NUMBER[:-1] + ("0" if GOOD_NUMBER[-1] != "0" else "1")


def roster(path: Path, rows: list[list[object]]) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


GOOD = [
    ["0101", "张大山", ZHANG, "户主", "汉族", "一组", "13900000001"],
    ["0101", "刘桂芝", ZHANG_WIFE, "配偶", "汉", "一组", ""],
    ["0102", "赵小军", ZHAO, "户主", "", "二组", ""],
]


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting]:
    """新立村, and its collector 李会计 acting in its benefit year."""
    return xinli, acting(xinli, "李会计")


def opened(
    qtbot: QtBot, ledger: Ledger, who: Acting, kind: str, path: Path, monkeypatch: pytest.MonkeyPatch
) -> ImportDialog:
    monkeypatch.setattr(import_dialog, "ask_open_path", lambda parent, title: path)
    dialog = ImportDialog(ledger, who, kind)
    show_active(qtbot, dialog)
    return dialog


def wait_idle(qtbot: QtBot, dialog: ImportDialog) -> None:
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)


def report(dialog: ImportDialog) -> list[tuple[str, str, str]]:
    m = dialog.model
    return [tuple(m.data(m.index(r, c)) for c in range(3)) for r in range(m.rowCount())]  # type: ignore[misc]


def test_a_bad_roster_shows_every_problem_and_nothing_is_written_until_asked(
    qtbot: QtBot, village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, who = village
    path = roster(
        tmp_path / "花名册.xlsx",
        [
            *GOOD,
            ["0103", "钱错号", BAD_CHECKSUM, "户主", "", "二组", ""],
            ["0103", "", demo_id("220102", "1990-02-02", 244), "子", "", "二组", ""],
        ],
    )
    dialog = opened(qtbot, ledger, who, "roster", path, monkeypatch)
    assert focused() is dialog.browse and not dialog.import_all.isEnabled()
    qtbot.keyClick(dialog.browse, Qt.Key.Key_Space)  # 选择文件…
    assert dialog.path.text() == str(path) and focused() is dialog.check
    qtbot.keyClick(dialog.check, Qt.Key.Key_Space)  # 检查文件: a dry run on the worker thread
    assert dialog.running() and dialog.progress.maximum() == 0  # busy
    wait_idle(qtbot, dialog)
    rows = report(dialog)
    assert [r[0] for r in rows] == ["5", "6"]  # the rows as Excel numbers them
    assert rows[0][1] == "身份证号" and "校验" in rows[0][2]
    assert rows[1][1] == "姓名"
    assert "2 行有问题" in dialog.message.text()
    assert not dialog.import_all.isEnabled() and dialog.import_valid.isEnabled()
    assert ledger.db.execute("SELECT count(*) FROM people").fetchone()[0] == 0  # a check writes nothing

    assert focused() is dialog.import_valid
    qtbot.keyClick(dialog.import_valid, Qt.Key.Key_Space)  # 只导入正确的行
    wait_idle(qtbot, dialog)
    assert "导入完成" in dialog.message.text() and "2 行没有导入" in dialog.message.text()
    names = [r[0] for r in ledger.db.execute("SELECT name FROM people ORDER BY id")]
    assert names == ["张大山", "刘桂芝", "赵小军"]
    qtbot.keyClick(focused(), Qt.Key.Key_Escape)
    assert dialog.result() == QDialog.DialogCode.Accepted


def test_a_good_roster_is_imported_whole(
    qtbot: QtBot, village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, who = village
    path = roster(tmp_path / "roster.xlsx", GOOD)
    dialog = opened(qtbot, ledger, who, "roster", path, monkeypatch)
    dialog.choose_file()
    qtbot.mouseClick(dialog.check, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert report(dialog) == [] and "没有发现问题" in dialog.message.text()
    assert "将新增 2 户、3 人" in dialog.message.text()
    assert dialog.import_all.isEnabled() and not dialog.import_valid.isVisible()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # 全部导入 is the default now
    wait_idle(qtbot, dialog)
    assert "已新增 2 户、3 人" in dialog.message.text()
    person = find_by_id_number(ledger, ZHANG_WIFE)
    assert person.name == "刘桂芝" and person.ethnicity == "汉族" and person.household_no == "0101"
    imported = ledger.db.execute("SELECT operator, benefit_year FROM audit_log WHERE action = 'import.roster'")
    assert imported.fetchall() == [("李会计", 2022)]  # who imports, in which year: the acting collector's
    assert not dialog.check.isEnabled() and not dialog.import_all.isEnabled()  # once is enough


def test_importing_is_refused_before_a_check_and_without_a_file(
    qtbot: QtBot, village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, who = village
    dialog = opened(qtbot, ledger, who, "roster", tmp_path / "none.xlsx", monkeypatch)
    qtbot.mouseClick(dialog.check, Qt.MouseButton.LeftButton)
    assert "请先选择要导入的文件" in dialog.message.text() and not dialog.running()
    dialog.path.setText(str(tmp_path / "名单.docx"))
    dialog.path.textEdited.emit(dialog.path.text())
    qtbot.mouseClick(dialog.check, Qt.MouseButton.LeftButton)
    assert "不是表格文件" in dialog.message.text()


def test_an_unreadable_file_is_reported_not_crashed_on(
    qtbot: QtBot, village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, who = village
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"not a workbook")
    dialog = opened(qtbot, ledger, who, "roster", path, monkeypatch)
    dialog.choose_file()
    qtbot.mouseClick(dialog.check, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert dialog.message.text().startswith("✗ 没有导入") and not dialog.import_all.isEnabled()


def test_an_identity_list_asks_for_the_identity_and_its_source(
    qtbot: QtBot, village, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, who = village
    from desktop_app.services.imports import import_roster

    import_roster(ledger, who, roster(tmp_path / "roster.xlsx", GOOD))
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "身份证号"])
    sheet.append(["张大山", ZHANG])
    sheet.append(["赵小军", ZHAO])
    book.save(tmp_path / "低保名单.xlsx")
    dialog = opened(qtbot, ledger, who, "identities", tmp_path / "低保名单.xlsx", monkeypatch)
    dialog.choose_file()
    qtbot.mouseClick(dialog.check, Qt.MouseButton.LeftButton)
    assert "请选择名单上人员的身份" in dialog.message.text()
    assert dialog.identity is not None and dialog.source is not None
    dialog.identity.setCurrentIndex(dialog.identity.findData("subsistence_allowance"))
    dialog.source.setCurrentIndex(dialog.source.findData("民政"))
    qtbot.mouseClick(dialog.check, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    assert "将新增身份 2 人" in dialog.message.text()
    qtbot.mouseClick(dialog.import_all, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, dialog)
    zhao = find_by_id_number(ledger, ZHAO)
    assert identities_on(ledger, zhao.id, ledger.now().date()) == ("subsistence_allowance",)
