"""Writing the batch workbook (openpyxl, write-only) so the same rows give the same bytes.

ID numbers, 户号 and receipt numbers are text cells (number format "@"): Excel would
otherwise show an 18-digit number as 3.41324E+17 and keep only 15 digits. Every
timestamp inside the file is the batch's own creation time — the document properties
and each zip entry's date — so a batch written again for a lost stick is identical to
the byte. Reading back goes through python-calamine, a reader independent of the writer.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from zipfile import ZIP_DEFLATED, ZipFile, ZipInfo

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]
from openpyxl.writer.excel import ExcelWriter  # type: ignore[import-untyped]
from python_calamine import CalamineError, CalamineWorkbook

from desktop_app.exchange.batch_figures import SUMMARY_HEADER, Value
from desktop_app.exchange.batch_template import TEXT_ONLY, Template

TEXT_FORMAT, MONEY_FORMAT = "@", "0.00"
WIDTHS = {"id_number": 21, "receipt_no": 17, "household_no": 14, "identity": 18, "note": 24, "name": 10}
SUMMARY_KINDS = ("plain", "plain", "integer", "money", "money", "money")


class WorkbookReadError(ValueError):
    """The file is not a workbook calamine can read."""


class _FixedZip(ZipFile):
    """A zip whose entries all carry one date and one file mode, whatever the clock says."""

    def __init__(self, file: Any, stamp: tuple[int, int, int, int, int, int]) -> None:
        super().__init__(file, "w", ZIP_DEFLATED, allowZip64=True)
        self._stamp = stamp

    def _info(self, name: str) -> ZipInfo:
        info = ZipInfo(name, date_time=self._stamp)
        info.compress_type = ZIP_DEFLATED
        info.create_system = 0
        info.external_attr = 0o600 << 16
        return info

    def writestr(self, zinfo_or_arcname: str | ZipInfo, data: str | bytes,  # type: ignore[override]
                 compress_type: int | None = None, compresslevel: int | None = None) -> None:
        name = zinfo_or_arcname.filename if isinstance(zinfo_or_arcname, ZipInfo) else zinfo_or_arcname
        super().writestr(self._info(name), data)

    def write(self, filename: Any, arcname: Any = None,
              compress_type: int | None = None, compresslevel: int | None = None) -> None:
        with open(filename, "rb") as src, self.open(self._info(str(arcname or filename)), "w") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)


def _stamp(at: datetime) -> tuple[int, int, int, int, int, int]:
    return (max(at.year, 1980), at.month, at.day, at.hour, at.minute, at.second - at.second % 2)


def _utc_naive(at: datetime) -> datetime:
    at = at.replace(microsecond=0)
    return at.astimezone(timezone.utc).replace(tzinfo=None) if at.tzinfo else at


def render(template: Template, rows: Iterable[Sequence[Value]], summary: Sequence[Sequence[Value | None]],
           created_at: datetime) -> bytes:
    """The workbook's bytes: the detail sheet after the template, then the summary sheet."""
    book = Workbook(write_only=True)
    book.properties.creator = "征缴通"
    book.properties.lastModifiedBy = "征缴通"
    book.properties.title = template.title
    book.properties.created = book.properties.modified = _utc_naive(created_at)
    detail = book.create_sheet(template.sheet)
    set_widths(detail, [WIDTHS.get(c.field, 12) for c in template.columns])
    detail.freeze_panes = f"A{template.header_rows + 1}"
    headers: list[list[Value | None]] = [[c.header for c in template.columns]]
    if template.codes_row:
        headers.append([c.code for c in template.columns])
    append_rows(detail, ["plain"] * len(template.columns), headers)
    append_rows(detail, kinds_of(template), rows)
    sheet = book.create_sheet(template.summary_sheet)
    set_widths(sheet, [20, 16, 8, 14, 14, 14])
    append_rows(sheet, ["plain"] * len(SUMMARY_HEADER), summary[:1])
    append_rows(sheet, SUMMARY_KINDS, summary[1:])
    out = io.BytesIO()
    ExcelWriter(book, _FixedZip(out, _stamp(created_at))).save()
    return out.getvalue()


def set_widths(sheet: WriteOnlyWorksheet, widths: Sequence[int]) -> None:
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def kinds_of(template: Template) -> list[str]:
    """How each column is written: digit strings as "@" text cells, other text plain, money as 0.00."""
    return ["text" if c.field in TEXT_ONLY or c.format == "date8" else
            c.format if c.format in ("money", "integer") else "plain" for c in template.columns]


def _literal(sheet: WriteOnlyWorksheet, value: str) -> WriteOnlyCell:
    """Text that openpyxl would otherwise take for a formula ('=…'), kept as text."""
    cell = WriteOnlyCell(sheet)
    cell.number_format = TEXT_FORMAT
    cell.value = value
    cell.data_type = "s"
    return cell


def append_rows(sheet: WriteOnlyWorksheet, kinds: Sequence[str], rows: Iterable[Sequence[Value | None]]) -> None:
    """Append rows; ``kinds`` per column: text ("@" cell), plain, money (fen, shown 0.00), integer."""
    columns: list[tuple[str, Any]] = []
    for kind in kinds:
        cell = None
        if kind in ("text", "money"):
            cell = WriteOnlyCell(sheet)
            cell.number_format = TEXT_FORMAT if kind == "text" else MONEY_FORMAT
        columns.append((kind, cell))
    append = sheet.append
    for row in rows:
        out: list[Any] = []
        for (kind, cell), value in zip(columns, row):
            if value is None or value == "":
                out.append(None)
            elif isinstance(value, str) and value[0] == "=":
                out.append(_literal(sheet, value))
            elif cell is None:
                out.append(value)
            elif kind == "text":
                cell.value = value
                out.append(cell)
            else:
                cell.value = int(value) / 100
                out.append(cell)
        append(out)


def read_sheets(source: bytes | Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cells, as python-calamine reads them."""
    try:
        book = (CalamineWorkbook.from_filelike(io.BytesIO(source)) if isinstance(source, bytes)
                else CalamineWorkbook.from_path(str(source)))
    except (CalamineError, OSError, ValueError) as e:
        raise WorkbookReadError(f"无法作为 Excel 工作簿读取（{e}）") from None
    try:
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    except (CalamineError, ValueError) as e:
        raise WorkbookReadError(f"工作表无法读取（{e}）") from None
    finally:
        book.close()
