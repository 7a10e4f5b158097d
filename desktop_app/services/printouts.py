"""The printouts — 收据, 收款清单, 日结单, 未缴名单, 套打票据 and its 测试页, 结报单, 退费申请表,
先缴后补发放名单 — in one registry for the window and the CLI.

Each kind has its gather function (what it shows, from the ledger's own records, for
the acting collector and benefit year) and its renderer (how it is laid out, in
desktop_app.reports). ``document(ledger, acting, kind, **params)`` makes the printout;
``to_pdf`` and ``to_printer`` paint it; ``ensure_font`` gives the window the bundled
font. The window (ui.print_dialog) and the CLI (cli.printing) both come through here,
so they print the same thing, and neither imports desktop_app.reports.

This module is the single seam through which services reach desktop_app.reports, and
so Qt. The renderers only make HTML; Qt is loaded when a printout is painted or the
font is asked for, so a command that prints nothing never loads it.

Who and which year: the day sheet and the receipt list are the acting collector's
(``everyone=True``: 全村汇总, every collector's); the day sheet and the unpaid list are
for the acting benefit year. A receipt prints as recorded, whoever asks for it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment
from desktop_app.reports.day_summary import day_summary_document
from desktop_app.reports.form_receipt import FormLayout, FormReceipt, LayoutError, form_receipt_document, layout_names
from desktop_app.reports.form_receipt import load_layout as read_layout
from desktop_app.reports.leaflet import LeafletPage, leaflet_document
from desktop_app.reports.model import (
    DaySheet,
    GroupRow,
    Receipt,
    ReceiptList,
    ReceiptRow,
    UnpaidRow,
    UnpaidSheet,
)
from desktop_app.reports.page import Printout
from desktop_app.reports.payout_list import PayoutList, PayoutRow, payout_document
from desktop_app.reports.progress_report import progress_document
from desktop_app.reports.receipt import receipt_document
from desktop_app.reports.receipt_list import receipt_list_document
from desktop_app.reports.refund_form import RefundForm, refund_form_document
from desktop_app.reports.settlement_sheet import SettlementSheet, settlement_document
from desktop_app.reports.test_page import TestPage, test_page_document
from desktop_app.reports.unpaid import unpaid_document
from desktop_app.services.cash import settlements
from desktop_app.services.desk_status import gather_progress
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payouts import payouts
from desktop_app.services.policies import leaflet
from desktop_app.services.records import list_payments, load_payment, load_payment_by_receipt
from desktop_app.services.refunds import application
from desktop_app.services.register import household_members
from desktop_app.services.summaries import ORDINARY, group_of, hardship_codes, unpaid_people
from desktop_app.store import late_entries as late_store
from desktop_app.store import payments as payment_store
from desktop_app.store import register as register_store

__all__ = [
    "KINDS",
    "Kind",
    "Printout",
    "document",
    "ensure_font",
    "form_layout_title",
    "form_layouts",
    "gather_day_sheet",
    "gather_form_receipt",
    "gather_payout",
    "gather_receipt",
    "gather_receipt_list",
    "gather_refund_form",
    "gather_settlement",
    "gather_test_page",
    "gather_unpaid",
    "to_pdf",
    "to_printer",
]


# -- gathering: the ledger's records, as each printout shows them --------------------------


def household_head(ledger: Ledger, household_id: int) -> str:
    """The name of the household's 户主, or '' when none is recorded."""
    head = next((p for p in household_members(ledger, household_id) if p.is_head), None)
    return head.name if head else ""


class _Heads:
    """户主 by household, each looked up once per printout."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.known: dict[int, str] = {}

    def __call__(self, household_id: int) -> str:
        if household_id not in self.known:
            self.known[household_id] = household_head(self.ledger, household_id)
        return self.known[household_id]

    def rows(self, payments: Iterable[Payment], refunds_on: date | None = None) -> tuple[ReceiptRow, ...]:
        return tuple(ReceiptRow.of(p, self(p.household_id), refunds_on) for p in payments)


def gather_receipt(ledger: Ledger, payment: Payment | str, *, reprint: bool = False) -> Receipt:
    """A receipt by Payment or receipt number; a reprint carries the time it was reprinted.

    A Payment is read again, so a receipt voided or refunded since it was loaded prints as it now stands.
    """
    found = load_payment_by_receipt(ledger, payment) if isinstance(payment, str) else load_payment(ledger, payment.id)
    s = ledger.settings
    return Receipt(
        found,
        s.village,
        household_head(ledger, found.household_id),
        ledger.now() if reprint else None,
        show_identity=s.show_identity_on_receipt,
        query_channel=s.query_channel,
    )


def gather_receipt_list(
    ledger: Ledger,
    acting: Acting,
    date_from: date | None = None,
    date_to: date | None = None,
    *,
    everyone: bool = False,
) -> ReceiptList:
    """The acting collector's receipts paid in the range (every collector's with ``everyone``), voided and
    refunded ones too, in the order they were issued."""
    operator_id = None if everyone else acting.operator.id
    payments = list_payments(ledger, date_from, date_to, operator_id=operator_id)
    return ReceiptList(
        ledger.settings.village,
        None if everyone else acting.name,
        date_from,
        date_to,
        ledger.now(),
        _Heads(ledger).rows(payments),
    )


def gather_day_sheet(ledger: Ledger, acting: Acting, day: date | None = None, *, everyone: bool = False) -> DaySheet:
    """The 日结单 of the acting collector (of everyone: 全村汇总) in the acting benefit year: what was issued on
    the day, and what was voided and refunded that day (of receipts issued then or before)."""
    day = day or ledger.now().date()
    operator_id = None if everyone else acting.operator.id
    year = acting.benefit_year
    issued = tuple(list_payments(ledger, day, day, year=year, operator_id=operator_id))

    def of_year(ids: list[int]) -> list[Payment]:
        return [p for p in payment_store.by_ids(ledger.db, ids) if p.benefit_year == year]

    heads = _Heads(ledger)
    return DaySheet(
        day=day,
        village=ledger.settings.village,
        collector=None if everyone else acting.name,
        benefit_year=year,
        printed_at=ledger.now(),
        issued=issued,
        voided=heads.rows(of_year(payment_store.voided_on(ledger.db, day, operator_id))),
        refunds=heads.rows(of_year(payment_store.refunded_on(ledger.db, day, operator_id)), refunds_on=day),
        groups=group_rows(issued),
        late_entries=tuple(payment_store.by_ids(ledger.db, late_store.late_on(ledger.db, day, year, operator_id))),
    )


def group_rows(payments: Iterable[Payment]) -> tuple[GroupRow, ...]:
    """People and money of the receipts that stand, by identity group, in the DESIGN order."""
    acc: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for p in payments:
        if p.void:
            continue
        for line in p.lines:
            row = acc[group_of(line.identities)]
            row[0] += 1
            row[1] += line.standard + line.rider_total
            row[2] += line.subsidy
            row[3] += line.due
    order = [*IDENTITIES.values(), ORDINARY]
    return tuple(GroupRow(g, *acc[g]) for g in order if g in acc)


def gather_unpaid(ledger: Ledger, acting: Acting, *, hardship_only: bool = False, public: bool = False) -> UnpaidSheet:
    """Who is still to visit in the acting benefit year (not covered through any channel, not excluded; a
    refusal stays, with its reason), by village group (in the settings' order) and household.
    ``hardship_only``: only the 困难群众; ``public``: the 公示 version (the renderer leaves out what it must)."""
    settings = ledger.settings
    order = {name: n for n, name in enumerate(settings.village_groups)}
    left = unpaid_people(ledger, acting.benefit_year)
    if hardship_only:
        wanted = hardship_codes(ledger, acting.benefit_year)
        left = [u for u in left if wanted.intersection(u.identities)]
    left.sort(key=lambda u: (order.get(u.village_group, len(order)), u.village_group))
    people = register_store.people_by_ids(ledger.db, [u.person_id for u in left])
    households = register_store.households_by_ids(ledger.db, sorted({p.household_id for p in people.values()}))
    rows = tuple(
        UnpaidRow(people[u.person_id], households[people[u.person_id].household_id], u.identities, u.reason)
        for u in left
    )
    now = ledger.now()
    return UnpaidSheet(settings.village, acting.benefit_year, now.date(), now, rows, hardship_only, public)


# -- the tax office's forms, the collector's cash and refund applications -----------------------


def gather_form_receipt(
    ledger: Ledger, acting: Acting | None, *, receipt_no: str, reprint: bool = False
) -> FormReceipt:
    """A payment to print onto the tax office's form (套打), with the settings' layout and printer offset."""
    s = ledger.settings
    receipt = gather_receipt(ledger, receipt_no, reprint=reprint)
    if receipt.payment.void is not None:
        raise LedgerError(f"收据 {receipt.payment.receipt_no} 已作废，不能再套打到票据上", "receipt_no")
    return FormReceipt(receipt, load_layout(s.form_layout), s.printer_offset_mm)


def load_layout(name: str) -> FormLayout:
    """The 套打 layout the settings name, read and checked; a LedgerError naming the file and key if unusable."""
    try:
        return read_layout(name)
    except LayoutError as e:
        raise LedgerError(e.message, "form_layout") from None


def gather_test_page(ledger: Ledger, acting: Acting | None) -> TestPage:
    s = ledger.settings
    return TestPage(load_layout(s.form_layout), s.printer_offset_mm, s.village, ledger.now())


def form_layouts() -> list[str]:
    """The 套打 layouts shipped with the program; the settings may also name a .toml file of the county's own."""
    return layout_names()


def form_layout_title(name: str) -> str:
    """The layout's title once it is read and checked; reports.form_receipt.LayoutError (a Refusal) if unusable."""
    return load_layout(name).title


def gather_settlement(ledger: Ledger, acting: Acting, *, settlement_no: int) -> SettlementSheet:
    """The acting collector's settlement of that number, with the receipts it settled."""
    found = [s for s in settlements(ledger, acting.operator.id) if s.settlement_no == int(settlement_no)]
    if not found:
        raise LedgerError(f"收款员“{acting.name}”没有第 {settlement_no} 号结报", "settlement")
    done = found[0]
    return SettlementSheet(
        done,
        ledger.settings.village,
        ledger.now(),
        tuple(load_payment_by_receipt(ledger, no) for no in done.receipt_nos),
    )


def gather_refund_form(ledger: Ledger, acting: Acting | None, *, uid: str) -> RefundForm:
    """A refund application (by its uid) with its payment, as the 退费申请表 prints it."""
    found = application(ledger, uid)
    payment = load_payment(ledger, found.payment_id)
    return RefundForm(
        found, payment, ledger.settings.village, household_head(ledger, payment.household_id), ledger.now()
    )


def gather_payout(ledger: Ledger, acting: Acting) -> PayoutList:
    """先缴后补: the acting year's people owed a subsidy later, with their accounts (services.payouts)."""
    found = payouts(ledger, acting.benefit_year)
    rows = tuple(
        PayoutRow(
            e.payment, e.line, e.basis, e.account.bank if e.account else "", e.account.account if e.account else ""
        )
        for e in found.entries
    )
    return PayoutList(found.village, found.benefit_year, found.as_of, ledger.now(), rows)


def gather_leaflet(ledger: Ledger, acting: Acting | None, *, year: int | None = None) -> LeafletPage:
    """政策明白纸: the year's policy (the acting year's by default) for the year's area, with the township's
    咨询电话 from the settings."""
    chosen = ledger.year(year if year is not None else acting.benefit_year if acting else None)
    policy = ledger.policy_of(chosen).policy
    area = policy.area(chosen.area) if chosen.area else None
    s = ledger.settings
    return LeafletPage(
        leaflet(policy, chosen.area), s.village, chosen.year, area.name if area else None, s.consult_phone, ledger.now()
    )


# -- the registry ------------------------------------------------------------------------------


def _receipt(ledger: Ledger, acting: Acting | None, *, receipt_no: str, reprint: bool = False) -> Receipt:
    return gather_receipt(ledger, receipt_no, reprint=reprint)


@dataclass(frozen=True)
class Kind:
    """One printout: its Chinese name, how it is gathered and laid out, and the parameters of each."""

    title: str
    gather: Callable[..., Any]  # (ledger, acting, **gather_params)
    render: Callable[..., Printout]  # (data, **render_params)
    gather_params: tuple[str, ...] = ()
    render_params: tuple[str, ...] = ()
    needs_acting: bool = True

    @property
    def params(self) -> tuple[str, ...]:
        return self.gather_params + self.render_params


KINDS: dict[str, Kind] = {
    "receipt": Kind("收据", _receipt, receipt_document, ("receipt_no", "reprint"), ("layout",), needs_acting=False),
    "receipt_list": Kind("收款清单", gather_receipt_list, receipt_list_document, ("date_from", "date_to", "everyone")),
    "day_sheet": Kind("日结单", gather_day_sheet, day_summary_document, ("day", "everyone")),
    "unpaid": Kind("未缴名单", gather_unpaid, unpaid_document, ("hardship_only", "public")),
    "progress": Kind("进度通报", gather_progress, progress_document, ("village", "status"), needs_acting=False),
    "form_receipt": Kind(
        "套打票据", gather_form_receipt, form_receipt_document, ("receipt_no", "reprint"), needs_acting=False
    ),
    "test_page": Kind("套打测试页", gather_test_page, test_page_document, needs_acting=False),
    "settlement": Kind("结报单", gather_settlement, settlement_document, ("settlement_no",)),
    "refund_form": Kind("退费申请表", gather_refund_form, refund_form_document, ("uid",), needs_acting=False),
    "payout": Kind("先缴后补发放名单", gather_payout, payout_document),
    "leaflet": Kind("政策明白纸", gather_leaflet, leaflet_document, ("year",), needs_acting=False),
}


def kind_of(kind: str) -> Kind:
    if kind not in KINDS:
        raise ValueError(f"unknown printout kind {kind!r}; one of {', '.join(KINDS)}")
    return KINDS[kind]


def document(ledger: Ledger, acting: Acting | None, kind: str, **params: Any) -> Printout:
    """The printout of that kind, gathered from the ledger and laid out.

    Parameters: receipt — receipt_no, reprint, layout ("roll" 80 mm, the default, "roll58" or "a4"); receipt_list —
    date_from, date_to, everyone; day_sheet — day (today by default), everyone; unpaid — hardship_only
    (困难群众 only), public (the 公示 version); form_receipt
    (套打) — receipt_no, reprint; test_page — none; settlement — settlement_no (the acting collector's);
    refund_form — uid (the application's); payout — none (the acting year). A receipt, a form, the test page
    and a refund form may be asked for without an acting collector.
    """
    spec = kind_of(kind)
    unknown = sorted(set(params) - set(spec.params))
    if unknown:
        raise ValueError(f"printout {kind!r} takes {', '.join(spec.params) or 'no parameters'}, not {unknown}")
    if acting is None and spec.needs_acting:
        raise LedgerError(f"打印{spec.title}需要指明收款员", "operator")
    data = spec.gather(ledger, acting, **{k: v for k, v in params.items() if k in spec.gather_params})
    return spec.render(data, **{k: v for k, v in params.items() if k in spec.render_params})


# -- painting: the only place Qt is loaded from services ----------------------------------------


def to_pdf(printout: Printout, path: Path | str) -> Path:
    """Write the printout as a PDF (on the offscreen platform when there is no window); returns its path.

    Raises reports.fonts.FontMissingError (a Refusal) when the bundled font is missing, OSError when the file
    cannot be written.
    """
    from desktop_app.reports.output import to_pdf as paint_pdf

    return paint_pdf(printout, path)


def to_printer(printout: Printout, printer: Any) -> None:
    """Print on the QPrinter the user chose in the window's print dialog; the paper is set here."""
    from desktop_app.reports.output import to_printer as paint

    paint(printout, printer)


def ensure_font() -> str | None:
    """The bundled CJK font's family, registered for the window; None when it is missing (the system font
    is used then). Needs the window's QApplication."""
    try:
        from desktop_app.reports.fonts import FontMissingError
        from desktop_app.reports.fonts import ensure_font as register
    except ImportError:
        return None
    try:
        return register()
    except FontMissingError:
        return None
