"""Spreadsheets as the offices hand them out: .xlsx, old .xls, and .csv in GBK or UTF-8.

python-calamine reads .xlsx/.xls/.ods (openpyxl cannot read .xls, and is ten times
slower). Rows keep the numbering the user sees in Excel, merged areas are filled with
their top-left value (a 户号 merged down a household's rows belongs to each row), and
the header row is found by its column names, below any title rows (a column name
merged across two columns names the first of them).

calamine parses a sheet without holding Python's GIL: the caller may hand ``read_sheets``
work of its own (``meanwhile``) to do on its thread while the first sheet is parsed on
another, so a two-core laptop does both at once. ``workbook_texts`` gives that work
something to start on: the short Chinese texts of an .xlsx file read straight from its XML.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple, cast

from python_calamine import CalamineError, CalamineSheet, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from desktop_app.exchange.cells import Cell, is_blank

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods")
TEXT_SUFFIXES = (".csv", ".txt")
HEADER_SCAN_ROWS = 20
_NOTE = re.compile(r"[（(【\[].*?[）)】\]]")
_DROP = re.compile(r"[\s*＊:：]")
_SPACES = re.compile(r"\s+")
SKIP_WORDS = ("合计", "总计", "小计", "共计", "制表", "填表", "审核", "负责人", "经办人", "备注", "说明", "注:", "注：")


Busy = Callable[[], bool]  # whether the sheet is still being parsed (time to spare on this thread)
Meanwhile = Callable[[Busy], object]


class SheetError(ValueError):
    """The file cannot be read as a table; the message says why and what to do."""


class Problem(NamedTuple):
    """One bad cell or row: the row as Excel numbers it, the field, the column name, why."""

    row: int
    field: str
    label: str
    reason: str


class RowWarning(NamedTuple):
    """A cell read but not as written, its row imported all the same: the row as Excel numbers it,
    the field, the column name, the cell as written, what was kept, and what was done (a sentence)."""

    row: int
    field: str
    label: str
    value: str
    kept: str
    reason: str


@dataclass
class Sheet:
    """One worksheet's cells; ``rows[i]`` is the row the user sees as row ``i + 1``."""

    name: str
    rows: list[list[Cell]]
    _filled: dict[int, bool] = field(default_factory=dict)  # row -> blank before merged areas were filled
    copies: frozenset[tuple[int, int]] = frozenset()
    """(row, column) of the first rows' cells filled from a merged area to their left: a column name
    merged across two columns names one column, not two."""

    def __post_init__(self) -> None:
        widths = set(map(len, self.rows))
        if len(widths) > 1:  # every row as wide as the widest, so a column is one index
            width = max(widths)
            for row in self.rows:
                if len(row) < width:
                    row.extend([None] * (width - len(row)))

    @property
    def width(self) -> int:
        return len(self.rows[0]) if self.rows else 0

    def was_blank(self, index: int) -> bool:
        """Whether the row held nothing of its own (a merged area's continuation is not its own)."""
        known = self._filled.get(index)
        if known is not None:
            return known
        return all(is_blank(v) for v in self.rows[index])

    def cell(self, index: int, column: int) -> Cell:
        row = self.rows[index]
        return row[column] if column < len(row) else None


@dataclass(frozen=True)
class Header:
    row: int  # index into Sheet.rows
    columns: dict[str, int]  # field -> column index (the first column carrying it)
    labels: dict[str, str]  # field -> the column name as written in the file
    repeated: dict[str, tuple[int, ...]]  # field -> every column carrying it, when more than one


def read_sheets(path: Path, meanwhile: Meanwhile | None = None) -> Iterator[Sheet]:
    """The visible worksheets in order (a CSV file is one sheet); ``meanwhile(busy)`` runs on this
    thread while the first one is parsed on another, ``busy()`` true until it is (before a CSV file
    is read, ``busy()`` is false: there is no time to spare)."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        if meanwhile is not None:
            meanwhile(_never)
        yield Sheet(path.name, _read_text_table(path))
        return
    if suffix not in WORKBOOK_SUFFIXES:
        raise SheetError(f"不支持的文件类型“{path.suffix}”，请用 .xlsx、.xls 或 .csv 文件")
    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as e:
        raise SheetError(
            f"无法读取表格文件 {path.name}（{e}）；请确认文件没有损坏、没有加密，并用 Excel 另存为 .xlsx"
        ) from None
    with book:
        for meta in book.sheets_metadata:
            if meta.typ != SheetTypeEnum.WorkSheet or meta.visible != SheetVisibleEnum.Visible:
                continue
            try:
                sheet = _parsed(book, meta.name, meanwhile)
                meanwhile = None
                rows = cast(list[list[Cell]], sheet.to_python(skip_empty_area=False))
            except (CalamineError, ValueError) as e:
                raise SheetError(f"无法读取工作表“{meta.name}”（{e}）") from None
            ranges = sheet.merged_cell_ranges or []
            yield Sheet(meta.name, rows, _fill_merged(rows, ranges), _copied_right(ranges))
        if meanwhile is not None:  # no visible worksheet: the caller's work is still done
            meanwhile(_never)


def _never() -> bool:
    return False


def _parsed(book: CalamineWorkbook, name: str, meanwhile: Meanwhile | None) -> CalamineSheet:
    """The sheet parsed, on a worker thread while ``meanwhile(busy)`` runs on this one."""
    if meanwhile is None:
        return book.get_sheet_by_name(name)
    with ThreadPoolExecutor(1, thread_name_prefix="calamine") as pool:
        parsing = pool.submit(book.get_sheet_by_name, name)
        meanwhile(lambda: not parsing.done())  # should it fail, leaving the block waits for the parse first
        return parsing.result()


# A text run (<t>, in shared strings or an inline string) that starts with a character of
# U+3000..U+9FFF (UTF-8 lead bytes E3..E9) and is short: a name, 户主, 汉族, 一组.
_SHORT_TEXT = re.compile(rb"<t(?: [^>]*)?>([\xe3-\xe9][^<]{2,29})</t>")
_LOOKAHEAD_CHUNK = 1 << 20


def workbook_texts(path: Path, busy: Busy) -> Iterator[str]:
    """The short texts in Chinese characters of an .xlsx file, each once, read straight from its XML
    (the shared strings, else the first worksheet's inline strings) a megabyte at a time while
    ``busy()`` says there is time.

    A look-ahead for caches (a name's pinyin) while calamine parses the cells: it may miss
    texts, stop early or find nothing (an .xls file, a damaged one), and nothing relies on it.
    """
    if path.suffix.lower() not in (".xlsx", ".xlsm") or not busy():
        return
    seen: set[bytes] = set()
    try:
        with zipfile.ZipFile(path) as book:
            names = book.namelist()
            member = (
                "xl/sharedStrings.xml"
                if "xl/sharedStrings.xml" in names
                else next(
                    (n for n in sorted(names) if n.startswith("xl/worksheets/sheet") and n.endswith(".xml")), None
                )
            )
            if member is None:
                return
            with book.open(member) as xml:
                tail = b""
                while busy():
                    chunk = xml.read(_LOOKAHEAD_CHUNK)
                    if not chunk:
                        return
                    data = tail + chunk
                    cut = data.rfind(b"<")
                    found = set(_SHORT_TEXT.findall(data, 0, cut)).difference(seen)
                    seen.update(found)
                    tail = data[cut:]
                    yield from (text.decode("utf-8", "replace") for text in found)
    except (OSError, EOFError, ValueError, zipfile.BadZipFile, zlib.error):  # a damaged file: calamine will say
        return


def _fill_merged(rows: list[list[Cell]], ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> dict[int, bool]:
    """Copy each merged area's top-left value into its other cells; note which rows were blank."""
    blank: dict[int, bool] = {}
    for (top, left), (bottom, right) in ranges:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for r in range(top + 1, min(bottom, len(rows) - 1) + 1):
            if r not in blank:
                blank[r] = all(is_blank(v) for v in rows[r])
        for r in range(top, min(bottom, len(rows) - 1) + 1):
            row = rows[r]
            for c in range(left, min(right, len(row) - 1) + 1):
                row[c] = value
    return blank


def _copied_right(ranges: list[tuple[tuple[int, int], tuple[int, int]]]) -> frozenset[tuple[int, int]]:
    """The cells of the header rows that a merged area fills from a column to their left."""
    return frozenset(
        (r, c)
        for (top, left), (bottom, right) in ranges
        if top < HEADER_SCAN_ROWS and right > left
        for r in range(top, min(bottom, HEADER_SCAN_ROWS - 1) + 1)
        for c in range(left + 1, right + 1)
    )


def _read_text_table(path: Path) -> list[list[Cell]]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise SheetError(f"无法读取文件 {path.name}（{e.strerror}）") from None
    text = decode_text(data, path.name)
    sample = text[:4000]
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    rows: list[list[Cell]] = [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    width = max((len(r) for r in rows), default=0)
    for row in rows:
        if len(row) < width:
            row.extend([""] * (width - len(row)))
    return rows


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM (Excel's 'Unicode text'), or GBK/GB18030."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise SheetError(f"文件 {name} 的文字编码无法识别；请在 Excel 中另存为 .xlsx，或另存为“CSV UTF-8”") from None


def header_key(text: str) -> str:
    """A column name without spaces, stars, colons or notes in brackets: '身份证号码（必填）*' -> '身份证号码'."""
    text = unicodedata.normalize("NFKC", text)
    return _DROP.sub("", _NOTE.sub("", text))


def find_header(sheet: Sheet, aliases: Mapping[str, str], anchors: tuple[str, ...]) -> Header | None:
    """The row among the first ones that names the most known columns, one of them an anchor."""
    best: Header | None = None
    for index, row in enumerate(sheet.rows[:HEADER_SCAN_ROWS]):
        found: dict[str, list[int]] = {}
        labels: dict[str, str] = {}
        for column, value in enumerate(row):
            if not isinstance(value, str) or (index, column) in sheet.copies:
                continue
            key = aliases.get(header_key(value))
            if key is not None:
                found.setdefault(key, []).append(column)
                labels.setdefault(key, value.strip())
        if not any(a in found for a in anchors):
            continue
        if best is None or len(found) > len(best.columns):
            best = Header(
                index,
                {k: v[0] for k, v in found.items()},
                labels,
                {k: tuple(v) for k, v in found.items() if len(v) > 1},
            )
    return best


def first_header(
    path: Path, aliases: Mapping[str, str], anchors: tuple[str, ...], meanwhile: Meanwhile | None = None
) -> tuple[Sheet, Header]:
    """The first worksheet with a recognisable header row, and that row (``meanwhile`` as in ``read_sheets``)."""
    names: list[str] = []
    for sheet in read_sheets(path, meanwhile):
        header = find_header(sheet, aliases, anchors)
        if header is not None:
            return sheet, header
        names.append(sheet.name)
    wanted = "、".join(dict.fromkeys(k for k, v in aliases.items() if v in anchors))
    where = f"（已查看工作表：{'、'.join(names)}）" if names else ""
    raise SheetError(f"在 {path.name} 的前{HEADER_SCAN_ROWS}行中找不到表头{where}；表头应包含“{wanted}”等列名")


def skippable(sheet: Sheet, index: int, header: Header) -> bool:
    """Blank rows, totals, signature lines and a repeated header are not people."""
    if sheet.was_blank(index):
        return True
    row = sheet.rows[index]
    texts = [_SPACES.sub("", v) for v in row if isinstance(v, str) and v.strip()]
    if any(t.startswith(SKIP_WORDS) for t in texts[:4]):
        return True
    labels = {header_key(v) for v in header.labels.values()}
    return sum(header_key(t) in labels for t in texts) >= 2


def person_rows(sheet: Sheet, header: Header, key: str) -> list[int]:
    """The rows under the header that hold a person, good or bad: not blanks, totals or signatures.

    A row is looked at closely only when its ``key`` cell (the ID number) is blank or
    starts like a total or a column name; the rest pass at list speed.
    """
    first = header.row + 1
    column = header.columns.get(key)
    if column is None:
        return []
    starts = frozenset(("", " ", "\u3000", "\t", "\n", *(w[0] for w in (*SKIP_WORDS, *header.labels.values()) if w)))
    cells = list(map(itemgetter(column), sheet.rows[first:]))
    try:  # the usual column, text in every cell: its first characters, all at once
        if starts.isdisjoint(map(itemgetter(0), cast(list[str], cells))):
            return list(range(first, len(sheet.rows)))
    except (TypeError, IndexError):  # an empty cell, a number or a date: cell by cell
        pass
    maybe = [i for i, v in enumerate(cells, first) if v is None or (v.__class__ is str and v[:1] in starts)]
    if not maybe:
        return list(range(first, len(sheet.rows)))
    skip = {i for i in maybe if skippable(sheet, i, header)}
    return [i for i in range(first, len(sheet.rows)) if i not in skip]
