"""``import county-paid`` (issue 12 §2, §3): the county's list of people paid through any channel,
as the offices write it, marks them paid elsewhere; the rest is reported, never guessed."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook  # type: ignore[import-untyped]

from desktop_app.cli import cli
from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.operators import Acting
from desktop_app.domain.register import PersonInput
from desktop_app.exchange.cells import CellError
from desktop_app.exchange.paid_cells import read_amount, read_channel, read_day, read_id, read_item, read_year
from desktop_app.services.county_paid import CountyPaidReport, import_county_paid
from desktop_app.services.coverage import (
    coverage_figures,
    coverage_of,
    duplicate_payments,
)
from desktop_app.services.ledger import Ledger, LedgerError
from tests.village import DATA, family, pay_for

LISTS = DATA / "county_paid"
HEAD = resident_id("220102", "1970-03-14", 131)  # 王建国 (as in county_paid/make_fixtures.py)
WIFE = resident_id("220102", "1972-07-02", 142)  # 李秀兰
WEI = resident_id("220102", "1985-01-20", 165)  # 王伟
OUTSIDER = resident_id("341324", "1991-02-03", 201)  # 外村人, not in the register
SON = resident_id("220102", "2010-09-01", 153)  # 王小明
ZHAO = resident_id("220102", "1990-05-06", 176)  # 赵红梅
OLD15 = "220102520304123"  # 钱老汉's old 15-digit number
OLD18 = resident_id("220102", "1952-03-04", 123)
CJK = re.compile(r"[\u4e00-\u9fff]")


def register(ledger: Ledger) -> dict[str, int]:
    a, b, c = family(
        ledger, "0001", PersonInput("王建国", HEAD), PersonInput("李秀兰", WIFE), PersonInput("王小明", SON)
    )
    d, e, f = family(
        ledger,
        "0002",
        PersonInput("王伟", WEI),
        PersonInput("赵红梅", ZHAO),
        PersonInput("钱老汉", OLD18),
        group="二组",
    )
    return {HEAD: a, WIFE: b, SON: c, WEI: d, ZHAO: e, OLD18: f}


def workbook(path: Path, rows: Sequence[Sequence[object]], merges: Sequence[str] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    sheet.title = "已缴费名单"
    for row in rows:
        sheet.append(list(row))
    for area in merges:
        sheet.merge_cells(area)
    book.save(path)
    return path


def zj(db: Path, *args: object) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *[str(a) for a in args]])


def marks(ledger: Ledger) -> int:
    return int(ledger.db.execute("SELECT COUNT(*) FROM coverage_marks").fetchone()[0])


def imports_audited(ledger: Ledger) -> int:
    return int(ledger.db.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'coverage.import'").fetchone()[0])


def township_list(path: Path) -> Path:
    """Two title rows, a two-row header with merged group cells, a blank row, a total and a signature."""
    return workbook(
        path,
        [
            ["泗县2022年度城乡居民基本医疗保险已缴费人员名单"],
            ["填报单位：山头镇税务所", None, None, None, "日期：2021年11月1日"],
            ["序号", "缴费人信息", None, "缴费信息"],
            [None, "缴费人姓名", "缴费人证件号码", "缴费渠道", "缴费日期", "实缴金额", "征收品目", "费款所属期"],
            [1, "王建国", HEAD, "微信", "2021-10-08 10:22:15", 350, "城乡居民基本医疗保险", "2022-01-01至2022-12-31"],
            [2, "李秀兰", WIFE, "银行柜台", datetime(2021, 10, 9), "350.00", "城乡居民基本医疗保险", "2022"],
            [3, "王小明", SON, "学校代缴"],
            [4, "张外人", OUTSIDER, "支付宝", "2021-10-10", 350, "城乡居民基本医疗保险", 2022],
            [],
            ["合计", "4人", None, None, None, 1050],
            ["制表人：李四"],
        ],
        merges=("A1:H1", "A3:A4", "B3:C3", "D3:H3"),
    )


# --- lists as the offices write them ---------------------------------------------------------


def test_a_list_with_title_rows_and_merged_header_cells_marks_everyone_it_names(
    ledger: Ledger, collector: Acting, tmp_path: Path
) -> None:
    people = register(ledger)
    report = import_county_paid(ledger, collector, township_list(tmp_path / "山头镇已缴费.xlsx"))
    assert (report.rows, report.matched, report.marked, report.unchanged, report.problems) == (4, 3, 3, 0, ())
    assert report.not_in_register == ((8, OUTSIDER, "张外人"),)
    head, wife, son = (coverage_of(ledger, people[n]) for n in (HEAD, WIFE, SON))
    assert head is not None and wife is not None and son is not None
    assert (head.status, head.channel, head.paid_on, head.amount, head.source, head.note) == (
        "paid_elsewhere",
        "online",
        date(2021, 10, 8),
        35_000,
        "山头镇已缴费.xlsx",
        "缴费渠道：微信",
    )
    assert (wife.channel, wife.paid_on, wife.amount) == ("bank", date(2021, 10, 9), 35_000)
    assert (son.channel, son.paid_on, son.amount) == ("school", None, None)
    sha = ledger.db.execute("SELECT DISTINCT source_sha256 FROM coverage_marks").fetchall()
    assert [r[0] for r in sha] == [report.sha256] and len(report.sha256) == 64
    figures = coverage_figures(ledger)
    assert (figures.covered_elsewhere, figures.to_cover, figures.rate) == (3, 6, "50.00")


def test_ids_as_text_survive_and_ids_as_numbers_are_reported_except_old_15_digit_ones(
    ledger: Ledger, collector: Acting, tmp_path: Path
) -> None:
    people = register(ledger)
    full_width = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in ZHAO)
    path = workbook(
        tmp_path / "numbers.xlsx",
        [
            ["姓名", "身份证号", "缴费方式"],
            ["王伟", float(WEI), "微信"],
            ["赵红梅", full_width, "支付宝"],
            ["钱老汉", int(OLD15), "银行"],
            ["王建国", "2.20102E+17", "微信"],
            ["李秀兰", f" {WIFE[:6]} {WIFE[6:14]} {WIFE[14:]} ", "微信"],
        ],
    )
    report = import_county_paid(ledger, collector, path)
    assert (report.rows, report.matched, report.marked) == (5, 3, 3)
    assert [(p.row, p.column) for p in report.problems] == [(2, "身份证号"), (5, "身份证号")]
    assert "Excel 只保留15位有效数字" in report.problems[0].reason and "科学计数法" in report.problems[1].reason
    assert report.problems[0].sentence.startswith("第2行“身份证号”列：")
    [old] = report.warnings
    assert (old.row, old.reason) == (4, f"15位旧身份证号码 {OLD15} 已按规则换算为18位 {OLD18}")
    assert all(coverage_of(ledger, people[n]) is not None for n in (ZHAO, OLD18, WIFE))
    assert coverage_of(ledger, people[WEI]) is None


def test_a_gbk_csv_reports_other_years_and_other_insurances_and_maps_the_channels(
    ledger: Ledger, collector: Acting, tmp_path: Path
) -> None:
    people = register(ledger)
    path = tmp_path / "税务导出.csv"
    path.write_bytes(
        "\n".join(
            [
                "公民身份号码,姓名,缴费途径,缴费时间,个人缴费金额,险种,缴费年度,电子税票号码",
                f"{HEAD},王建国,皖事通,2021/10/8,350,城乡居民医保,2022,332016211000123",
                f"{WIFE},李秀兰,云POS,20211009,￥350元,,2022年,",
                f'="{SON}",王小明,村委代收,,,,2022,R-9',
                f"{WEI},王伟,税务APP,2021-10-11,350,城镇职工基本医疗保险,2022,",
                f"{ZHAO},赵红梅,单位代缴,2020-10-11,320,城乡居民医保,2021,",
                f"{OLD18},钱老汉,线上,昨天,三百五,城乡居民医保,2022,",
            ]
        ).encode("gbk")
    )
    report = import_county_paid(ledger, collector, path)
    assert (report.rows, report.matched, report.marked) == (6, 4, 4)
    assert [(p.row, p.column, p.reason) for p in report.problems] == [
        (5, "险种", "险种“城镇职工基本医疗保险”不是城乡居民医保，未登记"),
        (6, "缴费年度", "是2021年度的缴费，不是2022年度的，未登记"),
    ]
    assert [(w.row, w.column) for w in report.warnings] == [(7, "缴费时间"), (7, "个人缴费金额")]
    got = {n: coverage_of(ledger, people[n]) for n in (HEAD, WIFE, SON, OLD18)}
    assert {n: (c.channel, c.reference) for n, c in got.items() if c} == {
        HEAD: ("online", "332016211000123"),
        WIFE: ("pos", ""),
        SON: ("other", "村委代收；R-9"),
        OLD18: ("online", ""),
    }
    assert coverage_of(ledger, people[WEI]) is None and coverage_of(ledger, people[ZHAO]) is None


def test_an_xls_saved_by_wps_is_read_like_any_list(ledger: Ledger, collector: Acting) -> None:
    people = register(ledger)
    report = import_county_paid(ledger, collector, LISTS / "paid_wps.xls")
    assert (report.rows, report.matched, report.marked) == (4, 2, 2)
    assert report.not_in_register == ((7, OUTSIDER, "外村人"),)
    assert [(p.row, p.column) for p in report.problems] == [(6, "征收品目")]  # 养老保险 is not ours
    head = coverage_of(ledger, people[HEAD])
    assert head is not None and (head.channel, head.paid_on, head.amount) == ("online", date(2021, 10, 8), 35_000)


def test_importing_the_same_list_twice_changes_nothing_and_a_newer_list_adds(
    ledger: Ledger, collector: Acting, tmp_path: Path
) -> None:
    register(ledger)
    first = township_list(tmp_path / "第一批.xlsx")
    import_county_paid(ledger, collector, first)
    before = (marks(ledger), imports_audited(ledger), coverage_figures(ledger).to_json())
    again = import_county_paid(ledger, collector, first)
    assert (again.matched, again.marked, again.unchanged) == (3, 0, 3)
    assert (marks(ledger), imports_audited(ledger), coverage_figures(ledger).to_json()) == before
    newer = workbook(
        tmp_path / "第二批.xlsx",
        [
            ["缴费人姓名", "缴费人证件号码", "缴费渠道", "缴费日期", "实缴金额"],
            ["王建国", HEAD, "微信", "2021-10-08", 350],
            ["王伟", WEI, "蒙速办", "2021-11-01", 350],
        ],
    )
    added = import_county_paid(ledger, collector, newer)
    assert (added.matched, added.marked, added.unchanged) == (2, 1, 1)
    assert coverage_figures(ledger).covered_elsewhere == 4 and imports_audited(ledger) == 2


def test_a_person_paid_here_and_on_the_list_is_paid_here_too_and_a_duplicate_payment(
    ledger: Ledger, collector: Acting, tmp_path: Path
) -> None:
    people = register(ledger)
    receipt = pay_for(ledger, [people[HEAD]]).receipt_no
    report = import_county_paid(ledger, collector, township_list(tmp_path / "list.xlsx"))
    assert [(p.id_number, p.receipt_no, p.name) for p in report.paid_here_too] == [(HEAD, receipt, "王建国")]
    [dup] = duplicate_payments(ledger)
    assert (dup.person_id, dup.receipt_no, dup.channel, dup.source) == (people[HEAD], receipt, "online", "list.xlsx")


def test_a_dry_run_reports_and_writes_nothing(ledger: Ledger, collector: Acting, tmp_path: Path) -> None:
    register(ledger)
    report = import_county_paid(ledger, collector, township_list(tmp_path / "list.xlsx"), dry_run=True)
    assert (report.dry_run, report.matched, report.marked) == (True, 3, 3)
    assert (marks(ledger), imports_audited(ledger)) == (0, 0)


def test_a_name_that_differs_from_the_register_is_marked_by_the_id_and_said(
    ledger: Ledger, collector: Acting, tmp_path: Path
) -> None:
    register(ledger)
    path = workbook(tmp_path / "names.xlsx", [["姓名", "证件号码"], ["王建困", HEAD], ["王建国", HEAD]])
    report = import_county_paid(ledger, collector, path)
    assert (report.rows, report.matched, report.marked) == (2, 1, 1)
    assert [(w.row, w.reason) for w in report.warnings] == [
        (2, "姓名“王建困”与花名册中的“王建国”不同，已按证件号码登记"),
        (3, f"与第2行是同一人（{HEAD}），只按第2行登记；若此人缴了两次，请向税务部门核实"),
    ]


# --- files that cannot be a list ------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("no_id_column.csv", "第1行的表头（姓名、缴费渠道、缴费日期）中没有证件号码列"),
        ("title_only.csv", "找不到表头"),
        ("two_id_columns.csv", "证件号码列出现了2次（第B、C列）"),
        ("not_a_workbook.xlsx", "无法读取表格文件"),
        ("list.pdf", "不支持的文件类型“.pdf”"),
        ("unknown_encoding.csv", "文字编码无法识别"),
        ("missing.xlsx", "找不到文件"),
    ],
)
def test_a_file_that_is_no_list_is_refused_naming_the_file_and_what_is_missing(
    ledger: Ledger, collector: Acting, name: str, words: str
) -> None:
    register(ledger)
    with pytest.raises(LedgerError) as refused:
        import_county_paid(ledger, collector, LISTS / name)
    assert refused.value.field == "file" and name in refused.value.message and words in refused.value.message
    assert (marks(ledger), imports_audited(ledger)) == (0, 0)
    done = zj(ledger.path, "import", "county-paid", LISTS / name)
    assert done.exit_code == 2 and "文件：" in done.stderr and words in done.stderr
    assert "Traceback" not in done.stderr and marks(ledger) == 0


# --- the command line ------------------------------------------------------------------------


def test_the_command_prints_the_report_as_json(ledger: Ledger, tmp_path: Path) -> None:
    people = register(ledger)
    receipt = pay_for(ledger, [people[WIFE]]).receipt_no
    path = township_list(tmp_path / "list.xlsx")
    dry = zj(ledger.path, "--json", "import", "county-paid", path, "--dry-run", "--year", "2022")
    assert dry.exit_code == 0, dry.stderr
    assert marks(ledger) == 0
    done = zj(ledger.path, "--json", "import", "county-paid", path, "--operator", "张会计")
    assert done.exit_code == 0, done.stderr
    report = json.loads(done.stdout)
    assert {k: report[k] for k in ("rows", "matched", "not_in_register", "paid_here_too")} == {
        "rows": 4,
        "matched": 3,
        "not_in_register": [{"row": 8, "id_number": OUTSIDER, "name": "张外人"}],
        "paid_here_too": [{"id_number": WIFE, "receipt_no": receipt}],
    }
    assert json.loads(dry.stdout)["marked"] == report["marked"] == 3


def test_the_command_prints_a_chinese_report_and_the_rows_it_did_not_take(ledger: Ledger, tmp_path: Path) -> None:
    register(ledger)
    path = tmp_path / "list.csv"
    path.write_text(
        f"证件号码,姓名,缴费年度\n{HEAD},王建国,2022\n{WIFE},李秀兰,2021\n{OUTSIDER},外村人,2022\n",
        encoding="utf-8-sig",
    )
    done = zj(ledger.path, "import", "county-paid", path)
    assert done.exit_code == 0, done.stderr
    assert "第3行 缴费年度 是2021年度的缴费，不是2022年度的，未登记" in done.stderr
    assert "已导入：已缴费名单 list.csv（2022年度），读取 3 行，对上花名册 1 人，新登记 1 人" in done.stdout
    assert "花名册中没有的 1 人：" in done.stdout and f"第4行 外村人 {OUTSIDER}" in done.stdout
    wrong = zj(ledger.path, "import", "county-paid", path, "--operator", "谁")
    assert wrong.exit_code == 2 and "收款员：没有收款员“谁”" in wrong.stderr


# --- fuzz: messy lists never crash, every refusal is a Chinese sentence with row and column ---

IDS = [
    HEAD,
    WIFE,
    OUTSIDER,
    HEAD.lower(),
    f" {WEI} ",
    OLD15,
    int(OLD15),
    float(SON),
    "3.41324E+17",
    "",
    "abc",
    HEAD[:17],
    HEAD[:17] + ("1" if HEAD[-1] != "1" else "2"),
    "１２３",
    f'="{ZHAO}"',
    f"'{ZHAO}",
]
CELLS = {
    "姓名": ["王建国", " 王  伟 ", "", "Zhang San", "外村人"],
    "缴费渠道": ["微信", "银行柜台", "云POS", "??", "", "学校", "税务APP ", 3, "支付宝/微信"],
    "缴费日期": [
        "2021-10-08",
        "2021/10/8",
        "20211008",
        "2021年10月8日",
        "8/10/2021",
        "昨天",
        "",
        "2021-02-30",
        44500,
        20211008,
        -3,
        date(2021, 10, 8),
        datetime(2021, 10, 8, 9, 30),
    ],
    "实缴金额": ["350", "350.00", "￥350元", "abc", "-5", "3.555", "", 350, 350.5, -1.0, 0.001, True],
    "险种": ["城乡居民基本医疗保险", "职工医保", "养老保险", "", "xyz", "居民医保"],
    "缴费年度": ["2022", "2021", "2022-01至2022-12", "二〇二二", "", "2021-2022", 2022, 2022.0, 1e20, date(2022, 1, 1)],
}
ID_HEADERS = ["证件号码", "身份证号", "公民身份号码", "缴费人证件号码", "身份证号码（必填）"]


@st.composite
def messy_lists(draw: st.DrawFn) -> list[list[object]]:
    columns = draw(st.lists(st.sampled_from(sorted(CELLS)), unique=True))
    with_id = draw(st.integers(0, 9)) > 0
    header = ([draw(st.sampled_from(ID_HEADERS))] if with_id else []) + columns
    header = draw(st.permutations(header))
    rows: list[list[object]] = [
        [draw(st.sampled_from(["2022年度已缴费名单", "", "合计", "单位：元"]))] for _ in range(draw(st.integers(0, 3)))
    ]
    rows.append(list(header))
    for _ in range(draw(st.integers(0, 12))):
        if draw(st.integers(0, 9)) == 0:
            rows.append([])
            continue
        rows.append(
            [draw(st.sampled_from(IDS)) if h in ID_HEADERS else draw(st.sampled_from(CELLS[h])) for h in header]
        )
    return rows


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=messy_lists(), as_csv=st.booleans())
def test_messy_lists_never_crash_and_every_refusal_names_row_and_column(
    ledger: Ledger, collector: Acting, tmp_path: Path, rows: list[list[object]], as_csv: bool
) -> None:
    if marks(ledger) == 0 and not ledger.db.execute("SELECT 1 FROM people").fetchone():
        register(ledger)
    if as_csv:
        path = tmp_path / "fuzz.csv"
        path.write_text(
            "\n".join(",".join(str(c).replace(",", " ") for c in r) for r in rows) + "\n",
            encoding="gbk",
            errors="replace",
        )
    else:
        path = workbook(tmp_path / "fuzz.xlsx", rows)
    try:
        report = import_county_paid(ledger, collector, path, dry_run=True)
    except LedgerError as e:
        assert e.field == "file" and path.name in e.message and CJK.search(e.message)
        return
    check(report)


def check(report: CountyPaidReport) -> None:
    duplicates = [w for w in report.warnings if "是同一人" in w.reason]
    assert report.rows == report.matched + len(report.not_in_register) + len(report.problems) + len(duplicates)
    for p in (*report.problems, *report.warnings):
        assert p.row >= 1 and p.column and CJK.search(p.reason)
        assert p.sentence.startswith(f"第{p.row}行“{p.column}”列：")
    assert report.marked <= report.matched


READERS = (read_id, read_year, read_item, read_channel, read_day, read_amount)
ANY_CELL = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.dates(),
    st.datetimes(),
    st.times(),
    st.timedeltas(),
    st.from_regex(r"\s*[0-9０-９xX.,E+\-/年月日]{0,20}\s*", fullmatch=True),
)


@settings(max_examples=300, deadline=None)
@given(value=ANY_CELL)
def test_each_cell_reader_answers_or_says_why_in_chinese(value: object) -> None:
    for reader in READERS:
        try:
            reader(value)
        except CellError as e:
            assert CJK.search(str(e)), (reader.__name__, value, e)
