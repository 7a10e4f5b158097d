"""Who is really covered, in the window (issue 12), by keyboard: the county's paid list imported and the
unpaid list shrinking, 参保状态 set and cleared, a refusal kept on the list with its reason, the 公示 version
of the 未缴名单, the 重复缴费 list opening the refund, the 参保进度 tab, and ``zhengjiao --json unpaid``."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook  # type: ignore[import-untyped]
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop_app.cli import cli
from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.operators import Acting
from desktop_app.domain.register import PersonInput
from desktop_app.services import printouts
from desktop_app.services.coverage import coverage_figures, coverage_of, duplicate_payments, mark
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, live_payment_for, pay, quote_people
from desktop_app.services.refunds import refund_applications
from desktop_app.services.register import add_household, add_identity, add_person, get_person
from desktop_app.services.settings import update_settings
from desktop_app.services.summaries import unpaid_people
from desktop_app.ui import county_paid_dialog, print_dialog
from desktop_app.ui.county_paid_dialog import CountyPaidDialog
from desktop_app.ui.coverage_dialog import CoverageDialog
from desktop_app.ui.duplicates_dialog import DuplicatesDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.member_dialog import MemberDialog
from desktop_app.ui.print_dialog import TargetDialog
from desktop_app.ui.void_refund_dialog import RefundDialog
from tests.printout_support import read_pdf
from tests.ui_support import ModalAnswer, back_to, focused, isolated_preferences, press, show_active, type_chinese
from tests.village import IN_PERIOD, PASSWORD, Clock, acting, family, pay_for, wang_household
from tests.years_support import start_year, years_ledger

__all__ = ["isolated_preferences"]

ZHAO = resident_id("220102", "1985-05-05", 222)
SUN = resident_id("220102", "1978-04-04", 233)
OUTSIDER = resident_id("341324", "1991-02-03", 201)
CTRL_SHIFT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting, dict[str, int]]:
    """新立村: the 王 household in 一组 (王建国 paid here, 低保), 赵丽 and 孙强 (低保) in 二组; 李会计 acts in 2022."""
    op = acting(xinli, "李会计")
    ids = wang_household(xinli, op)
    pay(xinli, op, PaymentRequest((ids["head"],), 100_000, IN_PERIOD))
    other = add_household(xinli, op, "0002", "新立村二组5号", "二组", "13900000002")
    ids["zhao"] = add_person(xinli, op, other, PersonInput("赵丽", ZHAO, relation="户主"))
    ids["sun"] = add_person(xinli, op, other, PersonInput("孙强", SUN, relation="子", phone="13700000003"))
    add_identity(xinli, op, ids["sun"], "subsistence_allowance", "民政", "低保名册")
    return xinli, op, ids


@pytest.fixture
def window(qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]) -> MainWindow:
    ledger, op, _ = village
    w = MainWindow(ledger, op)
    show_active(qtbot, w)
    return w


def names(ledger: Ledger) -> list[str]:
    return [u.name for u in unpaid_people(ledger)]


def county_list(path: Path, ledger: Ledger, ids: dict[str, int]) -> Path:
    """The tax office's export: a title row, then 李秀兰 (online), 王建国 (paid here too), someone from elsewhere."""
    book = Workbook()
    sheet = book.active
    sheet.append(["泗县税务局2022年度城乡居民医保缴费明细"])
    sheet.append(["序号", "缴费人姓名", "缴费人证件号码", "缴费渠道", "缴费时间", "实缴金额", "电子税票号码"])
    for n, (who, channel) in enumerate((("spouse", "微信"), ("head", "银行柜台")), start=1):
        person = get_person(ledger, ids[who])
        sheet.append([n, person.name, person.id_number, channel, "2021-10-20 10:11:12", 350, f"33201621100000{n}"])
    sheet.append([3, "外村人", OUTSIDER, "支付宝", "2021-10-21", 350, "332016211000003"])
    book.save(path)
    return path


def select_member(qtbot: QtBot, window: MainWindow, initials: str, name: str) -> None:
    """Find the household by a member's initials, go to the members (Enter), move down to the member."""
    press(qtbot, Qt.Key.Key_F, modifier=Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(window.search, initials)
    qtbot.waitUntil(lambda: window.presenter.household_id is not None, timeout=3000)
    press(qtbot, Qt.Key.Key_Return)
    assert focused() is window.members
    for _ in range(window.member_model.rowCount()):
        member = window.current_member()
        if member is not None and member.person.name == name:
            return
        press(qtbot, Qt.Key.Key_Down)
    raise AssertionError(f"{name} not in the members' table")


def test_importing_a_county_list_leaves_on_the_unpaid_list_only_whom_to_visit(
    qtbot: QtBot,
    window: MainWindow,
    village: tuple[Ledger, Acting, dict[str, int]],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ledger, _, ids = village
    path = county_list(tmp_path / "已缴费名单.xlsx", ledger, ids)
    monkeypatch.setattr(county_paid_dialog, "ask_open_path", lambda parent: path)
    before = names(ledger)
    assert "李秀兰" in before and "王建国" not in before
    row = next(r for r in window.household_model.rows if r.household_no == "0001")
    assert row.unpaid == 3 and window.coverage_label.text() == "参保率 16.66%"  # 1 of 6

    def imported(d: CountyPaidDialog) -> None:
        assert focused() is d.browse and not d.import_button.isEnabled()
        press(qtbot, Qt.Key.Key_Space)  # 选择文件…
        assert d.path.text() == str(path) and focused() is d.check_button
        press(qtbot, Qt.Key.Key_Space)  # 检查文件: a dry run, off the window's thread
        qtbot.waitUntil(lambda: d.checked is not None, timeout=20000)
        kinds = [(line.kind, line.row, line.name) for line in d.model.items]
        assert kinds == [("重复缴费", 4, "王建国"), ("花名册中没有", 5, "外村人")]
        assert "将新登记 2 人" in d.message.text() and coverage_of(ledger, ids["spouse"]) is None  # nothing written
        assert focused() is d.import_button
        press(qtbot, Qt.Key.Key_Return)  # 导入
        qtbot.waitUntil(lambda: d.report is not None, timeout=20000)
        assert "已导入" in d.message.text() and d.duplicates_button.isVisible()
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(CountyPaidDialog, imported, timeout_ms=30000)
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL_SHIFT)
    answer.check()
    back_to(qtbot, window)
    after = names(ledger)
    assert after == [n for n in before if n != "李秀兰"]  # she paid online: no longer to visit
    row = next(r for r in window.household_model.rows if r.household_no == "0001")
    assert row.unpaid == 2
    assert window.coverage_label.text() == "参保率 33.33%"  # 王建国 here, 李秀兰 elsewhere: 2 of 6
    assert "其他渠道 1" in window.coverage_label.toolTip()
    assert [d.name for d in duplicate_payments(ledger)] == ["王建国"]  # paid twice: the refund is to start
    listed = printouts.gather_unpaid(ledger, window.acting)
    assert "李秀兰" not in [r.person.name for r in listed.rows]


def test_a_status_is_set_and_cleared_in_the_dialog_by_keyboard(
    qtbot: QtBot, window: MainWindow, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, _, ids = village
    select_member(qtbot, window, "zl", "赵丽")

    def employee(d: CoverageDialog) -> None:
        assert focused() is d.status and not d.clear_button.isEnabled()
        press(qtbot, Qt.Key.Key_Down)  # 其他渠道已缴费 → 职工医保
        assert d.code() == "employee_insurance" and not d.channel.isEnabled()
        press(qtbot, Qt.Key.Key_Tab)  # the channel, amount and reference are skipped: only a payment has them
        assert focused() is d.on
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is d.note
        type_chinese(d.note, "在县城企业上班")
        press(qtbot, Qt.Key.Key_Return)

    answer = ModalAnswer(CoverageDialog, employee)
    press(qtbot, Qt.Key.Key_F4)
    answer.check()
    back_to(qtbot, window)
    c = coverage_of(ledger, ids["zhao"])
    assert c is not None and (c.status, c.note, c.set_on) == ("employee_insurance", "在县城企业上班", IN_PERIOD)
    assert "赵丽" not in names(ledger)
    assert window.current_member() is not None and window.current_member().status == "不在村缴费"

    def paid_online(d: CoverageDialog) -> None:
        assert "职工医保" in d.now_label.text() and d.clear_button.isEnabled()
        press(qtbot, Qt.Key.Key_Up)  # → 其他渠道已缴费
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is d.channel
        press(qtbot, Qt.Key.Key_Down)  # 线上 → 银行
        press(qtbot, Qt.Key.Key_Tab)
        d.on.selectAll()
        qtbot.keyClicks(d.on, "2021-10-08")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(d.amount, "350")
        press(qtbot, Qt.Key.Key_Tab)
        qtbot.keyClicks(d.reference, "332016211000009")
        press(qtbot, Qt.Key.Key_Return)

    answer = ModalAnswer(CoverageDialog, paid_online)
    press(qtbot, Qt.Key.Key_F4)
    answer.check()
    back_to(qtbot, window)
    c = coverage_of(ledger, ids["zhao"])
    assert c is not None and (c.status, c.channel, c.paid_on, c.amount, c.reference) == (
        "paid_elsewhere",
        "bank",
        date(2021, 10, 8),
        35_000,
        "332016211000009",
    )

    def cleared(d: CoverageDialog) -> None:
        press(qtbot, Qt.Key.Key_C, modifier=Qt.KeyboardModifier.AltModifier)  # 清除状态

    answer = ModalAnswer(CoverageDialog, cleared)
    press(qtbot, Qt.Key.Key_F4)
    answer.check()
    back_to(qtbot, window)
    assert coverage_of(ledger, ids["zhao"]) is None and "赵丽" in names(ledger)
    assert [
        r[0] for r in ledger.db.execute("SELECT action FROM audit_log WHERE action LIKE 'coverage.%' ORDER BY seq")
    ] == ["coverage.mark", "coverage.mark", "coverage.clear"]


def test_a_refusal_needs_its_reason_and_stays_on_the_unpaid_list_with_it(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ledger, op, ids = village
    dialog = CoverageDialog(ledger, op, ids["sun"])
    show_active(qtbot, dialog)
    dialog.status.setCurrentIndex(dialog.status.findData("refused"))
    press(qtbot, Qt.Key.Key_Return)  # no reason said: refused, nothing written, the note to fill
    assert dialog.isVisible() and "原因" in dialog.message.text() and focused() is dialog.note
    assert coverage_of(ledger, ids["sun"]) is None
    type_chinese(dialog.note, "说身体好，不想交")
    press(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible() and dialog.changed
    (sun,) = [u for u in unpaid_people(ledger) if u.name == "孙强"]
    assert sun.reason == "说身体好，不想交"

    # printed from the window's print dialog: 只列困难群众 ticked by keyboard
    files: list[Path] = []
    monkeypatch.setattr(print_dialog, "ask_pdf_path", lambda parent, name: files.append(tmp_path / name) or files[-1])

    def hardship_only(d: TargetDialog) -> None:
        press(qtbot, Qt.Key.Key_K, modifier=Qt.KeyboardModifier.AltModifier)  # 只列困难群众 (a mnemonic's click)
        qtbot.waitUntil(d.unpaid_options["hardship_only"].isChecked, timeout=2000)
        assert not d.unpaid_options["public"].isChecked()
        press(qtbot, Qt.Key.Key_S, modifier=Qt.KeyboardModifier.AltModifier)  # 存为PDF

    answer = ModalAnswer(TargetDialog, hardship_only)
    said = print_dialog.choose_and_print(None, ledger, op, "unpaid", as_of=IN_PERIOD)
    answer.check()
    assert said is not None and files[0].name == "未缴名单_困难群众_2021-11-01.pdf"
    flat = read_pdf(files[0]).flat
    assert "未参保原因" in flat and "孙强" in flat and "说身体好，不想交" in flat
    assert "城乡居民医保未缴费困难群众名单" in flat and "赵丽" not in flat  # she holds no identity


def test_the_public_version_hides_identities_phones_and_reasons_and_masks_id_numbers(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]], tmp_path: Path
) -> None:
    ledger, op, ids = village
    mark(ledger, op, ids["sun"], "refused", note="说身体好，不想交")
    full = read_pdf(printouts.to_pdf(printouts.document(ledger, op, "unpaid"), tmp_path / "full.pdf")).flat
    assert "低保对象" in full and "13700000003" in full and "说身体好，不想交" in full
    notice = read_pdf(
        printouts.to_pdf(printouts.document(ledger, op, "unpaid", public=True), tmp_path / "public.pdf")
    ).flat
    assert "（公示）" in notice and "孙强" in notice and "赵丽" in notice
    for hidden in (
        "低保",
        "资助身份",
        "联系电话",
        "13700000003",
        "13900000002",
        "说身体好",
        "未参保原因",
        SUN,
        ZHAO,
        SUN[:6] + "********",
    ):
        assert hidden not in notice, hidden
    assert f"{SUN[:4]}**********{SUN[-4:]}" in notice and f"{ZHAO[:4]}**********{ZHAO[-4:]}" in notice
    assert "请告知村收款员" in notice


def test_the_duplicate_list_shows_both_payments_and_opens_the_refund_for_that_person(
    qtbot: QtBot, window: MainWindow, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, op, ids = village
    receipt = live_payment_for(ledger, ids["head"], 2022)
    assert receipt is not None
    mark(
        ledger,
        op,
        ids["head"],
        "paid_elsewhere",
        channel="银行",
        on=date(2021, 10, 20),
        amount=35_000,
        reference="332016211000002",
    )

    def refunded(r: RefundDialog) -> None:
        ticked = [
            r.table.item(n, 2).text()
            for n in range(r.table.rowCount())
            if r.table.item(n, 0).checkState() == Qt.CheckState.Checked
        ]
        assert ticked == [get_person(ledger, ids["head"]).id_number]
        assert r.reason.currentData() == "duplicate_payment" and "银行缴费 2021-10-20" in r.note.text()
        r.password.setFocus()
        qtbot.keyClicks(r.password, PASSWORD)
        press(qtbot, Qt.Key.Key_Return)

    def listed(d: DuplicatesDialog) -> None:
        assert focused() is d.table and d.table.rowCount() == 1
        row = [d.table.item(0, c).text() for c in range(d.table.columnCount())]
        assert row[0] == "王建国" and row[3] == receipt and row[6] == "银行" and row[7] == "2021-10-20"
        assert row[8] == "350.00" and "332016211000002" in row[9]
        assert receipt in d.detail.text() and "银行缴费" in d.detail.text()  # both payments in one line too
        inner = ModalAnswer(RefundDialog, refunded, timeout_ms=10000)
        press(qtbot, Qt.Key.Key_Return)  # Enter on the row: 申请退费
        inner.check()
        back_to(qtbot, d)
        assert d.table.rowCount() == 0 and "已为 王建国 申请退还" in d.message.text()
        press(qtbot, Qt.Key.Key_Escape)

    answer = ModalAnswer(DuplicatesDialog, listed, timeout_ms=20000)
    qtbot.keyClick(window, Qt.Key.Key_D, CTRL_SHIFT)
    answer.check()
    back_to(qtbot, window)
    (application,) = refund_applications(ledger)
    assert application.receipt_no == receipt and application.reason_code == "duplicate_payment"
    assert duplicate_payments(ledger) == []
    assert "王建国" not in names(ledger)  # still covered: paid at the bank


def test_the_member_dialog_and_the_right_click_menu_open_the_status(
    qtbot: QtBot, window: MainWindow, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, _, ids = village
    status = next(a for a in window.members.actions() if a.objectName() == "coverage-status")
    assert window.members.contextMenuPolicy() == Qt.ContextMenuPolicy.ActionsContextMenu and status.text().startswith(
        "参保状态"
    )
    select_member(qtbot, window, "zl", "赵丽")

    def soldier(d: CoverageDialog) -> None:
        d.status.setCurrentIndex(d.status.findData("military"))
        press(qtbot, Qt.Key.Key_Return)

    def member(d: MemberDialog) -> None:
        assert d.coverage_button.isVisible()
        inner = ModalAnswer(CoverageDialog, soldier)
        press(qtbot, Qt.Key.Key_C, modifier=Qt.KeyboardModifier.AltModifier)  # 参保状态… (a mnemonic's click)
        qtbot.waitUntil(lambda: bool(inner.seen) or inner.error is not None, timeout=5000)
        inner.check()
        back_to(qtbot, d)
        press(qtbot, Qt.Key.Key_Escape)  # the member dialog is left without saving: the status stays

    answer = ModalAnswer(MemberDialog, member, timeout_ms=10000)
    press(qtbot, Qt.Key.Key_Return)  # Enter on a member: 修改成员
    answer.check()
    back_to(qtbot, window)
    c = coverage_of(ledger, ids["zhao"])
    assert c is not None and c.status == "military"
    assert window.current_member() is not None and window.current_member().status == "不在村缴费"


def test_the_progress_tab_counts_every_channel_with_the_hardship_groups_and_the_task_count(
    qtbot: QtBot, window: MainWindow, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    ledger, op, ids = village
    mark(ledger, op, ids["spouse"], "paid_elsewhere", channel="线上")
    mark(ledger, op, ids["student"], "school")
    press(qtbot, Qt.Key.Key_2, modifier=Qt.KeyboardModifier.ControlModifier)
    panel = window.progress_panel
    panel.chart.grab()
    overall = panel.chart.bars[0][0]
    assert (overall.active, overall.paid) == (5, 2)  # 6 registered, 1 at school; 王建国 here, 李秀兰 online
    text = panel.headline.text()
    assert "全村应参保 5 人，已缴 2 人" in text and "由学校组织参保 1" in text and "其他渠道 1 人" in text
    hardship = [(p.group, p.active, p.paid, p.target) for p, _ in panel.chart.hardship_bars]
    assert hardship == [("低保对象", 2, 1, 100)]  # 王建国 paid, 孙强 not: each group must reach 100 %
    assert (
        panel.chart.progress is not None and panel.chart.progress.short_of_target(panel.chart.hardship_bars[0][0]) == 1
    )
    update_settings(
        ledger, op, village_groups=("一组", "二组"), participation_target="", receipt_prefix="XL", task_count=4
    )
    window.after_change()
    panel.chart.grab()
    assert "乡镇任务数 4 人，还差 <b>2</b> 人" in panel.headline.text()


def test_unpaid_as_json_lists_only_the_uncovered_with_what_each_would_pay_today(
    village: tuple[Ledger, Acting, dict[str, int]],
) -> None:
    ledger, op, ids = village
    mark(ledger, op, ids["spouse"], "paid_elsewhere", channel="线上")
    mark(ledger, op, ids["sun"], "refused", note="说不想交")
    mark(ledger, op, ids["zhao"], "military")
    path = ledger.path
    result = CliRunner().invoke(cli, ["--db", str(path), "--json", "unpaid", "--on", "2021-11-01"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    people = {p["name"]: p for p in data["people"]}
    assert data["benefit_year"] == 2022 and set(people) == {"王小明", "王宝宝", "孙强"}
    sun = people["孙强"]
    quoted = quote_people(ledger, [get_person(ledger, ids["sun"])], IN_PERIOD)[0]
    assert sun == {
        "id_number": SUN,
        "name": "孙强",
        "household_no": "0002",
        "village_group": "二组",
        "identities": ["subsistence_allowance"],
        "due": f"{quoted.due // 100}.{quoted.due % 100:02d}",
        "note": sun["note"],
        "status": "refused",
        "reason": "说不想交",
    }
    assert people["王宝宝"]["id_number"] is None
    hardship = json.loads(
        CliRunner().invoke(cli, ["--db", str(path), "--json", "unpaid", "--hardship-only", "--on", "2021-11-01"]).output
    )
    assert [p["name"] for p in hardship["people"]] == ["孙强"]
    assert coverage_figures(ledger).uncovered == len(data["people"])


def test_the_townships_task_count_is_set_in_the_settings_by_keyboard(
    qtbot: QtBot, village: tuple[Ledger, Acting, dict[str, int]]
) -> None:
    from desktop_app.ui.settings_dialog import SettingsDialog

    ledger, op, _ = village
    dialog = SettingsDialog(ledger, op)
    show_active(qtbot, dialog)
    press(qtbot, Qt.Key.Key_K, modifier=Qt.KeyboardModifier.AltModifier)  # 乡镇任务数（人）
    assert focused() is dialog.task
    type_chinese(dialog.task, "一千")
    press(qtbot, Qt.Key.Key_Return)
    assert dialog.isVisible() and "任务数" in dialog.message.text() and ledger.settings.task_count == 0
    dialog.task.selectAll()
    qtbot.keyClicks(dialog.task, "1,850")
    press(qtbot, Qt.Key.Key_Return)
    assert not dialog.isVisible() and ledger.settings.task_count == 1850
    again = SettingsDialog(ledger, dialog.acting)
    assert again.task.text() == "1850"


def test_last_year_stands_beside_this_year_when_the_ledger_has_it(qtbot: QtBot, tmp_path: Path, clock: Clock) -> None:
    with years_ledger(tmp_path / "v.sqlite", clock, tmp_path / "policies", village_groups=("一组", "二组")) as ledger:
        first = acting(ledger)
        a, b = family(ledger, "0001", date(1980, 3, 1), date(1982, 5, 1))
        (c,) = family(ledger, "0002", date(1975, 1, 1), group="二组")
        pay_for(ledger, [a, b], who=first)
        start_year(ledger, 2023)
        now = acting(ledger, year=2023)
        pay_for(ledger, [a], on=ledger.now().date(), who=now)
        window = MainWindow(ledger, now)
        show_active(qtbot, window)
        press(qtbot, Qt.Key.Key_2, modifier=Qt.KeyboardModifier.ControlModifier)
        chart = window.progress_panel.chart
        chart.grab()
        assert [(p.group, str(p.rate)) for p, _ in chart.bars] == [("全村", "33.3"), ("一组", "50.0"), ("二组", "0.0")]
        assert [(p.group, str(p.rate)) for p, _ in chart.last_year_bars] == [
            ("全村", "66.7"),
            ("一组", "100.0"),
            ("二组", "0.0"),
        ]
        full, half = chart.last_year_bars[1][1], chart.bars[1][1]
        assert full.width() == pytest.approx(2 * half.width(), rel=0.01)  # the same scale, side by side
        assert "2022年度参保率 66.7%" in window.progress_panel.headline.text()
        window.close()
