"""The township's desk window, by keyboard: three villages' sticks in, the duplicate and the missing batch shown,
the county workbook out, the 进度通报 printed, and long work cancelled with Esc."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.operators import Operator
from desktop_app.services.drives import Drive
from desktop_app.services.ledger import Ledger
from desktop_app.services.progress import Progress
from desktop_app.ui import app as app_module
from desktop_app.ui import print_dialog, township_dialogs, township_window
from desktop_app.ui.keys_dialog import KeysDialog
from desktop_app.ui.township_dialogs import AddBatchesDialog, PrintProgressDialog, TownshipLogin
from desktop_app.ui.township_window import TownshipWindow
from tests.desk_villages import CLERK, SHARED, TOWNSHIP, Sticks, copy_sticks, make_sticks, new_desk
from tests.ui_support import ModalAnswer, back_to, press, show_active
from tests.village import PASSWORD

Desk = tuple[Ledger, Operator]


@pytest.fixture(scope="module")
def sticks(tmp_path_factory: pytest.TempPathFactory) -> Sticks:
    return make_sticks(tmp_path_factory.mktemp("villages"))


@pytest.fixture
def own(sticks: Sticks, tmp_path: Path) -> Sticks:
    return copy_sticks(sticks, tmp_path / "sticks")


@pytest.fixture
def desk(tmp_path: Path) -> Iterator[Desk]:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    yield ledger, clerk
    ledger.close()


def opened(qtbot: QtBot, desk: Desk) -> TownshipWindow:
    window = TownshipWindow(*desk)
    show_active(qtbot, window)
    idle(qtbot, window)
    return window


def idle(qtbot: QtBot, window: TownshipWindow) -> None:
    qtbot.waitUntil(lambda: not window.work.running(), timeout=20000)


def key(
    qtbot: QtBot, window: QWidget, k: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, k, modifier)


def stick_at(monkeypatch: pytest.MonkeyPatch, root: Path) -> None:
    monkeypatch.setattr(township_dialogs, "find_drives", lambda: [Drive(root, 8 * 1024**3)])


def add_by_keyboard(qtbot: QtBot, window: TownshipWindow) -> None:
    """Ctrl+O, Enter on the first stick, and wait for the worker."""
    answer = ModalAnswer(AddBatchesDialog, lambda d: qtbot.keyClick(d.list, Qt.Key.Key_Return))
    key(qtbot, window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    answer.check()
    back_to(qtbot, window)
    idle(qtbot, window)


def table(window: TownshipWindow, tab: int) -> list[list[str]]:
    return window.models[tab].table.texts()


def test_the_desk_loads_three_villages_and_shows_the_missing_batch_and_the_duplicate(
    qtbot: QtBot, desk: Desk, own: Sticks, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = opened(qtbot, desk)
    assert window.windowTitle() == f"征缴通 — {TOWNSHIP} 乡镇汇总"
    assert "还没有收到任何批次" in window.summary.text() and window.empty.isVisible()
    stick_at(monkeypatch, own.usb)
    add_by_keyboard(qtbot, window)
    assert "新收 4 批" in window.message.text()
    progress = {(row[0], row[1]): row for row in table(window, 0)}
    assert progress[("柳树村", "赵敏")][2:4] == ["1、3", "缺第 2 批"]
    assert progress[("山头村", "王芳")][3] == "—" and progress[("山头村", "王芳")][7] == "相符"
    assert "缺 1 批" in window.summary.text() and "重复参保 1 人" in window.summary.text()
    press(qtbot, Qt.Key.Key_2, modifier=Qt.KeyboardModifier.AltModifier)
    assert window.tabs.currentIndex() == 1 and window.tabs.tabText(1) == "重复参保 1 人 (&2)"
    rows = table(window, 1)
    assert [r[1] for r in rows] == [SHARED, SHARED]
    assert {(r[2], r[5]) for r in rows} == {("山头村", "STZ2022000001"), ("河口村", "HKC2022000001")}
    press(qtbot, Qt.Key.Key_3, modifier=Qt.KeyboardModifier.AltModifier)
    assert any(r[0] == "缺少批次" and r[1] == "柳树村" for r in table(window, 2))
    window.close()


def test_the_village_filter_narrows_every_table(
    qtbot: QtBot, desk: Desk, own: Sticks, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = opened(qtbot, desk)
    stick_at(monkeypatch, own.usb)
    add_by_keyboard(qtbot, window)
    press(qtbot, Qt.Key.Key_V, modifier=Qt.KeyboardModifier.AltModifier)
    assert QApplication.focusWidget() is window.village
    window.village.setCurrentText("河口村")  # what ↓ in the open list and Enter choose
    assert [r[0] for r in table(window, 0)] == ["河口村"]
    assert {r[2] for r in table(window, 1)} == {"山头村", "河口村"}  # the duplicate involves it
    assert table(window, 2) == [] and [r[0] for r in table(window, 3)] == ["河口村"]
    window.close()


def test_the_same_stick_twice_adds_nothing_and_the_message_says_so(
    qtbot: QtBot, desk: Desk, own: Sticks, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = opened(qtbot, desk)
    stick_at(monkeypatch, own.usb)
    add_by_keyboard(qtbot, window)
    before = table(window, 3)
    add_by_keyboard(qtbot, window)
    assert "新收 0 批" in window.message.text() and "此前已收 4 批" in window.message.text()
    assert table(window, 3) == before
    window.close()


def test_a_folder_is_chosen_when_no_stick_is_plugged_in(
    qtbot: QtBot, desk: Desk, own: Sticks, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(township_dialogs, "find_drives", lambda: [])
    monkeypatch.setattr(township_dialogs, "ask_folder", lambda parent, title: own.later)
    window = opened(qtbot, desk)
    add_by_keyboard(qtbot, window)
    assert [r[:3] for r in table(window, 3)] == [["柳树村", "赵敏", "2"]]
    window.close()


def test_the_county_workbook_is_exported_with_ctrl_e(
    qtbot: QtBot, desk: Desk, own: Sticks, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = opened(qtbot, desk)
    stick_at(monkeypatch, own.usb)
    add_by_keyboard(qtbot, window)
    out = tmp_path / "县汇总.xlsx"
    monkeypatch.setattr(township_window, "ask_save_path", lambda parent, suggested: out)
    key(qtbot, window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window)
    assert out.is_file() and out.with_suffix(".report.json").is_file()
    assert "县汇总已导出" in window.message.text() and "重复参保 1 人" in window.message.text()
    window.close()


def test_the_progress_notice_is_saved_as_a_pdf_for_one_village(
    qtbot: QtBot, desk: Desk, own: Sticks, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = opened(qtbot, desk)
    stick_at(monkeypatch, own.usb)
    add_by_keyboard(qtbot, window)
    offered: list[str] = []
    pdf = tmp_path / "通报.pdf"
    monkeypatch.setattr(print_dialog, "ask_pdf_path", lambda parent, name: offered.append(name) or pdf)
    monkeypatch.setattr(print_dialog, "show_error", lambda parent, text: pytest.fail(text))

    def choose(dialog: PrintProgressDialog) -> None:
        dialog.village.setCurrentIndex(dialog.village.findText("柳树村"))
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.AltModifier)

    answer = ModalAnswer(PrintProgressDialog, choose)
    key(qtbot, window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    answer.check()
    assert offered == [f"进度通报_柳树村_{desk[0].now().date().isoformat()}.pdf"]
    text = "\n".join(page.extract_text() for page in PdfReader(pdf).pages).replace(" ", "")
    assert "城乡居民医保征缴进度通报" in text and "柳树村" in text and "缺少批次" in text
    assert "已存为 PDF" in window.message.text()
    window.close()


def test_esc_cancels_a_long_load_and_keeps_what_was_received(
    qtbot: QtBot, desk: Desk, own: Sticks, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = opened(qtbot, desk)
    started = threading.Event()
    real = township_window.add_batches

    def slow(ledger: Ledger, operator: Operator, places: list[Path], progress: Progress) -> object:
        class Waiting(Progress):
            def step(self, text: str, done: int = 0, total: int = 0) -> None:
                progress.step(text, done, total)

            def checkpoint(self) -> None:
                started.set()
                while not progress_cancelled(progress):
                    threading.Event().wait(0.01)
                progress.checkpoint()

        return real(ledger, operator, places, Waiting())

    monkeypatch.setattr(township_window, "add_batches", slow)
    stick_at(monkeypatch, own.usb)
    answer = ModalAnswer(AddBatchesDialog, lambda d: qtbot.keyClick(d.list, Qt.Key.Key_Return))
    key(qtbot, window, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    answer.check()
    back_to(qtbot, window)
    qtbot.waitUntil(started.is_set)
    assert window.work.running() and not window.add_action.isEnabled()
    qtbot.keyClick(window, Qt.Key.Key_Escape)
    idle(qtbot, window)
    assert window.message.text().startswith("✗ 已取消") and window.add_action.isEnabled()
    assert table(window, 3) == []
    window.close()


def progress_cancelled(progress: Progress) -> bool:
    try:
        progress.checkpoint()
    except Exception:  # noqa: BLE001 - services.progress.Cancelled: 取消 was pressed
        return True
    return False


def test_a_township_ledger_opens_the_clerk_login_and_then_the_desk(
    qtbot: QtBot, desk: Desk, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, _ = desk
    path = ledger.path
    ledger.close()

    def log_in(dialog: TownshipLogin) -> None:
        assert dialog.clerk.currentText() == CLERK
        qtbot.keyClicks(dialog.password, PASSWORD)
        qtbot.keyClick(dialog.password, Qt.Key.Key_Return)

    answer = ModalAnswer(TownshipLogin, log_in)
    window = app_module.start(path)
    answer.check()
    assert isinstance(window, TownshipWindow) and window.operator.name == CLERK
    qtbot.addWidget(window)
    idle(qtbot, window)
    window.close()
    window.ledger.close()


def test_after_the_wizard_sets_up_a_township_the_desk_opens_without_a_second_login(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    made: list[Ledger] = []

    class Wizard:
        """The first-run wizard answered 乡镇 (ui.wizard): it hands over the ledger and the clerk."""

        def __init__(self, path: Path, catalogue: object) -> None:
            self.ledger, self.clerk = new_desk(path)
            self.acting = None
            made.append(self.ledger)

        def exec(self) -> bool:
            return True

    monkeypatch.setattr(app_module, "SetupWizard", Wizard)
    monkeypatch.setattr(township_dialogs, "TownshipLogin", lambda *a: pytest.fail("the clerk was asked to log in"))
    window = app_module.start(tmp_path / "新乡镇.sqlite")
    assert isinstance(window, TownshipWindow) and window.operator.name == CLERK
    qtbot.addWidget(window)
    idle(qtbot, window)
    window.close()
    made[0].close()


def test_enter_on_a_received_batch_tells_everything_about_it_and_f1_lists_the_keys(
    qtbot: QtBot, desk: Desk, own: Sticks, monkeypatch: pytest.MonkeyPatch
) -> None:
    window = opened(qtbot, desk)
    stick_at(monkeypatch, own.usb)
    add_by_keyboard(qtbot, window)
    press(qtbot, Qt.Key.Key_4, modifier=Qt.KeyboardModifier.AltModifier)
    window.views[3].setFocus()
    seen: list[str] = []
    answer = ModalAnswer(QMessageBox, lambda box: (seen.append(box.text()), box.accept()))
    press(qtbot, Qt.Key.Key_Return)
    answer.check()
    assert "SHA-256" in seen[0] and "收到于" in seen[0] and "校验通过" in seen[0]
    back_to(qtbot, window)
    listed: list[list[tuple[str, str]]] = []

    def read_and_close(dialog: KeysDialog) -> None:
        listed.append(dialog.rows())
        assert dialog.frameGeometry().height() <= dialog.screen().availableGeometry().height()
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(KeysDialog, read_and_close)
    press(qtbot, Qt.Key.Key_F1)
    assert not answer.check().isVisible()
    keys = dict(listed[0])
    assert listed[0] == list(township_window.KEYS)
    assert "添加批次" in keys["Ctrl+O"] and "导出县汇总" in keys["Ctrl+E"]
    window.close()
