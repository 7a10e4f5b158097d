"""达拉特旗's 先缴后补 payout list: per paying office, who is owed a subsidy later, with their accounts.

A 达拉特旗 village (nm-dalate-2022): a 蒙古族 villager is paid back 150 by 旗民族事务委员会,
a 低保 villager 310 by 旗民政局; a 特困 villager's subsidy is direct (not on the list), a
plain villager has none, and a voided payment's 蒙古族 villager is off the list again.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from desktop_app.cli import cli
from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.register import PersonInput
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import void
from desktop_app.services.payouts import account_of, export_payout, payouts, set_account
from desktop_app.services.register import add_household, add_identity, add_person
from tests.village import PASSWORD, acting, pay_for

NATIONALITIES = "旗民族事务委员会"
CIVIL = "旗民政局、乡村振兴统筹发展中心"


def dalate(make_ledger: Callable[..., Ledger]) -> tuple[Ledger, dict[str, int]]:
    ledger = make_ledger("nm-dalate-2022", prefix="DL", collector="其其格", village="树林召村")
    who = acting(ledger, "其其格")
    household = add_household(ledger, who, "0001", "树林召村一社1号", "一社", "13600000001")
    people = {
        "mongol": add_person(
            ledger,
            who,
            household,
            PersonInput("巴特尔", resident_id("150621", "1983-10-10", 11), relation="户主", ethnicity="蒙古族"),
        ),
        "poor": add_person(
            ledger,
            who,
            household,
            PersonInput("杨秀英", resident_id("150621", "1958-06-18", 22), relation="配偶", ethnicity="汉族"),
        ),
        "extreme": add_person(
            ledger,
            who,
            household,
            PersonInput("郭老汉", resident_id("150621", "1950-05-05", 31), relation="父亲", ethnicity="汉族"),
        ),
        "plain": add_person(
            ledger,
            who,
            household,
            PersonInput("王建军", resident_id("150621", "1975-06-12", 41), relation="子", ethnicity="汉族"),
        ),
    }
    add_identity(ledger, who, people["poor"], "subsistence_allowance", "民政", "2021年低保名单")
    add_identity(ledger, who, people["extreme"], "extreme_poverty", "民政", "特困名册")
    other = add_household(ledger, who, "0002", "树林召村一社2号", "一社")
    people["voided"] = add_person(
        ledger,
        who,
        other,
        PersonInput("乌云", resident_id("150621", "1990-01-01", 52), relation="户主", ethnicity="蒙古族"),
    )
    pay_for(ledger, [people[k] for k in ("mongol", "poor", "extreme", "plain")], who=who)
    wrong = pay_for(ledger, [people["voided"]], who=who)
    void(ledger, who, wrong.receipt_no, "收错了户")
    return ledger, people


def test_the_payout_list_has_each_paying_office_its_people_and_their_accounts(
    make_ledger: Callable[..., Ledger], tmp_path: Path
) -> None:
    ledger, people = dalate(make_ledger)
    who = acting(ledger, "其其格")
    saved = set_account(ledger, who, people["mongol"], "达拉特旗农商银行", "6228 4800 1234 5678 901")
    assert saved is not None and (saved.bank, saved.account) == ("达拉特旗农商银行", "6228480012345678901")
    assert account_of(ledger, people["mongol"]) == saved
    found = payouts(ledger)
    assert [payer for payer, _ in found.groups] == [NATIONALITIES, CIVIL]
    (_, nationalities), (_, civil) = found.groups
    assert [(e.line.name, e.basis, e.line.subsidy) for e in nationalities] == [("巴特尔", "蒙古族", 15_000)]
    assert [(e.line.name, e.basis, e.line.subsidy) for e in civil] == [("杨秀英", "低保对象", 31_000)]
    assert (found.amount, found.missing_accounts) == (46_000, 1)
    result = export_payout(ledger, who, tmp_path / "发放名单.xlsx")
    book = CalamineWorkbook.from_path(str(result.workbook))
    try:
        names = book.sheet_names
        summary = book.get_sheet_by_name("汇总").to_python()
        sheet = book.get_sheet_by_name(NATIONALITIES).to_python()
    finally:
        book.close()
    assert names == ["汇总", NATIONALITIES, CIVIL]
    assert summary[2] == [NATIONALITIES, 1, 150, 0] and summary[-1] == ["合计", 2, 460, 1]
    row = dict(zip(sheet[1], sheet[2]))
    assert (row["姓名"], row["资助身份或民族"], row["补助金额"], row["开户银行"]) == (
        "巴特尔",
        "蒙古族",
        150,
        "达拉特旗农商银行",
    )
    assert row["账号"] == "6228480012345678901"
    assert isinstance(row["证件号码"], str) and row["证件号码"] == resident_id("150621", "1983-10-10", 11)
    assert row["收据号"] == "DL2022000001"
    assert ledger.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'payout.export'").fetchone()[0] == 1


def test_an_account_is_kept_append_only_and_a_bad_one_is_refused(make_ledger: Callable[..., Ledger]) -> None:
    ledger, people = dalate(make_ledger)
    who = acting(ledger, "其其格")
    with pytest.raises(LedgerError, match="6 到 32 位数字"):
        set_account(ledger, who, people["poor"], "农业银行", "6228-48OO")
    with pytest.raises(LedgerError, match="开户银行"):
        set_account(ledger, who, people["poor"], "", "6228480012345678")
    set_account(ledger, who, people["poor"], "一卡通（农业银行代发）", "６２２８４８００１２３４５６７８")
    changed = set_account(ledger, who, people["poor"], "农商银行", "6217000011112222")
    assert changed is not None and (changed.bank, changed.account) == ("农商银行", "6217000011112222")
    assert set_account(ledger, who, people["poor"], "", "") is None
    assert ledger.db.execute("SELECT COUNT(*) FROM person_accounts").fetchone()[0] == 3
    logged = ledger.db.execute("SELECT payload FROM audit_log WHERE action = 'person.account' ORDER BY seq")
    assert "6217000011112222" not in "".join(r[0] for r in logged)  # the log keeps the last four digits only


def test_the_cli_exports_the_payout_workbook(make_ledger: Callable[..., Ledger], tmp_path: Path) -> None:
    ledger, _ = dalate(make_ledger)
    path = ledger.path
    ledger.close()
    out = tmp_path / "payout.xlsx"
    done = CliRunner().invoke(
        cli, ["--db", str(path), "--json", "export", "payout", "--out", str(out)], env={"ZHENGJIAO_PASSWORD": PASSWORD}
    )
    assert done.exit_code == 0, done.output
    report = json.loads(done.output)
    assert report["people"] == 2 and report["amount"] == "460.00" and report["missing_accounts"] == 2
    assert [p["payer"] for p in report["payers"]] == [NATIONALITIES, CIVIL] and out.is_file()
    text = CliRunner().invoke(cli, ["--db", str(path), "export", "payout", "--out", str(tmp_path / "again.xlsx")])
    assert text.exit_code == 0 and "2 人还没有登记账号" in text.output
    bad = CliRunner().invoke(cli, ["--db", str(path), "export", "payout", "--out", str(tmp_path / "x.csv")])
    assert bad.exit_code == 2 and ".xlsx" in bad.output
