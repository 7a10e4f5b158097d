"""Identity lists (低保、特困、残疾人…) as 民政 / 医保 / 乡村振兴 / 残联 hand them out.

A list names people by ID number, often with their name, the dates the identity
holds (纳入资助时间 … 身份取消时间) and, in a list mixing groups, each row's identity
(医疗救助身份 / 保障类别: 特困, 低保, 监测 …). A 民政 household list names the
household's head too (户主姓名, 户主身份证号码): the member's columns are the person,
the head's are context — a 保障类别 written on the household's first row only holds
for the members listed under it. ``read_identity_list`` returns clean entries, every
bad row and every warning; which code a label stands for is the caller's (the year's
policy knows), and whether each person is in the register is the service's question.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from desktop_app.exchange.cells import CellError, CellNote, cell_text, column_letter, parse_date_cell, read_id_cell
from desktop_app.exchange.roster import ROSTER_COLUMNS, aliases_of, clean_name
from desktop_app.exchange.sheets import Header, Problem, RowWarning, Sheet, SheetError, first_header, person_rows

IDENTITY_COLUMNS: dict[str, tuple[str, ...]] = {
    "id_number": (*ROSTER_COLUMNS["id_number"], "救助对象身份证号码", "人员身份证号码"),
    "name": (*ROSTER_COLUMNS["name"], "救助对象姓名"),
    "identity": (
        "医疗救助身份",
        "保障类别",
        "人员类别",
        "身份类别",
        "救助类别",
        "困难类型",
        "资助类别",
        "资助身份",
        "救助身份",
        "人员身份",
        "身份",
        "身份类型",
        "对象类别",
        "救助对象类别",
        "资助对象类别",
        "困难群众类别",
    ),
    "valid_from": (
        "认定日期",
        "开始日期",
        "认定时间",
        "纳入日期",
        "享受开始日期",
        "有效期起",
        "纳入资助时间",
        "纳入时间",
        "纳入资助日期",
        "资助开始时间",
        "开始时间",
        "享受时间",
        "纳入监测时间",
    ),
    "valid_to": (
        "截止日期",
        "有效期至",
        "结束日期",
        "终止日期",
        "退出日期",
        "有效期止",
        "身份取消时间",
        "退出时间",
        "风险消除时间",
        "身份取消日期",
        "取消时间",
        "取消日期",
        "终止时间",
        "结束时间",
        "风险消除日期",
        "消除风险时间",
    ),
    "head_id": ("户主身份证号码", "户主身份证号", "户主证件号码", "户主公民身份号码"),
    "head_name": ("户主姓名",),
}
IDENTITY_LABELS = {
    "id_number": "证件号码",
    "name": "姓名",
    "identity": "身份",
    "valid_from": "认定日期",
    "valid_to": "截止日期",
    "head_id": "户主身份证号码",
    "head_name": "户主姓名",
}
IDENTITY_ALIASES = aliases_of(IDENTITY_COLUMNS)
Codes = Callable[[str], "tuple[str, ...] | None"]  # a label as the list writes it -> its codes, None when unknown


class IdentityEntry(NamedTuple):
    row: int
    id_number: str
    name: str  # "" when the list has no name column
    valid_from: date | None
    valid_to: date | None
    codes: tuple[str, ...] = ()  # from the row's identity column; () when the caller gives the code
    label: str = ""  # the identity as the row writes it


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
    warnings: tuple[RowWarning, ...] = ()
    columns: tuple[str, ...] = ()  # the fields found in the header


def read_identity_list(path: Path, codes_of: Codes | None = None) -> IdentityList:
    """The list in the first sheet with its header; with ``codes_of``, each row's identity column read."""
    sheet, header = first_header(path, IDENTITY_ALIASES, ("id_number",))
    return parse_identity_list(sheet, header, codes_of)


def identity_column(path: Path) -> str | None:
    """The list's identity column as it writes it (医疗救助身份, 保障类别 …); None without one, or
    when the file cannot be read (the import says why)."""
    try:
        _, header = first_header(path, IDENTITY_ALIASES, ("id_number",))
    except (SheetError, OSError):
        return None
    return header.labels.get("identity")


def parse_identity_list(sheet: Sheet, header: Header, codes_of: Codes | None = None) -> IdentityList:
    col = header.columns
    label = {k: header.labels.get(k, v) for k, v in IDENTITY_LABELS.items()}
    problems = [
        Problem(
            header.row + 1,
            key,
            label[key],
            f"表头中“{label[key]}”出现了{len(cols)}次（第{'、'.join(column_letter(c) for c in cols)}列），"
            "无法确定用哪一列；请删去或改名多余的列",
        )
        for key, cols in header.repeated.items()
    ]
    warnings: list[RowWarning] = []
    entries: list[IdentityEntry] = []
    seen: dict[tuple[str, str], int] = {}
    household: tuple[str, str, tuple[str, ...], int] | None = None  # the rows above: head, identity, codes, row
    by_row = codes_of is not None and "identity" in col
    people = person_rows(sheet, header, "id_number")
    for index in people:
        row = sheet.rows[index]

        def get(key: str, row: Sequence[object] = row) -> object:
            c = col.get(key)
            return row[c] if c is not None and c < len(row) else None

        line = index + 1
        bad: list[Problem] = []
        notes: list[RowWarning] = []
        try:
            parsed = read_id_cell(get("id_number"))
            if parsed is None:
                bad.append(Problem(line, "id_number", label["id_number"], "证件号码为空"))
        except CellNote as note:
            parsed = note.value  # type: ignore[assignment]
            notes.append(
                RowWarning(line, "id_number", label["id_number"], cell_text(get("id_number")), note.kept, note.reason)
            )
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
            bad.append(
                Problem(
                    line, "valid_to", label["valid_to"], f"{label['valid_to']} {end} 早于{label['valid_from']} {start}"
                )
            )
        written = _label(get("identity"))
        codes: tuple[str, ...] = ()
        if by_row and codes_of is not None:
            head = _label(get("head_id")) or _label(get("head_name"))
            same = household is not None and bool(head) and household[0] == head
            if written:
                found = codes_of(written)
                if found is None:
                    bad.append(
                        Problem(
                            line,
                            "identity",
                            label["identity"],
                            f"{label['identity']}“{written}”无法确定是哪一类资助身份（可写作 特困人员、低保对象、"
                            "低保边缘家庭成员、监测对象 等）；请改为常用的写法，或导入时指定名单上人员的身份",
                        )
                    )
                    household = None
                else:
                    codes = found
                    if not same:
                        household = (head, written, codes, line) if head else None
            elif same and household is not None:  # the household's category, written on its first row only
                _, written, codes, first = household
                who = clean_name(get("head_name")) or head
                notes.append(
                    RowWarning(
                        line,
                        "identity",
                        label["identity"],
                        "",
                        written,
                        f"{label['identity']}为空，按同户（户主 {who}）第{first}行的“{written}”记入；请核对",
                    )
                )
            else:
                bad.append(
                    Problem(
                        line,
                        "identity",
                        label["identity"],
                        f"{label['identity']}为空：请写明此人是哪一类资助身份（如 特困人员、低保对象、监测对象）",
                    )
                )
        if parsed is not None:
            for code in codes or ("",):
                first = seen.setdefault((parsed.number, code), line)
                if first != line:
                    bad.append(
                        Problem(line, "id_number", label["id_number"], f"证件号码 {parsed.number} 与第{first}行重复")
                    )
                    break
        if bad:
            problems += bad
        elif parsed is not None:
            warnings += notes
            entries.append(IdentityEntry(line, parsed.number, clean_name(get("name")), start, end, codes, written))
    ignored = len(sheet.rows) - header.row - 1 - len(people)
    return IdentityList(
        sheet.name,
        header.row + 1,
        tuple(entries),
        tuple(problems),
        len(people),
        ignored,
        bool(header.repeated),
        label,
        tuple(warnings),
        tuple(col),
    )


def _label(value: object) -> str:
    return "".join(unicodedata.normalize("NFKC", cell_text(value)).split())
