"""The unpaid list (未缴名单) by village group, for reminders: who, which household, a
phone number to call, and an empty 备注 column for notes by hand. A4, paginated, the
header row repeated on every page; each group says how many it has. The columns are
sized from what they hold, the same in every group (``reports.fit``): a 户号, a name, an
ID number or a phone number is never wrapped; 备注 takes the room left to write in.
"""

from __future__ import annotations

from desktop_app.reports.fit import Fit, fitted, packed, room_em, whole
from desktop_app.reports.html import (
    cn_date,
    esc,
    grid,
    heading,
    mask_id,
    page,
    spacer,
    stamp_time,
)
from desktop_app.reports.model import UnpaidRow, UnpaidSheet, identity_labels
from desktop_app.reports.page import A4, Printout

TITLE = "城乡居民医保未缴费人员名单"

POINT_SIZE = 10.0
SMALL = 8.0 / POINT_SIZE
FITS = (
    Fit("序号", "center"),
    Fit("户号"),
    Fit("姓名"),
    Fit("关系", "center"),
    Fit("证件号码"),
    Fit("资助身份", share=1, scale=SMALL),
    Fit("联系电话"),
    Fit("备注", share=3, minimum=8),
)
IDENTITIES = 5


def _text(n: int, row: UnpaidRow) -> list[str]:
    person = row.person
    return [str(n), person.household_no, person.name, person.relation or "—", mask_id(person.id_number),
            "、".join(identity_labels(row.identities)), row.phone or "—", ""]


def _row(n: int, row: UnpaidRow, ems: list[float]) -> list[str]:
    person = row.person
    labels = packed(identity_labels(row.identities), ems[IDENTITIES] / SMALL, scale=1.0)
    return [whole(str(n)), whole(esc(person.household_no)), whole(esc(person.name)),
            whole(esc(person.relation or "—")), whole(esc(mask_id(person.id_number))),
            f'<span class="small">{labels}</span>', whole(esc(row.phone or "—")), ""]


def unpaid_document(data: UnpaidSheet) -> Printout:
    """The 未缴名单 as an A4 printout."""
    groups = data.by_group()
    subtitle = (f"{data.village} · {data.benefit_year}年度 · 截至{cn_date(data.as_of)} · "
                f"未缴 {len(data.rows)} 人（{data.households} 户）")
    parts = [heading(TITLE, subtitle), spacer(6)]
    if groups:
        summary = "；".join(f"{esc(name)} {len(rows)} 人" for name, rows in groups)
        parts.append(f'<p class="muted">各组未缴：{summary}</p>')
    else:
        parts.append('<p class="big">全部在册人员均已缴费。</p>')
    fit = fitted(FITS, [_text(n, r) for _, rows in groups for n, r in enumerate(rows, 1)],
                 room_em(A4.width_mm - A4.margins_mm[0] - A4.margins_mm[2], POINT_SIZE))
    for name, rows in groups:
        households = len({r.person.household_no for r in rows})
        caption = f'<span class="section">{esc(name)}　未缴 {len(rows)} 人（{households} 户）</span>'
        parts += [spacer(10), grid(fit.columns, [_row(n, r, fit.ems) for n, r in enumerate(rows, 1)], padding=6,
                                   caption=caption)]
    return Printout(title=f"未缴名单 {data.as_of.isoformat()}", html=page("".join(parts)), page=A4,
                    point_size=POINT_SIZE,
                    footer_left=f"{data.village} 未缴名单", footer_right=f"打印于 {stamp_time(data.printed_at)}")
