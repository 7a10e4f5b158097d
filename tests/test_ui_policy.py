"""Policies in the window, by keyboard: the township writes 2023's policy in its editor (copy, edit,
sample households, save, sign, export) and a village that trusts its key installs it, opens 2023 with
it and takes a payment at the new amounts — no Python change, no test edited. An altered or unsigned
file is refused with the reason; the collector's policy view states every price and what to check."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QMessageBox, QTableWidget
from pytestqt.qtbot import QtBot

from desktop_app.domain.operators import Operator
from desktop_app.services import keys
from desktop_app.services.ledger import Ledger
from desktop_app.services.paths import policy_override_dir
from desktop_app.services.policy_editing import EXPORT_FOLDER, export, save, sign
from desktop_app.services.records import load_payment_by_receipt
from desktop_app.services.register import add_identity
from desktop_app.services.township_desk import initialise_township
from desktop_app.ui import policy_actions, policy_editor, policy_install, print_dialog, year_actions
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.payment_dialog import PaymentDialog
from desktop_app.ui.policy_editor import PolicyEditor
from desktop_app.ui.policy_editor_dialogs import CopyDialog, SignDialog
from desktop_app.ui.policy_install import InstallPolicyDialog, TrustKeyDialog
from desktop_app.ui.policy_view import PolicyViewDialog
from desktop_app.ui.year_dialog import NewYearDialog
from tests.editor_support import NEW_ID, edited
from tests.policy_support import KEY_PASSWORD, own_data_folder
from tests.printout_support import compact, read_pdf
from tests.ui_support import ModalAnswer, back_to, focused, isolated_preferences, press, show_active, type_chinese
from tests.village import PASSWORD, Clock, acting, family, new_ledger

__all__ = ["isolated_preferences"]
ALT, CTRL = Qt.KeyboardModifier.AltModifier, Qt.KeyboardModifier.ControlModifier
AUTUMN = datetime(2022, 11, 1, 9, 30)  # the 2023 collection period (2022-10-01 .. 2022-12-31)


@pytest.fixture
def data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The program's data folder (installed policies, trusted keys, the township's key) is the test's."""
    return own_data_folder(tmp_path, monkeypatch)


@pytest.fixture
def village(data: Path, tmp_path: Path) -> Iterator[Ledger]:
    """测试村 on jl-2022 (张会计, no admin password yet), the 王 household: an adult and one on 低保."""
    ledger = new_ledger(tmp_path / "village.sqlite", clock=Clock(AUTUMN))
    adult, poor = family(ledger, "0001", date(1978, 4, 4), date(1960, 3, 14))
    add_identity(ledger, acting(ledger), poor, "subsistence_allowance", "民政", "低保名册")
    yield ledger
    ledger.close()


@pytest.fixture
def desk(data: Path, tmp_path: Path) -> Iterator[tuple[Ledger, Operator]]:
    ledger = Ledger.open(tmp_path / "township.sqlite", create=True, clock=Clock(AUTUMN))
    clerk = initialise_township(ledger, "示例镇", "周文书", PASSWORD)
    yield ledger, clerk
    ledger.close()


def offer_files(monkeypatch: pytest.MonkeyPatch, by_pattern: dict[str, Path]) -> None:
    """The system's file chooser answers with these files (by what it is asked for: .toml, .pub)."""

    def chosen(parent: Any, title: str, pattern: str) -> Path | None:
        return next((path for suffix, path in by_pattern.items() if suffix in pattern), None)

    monkeypatch.setattr(policy_install, "ask_file", chosen)


def edit_cell(qtbot: QtBot, table: QTableWidget, row: int, column: int, text: str) -> None:
    """F2 on the cell, the text typed (Chinese through the input method), Enter."""
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)
    editor = focused()
    qtbot.keyClick(editor, Qt.Key.Key_A, CTRL)
    if text.isascii():
        qtbot.keyClicks(editor, text)
    else:
        type_chinese(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)  # the delegate commits on the next turn of the event loop
    qtbot.waitUntil(lambda: table.state() != QAbstractItemView.State.EditingState, timeout=2000)
    assert table.item(row, column).text() == text


def township_writes_2023(
    qtbot: QtBot, desk: tuple[Ledger, Operator], work: Path, stick: Path, monkeypatch: pytest.MonkeyPatch
) -> PolicyEditor:
    ledger, clerk = desk
    editor = PolicyEditor(ledger, clerk, None, work)
    show_active(qtbot, editor)

    def copy(dialog: CopyDialog) -> None:
        assert focused() is dialog.list and dialog.year.value() == 2023
        while not dialog.list.currentItem().text().startswith("吉林省2022年度"):
            press(qtbot, Qt.Key.Key_Down)
        assert dialog.new_id.text() == NEW_ID
        press(qtbot, Qt.Key.Key_Return)

    answer = ModalAnswer(CopyDialog, copy)
    qtbot.keyClick(editor, Qt.Key.Key_N, CTRL)
    answer.check()
    back_to(qtbot, editor)
    assert focused() is editor.edits["standard"]
    qtbot.keyClicks(focused(), "380")

    qtbot.keyClick(editor, Qt.Key.Key_2, ALT)
    subsidies = editor.subsidies.table
    row = next(r for r in range(subsidies.rowCount()) if subsidies.item(r, 2).text() == "定额")
    subsidies.setFocus()
    edit_cell(qtbot, subsidies, row, 3, "150")

    qtbot.keyClick(editor, Qt.Key.Key_5, ALT)
    samples = editor.samples.table
    for n, (household, name, born, who, due) in enumerate(
        (("1", "张国强", "1978-04-04", "", "380"), ("2", "王建国", "1960-03-14", "低保对象", "230"))
    ):
        qtbot.keyClick(editor, Qt.Key.Key_A, ALT)  # 添加一人: a new row, its 缴费日期 the period's first day
        qtbot.waitUntil(lambda n=n: samples.rowCount() == n + 1, timeout=2000)  # a mnemonic clicks after a moment
        assert focused() is samples and samples.currentRow() == n
        for column, text in ((0, household), (1, name), (2, born), (3, who), (8, due)):
            if text:
                edit_cell(qtbot, samples, n, column, text)
    qtbot.keyClick(editor, Qt.Key.Key_F9)
    assert [samples.item(r, 10).text() for r in range(2)] == ["380.00", "230.00"]
    assert [samples.item(r, 12).text() for r in range(2)] == ["相同", "相同"]

    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    assert editor.message.kind == "ok", editor.message.text()
    assert "共 2 个用例，全部相符" in editor.message.text()

    def passphrase(dialog: SignDialog) -> None:
        assert dialog.new and focused() is dialog.passphrase  # no key yet: one is made, the passphrase twice
        qtbot.keyClicks(dialog.passphrase, KEY_PASSWORD)
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(focused(), KEY_PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    answer = ModalAnswer(SignDialog, passphrase)
    qtbot.keyClick(editor, Qt.Key.Key_G, CTRL)
    answer.check()
    back_to(qtbot, editor)
    assert editor.message.kind == "ok" and "已签名" in editor.message.text(), editor.message.text()

    monkeypatch.setattr(policy_editor, "ask_folder", lambda parent, title: stick)
    qtbot.keyClick(editor, Qt.Key.Key_E, CTRL)
    assert "已导出到" in editor.message.text(), editor.message.text()
    return editor


def run_dialog(
    qtbot: QtBot,
    window: MainWindow,
    kind: type,
    act: Callable[[Any], None],
    open_it: Callable[[MainWindow], None],
    notice: bool = True,
) -> Any:
    answer = ModalAnswer(kind, act)
    info = ModalAnswer(QMessageBox, lambda box: box.accept()) if notice else None
    open_it(window)
    dialog = answer.check()
    if info is not None:
        info.check()
    back_to(qtbot, window)
    return dialog


def test_a_township_writes_2023_and_a_village_installs_it_opens_2023_and_charges_the_new_amounts(
    qtbot: QtBot, desk: tuple[Ledger, Operator], village: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "stick"
    township_writes_2023(qtbot, desk, tmp_path / "work", stick, monkeypatch)
    on_stick = stick / EXPORT_FOLDER
    assert sorted(p.name for p in on_stick.iterdir()) == sorted(
        [f"{NEW_ID}.toml", f"{NEW_ID}.cases.toml", f"{NEW_ID}.toml.sig", "township.pub"]
    )

    window = MainWindow(village, acting(village))
    show_active(qtbot, window)
    offer_files(monkeypatch, {".pub": on_stick / "township.pub", ".toml": on_stick / f"{NEW_ID}.toml"})

    def trust(dialog: TrustKeyDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)  # 选择乡镇公钥文件: a mnemonic clicks after a moment
        qtbot.waitUntil(lambda: "指纹" in dialog.info.text(), timeout=2000)
        qtbot.keyClick(dialog, Qt.Key.Key_W, ALT)
        qtbot.keyClicks(focused(), PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    trusted = run_dialog(qtbot, window, TrustKeyDialog, trust, policy_actions.open_trust)
    assert trusted.trusted == keys.fingerprint(keys.load_public(on_stick / "township.pub"))

    seen: dict[str, str] = {}

    def install_it(dialog: InstallPolicyDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=2000)
        seen["preview"] = dialog.text.toPlainText()
        assert focused() is dialog.password
        qtbot.keyClicks(dialog.password, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    installed = run_dialog(qtbot, window, InstallPolicyDialog, install_it, policy_actions.open_install)
    assert installed.installed is not None and installed.installed.name == f"{NEW_ID}.toml"
    assert "乡镇签名核对无误" in seen["preview"] and "个人缴费标准：360元 → 380元" in seen["preview"]
    assert "个人缴费230元（资助150元" in seen["preview"]

    def open_2023(dialog: NewYearDialog) -> None:
        assert dialog.policies.currentItem().text().startswith("吉林省2023年度")
        qtbot.keyClick(dialog, Qt.Key.Key_W, ALT)
        qtbot.keyClicks(focused(), PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    run_dialog(qtbot, window, NewYearDialog, open_2023, year_actions.open_new_year)
    assert window.acting.benefit_year == 2023 and village.year().policy_id == NEW_ID

    qtbot.keyClicks(window.search, "0001")
    qtbot.waitUntil(
        lambda: not window.search_timer.isActive() and window.count_label.text() == "找到 1 户", timeout=3000
    )
    paid: dict[str, Any] = {}

    def pay(dialog: PaymentDialog) -> None:
        paid["total"] = dialog.total.text()
        qtbot.keyClicks(dialog.cash, "700")
        press(qtbot, Qt.Key.Key_Return)
        paid["receipt"] = dialog.payment.receipt_no if dialog.payment else dialog.message.text()
        press(qtbot, Qt.Key.Key_Escape)

    run_dialog(qtbot, window, PaymentDialog, pay, lambda w: w.actions_.pay.trigger(), notice=False)
    assert paid["total"] == "610.00 元"  # 380 for the adult, 380 − 150 for the one on 低保
    stored = load_payment_by_receipt(village, paid["receipt"])
    assert stored.receipt_no == "JL2023000001" and [line.due for line in stored.lines] == [38000, 23000]
    assert stored.lines[1].subsidy == 15000


def signed_on_stick(tmp_path: Path) -> tuple[Path, Path]:
    """The township's 2023 file signed and exported with services (the window test does it by keyboard)."""
    saved = save(edited(), tmp_path / "work")
    private, public = keys.new_key_pair(tmp_path / "key", KEY_PASSWORD)
    sign(saved.path, private, KEY_PASSWORD)
    export(saved.path, tmp_path / "stick", public)
    folder = tmp_path / "stick" / EXPORT_FOLDER
    return folder / f"{NEW_ID}.toml", folder / "township.pub"


def refused_at_install(qtbot: QtBot, village: Ledger, path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    window = MainWindow(village, acting(village))
    show_active(qtbot, window)
    offer_files(monkeypatch, {".toml": path})
    seen: dict[str, Any] = {}

    def act(dialog: InstallPolicyDialog) -> None:
        qtbot.keyClick(dialog, Qt.Key.Key_F, ALT)
        qtbot.waitUntil(lambda: dialog.preview is not None, timeout=2000)
        seen["message"] = dialog.message.text()
        seen["text"] = dialog.text.toPlainText()
        seen["enabled"] = dialog.buttons.button(dialog.buttons.StandardButton.Ok).isEnabled()
        press(qtbot, Qt.Key.Key_Escape)

    run_dialog(qtbot, window, InstallPolicyDialog, act, policy_actions.open_install, notice=False)
    assert not seen["enabled"] and not (policy_override_dir() / path.name).exists()
    return f"{seen['message']}\n{seen['text']}"


def test_a_file_altered_after_signing_is_refused_at_install_with_the_reason(
    qtbot: QtBot, village: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy, public = signed_on_stick(tmp_path)
    keys.trust(public)
    text = policy.read_text("utf-8")
    policy.write_text(text.replace('payer = "医疗救助"', 'payer = "县财政"', 1), "utf-8")  # cases still hold
    said = refused_at_install(qtbot, village, policy, monkeypatch)
    assert "这个政策文件不能安装" in said and "签名后被改动过，签名不符；已拒绝" in said
    assert NEW_ID not in village.catalogue.ids()


def test_an_unsigned_file_is_refused_once_the_village_trusts_a_township_key(
    qtbot: QtBot, village: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy, public = signed_on_stick(tmp_path)
    keys.trust(public)
    keys.signature_path(policy).unlink()
    assert "没有乡镇签名" in refused_at_install(qtbot, village, policy, monkeypatch)


def test_a_file_whose_cases_fail_is_refused_naming_the_case(
    qtbot: QtBot, village: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    policy, _ = signed_on_stick(tmp_path)
    cases = policy.with_name(f"{NEW_ID}.cases.toml")
    cases.write_text(cases.read_text("utf-8").replace('"230.00"', '"210.00"'), "utf-8")
    said = refused_at_install(qtbot, village, policy, monkeypatch)
    assert "用例不符" in said and "期望 '210.00'，得到 '230.00'" in said


def test_the_editor_marks_a_sample_the_app_quotes_differently_and_the_check_fails(
    qtbot: QtBot, desk: tuple[Ledger, Operator], tmp_path: Path
) -> None:
    ledger, clerk = desk
    editor = PolicyEditor(ledger, clerk, None, tmp_path / "work")
    show_active(qtbot, editor)
    assert editor.presenter.copy("jl-2022", NEW_ID, 2023)
    qtbot.keyClick(editor, Qt.Key.Key_5, ALT)
    qtbot.keyClick(editor, Qt.Key.Key_A, ALT)
    samples = editor.samples.table
    qtbot.waitUntil(lambda: samples.rowCount() == 1, timeout=2000)
    for column, text in ((0, "1"), (1, "张国强"), (2, "1978-04-04"), (8, "400")):
        edit_cell(qtbot, samples, 0, column, text)
    qtbot.keyClick(editor, Qt.Key.Key_F9)
    assert samples.item(0, 10).text() == "360.00" and samples.item(0, 12).text() == "不同"
    assert samples.item(0, 12).background().color().name() == "#fde0dc"
    qtbot.keyClick(editor, Qt.Key.Key_S, CTRL)
    assert editor.message.kind == "error" and "检查没有通过" in editor.message.text()
    assert "people[0].due: 期望 '400.00'，得到 '360.00'" in editor.message.text()


def test_the_policy_view_states_every_price_in_plain_chinese_and_what_to_check(
    qtbot: QtBot, make_ledger: Callable[..., Ledger]
) -> None:
    ledger = make_ledger("hb-2026", prefix="HB")
    view = PolicyViewDialog(ledger, acting(ledger))
    show_active(qtbot, view)
    text = view.text.toPlainText()
    from desktop_app.services.policies import leaflet

    sheet = leaflet(ledger.policy_of().policy)
    for line in [g.text.partition("：")[2] for g in sheet.groups] + [late.text for late in sheet.late]:
        assert line in text
    assert "需要您核对的事项" in text and all(ask in text for ask in sheet.to_check)
    assert not re.search(r"[A-Za-z]", text) and "引擎" not in text


def test_students_of_a_policy_where_schools_enrol_them_read_that_the_school_does_it(
    qtbot: QtBot, make_ledger: Callable[..., Ledger]
) -> None:
    ledger = make_ledger("nm-dalate-2022", prefix="DL")
    view = PolicyViewDialog(ledger, acting(ledger))
    show_active(qtbot, view)
    assert "由学校组织参保（不在村代收）" in view.text.toPlainText() and "不能参保" not in view.text.toPlainText()


def test_printing_the_leaflet_keeps_the_townships_phone_and_makes_one_page(
    qtbot: QtBot, village: Ledger, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pdf = tmp_path / "明白纸.pdf"
    monkeypatch.setattr(print_dialog, "ask_target", lambda parent, kind, kw, today, *a: ("pdf", kw))
    monkeypatch.setattr(print_dialog, "ask_pdf_path", lambda parent, suggested: pdf)
    view = PolicyViewDialog(village, acting(village))
    show_active(qtbot, view)
    qtbot.keyClick(view, Qt.Key.Key_T, ALT)
    qtbot.keyClicks(focused(), "0431-12345678")
    qtbot.keyClick(view, Qt.Key.Key_P, ALT)  # 打印明白纸: a mnemonic clicks after a moment
    qtbot.waitUntil(lambda: "已存为 PDF" in view.message.text(), timeout=10000)
    assert village.settings.consult_phone == "0431-12345678"
    found = read_pdf(pdf)
    assert len(found.pages) == 1 and compact("咨询电话：0431-12345678") in found.flat


def test_the_menus_offer_the_policy_view_the_leaflet_install_and_trust(qtbot: QtBot, village: Ledger) -> None:
    window = MainWindow(village, acting(village))
    show_active(qtbot, window)
    menus = {m.text(): [a.text() for a in m.menu().actions()] for m in window.menuBar().actions() if m.menu()}
    assert "本年度政策(&P)…" in menus["帮助(&B)"] and "政策明白纸(&M)…" in menus["打印(&P)"]
    assert {"安装新政策(&I)…", "信任乡镇密钥(&K)…"} <= set(menus["文件(&F)"])
    assert any("本年度政策" in line for _, line in window.actions_.keys)


def test_the_townships_window_opens_the_policy_editor_from_its_menu(
    qtbot: QtBot, desk: tuple[Ledger, Operator]
) -> None:
    from desktop_app.ui.township_window import TownshipWindow

    window = TownshipWindow(*desk)
    show_active(qtbot, window)
    qtbot.waitUntil(lambda: not window.work.running(), timeout=20000)
    menu = next(m.menu() for m in window.menuBar().actions() if m.text() == "政策(&Z)")
    editor_action = next(a for a in menu.actions() if a.text() == "政策编辑器(&E)…")
    answer = ModalAnswer(PolicyEditor, lambda editor: editor.reject())
    editor_action.trigger()
    assert answer.check().windowTitle() == "政策编辑器 — 示例镇"
