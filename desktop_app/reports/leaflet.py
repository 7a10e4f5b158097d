"""The 政策明白纸: one A4 page a collector pins on the wall or hands to a villager.

What a villager asks, in the order they ask it: how much do I pay (each group's amount,
the help after it), when (the collection period, when benefits run), what if I come late
(each late price and wait), what to bring and where else to pay, and whom to call — the
township's 咨询电话 from the settings, or a line to write it on. The collector's own
questions about the file (需要您核对的事项) are not for the wall: they are in the window's
policy view. A notice with many groups and late rules still fits one page: the type is
set as large as fits, measured by laying the page out as reports.output paints it (so
making the 明白纸 loads Qt, like painting any printout does).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from desktop_app.policy.leaflet import Leaflet
from desktop_app.reports.html import Cell, esc, heading, page, printed, ruled, spacer
from desktop_app.reports.page import A4, Printout

__all__ = ["LeafletPage", "leaflet_document", "point_size_for"]

SIZES = (12.0, 11.5, 11.0, 10.5, 10.0, 9.5, 9.0, 8.5, 8.0, 7.5)
TEXT_WIDTH_MM = A4.width_mm - A4.margins_mm[0] - A4.margins_mm[2]
PAGE_HEIGHT_MM = 297.0 - A4.margins_mm[1] - A4.margins_mm[3] - 8.0  # the footer's 8 mm (reports.output)
MM_PER_INCH = 25.4
SLACK_MM = 3.0  # rounding between the measure and the painter must never push a line onto a second page
GROUP_SHARE = 0.36  # the 人员类别 column's part of the width


@dataclass(frozen=True)
class LeafletPage:
    sheet: Leaflet
    village: str
    benefit_year: int
    area_name: str | None
    consult_phone: str
    printed_at: datetime


def _sections(data: LeafletPage) -> list[tuple[str, list[str]]]:
    """The page's parts after the amounts: (heading, lines), in the order a villager asks."""
    s = data.sheet
    parts = [
        ("缴费时间", [*s.periods, f"待遇享受期：{s.benefit_period}"]),
        ("集中缴费期后缴费", [late.text for late in s.late] + list(s.waits)),
    ]
    if s.bring:
        parts.append(("缴费时请带上", ["、".join(s.bring)]))
    if s.channels:
        parts.append(("缴费渠道", ["、".join(s.channels)]))
    parts.append(("退费", list(s.refunds)))
    return parts


def height_mm(html: str, point_size: float) -> float:
    """How tall the page's content is laid out at this type size, measured as reports.output paints it."""
    from PySide6.QtGui import QTextDocument
    from PySide6.QtPrintSupport import QPrinter

    from desktop_app.reports.fonts import font
    from desktop_app.reports.output import ensure_application

    ensure_application()
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    doc = QTextDocument()
    doc.documentLayout().setPaintDevice(printer)
    doc.setDefaultFont(font(point_size))
    doc.setDocumentMargin(0)
    doc.setUseDesignMetrics(True)
    doc.setHtml(html)
    doc.setTextWidth(TEXT_WIDTH_MM / MM_PER_INCH * printer.resolution())
    return float(doc.size().height()) / printer.resolution() * MM_PER_INCH


def point_size_for(data: LeafletPage) -> float:
    """The largest type at which the page's content fits one A4 page (the smallest size otherwise)."""
    body = _body(data)
    return next((size for size in SIZES if height_mm(body, size) <= PAGE_HEIGHT_MM - SLACK_MM), SIZES[-1])


def _list(items: list[str]) -> str:
    rows = "".join(f'<tr><td width="3%" valign="top">·</td><td>{esc(i)}</td></tr>' for i in items)
    return f'<table width="100%" cellspacing="0" cellpadding="1">{rows}</table>'


def _amounts(data: LeafletPage) -> str:
    rows: list[tuple[str, list[Cell]]] = [("head", [Cell("人员类别", "center"), Cell("每人每年个人缴费", "center")])]
    for g in data.sheet.groups:
        who, _, what = g.text.partition("：")
        amount = f'<span class="big">{esc(what)}</span>' if g.group == "普通居民" else esc(what)
        rows.append(("", [Cell(esc(who)), Cell(amount)]))
    width = round(GROUP_SHARE * 100)
    table = ruled(rows, widths=[width, 100 - width], head=1, padding=3)
    extra = [*data.sheet.riders, *data.sheet.not_collected]
    return table + (_list(extra) if extra else "")


def _body(data: LeafletPage) -> str:
    s = data.sheet
    area = f"（{data.area_name}）" if data.area_name else ""
    title = f"{data.benefit_year}年度城乡居民医保政策明白纸"
    parts = [
        heading(title, f"{s.title}{area}　{data.village}"),
        f'<p class="small muted">依据：{esc("；".join(s.sources))}</p>',
        '<p class="section">一、每人每年缴多少（多重身份按资助最高的一项，不叠加）</p>',
        _amounts(data),
    ]
    numbers = "二三四五六七八九"
    for n, (name, items) in enumerate(_sections(data)):
        parts += [spacer(4), f'<p class="section">{numbers[n]}、{esc(name)}</p>', _list(items)]
    phone = esc(data.consult_phone) if data.consult_phone else "＿＿＿＿＿＿＿＿＿＿＿＿"
    parts += [
        spacer(6),
        ruled(
            [
                (
                    "total",
                    [
                        Cell(
                            f'<span class="big">咨询电话：{phone}</span>　'
                            f'<span class="muted">（{esc(data.village)}代收点）</span>'
                        )
                    ],
                )
            ],
            padding=6,
        ),
        '<p class="small muted">本明白纸按本村所用的政策文件生成；如与县医保部门的通知不一致，以通知为准。</p>',
    ]
    return page("".join(parts))


def leaflet_document(data: LeafletPage) -> Printout:
    """The 明白纸 as one A4 page (reports.output paints it), its type as large as one page allows."""
    return Printout(
        title=f"政策明白纸 {data.benefit_year}",
        html=_body(data),
        page=A4,
        point_size=point_size_for(data),
        footer_left=f"{data.village} 政策明白纸",
        footer_right=printed(data.printed_at),
    )
