"""The direct row writer against openpyxl's own cells: the same bytes, so old batches re-export identically."""

from __future__ import annotations

import io
import random
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

import pytest
from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ERROR_CODES  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import IllegalCharacterError  # type: ignore[import-untyped]

from desktop_app.exchange.batch_figures import figures_of, summary_rows
from desktop_app.exchange.batch_template import load_template, parse_template
from desktop_app.exchange.batch_workbook import (
    SUMMARY_KINDS,
    WIDTHS,
    _stamp,
    kinds_of,
    read_sheets,
    render,
    set_widths,
)
from desktop_app.exchange.batch_xml import MONEY_FORMAT, TEXT_FORMAT, SheetRows, save
from desktop_app.services.batches import canonical_rows
from tests.village import ROOT

AT = datetime(2021, 12, 20, 17, 3, 5)
TRICKY = [
    "",
    " ",
    "  左空格",
    "右空格  ",
    "\u3000全角空格",
    "=1+1",
    "=",
    "#N/A",
    "#REF!",
    "a&b<c>d",
    "\"'",
    "两\n行",
    "回车\r\n换行",
    "\t",
    "正常",
    "长" * 40000,
    "=" + "长" * 40000,
    "0123",
    "普通居民",
    "341324198003011318",
]


def reference_append(sheet: Any, kinds: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """How the batch rows were written before batch_xml: one openpyxl cell per value.

    The one change since: text equal to an Excel error code is a text cell, like "=…".
    """
    columns: list[tuple[str, Any]] = []
    for kind in kinds:
        cell = None
        if kind in ("text", "money"):
            cell = WriteOnlyCell(sheet)
            cell.number_format = TEXT_FORMAT if kind == "text" else MONEY_FORMAT
        columns.append((kind, cell))
    for row in rows:
        out: list[Any] = []
        for (kind, cell), value in zip(columns, row):
            if value is None or value == "":
                out.append(None)
            elif isinstance(value, str) and (value[0] == "=" or value in ERROR_CODES):  # error codes: see batch_xml
                literal = WriteOnlyCell(sheet)
                literal.number_format = TEXT_FORMAT
                literal.value = value
                literal.data_type = "s"
                out.append(literal)
            elif cell is None:
                out.append(value)
            elif kind == "text":
                cell.value = value
                out.append(cell)
            else:
                cell.value = int(value) / 100
                out.append(cell)
        sheet.append(out)


def both(blocks: list[tuple[Sequence[str], list[list[Any]]]]) -> tuple[bytes, bytes]:
    """One sheet written by openpyxl's cells and by SheetRows, zipped the same way."""
    out = []
    for direct in (False, True):
        book = Workbook(write_only=True)
        book.properties.created = book.properties.modified = AT
        sheet = book.create_sheet("明细")
        rows = SheetRows(sheet) if direct else None
        for kinds, block in blocks:
            if rows is not None:
                rows.append(kinds, block)
            else:
                reference_append(sheet, kinds, block)
        summary = book.create_sheet("汇总")
        reference_append(summary, SUMMARY_KINDS, [["合计", "正常", 3, 120, 0, 120]])
        data = io.BytesIO()
        save(book, data, [rows] if rows is not None else [], _stamp(AT))
        out.append(data.getvalue())
    return out[0], out[1]


def random_rows(seed: int, width: int, count: int) -> list[list[Any]]:
    pick = random.Random(seed)
    numbers = [0, 1, -1, 2022, 36000, -36000, 13001, 10**15 - 1, 10**15, 10**17, -(10**18)]
    return [
        [pick.choice(TRICKY + [None]) if pick.random() < 0.7 else pick.choice(numbers) for _ in range(width)]
        for _ in range(count)
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_text_numbers_and_money_give_the_bytes_openpyxl_gives(seed: int) -> None:
    kinds = ["plain", "text", "money", "integer", "text", "plain", "money"]
    rows = random_rows(seed, len(kinds), 300)
    for row in rows:  # money columns hold fen, as canonical() leaves them
        for i in (2, 6):
            row[i] = row[i] if isinstance(row[i], int) else None
    reference, direct = both([(["plain"] * len(kinds), [["表头"] * len(kinds)]), (kinds, rows)])
    assert direct == reference


def test_style_numbers_follow_the_first_styled_cell_written_as_openpyxl_numbers_them() -> None:
    kinds = ["text", "money", "plain"]
    money_first: list[list[Any]] = [[None, 36000, "=公式样文字"], ["341324198003011318", 0, "x"]]
    text_first: list[list[Any]] = [["=x", None, "y"], [None, 100, "z"]]
    for rows in (money_first, text_first):
        reference, direct = both([(kinds, rows)])
        assert direct == reference


def test_a_control_character_is_refused_as_openpyxl_refuses_it() -> None:
    book = Workbook(write_only=True)
    with pytest.raises(IllegalCharacterError, match="cannot be used in worksheets"):
        reference_append(book.create_sheet("旧"), ["plain"], [["坏\x07字"]])
    rows = SheetRows(book.create_sheet("新"))
    try:
        with pytest.raises(IllegalCharacterError, match="cannot be used in worksheets"):
            rows.append(["plain", "text"], [["好", "坏\x07字"]])
    finally:
        rows.close()


def test_a_whole_batch_workbook_is_the_same_bytes_as_release_1_wrote() -> None:
    template = load_template("default")
    text = (ROOT / "resources" / "export_templates" / "default.toml").read_text("utf-8")
    reordered = parse_template(text.replace("codes_row = false", "codes_row = true"), "codes.toml")
    pick = random.Random(7)
    frozen = [
        [
            pick.choice(TRICKY),
            "居民身份证",
            pick.choice(["", "34132419800301131X", "#N/A"]),
            "男",
            "1980-03-01",
            "汉族",
            pick.choice(["", "STZ0001", "=1"]),
            "一组",
            "普通居民",
            2022,
            pick.choice([36000, 0, 10**17]),
            13000,
            "直接减免",
            23000,
            "2022-01-01",
            f"STZ2022{n:06d}",
            "2021-11-01",
            "王芳",
            pick.choice(["正常", "作废"]),
            pick.choice(TRICKY),
            "2021-11-01",
            "",
            "2022-12-31",
        ]
        for n in range(200)
    ]
    for chosen in (template, reordered):
        rows = canonical_rows(chosen, frozen, "山头村", 3)
        summary = summary_rows(figures_of(chosen, rows))
        book = Workbook(write_only=True)
        book.properties.creator = book.properties.lastModifiedBy = "征缴通"
        book.properties.title = chosen.title
        book.properties.created = book.properties.modified = AT
        detail = book.create_sheet(chosen.sheet)
        set_widths(detail, [WIDTHS.get(c.field, 12) for c in chosen.columns])
        detail.freeze_panes = f"A{chosen.header_rows + 1}"
        headers = [[c.header for c in chosen.columns]] + (
            [[c.code for c in chosen.columns]] if chosen.codes_row else []
        )
        reference_append(detail, ["plain"] * len(chosen.columns), headers)
        reference_append(detail, kinds_of(chosen), rows)
        sheet = book.create_sheet(chosen.summary_sheet)
        set_widths(sheet, [20, 16, 8, 14, 14, 14])
        reference_append(sheet, ["plain"] * 6, summary[:1])
        reference_append(sheet, SUMMARY_KINDS, summary[1:])
        data = io.BytesIO()
        save(book, data, [], _stamp(AT))
        assert render(chosen, rows, summary, AT) == data.getvalue()
        assert read_sheets(data.getvalue())[chosen.sheet][chosen.header_rows][15] == "STZ2022000000"


def test_text_that_reads_like_an_excel_error_stays_text_and_reads_back() -> None:
    template = load_template("default")
    frozen = [
        [
            "王芳",
            "居民身份证",
            "220102197003141310",
            "女",
            "1970-03-14",
            "汉族",
            "#N/A",
            "#REF!",
            "普通居民",
            2022,
            36000,
            0,
            "",
            36000,
            "2022-01-01",
            "XL2022000001",
            "2021-11-01",
            "李会计",
            "正常",
            "#DIV/0!",
            "2021-11-01",
            "",
            "2022-12-31",
        ]
    ]
    rows = canonical_rows(template, frozen, "新立村", 1)
    back = read_sheets(render(template, rows, summary_rows(figures_of(template, rows)), AT))["缴费明细"][1]
    assert (back[6], back[7], back[19]) == ("#N/A", "#REF!", "#DIV/0!")
