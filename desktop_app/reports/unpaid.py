"""The unpaid list (未缴名单) by village group, for reminders: who, which household, a
phone number to call, and an empty 备注 column for notes by hand. A4, paginated, the
header row repeated on every page; each group says how many it has.
"""

from __future__ import annotations

from desktop_app.reports.html import (
    Column,
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

COLUMNS = (
    Column("序号", 6, "center"),
    Column("户号", 7),
    Column("姓名", 10),
    Column("关系", 7, "center"),
    Column("证件号码", 24),
    Column("资助身份", 12),
    Column("联系电话", 15),
    Column("备注", 19),
)


def _row(n: int, row: UnpaidRow) -> list[str]:
    person = row.person
    labels = "、".join(identity_labels(row.identities))
    return [str(n), esc(person.household_no), esc(person.name), esc(person.relation or "—"),
            esc(mask_id(person.id_number)), f'<span class="small">{esc(labels)}</span>', esc(row.phone or "—"), ""]


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
    for name, rows in groups:
        households = len({r.person.household_no for r in rows})
        caption = f'<span class="section">{esc(name)}　未缴 {len(rows)} 人（{households} 户）</span>'
        parts += [spacer(10), grid(COLUMNS, [_row(n, r) for n, r in enumerate(rows, 1)], padding=6,
                                   caption=caption)]
    return Printout(title=f"未缴名单 {data.as_of.isoformat()}", html=page("".join(parts)), page=A4, point_size=10.0,
                    footer_left=f"{data.village} 未缴名单", footer_right=f"打印于 {stamp_time(data.printed_at)}")
