"""The township's desk: villages' batches received, verified, remembered; duplicates and missing batches shown."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from python_calamine import CalamineWorkbook

from desktop_app.cli import cli
from desktop_app.domain.desk import CONFLICT, CONFLICTING, FAILED, INVALID, MISSING_BATCH, VERIFIED
from desktop_app.services import township_desk
from desktop_app.services.desk_status import desk_status, gather_progress, received_batches
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.printouts import document
from desktop_app.services.progress import Cancelled, Progress
from desktop_app.services.township_desk import (
    add_batches,
    desk_folder,
    export_county,
    find_batches,
    initialise_township,
    is_township,
)
from desktop_app.ui import township_presenter as presenter
from tests.desk_villages import CLERK, SHARED, TOWNSHIP, Sticks, copy_sticks, make_sticks, new_desk
from tests.village import PASSWORD, Clock, new_ledger


class StopAt(Progress):
    """The window's progress, with 取消 pressed once ``stop`` steps with a count have been reported."""

    def __init__(self, stop: int | None) -> None:
        self.stop = stop
        self.steps: list[tuple[str, int, int]] = []
        self.checks = 0
        self.last_cancellable: int | None = None

    def step(self, text: str, done: int = 0, total: int = 0) -> None:
        self.steps.append((text, done, total))

    def checkpoint(self) -> None:
        self.checks += 1
        if self.stop is not None and sum(1 for _, _, total in self.steps if total) >= self.stop:
            raise Cancelled()

    def no_way_back(self) -> None:
        self.last_cancellable = self.checks


@pytest.fixture(scope="module")
def sticks(tmp_path_factory: pytest.TempPathFactory) -> Sticks:
    return make_sticks(tmp_path_factory.mktemp("villages"))


@pytest.fixture
def own(sticks: Sticks, tmp_path: Path) -> Sticks:
    return copy_sticks(sticks, tmp_path / "sticks")


def test_a_township_desk_is_set_up_without_a_benefit_year_and_says_so(tmp_path: Path) -> None:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        assert is_township(ledger) and ledger.settings.village == TOWNSHIP
        assert clerk.name == CLERK and ledger.years() == []
        with pytest.raises(LedgerError):
            initialise_township(ledger, TOWNSHIP, CLERK, PASSWORD)
    with new_ledger(tmp_path / "village.sqlite") as village:
        assert not is_township(village)


def test_an_empty_township_name_is_refused_and_nothing_is_set_up(tmp_path: Path) -> None:
    with Ledger.open(tmp_path / "desk.sqlite", create=True, clock=Clock()) as ledger:
        with pytest.raises(LedgerError) as refused:
            initialise_township(ledger, "  ", CLERK, PASSWORD)
        assert refused.value.field == "township" and not ledger.is_initialised()


def test_three_villages_batches_are_received_and_the_duplicate_and_the_missing_batch_are_shown(
    own: Sticks, tmp_path: Path
) -> None:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        arrival = add_batches(ledger, clerk, [own.usb])
        assert [b.label for b in arrival.added] == [
            "山头村 王芳 第1批",
            "柳树村 赵敏 第1批",
            "柳树村 赵敏 第3批",
            "河口村 李强 第1批",
        ]
        assert not arrival.failed and not arrival.conflicts and not arrival.already and not arrival.cancelled
        status = desk_status(ledger)
        by = {(c.village, c.collector): c for c in status.collectors}
        assert by[("柳树村", "赵敏")].batches == (1, 3) and by[("柳树村", "赵敏")].missing == (2,)
        assert by[("山头村", "王芳")].missing == () and by[("山头村", "王芳")].people == 4
        assert by[("山头村", "王芳")].cash == by[("山头村", "王芳")].manifest_cash > 0
        assert [f.kind for f in status.findings if f.kind == MISSING_BATCH] == [MISSING_BATCH]
        missing = next(f for f in status.findings if f.kind == MISSING_BATCH)
        assert (missing.village, missing.collector) == ("柳树村", "赵敏") and "缺第 2 批" in missing.detail
        [duplicate] = status.duplicates
        assert duplicate.id_number == SHARED and not duplicate.same_village
        assert {(p.village, p.collector, p.receipt_no) for p in duplicate.paid} == {
            ("山头村", "王芳", "STZ2022000001"),
            ("河口村", "李强", "HKC2022000001"),
        }
        assert all(p.paid_on == "2021-11-01" for p in duplicate.paid)
        assert status.villages == ("山头村", "柳树村", "河口村")


def test_each_received_batch_is_remembered_with_its_hash_time_and_a_copy_on_the_desk(
    own: Sticks, tmp_path: Path
) -> None:
    clock = Clock()
    ledger, clerk = new_desk(tmp_path / "desk.sqlite", clock)
    with ledger:
        add_batches(ledger, clerk, [own.usb])
        batches = received_batches(ledger)
        assert len(batches) == 4 and all(b.state == VERIFIED for b in batches)
        first = batches[0]
        assert first.received_at == clock.now.isoformat(timespec="seconds") and first.received_by == CLERK
        assert len(first.workbook_sha256) == 64 and first.source.endswith("山头村")
        copy = desk_folder(ledger) / first.stored / first.workbook_name
        assert copy.is_file() and (own.usb / "山头村" / first.workbook_name).read_bytes() == copy.read_bytes()


def test_adding_the_same_stick_twice_changes_nothing(own: Sticks, tmp_path: Path) -> None:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        add_batches(ledger, clerk, [own.usb])
        before = desk_status(ledger)
        again = add_batches(ledger, clerk, [own.usb, own.usb / "柳树村"])
        assert again.added == again.failed == again.conflicts == ()
        assert len(again.already) == 4 and "此前已收 4 批" in again.summary()
        after = desk_status(ledger)
        assert after.batches == before.batches and after.collectors == before.collectors


def test_the_missing_batch_arriving_later_closes_the_gap_and_checks_the_chain_both_ways(
    own: Sticks, tmp_path: Path
) -> None:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        add_batches(ledger, clerk, [own.usb])
        arrival = add_batches(ledger, clerk, [own.later])
        [second] = arrival.added
        assert second.notes == ("与上一批（第1批）连续", "下一批（第3批）与本批连续")
        status = desk_status(ledger)
        assert all(not c.missing for c in status.collectors)
        assert not [f for f in status.findings if f.kind == MISSING_BATCH]


def test_a_different_file_under_a_number_already_received_is_flagged_not_merged(own: Sticks, tmp_path: Path) -> None:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        add_batches(ledger, clerk, [own.usb])
        people = {c.collector: c.people for c in desk_status(ledger).collectors}
        arrival = add_batches(ledger, clerk, [own.other])
        [clash] = arrival.conflicts
        assert clash.state == CONFLICT and clash.batch_no == 1 and "两份内容不同" in clash.problems[0]
        status = desk_status(ledger)
        assert {c.collector: c.people for c in status.collectors} == people
        assert [f.kind for f in status.findings if f.kind == CONFLICTING] == [CONFLICTING]


def test_a_batch_changed_after_export_fails_with_the_reason_and_stays_out_of_the_figures(
    own: Sticks, tmp_path: Path
) -> None:
    workbook = next((own.usb / "河口村").glob("*.xlsx"))
    data = bytearray(workbook.read_bytes())
    data[-30] ^= 0xFF  # one byte of the zip's directory
    workbook.write_bytes(bytes(data))
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        arrival = add_batches(ledger, clerk, [own.usb])
        [failed] = arrival.failed
        assert failed.state == FAILED and failed.village == "河口村"
        assert any("SHA-256 与清单不符" in p for p in failed.problems)
        status = desk_status(ledger)
        assert "河口村" not in status.villages and status.duplicates == ()
        assert any(f.kind == INVALID and f.village == "河口村" for f in status.findings)


def test_files_that_are_not_batches_are_skipped_with_the_reason(own: Sticks, tmp_path: Path) -> None:
    (own.usb / "县汇总.xlsx").write_bytes(b"not a batch")
    found, skipped = find_batches([own.usb])
    assert len(found) == 4
    assert len(skipped) == 1 and "县汇总.xlsx" in skipped[0] and "清单" in skipped[0]


def test_cancelling_keeps_the_batches_received_before_each_whole(own: Sticks, tmp_path: Path) -> None:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        arrival = add_batches(ledger, clerk, [own.usb], progress=StopAt(2))
        assert arrival.cancelled and len(arrival.added) == 2 and arrival.summary().startswith("已取消")
        status = desk_status(ledger)
        assert sum(len(c.batches) for c in status.collectors) == 2
        assert status.rows == sum(b.rows for b in arrival.added)
        rest = add_batches(ledger, clerk, [own.usb])
        assert len(rest.added) == 2 and len(rest.already) == 2


def test_the_county_workbook_is_the_county_merge_of_the_verified_batches(own: Sticks, tmp_path: Path) -> None:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        add_batches(ledger, clerk, [own.usb, own.other])  # the clashing copy stays out
        seen = StopAt(None)
        report = export_county(ledger, clerk, tmp_path / "县汇总.xlsx", progress=seen)
        status = desk_status(ledger)
    assert [done for _, done, _ in seen.steps] == [
        0,
        1,
        2,
        3,
        0,
    ] and seen.last_cancellable == 5  # every batch could still stop it
    assert seen.steps[-1][0] == "正在写出县汇总工作簿…" and len(report.batches) == 4
    assert report.rows == status.rows
    assert [d["id_number"] for d in report.duplicates] == [SHARED]
    assert report.missing_batches == [{"village": "柳树村", "collector": "赵敏", "missing": [2], "present": [1, 3]}]
    book = CalamineWorkbook.from_path(str(tmp_path / "县汇总.xlsx"))
    try:
        detail = book.get_sheet_by_name("明细").to_python()
    finally:
        book.close()
    assert detail[0][:3] == ["村", "代收员", "批次号"] and len(detail) == report.rows + 1
    saved = json.loads((tmp_path / "县汇总.report.json").read_text("utf-8"))
    assert saved["duplicates"] == report.duplicates


def test_a_cancelled_export_writes_nothing(own: Sticks, tmp_path: Path) -> None:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        add_batches(ledger, clerk, [own.usb])
        with pytest.raises(Cancelled):
            export_county(ledger, clerk, tmp_path / "县汇总.xlsx", progress=StopAt(2))
    assert not [p.name for p in tmp_path.iterdir() if "县汇总" in p.name]


def test_an_empty_desk_refuses_to_export_and_to_print(tmp_path: Path) -> None:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        with pytest.raises(LedgerError):
            export_county(ledger, clerk, tmp_path / "县汇总.xlsx")
        with pytest.raises(LedgerError):
            gather_progress(ledger)


def test_the_progress_notice_prints_a_page_per_village_with_its_duplicate_and_missing_batch(
    own: Sticks, tmp_path: Path
) -> None:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        add_batches(ledger, clerk, [own.usb])
        every = document(ledger, None, "progress")
        one = document(ledger, None, "progress", village="柳树村")
        with pytest.raises(LedgerError):
            document(ledger, None, "progress", village="不存在村")
    assert every.html.count("城乡居民医保征缴进度通报") == 3 and every.html.count("page-break-before") == 2
    assert "柳树村（本村）" in one.html and "缺第 2 批" in one.html and one.page.name == "A4"
    shantou = every.html.split("page-break-before")[0]
    assert "STZ2022000001" in shantou and "HKC2022000001" in shantou and SHARED not in shantou  # masked


def test_the_cli_runs_the_same_desk_for_scripts(own: Sticks, tmp_path: Path) -> None:
    db = str(tmp_path / "乡镇.sqlite")
    run = CliRunner().invoke
    done = run(
        cli,
        ["--db", db, "desk", "init", "--township", TOWNSHIP, "--clerk", CLERK],
        env={"ZHENGJIAO_PASSWORD": PASSWORD},
    )
    assert done.exit_code == 0 and f"已设置乡镇汇总：{TOWNSHIP}" in done.output
    done = run(cli, ["--db", db, "desk", "add", str(own.usb)])
    assert done.exit_code == 0 and done.output.startswith("新收 4 批")
    done = run(cli, ["--db", db, "--json", "desk", "status"])
    status = json.loads(done.output)
    assert [d["id_number"] for d in status["duplicates"]] == [SHARED]
    assert {(c["village"], tuple(c["missing"])) for c in status["collectors"]} >= {("柳树村", (2,))}
    done = run(cli, ["--db", db, "desk", "status"])
    assert "柳树村 赵敏：第 1、3 批，缺第 2 批" in done.output and "重复参保 王" in done.output
    done = run(cli, ["--db", db, "desk", "add", str(own.other)])
    assert done.exit_code == 1 and "同号不同文件" in done.output
    done = run(cli, ["--db", db, "desk", "export", "--out", str(tmp_path / "县汇总.xlsx")])
    assert done.exit_code == 1 and "县汇总已导出" in done.output and (tmp_path / "县汇总.xlsx").is_file()


def test_the_desk_commands_refuse_a_village_ledger(tmp_path: Path) -> None:
    new_ledger(tmp_path / "village.sqlite").close()
    done = CliRunner().invoke(cli, ["--db", str(tmp_path / "village.sqlite"), "desk", "status"])
    assert done.exit_code == 2 and "不是乡镇汇总的数据库" in done.output


def test_the_window_tables_show_the_missing_batch_in_red_and_both_receipts_side_by_side(
    own: Sticks, tmp_path: Path
) -> None:
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        arrival = add_batches(ledger, clerk, [own.usb, own.other])
        status = desk_status(ledger)
    progress = presenter.progress_table(status)
    [row] = [r for r in progress.rows if r[0].text == "柳树村"]
    assert (row[2].text, row[3].text, row[3].tone) == ("1、3", "缺第 2 批", presenter.BAD)
    assert [r[5] for r in presenter.duplicates_table(status, "河口村").texts()] == ["STZ2022000001", "HKC2022000001"]
    assert presenter.duplicates_table(status, "柳树村").rows == ()
    assert presenter.tab_titles(status)[1:3] == ("重复参保 1 人 (&2)", "问题与不平衡 3 项 (&3)")
    text, attention = presenter.arrival_message(arrival)
    assert attention and "同号不同文件 1 批" in text and "两份内容不同" in text
    assert presenter.yuan(1_822_000) == "18,220.00" and presenter.yuan(-50) == "-0.50"
    assert presenter.summary_line(status).startswith(f"{TOWNSHIP}：已收 4 批（3 村 3 名收款员）")


def test_a_large_load_builds_the_index_by_person_once_at_the_end_even_when_cancelled(
    own: Sticks, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(township_desk, "LARGE_LOAD", 2)
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:

        def indexed() -> bool:
            return (
                ledger.db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'desk_rows_person'").fetchone()[0]
                == 1
            )

        arrival = add_batches(ledger, clerk, [own.usb], progress=StopAt(2))
        assert arrival.cancelled and indexed()
        add_batches(ledger, clerk, [own.usb])
        assert indexed() and len(desk_status(ledger).duplicates) == 1


def test_the_same_batch_twice_on_one_stick_is_received_once(own: Sticks, tmp_path: Path) -> None:
    shutil.copytree(own.usb / "河口村", own.usb / "备份" / "河口村")
    ledger, clerk = new_desk(tmp_path / "desk.sqlite")
    with ledger:
        arrival = add_batches(ledger, clerk, [own.usb])
        assert len(arrival.added) == 4 and arrival.already == ("河口村 李强 第1批",)
        assert len(received_batches(ledger)) == 4
