"""Who exports and which year: each collector sends their own records of one benefit year."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from desktop_app.cli import cli
from desktop_app.domain.operators import BenefitYear
from desktop_app.services.batches import export_batch, list_batches
from desktop_app.services.county import import_county_results
from desktop_app.services.ledger import LedgerError
from desktop_app.services.operators import add_operator
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.unexported import unexported_summary
from desktop_app.store import years
from desktop_app.store.transactions import immediate
from tests.batch_village import IN_PERIOD, close, make_village, pay_households
from tests.village import acting


def receipts_in(workbook: Path) -> list[str]:
    book = CalamineWorkbook.from_path(str(workbook))
    try:
        rows = book.get_sheet_by_name("缴费明细").to_python()
    finally:
        book.close()
    return [str(r[rows[0].index("收据号")]) for r in rows[1:]]


def test_each_collector_exports_their_own_records_in_batches_numbered_from_1(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=2, members=1)
    ledger = village.ledger
    with ledger.db.atomic():
        add_operator(ledger, "李强", "mima-2022", "LQ")
    mine = village.pay(village.people[:1])
    theirs = pay(ledger, acting(ledger, "李强"), PaymentRequest((village.people[1],), 200_000, IN_PERIOD))
    first = export_batch(ledger, village.acting, tmp_path / "usb")
    second = export_batch(ledger, acting(ledger, "李强"), tmp_path / "usb")
    assert (first.batch_no, second.batch_no) == (1, 1)
    assert receipts_in(first.workbook) == [mine.receipt_no] and receipts_in(second.workbook) == [theirs.receipt_no]
    assert json.loads(second.manifest.read_text("utf-8"))["collector"] == "李强"
    assert json.loads(second.manifest.read_text("utf-8"))["receipt_prefix"] == "LQ"
    assert [(b.collector, b.batch_no) for b in list_batches(ledger)] == [("李强", 1), ("王芳", 1)]
    close(village)


def test_the_cli_asks_which_collector_when_the_village_has_several(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=2, members=1)
    ledger = village.ledger
    with ledger.db.atomic():
        add_operator(ledger, "李强", "mima-2022", "LQ")
    village.pay(village.people[:1])
    theirs = pay(ledger, acting(ledger, "李强"), PaymentRequest((village.people[1],), 200_000, IN_PERIOD))
    db = ledger.path
    close(village)
    runner = CliRunner()
    usb = str(tmp_path / "usb")
    refused = runner.invoke(cli, ["--db", str(db), "export", "batch", "--out", usb])
    assert refused.exit_code == 2 and "多位收款员" in refused.output and "--operator" in refused.output
    done = runner.invoke(cli, ["--db", str(db), "--json", "export", "batch", "--out", usb, "--operator", "李强"])
    assert done.exit_code == 0, done.output
    out = json.loads(done.output)
    assert (out["batch_no"], out["rows"]) == (1, 1) and receipts_in(Path(out["workbook"])) == [theirs.receipt_no]
    unknown = runner.invoke(cli, ["--db", str(db), "export", "batch", "--out", usb, "--operator", "张三"])
    assert unknown.exit_code == 2 and "没有收款员“张三”" in unknown.output


def test_a_batch_holds_the_records_of_the_year_it_is_made_for(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=2, members=1)
    ledger = village.ledger
    paid = pay_households(village, members=1)
    with immediate(ledger.db):  # a second year (its rollover is a later use case): the model already holds it
        years.add(ledger.db, BenefitYear(2023, "jl-2022", None, date(2022, 9, 1)), "王芳", ledger.stamp())
    assert unexported_summary(ledger, year=2023) == (0, 0, None)
    assert unexported_summary(ledger, year=2022)[0] == 2
    with pytest.raises(LedgerError, match="没有尚未上报"):
        export_batch(ledger, acting(ledger, "王芳"), tmp_path / "usb")  # the latest year: 2023
    db = ledger.path
    close(village)
    done = CliRunner().invoke(
        cli, ["--db", str(db), "--json", "export", "batch", "--out", str(tmp_path / "usb"), "--year", "2022"]
    )
    assert done.exit_code == 0, done.output
    out = json.loads(done.output)
    assert receipts_in(Path(out["workbook"])) == [p.receipt_no for p in paid]
    manifest = json.loads(Path(out["manifest"]).read_text("utf-8"))
    assert manifest["benefit_year"] == 2022 and manifest["policy"]["id"] == "jl-2022"
    listed = CliRunner().invoke(cli, ["--db", str(db), "--json", "batch", "list", "--year", "2023"])
    assert json.loads(listed.output) == []
    listed = CliRunner().invoke(cli, ["--db", str(db), "--json", "batch", "list", "--year", "2022"])
    assert [b["batch_no"] for b in json.loads(listed.output)] == [1]


def test_the_county_answer_is_recorded_as_the_acting_collector(tmp_path: Path) -> None:
    village = make_village(tmp_path, households=1, members=1)
    payment = pay_households(village, members=1)[0]
    export_batch(village.ledger, village.acting, tmp_path / "usb")
    answer = tmp_path / "answer.csv"
    answer.write_text(f"身份证号,结果\n{payment.lines[0].id_number},成功\n", "utf-8")
    report = import_county_results(village.ledger, village.acting, answer)
    assert report.accepted == 1
    entry = village.ledger.db.execute(
        "SELECT operator, benefit_year FROM audit_log WHERE action = 'county_result.import'"
    ).fetchone()
    assert tuple(entry) == ("王芳", 2022)
    close(village)
