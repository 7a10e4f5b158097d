"""The upload batch's column template: sheet name, columns, which field, which format, which codes.

A county with other columns needs a new TOML file in ``resources/export_templates/``,
not new code. A column names a field (``batch_fields``), or holds a constant of its own
(``constant = "341324"``: 参保地区划, 险种); a text column may turn the ledger's words into
the county's codes (``values = {"男" = "1"}``, or ``values_from = "民族"`` for a ready map
of ``resources/value_maps/``, which ``values`` may extend). A template is refused with the
file, the column and the value at load; a value that its map lacks is refused at export
(``batch_rows.cells``), before anything is written. The template a batch was written
with, maps included, travels inside its manifest, so the county reads any village's
batch without having that village's template file. Keys a template does not use are
left out of its JSON: a template of before issue 14 keeps its SHA-256.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app._bundled import resource_dir
from desktop_app.domain.errors import Refusal
from desktop_app.exchange.batch_fields import (
    BATCH_FIELDS,
    FIELD_INDEX,
    FIELDS,
    FORMATS,
    NORMAL,
    REFUNDED,
    REQUIRED,
    RESTORED,
    RESUBMITTED,
    ROW_FIELDS,
    STATUSES,
    TEXT_ONLY,
    VOIDED,
    family,
    format_family,
    is_rider,
    label_of,
)
from desktop_app.exchange.value_maps import ready_map, ready_maps

__all__ = [
    "BATCH_FIELDS",
    "FIELDS",
    "FIELD_INDEX",
    "FORMATS",
    "NORMAL",
    "REFUNDED",
    "REQUIRED",
    "RESTORED",
    "RESUBMITTED",
    "ROW_FIELDS",
    "STATUSES",
    "TEXT_ONLY",
    "VOIDED",
    "Column",
    "Template",
    "TemplateError",
    "bundled_template_dir",
    "load_template",
    "parse_template",
    "template_from_json",
    "template_names",
]

_TOP_KEYS = {"name", "title", "sheet", "summary_sheet", "codes_row", "columns"}
_COLUMN_KEYS = {"header", "field", "format", "code", "values", "values_from", "constant"}


class TemplateError(Refusal):
    """A template file that cannot be used; every problem names the file and the key."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__("；".join(problems), "template")


@dataclass(frozen=True)
class Column:
    header: str
    field: str  # "" for a constant column
    format: str
    code: str = ""
    values: dict[str, str] | None = None  # the ledger's word -> the county's code
    constant: str | None = None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"header": self.header, "field": self.field, "format": self.format, "code": self.code}
        if self.values is not None:
            out["values"] = dict(self.values)
        if self.constant is not None:
            out["constant"] = self.constant
        return out


@dataclass(frozen=True)
class Template:
    name: str
    title: str
    sheet: str
    summary_sheet: str
    codes_row: bool
    columns: tuple[Column, ...]
    source: str = field(default="", compare=False)  # the file (or manifest) it was read from, for messages

    def index(self, field: str) -> int | None:
        """The column carrying the field, or None when the template leaves it out."""
        for i, column in enumerate(self.columns):
            if column.field == field:
                return i
        return None

    def decoder(self, field: str) -> dict[str, str] | None:
        """For a column with a value map: its codes back to the ledger's words (one-to-one codes only)."""
        i = self.index(field)
        if i is None or self.columns[i].values is None:
            return None
        return _reverse(self.columns[i].values or {})

    def encoded(self, field: str, value: str) -> str:
        """``value`` as the field's column writes it (through its value map, when it has one)."""
        i = self.index(field)
        values = self.columns[i].values if i is not None else None
        return values.get(value, value) if values else value

    @property
    def header_rows(self) -> int:
        return 2 if self.codes_row else 1

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(c.format for c in self.columns)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "sheet": self.sheet,
            "summary_sheet": self.summary_sheet,
            "codes_row": self.codes_row,
            "columns": [c.to_json() for c in self.columns],
        }

    def canonical_json(self) -> str:
        return json.dumps(self.to_json(), ensure_ascii=False, sort_keys=True, separators=(",", ":"))

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.canonical_json().encode("utf-8")).hexdigest()


def _reverse(values: dict[str, str]) -> dict[str, str]:
    codes = list(values.values())
    return {code: word for word, code in values.items() if codes.count(code) == 1}


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
            raise TemplateError(
                str(name_or_path), [f"没有名为“{name_or_path}”的导出模板，可用：{known}，或给出 .toml 文件路径"]
            )
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
    return Template(name, title, sheet, summary, codes_row, columns, source)


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
        header = item.get("header", "")
        if not isinstance(header, str) or not header.strip():
            problems.append(f"{where}: header: 列名不能为空")
            continue
        column = _column(item, header.strip(), f"{where}（{header.strip()}）", problems)
        if column is not None:
            columns.append(column)
    headers = [c.header for c in columns]
    for header in sorted({h for h in headers if headers.count(h) > 1}):
        problems.append(f"{source}: columns: 列名“{header}”重复")
    fields = [c.field for c in columns if c.constant is None]
    for name in sorted({f for f in fields if fields.count(f) > 1}):
        problems.append(f"{source}: columns: 字段 {name} 出现了两次")
    missing = [f for f in REQUIRED if f not in fields]
    if missing and columns:
        problems.append(
            f"{source}: columns: 缺少必需的字段 "
            + "、".join(f"{f}（{FIELDS[f]}）" for f in missing)
            + "，校验与县级汇总要用"
        )
    return tuple(columns)


def _column(item: dict[str, Any], header: str, where: str, problems: list[str]) -> Column | None:
    """One column, or None with its problems noted (``where`` names the file and the column)."""
    code = item.get("code", "")
    if not isinstance(code, str):
        problems.append(f"{where}: code: 应为文字，如 AAC003")
        return None
    if "constant" in item:
        return _constant(item, header, code.strip(), where, problems)
    name, fmt = item.get("field", ""), item.get("format", "")
    if not isinstance(name, str) or not (name in FIELDS or is_rider(name)):
        problems.append(
            f"{where}: field: 未知字段“{name}”，可用：{'、'.join(FIELDS)}，"
            "或 rider:附加险简称（如 rider:附加险的简称），或用 constant 写固定值"
        )
        return None
    if fmt not in FORMATS:
        problems.append(f"{where}: format: 未知格式“{fmt}”，可用：{'、'.join(FORMATS)}")
        return None
    expected = format_family(name)
    if family(fmt) != expected:
        problems.append(
            f"{where}: format: 字段 {name}（{label_of(name)}）应使用 "
            f"{'、'.join(f for f in FORMATS if family(f) == expected)} 格式，不能用 {fmt}"
            + ("，否则 Excel 会把号码显示成 3.41324E+17 并丢掉末几位" if name in TEXT_ONLY else "")
        )
        return None
    values = _values(item, name, where, problems)
    if values is False:
        return None
    return Column(header, name, fmt, code.strip(), values if isinstance(values, dict) else None)


def _constant(item: dict[str, Any], header: str, code: str, where: str, problems: list[str]) -> Column | None:
    constant, fmt = item["constant"], item.get("format", "text")
    if not isinstance(constant, str):
        problems.append(f'{where}: constant: 固定值应写成文字（加引号，如 "341324"），否则开头的 0 会丢失')
        return None
    for key in ("field", "values", "values_from"):
        if item.get(key) not in (None, ""):  # a manifest's copy says field = ""
            problems.append(f"{where}: {key}: 固定值列（constant）不取字段，也不用值映射")
            return None
    if fmt != "text":
        problems.append(f"{where}: format: 固定值列只能用 text 格式，不能用 {fmt}")
        return None
    return Column(header, "", "text", code, None, constant)


def _values(item: dict[str, Any], name: str, where: str, problems: list[str]) -> dict[str, str] | None | bool:
    """The column's value map (a ready map, extended by its own entries); None: none; False: refused."""
    ready, own = item.get("values_from"), item.get("values")
    if ready is None and own is None:
        return None
    if format_family(name) != "text":
        problems.append(f"{where}: values: 值映射只用于文字字段，字段 {name}（{label_of(name)}）不是")
        return False
    merged: dict[str, str] = {}
    if ready is not None:
        found = ready_map(ready) if isinstance(ready, str) else None
        if found is None:
            known = "、".join(f"{m.name}（{'、'.join(m.aliases)}）" for m in ready_maps())
            problems.append(f"{where}: values_from: 没有名为“{ready}”的值映射，可用：{known}")
            return False
        merged.update(found.values)
    if own is not None:
        if not isinstance(own, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in own.items()):
            bad = next((k for k, v in own.items() if not isinstance(v, str)), None) if isinstance(own, dict) else None
            problems.append(
                f'{where}: values: 应为“原值 = 代码”的表，代码写成文字（如 "01"）'
                + (f"，“{bad}”的代码不是文字" if bad is not None else "")
            )
            return False
        merged.update(own)
    if name == "status":
        codes = list(merged.values())
        twice = sorted({c for c in codes if codes.count(c) > 1})
        if twice:
            problems.append(f"{where}: values: 状态的代码“{'、'.join(twice)}”用了不止一次，县里将无法分辨")
            return False
    return merged
