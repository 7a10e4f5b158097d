"""The county's answer (回盘): each line accepted or rejected; corrected lines go back as 重报."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import Workbook  # type: ignore[import-untyped]
from python_calamine import CalamineWorkbook

from desktop_app.cli import cli
from desktop_app.services.batches import export_batch
from desktop_app.services.county import export_state, import_county_results, rejected_people
from desktop_app.services.ledger import LedgerError
from desktop_app.services.payments import void
from desktop_app.services.records import load_payment, payment_json
from desktop_app.services.register import get_person, person_input, update_person
from tests.batch_village import Village, close, make_village
from tests.village import DATA

WEI, FANG, NA = "220102198003010112", "220102197506120220", "220102200109300337"
RECEIPT = "STZ2022000001"


@pytest.fixture
def village(tmp_path: Path) -> Any:
    v = make_village(tmp_path, households=1, members=3, id_numbers=[WEI, FANG, NA])
    v.pay(v.people)
    export_batch(v.ledger, v.acting, tmp_path / "usb")
    yield v
    close(v)


def county_answer(path: Path, *lines: tuple[str, str, str, str, str]) -> Path:
    """The county system's xlsx: a title row, then 序号 姓名 公民身份号码 收据号 审核结果 失败原因."""
    book = Workbook()
    sheet = book.active
    sheet.append(["城乡居民医保参保登记回盘"])
    sheet.append(["序号", "姓名", "公民身份号码", "收据号", "审核结果", "失败原因"])
    for n, line in enumerate(lines, 1):
        sheet.append([n, *line])
    for row in sheet.iter_rows(min_row=3, min_col=3, max_col=3):
        row[0].number_format = "@"
    book.save(path)
    return path


def rows_of(path: Path) -> list[list[Any]]:
    book = CalamineWorkbook.from_path(str(path))
    try:
        rows: list[list[Any]] = book.get_sheet_by_index(0).to_python()
    finally:
        book.close()
    return rows


def test_the_answer_marks_each_line_and_nothing_else_about_a_rejected_payment_changes(
    village: Village, tmp_path: Path
) -> None:
    payment = village.payments[0]
    before = payment_json(load_payment(village.ledger, payment.id))
    answer = county_answer(
        tmp_path / "回盘.xlsx",
        ("王伟", WEI, RECEIPT, "成功", ""),
        ("王芳", FANG, RECEIPT, "失败", "已在外地参保"),
        ("王娜", NA, RECEIPT, "通过", ""),
    )
    report = import_county_results(village.ledger, village.acting, answer)
    assert report.accepted == 2 and not report.problems
    assert [(r.name, r.id_number, r.reason, r.state, r.batch_no) for r in report.rejected] == [
        ("王芳", FANG, "已在外地参保", "待更正", 1)
    ]
    state = export_state(village.ledger, payment.uid)
    assert state.state == "rejected" and "王芳：已在外地参保" in state.label
    assert [line.state for line in state.lines] == ["accepted", "rejected", "accepted"]
    assert payment_json(load_payment(village.ledger, payment.id)) == before
    assert [r.name for r in rejected_people(village.ledger)] == ["王芳"]
    again = import_county_results(village.ledger, village.acting, answer)
    assert again.unchanged == 3 and village.ledger.db.execute("SELECT COUNT(*) FROM county_results").fetchone()[0] == 3
    with pytest.raises(LedgerError, match="没有尚未上报"):
        export_batch(village.ledger, village.acting, tmp_path / "usb")


def test_a_corrected_person_goes_into_the_next_batch_as_a_resubmission_row(village: Village, tmp_path: Path) -> None:
    payment = village.payments[0]
    county_answer(
        tmp_path / "a.xlsx",
        ("王芳", FANG, RECEIPT, "失败", "姓名与身份证号不符"),
        ("王伟", WEI, RECEIPT, "成功", ""),
        ("王娜", NA, RECEIPT, "成功", ""),
    )
    import_county_results(village.ledger, village.acting, tmp_path / "a.xlsx")
    person = get_person(village.ledger, village.people[1])
    update_person(village.ledger, village.acting, person.id, replace(person_input(person), name="王芳芳"))
    assert [r.state for r in rejected_people(village.ledger)] == ["已更正，下一批重报"]
    second = export_batch(village.ledger, village.acting, tmp_path / "usb")
    rows = rows_of(second.workbook)
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1]))
    assert (row["姓名"], row["证件号码"], row["收据号"], row["状态"]) == ("王芳芳", FANG, RECEIPT, "重报")
    assert row["备注"] == "更正后重报（县级退回原因：姓名与身份证号不符）"
    manifest = json.loads(second.manifest.read_text("utf-8"))
    assert manifest["items"]["resubmission"] == 1
    assert manifest["figures"]["net"]["cash"] == "0.00" and second.total == 0  # the cash was in batch 1
    assert rejected_people(village.ledger) == []
    assert export_state(village.ledger, payment.uid).label == "已上报（第1批），部分已接收，更正后已重报（第2批）"
    county_answer(tmp_path / "b.xlsx", ("王芳芳", FANG, RECEIPT, "成功", ""))
    import_county_results(village.ledger, village.acting, tmp_path / "b.xlsx")
    assert export_state(village.ledger, payment.uid).state == "accepted"


def test_the_same_answer_imported_again_after_a_correction_does_not_reject_the_resubmitted_row(
    village: Village, tmp_path: Path
) -> None:
    answer = county_answer(
        tmp_path / "a.xlsx",
        ("王芳", FANG, RECEIPT, "失败", "姓名与身份证号不符"),
        ("王伟", WEI, RECEIPT, "成功", ""),
        ("王娜", NA, RECEIPT, "成功", ""),
    )
    import_county_results(village.ledger, village.acting, answer)
    person = get_person(village.ledger, village.people[1])
    update_person(village.ledger, village.acting, person.id, replace(person_input(person), name="王芳芳"))
    export_batch(village.ledger, village.acting, tmp_path / "usb")
    again = import_county_results(village.ledger, village.acting, answer)
    assert again.unchanged == 3 and not again.problems
    assert rejected_people(village.ledger) == []  # the 重报 row still waits on the county's next answer


def test_a_rejected_payment_that_is_voided_leaves_the_list_and_its_void_goes_out(
    village: Village, tmp_path: Path
) -> None:
    county_answer(tmp_path / "a.xlsx", ("王娜", NA, RECEIPT, "不通过", "已参加职工医保"))
    import_county_results(village.ledger, village.acting, tmp_path / "a.xlsx")
    assert len(rejected_people(village.ledger)) == 1
    void(village.ledger, village.acting, RECEIPT, "县里退回，已参加职工医保")
    assert rejected_people(village.ledger) == []
    second = export_batch(village.ledger, village.acting, tmp_path / "usb")
    assert [r[18] for r in rows_of(second.workbook)[1:]] == ["作废"] * 3


def test_a_csv_answer_in_gbk_with_english_results_is_read_by_its_headers(village: Village, tmp_path: Path) -> None:
    text = f"身份证号,姓名,结果,原因\n{WEI},王伟,accepted,\n{NA},王娜,rejected,duplicate enrolment\n"
    (tmp_path / "answer.csv").write_bytes(text.encode("gbk"))
    report = import_county_results(village.ledger, village.acting, tmp_path / "answer.csv")
    assert report.accepted == 1 and [r.reason for r in report.rejected] == ["duplicate enrolment"]


def test_bad_lines_are_listed_with_their_row_numbers_and_the_cli_exits_1(village: Village) -> None:
    db = village.ledger.path
    done = CliRunner().invoke(
        cli, ["--db", str(db), "--json", "import", "county-result", str(DATA / "batch_result_bad_lines.csv")]
    )
    assert done.exit_code == 1
    report = json.loads(done.output)
    assert report["accepted"] == 1
    assert len(report["problems"]) == 2
    assert report["problems"][0].startswith("第3行（王伟）证件号码：") and "科学计数法" in report["problems"][0]
    assert report["problems"][1].startswith("第4行") and "“待定”看不懂" in report["problems"][1]


def test_a_file_without_a_result_column_is_refused(village: Village) -> None:
    with pytest.raises(LedgerError, match="缺少“结果/状态”列"):
        import_county_results(village.ledger, village.acting, DATA / "batch_result_no_outcome.csv")


def test_a_line_matching_no_sent_row_is_listed_not_guessed(village: Village, tmp_path: Path) -> None:
    county_answer(
        tmp_path / "a.xlsx", ("王伟", WEI, "STZ2022000099", "失败", "无此收据"), ("王伟", WEI, RECEIPT, "成功", "")
    )
    report = import_county_results(village.ledger, village.acting, tmp_path / "a.xlsx")
    assert report.accepted == 1
    assert report.problems == [
        "第3行（王伟 220102198003010112 收据号 STZ2022000099）：在已上报的批次中找不到这一行，未记录"
    ]


def test_the_cli_lists_the_rejected_people_for_the_collector(village: Village, tmp_path: Path) -> None:
    county_answer(tmp_path / "a.xlsx", ("王芳", FANG, RECEIPT, "失败", "已在外地参保"))
    runner = CliRunner()
    done = runner.invoke(cli, ["--db", str(village.ledger.path), "import", "county-result", str(tmp_path / "a.xlsx")])
    assert done.exit_code == 0, done.output
    assert "退回 王芳 220102197506120220 收据 STZ2022000001（第1批）：已在外地参保 —— 待更正" in done.output
    listed = runner.invoke(cli, ["--db", str(village.ledger.path), "batch", "rejected"])
    assert "王芳" in listed.output and "户号 STZ0001" in listed.output
    state = runner.invoke(cli, ["--db", str(village.ledger.path), "batch", "state", RECEIPT.lower()])
    assert "县级退回（王芳：已在外地参保）" in state.output
