"""Rolls made of real-world mess, generated: the roster and the identity-list readers never crash, every
refusal is a Chinese sentence with its row and column, and what is only information is kept and warned about.

A generated roll may be an .xlsx (one header row or two, with merged cells), a GBK CSV, a
UTF-8 CSV with or without a BOM; with title rows, blank rows inside, trailing spaces, notes in
the column names; ID numbers spaced, in full-width digits, with a lowercase x, 15 digits old
(as text, or as a number cell whose digits survive: converted), ruined by Excel (a number, or
3.41E+17: refused) or with a wrong check digit; 与户主关系 and 民族 as villages write them.
Identity lists add each row's identity label (known, unknown, several, blank) and dates in
every spelling, some impossible.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from desktop_app.domain.codes import IDENTITY_KINDS
from desktop_app.exchange.identity_list import read_identity_list
from desktop_app.exchange.roster import read_roster
from desktop_app.services.identity_imports import codes_of_label
from desktop_app.services.policies import PolicyCatalogue
from tests.roster_sheets import person_id, person_name
from tests.village import POLICY_DIR

CHINESE = re.compile(r"[\u4e00-\u9fff]")
FORMATS = ("xlsx", "xlsx-two-rows", "csv-gbk", "csv-bom", "csv-utf8")
RELATIONS = {
    "户主": "户主",
    "本人": "本人",
    "子女": "子女",
    "儿女": "子女",
    "孙子女": "孙子女",
    "外孙子女": "外孙子女",
    "之子": "子",
    "户主之女": "女",
    "长孙": "长孙",
    "儿子": "子",
    "女儿": "女",
    "长子": "长子",
    "次女": "次女",
    "孙子": "孙子",
    "孙女": "孙女",
    "儿媳": "儿媳",
    "女婿": "女婿",
    "父亲": "父亲",
    "母亲": "母亲",
    "配偶": "配偶",
    "妻": "妻",
    "夫": "夫",
    " 子 ": "子",
    "丈夫": "夫",
    "儿媳妇": "儿媳",
}
ODD_RELATIONS = ("邻居", "干女儿", "保姆", "04", "亲戚家孩子")
ETHNICITIES = {"汉": "汉族", "汉族": "汉族", "01": "汉族", "汉族人": "汉族", "蒙古": "蒙古族", "03": "回族", "": ""}
ID_GOOD = ("plain", "spaced", "full_width", "lower_x", "old_text", "old_number")
ID_BAD = ("excel_number", "scientific", "wrong_check", "old_bad_date")
WIDE = str.maketrans("0123456789", "０１２３４５６７８９")


def written_id(kind: str, number: str, fmt: str) -> tuple[Any, str]:
    """The ID cell as the roll writes it, and what becomes of it: 'good', 'warn' or 'bad'."""
    old = number[:6] + number[8:17]
    text_only = not fmt.startswith("xlsx")
    if kind == "spaced":
        return f" {number[:6]} {number[6:14]} {number[14:]} ", "good"
    if kind == "full_width":
        return number.translate(WIDE), "good"
    if kind == "lower_x":
        return number.lower(), "good"
    if kind == "old_text":
        return old, "warn"
    if kind == "old_number":
        return (old if text_only else float(old)), "warn"
    if kind == "excel_number":
        return (f"{float(number[:17] + '0'):.14E}" if text_only else float(number[:17] + "0")), "bad"
    if kind == "scientific":
        return f"{float(number[:17] + '0'):.2E}", "bad"
    if kind == "wrong_check":
        return number[:17] + ("1" if number[17] == "0" else "0"), "bad"
    if kind == "old_bad_date":
        return old[:8] + "13" + old[10:], "bad"  # month 13
    return number, "good"


@dataclass
class Roll:
    header: list[str]
    rows: list[list[Any]] = field(default_factory=list)  # data rows (a blank one is [])
    bad: set[int] = field(default_factory=set)  # Excel row numbers (1-based, in the written file)
    warned: set[int] = field(default_factory=set)
    expected: dict[int, dict[str, Any]] = field(default_factory=dict)  # good row -> fields read


def write(path: Path, fmt: str, titles: int, roll: Roll) -> tuple[Path, int]:
    """The roll in its format; returns the path and the Excel row number of its first data row."""
    lines: list[list[Any]] = [[f"某村名单（标题第{t + 1}行）"] for t in range(titles)]
    two_rows = fmt == "xlsx-two-rows"
    if two_rows:  # 序号 and 户号 merged down two rows; a group title merged over the rest
        lines.append([*roll.header[:2], "人员信息", *[None] * (len(roll.header) - 3)])
    lines.append(roll.header)
    first = len(lines) + 1
    lines += roll.rows
    lines.append(["合计", f"共{len(roll.rows)}行"])
    if fmt.startswith("xlsx"):
        book = Workbook()
        sheet = book.active
        assert sheet is not None
        for line in lines:
            sheet.append(line)
        if titles:
            sheet.merge_cells("A1:D1")
        if two_rows:
            top = titles + 1
            sheet.merge_cells(f"A{top}:A{top + 1}")
            sheet.merge_cells(f"B{top}:B{top + 1}")
            sheet.merge_cells(f"C{top}:{chr(64 + len(roll.header))}{top}")
        path = path.with_suffix(".xlsx")
        book.save(path)
        return path, first
    text = "\r\n".join(",".join("" if v is None else str(v) for v in line) for line in lines) + "\r\n"
    encoding = {"csv-gbk": "gbk", "csv-bom": "utf-8-sig", "csv-utf8": "utf-8"}[fmt]
    path = path.with_suffix(".csv")
    path.write_bytes(text.encode(encoding))
    return path, first


ROSTER_ROW = st.tuples(
    st.sampled_from(ID_GOOD * 3 + ID_BAD),
    st.sampled_from(sorted(RELATIONS) * 2 + list(ODD_RELATIONS)),
    st.sampled_from(sorted(ETHNICITIES) + ["火星族"]),
    st.booleans(),
    st.sampled_from(["13800000000", "138 0000 0000", "", "无"]),
)


def roster_roll(specs: list[tuple[str, str, str, bool, str]], fmt: str, first: int) -> Roll:
    roll = Roll(["序号", "户号 ", "姓名", "身份证号码（必填）", "与户主关系", "民族 ", "联系电话"])
    line = first
    for i, (id_kind, relation, ethnicity, blank_before, phone) in enumerate(specs):
        if blank_before:
            roll.rows.append([])
            line += 1
        number = person_id(i + 7)
        cell, outcome = written_id(id_kind, number, fmt)
        roll.rows.append([i + 1, f"{i // 3:04d}", person_name(i) + " ", cell, relation, ethnicity, phone])
        if outcome == "bad":
            roll.bad.add(line)
        else:
            if outcome == "warn" or relation in ODD_RELATIONS or ethnicity == "火星族" or phone == "无":
                roll.warned.add(line)
            roll.expected[line] = {
                "id_number": number,
                "relation": RELATIONS.get(relation, relation),
                "ethnicity": ETHNICITIES.get(ethnicity, ethnicity),
                "phone": phone.replace(" ", ""),
            }
        line += 1
    return roll


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(ROSTER_ROW, min_size=1, max_size=25), fmt=st.sampled_from(FORMATS), titles=st.integers(0, 2))
def test_generated_rosters_keep_what_is_information_and_refuse_only_what_decides_identity(
    specs: list[tuple[str, str, str, bool, str]], fmt: str, titles: int
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        header_rows = 2 if fmt == "xlsx-two-rows" else 1
        roll = roster_roll(specs, fmt, titles + header_rows + 1)
        path, first = write(Path(folder) / "roll", fmt, titles, roll)
        assert first == titles + header_rows + 1
        read = read_roster(path)
    assert {p.row for p in read.problems} == roll.bad, read.problems[:3]
    assert {w.row for w in read.warnings} == roll.warned, read.warnings[:3]
    assert all(p.row > 0 and p.label and CHINESE.search(p.reason) for p in read.problems)
    assert all(w.row > 0 and w.label and CHINESE.search(w.reason) for w in read.warnings)
    got = {
        e.row: {"id_number": e.id_number, "relation": e.relation, "ethnicity": e.ethnicity, "phone": e.phone}
        for e in read.entries
    }
    assert got == roll.expected


POLICY = PolicyCatalogue([POLICY_DIR]).load("jl-2022").policy
KNOWN_LABELS = sorted({(name, kind.code) for kind in IDENTITY_KINDS for name in (kind.label, *kind.aliases)})
LABELS = st.one_of(
    st.sampled_from(KNOWN_LABELS).map(lambda pair: (pair[0], (pair[1],))),
    st.sampled_from([("困难户", None), ("贫困", None), ("低保？", None), ("", None)]),
    st.just(("特困、重度残疾", ("extreme_poverty", "severe_disability"))),
)
DATES = st.sampled_from(
    [
        ("2021-01-01", date(2021, 1, 1)),
        ("2021/3/5", date(2021, 3, 5)),
        ("2021年6月1日", date(2021, 6, 1)),
        ("20210901", date(2021, 9, 1)),
        ("", None),
        ("2021-13-01", "bad"),
        ("明年", "bad"),
    ]
)
LIST_ROW = st.tuples(st.sampled_from(ID_GOOD * 3 + ID_BAD), LABELS, DATES, DATES, st.booleans())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(LIST_ROW, min_size=1, max_size=20), fmt=st.sampled_from(FORMATS), titles=st.integers(0, 2))
def test_generated_identity_lists_map_each_rows_label_or_report_the_row(
    specs: list[tuple[str, tuple[str, tuple[str, ...] | None], tuple[str, Any], tuple[str, Any], bool]],
    fmt: str,
    titles: int,
) -> None:
    roll = Roll(["序号", "姓名", "成员身份证号码", "医疗救助身份 ", "纳入资助时间", "身份取消时间"])
    header_rows = 2 if fmt == "xlsx-two-rows" else 1
    line = titles + header_rows + 1
    for i, (id_kind, (label, codes), (start_text, start), (end_text, end), blank_before) in enumerate(specs):
        if blank_before:
            roll.rows.append([])
            line += 1
        number = person_id(i + 11)
        cell, outcome = written_id(id_kind, number, fmt)
        roll.rows.append([i + 1, person_name(i), cell, label, start_text, end_text])
        wrong_order = isinstance(start, date) and isinstance(end, date) and end < start
        if outcome == "bad" or codes is None or "bad" in (start, end) or wrong_order:
            roll.bad.add(line)
        else:
            if outcome == "warn":
                roll.warned.add(line)
            roll.expected[line] = {"id_number": number, "codes": codes, "from": start, "to": end}
        line += 1
    with tempfile.TemporaryDirectory() as folder:
        path, _ = write(Path(folder) / "list", fmt, titles, roll)
        listed = read_identity_list(path, lambda text: codes_of_label(POLICY, text))
    assert {p.row for p in listed.problems} == roll.bad, listed.problems[:3]
    assert {w.row for w in listed.warnings} == roll.warned
    assert all(p.row > 0 and p.label and CHINESE.search(p.reason) for p in listed.problems)
    got = {
        e.row: {"id_number": e.id_number, "codes": e.codes, "from": e.valid_from, "to": e.valid_to}
        for e in listed.entries
    }
    assert got == roll.expected


def test_a_date_cell_or_an_excel_serial_starts_and_ends_an_identity(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["身份证号码", "困难类型", "认定时间", "风险消除时间"])
    sheet.append([person_id(1), "脱贫不稳定户", datetime(2021, 5, 1, 10, 30), 44469])  # 44469 = 2021-09-30
    sheet.append([person_id(2), "突发严重困难户", 44317, (date(2021, 12, 31) - timedelta(days=0)).isoformat()])
    book.save(tmp_path / "监测.xlsx")
    listed = read_identity_list(tmp_path / "监测.xlsx", lambda text: codes_of_label(POLICY, text))
    assert listed.problems == ()
    assert [(e.codes, e.valid_from, e.valid_to) for e in listed.entries] == [
        (("unstable_out_of_poverty",), date(2021, 5, 1), date(2021, 9, 30)),
        (("sudden_hardship",), date(2021, 5, 1), date(2021, 12, 31)),
    ]
