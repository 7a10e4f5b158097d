"""The upload batch's column template: sheet name, columns, which field, which format.

A county with other columns needs a new TOML file in ``resources/export_templates/``,
not new code. A template is refused with the file, the key and the reason; the one a
batch was written with travels inside its manifest, so the county reads any village's
batch without having that village's template file.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app._bundled import resource_dir
from desktop_app.domain.errors import Refusal

# The fields a row can carry, frozen when the batch is made (DB order; never reorder, only append).
ROW_FIELDS: dict[str, str] = {
    "name": "姓名",
    "id_kind": "证件类型",
    "id_number": "证件号码",
    "sex": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "household_no": "户号",
    "village_group": "村民小组",
    "identity": "参保身份",
    "benefit_year": "缴费年度",
    "standard": "个人缴费标准",
    "subsidy": "资助金额",
    "subsidy_mode": "资助方式",
    "cash": "实收金额",
    "benefit_start": "待遇开始日期",
    "receipt_no": "收据号",
    "paid_on": "收款日期",
    "collector": "代收员",
    "status": "状态",
    "note": "备注",
    "event_date": "变动日期",
    "subsidy_payer": "资助资金渠道",
    "benefit_end": "待遇截止日期",
}
# Fields the same for every row of a batch, filled in when it is written.
BATCH_FIELDS: dict[str, str] = {"village": "村", "batch_no": "批次号"}
FIELDS = {**ROW_FIELDS, **BATCH_FIELDS}
FIELD_INDEX = {name: i for i, name in enumerate(ROW_FIELDS)}

FORMATS = {
    "text": "文本单元格",
    "date": "文本日期 YYYY-MM-DD",
    "date8": "文本日期 YYYYMMDD",
    "money": "数字，两位小数（元）",
    "integer": "整数",
}
MONEY_FIELDS = ("standard", "subsidy", "cash")
INTEGER_FIELDS = ("benefit_year", "batch_no")
DATE_FIELDS = ("birth_date", "benefit_start", "paid_on", "event_date", "benefit_end")
TEXT_ONLY = ("id_number", "household_no", "receipt_no")  # Excel would show 3.41324E+17 and drop digits
REQUIRED = ("name", "id_number", "receipt_no", "status", "cash")

NORMAL, VOIDED, REFUNDED, RESUBMITTED = "正常", "作废", "退费", "重报"
STATUSES = (NORMAL, VOIDED, REFUNDED, RESUBMITTED)

_TOP_KEYS = {"name", "title", "sheet", "summary_sheet", "codes_row", "columns"}
_COLUMN_KEYS = {"header", "field", "format", "code"}


class TemplateError(Refusal):
    """A template file that cannot be used; every problem names the file and the key."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("；".join(problems), "template")


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    format: str
    code: str = ""


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    sheet: str
    summary_sheet: str
    codes_row: bool
    columns: tuple[Column, ...]

    def index(self, field: str) -> int | None:
        """The column carrying the field, or None when the template leaves it out."""
        for i, column in enumerate(self.columns):
            if column.field == field:
                return i
        return None

    @property
    def header_rows(self) -> int:
        return 2 if self.codes_row else 1

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(c.format for c in self.columns)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "title": self.title, "sheet": self.sheet, "summary_sheet": self.summary_sheet,
                "codes_row": self.codes_row,
                "columns": [{"header": c.header, "field": c.field, "format": c.format, "code": c.code}
                            for c in self.columns]}

    def canonical_json(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


def bundled_template_dir() -> Path:
    """resources/export_templates wherever this installation ships it (see desktop_app._bundled)."""
    return resource_dir() / "export_templates"


def template_names() -> list[str]:
    return sorted(p.stem for p in bundled_template_dir().glob("*.toml"))


def load_template(name_or_path: str | Path = "default") -> Template:
    """A bundled template by name, or a template file by path."""
    path = Path(name_or_path)
    if path.suffix.lower() != ".toml":
        path = bundled_template_dir() / f"{name_or_path}.toml"
        if not path.is_file():
            known = "、".join(template_names())
            raise TemplateError(str(name_or_path), [f"没有名为“{name_or_path}”的导出模板，可用：{known}，或给出 .toml 文件路径"])
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise TemplateError(str(path), [f"{path}: 无法读取（{e}）；模板应为 UTF-8 编码的 TOML 文件"]) from None
    return parse_template(text, str(path))


def parse_template(text: str, source: str) -> Template:
    try:
        raw = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise TemplateError(source, [f"{source}: 不是有效的 TOML（{e}）"]) from None
    return template_from_json(raw, source)


def template_from_json(raw: Any, source: str) -> Template:
    """Check a template given as data (a TOML file, or the copy inside a manifest)."""
    problems: list[str] = []
    if not isinstance(raw, dict):
        raise TemplateError(source, [f"{source}: 模板应为一张表（键值对）"])
    for key in sorted(set(raw) - _TOP_KEYS):
        problems.append(f"{source}: {key}: 未知的键，可用：{'、'.join(sorted(_TOP_KEYS))}")

    def text_of(key: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str) or not value.strip():
            problems.append(f"{source}: {key}: 应为非空文字")
            return ""
        return value.strip()

    name, sheet = text_of("name"), text_of("sheet")
    title = text_of("title", name or "upload")
    summary = text_of("summary_sheet", "汇总")
    for key, value in (("sheet", sheet), ("summary_sheet", summary)):
        if len(value) > 31 or any(ch in value for ch in "[]:*?/\\"):
            problems.append(f"{source}: {key}: 工作表名“{value}”不能超过31个字，也不能含 []:*?/\\")
    if sheet and sheet == summary:
        problems.append(f"{source}: summary_sheet: 汇总表不能与明细表同名“{sheet}”")
    codes_row = raw.get("codes_row", False)
    if not isinstance(codes_row, bool):
        problems.append(f"{source}: codes_row: 应为 true 或 false")
        codes_row = False
    columns = _columns(raw.get("columns"), source, problems)
    if problems:
        raise TemplateError(source, problems)
    return Template(name, title, sheet, summary, codes_row, columns)


def _columns(raw: Any, source: str, problems: list[str]) -> tuple[Column, ...]:
    if not isinstance(raw, list) or not raw:
        problems.append(f"{source}: columns: 至少要有一列（[[columns]] header/field/format）")
        return ()
    columns: list[Column] = []
    for n, item in enumerate(raw, 1):
        where = f"{source}: columns[{n}]"
        if not isinstance(item, dict):
            problems.append(f"{where}: 应为一张表")
            continue
        for key in sorted(set(item) - _COLUMN_KEYS):
            problems.append(f"{where}: {key}: 未知的键，可用：{'、'.join(sorted(_COLUMN_KEYS))}")
        header, field, fmt, code = (item.get(k, "") for k in ("header", "field", "format", "code"))
        if not isinstance(header, str) or not header.strip():
            problems.append(f"{where}: header: 列名不能为空")
            continue
        if field not in FIELDS:
            problems.append(f"{where}: field: 未知字段“{field}”，可用：{'、'.join(FIELDS)}")
            continue
        if fmt not in FORMATS:
            problems.append(f"{where}: format: 未知格式“{fmt}”，可用：{'、'.join(FORMATS)}")
            continue
        if not isinstance(code, str):
            problems.append(f"{where}: code: 应为文字，如 AAC003")
            continue
        expected = _format_family(field)
        if _family(fmt) != expected:
            problems.append(f"{where}: format: 字段 {field}（{FIELDS[field]}）应使用 "
                            f"{'、'.join(f for f in FORMATS if _family(f) == expected)} 格式，不能用 {fmt}"
                            + ("，否则 Excel 会把号码显示成 3.41324E+17 并丢掉末几位" if field in TEXT_ONLY else ""))
            continue
        columns.append(Column(header.strip(), str(field), str(fmt), code.strip()))
    headers = [c.header for c in columns]
    for header in sorted({h for h in headers if headers.count(h) > 1}):
        problems.append(f"{source}: columns: 列名“{header}”重复")
    fields = [c.field for c in columns]
    for field in sorted({f for f in fields if fields.count(f) > 1}):
        problems.append(f"{source}: columns: 字段 {field} 出现了两次")
    missing = [f for f in REQUIRED if f not in fields]
    if missing and columns:
        problems.append(f"{source}: columns: 缺少必需的字段 "
                        + "、".join(f"{f}（{FIELDS[f]}）" for f in missing) + "，校验与县级汇总要用")
    return tuple(columns)


def _format_family(field: str) -> str:
    if field in MONEY_FIELDS:
        return "money"
    if field in INTEGER_FIELDS:
        return "integer"
    if field in DATE_FIELDS:
        return "date"
    return "text"


def _family(fmt: str) -> str:
    return "date" if fmt in ("date", "date8") else fmt
