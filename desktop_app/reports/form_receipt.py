"""套打: the payment printed into the boxes of the tax office's pre-printed form, from a layout file.

杜集 notice 五(二): a village collecting cash 须开具《安徽省城乡居民基本医疗保险费专用票据》.
The form is printed by the tax office, numbered, with its boxes; the village only fills
them in. Each county's form is its own size with its boxes in their own places, so
where each value goes is not code but a layout file, ``resources/receipt_layouts/<name>.toml``
(or any .toml file the settings name), in millimetres measured on a blank form: see the
bundled example for the format. A layout that names an unknown box, or puts one off the
paper, is refused with the file and the key. The printer's offset (Settings.printer_offset_mm,
found with the calibration page, reports.test_page) is added to every position.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app._bundled import resource_dir
from desktop_app.domain.errors import Refusal
from desktop_app.domain.money import format_yuan, to_capitals
from desktop_app.domain.payments import PaymentLine
from desktop_app.reports.model import Receipt, identity_labels
from desktop_app.reports.page import Page, Placed, Printout

DEFAULT_LAYOUT = "ah-medical-insurance-example"
LAYOUT_FOLDER = "receipt_layouts"
ALIGNS = ("left", "right", "center")

# The boxes a layout may fill, with the Chinese words the calibration page and the errors use.
FIELDS: dict[str, str] = {
    "village": "代收单位",
    "year": "缴费年度",
    "receipt_no": "村收据号",
    "bill_no": "票据号",
    "issued_on": "开票日期",
    "issued_year": "开票年",
    "issued_month": "开票月",
    "issued_day": "开票日",
    "paid_on": "缴费日期",
    "household_no": "户号",
    "head": "户主",
    "payer": "缴费人",
    "group": "村民小组",
    "people_count": "人数",
    "total": "合计（小写）",
    "total_capitals": "合计（大写）",
    "collector": "收款人",
    "benefit_period": "待遇享受期",
    "late_entry": "补录",
    "remark": "备注",
}
COLUMNS: dict[str, str] = {
    "name": "姓名",
    "id_number": "证件号码",
    "identity": "资助身份",
    "item": "项目",
    "standard": "缴费标准",
    "riders": "附加险种",
    "subsidy": "资助",
    "due": "实缴金额",
}
ITEM = "城乡居民基本医疗保险费"


class LayoutError(Refusal):
    """A layout file that cannot be used: the message names the file, the key and what is wrong."""


@dataclass(frozen=True)
class Spot:
    """Where one value goes: x, y in mm (baseline; see reports.page.Placed), its size and room."""

    x: float
    y: float
    size: float
    align: str = "left"
    width: float = 0.0


@dataclass(frozen=True)
class PeopleTable:
    """The form's rows of people: the first row's baseline at ``y``, one row every ``row_height`` mm;
    each column's ``x`` is measured from the paper's left edge like every other box."""

    y: float
    row_height: float
    rows: int
    columns: dict[str, Spot]


@dataclass(frozen=True)
class FormLayout:
    key: str  # the file's name without .toml, or its path
    title: str
    width_mm: float
    height_mm: float
    measured: bool  # False: an example, not measured on a real form
    note: str
    fields: dict[str, Spot]
    people: PeopleTable | None = None

    @property
    def page(self) -> Page:
        return Page(self.key, self.width_mm, self.height_mm, (0.0, 0.0, 0.0, 0.0), numbered=False)


@dataclass(frozen=True)
class FormReceipt:
    """A payment to print onto a form: the receipt as recorded, the layout, the printer's offset."""

    receipt: Receipt
    layout: FormLayout
    offset_mm: tuple[float, float] = (0.0, 0.0)


# -- the layout file ----------------------------------------------------------------------------


def layout_folder() -> Path:
    return resource_dir() / LAYOUT_FOLDER


def layout_names() -> list[str]:
    """The layouts shipped with the program (file names without .toml)."""
    return sorted(p.stem for p in layout_folder().glob("*.toml"))


def layout_path(name: str) -> Path:
    """A shipped layout by name, or a .toml file by its path (a county's own, measured on its form)."""
    name = name.strip() or DEFAULT_LAYOUT
    if name.lower().endswith(".toml"):
        return Path(name)
    return layout_folder() / f"{name}.toml"


def load_layout(name: str = "") -> FormLayout:
    """Read and check a layout; LayoutError (in Chinese, naming the file and key) when it cannot be used."""
    path = layout_path(name)
    if not path.is_file():
        known = "、".join(layout_names()) or "无"
        raise LayoutError(f"找不到套打版式文件 {path}（程序自带的版式：{known}）", "form_layout")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise LayoutError(f"套打版式文件 {path.name} 无法读取：{e}", "form_layout") from None
    return parse_layout(data, path.stem if path.parent == layout_folder() else str(path), path.name)


def parse_layout(data: dict[str, Any], key: str, file: str) -> FormLayout:
    def fail(where: str, what: str) -> LayoutError:
        return LayoutError(f"套打版式文件 {file}：{where} {what}", "form_layout")

    paper = data.get("paper")
    if not isinstance(paper, dict):
        raise fail("paper", "缺少纸张大小，应写 paper = { width = 210.0, height = 101.6 }（毫米）")
    width, height = _number(paper, "width", "paper.width", fail), _number(paper, "height", "paper.height", fail)
    if not (20 <= width <= 450 and 20 <= height <= 450):
        raise fail("paper", f"纸张 {width}×{height} 毫米不合常理（应在 20 到 450 毫米之间）")
    size = _number(data, "font_size", "font_size", fail, 10.0)
    fields_data = data.get("fields", {})
    if not isinstance(fields_data, dict):
        raise fail("fields", "应为一节 [fields]")
    spots = {}
    for name, spec in fields_data.items():
        if name not in FIELDS:
            raise fail(f"fields.{name}", f"不是可套打的栏目；可用：{'、'.join(FIELDS)}")
        spots[name] = _spot(spec, f"fields.{name}", size, fail, width, height)
    people = None
    table = data.get("people")
    if table is not None:
        if not isinstance(table, dict) or not isinstance(table.get("columns"), dict):
            raise fail("people", "应为一节 [people]，含 y、row_height、rows 和 [people.columns]")
        rows = int(_number(table, "rows", "people.rows", fail))
        row_height = _number(table, "row_height", "people.row_height", fail)
        top = _number(table, "y", "people.y", fail)
        if rows < 1 or row_height <= 0 or top + (rows - 1) * row_height > height:
            raise fail("people", f"{rows} 行、行高 {row_height} 毫米，从 {top} 毫米起，超出了纸张")
        columns = {}
        for name, spec in table["columns"].items():
            if name not in COLUMNS:
                raise fail(f"people.columns.{name}", f"不是可套打的列；可用：{'、'.join(COLUMNS)}")
            columns[name] = _spot(
                {**spec, "y": top} if isinstance(spec, dict) else spec,
                f"people.columns.{name}",
                _number(table, "font_size", "people.font_size", fail, size),
                fail,
                width,
                height,
            )
        people = PeopleTable(top, row_height, rows, columns)
    if not spots and people is None:
        raise fail("fields", "没有任何栏目；至少写一个 [fields] 栏目")
    return FormLayout(
        key,
        str(data.get("name", key)),
        width,
        height,
        bool(data.get("measured", False)),
        str(data.get("note", "")),
        spots,
        people,
    )


def _number(table: dict[str, Any], key: str, where: str, fail: Any, default: float | None = None) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise fail(where, f"应为数字（毫米），而不是 {value!r}")
    return float(value)


def _spot(spec: Any, where: str, size: float, fail: Any, width: float, height: float) -> Spot:
    if not isinstance(spec, dict):
        raise fail(where, "应写成 { x = 30.0, y = 22.0 }")
    unknown = sorted(set(spec) - {"x", "y", "size", "align", "width"})
    if unknown:
        raise fail(where, f"不认识的键 {'、'.join(unknown)}（可用 x、y、size、align、width）")
    x, y = _number(spec, "x", f"{where}.x", fail), _number(spec, "y", f"{where}.y", fail)
    if not (0 <= x <= width and 0 <= y <= height):
        raise fail(where, f"位置 ({x}, {y}) 毫米在纸张 {width}×{height} 毫米之外")
    align = spec.get("align", "left")
    if align not in ALIGNS:
        raise fail(f"{where}.align", f"应为 left、right 或 center，而不是 {align!r}")
    return Spot(
        x,
        y,
        _number(spec, "size", f"{where}.size", fail, size),
        align,
        _number(spec, "width", f"{where}.width", fail, 0.0),
    )


# -- what goes into each box --------------------------------------------------------------------


def field_values(receipt: Receipt) -> dict[str, str]:
    """Every box's text for this payment (a layout uses those it names)."""
    p = receipt.payment
    issued = date.fromisoformat(p.created_at[:10])
    late = f"补录：{p.paid_on.isoformat()}缴费，{p.created_at[:16].replace('T', ' ')}录入" if p.late_entry else ""
    remark = "；".join(x for x in (f"村收据号 {p.receipt_no}", late, "补打" if receipt.reprinted_at else "") if x)
    periods = sorted({(ln.benefit_start, ln.benefit_end) for ln in p.lines})
    return {
        "village": receipt.village,
        "year": str(p.benefit_year),
        "receipt_no": p.receipt_no,
        "bill_no": p.bill_no or "",
        "issued_on": issued.isoformat(),
        "issued_year": str(issued.year),
        "issued_month": str(issued.month),
        "issued_day": str(issued.day),
        "paid_on": p.paid_on.isoformat(),
        "household_no": p.household_no,
        "head": receipt.head,
        "payer": "、".join(ln.name for ln in p.lines),
        "group": p.village_group,
        "people_count": str(len(p.lines)),
        "total": format_yuan(p.total_due),
        "total_capitals": to_capitals(p.total_due),
        "collector": p.operator,
        "benefit_period": "；".join(f"{a.isoformat()}至{b.isoformat()}" for a, b in periods),
        "late_entry": late,
        "remark": remark,
    }


def column_values(receipt: Receipt, line: PaymentLine) -> dict[str, str]:
    """One person's row; the subsidy identity only where the settings allow it (隐私)."""
    identity = "、".join(identity_labels(line.identities)) if receipt.show_identity else ""
    return {
        "name": line.name,
        "id_number": line.id_number or "（无证件）",
        "identity": identity,
        "item": ITEM,
        "standard": format_yuan(line.standard),
        "riders": format_yuan(line.rider_total) if line.riders else "",
        "subsidy": format_yuan(line.subsidy) if line.subsidy else "",
        "due": format_yuan(line.due),
    }


def placed_fields(data: FormReceipt) -> tuple[Placed, ...]:
    """Every piece of text at its place on the paper, the printer's offset added."""
    dx, dy = data.offset_mm
    layout, receipt = data.layout, data.receipt
    values = field_values(receipt)
    out = [Placed(s.x + dx, s.y + dy, values[name], s.size, s.align, s.width) for name, s in layout.fields.items()]
    table = layout.people
    if table is not None:
        lines = list(receipt.lines)
        shown = lines if len(lines) <= table.rows else lines[: table.rows - 1]
        for row, line in enumerate(shown):
            cells = column_values(receipt, line)
            y = table.y + row * table.row_height + dy
            out += [Placed(s.x + dx, y, cells[name], s.size, s.align, s.width) for name, s in table.columns.items()]
        if len(shown) < len(lines):  # more people than rows: the last row says so, the total covers all
            rest = lines[len(shown) :]
            first = min(table.columns.values(), key=lambda s: s.x)
            y = table.y + (table.rows - 1) * table.row_height + dy
            text = (
                f"另{len(rest)}人：{'、'.join(ln.name for ln in rest)}，共{format_yuan(sum(ln.due for ln in rest))}元"
            )
            out.append(Placed(first.x + dx, y, text, first.size))
    return tuple(out)


def form_receipt_document(data: FormReceipt) -> Printout:
    """The payment as text placed on the form's paper (no HTML, no margins)."""
    p = data.receipt.payment
    return Printout(
        title=f"票据 {p.bill_no or p.receipt_no}", html="", page=data.layout.page, marks=placed_fields(data)
    )
