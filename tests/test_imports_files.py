"""Sheets as they arrive: .xls, CSV in GBK or UTF-8, cells Excel mangled; each read the same way."""

from __future__ import annotations

import zipfile
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from desktop_app.domain.idnumber import IdNumberError, parse_id_number, resident_id
from desktop_app.exchange.cells import (
    CellError,
    CellNote,
    ParsedId,
    code_text,
    column_letter,
    old_id_number,
    parse_date_cell,
    parse_flag_cell,
    parse_id_cell,
    quick_id,
    read_id_cell,
)
from desktop_app.exchange.roster import read_roster
from desktop_app.exchange.sheets import decode_text, header_key, workbook_texts
from tests.roster_sheets import write_sheet
from tests.village import DATA

CSVS = ["import_roster_gbk.csv", "import_roster_utf8.csv", "import_roster_utf8_bom.csv"]


def test_gbk_utf8_and_utf8_with_bom_csv_files_read_alike() -> None:
    rosters = [read_roster(DATA / name) for name in CSVS]
    assert [len(r.problems) for r in rosters] == [0, 0, 0]
    entries = [r.entries for r in rosters]
    assert entries[0] == entries[1] == entries[2]
    assert [e.name for e in entries[0]] == ["王建国", "李秀兰", "王小明", "王伟", "赵红梅"]
    assert rosters[0].header_row == 2  # a title line above the header


def test_an_old_excel_97_2003_file_reads_like_the_csv() -> None:
    xls = read_roster(DATA / "import_roster.xls")
    csv = read_roster(DATA / "import_roster_gbk.csv")
    assert xls.problems == () and xls.ignored == 1  # the total row
    strip = [e._replace(row=0, address="") for e in csv.entries]
    assert [e._replace(row=0) for e in xls.entries] == strip  # merged 户号, numeric phones, a date serial


def test_undecodable_bytes_are_refused_with_what_to_do() -> None:
    with pytest.raises(ValueError, match="另存为"):
        decode_text(b"\xe5\xa7\x93\x80\xff", "x.csv")


def test_column_names_match_without_spaces_stars_or_notes() -> None:
    assert header_key(" 身份证号码（必填）* ") == "身份证号码"
    assert header_key("联系\n电话") == "联系电话"


@pytest.mark.parametrize("value", [3.41324198111111e17, 341324198111111111, 341324198111111.0])
def test_an_id_number_cell_that_excel_stored_as_a_number_is_refused_with_why(value: object) -> None:
    with pytest.raises(CellError, match="后几位已丢失"):
        parse_id_cell(value)


def test_an_id_number_written_in_scientific_notation_is_refused_with_why() -> None:
    with pytest.raises(CellError, match="科学计数法"):
        parse_id_cell("3.41324198111111E+17")


def test_full_width_digits_spaces_and_a_lowercase_x_are_read() -> None:
    number = "11010519491231002X"
    for written in (" 1101 0519 4912 3100 2x ", "１１０１０５１９４９１２３１００２Ｘ", number.lower()):
        parsed = parse_id_cell(written)
        assert parsed is not None and parsed.number == number and parsed.sex == "女"
    assert parse_id_cell("  ") is None and parse_id_cell(None) is None


@given(
    st.dates(date(1890, 1, 1), date(2030, 12, 31)),
    st.integers(0, 999),
    st.sampled_from(["110105", "341324", "810000", "830000", "910000", "000000"]),
    st.integers(-1, 17),
    st.sampled_from("0123X9"),
)
def test_the_quick_path_reads_id_numbers_exactly_as_parse_id_number(
    born: date, serial: int, region: str, spoil: int, digit: str
) -> None:
    body = f"{region}{born:%Y%m%d}{serial:03d}"
    number = body + ric.calc_check_digit(body + "0")
    if spoil >= 0:
        number = number[:spoil] + digit + number[spoil + 1 :]
    try:
        expected = parse_id_number(number)
    except IdNumberError:
        assert quick_id(number) is None
        with pytest.raises(CellError):
            parse_id_cell(number)
        return
    got = parse_id_cell(number)
    assert got is not None
    assert got == (expected.number, expected.kind.value, expected.sex, expected.birth_date.isoformat())
    assert quick_id(number) in (None, got)


@pytest.mark.parametrize(
    "value",
    [
        date(2021, 10, 1),
        datetime(2021, 10, 1, 0, 0),
        44470,
        44470.0,
        20211001,
        "2021-10-01",
        "2021/10/1",
        "2021.10.01",
        "20211001",
        "2021年10月1日",
        "２０２１－１０－０１",
        "2021-10-01 00:00:00",
    ],
)
def test_a_date_is_read_as_excel_or_a_person_writes_it(value: object) -> None:
    assert parse_date_cell(value) == date(2021, 10, 1)


@pytest.mark.parametrize("value", ["2021-13-01", "10/1/2021", "明年", 12.5, True])
def test_a_date_that_is_not_one_is_refused(value: object) -> None:
    with pytest.raises(CellError):
        parse_date_cell(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("是", True),
        ("否", False),
        ("1", True),
        (0, False),
        ("y", True),
        ("N", False),
        (True, True),
        (None, False),
        ("", False),
        (1.0, True),
    ],
)
def test_yes_and_no_are_read_in_all_their_spellings(value: object, expected: bool) -> None:
    assert parse_flag_cell(value, "是否在校学生") is expected


def test_an_unknown_yes_or_no_names_the_field() -> None:
    with pytest.raises(CellError, match="是否在校学生“也许”"):
        parse_flag_cell("也许", "是否在校学生")


def test_a_code_typed_as_a_number_keeps_its_digits_unless_excel_lost_them() -> None:
    assert code_text(12.0, "户号") == "12"
    assert code_text("００１２", "户号") == "0012"
    with pytest.raises(CellError, match="已丢失"):
        code_text(3.41324198111111e17, "户号")


def test_columns_are_named_as_excel_names_them() -> None:
    assert [column_letter(i) for i in (0, 25, 26, 27, 701, 702)] == ["A", "Z", "AA", "AB", "ZZ", "AAA"]


def test_the_look_ahead_reads_the_short_chinese_texts_of_a_workbook_while_there_is_time(tmp_path: Path) -> None:
    messy = set(workbook_texts(DATA / "import_roster_messy.xlsx", lambda: True))  # openpyxl's inline strings
    assert {"王建国", "李秀兰", "户主", "汉族"} <= messy
    excel = tmp_path / "excel.xlsx"  # Excel keeps each text once, in xl/sharedStrings.xml
    with zipfile.ZipFile(excel, "w") as book:
        book.writestr(
            "xl/sharedStrings.xml",
            '<sst><si><t>赵红梅</t></si><si><t xml:space="preserve">钱多多</t></si><si><t>13900000004</t></si></sst>',
        )
        book.writestr("xl/worksheets/sheet1.xml", '<worksheet><c t="s"><v>0</v></c></worksheet>')
    assert set(workbook_texts(excel, lambda: True)) == {"赵红梅", "钱多多"}
    rows = [
        ["户号", "姓名", "身份证号码"],
        *(
            [f"{i:04d}", name, "220102197003141310"]
            for i, name in enumerate(["王伟", "阿依古丽·买买提", "李秀兰", "王伟"])
        ),
    ]
    inline = write_sheet(tmp_path / "inline.xlsx", rows)
    texts = list(workbook_texts(inline, lambda: True))
    assert sorted(texts) == sorted(set(texts)) and {"王伟", "阿依古丽·买买提", "李秀兰", "姓名"} <= set(texts)
    assert "0001" not in texts and "220102197003141310" not in texts  # digits are not what it is for
    assert list(workbook_texts(inline, lambda: False)) == []  # no time to spare: nothing read


def test_the_look_ahead_gives_nothing_for_other_or_damaged_files(tmp_path: Path) -> None:
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a workbook")
    assert list(workbook_texts(broken, lambda: True)) == []
    assert list(workbook_texts(DATA / "import_roster.xls", lambda: True)) == []
    assert list(workbook_texts(DATA / "import_roster_gbk.csv", lambda: True)) == []


def test_the_callers_work_runs_once_while_the_sheet_is_parsed_and_its_error_goes_on() -> None:
    calls: list[bool] = []
    roster = read_roster(DATA / "import_roster_messy.xlsx", meanwhile=lambda busy: calls.append(busy()))
    assert len(calls) == 1 and roster.rows == 7
    calls.clear()
    read_roster(DATA / "import_roster_gbk.csv", meanwhile=lambda busy: calls.append(busy()))
    assert calls == [False]  # a CSV file is read at once: no time to spare

    def failing(busy: object) -> None:
        raise RuntimeError("磁盘满了")

    with pytest.raises(RuntimeError, match="磁盘满了"):
        read_roster(DATA / "import_roster_messy.xlsx", meanwhile=failing)


@pytest.mark.parametrize(
    "written",
    ["220102480606211", " 220102 480606 211 ", "２２０１０２４８０６０６２１１", 220102480606211.0, 220102480606211],
)
def test_a_15_digit_old_number_is_converted_to_18_digits_as_gb_11643_says(written: object) -> None:
    with pytest.raises(CellNote) as note:
        read_id_cell(written)
    assert note.value.kept == "220102194806062110" == resident_id("220102", "1948-06-06", 211)
    assert isinstance(note.value.value, ParsedId) and note.value.value.birth_date == "1948-06-06"
    assert "GB 11643" in note.value.reason and "220102480606211" in note.value.reason


def test_a_15_digit_number_whose_birth_date_is_none_is_refused_with_why() -> None:
    with pytest.raises(CellError, match="出生日期 19481306 不是有效日期"):
        read_id_cell("220102481306211")
    assert old_id_number("2201024806062") is None and old_id_number(3.41324198111111e17) is None
