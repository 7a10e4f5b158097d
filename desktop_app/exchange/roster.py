"""The roster (花名册) as a village keeps it: one row a person, households by 户号.

``read_roster`` turns a sheet into the good rows (column by column, for speed) and
a list of every bad row; it knows nothing of the database (the service checks the
rows against the register).
Blank rows, total rows (合计/总计), signature lines under the table and a header
repeated on every printed page are not people and are passed over.

Only what decides identity or money refuses a row: the ID number, the name, the 户号,
sex and birth date, the status; and the 民族 or the student flag when the year's policy
prices by them (the caller names those columns, ``strict``). Any other value the app
does not know — a relation like 邻居, a 民族 outside the 56, a student flag it cannot
read, a phone that is no number — is kept as written (the flag: left unsaid) and listed
as a warning; known spellings are normalised (儿子 → 子, 01 or 汉 → 汉族). A 15-digit
old ID number is converted to 18 digits (GB 11643), with a warning.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, fields
from operator import itemgetter
from pathlib import Path
from typing import Any, NamedTuple

from desktop_app.exchange.cells import (
    Cell,
    CellError,
    CellNote,
    ParsedId,
    cell_text,
    column_letter,
    quick_ids,
    read_id_cell,
)
from desktop_app.exchange.columns import Bad, pick_columns, read_column
from desktop_app.exchange.person_cells import (
    clean_name as clean_name,  # re-exported: the other lists read names alike
)
from desktop_app.exchange.person_cells import (
    quick_phones,
    read_birth_date,
    read_ethnicity,
    read_household_no,
    read_phone,
    read_relation,
    read_sex,
    read_status,
    read_student,
    read_village_group,
)
from desktop_app.exchange.sheets import (
    Header,
    Meanwhile,
    Problem,
    RowWarning,
    Sheet,
    first_header,
    header_key,
    person_rows,
)

ROSTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "id_number": (
        "身份证号",
        "身份证号码",
        "公民身份号码",
        "证件号码",
        "身份证件号码",
        "公民身份证号码",
        "证件号",
        "成员身份证号码",
        "成员身份证号",
        "成员证件号码",
        "成员公民身份号码",
        "参保人身份证号码",
        "参保人证件号码",
    ),
    "name": ("姓名", "参保人姓名", "人员姓名", "成员姓名"),
    "household_no": ("户号", "家庭户号", "户编号"),
    "relation": ("与户主关系", "关系", "与户主的关系", "家庭关系"),
    "ethnicity": ("民族",),
    "village_group": ("村民小组", "组别", "小组", "村组"),
    "phone": ("联系电话", "电话", "手机号", "手机号码"),
    "student": ("是否在校学生", "在校学生", "学生", "是否学生"),
    "birth_date": ("出生日期", "出生年月日"),
    "sex": ("性别",),
    "address": ("住址", "家庭住址", "户籍地址"),
    "status": ("状态", "人员状态"),
}
LABELS = {
    "id_number": "证件号码",
    "name": "姓名",
    "household_no": "户号",
    "relation": "与户主关系",
    "ethnicity": "民族",
    "village_group": "村民小组",
    "phone": "联系电话",
    "student": "是否在校学生",
    "birth_date": "出生日期",
    "sex": "性别",
    "address": "住址",
    "status": "状态",
    "header": "表头",
}


class RosterEntry(NamedTuple):
    """One good row. Empty text (and ``student`` None) means the file does not say."""

    row: int
    household_no: str
    name: str
    id_number: str | None
    id_kind: str  # "" without an ID number
    sex: str
    birth_date: str  # ISO
    ethnicity: str
    relation: str
    phone: str
    student: bool | None
    status: str  # active / moved_out / deceased, or "" when the file does not say
    village_group: str
    address: str


@dataclass(frozen=True)
class RosterRows:
    """The good rows, one list per field (the fields of ``RosterEntry``), all as long."""

    row: Sequence[int]
    household_no: Sequence[str]
    name: Sequence[str]
    id_number: Sequence[str | None]
    id_kind: Sequence[str]
    sex: Sequence[str]
    birth_date: Sequence[str]
    ethnicity: Sequence[str]
    relation: Sequence[str]
    phone: Sequence[str]
    student: Sequence[bool | None]
    status: Sequence[str]
    village_group: Sequence[str]
    address: Sequence[str]

    def __len__(self) -> int:
        return len(self.row)

    def entries(self) -> list[RosterEntry]:
        return list(map(RosterEntry._make, zip(*self.lists())))

    def lists(self) -> list[Sequence[Any]]:
        return [getattr(self, f.name) for f in fields(self)]

    def take(self, positions: Sequence[int]) -> RosterRows:
        return RosterRows(*([column[p] for p in positions] for column in self.lists()))


@dataclass(frozen=True)
class RosterFile:
    sheet: str
    header_row: int  # as Excel numbers it
    columns: tuple[str, ...]  # the fields found
    good: RosterRows
    problems: tuple[Problem, ...]
    rows: int  # rows holding a person (good or bad)
    ignored: int  # blank, total and signature rows passed over
    refused: bool  # the header itself is wrong: nothing may be imported
    labels: dict[str, str]  # field -> its column name as the file writes it
    warnings: tuple[RowWarning, ...] = ()  # good rows' cells kept as written, normalised otherwise, or converted

    @property
    def entries(self) -> list[RosterEntry]:
        return self.good.entries()


def aliases_of(columns: dict[str, tuple[str, ...]]) -> dict[str, str]:
    return {header_key(alias): key for key, names in columns.items() for alias in names}


ROSTER_ALIASES = aliases_of(ROSTER_COLUMNS)
REQUIRED = ("name", "id_number", "household_no")
LENIENT = ("ethnicity", "student")
"""Columns whose unknown values are kept and warned about, unless the caller says they decide money."""


def read_roster(path: Path, meanwhile: Meanwhile | None = None, *, strict: Iterable[str] = ()) -> RosterFile:
    """The roster in the first sheet that has its header; ``meanwhile`` as in ``sheets.read_sheets``;
    ``strict``: the columns of ``LENIENT`` that decide money (a value not understood there refuses the row)."""
    sheet, header = first_header(path, ROSTER_ALIASES, ("name", "id_number"), meanwhile)
    return parse_roster(sheet, header, strict=strict)


def header_problems(header: Header, required: tuple[str, ...]) -> list[Problem]:
    """A column named twice is refused (which one is right?), as is a missing required column."""
    row = header.row + 1
    out = [
        Problem(
            row,
            key,
            LABELS.get(key, key),
            f"表头中“{LABELS.get(key, key)}”出现了{len(cols)}次（第{'、'.join(column_letter(c) for c in cols)}列），"
            "无法确定用哪一列；请删去或改名多余的列",
        )
        for key, cols in header.repeated.items()
    ]
    out += [
        Problem(row, key, LABELS[key], f"表头中没有“{LABELS[key]}”列（可写作：{'、'.join(ROSTER_COLUMNS[key])}）")
        for key in required
        if key not in header.columns
    ]
    return out


def parse_roster(sheet: Sheet, header: Header, *, strict: Iterable[str] = ()) -> RosterFile:
    """Every row read column by column (100 000 rows in a fraction of a second), then checked."""
    problems = header_problems(header, REQUIRED)
    missing = any(k not in header.columns for k in REQUIRED)
    people = [] if missing else person_rows(sheet, header, "id_number")
    cells = pick_columns(sheet, people, {k: header.columns.get(k) for k in _READERS})
    label = {k: header.labels.get(k, LABELS[k]) for k in LABELS}
    bad: dict[int, list[Problem]] = {}

    def flag(position: int, key: str, reason: str) -> None:
        bad.setdefault(position, []).append(Problem(people[position] + 1, key, label[key], reason))

    read: dict[str, list[Any]] = {}
    notes: dict[str, dict[int, CellNote]] = {}
    strict = frozenset(strict)
    for key, reader in _READERS.items():
        if key not in header.columns:
            read[key] = [None if key == "student" else reader(None)] * len(people)
            continue
        noted = notes[key] = {}
        read[key], refused = read_column(
            cells[key],
            _refusing(reader) if key in strict else reader,
            quick=_QUICK.get(key),
            plain=key in _PLAIN,
            notes=noted,
        )
        for position in refused:
            flag(position, key, read[key][position].reason)
    _check_rows(read, header.columns, flag)
    good = [p for p in range(len(people)) if p not in bad] if bad else list(range(len(people)))
    _check_duplicates(read, good, people, flag)
    if len(good) != len(people) - len(bad):
        good = [p for p in good if p not in bad]
    for position in sorted(bad):
        problems += bad[position]
    warnings = sorted(
        (
            RowWarning(people[position] + 1, key, label[key], cell_text(cells[key][position]), note.kept, note.reason)
            for key, noted in notes.items()
            for position, note in noted.items()
            if position not in bad
        ),
        key=lambda w: w.row,
    )
    ignored = 0 if missing else len(sheet.rows) - header.row - 1 - len(people)
    return RosterFile(
        sheet.name,
        header.row + 1,
        tuple(header.columns),
        _good_rows(read, people, good),
        tuple(problems),
        len(people),
        ignored,
        bool(header.repeated) or missing,
        label,
        tuple(warnings),
    )


def _refusing(reader: Callable[[Cell], Any]) -> Callable[[Cell], Any]:
    """``reader`` for a column that decides money: a value it would keep as written is refused."""

    def read(value: Cell) -> Any:
        try:
            return reader(value)
        except CellNote as note:
            raise CellError(note.refusal) from None

    return read


def _check_rows(read: dict[str, list[Any]], present: Mapping[str, int], flag: Callable[[int, str, str], None]) -> None:
    ids, births, sexes = read["id_number"], read["birth_date"], read["sex"]
    has_birth = "birth_date" in present
    names, households = read["name"], read["household_no"]
    # all(): an empty text or None is the only false value a column holds (a Bad is true)
    for position in [p for p, v in enumerate(names) if not v] if not all(names) else []:
        flag(position, "name", "姓名为空")
    for position in [p for p, v in enumerate(households) if not v] if not all(households) else []:
        flag(position, "household_no", "户号为空；同户的每个人都要填户号（或把户号单元格合并）")
    for position in [p for p, v in enumerate(ids) if v is None] if not all(ids) else []:
        birth, sex = births[position], sexes[position]
        if birth.__class__ is Bad:
            continue
        if not birth:
            flag(
                position,
                "birth_date" if has_birth else "id_number",
                "证件号码为空；没有证件号码的人（如新生儿）须填写出生日期和性别",
            )
        elif not sex:
            flag(position, "sex", "没有证件号码时须填写性别（男/女）")
    for position in [p for p, v in enumerate(births) if v and v.__class__ is str] if has_birth else []:
        parsed = ids[position]
        if parsed.__class__ is ParsedId and births[position] != parsed.birth_date:
            flag(position, "birth_date", f"出生日期 {births[position]} 与证件号码中的 {parsed.birth_date} 不一致")
    for position in [p for p, v in enumerate(sexes) if v and v.__class__ is str] if "sex" in present else []:
        parsed = ids[position]
        if parsed.__class__ is ParsedId and sexes[position] != parsed.sex:
            flag(position, "sex", f"性别“{sexes[position]}”与证件号码（{parsed.sex}）不一致")


def _check_duplicates(
    read: dict[str, list[Any]], good: list[int], people: list[int], flag: Callable[[int, str, str], None]
) -> None:
    """A later row for a person already on an earlier row is refused; the first stands."""
    ids, households, names, births = read["id_number"], read["household_no"], read["name"], read["birth_date"]
    if len(good) == len(ids) and None not in ids:
        numbers: list[object] = list(map(itemgetter(0), ids))
    else:
        numbers = [ids[p].number if ids[p] is not None else (households[p], names[p], births[p]) for p in good]
    if len(set(numbers)) == len(numbers):
        return
    seen: dict[object, int] = {}
    for position, key in zip(good, numbers):
        earlier = seen.setdefault(key, position)
        if earlier == position:
            continue
        line = people[earlier] + 1
        if isinstance(key, str):
            flag(position, "id_number", f"证件号码 {key} 与第{line}行重复，同一人只能登记一次")
        else:
            flag(position, "name", f"与第{line}行是同户同名同出生日期的人（都没有证件号码），同一人只能登记一次")


def _good_rows(read: dict[str, list[Any]], people: list[int], good: list[int]) -> RosterRows:
    if len(good) != len(people):
        read = {k: [v[p] for p in good] for k, v in read.items()}
    ids = read["id_number"]
    number: Sequence[str | None]
    kind: Sequence[str]
    sex: Sequence[str]
    birth: Sequence[str]
    if None not in ids:  # everyone has an ID number: birth date and sex come from it
        number, kind, sex, birth = zip(*ids) if ids else ((), (), (), ())
    else:
        number = [p.number if p is not None else None for p in ids]
        kind = [p.kind if p is not None else "" for p in ids]
        sex = [p.sex if p is not None else s for p, s in zip(ids, read["sex"])]
        birth = [p.birth_date if p is not None else b for p, b in zip(ids, read["birth_date"])]
    rows = (
        range(people[0] + 1, people[-1] + 2)
        if good and people[-1] - people[0] + 1 == len(good)
        else [people[p] + 1 for p in good]
    )
    return RosterRows(
        row=rows,
        household_no=read["household_no"],
        name=read["name"],
        id_number=number,
        id_kind=kind,
        sex=sex,
        birth_date=birth,
        ethnicity=read["ethnicity"],
        relation=read["relation"],
        phone=read["phone"],
        student=read["student"],
        status=read["status"],
        village_group=read["village_group"],
        address=read["address"],
    )


_PLAIN = ("name", "household_no")  # many distinct values; their readers leave spaceless NFKC text as it is
_QUICK: dict[str, Callable[[Sequence[Cell]], list[Any]]] = {"id_number": quick_ids, "phone": quick_phones}
_READERS: dict[str, Callable[[Cell], Any]] = {
    "id_number": read_id_cell,
    "name": clean_name,
    "household_no": read_household_no,
    "relation": read_relation,
    "ethnicity": read_ethnicity,
    "student": read_student,
    "status": read_status,
    "sex": read_sex,
    "birth_date": read_birth_date,
    "village_group": read_village_group,
    "phone": read_phone,
    "address": cell_text,
}
