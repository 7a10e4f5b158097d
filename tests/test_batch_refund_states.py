"""Refund applications in batches: the application goes out as 退费, 不予退费 as 退费撤销, 已退 not at all.

The county hears of a declined application from a 退费撤销 row (a copy of the row last
sent for the line, the amount counted + again), so its merge puts the person back: paid
again elsewhere, the person is a duplicate once more.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from desktop_app.domain.payments import Payment
from desktop_app.services.batches import export_batch
from desktop_app.services.county import merge_batches, unexported_summary, verify_batch
from desktop_app.services.ledger import LedgerError
from desktop_app.services.refunds import refund, set_refund_state
from tests.batch_village import Village, close, make_village, new_id, pay_households

SHARED = new_id(date(1961, 6, 1))  # refunded in 山头村, then declined; paid in 河口村 too
HEADERS_STATUS, HEADERS_CASH, HEADERS_NOTE = "状态", "实收金额", "备注"


def rows_of(path: Path, sheet: str = "缴费明细") -> list[dict[str, object]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        rows = book.get_sheet_by_name(sheet).to_python()
    finally:
        book.close()
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def apply(village: Village, payment: Payment) -> str:
    """An application for the refund of the payment's first line (死亡); its uid."""
    refunded = refund(
        village.ledger,
        village.acting,
        payment.receipt_no,
        "死亡",
        date(2021, 12, 1),
        (payment.lines[0].id_number or "",),
    )
    uid = refunded.refunds[-1].application_uid
    assert uid is not None
    return uid


def test_a_declined_refund_goes_out_once_as_a_restoring_row_counted_plus(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=2, members=2)
    payments = pay_households(village, members=2)
    export_batch(village.ledger, village.acting, tmp_path / "usb")
    uid = apply(village, payments[0])
    second = export_batch(village.ledger, village.acting, tmp_path / "usb")
    [sent] = rows_of(second.workbook)
    amount = payments[0].lines[0].due
    assert (sent[HEADERS_STATUS], sent[HEADERS_CASH]) == ("退费", amount / 100) and second.total == -amount
    village.clock.tick(days=20)
    set_refund_state(village.ledger, village.acting, uid, "不予退费", "已过待遇享受期开始，不予退费")
    assert unexported_summary(village.ledger)[:2] == (1, amount)
    third = export_batch(village.ledger, village.acting, tmp_path / "usb")
    [back] = rows_of(third.workbook)
    assert back[HEADERS_STATUS] == "退费撤销" and back[HEADERS_CASH] == amount / 100
    assert back[HEADERS_NOTE] == "不予退费：已过待遇享受期开始，不予退费" and back["姓名"] == sent["姓名"]
    assert back["收据号"] == payments[0].receipt_no
    assert third.total == amount
    manifest = json.loads(third.manifest.read_text("utf-8"))
    assert manifest["items"] == {"payment": 0, "void": 0, "refund": 0, "resubmission": 0, "refund_declined": 1}
    assert manifest["figures"]["by_status"]["退费撤销"]["rows"] == 1
    assert manifest["figures"]["net"]["cash"] == f"{amount / 100:.2f}"
    summary = rows_of(third.workbook, "汇总")
    assert summary[-1]["状态"] == "正常−作废−退费+退费撤销" and summary[-1]["实收金额"] == amount / 100
    assert verify_batch(third.workbook).ok
    assert unexported_summary(village.ledger)[:2] == (0, 0)
    with pytest.raises(LedgerError, match="没有尚未上报"):
        export_batch(village.ledger, village.acting, tmp_path / "usb")
    close(village)


def test_a_refund_paid_back_sends_nothing_more(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=1, members=2)
    [payment] = pay_households(village, members=2)
    uid = apply(village, payment)
    first = export_batch(village.ledger, village.acting, tmp_path / "usb")
    assert [r[HEADERS_STATUS] for r in rows_of(first.workbook)] == ["正常", "正常", "退费"]
    set_refund_state(village.ledger, village.acting, uid, "已退")
    with pytest.raises(LedgerError, match="没有尚未上报"):
        export_batch(village.ledger, village.acting, tmp_path / "usb")
    close(village)


def test_a_refund_declined_before_any_export_travels_with_its_payment_and_application(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=1, members=2)
    [payment] = pay_households(village, members=2)
    uid = apply(village, payment)
    set_refund_state(village.ledger, village.acting, uid, "不予退费", "证明材料不全")
    result = export_batch(village.ledger, village.acting, tmp_path / "usb")
    assert [r[HEADERS_STATUS] for r in rows_of(result.workbook)] == ["正常", "正常", "退费", "退费撤销"]
    assert result.total == payment.total_due
    assert verify_batch(result.workbook).ok
    close(village)


def test_the_county_merge_puts_a_declined_refund_back_and_finds_the_duplicate_again(tmp_path: Path) -> None:
    a = make_village(tmp_path / "a", "山头村", "王芳", "STZ", households=1, members=1, id_numbers=[SHARED])
    b = make_village(
        tmp_path / "b", "河口村", "李强", "HKC", households=1, members=1, region="220103", id_numbers=[SHARED]
    )
    [paid] = pay_households(a, members=1)
    pay_households(b, members=1)
    files = [
        export_batch(a.ledger, a.acting, tmp_path / "usb" / "a").workbook,
        export_batch(b.ledger, b.acting, tmp_path / "usb" / "b").workbook,
    ]
    uid = apply(a, paid)
    files.append(export_batch(a.ledger, a.acting, tmp_path / "usb" / "a").workbook)
    refunded = merge_batches(files, tmp_path / "before.xlsx")
    assert refunded.duplicates == [] and refunded.ok  # refunded in 山头村: paid once, in 河口村
    set_refund_state(a.ledger, a.acting, uid, "不予退费", "不符合退费条件")
    files.append(export_batch(a.ledger, a.acting, tmp_path / "usb" / "a").workbook)
    close(a, b)
    report = merge_batches(files, tmp_path / "after.xlsx")
    assert [d["id_number"] for d in report.duplicates] == [SHARED]
    assert [r["receipt_no"] for r in report.restored] == [paid.receipt_no]
    totals = {t["village"]: t for t in report.totals}
    assert totals["山头村"]["net_cash"] == totals["山头村"]["manifest_net_cash"] == f"{paid.total_due / 100:.2f}"
    assert not [u for u in report.unreconciled if u["kind"] != "cancel_without_payment"]
    orphan = merge_batches(files[3:], tmp_path / "alone.xlsx")  # the restoring row without its payment
    assert [u["kind"] for u in orphan.unreconciled] == ["cancel_without_payment"]
