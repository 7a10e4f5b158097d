"""导入身份名单 / 导入花名册 with real rolls: the file's own identity column by default, the year policy's
identities to choose from, and the warnings in the report table beside the problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.domain.operators import Acting
from desktop_app.services.imports import import_roster
from desktop_app.services.ledger import Ledger
from desktop_app.services.register import find_by_id_number, identities_on
from desktop_app.ui import import_dialog
from desktop_app.ui.import_dialog import ImportDialog
from desktop_app.ui.import_presenter import FROM_FILE, WARNING_ACTION, ImportPresenter, ImportRefused
from tests.rolls import NUMBER, ROLLS
from tests.ui_support import focused, show_active
from tests.village import DATA, acting

ROLL = ROLLS / "roster_household_roll.xlsx"


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting]:
    return xinli, acting(xinli, "李会计")


def opened(
    qtbot: QtBot, ledger: Ledger, who: Acting, kind: str, path: Path, monkeypatch: pytest.MonkeyPatch
) -> ImportDialog:
    monkeypatch.setattr(import_dialog, "ask_open_path", lambda parent, title: path)
    dialog = ImportDialog(ledger, who, kind)
    show_active(qtbot, dialog)
    return dialog


def table(dialog: ImportDialog) -> list[tuple[str, ...]]:
    m = dialog.model
    return [tuple(m.data(m.index(r, c)) for c in range(m.columnCount())) for r in range(m.rowCount())]


def test_the_identity_choices_are_the_year_policys_and_the_files_own_column(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    presenter = ImportPresenter(ledger, who, "identities")
    assert presenter.identity_choices["subsistence_allowance"] == "低保对象"
    presenter.choose(path=ROLLS / "yibao_assistance.csv", source="医保")
    assert presenter.identity_column == "医疗救助身份"
    presenter.choose(code=FROM_FILE)
    assert presenter.job(dry_run=True).code is None  # each row's own identity
    presenter.choose(path=DATA / "import_identities_dibao.xlsx")
    assert presenter.identity_column is None
    with pytest.raises(ImportRefused, match="没有写明身份的列"):
        presenter.job(dry_run=True)


def test_a_roll_with_warnings_shows_them_under_the_problems_and_imports_whole(
    qtbot: QtBot, village: tuple[Ledger, Acting], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, who = village
    dialog = opened(qtbot, ledger, who, "roster", ROLL, monkeypatch)
    qtbot.keyClick(dialog.browse, Qt.Key.Key_Space)
    qtbot.keyClick(focused(), Qt.Key.Key_Space)  # 检查文件
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    rows = table(dialog)
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("11", "公民身份号码", WARNING_ACTION),
        ("12", "联系电话", WARNING_ACTION),
        ("17", "与户主关系", WARNING_ACTION),
    ]
    assert "没有发现问题" in dialog.message.text() and "3 处提示" in dialog.message.text()
    assert dialog.import_all.isEnabled()
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # 全部导入
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    assert "已新增 3 户、12 人" in dialog.message.text()
    assert find_by_id_number(ledger, NUMBER["钱五"]).relation == "干女儿"


def test_an_identity_list_with_its_own_column_is_imported_by_it_by_default(
    qtbot: QtBot, village: tuple[Ledger, Acting], monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, who = village
    import_roster(ledger, who, ROLL)
    dialog = opened(qtbot, ledger, who, "identities", ROLLS / "yibao_assistance.xls", monkeypatch)
    assert dialog.identity is not None and dialog.source is not None
    qtbot.keyClick(dialog.browse, Qt.Key.Key_Space)
    assert dialog.identity.currentData() == FROM_FILE
    assert dialog.identity.currentText() == "按文件中的身份列（医疗救助身份）"
    dialog.source.setCurrentIndex(dialog.source.findData("医保"))
    qtbot.mouseClick(dialog.check, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    assert "将新增身份 5 人" in dialog.message.text()
    assert [r[0] for r in table(dialog)] == ["4"]  # 张大山's 15-digit number, converted
    qtbot.mouseClick(dialog.import_all, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.running(), timeout=20000)
    zhao, qian = (find_by_id_number(ledger, NUMBER[n]) for n in ("赵四", "钱五"))
    day = ledger.now().date()
    assert identities_on(ledger, zhao.id, day) == ("extreme_poverty",)
    assert identities_on(ledger, qian.id, day) == ("monitored",)
