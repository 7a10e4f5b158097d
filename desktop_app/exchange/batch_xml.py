"""Sheet rows written straight to SpreadsheetML, the very bytes openpyxl would write.

openpyxl builds an element object per cell and serialises it through a pure-Python
tree writer (no lxml here): for a 100 000-row batch that is most of the export's time.
The rows of a batch hold only text, integers and money, so each cell is one short
string; this module writes them directly, byte for byte as openpyxl 3.1 (etree) does
— same inline strings, ``xml:space``, escaping, number text, style ids in the same
order of first use — so a batch exported before this module existed is still written
again identically, and the workbook around the rows (styles, properties, widths, panes)
is still openpyxl's. One deliberate difference: text equal to an Excel error code
("#N/A", "#REF!" …) is a text cell here, where openpyxl made an error cell that reads
back empty (such a batch never passed its read-back check). ``tests/test_batch_xml.py`` holds the two writers side by side.

The rows go to a temporary file as they come (a county merge has half a million) and
are spliced into the sheet's part when the workbook is zipped, where openpyxl would
copy its own temporary file.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Iterable, Sequence
from typing import IO, Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.cell.cell import ERROR_CODES, ILLEGAL_CHARACTERS_RE  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.utils.exceptions import IllegalCharacterError  # type: ignore[import-untyped]
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]

TEXT_FORMAT, MONEY_FORMAT = "@", "0.00"
KINDS = ("text", "plain", "money", "integer")  # text: "@" cell; money: fen shown as 0.00 yuan
_MAX_TEXT = 32767  # Excel's limit; openpyxl cuts longer text
_ESCAPE = re.compile(r"[&<>]")
_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_OPEN, _CLOSE = b"<sheetData>", b"</sheetData>"
_CHUNK_ROWS = 2000
_MADE = 4096  # cells remembered per column


def _escape(text: str) -> str:
    return _ESCAPE.sub(lambda m: _ENTITIES[m.group()], text) if _ESCAPE.search(text) else text


def _number(value: int | float) -> str:
    """openpyxl's ``safe_string``: '%.16g' (so 10**17 is '1e+17', 360.0 is '360')."""
    if value.__class__ is int and -(10**15) < value < 10**15:
        return str(value)
    return "%.16g" % value


class SheetRows:
    """One write-only sheet's rows, as SpreadsheetML in a temporary file until the zip is written.

    ``append`` takes rows of str / int / None with a kind per column: "text" (an "@"
    text cell, so Excel keeps an 18-digit ID number as typed), "plain", "money" (integer
    fen, written as yuan with the 0.00 format) or "integer". Empty strings and None leave
    the cell out; text that starts with "=" or reads like an error ("#N/A") is written
    as text, never as a formula or an error cell.
    """

    def __init__(self, sheet: WriteOnlyWorksheet) -> None:
        self.sheet = sheet
        self.rows = 0
        self._file: IO[bytes] = tempfile.TemporaryFile(prefix="zhengjiao-rows-")
        self._letters: list[str] = []
        self._styles: dict[str, str] = {}

    def _style(self, fmt: str) -> str:
        """The attribute ' s="N"', N given by openpyxl the first time a cell of this format is written."""
        found = self._styles.get(fmt)
        if found is None:
            cell = WriteOnlyCell(self.sheet)
            cell.number_format = fmt
            found = self._styles[fmt] = f' s="{cell.style_id}"'
        return found

    def append(self, kinds: Sequence[str], rows: Iterable[Sequence[str | int | None]]) -> None:
        unknown = set(kinds) - set(KINDS)
        if unknown:
            raise ValueError(f"unknown column kinds {sorted(unknown)}")
        while len(self._letters) < len(kinds):
            self._letters.append(get_column_letter(len(self._letters) + 1))
        # per column: letter, kind, and the cells already made for a text (statuses, dates, groups repeat)
        columns: list[tuple[str, str, dict[Any, str]]] = [
            (letter, kind, {}) for letter, kind in zip(self._letters, kinds)
        ]
        chunk: list[str] = []
        text_tail, number_tail, write = self._text_tail, self._number_tail, self._file.write
        for row in rows:
            self.rows += 1
            r = str(self.rows)
            out = [f'<row r="{r}">']
            for (letter, kind, made), value in zip(columns, row):
                if value is None or value == "":
                    continue
                tail = made.get(value)
                if tail is None:
                    tail = text_tail(kind, value) if value.__class__ is str else number_tail(kind, value)
                    if len(made) < _MADE:
                        made[value] = tail
                out.append(f'<c r="{letter}{r}"{tail}')
            out.append("</row>")
            chunk.append("".join(out))
            if len(chunk) == _CHUNK_ROWS:
                write("".join(chunk).encode("utf-8"))
                chunk = []
        if chunk:
            write("".join(chunk).encode("utf-8"))

    def _number_tail(self, kind: str, value: Any) -> str:
        """The cell after its reference, for a number (money is fen, written as yuan)."""
        if kind == "money":
            return f'{self._style(MONEY_FORMAT)} t="n"><v>{_number(int(value) / 100)}</v></c>'
        if value.__class__ is not int and value.__class__ is not float:
            raise TypeError(f"cannot write {value!r} into a batch sheet")
        style = self._style(TEXT_FORMAT) if kind == "text" else ""
        return f'{style} t="n"><v>{_number(value)}</v></c>'

    def _text_tail(self, kind: str, value: str) -> str:
        """The cell after its reference, for text: inline, "@" where the column or a leading "=" wants it."""
        if kind == "money":
            return self._number_tail(kind, value)
        # "=…" would be a formula and "#N/A" an error cell (read back as nothing): both stay text
        literal = value[0] == "=" or value in ERROR_CODES
        if len(value) > _MAX_TEXT:
            value = value[:_MAX_TEXT]
        if ILLEGAL_CHARACTERS_RE.search(value):
            raise IllegalCharacterError(f"{value} cannot be used in worksheets.")
        style = self._style(TEXT_FORMAT) if kind == "text" or literal else ""
        stripped = value.strip()
        space = ' xml:space="preserve"' if stripped and stripped != value else ""
        return f'{style} t="inlineStr"><is><t{space}>{_escape(value)}</t></is></c>'

    @property
    def size(self) -> int:
        """Bytes of row XML written so far."""
        return self._file.seek(0, 2)

    def copy_into(self, sheet_xml: bytes, dst: IO[bytes]) -> None:
        """The sheet part openpyxl wrote (rows left empty), with these rows inside its sheetData."""
        start, end = sheet_xml.find(_OPEN), sheet_xml.find(_CLOSE)
        if start < 0 or end != start + len(_OPEN) or sheet_xml.count(_OPEN) != 1:
            raise RuntimeError("worksheet part without an empty <sheetData></sheetData> to fill")
        dst.write(sheet_xml[:end])
        self._file.seek(0)
        shutil.copyfileobj(self._file, dst, 1 << 20)
        dst.write(sheet_xml[end:])

    def close(self) -> None:
        self._file.close()


class RowsZip(ZipFile):
    """The workbook's zip: a sheet with ``SheetRows`` gets them spliced in where openpyxl copies its part.

    With ``stamp`` every entry carries that date and one file mode, whatever the clock
    says (a batch written again is identical to the byte); without it, entries are dated
    as openpyxl's own zip dates them.
    """

    def __init__(self, file: Any, stamp: tuple[int, int, int, int, int, int] | None = None) -> None:
        super().__init__(file, "w", ZIP_DEFLATED, allowZip64=True)
        self._stamp = stamp
        self.rows: dict[str, SheetRows] = {}
        self.spliced: set[str] = set()

    def _info(self, name: str) -> ZipInfo:
        assert self._stamp is not None
        info = ZipInfo(name, date_time=self._stamp)
        info.compress_type = ZIP_DEFLATED
        info.create_system = 0
        info.external_attr = 0o600 << 16
        return info

    def writestr(
        self,
        zinfo_or_arcname: str | ZipInfo,
        data: str | bytes,  # type: ignore[override]
        compress_type: int | None = None,
        compresslevel: int | None = None,
    ) -> None:
        if self._stamp is None:
            super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)
            return
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, ZipInfo) else zinfo_or_arcname
        super().writestr(self._info(name), data)

    def write(
        self, filename: Any, arcname: Any = None, compress_type: int | None = None, compresslevel: int | None = None
    ) -> None:
        name = str(arcname or filename)
        rows = self.rows.get(name)
        if rows is None and self._stamp is None:
            super().write(filename, arcname, compress_type, compresslevel)
            return
        if self._stamp is None:
            info = ZipInfo.from_file(filename, arcname)
            info.compress_type = ZIP_DEFLATED
        else:
            info = self._info(name)
        with open(filename, "rb") as src:
            if rows is None:
                with self.open(info, "w") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                return
            part = src.read()
        info.file_size = len(part) + rows.size  # known in advance: past 2 GB the entry is written as zip64
        with self.open(info, "w") as dst:
            rows.copy_into(part, dst)
        self.spliced.add(name)


def save(
    book: Any, file: Any, rows: Sequence[SheetRows], stamp: tuple[int, int, int, int, int, int] | None = None
) -> None:
    """Zip the write-only workbook with each sheet's rows in place; the row files are removed."""
    try:
        archive = RowsZip(file, stamp)
        for number, sheet in enumerate(book.worksheets, 1):  # openpyxl names parts sheet1.xml, sheet2.xml… in order
            for found in rows:
                if found.sheet is sheet:
                    archive.rows[f"xl/worksheets/sheet{number}.xml"] = found
        try:
            ExcelWriter(book, archive).save()
        except BaseException:
            archive.close()
            raise
        if archive.spliced != set(archive.rows) or len(archive.rows) != len(rows):
            raise RuntimeError("not every sheet's rows reached the workbook")
    finally:
        for found in rows:
            found.close()
