"""The village's own slip (收据): 80 mm or 58 mm roll for a thermal printer, or A4 for an office printer.

All show the title with village and benefit year, the receipt number and date, the
household, one line per person (standard and riders, subsidy and its mode, amount
collected), the total in figures and in Chinese capitals, cash and change, and the
collector. A reprint is marked 补打 with its time; a voided receipt is marked 作废
across the page and says when and why; a late entry (补录) is marked with both its
payment date and the time it was entered.

The slip says honestly what it is: the village collects for the tax office, and the
payment counts once the tax office has it (HONEST_NOTE, with the settings' query
channel); it is never "缴费凭证". Where the tax office's forms are used, the form is the
receipt (reports.form_receipt, 套打) and the slip names the form's number. The subsidy
identity (低保, 特困 …) is the villager's private matter: printed only when the settings
say so (Settings.show_identity_on_receipt), and the subsidy then says only 资助.
"""

from __future__ import annotations

from typing import Literal

from desktop_app.domain.money import to_capitals
from desktop_app.domain.payments import PaymentLine
from desktop_app.reports.html import (
    Cell,
    Column,
    boxed_mark,
    cn_date,
    esc,
    fields,
    grid,
    heading,
    page,
    ruled,
    spacer,
    stamp_time,
    yuan,
)
from desktop_app.reports.model import Receipt, identity_labels
from desktop_app.reports.page import ROLL_58, ROLL_80, Page, Printout

Layout = Literal["roll", "roll58", "a4"]

TITLE = "城乡居民基本医疗保险费收款收据"
A4_RECEIPT = Page("A4", 210.0, 297.0, (18.0, 15.0, 18.0, 12.0), numbered=False)
HONEST_NOTE = "村代收收款凭据；缴费以税务部门入库记录为准"
QUERY_FALLBACK = "入库情况可向当地税务部门查询"


def honest_note(receipt: Receipt) -> str:
    """What the slip is, and where the villager checks that the payment reached the tax office."""
    channel = receipt.query_channel.strip()
    return f"{HONEST_NOTE}。" + (f"查询：{channel}" if channel else QUERY_FALLBACK) + "。"


def receipt_document(receipt: Receipt, layout: Layout = "roll") -> Printout:
    """The receipt as a printout in the chosen layout ("roll" for 80 mm, "roll58" for 58 mm, "a4")."""
    if layout == "roll":
        html, paper, size = _roll(receipt), ROLL_80, 9.0
    elif layout == "roll58":
        html, paper, size = _roll(receipt, narrow=True), ROLL_58, 8.0
    elif layout == "a4":
        html, paper, size = _a4(receipt), A4_RECEIPT, 10.5
    else:
        raise ValueError(f"收据版式只能是 roll（80毫米）、roll58（58毫米）或 a4，不能是 {layout!r}")
    return Printout(
        title=f"收据 {receipt.payment.receipt_no}",
        html=html,
        page=paper,
        stamp="作废" if receipt.payment.void else "",
        point_size=size,
    )


def subtitle(receipt: Receipt) -> str:
    return f"{receipt.village} · {receipt.payment.benefit_year}年度"


def subsidy_note(line: PaymentLine, show_identity: bool = True) -> str:
    """How the subsidy is given; its name (低保对象定额资助 …) tells the identity, so only where allowed."""
    if not line.subsidy:
        return ""
    if line.reimbursed_later:
        return "先缴后补" + (f"（{line.subsidy_payer}）" if line.subsidy_payer else "")
    return (line.subsidy_name if show_identity else "") or "资助"


def identities(receipt: Receipt, line: PaymentLine) -> str:
    """The subsidy identities as the slip prints them: none unless the settings allow it."""
    return "、".join(identity_labels(line.identities)) if receipt.show_identity else ""


def benefit_period(receipt: Receipt) -> str:
    periods = sorted({(ln.benefit_start, ln.benefit_end) for ln in receipt.lines})
    return "；".join(f"{cn_date(a)}至{cn_date(b)}" for a, b in periods)


def _marks(receipt: Receipt) -> list[str]:
    """The sentences that say this is a reprint, voided, or (partly) refunded."""
    out = []
    p = receipt.payment
    if p.late_entry:
        out.append(f"补录：{cn_date(p.paid_on)}缴费，{_issued(receipt)} 录入（原因：{p.late_entry}）。")
    if receipt.reprinted_at:
        out.append(f"补打：{stamp_time(receipt.reprinted_at)} 重新打印，原收据号不变。")
    void = receipt.payment.void
    if void:
        out.append(
            f"作废：本收据已于 {cn_date(void.voided_on)} 作废（原因：{void.reason}；"
            f"操作员：{void.operator}），款项不再有效。"
        )
    for line in receipt.lines:
        if refunded := receipt.refunded(line):
            out.append(f"退费：{line.name} {yuan(refunded)} 元，{receipt.refund_note(line)}。")
    return out


def _issued(receipt: Receipt) -> str:
    return receipt.payment.created_at.replace("T", " ")[:16]


def _issued_label(receipt: Receipt) -> str:
    """A late entry's issue time is when it was entered (录入), beside its payment date."""
    return "录入时间" if receipt.payment.late_entry else "开票时间"


# ---------------------------------------------------------------- A4


def _a4(receipt: Receipt) -> str:
    p = receipt.payment
    mark = "".join(boxed_mark(word) for word, on in (("补打", receipt.reprinted_at), ("补录", p.late_entry)) if on)
    riders = any(line.riders for line in receipt.lines)
    shown = receipt.show_identity
    columns = [
        Column("序号", 7, "center"),
        Column("姓名", (10 if riders else 11) if shown else (11 if riders else 14)),
        Column("证件号码", 24 if shown else (26 if riders else 28)),
    ]
    if shown:
        columns.append(Column("资助身份", 11 if riders else 13))
    columns.append(Column("个人缴费标准", (10 if riders else 12) if shown else (12 if riders else 14), "right"))
    if riders:
        columns.append(Column("附加险种", 11 if shown else 12, "right"))
    columns += [
        Column("资助", (15 if riders else 20) if shown else (18 if riders else 22), "right"),
        Column("实收金额", (12 if riders else 13) if shown else (14 if riders else 15), "right"),
    ]
    rows = []
    for n, line in enumerate(receipt.lines, 1):
        row = [str(n), esc(line.name), esc(line.id_number or "（无证件）")]
        if shown:
            row.append(esc(identities(receipt, line) or "—"))
        row.append(yuan(line.standard))
        if riders:
            row.append(
                "<br/>".join(
                    f'{yuan(r.amount)}<br/><span class="small muted">{esc(r.name)}</span>' for r in line.riders
                )
                or "—"
            )
        note = subsidy_note(line, shown)
        row.append(yuan(line.subsidy) + (f'<br/><span class="small muted">{esc(note)}</span>' if note else ""))
        row.append(yuan(line.due))
        rows.append(row)
    total = [
        "",
        "合计",
        f"{len(receipt.lines)}人",
        *([""] if shown else []),
        yuan(sum(ln.standard for ln in receipt.lines)),
    ]
    if riders:
        total.append(yuan(sum(ln.rider_total for ln in receipt.lines)))
    total += [yuan(sum(ln.subsidy for ln in receipt.lines)), yuan(receipt.payment.total_due)]
    reimbursed = sum(ln.subsidy for ln in receipt.lines if ln.reimbursed_later)
    notes = []
    if reimbursed:
        notes.append(f"先缴后补：资助 {yuan(reimbursed)} 元已按标准全额收取，之后由资助部门补给个人。")
    notes += [f"{ln.name}：待遇等待期至 {cn_date(ln.waiting_until)}。" for ln in receipt.lines if ln.waiting_until]
    parts = [
        heading(TITLE, subtitle(receipt), mark),
        spacer(10),
        fields(
            [
                ("收据号", f'<span class="big">{esc(p.receipt_no)}</span>'),
                ("缴费日期", cn_date(p.paid_on) + ('<span class="red">（补录）</span>' if p.late_entry else "")),
                (_issued_label(receipt), esc(_issued(receipt))),
                ("户号", esc(p.household_no)),
                ("户主", esc(receipt.head or "—")),
                ("村民小组", esc(p.village_group or "—")),
                *([("税务专用票据号", esc(p.bill_no))] if p.bill_no else []),
            ]
        ),
        spacer(6),
        grid(columns, rows, total=total, padding=5),
        spacer(6),
        _a4_totals(receipt),
        spacer(4),
        f"<p>待遇享受期：{esc(benefit_period(receipt))}</p>",
        "".join(f'<p class="muted">{esc(n)}</p>' for n in notes),
        "".join(f'<p class="red">{esc(m)}</p>' for m in _marks(receipt)),
        spacer(16),
        fields([("收款员", esc(p.operator)), ("收款单位（盖章）", ""), ("缴款人签字", "")]),
        spacer(12),
        f"<p>{esc(honest_note(receipt))}</p>",
    ]
    return page("".join(parts))


def _a4_totals(receipt: Receipt) -> str:
    p = receipt.payment
    return ruled(
        [
            (
                "",
                [
                    Cell('<span class="muted">合计金额（大写）</span>'),
                    Cell(f'<span class="big">{esc(to_capitals(p.total_due))}</span>'),
                    Cell('<span class="muted">小写</span>'),
                    Cell(f'<span class="big">¥{yuan(p.total_due)}</span>', "right"),
                ],
            ),
            (
                "",
                [
                    Cell('<span class="muted">收到现金</span>'),
                    Cell(f"¥{yuan(p.cash)}"),
                    Cell('<span class="muted">找零</span>'),
                    Cell(f"¥{yuan(p.change)}", "right"),
                ],
            ),
        ],
        widths=(22, 48, 12, 18),
        padding=6,
    )


# ---------------------------------------------------------------- 80 mm and 58 mm roll


def _pair(label: str, value: str, value_class: str = "") -> str:
    cls = f' class="{value_class}"' if value_class else ""
    return f'<tr><td class="muted" valign="middle">{esc(label)}</td><td align="right"{cls}>{value}</td></tr>'


def _roll(receipt: Receipt, narrow: bool = False) -> str:
    """The roll slip; ``narrow`` (58 mm, 48 mm printable) puts each ID number on a line of its own."""
    p = receipt.payment
    rule = '<hr style="border-color:#777;"/>'
    title_size = "10pt" if narrow else "11pt"
    head = (
        f'<p align="center"><span style="font-size:{title_size};">城乡居民基本医疗保险费<br/>收款收据</span><br/>'
        f'<span class="muted">{esc(subtitle(receipt))}</span><br/>'
        f'<span class="small">（{HONEST_NOTE.split("；")[0]}）</span></p>'
    )
    marks = (
        ("【补打】" if receipt.reprinted_at else "")
        + ("【补录】" if p.late_entry else "")
        + ("【作废】" if p.void else "")
    )
    if marks:
        head += f'<p align="center"><span class="red big">{marks}</span></p>'
    info = (
        '<table width="100%" cellspacing="0" cellpadding="1">'
        + _pair("收据号", esc(p.receipt_no))
        + (_pair("票据号", esc(p.bill_no)) if p.bill_no else "")
        + _pair("缴费日期", p.paid_on.isoformat())
        + (_pair("录入时间", esc(_issued(receipt)), "red") if p.late_entry else "")
        + _pair("户号", esc(p.household_no))
        + _pair("户主", esc(receipt.head or "—"))
        + (_pair("村民小组", esc(p.village_group)) if p.village_group else "")
        + "</table>"
    )
    people = []
    for n, line in enumerate(receipt.lines, 1):
        number = esc(line.id_number or "（无证件）")
        if narrow:
            rows = [
                f'<tr><td colspan="2">{n}. {esc(line.name)}</td></tr>',
                f'<tr><td colspan="2" class="small muted">{number}</td></tr>',
            ]
        else:
            rows = [f'<tr><td colspan="2">{n}. {esc(line.name)}<span class="small muted">　{number}</span></td></tr>']
        if labels := identities(receipt, line):
            rows.append(f'<tr><td colspan="2" class="small muted">{esc(labels)}</td></tr>')
        rows.append(_pair("缴费标准", yuan(line.standard)))
        rows += [_pair(r.name, yuan(r.amount)) for r in line.riders]
        if line.subsidy:
            label = "资助（先缴后补）" if line.reimbursed_later else "资助"
            rows.append(_pair(label, ("" if line.reimbursed_later else "-") + yuan(line.subsidy)))
        rows.append(_pair("实收", yuan(line.due)))
        if line.waiting_until:
            rows.append(f'<tr><td colspan="2" class="small muted">待遇等待期至 {line.waiting_until}</td></tr>')
        people.append('<table width="100%" cellspacing="0" cellpadding="1">' + "".join(rows) + "</table>")
    totals = (
        '<table width="100%" cellspacing="0" cellpadding="1">'
        + _pair("合计", f'<span class="big">¥{yuan(p.total_due)}</span>')
        + f'<tr><td colspan="2">大写：{esc(to_capitals(p.total_due))}</td></tr>'
        + _pair("收到现金", f"¥{yuan(p.cash)}")
        + _pair("找零", f"¥{yuan(p.change)}")
        + "</table>"
    )
    foot = (
        '<table width="100%" cellspacing="0" cellpadding="1">'
        + _pair("收款员", esc(p.operator))
        + ("" if p.late_entry else _pair("开票时间", esc(_issued(receipt))))  # a late one has it at the top
        + "</table>"
        + f'<p class="small">待遇享受期：{esc(benefit_period(receipt))}</p>'
        + "".join(f'<p class="small red">{esc(m)}</p>' for m in _marks(receipt))
        + f'<p class="small" align="center">{esc(honest_note(receipt))}</p>'
    )
    return page(head + rule + info + rule + rule.join(people) + rule + totals + rule + foot)
