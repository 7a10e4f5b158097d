"""The receipt list, the daily summary and the unpaid list agree with the ledger, and page properly."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.money import format_yuan, to_capitals
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment
from desktop_app.services import printouts
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import acting_as, add_operator
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.refunds import refund
from desktop_app.services.summaries import unpaid_people
from desktop_app.store.transactions import immediate
from tests.printout_support import Pdf, is_a4, many_households, read_pdf
from tests.village import PASSWORD, Clock, acting, wang_household

DAY = date(2021, 11, 1)
NEXT = DAY + timedelta(days=1)


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Printing needs the Qt application pytest-qt provides."""


@pytest.fixture
def xinli_by(xinli: Ledger) -> tuple[Ledger, Acting]:
    return xinli, acting(xinli, "李会计")


def printed(ledger: Ledger, by: Acting, kind: str, path: Path, **params: Any) -> Pdf:
    return read_pdf(printouts.to_pdf(printouts.document(ledger, by, kind, **params), path))


def busy_days(ledger: Ledger, by: Acting, clock: Clock) -> tuple[Payment, Payment, Payment]:
    """Day 1: three receipts, one voided. Day 2: one refunded (it was paid on day 1)."""
    ids = wang_household(ledger, by)
    first = pay(ledger, by, PaymentRequest((ids["head"],), 30000, DAY))
    wrong = pay(ledger, by, PaymentRequest((ids["spouse"], ids["student"]), 60000, DAY))
    void(ledger, by, wrong.receipt_no, "录错人员")
    third = pay(ledger, by, PaymentRequest((ids["spouse"], ids["student"], ids["newborn"]), 100000, DAY))
    clock.tick(days=1)
    refund(ledger, by, first.receipt_no, "重复缴费", NEXT)
    return first, wrong, third


def test_the_receipt_list_shows_every_receipt_with_its_status_and_the_totals(
    tmp_path: Path, xinli_by: tuple[Ledger, Acting], clock: Clock
) -> None:
    ledger, by = xinli_by
    first, wrong, third = busy_days(ledger, by, clock)
    data = printouts.gather_receipt_list(ledger, by, DAY, NEXT)
    pdf = printed(ledger, by, "receipt_list", tmp_path / "list.pdf", date_from=DAY, date_to=NEXT)
    flat = pdf.flat
    assert "城乡居民医保费收款清单" in flat and "2021年11月1日至2021年11月2日" in flat
    assert (
        f"1{first.receipt_no}2021-11-010001王建国王建国1{format_yuan(first.total_due)}退{format_yuan(24000)}退费"
        in flat
    )
    assert (
        f"2{wrong.receipt_no}2021-11-010001王建国李秀兰、王小明2{format_yuan(wrong.total_due)}作废作废：录错人员"
        in flat
    )
    assert f"3{third.receipt_no}" in flat and f"{format_yuan(third.total_due)}正常" in flat
    issued = first.total_due + wrong.total_due + third.total_due
    net = issued - wrong.total_due  # the refund is an application: the tax office pays it, not the drawer
    assert data.net_total == net == first.total_due + third.total_due
    assert [row.payment for row in data.rows] == [
        printouts.gather_receipt(ledger, p.receipt_no).payment for p in (first, wrong, third)
    ]  # the records themselves
    assert f"开具收据3张{format_yuan(issued)}" in flat
    assert f"减：作废1张{format_yuan(wrong.total_due)}" in flat
    assert f"减：退费1人次{format_yuan(24000)}" in flat
    assert f"实收合计（有效收据2张，4人）{to_capitals(net)}¥{format_yuan(net)}" in flat
    assert "收款员签字：" in flat and "审核人签字：" in flat and "日期：" in flat
    assert "第1页共1页" in flat
    assert is_a4(pdf.sizes_mm[0])


def test_the_day_summary_figures_are_the_ledgers(tmp_path: Path, xinli_by: tuple[Ledger, Acting], clock: Clock) -> None:
    ledger, by = xinli_by
    first, wrong, third = busy_days(ledger, by, clock)
    sheet = printouts.gather_day_sheet(ledger, by, DAY)
    assert sheet.issued_total == 24000 + 37000 + 23000 + third.total_due
    assert [r.payment.receipt_no for r in sheet.voided] == [wrong.receipt_no]
    flat = printed(ledger, by, "day_sheet", tmp_path / "day.pdf", day=DAY).flat
    assert "城乡居民医保费日结单" in flat and "2021年11月1日" in flat and "收款员李会计" in flat
    assert f"当日开具收据3张{first.receipt_no}–{third.receipt_no}{format_yuan(sheet.issued_total)}" in flat
    assert f"减：当日作废1张{wrong.receipt_no}{format_yuan(sheet.voided_total)}" in flat
    assert "退费申请（税务退到账户，不减现金）0人次—0.00" in flat
    cash = sheet.cash_to_hand_over
    assert cash == first.total_due + third.total_due
    assert f"应交现金{to_capitals(cash)}¥{format_yuan(cash)}" in flat
    for g in sheet.groups:
        assert f"{g.group}{g.people}{format_yuan(g.standard)}{format_yuan(g.subsidy)}{format_yuan(g.due)}" in flat
    people = sum(g.people for g in sheet.groups)
    assert f"合计{people}" in flat
    assert f"{wrong.receipt_no}2021-11-010001王建国李秀兰、王小明{format_yuan(wrong.total_due)}作废：录错人员" in flat
    assert "收款员签字：" in flat and "审核人签字：" in flat


def test_a_day_with_only_a_refund_application_hands_nothing_back_from_the_drawer(
    tmp_path: Path, xinli_by: tuple[Ledger, Acting], clock: Clock
) -> None:
    ledger, by = xinli_by
    first, _, _ = busy_days(ledger, by, clock)
    flat = printed(ledger, by, "day_sheet", tmp_path / "day.pdf", day=NEXT).flat
    assert f"退费申请（税务退到账户，不减现金）1人次{first.receipt_no}{format_yuan(24000)}" in flat
    assert "减：当日退还现金" not in flat
    assert f"应交现金{to_capitals(0)}¥{format_yuan(0)}" in flat
    assert "当日没有有效收据" in flat
    assert f"{first.receipt_no}2021-11-010001王建国王建国退{format_yuan(24000)}2021-11-02退费1人：重复缴费" in flat


def test_the_day_sheet_and_the_list_are_the_acting_collectors_unless_the_whole_village_is_asked_for(
    tmp_path: Path, xinli_by: tuple[Ledger, Acting]
) -> None:
    ledger, li = xinli_by
    ids = wang_household(ledger, li)
    with immediate(ledger.db):
        zhao = acting_as(ledger, add_operator(ledger, "赵组长", PASSWORD, "ZZ", li))
    mine = pay(ledger, li, PaymentRequest((ids["head"],), 30000, DAY))
    theirs = pay(ledger, zhao, PaymentRequest((ids["spouse"],), 40000, DAY))
    own = printouts.gather_day_sheet(ledger, zhao, DAY)
    assert [p.receipt_no for p in own.issued] == [theirs.receipt_no] and own.cash_to_hand_over == theirs.total_due
    assert [r.receipt_no for r in printouts.gather_receipt_list(ledger, li, DAY, DAY).rows] == [mine.receipt_no]
    village = printouts.gather_day_sheet(ledger, li, DAY, everyone=True)
    assert village.cash_to_hand_over == mine.total_due + theirs.total_due
    assert village.receipt_range == f"{mine.receipt_no} – {mine.receipt_no}；{theirs.receipt_no} – {theirs.receipt_no}"
    flat = printed(ledger, zhao, "day_sheet", tmp_path / "all.pdf", day=DAY, everyone=True).flat
    assert "全村汇总（收款员李会计、赵组长）" in flat and f"¥{format_yuan(mine.total_due + theirs.total_due)}" in flat
    listing = printed(ledger, li, "receipt_list", tmp_path / "list.pdf", date_from=DAY, date_to=DAY, everyone=True).flat
    assert mine.receipt_no in listing and theirs.receipt_no in listing and "全村汇总" in listing


def test_the_unpaid_list_groups_people_by_village_group_with_phones_and_a_notes_column(
    tmp_path: Path, xinli_by: tuple[Ledger, Acting]
) -> None:
    ledger, by = xinli_by
    ids = wang_household(ledger, by)
    pay(ledger, by, PaymentRequest((ids["head"],), 30000, DAY))
    many_households(ledger, by, 2, 2, groups=("二组",))
    flat = printed(ledger, by, "unpaid", tmp_path / "unpaid.pdf").flat
    assert "城乡居民医保未缴费人员名单" in flat and "截至2021年11月1日" in flat
    assert "未缴7人（3户）" in flat and "各组未缴：一组3人；二组4人" in flat
    assert "一组未缴3人（1户）" in flat and "二组未缴4人（2户）" in flat
    assert flat.index("一组未缴") < flat.index("二组未缴")
    assert "序号户号姓名关系证件号码资助身份联系电话未参保原因备注" in flat
    spouse = next(u for u in unpaid_people(ledger) if u.name == "李秀兰")
    assert spouse.id_number is not None
    assert f"10001李秀兰配偶{spouse.id_number[:6]}********{spouse.id_number[-4:]}13800000001" in flat
    assert "王建国" not in flat  # he paid


def test_two_hundred_unpaid_people_page_with_the_header_and_page_numbers_on_every_page(
    tmp_path: Path, xinli_by: tuple[Ledger, Acting]
) -> None:
    ledger, by = xinli_by
    many_households(ledger, by, 50, 4)
    assert len(unpaid_people(ledger)) == 200
    pdf = printed(ledger, by, "unpaid", tmp_path / "unpaid.pdf")
    count = len(pdf.pages)
    assert count >= 5
    for n, page in enumerate(pdf.pages, 1):
        flat = re.sub(r"\s+", "", page)
        assert f"第{n}页共{count}页" in flat
        assert "序号户号姓名关系证件号码资助身份联系电话未参保原因备注" in flat  # the header row, repeated
    assert all(is_a4(size) for size in pdf.sizes_mm)
    assert pdf.flat.count("220102********") == 200  # every person once
    assert "一组未缴100人（25户）" in pdf.flat and "二组未缴100人（25户）" in pdf.flat


def test_an_empty_range_prints_a_list_that_says_so(tmp_path: Path, xinli_by: tuple[Ledger, Acting]) -> None:
    ledger, by = xinli_by
    flat = printed(ledger, by, "receipt_list", tmp_path / "l.pdf", date_from=DAY, date_to=DAY).flat
    assert "此期间没有收据" in flat and "实收合计（有效收据0张，0人）零元整¥0.00" in flat


def test_a_parameter_a_printout_does_not_take_is_refused(xinli_by: tuple[Ledger, Acting]) -> None:
    ledger, by = xinli_by
    with pytest.raises(ValueError, match="day_sheet"):
        printouts.document(ledger, by, "day_sheet", date_from=DAY)
    with pytest.raises(ValueError, match="unknown printout kind"):
        printouts.document(ledger, by, "day_summary")
    with pytest.raises(LedgerError, match="收款员"):
        printouts.document(ledger, None, "unpaid")
