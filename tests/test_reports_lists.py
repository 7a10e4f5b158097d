"""The receipt list, the daily summary and the unpaid list agree with the ledger, and page properly."""

from __future__ import annotations

import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from desktop_app.domain.money import format_yuan, to_capitals
from desktop_app.reports.day_summary import day_summary_document
from desktop_app.reports.output import to_pdf
from desktop_app.reports.receipt_list import receipt_list_document
from desktop_app.reports.unpaid import unpaid_document
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.printouts import gather_day_sheet, gather_receipt_list, gather_unpaid
from desktop_app.services.refunds import refund
from desktop_app.services.summaries import day_summary, unpaid_people
from tests.ledger_fixtures import make_ledger, wang_household
from tests.test_reports_support import is_a4, many_households, read_pdf

DAY = date(2021, 11, 1)
NEXT = DAY + timedelta(days=1)


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Printing needs the Qt application pytest-qt provides."""


def busy_days(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Day 1: three receipts, one voided. Day 2: one refunded (it was paid on day 1)."""
    ledger, op, clock = make_ledger(tmp_path)
    ids = wang_household(ledger, op)
    first = pay(ledger, op, PaymentRequest((ids["head"],), 30000, DAY))
    wrong = pay(ledger, op, PaymentRequest((ids["spouse"], ids["student"]), 60000, DAY))
    void(ledger, op, wrong.receipt_no, "录错人员")
    third = pay(ledger, op, PaymentRequest((ids["spouse"], ids["student"], ids["newborn"]), 100000, DAY))
    clock.now += timedelta(days=1)
    refund(ledger, op, first.receipt_no, "重复缴费", NEXT)
    return ledger, (first, wrong, third)


def test_the_receipt_list_shows_every_receipt_with_its_status_and_the_totals(tmp_path: Path) -> None:
    ledger, (first, wrong, third) = busy_days(tmp_path)
    data = gather_receipt_list(ledger, DAY, NEXT)
    pdf = read_pdf(to_pdf(receipt_list_document(data), tmp_path / "list.pdf"))
    flat = pdf.flat
    assert "城乡居民医保费收款清单" in flat and "2021年11月1日至2021年11月2日" in flat
    assert f"1{first.receipt_no}2021-11-010001王建国王建国1{format_yuan(first.total_due)}退{format_yuan(24000)}退费" in flat
    assert f"2{wrong.receipt_no}2021-11-010001王建国李秀兰、王小明2{format_yuan(wrong.total_due)}作废作废：录错人员" in flat
    assert f"3{third.receipt_no}" in flat and f"{format_yuan(third.total_due)}正常" in flat
    issued = first.total_due + wrong.total_due + third.total_due
    net = issued - wrong.total_due - 24000
    assert data.net_total == net == third.total_due
    assert f"开具收据3张{format_yuan(issued)}" in flat
    assert f"减：作废1张{format_yuan(wrong.total_due)}" in flat
    assert f"减：退费1人次{format_yuan(24000)}" in flat
    assert f"实收合计（有效收据2张，4人）{to_capitals(net)}¥{format_yuan(net)}" in flat
    assert "收款员签字：" in flat and "审核人签字：" in flat and "日期：" in flat
    assert "第1页共1页" in flat
    assert is_a4(pdf.sizes_mm[0])


def test_the_day_summary_figures_are_the_ledgers(tmp_path: Path) -> None:
    ledger, (first, wrong, third) = busy_days(tmp_path)
    summary = day_summary(ledger, DAY)
    flat = read_pdf(to_pdf(day_summary_document(gather_day_sheet(ledger, DAY)), tmp_path / "day.pdf")).flat
    assert "城乡居民医保费日结单" in flat and "2021年11月1日" in flat and "收款员李会计" in flat
    assert f"当日开具收据3张{first.receipt_no}–{third.receipt_no}{format_yuan(summary.issued_total)}" in flat
    assert f"减：当日作废1张{wrong.receipt_no}{format_yuan(summary.voided_total)}" in flat
    assert "减：当日退费0人次—0.00" in flat
    cash = summary.cash_to_hand_over
    assert cash == first.total_due + third.total_due
    assert f"应交现金{to_capitals(cash)}¥{format_yuan(cash)}" in flat
    for g in summary.by_group:
        assert f"{g.group}{g.people}{format_yuan(g.standard)}{format_yuan(g.subsidy)}{format_yuan(g.due)}" in flat
    people = sum(g.people for g in summary.by_group)
    assert f"合计{people}" in flat
    assert f"{wrong.receipt_no}2021-11-010001王建国李秀兰、王小明{format_yuan(wrong.total_due)}作废：录错人员" in flat
    assert "收款员签字：" in flat and "审核人签字：" in flat


def test_a_day_with_only_a_refund_hands_money_back(tmp_path: Path) -> None:
    ledger, (first, _, _) = busy_days(tmp_path)
    flat = read_pdf(to_pdf(day_summary_document(gather_day_sheet(ledger, NEXT)), tmp_path / "day.pdf")).flat
    assert f"减：当日退费1人次{first.receipt_no}{format_yuan(24000)}" in flat
    assert f"应交现金应退{to_capitals(24000)}¥-{format_yuan(24000)}" in flat
    assert "当日没有有效收据" in flat
    assert f"{first.receipt_no}2021-11-010001王建国王建国退{format_yuan(24000)}2021-11-02退费1人：重复缴费" in flat


def test_the_unpaid_list_groups_people_by_village_group_with_phones_and_a_notes_column(tmp_path: Path) -> None:
    ledger, op, _ = make_ledger(tmp_path)
    ids = wang_household(ledger, op)
    pay(ledger, op, PaymentRequest((ids["head"],), 30000, DAY))
    many_households(ledger, op, 2, 2, groups=("二组",))
    flat = read_pdf(to_pdf(unpaid_document(gather_unpaid(ledger)), tmp_path / "unpaid.pdf")).flat
    assert "城乡居民医保未缴费人员名单" in flat and "截至2021年11月1日" in flat
    assert "未缴7人（3户）" in flat and "各组未缴：一组3人；二组4人" in flat
    assert "一组未缴3人（1户）" in flat and "二组未缴4人（2户）" in flat
    assert flat.index("一组未缴") < flat.index("二组未缴")
    assert "序号户号姓名关系证件号码资助身份联系电话备注" in flat
    spouse = next(u for u in unpaid_people(ledger) if u.name == "李秀兰")
    assert f"10001李秀兰配偶{spouse.id_number[:6]}********{spouse.id_number[-4:]}13800000001" in flat  # type: ignore[index]
    assert "王建国" not in flat  # he paid


def test_two_hundred_unpaid_people_page_with_the_header_and_page_numbers_on_every_page(tmp_path: Path) -> None:
    ledger, op, _ = make_ledger(tmp_path)
    many_households(ledger, op, 50, 4)
    assert len(unpaid_people(ledger)) == 200
    pdf = read_pdf(to_pdf(unpaid_document(gather_unpaid(ledger)), tmp_path / "unpaid.pdf"))
    count = len(pdf.pages)
    assert count >= 5
    for n, page in enumerate(pdf.pages, 1):
        flat = re.sub(r"\s+", "", page)
        assert f"第{n}页共{count}页" in flat
        assert "序号户号姓名关系证件号码资助身份联系电话备注" in flat  # the header row, repeated
    assert all(is_a4(size) for size in pdf.sizes_mm)
    assert pdf.flat.count("220102********") == 200  # every person once
    assert "一组未缴100人（25户）" in pdf.flat and "二组未缴100人（25户）" in pdf.flat


def test_an_empty_range_prints_a_list_that_says_so(tmp_path: Path) -> None:
    ledger, _, _ = make_ledger(tmp_path)
    flat = read_pdf(to_pdf(receipt_list_document(gather_receipt_list(ledger, DAY, DAY)), tmp_path / "l.pdf")).flat
    assert "此期间没有收据" in flat and "实收合计（有效收据0张，0人）零元整¥0.00" in flat
