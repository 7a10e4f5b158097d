"""The unpaid list (未缴名单) by village group, for reminders: who, which household, a
phone number to call, why not (未参保原因, as the collector wrote it: a refusal's reason),
and an empty 备注 column for notes by hand. A4, paginated, the header row repeated on
every page; each group says how many it has. The columns are sized from what they hold,
the same in every group (``reports.fit``): a 户号, a name, an ID number or a phone number
is never wrapped; 未参保原因 and 备注 take the room left.

Two variants (``UnpaidSheet``): only the 困难群众, who must all be insured; and the 公示
version to post in the village — names, households and relations only, the ID number
masked to its first and last four digits (3413**********1234), no identities, phone
numbers or reasons, and a line asking whoever paid elsewhere to say so.
"""

from __future__ import annotations

from desktop_app.reports.fit import Fit, fitted, packed, room_em, whole
from desktop_app.reports.html import cn_date, esc, grid, heading, mask_id, page, printed, spacer
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
    Fit(
        "资助身份", share=2, scale=SMALL, minimum=5, items=True
    ),  # (equal shares: no heading is squeezed onto two lines)
    Fit("联系电话"),
    Fit("未参保原因", share=2, scale=SMALL, minimum=6),
    Fit("备注", share=2, minimum=8),
)
IDENTITIES, REASON = 5, 7
PUBLIC_FITS = (Fit("序号", "center"), Fit("户号"), Fit("姓名"), Fit("关系", "center"), Fit("证件号码"))
PUBLIC_NOTE = (
    "以上人员本年度尚未参保。如已通过手机、银行、学校等渠道缴费，或已参加职工医保、在外地参保，"
    "请告知村收款员，以便核实更正。"
)


def public_id(number: str | None) -> str:
    """An ID number for the notice board: the first and last four digits (3413**********1234)."""
    if not number:
        return "（无证件）"
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def _text(n: int, row: UnpaidRow, public: bool = False) -> list[str]:
    person = row.person
    if public:
        return [str(n), person.household_no, person.name, person.relation or "—", public_id(person.id_number)]
    return [
        str(n),
        person.household_no,
        person.name,
        person.relation or "—",
        mask_id(person.id_number),
        "、".join(identity_labels(row.identities)),
        row.phone or "—",
        row.reason,
        "",
    ]


def _row(n: int, row: UnpaidRow, ems: list[float], public: bool = False) -> list[str]:
    person = row.person
    first = [
        whole(str(n)),
        whole(esc(person.household_no)),
        whole(esc(person.name)),
        whole(esc(person.relation or "—")),
    ]
    if public:
        return [*first, whole(esc(public_id(person.id_number)))]
    labels = packed(identity_labels(row.identities), ems[IDENTITIES] / SMALL, scale=1.0)
    return [
        *first,
        whole(esc(mask_id(person.id_number))),
        f'<span class="small">{labels}</span>',
        whole(esc(row.phone or "—")),
        f'<span class="small">{esc(row.reason)}</span>' if row.reason else "",
        "",
    ]


def unpaid_document(data: UnpaidSheet) -> Printout:
    """The 未缴名单 as an A4 printout."""
    groups = data.by_group()
    public = data.public
    who = "困难群众" if data.hardship_only else ""
    subtitle = (
        f"{data.village} · {data.benefit_year}年度 · 截至{cn_date(data.as_of)} · "
        f"{who}未缴 {len(data.rows)} 人（{data.households} 户）"
    )
    title = (f"城乡居民医保未缴费{who}名单" if who else TITLE) + ("（公示）" if public else "")
    parts = [heading(title, subtitle), spacer(6)]
    if groups:
        summary = "；".join(f"{esc(name)} {len(rows)} 人" for name, rows in groups)
        parts.append(f'<p class="muted">各组未缴：{summary}</p>')
        if public:
            parts.append(f"<p>{esc(PUBLIC_NOTE)}</p>")
    else:
        parts.append(f'<p class="big">{"困难群众均已参保" if who else "全部应参保人员均已参保"}。</p>')
    fits = PUBLIC_FITS if public else FITS
    fit = fitted(
        fits,
        [_text(n, r, public) for _, rows in groups for n, r in enumerate(rows, 1)],
        room_em(A4.width_mm - A4.margins_mm[0] - A4.margins_mm[2], POINT_SIZE),
    )
    for name, rows in groups:
        households = len({r.person.household_no for r in rows})
        caption = f'<span class="section">{esc(name)}　未缴 {len(rows)} 人（{households} 户）</span>'
        parts += [
            spacer(10),
            grid(fit.columns, [_row(n, r, fit.ems, public) for n, r in enumerate(rows, 1)], padding=6, caption=caption),
        ]
    kind = "未缴名单" + ("（困难群众）" if who else "") + ("（公示）" if public else "")
    return Printout(
        title=f"{kind} {data.as_of.isoformat()}",
        html=page("".join(parts)),
        page=A4,
        point_size=POINT_SIZE,
        footer_left=f"{data.village} {kind}",
        footer_right=printed(data.printed_at),
    )
