"""Exporting the upload batch: what goes in, once; text cells; the same bytes again; refusals."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook  # type: ignore[import-untyped]
from python_calamine import CalamineWorkbook

from desktop_app.cli import cli
from desktop_app.exchange import batch_target
from desktop_app.exchange.batch_template import TemplateError, bundled_template_dir, load_template, parse_template
from desktop_app.services import batches as batches_service
from desktop_app.services.batches import export_again, export_batch, list_batches, target_folder
from desktop_app.services.county import export_state, unexported_summary
from desktop_app.services.ledger import LedgerError
from desktop_app.services.payments import void
from desktop_app.services.refunds import refund
from desktop_app.services.register import get_person, person_input, update_person
from tests.batch_village import PASSWORD, close, make_village, pay_households
from tests.village import DATA

HEADERS = [
    "姓名",
    "证件类型",
    "证件号码",
    "性别",
    "出生日期",
    "民族",
    "户号",
    "村民小组",
    "参保身份",
    "缴费年度",
    "个人缴费标准",
    "资助金额",
    "资助方式",
    "实收金额",
    "待遇开始日期",
    "收据号",
    "收款日期",
    "代收员",
    "状态",
    "备注",
]


def sheet(path: Path, name: str = "缴费明细") -> list[list[object]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        rows: list[list[object]] = book.get_sheet_by_name(name).to_python()
    finally:
        book.close()
    return rows


def test_a_batch_holds_one_row_per_person_paid_and_reads_back_with_calamine(tmp_path: Path) -> None:
    village = make_village(tmp_path)
    payments = pay_households(village)
    result = export_batch(village.ledger, village.acting, tmp_path / "usb")
    rows = sheet(result.workbook)
    assert rows[0] == HEADERS
    assert len(rows) - 1 == result.rows == 9
    first = dict(zip(HEADERS, rows[1]))
    line = payments[0].lines[0]
    assert first["证件号码"] == line.id_number and isinstance(first["证件号码"], str)
    assert first["收据号"] == payments[0].receipt_no and first["户号"] == "STZ0001"
    assert first["状态"] == "正常" and first["代收员"] == "王芳" and first["缴费年度"] == 2022
    assert first["实收金额"] * 100 == line.due and first["资助金额"] * 100 == line.subsidy
    assert first["出生日期"] == "1950-01-01" and first["收款日期"] == "2021-11-01"
    assert result.total == sum(p.total_due for p in payments)
    manifest = json.loads(result.manifest.read_text("utf-8"))
    assert manifest["batch_no"] == 1 and manifest["previous"] is None
    assert manifest["figures"]["receipts"] == {"first": "STZ2022000001", "last": "STZ2022000003", "count": 3}
    assert manifest["figures"]["by_status"]["正常"]["rows"] == 9
    assert manifest["audit"]["seq"] > 0 and len(manifest["audit"]["head"]) == 64
    assert set(manifest["figures"]["by_identity"]) == {"低保对象", "普通居民"}
    close(village)


def test_id_numbers_household_numbers_and_receipts_are_text_cells_formatted_as_text(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=1, members=1)
    pay_households(village, members=1)
    result = export_batch(village.ledger, village.acting, tmp_path / "usb")
    book = load_workbook(result.workbook, read_only=True)
    cells = list(book["缴费明细"].iter_rows(min_row=2, max_row=2))[0]
    for column in ("证件号码", "户号", "收据号"):
        cell = cells[HEADERS.index(column)]
        assert cell.data_type == "s" and cell.number_format == "@", column
    assert cells[HEADERS.index("实收金额")].number_format == "0.00"
    book.close()
    close(village)


def test_every_payment_void_and_refund_goes_into_exactly_one_batch_numbered_in_sequence(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=4, members=2)
    payments = pay_households(village, members=2)
    first = export_batch(village.ledger, village.acting, tmp_path / "usb")
    assert (first.batch_no, first.rows) == (1, 8)
    void(village.ledger, village.acting, payments[0].receipt_no, "收错了人")
    refund(
        village.ledger,
        village.acting,
        payments[1].receipt_no,
        "死亡",
        date(2021, 12, 1),
        (payments[1].lines[0].id_number or "",),
    )
    second = export_batch(village.ledger, village.acting, tmp_path / "usb")
    assert second.batch_no == 2
    rows = [dict(zip(HEADERS, r)) for r in sheet(second.workbook)[1:]]
    assert [r["状态"] for r in rows] == ["作废", "作废", "退费"]
    assert {r["收据号"] for r in rows[:2]} == {payments[0].receipt_no}
    assert rows[0]["备注"] == "作废：收错了人" and rows[2]["备注"].startswith("退费：")
    assert second.total == -(payments[0].total_due + payments[1].lines[0].due)
    manifest = json.loads(second.manifest.read_text("utf-8"))
    assert manifest["items"] == {"payment": 0, "void": 1, "refund": 1, "resubmission": 0}
    assert manifest["previous"]["manifest_sha256"] == batches_service.sha256_of(first.manifest.read_bytes())
    with pytest.raises(LedgerError, match="没有尚未上报"):
        export_batch(village.ledger, village.acting, tmp_path / "usb")
    db = village.ledger.db
    assert db.execute("SELECT COUNT(*) FROM batch_items").fetchone()[0] == 4 + 2
    assert [b.batch_no for b in list_batches(village.ledger)] == [1, 2]
    close(village)


def test_a_payment_voided_before_export_travels_with_its_void_in_the_same_batch(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=1, members=2)
    payment = pay_households(village, members=2)[0]
    void(village.ledger, village.acting, payment.receipt_no, "金额录错")
    result = export_batch(village.ledger, village.acting, tmp_path / "usb")
    statuses = [r[HEADERS.index("状态")] for r in sheet(result.workbook)[1:]]
    assert statuses == ["正常", "正常", "作废", "作废"]
    assert result.total == 0
    assert export_state(village.ledger, payment.uid).void_batch_no == 1
    close(village)


def test_a_past_batch_is_written_again_byte_for_byte_after_the_clock_and_register_moved(tmp_path: Path) -> None:
    village = make_village(tmp_path)
    pay_households(village)
    first = export_batch(village.ledger, village.acting, tmp_path / "usb")
    person = get_person(village.ledger, village.people[0])
    village.clock.tick(days=40, seconds=17)
    update_person(village.ledger, village.acting, person.id, replace(person_input(person), name="王更正"))
    again = export_again(village.ledger, village.acting, 1, tmp_path / "new-stick")
    assert again.workbook.read_bytes() == first.workbook.read_bytes()
    assert again.manifest.read_bytes() == first.manifest.read_bytes()
    assert again.workbook.name == first.workbook.name and again.again
    with zipfile.ZipFile(again.workbook) as archive:  # the batch's own time, not the clock's now
        assert {info.date_time for info in archive.infolist()} == {(2021, 11, 1, 9, 39, 0)}
    with pytest.raises(LedgerError, match="没有第9批"):
        export_again(village.ledger, village.acting, 9, tmp_path / "x")
    close(village)


def test_export_refuses_a_database_that_fails_its_integrity_check(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    village = make_village(tmp_path, households=1, members=1)
    pay_households(village, members=1)
    monkeypatch.setattr(batches_service, "integrity_problem", lambda db: "row 3 missing from index")
    with pytest.raises(LedgerError, match="完整性检查未通过"):
        export_batch(village.ledger, village.acting, tmp_path / "usb")
    assert not (tmp_path / "usb").exists() or not any((tmp_path / "usb").iterdir())
    assert village.ledger.db.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 0
    close(village)


def test_export_refuses_a_broken_audit_chain(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=1, members=1)
    pay_households(village, members=1)
    db = village.ledger.db
    db.execute("DROP TRIGGER audit_log_no_update")
    db.execute("UPDATE audit_log SET payload = '{}' WHERE seq = 2")
    db.conn.commit()
    with pytest.raises(LedgerError, match="审计日志损坏"):
        export_batch(village.ledger, village.acting, tmp_path / "usb")
    close(village)


def test_batches_and_their_membership_are_append_only_and_numbered_without_gaps(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=1, members=1)
    payment = pay_households(village, members=1)[0]
    export_batch(village.ledger, village.acting, tmp_path / "usb")
    db = village.ledger.db
    for table in ("batches", "batch_items", "batch_rows"):
        with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
            db.execute(f"UPDATE {table} SET id = id")
        with pytest.raises(sqlite3.IntegrityError, match="只能追加"):
            db.execute(f"DELETE FROM {table}")
    with pytest.raises(sqlite3.IntegrityError, match="连续编号"):
        db.execute(
            "INSERT INTO batches (operator_id, batch_no, village, collector, created_at, template, "
            "workbook_name, workbook_sha256, manifest, manifest_sha256) "
            "VALUES (1, 3, 'v', 'c', 't', '{}', 'w', 's', 'm', 'h')"
        )
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        db.execute(
            "INSERT INTO batch_items (batch_id, kind, record_uid, payment_id) VALUES (1, 'payment', ?, ?)",
            [payment.uid, payment.id],
        )
    db.conn.rollback()
    close(village)


def test_export_state_and_the_status_bar_summary_follow_the_payment(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=2, members=1)
    payments = pay_households(village, members=1)
    assert unexported_summary(village.ledger) == (2, sum(p.total_due for p in payments), date(2021, 11, 1))
    state = export_state(village.ledger, payments[0].uid)
    assert (state.state, state.label, state.batch_no) == ("unexported", "未上报", None)
    export_batch(village.ledger, village.acting, tmp_path / "usb")
    assert unexported_summary(village.ledger) == (0, 0, None)
    state = export_state(village.ledger, payments[0].uid)
    assert (state.state, state.label, state.batch_no) == ("exported", "已上报（第1批）", 1)
    with pytest.raises(LedgerError):
        export_state(village.ledger, "no-such-uid")
    close(village)


def test_a_file_already_on_the_stick_under_the_batch_name_stops_the_export_before_anything_is_recorded(
    tmp_path: Path,
) -> None:
    village = make_village(tmp_path, households=1, members=1)
    pay_households(village, members=1)
    usb = tmp_path / "usb"
    usb.mkdir()
    (usb / "山头村-王芳-批次0001.xlsx").write_bytes(b"an older batch 1")
    with pytest.raises(LedgerError, match="已经存在"):
        export_batch(village.ledger, village.acting, usb)
    assert village.ledger.db.execute("SELECT COUNT(*) FROM batch_items").fetchone()[0] == 0
    assert not list(usb.glob("*.partial"))
    close(village)


def test_the_default_target_is_the_single_usb_stick_else_out_is_required(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batch_target, "removable_drives", lambda: [])
    monkeypatch.setattr(batches_service, "removable_drives", lambda: [])
    with pytest.raises(LedgerError, match="没有找到U盘"):
        target_folder(None)
    monkeypatch.setattr(batch_target, "removable_drives", lambda: [tmp_path / "E"])
    assert target_folder(None) == tmp_path / "E" / "医保上报"
    assert target_folder(tmp_path / "chosen") == tmp_path / "chosen"
    two = [tmp_path / "E", tmp_path / "F"]
    monkeypatch.setattr(batch_target, "removable_drives", lambda: two)
    monkeypatch.setattr(batches_service, "removable_drives", lambda: two)
    with pytest.raises(LedgerError, match="多个U盘"):
        target_folder(None)


def test_a_template_may_carry_a_second_header_row_of_standard_field_codes(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=1, members=2)
    pay_households(village, members=2)
    text = (bundled_template_dir() / "default.toml").read_text("utf-8").replace("codes_row = false", "codes_row = true")
    template = parse_template(text, "codes.toml")
    result = export_batch(village.ledger, village.acting, tmp_path / "usb", template)
    rows = sheet(result.workbook)
    assert rows[0][:3] == ["姓名", "证件类型", "证件号码"]
    assert rows[1][:6] == ["AAC003", "AAC058", "AAC002", "AAC004", "AAC006", "AAC005"]
    assert len(rows) == 2 + 2
    close(village)


@pytest.mark.parametrize(
    "name, reason",
    [
        ("batch_bad_unknown_field.toml", "未知字段“phone_no”"),
        ("batch_bad_id_as_number.toml", "3.41324E+17"),
        ("batch_bad_missing_required.toml", "缺少必需的字段 id_number（证件号码）"),
        ("batch_bad_duplicate_header.toml", "列名“姓名”重复"),
    ],
)
def test_a_bad_template_is_refused_naming_the_file_and_the_key(name: str, reason: str) -> None:
    with pytest.raises(TemplateError) as caught:
        load_template(DATA / name)
    assert reason in str(caught.value) and name in str(caught.value)


def test_the_cli_exports_prints_the_contract_and_exports_again(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=2, members=2)
    pay_households(village, members=2)
    db = village.ledger.path
    close(village)
    runner = CliRunner()
    done = runner.invoke(
        cli,
        ["--db", str(db), "--json", "export", "batch", "--out", str(tmp_path / "usb")],
        env={"ZHENGJIAO_PASSWORD": PASSWORD},
    )
    assert done.exit_code == 0, done.output
    out = json.loads(done.output)
    assert set(out) == {"batch_no", "workbook", "manifest", "rows", "total"}
    assert (out["batch_no"], out["rows"]) == (1, 4)
    again = runner.invoke(
        cli, ["--db", str(db), "--json", "export", "batch", "--out", str(tmp_path / "lost"), "--again", "1"]
    )
    assert again.exit_code == 0, again.output
    assert Path(json.loads(again.output)["workbook"]).read_bytes() == Path(out["workbook"]).read_bytes()
    nothing = runner.invoke(cli, ["--db", str(db), "export", "batch", "--out", str(tmp_path / "usb")])
    assert nothing.exit_code == 2 and "没有尚未上报" in nothing.output


def test_a_simulated_village_has_its_families_and_pays_once_per_household(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=2, members=2)
    payments = pay_households(village, members=2)
    assert len(village.people) == 4
    assert [p.receipt_no for p in payments] == ["STZ2022000001", "STZ2022000002"]
    assert all(len(p.lines) == 2 for p in payments)
    close(village)
