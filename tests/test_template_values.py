"""The county's own template: value maps, constants, one column per rider, the new fields, refusals.

A 新立村 household (jl-2022, 长春: 360 + 10 长护险) pays on the tax office's forms, and a
neighbour's payment is entered the next day (补录). The batch is written with a county
template that wants codes and fixed columns, read back with python-calamine, verified,
written again and merged; a template naming an unknown field or missing a code is refused
with the file, the column and the value.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.register import PersonInput
from desktop_app.exchange.batch_rows import UnmappedValue, cells
from desktop_app.exchange.batch_template import TemplateError, load_template, parse_template
from desktop_app.services.batches import export_again, export_batch
from desktop_app.services.bills import receive
from desktop_app.services.county import merge_batches, verify_batch
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import void
from desktop_app.services.register import add_household, add_identity, add_person, get_person
from tests.cash_support import pay_on_form
from tests.village import IN_PERIOD, XINLI, acting, new_id, pay_for, wang_household

STATUS_CODES = '{ "正常" = "1", "作废" = "2", "退费" = "3", "重报" = "4", "退费撤销" = "5" }'
COUNTY = f"""
name = "county-test"
title = "县测试模板"
sheet = "参保缴费"
summary_sheet = "汇总"

[[columns]]
header = "参保地区划"
constant = "341324"

[[columns]]
header = "姓名"
field = "name"
format = "text"

[[columns]]
header = "证件类型"
field = "id_kind"
format = "text"
values_from = "证件类型"
values = {{ "无证件" = "99" }}

[[columns]]
header = "证件号码"
field = "id_number"
format = "text"

[[columns]]
header = "性别"
field = "sex"
format = "text"
values_from = "性别"

[[columns]]
header = "民族"
field = "ethnicity"
format = "text"
values_from = "民族"

[[columns]]
header = "联系电话"
field = "phone"
format = "text"

[[columns]]
header = "与户主关系"
field = "relation"
format = "text"

[[columns]]
header = "户主姓名"
field = "head_name"
format = "text"

[[columns]]
header = "户主证件号码"
field = "head_id_number"
format = "text"

[[columns]]
header = "住址"
field = "address"
format = "text"

[[columns]]
header = "个人缴费标准"
field = "base_standard"
format = "money"

[[columns]]
header = "长护险"
field = "rider:长护险"
format = "money"

[[columns]]
header = "应缴合计"
field = "standard"
format = "money"

[[columns]]
header = "资助身份"
field = "subsidy_identity"
format = "text"
values = {{ "低保对象" = "21", "脱贫不稳定户" = "23" }}

[[columns]]
header = "资助身份来源"
field = "identity_source"
format = "text"

[[columns]]
header = "资助资金渠道"
field = "subsidy_payer"
format = "text"

[[columns]]
header = "缴费方式"
field = "pay_method"
format = "text"

[[columns]]
header = "缴费渠道"
field = "channel"
format = "text"

[[columns]]
header = "票据号"
field = "bill_no"
format = "text"

[[columns]]
header = "费款所属期起"
field = "period_start"
format = "date8"

[[columns]]
header = "费款所属期止"
field = "period_end"
format = "date8"

[[columns]]
header = "补录"
field = "late_entry"
format = "text"
values = {{ "是" = "1", "否" = "0" }}

[[columns]]
header = "收据号"
field = "receipt_no"
format = "text"

[[columns]]
header = "收款日期"
field = "paid_on"
format = "date"

[[columns]]
header = "实收金额"
field = "cash"
format = "money"

[[columns]]
header = "状态"
field = "status"
format = "text"
values = {STATUS_CODES}

[[columns]]
header = "备注"
field = "note"
format = "text"
"""


def sheet(path: Path, name: str) -> list[dict[str, Any]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        rows: list[list[Any]] = book.get_sheet_by_name(name).to_python()
    finally:
        book.close()
    return [dict(zip(rows[0], r)) for r in rows[1:]]


def village(make_ledger: Callable[..., Ledger]) -> tuple[Ledger, dict[str, int]]:
    """王建国's household (户主 低保; his wife 蒙古族 and 脱贫不稳定户; a pupil; a newborn without an ID number),
    paid on form 00000001; a neighbour paid yesterday and entered today on form 00000002 (补录)."""
    ledger = make_ledger("jl-2022", **XINLI)
    who = acting(ledger, "李会计")
    ids = wang_household(ledger, who)
    add_identity(ledger, who, ids["spouse"], "unstable_out_of_poverty", "乡村振兴", "2021年监测名单")
    receive(ledger, who, "00000001", "00000050")
    household = add_household(ledger, who, "0002", "新立村二组8号", "二组")
    ids["neighbour"] = add_person(
        ledger, who, household, PersonInput("赵大山", new_id(date(1960, 5, 5)), relation="户主", phone="13900000002")
    )
    pay_on_form(ledger, who, [ids[k] for k in ("head", "spouse", "student", "newborn")])
    pay_on_form(ledger, who, [ids["neighbour"]], on=IN_PERIOD - timedelta(days=1), late_entry="停电，次日补录")
    return ledger, ids


def test_a_county_template_writes_codes_constants_riders_and_the_new_fields_read_back_with_calamine(
    make_ledger: Callable[..., Ledger], tmp_path: Path
) -> None:
    ledger, ids = village(make_ledger)
    who = acting(ledger, "李会计")
    template = parse_template(COUNTY, "county-test.toml")
    result = export_batch(ledger, who, tmp_path / "usb", template)
    rows = {r["姓名"]: r for r in sheet(result.workbook, "参保缴费")}
    head_id = get_person(ledger, ids["head"]).id_number
    head, wife, baby, late = rows["王建国"], rows["李秀兰"], rows["王宝宝"], rows["赵大山"]
    # no ethnicity in the register: an empty cell, never a guessed code
    assert (head["参保地区划"], head["证件类型"], head["性别"], head["民族"]) == ("341324", "01", "1", "")
    assert (wife["性别"], wife["民族"], baby["证件类型"], baby["证件号码"]) == ("2", "02", "99", "")
    assert (head["联系电话"], head["与户主关系"], head["住址"]) == ("13800000001", "户主", "新立村一组3号")
    assert (wife["户主姓名"], wife["户主证件号码"], wife["与户主关系"]) == ("王建国", head_id, "配偶")
    # the standard without riders, the rider in its own column, and the old field: standard + riders
    assert (head["个人缴费标准"], head["长护险"], head["应缴合计"]) == (360, 10, 370)
    # the ONE subsidised identity: 低保对象 for him; for her the 监测 kind that earned it, not 蒙古族
    assert (head["资助身份"], head["资助身份来源"], head["资助资金渠道"]) == ("21", "民政：低保名册", "医疗救助")
    assert (wife["资助身份"], wife["资助身份来源"]) == ("23", "乡村振兴：2021年监测名单")
    assert rows["王小明"]["资助身份"] == "" and rows["王小明"]["资助身份来源"] == ""
    assert (head["缴费方式"], head["缴费渠道"], head["票据号"]) == ("现金", "村代收", "00000001")
    assert (head["费款所属期起"], head["费款所属期止"]) == ("20220101", "20221231")
    assert (head["补录"], head["状态"], head["备注"]) == ("0", "1", "")
    assert (late["补录"], late["票据号"], late["备注"]) == ("1", "00000002", "补录：停电，次日补录")
    assert late["收款日期"] == (IN_PERIOD - timedelta(days=1)).isoformat()
    manifest = json.loads(result.manifest.read_text("utf-8"))
    figures = manifest["figures"]
    assert figures["late_entries"] == 1 and figures["bill_numbers"] == {
        "count": 2,
        "first": "00000001",
        "last": "00000002",
    }
    assert figures["by_status"]["正常"]["rows"] == 5  # read back through the status codes
    assert (manifest["late_entry_payments"], manifest["bill_numbers_used"]) == (1, 2)
    assert manifest["template"]["columns"][2]["values"]["居民身份证"] == "01"  # the map travels with the batch
    assert verify_batch(result.workbook).ok
    again = export_again(ledger, who, 1, tmp_path / "lost")
    assert again.workbook.read_bytes() == result.workbook.read_bytes()


def test_the_county_merge_reads_the_codes_back_to_words_and_has_each_header_once(
    make_ledger: Callable[..., Ledger], tmp_path: Path
) -> None:
    ledger, _ = village(make_ledger)
    result = export_batch(ledger, acting(ledger, "李会计"), tmp_path / "usb", parse_template(COUNTY, "c.toml"))
    report = merge_batches([result.workbook], tmp_path / "县汇总.xlsx")
    assert report.ok, report.to_json()
    book = CalamineWorkbook.from_path(str(tmp_path / "县汇总.xlsx"))
    try:
        header = book.get_sheet_by_name("明细").to_python()[0]
    finally:
        book.close()
    assert len(header) == len(set(header)) and header.count("代收员") == 1
    rows = {r["姓名"]: r for r in sheet(tmp_path / "县汇总.xlsx", "明细")}
    assert (rows["王建国"]["性别"], rows["李秀兰"]["民族"], rows["王建国"]["状态"]) == ("男", "蒙古族", "正常")
    assert (rows["王宝宝"]["证件类型"], rows["王建国"]["代收员"]) == ("无证件", "李会计")


def test_a_value_the_map_lacks_stops_the_export_naming_the_row_column_and_value_before_anything_is_written(
    make_ledger: Callable[..., Ledger], tmp_path: Path
) -> None:
    ledger, _ = village(make_ledger)
    text = COUNTY.replace('values = { "无证件" = "99" }\n', "")  # the ready map has no code for 无证件
    with pytest.raises(LedgerError) as caught:
        export_batch(ledger, acting(ledger, "李会计"), tmp_path / "usb", parse_template(text, "县模板.toml"))
    message = caught.value.message
    assert "县模板.toml" in message and "“证件类型”列" in message and "“无证件”" in message
    assert "第5行" in message and "王宝宝" in message
    assert ledger.db.execute("SELECT COUNT(*) FROM batches").fetchone()[0] == 0
    assert not (tmp_path / "usb").exists() or not any((tmp_path / "usb").iterdir())


@pytest.mark.parametrize(
    "column, words",
    [
        ('header = "电话"\nfield = "phone_no"\nformat = "text"', ["columns[2]（电话）", "未知字段“phone_no”"]),
        (
            'header = "民族"\nfield = "ethnicity"\nformat = "text"\nvalues_from = "民族代码"',
            ["columns[2]（民族）", "没有名为“民族代码”的值映射"],
        ),
        (
            'header = "金额"\nfield = "cash"\nformat = "money"\nvalues = { "0" = "无" }',
            ["columns[2]（金额）", "值映射只用于文字字段"],
        ),
        (
            'header = "性别"\nfield = "sex"\nformat = "text"\nvalues = { "男" = 1 }',
            ["columns[2]（性别）", "代码写成文字"],
        ),
        ('header = "区划"\nconstant = 341324', ["columns[2]（区划）", "固定值应写成文字"]),
        (
            'header = "状态"\nfield = "status"\nformat = "text"\nvalues = { "正常" = "1", "作废" = "1" }',
            ["columns[2]（状态）", "状态的代码“1”用了不止一次"],
        ),
    ],
)
def test_a_template_naming_an_unknown_field_or_a_bad_map_is_refused_at_load_naming_the_file_column_and_value(
    column: str, words: list[str], tmp_path: Path
) -> None:
    path = tmp_path / "坏模板.toml"
    path.write_text(
        'name = "x"\nsheet = "明细"\n\n[[columns]]\nheader = "姓名"\nfield = "name"\nformat = "text"\n\n'
        f'[[columns]]\n{column}\n\n[[columns]]\nheader = "证件号码"\nfield = "id_number"\n'
        'format = "text"\n',
        "utf-8",
    )
    with pytest.raises(TemplateError) as caught:
        load_template(path)
    assert str(path) in str(caught.value)
    for word in words:
        assert word in str(caught.value)


def test_a_rider_column_the_years_policy_does_not_know_is_refused(
    make_ledger: Callable[..., Ledger], tmp_path: Path
) -> None:
    ledger, _ = village(make_ledger)
    text = COUNTY.replace('"rider:长护险"', '"rider:大病保险"')
    with pytest.raises(LedgerError, match="没有名为“大病保险”的附加险，可用：城乡居民长期护理保险、长护险"):
        export_batch(ledger, acting(ledger, "李会计"), tmp_path / "usb", parse_template(text, "c.toml"))


def test_a_template_without_receipt_status_and_cash_columns_exports_verifies_and_merges(
    make_ledger: Callable[..., Ledger], tmp_path: Path
) -> None:
    ledger, _ = village(make_ledger)
    text = COUNTY
    for header in ("收据号", "实收金额", "状态"):
        start = text.index(f'[[columns]]\nheader = "{header}"')
        text = text[:start] + text[text.index("[[columns]]", start + 5) :]
    template = parse_template(text, "lean.toml")
    assert all(template.index(f) is None for f in ("receipt_no", "cash", "status"))
    result = export_batch(ledger, acting(ledger, "李会计"), tmp_path / "usb", template)
    figures = json.loads(result.manifest.read_text("utf-8"))["figures"]
    assert "receipts" not in figures and "cash" not in figures["net"] and figures["by_status"]["正常"]["rows"] == 5
    assert result.total == ledger.db.execute("SELECT SUM(total_due) FROM payments").fetchone()[0]  # from the records
    assert verify_batch(result.workbook).ok
    report = merge_batches([result.workbook], tmp_path / "county.xlsx")
    assert report.ok and report.batches[0]["without"] == ["收据号", "状态", "实收金额"]


def test_a_template_without_a_status_column_refuses_a_batch_holding_a_void(
    make_ledger: Callable[..., Ledger], tmp_path: Path
) -> None:
    ledger, _ = village(make_ledger)
    who = acting(ledger, "李会计")
    export_batch(ledger, who, tmp_path / "usb")
    receipt = ledger.db.execute("SELECT receipt_no FROM payments ORDER BY id LIMIT 1").fetchone()[0]
    void(ledger, who, receipt, "收错了人")
    start = COUNTY.index('[[columns]]\nheader = "状态"')
    text = COUNTY[:start] + COUNTY[COUNTY.index("[[columns]]", start + 5) :]
    with pytest.raises(LedgerError, match="没有“状态”列，本批却有 4 行作废"):
        export_batch(ledger, who, tmp_path / "usb", parse_template(text, "c.toml"))
    assert export_batch(ledger, who, tmp_path / "usb").batch_no == 2  # with the default template it goes


def test_an_old_frozen_row_reads_the_fields_added_since_as_empty_and_the_default_template_is_unchanged() -> None:
    old = [
        "王芳",
        "居民身份证",
        "220102198003010112",
        "女",
        "1980-03-01",
        "汉族",
        "STZ0001",
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
        "作废",
        "作废：x",
        "2021-11-02",
        "",
        "2022-12-31",
    ]
    template = parse_template(COUNTY, "c.toml")
    row = dict(zip([c.header for c in template.columns], cells(template, [old], "山头村", 1)[0]))
    assert (row["联系电话"], row["户主姓名"], row["票据号"], row["长护险"], row["个人缴费标准"]) == ("", "", "", 0, 0)
    assert (row["状态"], row["性别"], row["补录"]) == ("2", "2", "")
    default = load_template("default")
    assert default.sha256 == "07f55bec793172bf9be345edb8a95de4554d594801d17d061dc3574fa67ea267"
    assert "values" not in json.dumps(default.to_json()) and "constant" not in json.dumps(default.to_json())
    with pytest.raises(UnmappedValue, match="“民族”列没有“火星族”"):
        cells(template, [old[:5] + ["火星族"] + old[6:]], "山头村", 1)


def test_the_bundled_county_template_of_sixian_exports_a_shantou_village(
    make_ledger: Callable[..., Ledger], tmp_path: Path
) -> None:
    ledger = make_ledger("ah-sixian-shantou-2022", prefix="STZ", collector="王芳", village="山头村")
    who = acting(ledger, "王芳")
    household = add_household(ledger, who, "0001", "山头村一组1号", "一组", "13700000001")
    person = add_person(
        ledger,
        who,
        household,
        PersonInput("周桂英", resident_id("341324", "1958-04-04", 102), relation="户主", ethnicity="回族"),
    )
    add_identity(ledger, who, person, "subsistence_allowance", "民政", "2021年低保名单")
    pay_for(ledger, [person], who=who)
    result = export_batch(ledger, who, tmp_path / "usb", load_template("ah-sixian"))
    [row] = sheet(result.workbook, "缴费明细")
    assert (row["参保地区划"], row["险种"], row["证件类型"], row["民族"], row["性别"]) == (
        "341324",
        "城乡居民基本医疗保险",
        "01",
        "03",
        "2",
    )
    assert (row["资助身份"], row["资助资金渠道"], row["户主姓名"]) == ("低保对象", "医疗救助", "周桂英")
    assert verify_batch(result.workbook).ok
