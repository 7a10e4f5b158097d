"""Writing the batch workbook (openpyxl, write-only) so the same rows give the same bytes.

ID numbers, 户号 and receipt numbers are text cells (number format "@"): Excel would
otherwise show an 18-digit number as 3.41324E+17 and keep only 15 digits. Every
timestamp inside the file is the batch's own creation time — the document properties
and each zip entry's date — so a batch written again for a lost stick is identical to
the byte. The cells themselves are written by ``batch_xml`` (the bytes openpyxl would
write, several times faster). Reading back goes through python-calamine, a reader
independent of the writer.
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]
from openpyxl.utils import get_column_letter  # type: ignore[import-untyped]
from openpyxl.worksheet._write_only import WriteOnlyWorksheet  # type: ignore[import-untyped]
from python_calamine import CalamineError, CalamineWorkbook

from desktop_app.exchange.batch_figures import SUMMARY_HEADER, Value
from desktop_app.exchange.batch_template import TEXT_ONLY, Template
from desktop_app.exchange.batch_xml import SheetRows, save

WIDTHS = {
    "id_number": 21,
    "receipt_no": 17,
    "household_no": 14,
    "identity": 18,
    "note": 24,
    "name": 10,
    "head_id_number": 21,
    "address": 24,
    "identity_source": 18,
    "bill_no": 14,
    "phone": 14,
}
SUMMARY_KINDS = ("plain", "plain", "integer", "money", "money", "money")


class WorkbookReadError(ValueError):
    """The file is not a workbook calamine can read."""


def _stamp(at: datetime) -> tuple[int, int, int, int, int, int]:
    return (max(at.year, 1980), at.month, at.day, at.hour, at.minute, at.second - at.second % 2)


def _utc_naive(at: datetime) -> datetime:
    at = at.replace(microsecond=0)
    return at.astimezone(timezone.utc).replace(tzinfo=None) if at.tzinfo else at


def render(
    template: Template, rows: Iterable[Sequence[Value]], summary: Sequence[Sequence[Value | None]], created_at: datetime
) -> bytes:
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
    detail_rows = SheetRows(detail)
    sheets = [detail_rows]
    try:
        detail_rows.append(["plain"] * len(template.columns), headers)
        detail_rows.append(kinds_of(template), rows)
        sheet = book.create_sheet(template.summary_sheet)
        set_widths(sheet, [20, 16, 8, 14, 14, 14])
        sheets.append(SheetRows(sheet))
        sheets[1].append(["plain"] * len(SUMMARY_HEADER), summary[:1])
        sheets[1].append(SUMMARY_KINDS, summary[1:])
    except BaseException:
        for made in sheets:
            made.close()
        raise
    out = io.BytesIO()
    save(book, out, sheets, _stamp(created_at))
    return out.getvalue()


def set_widths(sheet: WriteOnlyWorksheet, widths: Sequence[int]) -> None:
    for i, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width


def kinds_of(template: Template) -> list[str]:
    """How each column is written: digit strings (numbers, codes, constants) as "@" text cells, other text
    plain, money as 0.00."""
    return [
        "text"
        if c.field in TEXT_ONLY or c.format == "date8" or c.values is not None or c.constant is not None
        else c.format
        if c.format in ("money", "integer")
        else "plain"
        for c in template.columns
    ]


def read_sheets(source: bytes | Path) -> dict[str, list[list[Any]]]:
    """Every sheet's cells, as python-calamine reads them."""
    try:
        book = (
            CalamineWorkbook.from_filelike(io.BytesIO(source))
            if isinstance(source, bytes)
            else CalamineWorkbook.from_path(str(source))
        )
    except (CalamineError, OSError, ValueError) as e:
        raise WorkbookReadError(f"无法作为 Excel 工作簿读取（{e}）") from None
    try:
        return {name: book.get_sheet_by_name(name).to_python(skip_empty_area=False) for name in book.sheet_names}
    except (CalamineError, ValueError) as e:
        raise WorkbookReadError(f"工作表无法读取（{e}）") from None
    finally:
        book.close()
