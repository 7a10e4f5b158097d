"""The county's (or the tax office's) list of people already paid, through any channel.

The lists come as the offices write them: title rows above the header, merged header
cells, ID numbers as text or (ruined) as numbers, 15-digit old IDs, GBK CSV, .xls
from WPS, a 缴费渠道 column saying 微信, 支付宝, 皖事通, 银行柜台 or 云POS. Only the ID
column is required. ``read_county_paid`` returns one entry per person paid for the
benefit year, every row it did not take (``problems``: not the year, not 城乡居民医保,
no readable ID) and every row it took with something it could not read (``warnings``:
a date, an amount); whether each person is in the register is the service's question.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import NamedTuple

from desktop_app.domain.coverage import OTHER_CHANNEL, RowProblem
from desktop_app.domain.money import Fen
from desktop_app.exchange.cells import Cell, ParsedId, cell_text, column_letter, quick_ids
from desktop_app.exchange.columns import Bad, pick_columns, read_column
from desktop_app.exchange.paid_cells import (
    old_digits,
    read_amount,
    read_channel,
    read_day,
    read_id,
    read_item,
    read_year,
)
from desktop_app.exchange.roster import aliases_of, clean_name
from desktop_app.exchange.sheets import (
    HEADER_SCAN_ROWS,
    Header,
    Sheet,
    SheetError,
    find_header,
    header_key,
    person_rows,
    read_sheets,
)

# Each field's names, the preferred first: when a list has two of them (缴费日期 and 入库日期), the first wins.
COLUMNS: dict[str, tuple[str, ...]] = {
    "id_number": (
        "证件号码",
        "身份证号",
        "公民身份号码",
        "缴费人证件号码",
        "身份证号码",
        "身份证件号码",
        "公民身份证号码",
        "证件号",
        "缴费人身份证号码",
        "缴费人证件号",
        "参保人证件号码",
        "参保人身份证号码",
        "参保人身份证号",
        "身份证",
    ),
    "name": ("姓名", "缴费人姓名", "参保人姓名", "缴费人名称", "人员姓名", "参保人"),
    "channel": ("缴费渠道", "缴费方式", "缴费途径", "缴款方式", "支付方式", "支付渠道", "缴费终端"),
    "paid_on": ("缴费日期", "缴费时间", "入库日期", "缴款日期", "入库时间", "支付时间", "交易时间"),
    "amount": ("个人缴费金额", "实缴金额", "缴费金额", "实缴费额", "缴费额", "金额"),
    "item": ("征收品目", "险种", "征收项目", "险种名称", "参保险种", "费种"),
    "year": ("缴费年度", "费款所属期", "参保年度", "缴费年份", "所属年度", "费款所属期起", "费款所属期止", "所属期"),
    "reference": ("电子税票号码", "税票号码", "缴费凭证号", "凭证号", "票证号码", "交易流水号", "流水号", "订单号"),
}
LABELS = {
    "id_number": "证件号码",
    "name": "姓名",
    "channel": "缴费渠道",
    "paid_on": "缴费日期",
    "amount": "缴费金额",
    "item": "险种",
    "year": "缴费年度",
    "reference": "缴费凭证号",
}
ALIASES = aliases_of(COLUMNS)
_RANK = {header_key(alias): rank for names in COLUMNS.values() for rank, alias in enumerate(names)}


class PaidEntry(NamedTuple):
    """One person the list says has paid for the year."""

    row: int  # as Excel numbers it
    id_number: str
    name: str  # "" when the list has no name column
    channel: str  # a code of domain.coverage.CHANNELS
    channel_words: str  # the channel as the list writes it
    paid_on: date | None
    amount: Fen | None
    reference: str


@dataclass(frozen=True)
class CountyPaidList:
    file: str
    sha256: str
    sheet: str
    header_row: int  # as Excel numbers it
    rows: int  # rows holding a person, taken or not
    entries: tuple[PaidEntry, ...]
    problems: tuple[RowProblem, ...]  # rows not taken, and why
    warnings: tuple[RowProblem, ...]  # rows taken, with what could not be read
    labels: dict[str, str]  # field -> the column name as the file writes it


def read_county_paid(path: Path, benefit_year: int) -> CountyPaidList:
    """Raises SheetError naming the file when it cannot be read or has no ID column."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except FileNotFoundError:
        raise SheetError(f"找不到文件 {path.name}（在 {path.parent} 中）") from None
    except OSError as e:
        raise SheetError(f"无法读取文件 {path.name}（{e.strerror or e}）") from None
    try:
        sheet, header = _header(path)
        return parse_county_paid(sheet, header, benefit_year, path.name, digest)
    except SheetError as e:
        if path.name in str(e):
            raise
        raise SheetError(f"{path.name}：{e}") from None


def _header(path: Path) -> tuple[Sheet, Header]:
    """The first worksheet whose header names an ID column; else a refusal saying what is missing."""
    seen: list[str] = []
    without_id: tuple[Sheet, Header] | None = None
    for sheet in read_sheets(path):
        header = find_header(sheet, ALIASES, tuple(COLUMNS))
        if header is not None and "id_number" in header.columns:
            return sheet, header
        if header is not None and without_id is None:
            without_id = (sheet, header)
        seen.append(sheet.name)
    ids = "、".join(COLUMNS["id_number"][:4])
    if without_id is not None:
        sheet, header = without_id
        found = "、".join(header.labels.values())
        where = " " if sheet.name == path.name else f" 的工作表“{sheet.name}”"
        raise SheetError(
            f"{path.name}{where}第{header.row + 1}行的表头（{found}）中没有证件号码列；"
            f"已缴费名单必须有证件号码列（写作 {ids} 等）"
        )
    where = f"（已查看工作表：{'、'.join(seen)}）" if seen and seen != [path.name] else ""
    raise SheetError(
        f"在 {path.name} 的前{HEADER_SCAN_ROWS}行中找不到表头{where}；已缴费名单必须有证件号码列（写作 {ids} 等）"
    )


def _chosen(sheet: Sheet, header: Header, file: str) -> dict[str, int]:
    """Each field's column: of two columns for one field, the one with the preferred name.
    Two ID columns named alike cannot be told apart: that refuses the file."""
    columns = dict(header.columns)
    row = sheet.rows[header.row]
    for key, repeated in header.repeated.items():
        ranked = sorted(repeated, key=lambda c: (_rank(row[c]), c))
        columns[key] = ranked[0]
        if key == "id_number" and _rank(row[ranked[0]]) == _rank(row[ranked[1]]):
            letters = "、".join(column_letter(c) for c in repeated)
            raise SheetError(
                f"{file} 的表头（第{header.row + 1}行）中证件号码列出现了{len(repeated)}次（第{letters}列），"
                "无法确定用哪一列；请删去或改名多余的列"
            )
    return columns


def _rank(label: Cell) -> int:
    return _RANK.get(header_key(str(label)), len(_RANK))


def parse_county_paid(
    sheet: Sheet, header: Header, benefit_year: int, file: str = "", sha256: str = ""
) -> CountyPaidList:
    file = file or sheet.name
    columns = _chosen(sheet, header, file)
    label_row = sheet.rows[header.row]
    labels = {k: cell_text(label_row[c]) if c < len(label_row) else LABELS[k] for k, c in columns.items()}
    label = {k: labels.get(k, LABELS[k]) for k in LABELS}
    people = person_rows(sheet, header, "id_number")
    cells = pick_columns(sheet, people, {k: columns.get(k) for k in LABELS})
    problems: dict[int, RowProblem] = {}
    warnings: list[RowProblem] = []

    def refuse(position: int, key: str, reason: str) -> None:
        problems.setdefault(position, RowProblem(people[position] + 1, label[key], reason))

    ids, _ = read_column(cells["id_number"], read_id, quick=quick_ids)
    years, _ = read_column(cells["year"], read_year)
    items, _ = read_column(cells["item"], read_item)
    for position, (parsed, year, item) in enumerate(zip(ids, years, items)):
        if isinstance(parsed, Bad):
            refuse(position, "id_number", parsed.reason)
        elif parsed is None:
            refuse(position, "id_number", "证件号码为空，无法对应到人")
        if isinstance(year, Bad):
            refuse(position, "year", year.reason)
        elif year is not None and year != benefit_year:
            refuse(position, "year", f"是{year}年度的缴费，不是{benefit_year}年度的，未登记")
        if isinstance(item, Bad):
            refuse(position, "item", item.reason)
    names, _ = read_column(cells["name"], clean_name, plain=True)
    channels, _ = read_column(cells["channel"], read_channel)
    days, _ = read_column(cells["paid_on"], read_day)
    amounts, _ = read_column(cells["amount"], read_amount)
    references, _ = read_column(cells["reference"], cell_text)
    entries: list[PaidEntry] = []
    first: dict[str, int] = {}
    for position, parsed in enumerate(ids):
        if position in problems or not isinstance(parsed, ParsedId):
            continue
        line = people[position] + 1
        earlier = first.setdefault(parsed.number, line)
        if earlier != line:
            warnings.append(
                RowProblem(
                    line,
                    label["id_number"],
                    f"与第{earlier}行是同一人（{parsed.number}），只按第{earlier}行登记；"
                    "若此人缴了两次，请向税务部门核实",
                )
            )
            continue
        raw = cells["id_number"][position]
        if not (raw.__class__ is str and len(str(raw).strip()) == 18):
            old = old_digits(raw)
            if old:
                warnings.append(
                    RowProblem(line, label["id_number"], f"15位旧身份证号码 {old} 已按规则换算为18位 {parsed.number}")
                )
        day, amount = days[position], amounts[position]
        for key, value in (("paid_on", day), ("amount", amount)):
            if isinstance(value, Bad):
                warnings.append(RowProblem(line, label[key], f"{value.reason}；已按已缴费登记，此项留空"))
        channel = channels[position]
        code, words = (OTHER_CHANNEL, "") if isinstance(channel, Bad) else channel
        entries.append(
            PaidEntry(
                line,
                parsed.number,
                str(names[position] or ""),
                code,
                words,
                None if isinstance(day, Bad) else day,
                None if isinstance(amount, Bad) else amount,
                str(references[position] or ""),
            )
        )
    return CountyPaidList(
        file,
        sha256,
        sheet.name,
        header.row + 1,
        len(people),
        tuple(entries),
        tuple(problems[p] for p in sorted(problems)),
        tuple(warnings),
        label,
    )
