"""The county's merge: villages' batches verified and merged; duplicates, gaps and missing batches listed."""

from __future__ import annotations

import json
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from desktop_app.cli import cli
from desktop_app.exchange.batch_template import bundled_template_dir, parse_template
from desktop_app.services.batches import BatchResult, export_batch
from desktop_app.services.payments import void
from tests.batch_village import close, make_village, new_id, pay_households

SHARED = new_id(date(1966, 6, 6))  # registered and paid for in two villages: 重复参保
TWICE = new_id(date(1990, 2, 2))  # paid for by two collectors of the same village


def merge(files: list[Path], out: Path) -> tuple[int, dict[str, Any]]:
    done = CliRunner().invoke(cli, ["--json", "county", "merge", *map(str, files), "--out", str(out)])
    try:
        return done.exit_code, json.loads(done.output)
    except json.JSONDecodeError:
        return done.exit_code, {"output": done.output}


def files_of(*results: BatchResult) -> list[Path]:
    return [r.workbook for r in results]


@pytest.fixture(scope="module")
def county(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[BatchResult]]:
    """Three villages on their own laptops (separate databases), and a second collector in one of them."""
    root = tmp_path_factory.mktemp("county")
    usb = root / "usb"
    out: dict[str, list[BatchResult]] = {}
    a = make_village(root / "a", "山头村", "王芳", "STZ", households=3, members=2, id_numbers=[SHARED])
    b = make_village(
        root / "b", "河口村", "李强", "HKC", households=2, members=2, region="220103", id_numbers=[SHARED, TWICE]
    )
    c = make_village(root / "c", "柳树村", "赵敏", "LSC", households=4, members=1, region="220104")
    d = make_village(root / "d", "河口村", "周杰", "HKD", households=1, members=1, region="220103", id_numbers=[TWICE])
    pay_households(a, members=2)
    out["a"] = [export_batch(a.ledger, a.acting, usb / "a")]
    void(a.ledger, a.acting, "STZ2022000003", "收错了户")
    out["a"].append(export_batch(a.ledger, a.acting, usb / "a"))
    pay_households(b, members=2)
    out["b"] = [export_batch(b.ledger, b.acting, usb / "b")]
    people = c.people
    c.pay(people[0:1])
    out["c"] = [export_batch(c.ledger, c.acting, usb / "c")]
    c.pay(people[1:2])
    c.pay(people[2:3])
    out["c"].append(export_batch(c.ledger, c.acting, usb / "c"))
    void(c.ledger, c.acting, "LSC2022000002", "重复收费")
    c.pay(people[3:4])
    out["c"].append(export_batch(c.ledger, c.acting, usb / "c"))
    pay_households(d, members=1)
    out["d"] = [export_batch(d.ledger, d.acting, usb / "d")]
    close(a, b, c, d)
    return out


def test_three_villages_merge_into_one_workbook_with_the_duplicates_listed(
    county: dict[str, list[BatchResult]], tmp_path: Path
) -> None:
    batches = files_of(*county["a"], *county["b"], *county["c"])
    code, report = merge(batches, tmp_path / "县汇总.xlsx")
    assert code == 1
    assert [d["id_number"] for d in report["duplicates"]] == [SHARED]
    paid = report["duplicates"][0]["paid"]
    assert {(p["village"], p["collector"], p["batch_no"], p["receipt_no"]) for p in paid} == {
        ("山头村", "王芳", 1, "STZ2022000001"),
        ("河口村", "李强", 1, "HKC2022000001"),
    }
    assert report["duplicates"][0]["same_village"] is False
    assert report["gaps"] == [] and report["missing_batches"] == [] and report["unreconciled"] == []
    assert sorted(v["receipt_no"] for v in report["voids"]) == ["LSC2022000002", "STZ2022000003", "STZ2022000003"]
    rows = sum(b["rows"] for b in report["batches"])
    assert report["rows"] == rows == (6 + 2) + 4 + (1 + 2 + 2)
    book = CalamineWorkbook.from_path(str(tmp_path / "县汇总.xlsx"))
    try:
        detail = book.get_sheet_by_name("明细").to_python()
        problems = book.get_sheet_by_name("问题").to_python()
    finally:
        book.close()
    assert detail[0][:4] == ["村", "代收员", "批次号", "姓名"] and len(detail) == rows + 1
    assert any(SHARED in str(line[1]) and line[0] == "重复参保" for line in problems)
    saved = json.loads((tmp_path / "县汇总.report.json").read_text("utf-8"))
    assert saved["duplicates"] == report["duplicates"]
    totals = {(t["village"], t["collector"]): t for t in report["totals"]}
    assert totals[("柳树村", "赵敏")]["net_cash"] == totals[("柳树村", "赵敏")]["manifest_net_cash"]


def test_two_collectors_of_one_village_paying_the_same_person_is_a_duplicate_in_one_village(
    county: dict[str, list[BatchResult]], tmp_path: Path
) -> None:
    code, report = merge(files_of(*county["b"], *county["d"]), tmp_path / "out.xlsx")
    assert code == 1
    duplicate = report["duplicates"][0]
    assert duplicate["id_number"] == TWICE and duplicate["same_village"] is True
    assert {p["collector"] for p in duplicate["paid"]} == {"李强", "周杰"}


def test_a_missing_batch_shows_as_a_missing_number_and_a_receipt_gap(
    county: dict[str, list[BatchResult]], tmp_path: Path
) -> None:
    first, _, third = county["c"]
    code, report = merge(files_of(first, third), tmp_path / "out.xlsx")
    assert code == 1
    assert report["missing_batches"] == [{"village": "柳树村", "collector": "赵敏", "missing": [2], "present": [1, 3]}]
    # batch 2 held receipts 2 and 3; batch 3's void of receipt 2 still shows that number, so 3 is the gap
    assert report["gaps"] == [
        {
            "village": "柳树村",
            "collector": "赵敏",
            "series": "LSC2022",
            "missing_count": 1,
            "missing": [{"from": "LSC2022000003", "to": "LSC2022000003", "count": 1}],
        }
    ]
    orphan = [u for u in report["unreconciled"] if u["kind"] == "cancel_without_payment"]
    assert len(orphan) == 1 and "LSC2022000002" in orphan[0]["detail"]


def test_a_clean_set_of_batches_merges_with_exit_0_and_the_report_is_still_printed(
    county: dict[str, list[BatchResult]], tmp_path: Path
) -> None:
    code, report = merge(files_of(*county["c"]), tmp_path / "out.xlsx")
    assert code == 0, report
    assert report["ok"] is True and report["duplicates"] == [] and report["gaps"] == []
    assert report["missing_batches"] == [] and report["unreconciled"] == []
    assert (tmp_path / "out.report.json").is_file()


def test_a_tampered_batch_is_reported_and_left_out_of_the_merge(
    county: dict[str, list[BatchResult]], tmp_path: Path
) -> None:
    folder = tmp_path / "copies"
    folder.mkdir()
    for r in county["c"]:
        shutil.copy(r.workbook, folder)
        shutil.copy(r.manifest, folder)
    victim = folder / county["c"][1].workbook.name
    data = bytearray(victim.read_bytes())
    data[len(data) // 2] ^= 0xFF
    victim.write_bytes(bytes(data))
    code, report = merge(sorted(folder.glob("*.xlsx")), tmp_path / "out.xlsx")
    assert code == 1
    invalid = [u for u in report["unreconciled"] if u["kind"] == "invalid_batch"]
    assert len(invalid) == 1 and invalid[0]["batch_no"] == 2 and "SHA-256" in invalid[0]["detail"]
    assert report["rows"] == 1 + 2
    assert [b["ok"] for b in report["batches"]] == [True, False, True]


def test_the_same_batch_given_twice_counts_once_and_a_different_batch_with_its_number_is_a_conflict(
    county: dict[str, list[BatchResult]], tmp_path: Path
) -> None:
    first = county["c"][0]
    code, report = merge([first.workbook, first.manifest], tmp_path / "out.xlsx")
    assert code == 0 and report["rows"] == 1 and len(report["batches"]) == 1
    other = tmp_path / "other"
    other.mkdir()
    shutil.copy(county["c"][1].workbook, other)
    manifest = json.loads(county["c"][1].manifest.read_text("utf-8"))
    manifest["batch_no"] = 1
    (other / "renamed.manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), "utf-8")
    code, report = merge([first.workbook, other / "renamed.manifest.json"], tmp_path / "out2.xlsx")
    assert code == 1 and [u["kind"] for u in report["unreconciled"]] == ["conflicting_batch"]


def test_unusable_input_exits_2(county: dict[str, list[BatchResult]], tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello", "utf-8")
    assert merge([tmp_path / "notes.txt"], tmp_path / "out.xlsx")[0] == 2
    assert merge([tmp_path / "missing.xlsx"], tmp_path / "out.xlsx")[0] == 2
    assert merge(files_of(county["c"][0]), tmp_path / "out.csv")[0] == 2
    assert not (tmp_path / "out.xlsx").exists()


def test_a_batch_made_with_another_template_lands_in_the_county_columns_with_dates_restored(tmp_path: Path) -> None:
    village = make_village(tmp_path / "e", "东坡村", "钱多", "DPC", households=1, members=2, region="220104")
    pay_households(village, members=2)
    text = (bundled_template_dir() / "default.toml").read_text("utf-8")
    # another county's layout: dates as YYYYMMDD, the receipt number first, no 户号 column
    text = text.replace('field = "paid_on"\nformat = "date"', 'field = "paid_on"\nformat = "date8"')
    text = text.replace('[[columns]]\nheader = "户号"\nfield = "household_no"\nformat = "text"\n', "")
    text = text.replace('name = "default"', 'name = "county-x"')
    template = parse_template(text, "county-x.toml")
    assert template.index("household_no") is None and template.formats[template.index("paid_on") or 0] == "date8"
    result = export_batch(village.ledger, village.acting, tmp_path / "usb", template)
    close(village)
    code, report = merge([result.workbook], tmp_path / "out.xlsx")
    assert code == 0, report
    book = CalamineWorkbook.from_path(str(tmp_path / "out.xlsx"))
    try:
        header, first = book.get_sheet_by_name("明细").to_python()[:2]
    finally:
        book.close()
    row = dict(zip(header, first))
    assert (row["村"], row["代收员"], row["批次号"]) == ("东坡村", "钱多", 1)
    assert row["收款日期"] == "2021-11-01" and row["户号"] == "" and row["收据号"] == "DPC2022000001"
