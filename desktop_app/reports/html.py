"""Small HTML pieces the printouts share: the style, tables, money, dates, signature lines.

Qt's rich text is a subset of HTML 4 and CSS 2.1. Two rules keep the PDF text exact:
no bold (the bundled font has no bold face, and synthetic bold is drawn twice, so the
text would extract twice), and no <th> (it is bold by default). Emphasis is size and
shade instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from html import escape

from desktop_app.domain.money import Fen, format_yuan, to_capitals

INK = "#1a1a1a"
MUTED = "#666666"
RULE = "#8c8c8c"
HEAD_FILL = "#e6e9ed"
TOTAL_FILL = "#f3f4f6"
RED = "#c00000"

STYLE = f"""
body {{ color: {INK}; }}
table.ruled td {{ border-right: 1px solid {RULE}; border-bottom: 1px solid {RULE}; }}
table.ruled td.l {{ border-left: 1px solid {RULE}; border-right: 1px solid {RULE}; border-bottom: 1px solid {RULE}; }}
table.ruled td.t {{ border-top: 1px solid {RULE}; border-right: 1px solid {RULE}; border-bottom: 1px solid {RULE}; }}
table.ruled td.lt {{ border-left: 1px solid {RULE}; border-top: 1px solid {RULE}; border-right: 1px solid {RULE};
                     border-bottom: 1px solid {RULE}; }}
tr.head td {{ background-color: {HEAD_FILL}; }}
tr.total td {{ background-color: {TOTAL_FILL}; }}
.muted {{ color: {MUTED}; }}
.red {{ color: {RED}; }}
.small {{ font-size: 8pt; }}
.title {{ font-size: 17pt; }}
.subtitle {{ font-size: 10.5pt; color: {MUTED}; }}
.section {{ font-size: 12pt; }}
.big {{ font-size: 13pt; }}
"""


@dataclass(frozen=True)
class Column:
    label: str
    width: int  # percent of the table width
    align: str = "left"


def esc(text: object) -> str:
    return escape(str(text), quote=True)


def yuan(fen: Fen) -> str:
    return format_yuan(fen)


def cn_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def stamp_time(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def printed(moment: datetime) -> str:
    """Every page's right-hand footer: two printouts of a ledger that changed in between are told apart."""
    return f"打印于 {stamp_time(moment)}"


def signed_capitals(fen: Fen, negative: str = "负") -> str:
    """Chinese capitals for any amount; a negative one is prefixed (负 / 应退)."""
    return to_capitals(fen) if fen >= 0 else negative + to_capitals(-fen)


def mask_id(number: str | None) -> str:
    """An ID number for a list that may be seen by others: 220102********1310."""
    if not number:
        return "（无证件）"
    if len(number) < 10:
        return number
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def page(body: str) -> str:
    return f"<html><head><style>{STYLE}</style></head><body>{body}</body></html>"


def heading(title: str, subtitle: str = "", right: str = "") -> str:
    """A centred title, a grey subtitle, and an optional mark on the right (补打)."""
    side = f'<td width="18%" align="right" valign="top">{right}</td>'
    return (
        f'<table width="100%" cellspacing="0" cellpadding="0"><tr><td width="18%"></td>'
        f'<td align="center"><span class="title">{esc(title)}</span>'
        + (f'<br/><span class="subtitle">{esc(subtitle)}</span>' if subtitle else "")
        + f"</td>{side}</tr></table>"
    )


def boxed_mark(text: str) -> str:
    """A red box with a word in it, such as 补打."""
    return (
        f'<table cellspacing="0" cellpadding="3" border="1" style="border-color: {RED}; '
        f'border-style: solid;"><tr><td><span class="red big">{esc(text)}</span></td></tr></table>'
    )


@dataclass(frozen=True)
class Cell:
    html: str
    align: str = "left"
    span: int = 1


def big(html: str) -> str:
    """Emphasis by size, not weight (the font has no bold face, see above)."""
    return f'<span class="big">{html}</span>'


def total_row(label: str, fen: Fen, negative: str = "负") -> tuple[str, list[Cell]]:
    """The amount a sheet is signed for, on its shaded last row of four columns: in capitals over the
    middle two, then in figures, all larger than the rest — the line the receiver checks the cash against."""
    return (
        "total",
        [Cell(big(label)), Cell(big(esc(signed_capitals(fen, negative))), span=2), Cell(big(f"¥{yuan(fen)}"), "right")],
    )


def ruled(
    rows: Sequence[tuple[str, Sequence[Cell]]],
    *,
    widths: Sequence[int] = (),
    head: int = 0,
    padding: int = 4,
    width: str = "100%",
) -> str:
    """A table ruled with thin lines; the first ``head`` rows repeat on every page.

    Each cell draws its right and bottom rule (the first column also its left, the
    first row its top) rather than using border-collapse, which Qt draws in time
    proportional to the whole table on every page: 1000 rows took 4 s instead of 1.
    """
    out = []
    widths_done = not widths
    for r, (cls, cells) in enumerate(rows):
        tds = []
        col = 0
        sized = not widths_done and all(c.span == 1 for c in cells)
        for c in cells:
            edges = ("l" if col == 0 else "") + ("t" if r == 0 else "")
            style = f' class="{edges}"' if edges else ""
            size = f' width="{widths[col]}%"' if sized else ""
            span = f' colspan="{c.span}"' if c.span > 1 else ""
            tds.append(f'<td align="{c.align}"{size}{span}{style}>{c.html}</td>')
            col += c.span
        widths_done = widths_done or sized
        out.append((f'<tr class="{cls}">' if cls else "<tr>") + "".join(tds) + "</tr>")
    thead = f"<thead>{''.join(out[:head])}</thead>" if head else ""
    return (
        f'<table class="ruled" width="{width}" border="0" cellspacing="0" cellpadding="{padding}">'
        f"{thead}<tbody>{''.join(out[head:])}</tbody></table>"
    )


def grid(
    columns: Sequence[Column],
    rows: Sequence[Sequence[str]],
    *,
    total: Sequence[str] | None = None,
    padding: int = 4,
    caption: str = "",
) -> str:
    """A ruled table whose header row repeats on every page; cells are HTML already.

    A caption becomes a first header row across the table, so it repeats too: a page
    that continues a group still says which group it is.
    """
    spec: list[tuple[str, Sequence[Cell]]] = []
    if caption:
        spec.append(("caption", [Cell(caption, span=len(columns))]))
    spec.append(("head", [Cell(esc(c.label), "center") for c in columns]))
    spec += [("", [Cell(cell, c.align) for c, cell in zip(columns, row)]) for row in rows]
    if total is not None:
        spec.append(("total", [Cell(cell, c.align) for c, cell in zip(columns, total)]))
    return ruled(spec, widths=[c.width for c in columns], head=2 if caption else 1, padding=padding)


def fields(pairs: Sequence[tuple[str, str]], per_row: int = 3) -> str:
    """Label: value pairs in rows, without borders (values are HTML already)."""
    rows = []
    for start in range(0, len(pairs), per_row):
        chunk = pairs[start : start + per_row]
        cells = "".join(f'<td><span class="muted">{esc(label)}：</span>{value}</td>' for label, value in chunk)
        cells += "<td></td>" * (per_row - len(chunk))
        rows.append(f"<tr>{cells}</tr>")
    return f'<table width="100%" cellspacing="0" cellpadding="2">{"".join(rows)}</table>'


def signatures(labels: Sequence[str] = ("收款员签字", "审核人签字", "日期")) -> str:
    """Signature lines: each label followed by a ruled blank to sign on."""
    cells = []
    for label in labels:
        cells.append(
            f'<td width="14%" align="right" valign="bottom">{esc(label)}：</td>'
            f'<td width="19%" style="border-bottom: 1px solid {INK};">&nbsp;</td>'
        )
    return (
        f'<table width="100%" cellspacing="0" cellpadding="6" style="margin-top: 18px;">'
        f"<tr>{''.join(cells)}</tr></table>"
    )


def spacer(px: int = 8) -> str:
    return f'<table width="100%" cellspacing="0" cellpadding="0"><tr><td height="{px}"></td></tr></table>'
