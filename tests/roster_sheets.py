"""Roster workbooks made up for the import tests: good rows that never repeat an ID number, and a
sheet written from rows (with merged areas). Shared by the import test modules."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from desktop_app.domain.idnumber import resident_id

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐曾单解"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彩春菊凤梅琴云莲建国庆文辉"


def person_id(i: int) -> str:
    """The i-th made-up villager's ID number (valid, and different for every i below 2 million)."""
    return resident_id("220102", (date(1940, 1, 1) + timedelta(days=i // 1000 * 7)).isoformat(), i % 1000)


def person_name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[i * 7 % len(GIVEN)] + GIVEN[i * 13 % len(GIVEN)] * (i % 2)


def person_row(i: int) -> list[Any]:
    """A good row for the simplest header (户号, 姓名, 身份证号码, 与户主关系)."""
    return [f"{i // 3:05d}", person_name(i), person_id(i), "户主" if i % 3 == 0 else "子"]


def write_sheet(path: Path, rows: list[list[Any]], merges: Sequence[str] = ()) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    for area in merges:
        sheet.merge_cells(area)
    book.save(path)
    return path
