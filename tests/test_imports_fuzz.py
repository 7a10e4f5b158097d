"""Rosters as real sheets hold them, generated: the import never crashes and reports every bad row.

What a generated sheet may hold: title rows, ID numbers stored by Excel as numbers
(their last digits gone), in scientific notation, with spaces, full-width digits or a
lowercase x, wrong check digits, repeated ID numbers, 15-digit old numbers (converted),
blank names, unknown 民族 / 关系 (kept, with a warning) / 是否在校学生 (refused: jl-2022
prices students apart), phones that are no number (kept, warned about), birth dates as
Excel serial numbers, datetimes or text (right or contradicting the ID number), 户号
merged down a household or missing, blank rows, a total row, a signature line, and now
and then a column named twice.
"""

from __future__ import annotations

import random
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.services.imports import import_roster
from desktop_app.services.ledger import Ledger
from tests.roster_sheets import person_id, person_name, write_sheet
from tests.village import XINLI, Clock, acting, new_ledger

HEADER = ["序号", "户号", "姓名", "身份证号码", "与户主关系", "民族", "是否在校学生", "出生日期", "联系电话"]
GOOD_KINDS = (
    "plain",
    "spaced",
    "full_width",
    "lower_x",
    "serial_birth",
    "datetime_birth",
    "text_birth",
    "spaced_name",
    "number_phone",
    "student_words",
    "short_ethnicity",
)
BAD_KINDS = (
    "excel_number",
    "scientific_text",
    "wrong_check",
    "no_name",
    "unknown_student",
    "wrong_birth",
    "duplicate_id",
    "no_household",
)
WARN_KINDS = ("unknown_ethnicity", "unknown_relation", "odd_phone", "old_id", "old_id_number")
SKIP_KINDS = ("blank",)


def village_ledger(folder: Path) -> Ledger:
    """新立村 (李会计) in a folder of its own; the caller closes it."""
    return new_ledger(folder / "village.sqlite", "jl-2022", clock=Clock(datetime(2021, 11, 1, 9, 0)), **XINLI)


@dataclass
class Generated:
    rows: list[list[Any]] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    bad: set[int] = field(default_factory=set)  # Excel row numbers that must be reported
    warned: set[int] = field(default_factory=set)  # good rows imported with a warning
    good: int = 0
    refused: bool = False


def generate(kinds: list[str], titles: int, household_sizes: list[int], twice_named: bool) -> Generated:
    """A sheet from a list of row kinds; it knows which rows are bad."""
    g = Generated()
    header = HEADER + (["身份证号码"] if twice_named else [])
    for t in range(titles):
        g.rows.append([f"某村花名册（第{t + 1}行标题）"])
        g.merges.append(f"A{t + 1}:F{t + 1}")
    g.rows.append(header)
    good_ids: list[str] = []
    sizes = iter(household_sizes or [1])
    left, household = 0, 0
    for i, kind in enumerate(kinds):
        line = len(g.rows) + 1
        if kind == "blank":
            if left == 0:  # never inside a merged household
                g.rows.append([])
                continue
            kind = "plain"
        if left == 0:
            household += 1
            left = max(1, next(sizes, 1))
            start = line
            size = left
            if size > 1:
                g.merges.append(f"B{start}:B{start + size - 1}")
        first = line == start
        left -= 1
        number = person_id(i)
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
        row: list[Any] = [
            i + 1,
            f"H{household:05d}" if first else None,
            person_name(i),
            number,
            "户主" if first else "子",
            "汉族",
            "否",
            None,
            "13800000000",
        ]
        bad = kind in BAD_KINDS
        if kind == "spaced":
            row[3] = f" {number[:6]} {number[6:14]} {number[14:]} "
        elif kind == "full_width":
            row[3] = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in number)
        elif kind == "lower_x":
            row[3] = number.lower()
        elif kind == "serial_birth":
            row[7] = (born - date(1899, 12, 30)).days
        elif kind == "datetime_birth":
            row[7] = datetime(born.year, born.month, born.day)
        elif kind == "text_birth":
            row[7] = f"{born.year}/{born.month}/{born.day}"
        elif kind == "spaced_name":
            row[2] = " ".join(row[2])
        elif kind == "number_phone":
            row[8] = 13900000000 + i
        elif kind == "student_words":
            row[6] = ("是", "1", "Y", "N", "0", True, False, None)[i % 8]
        elif kind == "short_ethnicity":
            row[5] = ("汉", "回", "蒙古", "满族", "")[i % 5]
        elif kind == "excel_number":
            row[3] = float(number[:17] + "0")  # what Excel keeps of an ID typed into a number cell
        elif kind == "scientific_text":
            row[3] = f"{float(number[:17] + '0'):.14E}".replace("E+0", "E+")
        elif kind == "wrong_check":
            row[3] = number[:17] + ("1" if number[17] == "0" else "0")
        elif kind == "no_name":
            row[2] = None if i % 2 else "  "
        elif kind == "unknown_ethnicity":
            row[5] = "火星族"
        elif kind == "unknown_relation":
            row[4] = ("邻居", "干女儿", "保姆", "04")[i % 4]
        elif kind == "odd_phone":
            row[8] = ("无", "不详", "138xxxx")[i % 3]
        elif kind == "old_id":
            row[3] = number[:6] + number[8:17]  # the same person's first-generation number
        elif kind == "old_id_number":
            row[3] = float(number[:6] + number[8:17])  # typed into a number cell: its 15 digits survive
        elif kind == "unknown_student":
            row[6] = "也许"
        elif kind == "wrong_birth":
            row[7] = (born + timedelta(days=1) - date(1899, 12, 30)).days
        elif kind == "duplicate_id":
            if good_ids:
                row[3] = good_ids[i % len(good_ids)]
            else:
                bad = False
        elif kind == "no_household":
            if first and size == 1:
                row[1] = None
            else:
                bad = False
        if twice_named:
            row.append(row[3])
        g.rows.append(row)
        if bad:
            g.bad.add(line)
        else:
            g.good += 1
            good_ids.append(number)
            if kind in WARN_KINDS:
                g.warned.add(line)
    g.rows.append(["合计", None, f"共{len(kinds)}人"])
    g.rows.append([])
    g.rows.append(["制表人：李会计", None, None, "审核人："])
    g.refused = twice_named
    return g


@pytest.fixture(scope="module")
def shared() -> Iterator[Ledger]:
    """One ledger for the dry runs (a dry run writes nothing)."""
    with tempfile.TemporaryDirectory() as folder:
        ledger = village_ledger(Path(folder))
        yield ledger
        ledger.close()


def check(ledger: Ledger, g: Generated, folder: Path, *, dry_run: bool) -> None:
    path = write_sheet(folder / "generated.xlsx", g.rows, g.merges)
    report = import_roster(ledger, acting(ledger, "李会计"), path, dry_run=dry_run, only_valid=True)
    if g.refused:
        assert report.refused and not report.written
        assert any("出现了2次" in p.reason for p in report.problems)
        return
    reported = {p.row for p in report.problems}
    assert reported == g.bad, (sorted(reported - g.bad), sorted(g.bad - reported), report.problems[:5])
    warned = {w.row for w in report.warnings}
    assert warned == g.warned, (sorted(warned - g.warned), sorted(g.warned - warned), report.warnings[:5])
    assert report.counts.added_people == g.good
    assert report.counts.rows == g.good + len(g.bad)
    assert all(p.row > 0 and p.label and CHINESE.search(p.reason) for p in report.problems)
    assert all(w.label and CHINESE.search(w.reason) for w in report.warnings)


KINDS = st.sampled_from(GOOD_KINDS * 2 + BAD_KINDS + WARN_KINDS + SKIP_KINDS)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    kinds=st.lists(KINDS, min_size=1, max_size=40),
    titles=st.integers(0, 3),
    sizes=st.lists(st.integers(1, 6), max_size=20),
    twice=st.sampled_from([False] * 6 + [True]),
)
def test_generated_sheets_never_crash_and_every_bad_row_is_reported(
    shared: Ledger, kinds: list[str], titles: int, sizes: list[int], twice: bool
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        check(shared, generate(kinds, titles, sizes, twice), Path(folder), dry_run=True)


@pytest.mark.slow
def test_a_ten_thousand_row_sheet_imports_its_good_rows_and_reports_every_bad_one(tmp_path: Path) -> None:
    rng = random.Random(20220901)
    kinds = [
        rng.choice(GOOD_KINDS) if rng.random() < 0.9 else rng.choice(BAD_KINDS + WARN_KINDS + SKIP_KINDS)
        for _ in range(10_000)
    ]
    sizes = [rng.choice((1, 2, 3, 3, 4, 5, 6)) for _ in range(4000)]
    g = generate(kinds, 2, sizes, False)
    ledger = village_ledger(tmp_path)
    try:
        check(ledger, g, tmp_path, dry_run=False)
        people = ledger.db.execute("SELECT count(*) FROM people").fetchone()[0]
        assert people == g.good
        again = import_roster(ledger, acting(ledger, "李会计"), tmp_path / "generated.xlsx", only_valid=True)
        assert (again.written, again.counts.unchanged) == (False, g.good)
    finally:
        ledger.close()
