"""The printouts of forms, cash and refunds, read back from the PDF: the honest slip on 58 mm, 80 mm and A4,
the payment placed onto the tax office's form (套打) and its calibration page, the 结报单, the 退费申请表, the
先缴后补 发放名单, late entries on the receipt and the 日结单, and the subsidy identity kept off the receipt."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.money import format_yuan, to_capitals
from desktop_app.domain.operators import Acting
from desktop_app.services import printouts
from desktop_app.services.cash import settle
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.receipt_settings import parse_offset, set_receipt_settings
from desktop_app.services.refunds import refund, refund_applications
from tests.cash_support import cli_village, ok, refused, zj
from tests.forms_support import LATE_DAY, forms_day, placed, text_positions
from tests.printout_support import Pdf, compact, is_a4, read_pdf
from tests.village import XINLI, Clock, acting, wang_household

LAYOUT = printouts.load_layout("")  # the bundled example


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Printing needs the Qt application pytest-qt provides."""


def printed(ledger: Ledger, by: Acting | None, path: Path, kind: str, **params: Any) -> Pdf:
    return read_pdf(printouts.to_pdf(printouts.document(ledger, by, kind, **params), path))


@pytest.fixture
def wang(make_ledger: Callable[..., Ledger]) -> tuple[Ledger, Acting, Any]:
    """新立村's 王 household (户主 低保) paid on one receipt by 李会计."""
    ledger = make_ledger("jl-2022", **XINLI)
    by = acting(ledger, "李会计")
    ids = wang_household(ledger, by)
    payment = pay(
        ledger, by, PaymentRequest((ids["head"], ids["spouse"], ids["student"]), 200_000, ledger.now().date())
    )
    return ledger, by, payment


# -- the village's own slip ------------------------------------------------------------------------------


def test_the_58_mm_roll_is_58_mm_wide_and_carries_every_figure(tmp_path: Path, wang: Any) -> None:
    ledger, by, payment = wang
    pdf = printed(ledger, by, tmp_path / "r.pdf", "receipt", receipt_no=payment.receipt_no, layout="roll58")
    ((width, height),) = pdf.sizes_mm
    assert width == pytest.approx(58, abs=0.5) and 100 < height < 400 and len(pdf.pages) == 1
    flat = pdf.flat
    for line in payment.lines:
        assert line.name in flat and (line.id_number or "") in flat and format_yuan(line.due) in flat
    assert f"¥{format_yuan(payment.total_due)}" in flat and to_capitals(payment.total_due) in flat
    assert payment.receipt_no in flat and "李会计" in flat


@pytest.mark.parametrize("layout", ["roll58", "roll", "a4"])
def test_the_village_slip_says_what_it_is_and_where_to_check_never_that_it_is_the_proof(
    tmp_path: Path, wang: Any, layout: str
) -> None:
    ledger, by, payment = wang
    flat = printed(ledger, by, tmp_path / "a.pdf", "receipt", receipt_no=payment.receipt_no, layout=layout).flat
    assert "村代收收款凭据；缴费以税务部门入库记录为准" in flat and "入库情况可向当地税务部门查询" in flat
    assert "缴费凭证" not in flat
    set_receipt_settings(ledger, by, query_channel="县税务局 0431-8888 1234")
    flat = printed(ledger, by, tmp_path / "b.pdf", "receipt", receipt_no=payment.receipt_no, layout=layout).flat
    assert "查询：县税务局0431-88881234" in flat


@pytest.mark.parametrize("layout", ["roll58", "roll", "a4"])
def test_the_subsidy_identity_is_off_the_receipt_unless_the_settings_say_so(
    tmp_path: Path, wang: Any, layout: str
) -> None:
    ledger, by, payment = wang
    head = payment.lines[0]
    assert head.identities == ("subsistence_allowance",) and head.subsidy and head.subsidy_name
    flat = printed(ledger, by, tmp_path / "a.pdf", "receipt", receipt_no=payment.receipt_no, layout=layout).flat
    assert IDENTITIES["subsistence_allowance"] not in flat and compact(head.subsidy_name) not in flat
    assert format_yuan(head.subsidy) in flat  # the amount stays: the villager paid the rest
    set_receipt_settings(ledger, by, show_identity=True)
    flat = printed(ledger, by, tmp_path / "b.pdf", "receipt", receipt_no=payment.receipt_no, layout=layout).flat
    assert IDENTITIES["subsistence_allowance"] in flat


@pytest.mark.parametrize("layout", ["roll58", "roll", "a4"])
def test_a_late_entry_is_marked_with_both_its_dates(
    tmp_path: Path, ledger: Ledger, collector: Acting, clock: Clock, layout: str
) -> None:
    day = forms_day(ledger, collector, clock)
    flat = printed(ledger, collector, tmp_path / "r.pdf", "receipt", receipt_no=day.late.receipt_no, layout=layout).flat
    assert "补录" in flat and LATE_DAY.isoformat() in flat.replace("2021年10月28日", "2021-10-28")
    assert "录入时间2021-11-0111:30" in flat.replace("：", "")
    assert "10月28日停电，按存根补录" in flat
    assert f"{day.late.bill_no}" in flat  # the form it was written on
    plain = printed(
        ledger, collector, tmp_path / "p.pdf", "receipt", receipt_no=day.first.receipt_no, layout=layout
    ).flat
    assert "补录" not in plain and "录入时间" not in plain


# -- 套打 ---------------------------------------------------------------------------------------------------


def test_the_form_receipt_puts_each_value_within_half_a_millimetre_of_the_layout(
    tmp_path: Path, ledger: Ledger, collector: Acting, clock: Clock
) -> None:
    day = forms_day(ledger, collector, clock)
    path = printouts.to_pdf(
        printouts.document(ledger, None, "form_receipt", receipt_no=day.first.receipt_no), tmp_path / "form.pdf"
    )
    pdf = read_pdf(path)
    ((width, height),) = pdf.sizes_mm
    assert width == pytest.approx(LAYOUT.width_mm, abs=0.5) and height == pytest.approx(LAYOUT.height_mm, abs=0.5)
    at = text_positions(path)
    p = day.first
    expected = {
        "village": "测试村",
        "payer": "、".join(ln.name for ln in p.lines),
        "total_capitals": to_capitals(p.total_due),
        "collector": "张会计",
        "household_no": p.household_no,
    }
    for field, text in expected.items():
        spot = LAYOUT.fields[field]
        found = placed(at, text)
        assert (found.x_mm, found.y_mm) == (pytest.approx(spot.x, abs=0.5), pytest.approx(spot.y, abs=0.5)), field
    table = LAYOUT.people
    assert table is not None
    for row, line in enumerate(p.lines):
        for column, text in (("name", line.name), ("id_number", line.id_number)):
            found = placed(at, text or "")
            spot = table.columns[column]
            assert found.x_mm == pytest.approx(spot.x, abs=0.5)
            assert found.y_mm == pytest.approx(table.y + row * table.row_height, abs=0.5)
    right = placed(at, format_yuan(p.total_due))
    assert right.x_mm < LAYOUT.fields["total"].x  # right-aligned: it ends at the box's x
    assert "村收据号" in "".join(x.text for x in at) and IDENTITIES["subsistence_allowance"] not in pdf.flat


def test_the_printer_offset_moves_everything_by_as_much(
    tmp_path: Path, ledger: Ledger, collector: Acting, clock: Clock
) -> None:
    day = forms_day(ledger, collector, clock)
    before = text_positions(
        printouts.to_pdf(
            printouts.document(ledger, None, "form_receipt", receipt_no=day.first.receipt_no), tmp_path / "a.pdf"
        )
    )
    set_receipt_settings(ledger, collector, printer_offset_mm=parse_offset("1.5，−2"))
    assert ledger.settings.printer_offset_mm == (1.5, -2.0)
    after = text_positions(
        printouts.to_pdf(
            printouts.document(ledger, None, "form_receipt", receipt_no=day.first.receipt_no), tmp_path / "b.pdf"
        )
    )
    for text in ("测试村", "张会计"):
        a, b = placed(before, text), placed(after, text)
        assert b.x_mm - a.x_mm == pytest.approx(1.5, abs=0.2) and b.y_mm - a.y_mm == pytest.approx(-2.0, abs=0.2)


def test_a_late_entry_on_the_form_says_so_in_the_remark(
    tmp_path: Path, ledger: Ledger, collector: Acting, clock: Clock
) -> None:
    day = forms_day(ledger, collector, clock)
    flat = printed(ledger, None, tmp_path / "f.pdf", "form_receipt", receipt_no=day.late.receipt_no).flat
    assert f"村收据号{day.late.receipt_no}；补录：2021-10-28缴费，2021-11-0111:30录入" in flat


def test_a_voided_payment_is_not_printed_onto_a_form(ledger: Ledger, collector: Acting, clock: Clock) -> None:
    day = forms_day(ledger, collector, clock)
    void(ledger, collector, day.second.receipt_no, "收错")
    with pytest.raises(LedgerError, match="已作废"):
        printouts.document(ledger, None, "form_receipt", receipt_no=day.second.receipt_no)


def test_the_test_page_has_the_grid_the_crosses_and_every_box_of_the_layout(
    tmp_path: Path, ledger: Ledger, collector: Acting
) -> None:
    set_receipt_settings(ledger, collector, printer_offset_mm=(0.0, 1.0))
    path = printouts.to_pdf(printouts.document(ledger, None, "test_page"), tmp_path / "t.pdf")
    pdf = read_pdf(path)
    ((width, height),) = pdf.sizes_mm
    assert width == pytest.approx(LAYOUT.width_mm, abs=0.5) and height == pytest.approx(LAYOUT.height_mm, abs=0.5)
    assert "套打测试页" in pdf.flat and "向下+1.0" in pdf.flat and "示例版式，须按实物测量" in pdf.flat
    at = text_positions(path)
    cross = placed(at, "20,20")
    assert cross.x_mm == pytest.approx(21.0, abs=0.5) and cross.y_mm == pytest.approx(20.0, abs=0.5)  # 1 mm down
    village = placed(at, "［代收单位］")  # its name just above and right of where the text will start
    assert (village.x_mm, village.y_mm) == (
        pytest.approx(LAYOUT.fields["village"].x + 0.6, abs=0.3),
        pytest.approx(LAYOUT.fields["village"].y + 1.0 - 0.6, abs=0.3),
    )
    assert "［姓名1］" in pdf.flat and "［实缴金额4］" in pdf.flat and "100" in pdf.flat


def test_a_layout_naming_an_unknown_box_is_refused_with_the_file_and_the_key(
    tmp_path: Path, ledger: Ledger, collector: Acting
) -> None:
    bad = tmp_path / "sixian.toml"
    bad.write_text(
        "paper = { width = 200.0, height = 100.0 }\n[fields]\nvillage = { x = 10, y = 10 }\n"
        "stamp = { x = 20, y = 20 }\n",
        "utf-8",
    )
    with pytest.raises(LedgerError) as caught:
        set_receipt_settings(ledger, collector, form_layout=str(bad))
    assert "sixian.toml" in caught.value.message and "fields.stamp" in caught.value.message
    assert caught.value.field == "form_layout" and ledger.settings.form_layout == ""
    bad.write_text("paper = { width = 200.0, height = 100.0 }\n[fields]\nvillage = { x = 250, y = 10 }\n", "utf-8")
    with pytest.raises(LedgerError, match="纸张"):
        set_receipt_settings(ledger, collector, form_layout=str(bad))
    good = tmp_path / "measured.toml"
    good.write_text(
        'name = "本县票据"\nmeasured = true\npaper = { width = 190.0, height = 90.0 }\n'
        "[fields]\ncollector = { x = 12.5, y = 80 }\n",
        "utf-8",
    )
    set_receipt_settings(ledger, collector, form_layout=str(good))
    assert printouts.document(ledger, None, "test_page").page.width_mm == 190.0


# -- 结报单, 退费申请表, 先缴后补 ----------------------------------------------------------------------------


def test_the_settlement_sheet_shows_the_period_ranges_spoiled_forms_amount_and_slip(
    tmp_path: Path, ledger: Ledger, collector: Acting, clock: Clock
) -> None:
    day = forms_day(ledger, collector, clock)
    total = day.first.total_due + day.second.total_due + day.late.total_due
    done = settle(ledger, collector, "3413240012", "镇财政所 刘会计", total)
    pdf = printed(ledger, collector, tmp_path / "s.pdf", "settlement", settlement_no=done.settlement_no)
    flat = pdf.flat
    assert is_a4(pdf.sizes_mm[0]) and "城乡居民医保费代收结报单" in flat
    assert "缴款书号：3413240012" in flat and "收款人：镇财政所刘会计" in flat
    assert "2021年10月28日至2021年11月1日" in flat  # the late entry's day opens the period
    assert f"{done.from_receipt}–{done.to_receipt}" in flat and "3张" in flat
    assert "0012301、0012303–0012304" in flat  # the forms written on
    assert "0012302" in flat and "打印错位" in flat  # the spoiled one, handed back
    assert f"¥{format_yuan(total)}" in flat and to_capitals(total) in flat
    assert "交款人签字" in flat and "收款人签字" in flat
    for p in (day.first, day.second, day.late):
        assert p.receipt_no in flat


def test_the_refund_form_carries_reason_evidence_bank_account_and_says_no_cash_is_paid(
    tmp_path: Path, wang: Any
) -> None:
    ledger, by, payment = wang
    refund(
        ledger,
        by,
        payment.receipt_no,
        "重复缴费",
        evidence="异地参保缴费凭证",
        bank="农业银行新立支行",
        account="6228 4800 1234 5678",
        id_numbers=(payment.lines[1].id_number,),
    )
    uid = refund_applications(ledger, receipt_no=payment.receipt_no)[-1].uid
    pdf = printed(ledger, None, tmp_path / "f.pdf", "refund_form", uid=uid)
    flat = pdf.flat
    spouse = payment.lines[1]
    assert is_a4(pdf.sizes_mm[0]) and "城乡居民基本医疗保险费退费申请表" in flat
    assert "退费原因重复缴费" in flat and "证明材料异地参保缴费凭证" in flat
    assert "退款开户银行农业银行新立支行" in flat and "退款账号6228480012345678" in flat
    assert f"{spouse.name}{spouse.id_number}{format_yuan(spouse.due)}" in flat
    assert to_capitals(spouse.due) in flat and f"原收据号{payment.receipt_no}" in flat
    assert "村收款员不退付现金" in flat and "申请人签字" in flat and "医保部门意见" in flat


def test_the_payout_list_gives_each_paying_office_its_people_and_total(
    tmp_path: Path, make_ledger: Callable[..., Ledger]
) -> None:
    ledger = make_ledger("nm-dalate-2022", **{**XINLI, "area": None})
    by = acting(ledger, "李会计")
    ids = wang_household(ledger, by)
    payment = pay(ledger, by, PaymentRequest((ids["head"], ids["spouse"]), 200_000, ledger.now().date()))
    later = [ln for ln in payment.lines if ln.reimbursed_later]
    assert len(later) == 2 and len({ln.subsidy_payer for ln in later}) >= 1
    pdf = printed(ledger, by, tmp_path / "p.pdf", "payout")
    flat = pdf.flat
    ((width, height),) = pdf.sizes_mm[:1]
    assert width > height  # A4 landscape
    assert "城乡居民医保“先缴后补”资助发放名单" in flat
    for line in later:
        assert f"资助部门：{line.subsidy_payer}" in flat and line.name in flat and (line.id_number or "") in flat
        assert format_yuan(line.subsidy) in flat
    assert "蒙古族" in flat  # the spouse's subsidy is for her ethnicity
    assert f"合计{format_yuan(sum(ln.subsidy for ln in later))}元" in flat
    assert len(pdf.pages) == len({ln.subsidy_payer for ln in later})  # each office on a page of its own


def test_the_day_sheet_lists_the_late_entries_with_both_dates(
    tmp_path: Path, ledger: Ledger, collector: Acting, clock: Clock
) -> None:
    day = forms_day(ledger, collector, clock)
    flat = printed(ledger, collector, tmp_path / "d.pdf", "day_sheet").flat
    assert "三、补录（1张）" in flat
    assert f"{day.late.receipt_no}2021-10-282021-11-0111:30" in flat and "10月28日停电，按存根补录" in flat
    assert f"当日录入以前日期的补录1张，{format_yuan(day.late.total_due)}元" in flat
    earlier = printed(ledger, collector, tmp_path / "e.pdf", "day_sheet", day=LATE_DAY).flat
    assert "补录（1张）" in earlier and day.late.receipt_no in earlier  # the day it was paid shows it too
    quiet = printed(ledger, collector, tmp_path / "q.pdf", "day_sheet", day=date(2021, 10, 27)).flat
    assert "补录" not in quiet


# -- from the terminal ------------------------------------------------------------------------------------


def test_the_cli_settles_with_the_sheet_and_prints_every_new_paper(
    tmp_path: Path, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = cli_village(tmp_path / "v.sqlite", clock, monkeypatch)
    with Ledger.open(db, clock=clock) as ledger:
        day = forms_day(ledger, acting(ledger), clock)
        total = day.first.total_due + day.second.total_due + day.late.total_due
    assert ok(zj(db, "settings", "receipt", "--query-channel", "县税务局 12366", "--printer-offset", "0.5,-1"))[
        "printer_offset_mm"
    ] == [0.5, -1.0]
    refused(
        zj(db, "settle", "--slip-no", "S-1", "--to", "刘会计", "--amount", "1", "--pdf", str(tmp_path / "s.pdf")),
        "amount",
        "不符",
    )
    assert not (tmp_path / "s.pdf").exists()
    done = ok(
        zj(
            db,
            "settle",
            "--slip-no",
            "S-1",
            "--to",
            "刘会计",
            "--amount",
            format_yuan(total),
            "--pdf",
            str(tmp_path / "s.pdf"),
        )
    )
    assert done["pdf"] == str(tmp_path / "s.pdf") and done["settlement_no"] == 1
    assert "S-1" in read_pdf(tmp_path / "s.pdf").flat
    again = ok(zj(db, "print", "settlement", "1", "--pdf", tmp_path / "again.pdf"))
    assert again["title"] == "结报单 第1号"
    refused(zj(db, "print", "settlement", "2", "--pdf", tmp_path / "x.pdf"), "settlement", "第 2 号")
    ok(zj(db, "refund", day.first.receipt_no, "--reason", "重复缴费", "--bank", "农业银行", "--account", "62284800123"))
    form = ok(zj(db, "print", "refund-form", day.first.receipt_no, "--pdf", tmp_path / "r.pdf"))
    assert form["title"] == f"退费申请表 {day.first.receipt_no}" and "62284800123" in read_pdf(tmp_path / "r.pdf").flat
    for args, size in ((("--paper", "58"), 58), (("--paper", "form"), LAYOUT.width_mm), (("--a4",), 210)):
        ok(zj(db, "print", "receipt", day.second.receipt_no, "--pdf", tmp_path / "p.pdf", *args))
        assert read_pdf(tmp_path / "p.pdf").sizes_mm[0][0] == pytest.approx(size, abs=0.5)
    ok(zj(db, "print", "test-page", "--pdf", tmp_path / "t.pdf"))
    assert "向右+0.5" in read_pdf(tmp_path / "t.pdf").flat
    ok(zj(db, "print", "payout", "--pdf", tmp_path / "payout.pdf"))
    assert "本年度没有“先缴后补”的资助需要发放" in read_pdf(tmp_path / "payout.pdf").flat
    refused(zj(db, "settings", "receipt", "--form-layout", "no-such-county"), "form_layout", "no-such-county")
