"""Verifying a batch: any changed byte, cell, row or figure is found; so is a broken chain."""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from desktop_app.cli import cli
from desktop_app.exchange.batch_verify import verify_path
from desktop_app.services.batches import BatchResult, export_batch
from tests.batch_village import Village, close, make_village

Batch = tuple[Path, Path]  # workbook, manifest


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Village, list[BatchResult]]]:
    folder = tmp_path_factory.mktemp("village")
    village = make_village(folder, households=4, members=2)
    people = village.people
    village.pay(people[0:2])
    village.pay(people[2:4])
    first = export_batch(village.ledger, village.acting, folder / "usb")
    village.pay(people[4:6])
    second = export_batch(village.ledger, village.acting, folder / "usb")
    village.pay(people[6:8])
    third = export_batch(village.ledger, village.acting, folder / "usb")
    yield village, [first, second, third]
    close(village)


def copy_batch(result: BatchResult, folder: Path) -> Batch:
    folder.mkdir(parents=True, exist_ok=True)
    return (Path(shutil.copy(result.workbook, folder)), Path(shutil.copy(result.manifest, folder)))


def verify_cli(path: Path) -> tuple[int, str]:
    done = CliRunner().invoke(cli, ["batch", "verify", str(path)])
    return done.exit_code, done.output


def rewrite_manifest(manifest: Path, **workbook: object) -> None:
    data = json.loads(manifest.read_text("utf-8"))
    data["workbook"].update(workbook)
    manifest.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n", "utf-8")


def test_a_fresh_batch_verifies_from_either_file(exported: tuple[Village, list[BatchResult]], tmp_path: Path) -> None:
    workbook, manifest = copy_batch(exported[1][0], tmp_path)
    for path in (workbook, manifest):
        code, output = verify_cli(path)
        assert code == 0, output
        assert "校验通过" in output and "4 行" in output


@pytest.mark.parametrize("where", [0, 40, 0.25, 0.5, 0.75, -30, -1])
def test_flipping_any_single_byte_of_the_workbook_fails_verification(
    exported: tuple[Village, list[BatchResult]], tmp_path: Path, where: float
) -> None:
    workbook, manifest = copy_batch(exported[1][0], tmp_path)
    data = bytearray(workbook.read_bytes())
    offset = int(where * len(data)) if isinstance(where, float) else where
    data[offset] ^= 0x01
    workbook.write_bytes(bytes(data))
    code, output = verify_cli(manifest)
    assert code == 1
    assert "SHA-256 与清单不符" in output


def _edit_cell(workbook: Path, row: int, column: int, value: object) -> None:
    book = load_workbook(workbook)
    book["缴费明细"].cell(row=row, column=column, value=value)
    book.save(workbook)


@pytest.mark.parametrize(
    "column, value, finding",
    [
        (14, 1.0, "实收金额合计"),  # 实收金额: a figure
        (1, "李鬼", "内容摘要不符"),  # 姓名: no figure changes, the content digest does
        (3, "220102198001010011", "内容摘要不符"),  # 证件号码
        (19, "作废", "按状态"),  # 状态
    ],
)
def test_changing_a_single_cell_fails_even_when_the_workbook_hash_is_rewritten_to_match(
    exported: tuple[Village, list[BatchResult]], tmp_path: Path, column: int, value: object, finding: str
) -> None:
    workbook, manifest = copy_batch(exported[1][0], tmp_path)
    _edit_cell(workbook, 3, column, value)
    assert verify_cli(manifest)[0] == 1
    rewrite_manifest(manifest, sha256=hashlib.sha256(workbook.read_bytes()).hexdigest(), bytes=workbook.stat().st_size)
    result = verify_path(manifest)
    assert not result.ok
    assert not any("SHA-256" in p for p in result.problems)
    assert any(finding in p for p in result.problems), result.problems


def test_a_row_removed_and_the_hash_rewritten_is_found_by_the_counts(
    exported: tuple[Village, list[BatchResult]], tmp_path: Path
) -> None:
    workbook, manifest = copy_batch(exported[1][0], tmp_path)
    book = load_workbook(workbook)
    book["缴费明细"].delete_rows(5)
    book.save(workbook)
    rewrite_manifest(manifest, sha256=hashlib.sha256(workbook.read_bytes()).hexdigest())
    result = verify_path(manifest)
    assert any("行数：清单记为 4，表格实为 3" in p for p in result.problems), result.problems


def test_a_figure_changed_in_the_manifest_is_found(exported: tuple[Village, list[BatchResult]], tmp_path: Path) -> None:
    workbook, manifest = copy_batch(exported[1][0], tmp_path)
    data = json.loads(manifest.read_text("utf-8"))
    data["figures"]["net"]["cash"] = "1.00"
    manifest.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2), "utf-8")
    code, output = verify_cli(workbook)
    assert code == 1 and "净额 实收金额合计：清单记为 1.00" in output


def test_a_summary_sheet_edited_alone_is_found(exported: tuple[Village, list[BatchResult]], tmp_path: Path) -> None:
    workbook, manifest = copy_batch(exported[1][0], tmp_path)
    book = load_workbook(workbook)
    book["汇总"].cell(row=2, column=6, value=9999)
    book.save(workbook)
    rewrite_manifest(manifest, sha256=hashlib.sha256(workbook.read_bytes()).hexdigest())
    assert any("汇总表第2行" in p for p in verify_path(manifest).problems)


def test_a_damaged_or_missing_manifest_fails_with_exit_1_and_a_missing_file_is_bad_input(
    exported: tuple[Village, list[BatchResult]], tmp_path: Path
) -> None:
    workbook, manifest = copy_batch(exported[1][0], tmp_path)
    manifest.write_bytes(manifest.read_bytes()[:-40])
    code, output = verify_cli(workbook)
    assert code == 1 and "不是有效的 JSON" in output
    manifest.unlink()
    code, output = verify_cli(workbook)
    assert code == 1 and "找不到它的清单" in output
    assert verify_cli(tmp_path / "nothing.xlsx")[0] == 2


def test_a_workbook_that_is_not_a_workbook_fails(exported: tuple[Village, list[BatchResult]], tmp_path: Path) -> None:
    workbook, manifest = copy_batch(exported[1][0], tmp_path)
    workbook.write_bytes(b"PK\x03\x04 not really a zip")
    result = verify_path(manifest)
    assert any("无法作为 Excel 工作簿读取" in p for p in result.problems)


def test_a_batch_continues_the_previous_one_lying_beside_it(
    exported: tuple[Village, list[BatchResult]], tmp_path: Path
) -> None:
    results = exported[1]
    for r in results:
        copy_batch(r, tmp_path)
    middle = verify_path(tmp_path / results[1].manifest.name)
    assert middle.ok, middle.problems
    assert "与上一批（第1批）连续" in middle.notes and "下一批（第3批）与本批连续" in middle.notes
    alone = verify_path(copy_batch(results[2], tmp_path / "alone")[1])
    assert alone.ok and "上一批（第2批）不在同一文件夹，未检查连续性" in alone.notes


def test_a_previous_batch_replaced_after_the_next_was_made_breaks_the_chain(
    exported: tuple[Village, list[BatchResult]], tmp_path: Path
) -> None:
    results = exported[1]
    for r in results[:2]:
        copy_batch(r, tmp_path)
    first_manifest = tmp_path / results[0].manifest.name
    data = json.loads(first_manifest.read_text("utf-8"))
    data["created_at"] = "2021-10-31T08:00:00"  # a re-made batch 1: valid by itself, not the one batch 2 followed
    first_manifest.write_text(json.dumps(data, ensure_ascii=False, sort_keys=True, indent=2) + "\n", "utf-8")
    assert verify_path(first_manifest, check_neighbours=False).ok
    second = verify_path(tmp_path / results[1].manifest.name)
    assert any("与上一批不连续" in p for p in second.problems)
    first = verify_path(first_manifest)
    assert any("与下一批不连续" in p for p in first.problems)


def test_verify_json_names_the_batch_and_every_problem(
    exported: tuple[Village, list[BatchResult]], tmp_path: Path
) -> None:
    workbook, manifest = copy_batch(exported[1][1], tmp_path)
    book = Workbook()
    book.active.append(["姓名"])
    book.save(workbook)
    done = CliRunner().invoke(cli, ["--json", "batch", "verify", str(manifest)])
    assert done.exit_code == 1
    report = json.loads(done.output)
    assert report["ok"] is False and report["batch_no"] == 2 and len(report["problems"]) >= 2
