"""Coverage beyond "paid here" (issue 12 §1, §3, §4): statuses set and cleared by hand, the
township's figures, the 重复缴费 list and the people still to visit; through the services and the CLI."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from desktop_app.cli import cli
from desktop_app.domain.coverage import EXCLUSIONS, STATUSES
from desktop_app.domain.operators import Acting
from desktop_app.domain.register import PersonInput
from desktop_app.services.coverage import (
    blocking_mark,
    clear,
    coverage_figures,
    coverage_of,
    coverages_of,
    describe_duplicate,
    duplicate_payments,
    mark,
    uncovered_people,
)
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import void
from desktop_app.services.register import add_identity
from tests.village import acting, family, new_id, pay_for

ADULT, ELDER = date(1980, 3, 1), date(1950, 6, 1)


def zj(db: Path, *args: object) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *[str(a) for a in args]])


def marks(ledger: Ledger) -> int:
    return int(ledger.db.execute("SELECT COUNT(*) FROM coverage_marks").fetchone()[0])


def audit_actions(ledger: Ledger) -> list[str]:
    return [r[0] for r in ledger.db.execute("SELECT action FROM audit_log WHERE action LIKE 'coverage.%' ORDER BY seq")]


def small_village(ledger: Ledger) -> dict[str, int]:
    """一组: paid here (低保), paid online, 职工医保, nobody yet (低保); 二组: a soldier, a refusal (特困 until
    last year), paid at school, and one moved out of the register."""
    a, b, c, d = family(ledger, "0001", ADULT, ADULT, ADULT, ELDER, group="一组")
    e, f, g, h = family(
        ledger,
        "0002",
        ADULT,
        ELDER,
        date(2008, 9, 1),
        PersonInput("赵迁", new_id(ADULT), status="moved_out"),
        group="二组",
    )
    who = acting(ledger)
    add_identity(ledger, who, a, "subsistence_allowance", "民政", "低保名册")
    add_identity(ledger, who, d, "subsistence_allowance", "民政", "低保名册", valid_from=date(2021, 1, 1))
    add_identity(ledger, who, f, "extreme_poverty", "民政", "特困名册", valid_to=date(2020, 12, 31))
    pay_for(ledger, [a])
    mark(ledger, who, b, "paid_elsewhere", channel="线上", on=date(2021, 10, 8), amount=35_000)
    mark(ledger, who, c, "employee_insurance", note="在县城企业上班")
    mark(ledger, who, e, "military", on=date(2021, 9, 1))
    mark(ledger, who, f, "refused", note="说身体好，不想交")
    mark(ledger, who, g, "paid_elsewhere", channel="学校")
    return dict(zip("abcdefgh", (a, b, c, d, e, f, g, h)))


# --- statuses by hand ----------------------------------------------------------------------


@pytest.mark.parametrize("status", sorted(STATUSES))
def test_each_status_is_set_then_cleared_with_an_audit_entry_each(
    ledger: Ledger, collector: Acting, status: str
) -> None:
    [person] = family(ledger, "0001", ADULT)
    extra = {"channel": "bank", "amount": 38_000, "reference": "税票3201"} if status == "paid_elsewhere" else {}
    done = mark(ledger, collector, person, status, note="村民自述" if status == "refused" else "", **extra)
    assert (done.status, done.benefit_year, done.operator, done.source) == (status, 2022, "张会计", "")
    assert coverage_of(ledger, person) == done and done.label == STATUSES[status]
    assert done.excluded == (status in EXCLUSIONS)
    cleared = clear(ledger, collector, person)
    assert cleared == done and coverage_of(ledger, person) is None
    assert audit_actions(ledger) == ["coverage.mark", "coverage.clear"]
    assert marks(ledger) == 2


def test_a_mark_holds_its_details_and_says_them_in_one_chinese_line(ledger: Ledger, collector: Acting) -> None:
    [person] = family(ledger, "0001", ADULT)
    done = mark(
        ledger,
        collector,
        person,
        "paid_elsewhere",
        channel="POS",
        on=date(2021, 10, 20),
        amount=35_000,
        reference="POS-778",
    )
    assert (done.channel, done.paid_on, done.amount, done.reference, done.set_on) == (
        "pos",
        date(2021, 10, 20),
        35_000,
        "POS-778",
        date(2021, 11, 1),
    )
    assert done.describe() == "已通过POS缴费，缴费日期 2021-10-20，凭证 POS-778，张会计 手工登记"
    soldier = mark(ledger, collector, person, "现役军人", on=date(2021, 9, 1), note="9月入伍")
    assert (soldier.status, soldier.set_on) == ("military", date(2021, 9, 1))
    assert soldier.describe() == "现役军人（2021-09-01 张会计登记）：9月入伍"
    assert coverages_of(ledger, [person]) == {person: soldier}


def test_marks_are_appended_and_never_changed(ledger: Ledger, collector: Acting) -> None:
    [person] = family(ledger, "0001", ADULT)
    mark(ledger, collector, person, "prison")
    with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
        ledger.db.execute("UPDATE coverage_marks SET status = 'military'")
    with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
        ledger.db.execute("DELETE FROM coverage_marks")
    for sql in (
        "UPDATE coverage_latest SET status = 'military'",
        "DELETE FROM coverage_latest",
        f"INSERT INTO coverage_latest VALUES ({person}, 2023, 1, 'prison')",
    ):
        with pytest.raises(sqlite3.IntegrityError, match="由参保标记自动维护"):
            ledger.db.execute(sql)
    assert ledger.db.execute("SELECT status FROM coverage_latest").fetchall() == [("prison",)]


def test_marking_the_same_again_writes_nothing(ledger: Ledger, collector: Acting) -> None:
    [person] = family(ledger, "0001", ADULT)
    first = mark(ledger, collector, person, "refused", note="嫌贵")
    again = mark(ledger, collector, person, "refused", note="嫌贵")
    assert again == first and marks(ledger) == 1 and audit_actions(ledger) == ["coverage.mark"]
    mark(ledger, collector, person, "refused", note="嫌贵，下月再说")
    assert marks(ledger) == 2


@pytest.mark.parametrize(
    ("status", "options", "field", "words"),
    [
        ("unknown", {}, "status", "参保状态“unknown”不对"),
        ("refused", {}, "note", "拒绝参保须写明原因"),
        ("refused", {"note": "   "}, "note", "拒绝参保须写明原因"),
        ("paid_elsewhere", {}, "channel", "须写明缴费渠道"),
        ("paid_elsewhere", {"channel": "邮局"}, "channel", "缴费渠道“邮局”不对"),
        ("military", {"channel": "online"}, "channel", "只有“其他渠道已缴费”才填写缴费渠道"),
        ("school", {"amount": 100}, "amount", "只有“其他渠道已缴费”才填写缴费金额"),
        ("paid_elsewhere", {"channel": "online", "amount": -1}, "amount", "不能为负数"),
        ("deceased", {"on": date(2021, 11, 2)}, "on", "晚于今天"),
    ],
)
def test_a_wrong_mark_is_refused_in_chinese_and_writes_nothing(
    ledger: Ledger, collector: Acting, status: str, options: dict[str, object], field: str, words: str
) -> None:
    [person] = family(ledger, "0001", ADULT)
    with pytest.raises(LedgerError, match=words) as refused:
        mark(ledger, collector, person, status, **options)  # type: ignore[arg-type]
    assert refused.value.field == field
    assert marks(ledger) == 0 and audit_actions(ledger) == []


def test_clearing_without_a_mark_or_for_nobody_is_refused(ledger: Ledger, collector: Acting) -> None:
    [person] = family(ledger, "0001", ADULT)
    with pytest.raises(LedgerError, match="没有参保状态标记，无需清除"):
        clear(ledger, collector, person)
    with pytest.raises(LedgerError, match="没有编号为 999 的人员"):
        mark(ledger, collector, 999, "military")


def test_a_mark_belongs_to_the_acting_year_only(make_ledger: Callable[..., Ledger]) -> None:
    ledger = make_ledger("jl-2022")
    [person] = family(ledger, "0001", ADULT)
    mark(ledger, acting(ledger), person, "military")
    assert coverage_of(ledger, person, 2022) is not None
    with pytest.raises(LedgerError, match="账本没有2023年度"):
        coverage_of(ledger, person, 2023)


def test_paid_elsewhere_and_exclusions_block_cash_but_a_refusal_does_not(ledger: Ledger, collector: Acting) -> None:
    online, soldier, refuser, nobody = family(ledger, "0001", ADULT, ADULT, ADULT, ADULT)
    mark(ledger, collector, online, "paid_elsewhere", channel="online")
    mark(ledger, collector, soldier, "military")
    mark(ledger, collector, refuser, "refused", note="不想交")
    assert [blocking_mark(ledger, p, 2022) is not None for p in (online, soldier, refuser, nobody)] == [
        True,
        True,
        False,
        False,
    ]


# --- the figures ---------------------------------------------------------------------------


def test_the_figures_of_a_small_village_count_every_channel_and_leave_out_the_excluded(ledger: Ledger) -> None:
    small_village(ledger)
    figures = coverage_figures(ledger)
    assert figures.to_json() == {
        "benefit_year": 2022,
        "registered": 7,
        "excluded": {
            "employee_insurance": 1,
            "insured_elsewhere": 0,
            "military": 1,
            "prison": 0,
            "school": 0,
            "deceased": 0,
            "moved_out": 0,
        },
        "to_cover": 5,
        "covered": {"here": 1, "elsewhere": 2},
        "uncovered": 2,
        "rate": "60.00",
        "target": None,
        "groups": {"subsistence_allowance": {"to_cover": 2, "covered": 1}},
        "village_groups": {"一组": {"to_cover": 3, "covered": 2}, "二组": {"to_cover": 2, "covered": 1}},
    }
    assert figures.refused == 1


def test_identity_groups_count_only_identities_held_on_the_day(ledger: Ledger) -> None:
    small_village(ledger)
    assert coverage_figures(ledger, on=date(2020, 6, 1)).to_json()["groups"] == {
        "extreme_poverty": {"to_cover": 1, "covered": 0},
        "subsistence_allowance": {"to_cover": 1, "covered": 1},
    }


def test_a_voided_receipt_no_longer_covers_and_a_cleared_mark_no_longer_excludes(ledger: Ledger) -> None:
    people = small_village(ledger)
    receipt = ledger.db.execute("SELECT receipt_no FROM payments").fetchone()[0]
    who = acting(ledger)
    void(ledger, who, receipt, "收错了人")
    clear(ledger, who, people["e"])
    figures = coverage_figures(ledger)
    assert (figures.registered, figures.to_cover, figures.covered_here, figures.covered_elsewhere, figures.rate) == (
        7,
        6,
        0,
        2,
        "33.33",
    )


def test_the_rate_is_cut_to_two_decimals_and_the_target_comes_from_the_village(
    make_ledger: Callable[..., Ledger],
) -> None:
    ledger = make_ledger("jl-2022", participation_target="99", village_groups=("一组", "二组", "三组"))
    people = family(ledger, "0001", *([ADULT] * 3))
    pay_for(ledger, people[:2])
    figures = coverage_figures(ledger)
    assert (figures.rate, figures.target) == ("66.66", "99.00")
    assert figures.to_json()["village_groups"] == {
        "一组": {"to_cover": 3, "covered": 2},
        "二组": {"to_cover": 0, "covered": 0},
        "三组": {"to_cover": 0, "covered": 0},
    }


def test_nobody_to_cover_has_no_rate(ledger: Ledger, collector: Acting) -> None:
    [person] = family(ledger, "0001", ADULT)
    mark(ledger, collector, person, "insured_elsewhere", note="在上海参保")
    figures = coverage_figures(ledger)
    assert (figures.registered, figures.to_cover, figures.rate) == (1, 0, None)


def test_the_target_is_the_policys_when_the_village_sets_none(make_ledger: Callable[..., Ledger]) -> None:
    ledger = make_ledger("hn-2022", prefix="HN")
    assert coverage_figures(ledger).target == "95.00"


# --- the lists -----------------------------------------------------------------------------


def test_a_person_paid_here_and_marked_paid_elsewhere_is_a_duplicate_payment(ledger: Ledger, collector: Acting) -> None:
    people = small_village(ledger)
    assert duplicate_payments(ledger) == []
    mark(
        ledger,
        collector,
        people["a"],
        "paid_elsewhere",
        channel="线上",
        on=date(2021, 10, 30),
        amount=35_000,
        reference="WX8812",
    )
    [dup] = duplicate_payments(ledger)
    assert (dup.person_id, dup.receipt_no, dup.channel, dup.reference, dup.village_group) == (
        people["a"],
        "JL2022000001",
        "online",
        "WX8812",
        "一组",
    )
    assert describe_duplicate(dup) == (
        f"王甲（{dup.id_number}）：本村收据 JL2022000001（2021-11-01，{dup.due // 100}.00元）；"
        "又线上缴费，2021-10-30，350.00元，凭证 WX8812，手工登记"
    )
    figures = coverage_figures(ledger)
    assert (figures.covered_here, figures.covered_elsewhere) == (1, 2)  # counted once, as paid here


def test_the_people_left_to_visit_are_neither_covered_nor_excluded(ledger: Ledger) -> None:
    people = small_village(ledger)
    left = uncovered_people(ledger)
    assert [p.person_id for p in left] == [people["d"], people["f"]]
    nobody, refuser = left
    assert (nobody.identities, nobody.mark, nobody.reason, nobody.household_no) == (
        ("subsistence_allowance",),
        None,
        "",
        "0001",
    )
    assert (refuser.mark is not None and refuser.mark.status, refuser.reason, refuser.village_group) == (
        "refused",
        "说身体好，不想交",
        "二组",
    )


# --- the command line ----------------------------------------------------------------------


def test_mark_and_clear_from_the_command_line(ledger: Ledger) -> None:
    [person] = family(ledger, "0001", ADULT)
    number = ledger.db.execute("SELECT id_number FROM people WHERE id = ?", [person]).fetchone()[0]
    done = zj(
        ledger.path,
        "--json",
        "mark",
        "--id-number",
        number,
        "--status",
        "paid_elsewhere",
        "--channel",
        "银行",
        "--on",
        "2021-10-09",
        "--amount",
        "350",
        "--reference",
        "柜台0091",
    )
    assert done.exit_code == 0, done.stderr
    shown = json.loads(done.stdout)
    assert {k: shown[k] for k in ("status", "channel", "paid_on", "amount", "reference", "cleared")} == {
        "status": "paid_elsewhere",
        "channel": "bank",
        "paid_on": "2021-10-09",
        "amount": "350.00",
        "reference": "柜台0091",
        "cleared": False,
    }
    assert coverage_of(ledger, person) is not None
    gone = zj(ledger.path, "mark", "--id-number", number, "--clear")
    assert gone.exit_code == 0, gone.stderr
    assert "已清除" in gone.stdout and coverage_of(ledger, person) is None


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("--status", "refused"), "说明：拒绝参保须写明原因"),
        (("--status", "paid_elsewhere"), "缴费渠道：其他渠道已缴费须写明缴费渠道"),
        (("--status", "soldier"), "参保状态：参保状态“soldier”不对"),
        (("--status", "military", "--clear"), "参保状态（--status）：请用 --status 指定参保状态，或用 --clear 清除"),
        ((), "参保状态（--status）：请用 --status 指定参保状态"),
        (
            ("--status", "paid_elsewhere", "--channel", "线上", "--amount", "3.5.0"),
            "金额（--amount）：金额“3.5.0”格式不对",
        ),
        (("--status", "military", "--on", "2021-13-01"), "日期（--on）：取值不对"),
        (("--clear",), "参保状态：王甲在2022年度没有参保状态标记"),
    ],
)
def test_a_wrong_mark_on_the_command_line_exits_2_naming_the_field(
    ledger: Ledger, args: tuple[str, ...], words: str
) -> None:
    [person] = family(ledger, "0001", ADULT)
    number = ledger.db.execute("SELECT id_number FROM people WHERE id = ?", [person]).fetchone()[0]
    done = zj(ledger.path, "mark", "--id-number", number, *args)
    assert done.exit_code == 2
    assert words in done.stderr and "Traceback" not in done.stderr
    assert marks(ledger) == 0


def test_coverage_prints_the_figures_as_json_and_as_a_chinese_summary(ledger: Ledger) -> None:
    small_village(ledger)
    shown = zj(ledger.path, "--json", "coverage", "--year", "2022")
    assert shown.exit_code == 0, shown.stderr
    assert json.loads(shown.stdout) == coverage_figures(ledger).to_json()
    summary = zj(ledger.path, "coverage")
    assert summary.exit_code == 0
    assert "在册 7 人，不计入 2 人（职工医保 1、现役军人 1），应参保 5 人" in summary.stdout
    assert "参保率 60.00%" in summary.stdout and "低保对象 1/2" in summary.stdout and "二组 1/2" in summary.stdout
    unknown = zj(ledger.path, "coverage", "--year", "2031")
    assert unknown.exit_code == 2 and "账本没有2031年度" in unknown.stderr
