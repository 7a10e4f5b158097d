"""Batch edge cases: a newborn without an ID number, text that looks like a formula, the import group."""

from __future__ import annotations

import io
import zipfile
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path

import click
from openpyxl import Workbook  # type: ignore[import-untyped]
from python_calamine import CalamineWorkbook

from desktop_app.cli import cli
from desktop_app.cli.batches import shared_group
from desktop_app.exchange.batch_figures import figures_of, summary_rows
from desktop_app.exchange.batch_template import load_template
from desktop_app.exchange.batch_workbook import read_sheets, render
from desktop_app.services.batches import canonical_rows, export_batch
from desktop_app.services.county import import_county_results, rejected_people
from desktop_app.services.register import (
    PersonInput,
    add_household,
    add_person,
    get_person,
    person_input,
    update_person,
)
from tests.batch_village import close, make_village, new_id


def test_a_newborn_without_an_id_number_is_sent_matched_by_name_and_resent_once_the_number_exists(
    tmp_path: Path,
) -> None:
    village = make_village(tmp_path, households=0)
    ledger = village.ledger
    hid = add_household(ledger, village.acting, "STZ0100", "山头村100号", "一组")
    baby = add_person(
        ledger, village.acting, hid, PersonInput(name="王小宝", birth_date=date(2021, 9, 1), sex="男", relation="子")
    )
    payment = village.pay([baby])
    first = export_batch(ledger, village.acting, tmp_path / "usb")
    book = CalamineWorkbook.from_path(str(first.workbook))
    try:
        header, row = book.get_sheet_by_index(0).to_python()[:2]
    finally:
        book.close()
    sent = dict(zip(header, row))
    assert (sent["证件类型"], sent["证件号码"], sent["出生日期"]) == ("无证件", "", "2021-09-01")
    answer = Workbook()
    answer.active.append(["姓名", "身份证号", "收据号", "结果", "原因"])
    answer.active.append(["王小宝", None, payment.receipt_no, "失败", "缺少公民身份号码"])
    answer.save(tmp_path / "answer.xlsx")
    report = import_county_results(ledger, village.acting, tmp_path / "answer.xlsx")
    assert [r.state for r in report.rejected] == ["待更正"]
    number = new_id(date(2021, 9, 1))
    person = get_person(ledger, baby)
    update_person(ledger, village.acting, baby, replace(person_input(person), id_number=number))
    second = export_batch(ledger, village.acting, tmp_path / "usb")
    book = CalamineWorkbook.from_path(str(second.workbook))
    try:
        header, row = book.get_sheet_by_index(0).to_python()[:2]
    finally:
        book.close()
    resent = dict(zip(header, row))
    assert (resent["证件类型"], resent["证件号码"], resent["状态"]) == ("居民身份证", number, "重报")
    assert rejected_people(ledger) == []
    close(village)


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    template = load_template("default")
    frozen = [
        [
            '=HYPERLINK("http://x","点我")',
            "居民身份证",
            "220102198003010112",
            "男",
            "1980-03-01",
            "汉族",
            "=1+1",
            "一组",
            "普通居民",
            2022,
            36000,
            0,
            "",
            36000,
            "2022-01-01",
            "STZ2022000001",
            "2021-11-01",
            "王芳",
            "正常",
            "=A1",
            "2021-11-01",
            "",
            "2022-12-31",
        ]
    ]
    rows = canonical_rows(template, frozen, "山头村", 1)
    data = render(template, rows, summary_rows(figures_of(template, rows)), datetime(2021, 11, 1, 9, 0))
    back = read_sheets(data)["缴费明细"][1]
    assert back[0] == '=HYPERLINK("http://x","点我")' and back[6] == "=1+1" and back[19] == "=A1"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")


def test_the_import_group_is_shared_whichever_module_makes_it_first() -> None:
    assert "county-result" in cli.commands["import"].commands  # type: ignore[attr-defined]
    made = shared_group("zz-test-group", "测试", owner="desktop_app.cli.no_such_module")
    try:
        assert cli.commands["zz-test-group"] is made
        assert shared_group("zz-test-group", "测试") is made
    finally:
        cli.commands.pop("zz-test-group")
    existing = click.Group("zz-other")
    cli.add_command(existing)
    try:
        assert shared_group("zz-other", "测试") is existing
    finally:
        cli.commands.pop("zz-other")
