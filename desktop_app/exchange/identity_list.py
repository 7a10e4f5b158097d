"""Identity lists (低保、特困、残疾人…) as 民政 / 乡村振兴 / 残联 hand them out.

A list names people by ID number, often with their name and the dates the
identity holds. ``read_identity_list`` returns clean entries and every bad row;
whether each person is in the register is the service's question.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from desktop_app.exchange.cells import CellError, cell_text, column_letter, parse_date_cell, parse_id_cell
from desktop_app.exchange.roster import ROSTER_COLUMNS, aliases_of, clean_name
from desktop_app.exchange.sheets import Header, Problem, Sheet, first_header, person_rows

IDENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "id_number": ROSTER_COLUMNS["id_number"],
    "name": ROSTER_COLUMNS["name"],
    "valid_from": ("认定日期", "开始日期", "认定时间", "纳入日期", "享受开始日期", "有效期起"),
    "valid_to": ("截止日期", "有效期至", "结束日期", "终止日期", "退出日期", "有效期止"),
}
IDENTITY_LABELS = {"id_number": "证件号码", "name": "姓名", "valid_from": "认定日期", "valid_to": "截止日期"}
IDENTITY_ALIASES = aliases_of(IDENTITY_COLUMNS)


class IdentityEntry(NamedTuple):
    row: int
    id_number: str
    name: str  # "" when the list has no name column
    valid_from: date | None
    valid_to: date | None


@dataclass(frozen=True)
class IdentityList:
    sheet: str
    header_row: int
    entries: tuple[IdentityEntry, ...]
    problems: tuple[Problem, ...]
    rows: int
    ignored: int
    refused: bool
    labels: dict[str, str]


def read_identity_list(path: Path) -> IdentityList:
    sheet, header = first_header(path, IDENTITY_ALIASES, ("id_number",))
    return parse_identity_list(sheet, header)


def parse_identity_list(sheet: Sheet, header: Header) -> IdentityList:
    col = header.columns
    label = {k: header.labels.get(k, v) for k, v in IDENTITY_LABELS.items()}
    problems = [Problem(header.row + 1, key, label[key],
                        f"表头中“{label[key]}”出现了{len(cols)}次（第{'、'.join(column_letter(c) for c in cols)}列），"
                        "无法确定用哪一列；请删去或改名多余的列")
                for key, cols in header.repeated.items()]
    entries: list[IdentityEntry] = []
    seen: dict[str, int] = {}
    people = person_rows(sheet, header, "id_number")
    for index in people:
        row = sheet.rows[index]

        def get(key: str) -> object:
            c = col.get(key)
            return row[c] if c is not None and c < len(row) else None

        line = index + 1
        bad: list[Problem] = []
        try:
            parsed = parse_id_cell(get("id_number"))
            if parsed is None:
                bad.append(Problem(line, "id_number", label["id_number"], "证件号码为空"))
        except CellError as e:
            bad.append(Problem(line, "id_number", label["id_number"], str(e)))
            parsed = None
        dates: dict[str, date | None] = {}
        for key in ("valid_from", "valid_to"):
            try:
                dates[key] = parse_date_cell(get(key))
            except CellError as e:
                bad.append(Problem(line, key, label[key], str(e)))
                dates[key] = None
        start, end = dates["valid_from"], dates["valid_to"]
        if start and end and end < start:
            bad.append(Problem(line, "valid_to", label["valid_to"], f"截止日期 {end} 早于认定日期 {start}"))
        if parsed is not None:
            first = seen.setdefault(parsed.number, line)
            if first != line:
                bad.append(Problem(line, "id_number", label["id_number"],
                                   f"证件号码 {parsed.number} 与第{first}行重复"))
        if bad:
            problems += bad
        elif parsed is not None:
            entries.append(IdentityEntry(line, parsed.number, clean_name(get("name")), start, end))
    ignored = len(sheet.rows) - header.row - 1 - len(people)
    return IdentityList(sheet.name, header.row + 1, tuple(entries), tuple(problems), len(people), ignored,
                        bool(header.repeated), label)
