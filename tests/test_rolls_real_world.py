"""Rolls as offices really write them (issue 12, 5. and the identity lists of 2.): a household roll whose
与户主关系 says 子女, a 民政 list with 成员身份证号码, a 医保 list mixing 特困, 低保 and 监测 with
纳入资助时间 and 身份取消时间 — each imports as written; only what decides money or identity refuses a row."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from desktop_app.cli import cli
from desktop_app.domain.operators import Acting
from desktop_app.exchange.identity_list import read_identity_list
from desktop_app.exchange.roster import read_roster
from desktop_app.services.imports import import_identities, import_roster, money_columns
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import quote_people
from desktop_app.services.policies import PolicyCatalogue
from desktop_app.services.register import find_by_id_number, identities_on, identity_records
from tests.policy_support import EXAMPLE_DIR
from tests.rolls import NUMBER, OLD_ID, PEOPLE, ROLLS, ZHANG
from tests.village import DATA, POLICY_DIR, XINLI, Clock, acting, new_ledger

ROLL = ROLLS / "roster_household_roll.xlsx"
MINZHENG = ROLLS / "minzheng_households.xlsx"
YIBAO_CSV, YIBAO_XLS = ROLLS / "yibao_assistance.csv", ROLLS / "yibao_assistance.xls"


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting]:
    """新立村 (jl-2022) with the household roll imported, and its collector 李会计 acting."""
    who = acting(xinli, "李会计")
    report = import_roster(xinli, who, ROLL)
    assert report.written and report.problems == ()
    return xinli, who


def codes_of(ledger: Ledger, name: str) -> list[str]:
    return sorted(r.code for r in identity_records(ledger, find_by_id_number(ledger, NUMBER[name]).id))


def test_a_roster_whose_relation_says_zinv_imports_whole(xinli: Ledger) -> None:
    report = import_roster(xinli, acting(xinli, "李会计"), ROLL)
    assert report.problems == () and report.written
    c = report.counts
    assert (c.rows, c.added_households, c.added_people, c.ignored) == (12, 3, 12, 4)  # 2 header rows aside
    for name, number, _, kept in PEOPLE:
        person = find_by_id_number(xinli, number)
        assert (person.name, person.relation) == (name, kept)
    wang = [find_by_id_number(xinli, NUMBER[n]) for n in ("王建国", "李秀兰", "王小明", "王小红")]
    assert {p.ethnicity for p in wang} == {"汉族"}  # 汉族, 01 (GB 3304), 汉, 汉族人
    assert [p.student for p in wang] == [False, False, True, False]
    assert find_by_id_number(xinli, NUMBER["赵四"]).household_no == "0003"
    assert find_by_id_number(xinli, NUMBER["张一"]).household_no == "0002"  # 户号 written ０００２, merged down


def test_values_kept_as_written_or_converted_are_reported_as_warnings(xinli: Ledger) -> None:
    report = import_roster(xinli, acting(xinli, "李会计"), ROLL)
    warned = {(w.row, w.field): w for w in report.warnings}
    assert set(warned) == {(11, "id_number"), (12, "phone"), (17, "relation")}
    old = warned[11, "id_number"]
    assert (old.value, old.kept, old.label) == (OLD_ID, ZHANG[0][1], "公民身份号码")
    assert "GB 11643" in old.reason and "15位" in old.reason
    assert find_by_id_number(xinli, ZHANG[0][1]).name == "张大山"
    assert warned[17, "relation"].kept == "干女儿" and "已按原文保留" in warned[17, "relation"].reason
    assert find_by_id_number(xinli, NUMBER["刘桂芝"]).phone == "无"
    assert find_by_id_number(xinli, NUMBER["赵四"]).phone == "13900000003"  # '139 0000 0003'


def test_a_header_over_two_rows_with_merged_cells_is_read_as_one() -> None:
    roster = read_roster(ROLL)
    assert roster.header_row == 4 and roster.problems == ()
    assert {"phone", "name", "id_number", "relation", "ethnicity", "household_no", "student"} <= set(roster.columns)
    assert roster.labels["phone"] == "联系电话"  # merged over H and I: one column, not a column named twice


def test_a_csv_with_a_bom_refuses_ruined_numbers_with_a_sentence_naming_row_and_column(xinli: Ledger) -> None:
    report = import_roster(xinli, acting(xinli, "李会计"), ROLLS / "roster_bom_mess.csv", only_valid=True)
    assert [(p.row, p.label) for p in report.problems] == [(3, "身份证号码（必填）"), (5, "身份证号码（必填）")]
    assert "科学计数法" in report.problems[0].reason and "校验位" in report.problems[1].reason
    assert (report.counts.added_people, report.counts.ignored) == (2, 1)
    sun = xinli.db.execute("SELECT name, ethnicity, relation FROM people ORDER BY id").fetchall()
    assert sun == [("孙大", "汉族", "户主"), ("孙四", "蒙古族", "户主")]  # trailing spaces; 02 is 蒙古族


def test_a_minzheng_household_list_with_member_columns_imports(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    report = import_identities(ledger, who, MINZHENG, None, "民政")
    assert report.problems == () and report.written
    assert report.counts.added_identities == 6
    for name in ("王建国", "李秀兰", "王小明", "张大山", "刘桂芝"):
        assert codes_of(ledger, name) == ["subsistence_allowance"], name
    assert codes_of(ledger, "赵四") == ["extreme_poverty"]  # 分散供养特困
    assert codes_of(ledger, "王小红") == []  # in the roll, not on the list
    [inherited] = report.warnings  # 刘桂芝's 保障类别 is blank: her household's, from the row above
    assert (inherited.row, inherited.field, inherited.kept) == (7, "identity", "低保户")
    assert "张大山" in inherited.reason
    head = find_by_id_number(ledger, NUMBER["王建国"])
    assert identity_records(ledger, head.id)[0].valid_from == date(2021, 1, 1)  # 纳入时间
    assert identity_records(ledger, find_by_id_number(ledger, NUMBER["赵四"]).id)[0].valid_from == date(2021, 6, 1)


def test_a_yibao_list_mixing_tekun_dibao_and_jiance_gets_three_codes(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    report = import_identities(ledger, who, YIBAO_CSV, None, "医保")  # a GBK CSV under a title line
    assert report.problems == () and report.counts.added_identities == 5
    assert codes_of(ledger, "赵四") == ["extreme_poverty"]
    assert codes_of(ledger, "张大山") == codes_of(ledger, "王建国") == ["subsistence_allowance"]
    assert codes_of(ledger, "钱五") == ["monitored"]
    again = import_identities(ledger, who, YIBAO_CSV, None, "医保")
    assert (again.written, again.counts.unchanged) == (False, 5)


def test_start_and_cancel_dates_are_honoured_by_the_quote(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    import_identities(ledger, who, YIBAO_CSV, None, "医保")
    zhang = find_by_id_number(ledger, NUMBER["张大山"])
    [record] = identity_records(ledger, zhang.id)
    assert (record.valid_from, record.valid_to) == (date(2021, 3, 1), date(2021, 10, 15))  # 纳入资助 … 身份取消
    assert identities_on(ledger, zhang.id, date(2021, 10, 15)) == ("subsistence_allowance",)
    assert identities_on(ledger, zhang.id, date(2021, 10, 16)) == ()
    [before] = quote_people(ledger, [zhang], date(2021, 10, 10))
    [after] = quote_people(ledger, [zhang], date(2021, 11, 1))
    assert before.subsidy > 0 and after.subsidy == 0 and after.due > before.due
    qian = find_by_id_number(ledger, NUMBER["钱五"])
    assert identities_on(ledger, qian.id, date(2021, 8, 31)) == () and identities_on(
        ledger, qian.id, date(2021, 9, 1)
    ) == ("monitored",)


def test_the_xls_list_as_wps_saves_it_reads_like_the_csv() -> None:
    policy = PolicyCatalogue([POLICY_DIR]).load("jl-2022").policy
    from desktop_app.services.identity_imports import codes_of_label

    def label(text: str) -> tuple[str, ...] | None:
        return codes_of_label(policy, text)

    xls, csv = read_identity_list(YIBAO_XLS, label), read_identity_list(YIBAO_CSV, label)
    assert xls.problems == csv.problems == ()
    assert [e._replace(row=0) for e in xls.entries] == [e._replace(row=0) for e in csv.entries]
    [converted] = xls.warnings  # 张大山's 15-digit number typed into a number cell: all digits survive
    assert (converted.value, converted.kept) == (OLD_ID, ZHANG[0][1])


def test_an_unknown_identity_label_is_a_reported_row_never_a_guess(
    village: tuple[Ledger, Acting], tmp_path: Path
) -> None:
    ledger, who = village
    path = tmp_path / "救助名单.csv"
    path.write_text(
        f"姓名,身份证号码,保障类别\n赵四,{NUMBER['赵四']},困难户\n张大山,{NUMBER['张大山']},五保户\n"
        f"钱五,{NUMBER['钱五']},\n",
        encoding="utf-8",
    )
    report = import_identities(ledger, who, path, None, "民政")
    assert report.blocked and not report.written
    assert [(p.row, p.field, p.label) for p in report.problems] == [
        (2, "identity", "保障类别"),
        (4, "identity", "保障类别"),
    ]
    assert "困难户" in report.problems[0].reason and "无法确定" in report.problems[0].reason
    assert "为空" in report.problems[1].reason
    good = import_identities(ledger, who, path, None, "民政", only_valid=True)
    assert good.counts.added_identities == 1 and codes_of(ledger, "张大山") == ["extreme_poverty"]


def test_several_identities_in_one_cell_are_each_recorded(village: tuple[Ledger, Acting], tmp_path: Path) -> None:
    ledger, who = village
    path = tmp_path / "名单.csv"
    path.write_text(f"成员姓名,成员身份证号码,人员类别\n赵四,{NUMBER['赵四']},特困、重度残疾\n", encoding="utf-8")
    report = import_identities(ledger, who, path, None, "民政")
    assert report.counts.added_identities == 2
    assert codes_of(ledger, "赵四") == ["extreme_poverty", "severe_disability"]


def test_code_still_forces_one_code_for_every_row(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    report = import_identities(ledger, who, YIBAO_CSV, "severe_disability", "残联")
    assert report.counts.added_identities == 5
    assert {c for name in ("赵四", "张大山", "钱五") for c in codes_of(ledger, name)} == {"severe_disability"}


def test_a_list_without_an_identity_column_needs_a_code(village: tuple[Ledger, Acting]) -> None:
    ledger, who = village
    with pytest.raises(LedgerError) as e:
        import_identities(ledger, who, DATA / "import_identities_dibao.xlsx", None, "民政")
    assert e.value.field == "code" and "医疗救助身份" in e.value.message


def test_a_policys_local_identity_code_and_label_are_accepted(tmp_path: Path) -> None:
    ledger = Ledger.open(
        tmp_path / "example.sqlite", create=True, clock=Clock(), catalogue=PolicyCatalogue([POLICY_DIR, EXAMPLE_DIR])
    )
    try:
        from desktop_app.services.setup import Setup, initialise

        who = initialise(ledger, Setup("example-2027", "示例村", "李会计", "SL", area="east"), "mima-2026")
        roster = tmp_path / "roster.csv"
        roster.write_text(
            f"户号,姓名,身份证号码\n0001,赵四,{NUMBER['赵四']}\n0002,钱五,{NUMBER['钱五']}\n", encoding="utf-8"
        )
        assert import_roster(ledger, who, roster).written
        forced = tmp_path / "高龄.csv"
        forced.write_text(f"身份证号码\n{NUMBER['赵四']}\n", encoding="utf-8")
        assert import_identities(ledger, who, forced, "poor_elderly", "民政").counts.added_identities == 1
        labelled = tmp_path / "困难.csv"
        labelled.write_text(f"身份证号码,身份类别\n{NUMBER['钱五']},困难高龄老人\n", encoding="utf-8")
        assert import_identities(ledger, who, labelled, None, "民政").counts.added_identities == 1
        person = find_by_id_number(ledger, NUMBER["钱五"])
        assert [r.code for r in identity_records(ledger, person.id)] == ["poor_elderly"]
    finally:
        ledger.close()


def test_the_student_flag_and_the_ethnicity_refuse_a_row_only_where_the_policy_prices_by_them(
    make_ledger: object, tmp_path: Path
) -> None:
    path = tmp_path / "roster.csv"
    path.write_text(
        f"户号,姓名,身份证号码,民族,是否在校学生\n0001,赵四,{NUMBER['赵四']},火星族,也许\n", encoding="utf-8"
    )
    outcomes = {}
    for policy_id, setup in (
        ("jl-2022", XINLI),
        ("nm-dalate-2022", {**XINLI, "area": None}),
        ("ah-sixian-shantou-2022", {**XINLI, "area": None}),
    ):
        ledger = make_ledger(policy_id, **setup)  # type: ignore[operator]
        who = acting(ledger, "李会计")
        assert (
            money_columns(ledger.policy_of(who.year).policy)
            == {"jl-2022": {"student"}, "nm-dalate-2022": {"student", "ethnicity"}, "ah-sixian-shantou-2022": set()}[
                policy_id
            ]
        )
        report = import_roster(ledger, who, path, dry_run=True)
        outcomes[policy_id] = ({p.field for p in report.problems}, {w.field for w in report.warnings})
    assert outcomes == {
        "jl-2022": ({"student"}, set()),  # a refused row has no warnings: it is not imported
        "nm-dalate-2022": ({"student", "ethnicity"}, set()),
        "ah-sixian-shantou-2022": (set(), {"student", "ethnicity"}),
    }


def zj(db: Path, *args: object) -> tuple[int, str, str]:
    done = CliRunner().invoke(cli, ["--db", str(db), *[str(a) for a in args]])
    return done.exit_code, done.stdout, done.stderr


def test_the_command_line_imports_a_list_by_its_own_identity_column(tmp_path: Path) -> None:
    db = tmp_path / "v.sqlite"
    new_ledger(db, "jl-2022", clock=Clock(), **XINLI).close()
    code, out, err = zj(db, "--json", "import", "roster", ROLL)
    assert code == 0, err
    roster = json.loads(out)
    assert [w["row"] for w in roster["warnings"]] == [11, 12, 17] and roster["problems"] == []
    code, out, err = zj(db, "import", "identities", MINZHENG, "--source", "民政")
    assert code == 0, err
    assert "新增身份 6 条" in out and "提示 1 处" in out and err.startswith("提示：第7行 保障类别")
    code, out, err = zj(db, "--json", "import", "identities", YIBAO_XLS, "--source", "医保", "--dry-run")
    assert code == 0, err
    listed = json.loads(out)
    assert listed["counts"]["added_identities"] == 5 and listed["warnings"][0]["kept"] == ZHANG[0][1]
    code, out, err = zj(db, "import", "identities", DATA / "import_identities_dibao.xlsx", "--source", "民政")
    assert code == 2 and "没有写明身份的列" in err
