"""The receipt prints what the ledger recorded, in Chinese that reads back exactly from the PDF."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.money import format_yuan, to_capitals
from desktop_app.domain.operators import Acting
from desktop_app.domain.payments import Payment
from desktop_app.services import printouts
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.receipt_settings import set_receipt_settings
from desktop_app.services.refunds import refund
from tests.printout_support import Pdf, compact, is_a4, read_pdf
from tests.village import XINLI, Clock, acting, wang_household

DAY = date(2021, 11, 1)


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Printing needs the Qt application pytest-qt provides."""


Paid = tuple[Payment, Ledger, Acting]


@pytest.fixture
def paid_household(make_ledger: Callable[..., Ledger]) -> Callable[..., Paid]:
    """新立村's 王 household paid on one receipt by 李会计 (all four, or ``who``), under any policy."""

    def make(
        policy: str = "jl-2022",
        area: str | None = "changchun",
        who: tuple[str, ...] = ("head", "spouse", "student", "newborn"),
    ) -> Paid:
        ledger = make_ledger(policy, **{**XINLI, "area": area})
        by = acting(ledger, "李会计")
        ids = wang_household(ledger, by)
        return pay(ledger, by, PaymentRequest(tuple(ids[k] for k in who), 200000, DAY)), ledger, by

    return make


def printed(ledger: Ledger, by: Acting | None, path: Path, **params: Any) -> Pdf:
    return read_pdf(printouts.to_pdf(printouts.document(ledger, by, "receipt", **params), path))


@pytest.mark.parametrize("layout", ["roll", "a4"])
def test_every_figure_on_the_receipt_matches_the_ledger(
    tmp_path: Path, paid_household: Callable[..., Paid], layout: str
) -> None:
    payment, ledger, by = paid_household()
    set_receipt_settings(ledger, by, show_identity=True)  # §7: printed only when the village says so
    pdf = printed(ledger, by, tmp_path / "r.pdf", receipt_no=payment.receipt_no, layout=layout)
    flat = pdf.flat
    assert "城乡居民基本医疗保险费" in flat and "收款收据" in flat
    assert "新立村·2022年度" in flat
    assert payment.receipt_no in flat and "0001" in flat and "王建国" in flat  # 户号 and 户主
    assert "李会计" in flat
    for line in payment.lines:
        assert line.name in flat
        assert (line.id_number or "（无证件）") in flat
        for figure in (line.standard, line.subsidy, line.due, *(r.amount for r in line.riders)):
            if figure:
                assert format_yuan(figure) in flat, (line.name, figure)
    assert IDENTITIES["subsistence_allowance"] in flat
    assert f"¥{format_yuan(payment.total_due)}" in flat
    assert to_capitals(payment.total_due) == "壹仟零柒拾元整"
    assert to_capitals(payment.total_due) in flat
    assert f"¥{format_yuan(payment.cash)}" in flat and f"¥{format_yuan(payment.change)}" in flat
    assert "补打" not in flat and "作废" not in flat
    assert len(pdf.pages) == 1


def test_the_a4_receipt_shows_each_person_on_one_row_in_column_order(
    tmp_path: Path, paid_household: Callable[..., Paid]
) -> None:
    payment, ledger, by = paid_household()
    set_receipt_settings(ledger, by, show_identity=True)  # §7: the identity column only when the village says so
    pdf = printed(ledger, by, tmp_path / "r.pdf", receipt_no=payment.receipt_no, layout="a4")
    head = payment.lines[0]
    row = (
        f"1{head.name}{head.id_number}低保对象{format_yuan(head.standard)}"
        f"{format_yuan(head.rider_total)}城乡居民长期护理保险{format_yuan(head.subsidy)}"
        f"{head.subsidy_name}{format_yuan(head.due)}"
    )
    assert row in pdf.flat
    assert f"合计金额（大写）{to_capitals(payment.total_due)}小写¥{format_yuan(payment.total_due)}" in pdf.flat


def test_chinese_text_extracts_as_written_not_as_radicals(tmp_path: Path, paid_household: Callable[..., Paid]) -> None:
    payment, ledger, by = paid_household()
    text = printed(ledger, by, tmp_path / "r.pdf", receipt_no=payment.receipt_no, layout="roll").text
    assert "居民" in text and "新立村" in text
    assert "⺠" not in text  # what Noto Sans CJK would give for 民
    assert "\ufffd" not in text


def test_the_roll_receipt_is_80_mm_wide_and_as_tall_as_its_content(
    tmp_path: Path, paid_household: Callable[..., Paid]
) -> None:
    payment, ledger, by = paid_household()
    pdf = printed(ledger, by, tmp_path / "r.pdf", receipt_no=payment.receipt_no, layout="roll")
    ((width, height),) = pdf.sizes_mm
    assert width == pytest.approx(80, abs=0.5)
    assert 120 < height < 297  # four people: longer than a stub, shorter than a sheet


def test_the_a4_receipt_is_on_a4_paper(tmp_path: Path, paid_household: Callable[..., Paid]) -> None:
    payment, ledger, by = paid_household()
    pdf = printed(ledger, by, tmp_path / "r.pdf", receipt_no=payment.receipt_no, layout="a4")
    assert len(pdf.sizes_mm) == 1 and is_a4(pdf.sizes_mm[0])


@pytest.mark.parametrize("layout", ["roll", "a4"])
def test_a_reprint_is_marked_with_the_time_it_was_reprinted(
    tmp_path: Path, paid_household: Callable[..., Paid], clock: Clock, layout: str
) -> None:
    payment, ledger, by = paid_household()
    issued = clock.now
    clock.tick(days=2, hours=1)
    flat = printed(ledger, by, tmp_path / "r.pdf", receipt_no=payment.receipt_no, reprint=True, layout=layout).flat
    assert "补打" in flat
    assert f"补打：{clock.now:%Y-%m-%d%H:%M}重新打印" in flat and f"{clock.now:%Y-%m-%d}" == "2021-11-03"
    assert payment.receipt_no in flat and f"{issued:%Y-%m-%d%H:%M}" in flat  # the original number and issue time


def test_a_voided_receipt_says_so_with_the_reason(tmp_path: Path, paid_household: Callable[..., Paid]) -> None:
    payment, ledger, by = paid_household()
    void(ledger, by, payment.receipt_no, "录错人员")
    flat = printed(ledger, by, tmp_path / "r.pdf", receipt_no=payment.receipt_no, reprint=True, layout="roll").flat
    assert "【补打】【作废】" in flat
    assert "作废：本收据已于2021年11月1日作废（原因：录错人员；操作员：李会计）" in flat


def test_a_refunded_line_is_noted_on_a_reprint(
    tmp_path: Path, paid_household: Callable[..., Paid], clock: Clock
) -> None:
    payment, ledger, by = paid_household()
    clock.tick(days=1)
    refund(ledger, by, payment.receipt_no, "重复缴费", DAY + timedelta(days=1), (payment.lines[1].id_number or "",))
    flat = printed(ledger, by, tmp_path / "r.pdf", receipt_no=payment.receipt_no, reprint=True, layout="a4").flat
    assert f"退费：李秀兰{format_yuan(payment.lines[1].due)}元，2021-11-02退费（重复缴费）" in flat


def test_a_subsidy_paid_back_later_is_printed_as_such(tmp_path: Path, paid_household: Callable[..., Paid]) -> None:
    payment, ledger, by = paid_household("nm-dalate-2022", None, ("head", "spouse"))
    spouse = next(line for line in payment.lines if line.name == "李秀兰")
    assert spouse.subsidy_mode == "reimburse" and spouse.due == spouse.standard
    a4 = printed(ledger, by, tmp_path / "a4.pdf", receipt_no=payment.receipt_no, layout="a4").flat
    assert f"{format_yuan(spouse.subsidy)}先缴后补" in a4
    later = sum(line.subsidy for line in payment.lines if line.subsidy_mode == "reimburse")
    assert later == 15000 + 31000  # the spouse's ethnic subsidy and the head's 低保 one
    assert f"先缴后补：资助{format_yuan(later)}元已按标准全额收取" in a4
    roll = printed(ledger, by, tmp_path / "r.pdf", receipt_no=payment.receipt_no, layout="roll").flat
    assert f"资助（先缴后补）{format_yuan(spouse.subsidy)}实收{format_yuan(spouse.due)}" in roll


def test_an_unknown_layout_is_refused_in_chinese(paid_household: Callable[..., Paid]) -> None:
    payment, ledger, by = paid_household()
    with pytest.raises(ValueError, match="收据版式"):
        printouts.document(ledger, by, "receipt", receipt_no=payment.receipt_no, layout="a5")


def test_a_receipt_renders_the_same_on_a_second_print(tmp_path: Path, paid_household: Callable[..., Paid]) -> None:
    payment, ledger, by = paid_household()
    doc = printouts.document(ledger, by, "receipt", receipt_no=payment.receipt_no, layout="roll")
    first = read_pdf(printouts.to_pdf(doc, tmp_path / "1.pdf"))
    second = read_pdf(printouts.to_pdf(doc, tmp_path / "2.pdf"))
    assert compact(first.text) == compact(second.text) and first.sizes_mm == second.sizes_mm


def test_a_receipt_is_the_recorded_payment_itself_and_needs_no_acting_collector(
    paid_household: Callable[..., Paid],
) -> None:
    payment, ledger, _ = paid_household()
    receipt = printouts.gather_receipt(ledger, payment.receipt_no.lower())
    assert receipt.payment == payment and receipt.head == "王建国" and receipt.village == "新立村"
    assert (
        printouts.document(ledger, None, "receipt", receipt_no=payment.receipt_no).title == f"收据 {payment.receipt_no}"
    )
