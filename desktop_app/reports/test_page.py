"""The 套打 calibration page: a millimetre grid, two crosses and every box of the layout, on the form's paper.

Printers do not put a page where they are told: a dot-matrix printer feeding a form may
start two millimetres low, a laser printer's tray a millimetre to the left. Printed on a
blank form (or plain paper of its size), this page shows by how much: each cross's
centre should be CROSS_MM from the paper's left and top edges; what is measured instead
gives the offset to enter in the settings (the page prints the offset in force, and is
itself printed with it, so a correct offset makes the crosses land true). The layout's
boxes are printed by name where their text will go, to check the layout file too.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop_app.reports.form_receipt import COLUMNS, FIELDS, FormLayout
from desktop_app.reports.page import Placed, Printout, Rule

CROSS_MM = 20.0
GRID_MM = 5.0
BLUE, GREY, DARK, RED = "#1f4e9e", "#bbbbbb", "#666666", "#c00000"


@dataclass(frozen=True)
class TestPage:
    layout: FormLayout
    offset_mm: tuple[float, float]
    village: str
    printed_at: datetime

    __test__ = False  # not a pytest class, whatever its name


def _grid(width: float, height: float, dx: float, dy: float) -> list[Placed | Rule]:
    marks: list[Placed | Rule] = []
    steps = int(width // GRID_MM)
    for i in range(1, steps + 1):
        x = i * GRID_MM
        major = i % 2 == 0
        marks.append(Rule(x + dx, dy, x + dx, height + dy, 0.15 if major else 0.08, DARK if major else GREY))
        if major:
            marks.append(Placed(x + dx + 0.5, 3.0 + dy, f"{x:.0f}", 5.5, colour=DARK))
    steps = int(height // GRID_MM)
    for i in range(1, steps + 1):
        y = i * GRID_MM
        major = i % 2 == 0
        marks.append(Rule(dx, y + dy, width + dx, y + dy, 0.15 if major else 0.08, DARK if major else GREY))
        if major:
            marks.append(Placed(0.8 + dx, y + dy - 0.5, f"{y:.0f}", 5.5, colour=DARK))
    return marks


def _cross(x: float, y: float, dx: float, dy: float) -> list[Placed | Rule]:
    arm = 4.0
    return [
        Rule(x - arm + dx, y + dy, x + arm + dx, y + dy, 0.25, RED),
        Rule(x + dx, y - arm + dy, x + dx, y + arm + dy, 0.25, RED),
        Placed(x + 1.0 + dx, y - 1.0 + dy, f"{x:g},{y:g}", 6.0, colour=RED),
    ]


def _box(x: float, y: float, label: str, align: str, dx: float, dy: float) -> list[Placed | Rule]:
    """Where a value's baseline starts (or ends, right-aligned): a small corner, and the box's name above it."""
    tick = 1.5
    side = -tick if align == "right" else tick
    return [
        Rule(x + dx, y + dy, x + side + dx, y + dy, 0.2, BLUE),
        Rule(x + dx, y + dy, x + dx, y - tick + dy, 0.2, BLUE),
        Placed(
            x + dx + (0 if align == "right" else 0.6),
            y - 0.6 + dy,
            label,
            6.0,
            "right" if align == "right" else "left",
            colour=BLUE,
        ),
    ]


def test_page_document(data: TestPage) -> Printout:
    """The calibration page as marks on the form's paper, the printer's offset applied."""
    layout = data.layout
    w, h = layout.width_mm, layout.height_mm
    dx, dy = data.offset_mm
    marks = _grid(w, h, dx, dy)
    marks += _cross(CROSS_MM, CROSS_MM, dx, dy) + _cross(w - CROSS_MM, h - CROSS_MM, dx, dy)
    for name, spot in layout.fields.items():
        marks += _box(spot.x, spot.y, f"［{FIELDS[name]}］", spot.align, dx, dy)
    if layout.people is not None:
        table = layout.people
        for row in range(table.rows):
            y = table.y + row * table.row_height
            for name, spot in table.columns.items():
                marks += _box(spot.x, y, f"［{COLUMNS[name]}{row + 1}］", spot.align, dx, dy)
    measured = "" if layout.measured or "测量" in layout.title else "（未按实物测量）"
    text = [
        f"套打测试页　{layout.title}{measured}　{data.village}　打印于 {data.printed_at:%Y-%m-%d %H:%M}",
        f"打印机偏移：向右 {dx:+.1f}、向下 {dy:+.1f} 毫米。红十字中心应距纸边 {CROSS_MM:.0f} 毫米；"
        f"新偏移 = 现偏移 + {CROSS_MM:.0f} − 量得的距离。蓝色角标是各栏文字的起点，应落在票据对应的格子里。",
    ]
    left = CROSS_MM + 8.0  # the lines sit above the boxes, right of the grid's figures
    for n, line in enumerate(text):
        marks.append(Placed(left + dx, 8.0 + n * 4.0 + dy, line, 7.0, width_mm=w - left - 4.0))
    return Printout(title=f"套打测试页 {layout.key}", html="", page=layout.page, marks=tuple(marks))
