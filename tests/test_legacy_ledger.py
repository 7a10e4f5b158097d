"""A ledger made by the code before the one-model change opens, migrates and keeps every record.

``tests/data/legacy/`` holds that ledger (payments, a void, a refund, two exported batches and
the county's answer), the two batches as they went onto the stick, and what the old CLI printed
(see make_legacy.py). Each test works on a copy, which ``Ledger.open`` migrates.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from openpyxl import Workbook  # type: ignore[import-untyped]

from desktop_app.cli import cli
from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.register import PersonInput
from desktop_app.services.batches import export_again, export_batch, list_batches
from desktop_app.services.county import import_county_results
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.records import list_payments, payment_json
from desktop_app.services.refunds import refund
from desktop_app.services.register import (
    add_household,
    add_identity,
    add_person,
    get_person,
    person_input,
    update_person,
)
from desktop_app.services.setup import Setup, initialise
from desktop_app.store import audit
from tests.village import DATA, Clock, acting

LEGACY = DATA / "legacy"
USB = LEGACY / "usb"
STEMS = ("新立村-李会计-批次0001", "新立村-李会计-批次0002")
AFTER = datetime(2021, 11, 10, 10, 0)  # a week after the legacy ledger's last entry


@pytest.fixture
def legacy_path(tmp_path: Path) -> Path:
    path = tmp_path / "ledger-v0.sqlite"
    shutil.copy(LEGACY / "ledger-v0.sqlite", path)
    return path


@pytest.fixture
def legacy(legacy_path: Path) -> Any:
    with Ledger.open(legacy_path, clock=Clock(AFTER)) as ledger:
        yield ledger


def as_before(now: Any, before: Any) -> Any:
    """``now`` cut down to the keys ``before`` had: the old listing's fields, whatever was added since."""
    if isinstance(before, dict) and isinstance(now, dict):
        return {k: as_before(now.get(k), v) for k, v in before.items()}
    if isinstance(before, list) and isinstance(now, list) and len(now) == len(before):
        return [as_before(n, b) for n, b in zip(now, before)]
    return now


def test_the_migrated_ledger_keeps_its_audit_chain_and_its_year(legacy: Ledger) -> None:
    chain = audit.verify(legacy.db)
    assert chain.ok, chain
    year = legacy.year()
    assert (year.year, year.policy_id, year.area) == (2022, "jl-2022", "changchun")
    assert [y.year for y in legacy.years()] == [2022]


def test_every_payment_and_receipt_number_is_unchanged(legacy: Ledger) -> None:
    before = json.loads((LEGACY / "receipts-v0.json").read_text("utf-8"))
    now = [payment_json(p) for p in list_payments(legacy)]
    assert [p["receipt_no"] for p in now] == [p["receipt_no"] for p in before]
    assert [p["uid"] for p in now] == [p["uid"] for p in before]
    assert as_before(now, before) == before


def test_the_old_batches_are_listed_as_the_old_cli_printed_them(legacy: Ledger) -> None:
    before = json.loads((LEGACY / "batches-v0.json").read_text("utf-8"))
    assert [b.__dict__ for b in list_batches(legacy)] == before
    assert [b.__dict__ for b in list_batches(legacy, 2022)] == before
    assert list_batches(legacy, 2023) == []


def test_both_old_batches_are_written_again_byte_for_byte(legacy: Ledger, tmp_path: Path) -> None:
    who = acting(legacy, "李会计")
    for number, stem in enumerate(STEMS, 1):
        again = export_again(legacy, who, number, tmp_path / "stick")
        assert again.workbook.name == f"{stem}.xlsx" and again.again
        assert again.workbook.read_bytes() == (USB / f"{stem}.xlsx").read_bytes()
        assert again.manifest.read_bytes() == (USB / f"{stem}.manifest.json").read_bytes()


def test_the_cli_writes_an_old_batch_again_byte_for_byte(legacy_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for number, stem in enumerate(STEMS, 1):
        done = runner.invoke(
            cli, ["--db", str(legacy_path), "export", "batch", "--again", str(number), "--out", str(tmp_path / "stick")]
        )
        assert done.exit_code == 0, done.output
        assert f"重新导出第{number}批" in done.output
        assert (tmp_path / "stick" / f"{stem}.xlsx").read_bytes() == (USB / f"{stem}.xlsx").read_bytes()
        assert (tmp_path / "stick" / f"{stem}.manifest.json").read_bytes() == (
            USB / f"{stem}.manifest.json"
        ).read_bytes()
    listed = runner.invoke(cli, ["--db", str(legacy_path), "--json", "batch", "list"])
    assert json.loads(listed.output) == json.loads((LEGACY / "batches-v0.json").read_text("utf-8"))


def test_a_payment_after_the_migration_goes_out_as_batch_3_chained_to_batch_2(
    legacy_path: Path, tmp_path: Path
) -> None:
    stick = tmp_path / "stick"
    stick.mkdir()
    for stem in STEMS:
        for suffix in (".xlsx", ".manifest.json"):
            shutil.copy(USB / f"{stem}{suffix}", stick)
    with Ledger.open(legacy_path, clock=Clock(AFTER)) as ledger:
        who = acting(ledger, "李会计")
        household = add_household(ledger, who, "0005", "新立村一组5号", "一组")
        person = add_person(ledger, who, household, PersonInput("孙新来", "220102199001011239", relation="户主"))
        paid = pay(ledger, who, PaymentRequest((person,), 50_000, date(2021, 11, 10)))
        assert paid.receipt_no == "XL2022000006"
        third = export_batch(ledger, who, stick)
        assert audit.verify(ledger.db).ok
        assert [b.batch_no for b in list_batches(ledger)] == [1, 2, 3]
    assert third.batch_no == 3 and third.rows == 1 and third.workbook.name == "新立村-李会计-批次0003.xlsx"
    manifest = json.loads(third.manifest.read_text("utf-8"))
    second = (USB / f"{STEMS[1]}.manifest.json").read_bytes()
    assert manifest["previous"] == {"batch_no": 2, "manifest_sha256": hashlib.sha256(second).hexdigest()}
    assert manifest["benefit_year"] == 2022 and manifest["policy"]["id"] == "jl-2022"
    assert manifest["items"] == {"payment": 1, "void": 0, "refund": 0, "resubmission": 0}
    done = CliRunner().invoke(cli, ["batch", "verify", str(third.workbook)])
    assert done.exit_code == 0, done.output
    assert "校验通过：新立村 李会计 第3批，1 行" in done.output and "与上一批（第2批）连续" in done.output


def test_the_same_work_done_by_the_new_code_writes_the_same_two_workbooks(tmp_path: Path) -> None:
    """make_legacy.py's day, step by step through today's services: rows built from the records
    (a void in the payment's own batch, a corrected 重报 row, a refund) give the same bytes."""
    clock = Clock(datetime(2021, 11, 1, 9, 0))
    with Ledger.open(tmp_path / "replay.sqlite", create=True, clock=clock) as ledger:
        who = initialise(
            ledger,
            Setup("jl-2022", "新立村", "李会计", "XL", area="changchun", village_groups=("一组", "二组")),
            "secret1",
        )
        people: list[list[int]] = []
        for h in range(1, 5):
            group = f"{'一二'[h % 2]}组"
            hid = add_household(ledger, who, f"000{h}", f"新立村{group}{h}号", group, f"1380000000{h}")
            people.append(
                [
                    add_person(
                        ledger,
                        who,
                        hid,
                        PersonInput(
                            f"{'王李张赵'[h - 1]}{'建秀小'[m]}{'国兰明'[m]}",
                            resident_id("220102", f"{1960 + 10 * m}-0{m + 1}-1{h}", 100 + 10 * h + m),
                            relation=("户主", "配偶", "子")[m],
                            ethnicity="蒙古族" if m == 1 else "汉族",
                        ),
                    )
                    for m in range(3)
                ]
            )
        add_identity(ledger, who, people[0][0], "subsistence_allowance", "民政", "低保名册")
        add_identity(ledger, who, people[1][0], "extreme_poverty", "民政", "特困名册")
        receipts = []
        for members in people:
            clock.tick(minutes=7)
            receipts.append(pay(ledger, who, PaymentRequest(tuple(members), 200_000, clock.now.date())).receipt_no)
        clock.tick(minutes=5)
        void(ledger, who, receipts[3], "金额录错")
        clock.tick(minutes=5)
        receipts.append(pay(ledger, who, PaymentRequest(tuple(people[3]), 200_000, clock.now.date())).receipt_no)
        clock.tick(days=1)
        first = export_batch(ledger, who, tmp_path / "usb")
        wrong = get_person(ledger, people[2][1])
        book = Workbook()
        book.active.append(["序号", "姓名", "公民身份号码", "收据号", "审核结果", "失败原因"])
        book.active.append([1, wrong.name, wrong.id_number, receipts[2], "失败", "姓名与公安不符"])
        book.save(tmp_path / "county-answer.xlsx")
        clock.tick(days=1)
        import_county_results(ledger, who, tmp_path / "county-answer.xlsx")
        update_person(ledger, who, wrong.id, replace(person_input(wrong), name=wrong.name + "芳"))
        clock.tick(hours=1)
        refund(ledger, who, receipts[1], "死亡", clock.now.date(), (get_person(ledger, people[1][2]).id_number or "",))
        clock.tick(hours=1)
        second = export_batch(ledger, who, tmp_path / "usb")
    for made, stem in zip((first, second), STEMS):
        assert made.workbook.name == f"{stem}.xlsx"
        assert made.workbook.read_bytes() == (USB / f"{stem}.xlsx").read_bytes()
    assert (first.rows, second.rows) == (18, 2)
