"""``zhengjiao import roster|identities``: exit 2 and every bad row on stderr; counts on success."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner, Result

from desktop_app.cli import cli
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import add_operator
from desktop_app.store.transactions import immediate
from tests.village import DATA

PW = "cunyi-2021"


def zj(db: Path, *args: object) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), *[str(a) for a in args]])


def village(tmp_path: Path) -> Path:
    db = tmp_path / "v.sqlite"
    done = zj(
        db,
        "db",
        "init",
        "--policy",
        "jl-2022",
        "--area",
        "changchun",
        "--village",
        "新立村",
        "--collector",
        "李会计",
        "--receipt-prefix",
        "XL",
        "--password",
        PW,
    )
    assert done.exit_code == 0, done.stderr
    return db


def test_a_good_roster_imports_and_prints_the_counts(tmp_path: Path) -> None:
    db = village(tmp_path)
    done = zj(db, "import", "roster", DATA / "import_roster_messy.xlsx")
    assert done.exit_code == 0, done.stderr
    assert "新增 3 户、7 人" in done.stdout
    again = zj(db, "--json", "import", "roster", DATA / "import_roster_messy.xlsx")
    assert again.exit_code == 0
    report = json.loads(again.stdout)
    assert (report["written"], report["counts"]["unchanged"], report["problems"]) == (False, 7, [])


def test_a_bad_roster_exits_2_with_every_bad_row_on_stderr(tmp_path: Path) -> None:
    db = village(tmp_path)
    done = zj(db, "import", "roster", DATA / "import_roster_bad.xlsx")
    assert done.exit_code == 2
    lines = [line for line in done.stderr.splitlines() if line.startswith("第")]
    assert [line.split()[0] for line in lines] == [f"第{n}行" for n in (4, 5, 6, 7, 8, 9, 12, 13, 14)]
    assert lines[0].split()[1] == "身份证号" and "后几位已丢失" in lines[0]
    notes = [line for line in done.stderr.splitlines() if line.startswith("提示：")]
    assert [line.split()[0] for line in notes] == ["提示：第10行", "提示：第11行"]  # 火星族, 邻居: kept as written
    assert "Traceback" not in done.stderr and done.stdout == ""
    listed = zj(db, "--json", "receipts")
    assert listed.exit_code == 0


def test_json_reports_the_bad_rows_on_stdout_and_still_exits_2(tmp_path: Path) -> None:
    db = village(tmp_path)
    done = zj(db, "--json", "import", "roster", DATA / "import_roster_bad.xlsx", "--dry-run")
    assert done.exit_code == 2
    report = json.loads(done.stdout)
    assert report["refused"] is True and report["written"] is False
    assert {p["row"] for p in report["problems"]} == {4, 5, 6, 7, 8, 9, 12, 13, 14}
    assert {"row", "field", "label", "reason"} == set(report["problems"][0])
    assert [(w["row"], w["field"], w["value"], w["kept"]) for w in report["warnings"]] == [
        (10, "ethnicity", "火星族", "火星族"),
        (11, "relation", "邻居", "邻居"),
    ]
    assert {"row", "field", "label", "value", "kept", "reason"} == set(report["warnings"][0])


def test_only_valid_imports_the_good_rows_and_exits_0(tmp_path: Path) -> None:
    db = village(tmp_path)
    done = zj(db, "import", "roster", DATA / "import_roster_bad.xlsx", "--only-valid")
    assert done.exit_code == 0, done.stderr
    assert "新增 3 户、4 人" in done.stdout and "跳过有问题的 9 行" in done.stdout and "提示 2 处" in done.stdout
    assert "第4行" in done.stderr


def test_a_dry_run_writes_nothing(tmp_path: Path) -> None:
    db = village(tmp_path)
    done = zj(db, "import", "roster", DATA / "import_roster_messy.xlsx", "--dry-run")
    assert done.exit_code == 0 and "检查通过（未写入）" in done.stdout
    assert "新增 3 户、7 人" in zj(db, "import", "roster", DATA / "import_roster_messy.xlsx").stdout


def test_an_identity_list_imports_with_its_code_and_source(tmp_path: Path) -> None:
    db = village(tmp_path)
    assert zj(db, "import", "roster", DATA / "import_roster_messy.xlsx").exit_code == 0
    done = zj(
        db,
        "import",
        "identities",
        DATA / "import_identities_dibao.xlsx",
        "--code",
        "subsistence_allowance",
        "--source",
        "民政",
    )
    assert done.exit_code == 0, done.stderr
    assert "新增身份 2 条" in done.stdout
    bad = zj(
        db,
        "import",
        "identities",
        DATA / "import_identities_bad.csv",
        "--code",
        "subsistence_allowance",
        "--source",
        "民政",
    )
    assert bad.exit_code == 2 and "第3行 身份证号码" in bad.stderr and "不在花名册中" in bad.stderr


def test_an_unknown_identity_code_or_a_missing_file_exits_2(tmp_path: Path) -> None:
    db = village(tmp_path)
    assert (
        zj(
            db, "import", "identities", DATA / "import_identities_dibao.xlsx", "--code", "rich", "--source", "民政"
        ).exit_code
        == 2
    )
    assert zj(db, "import", "roster", tmp_path / "missing.xlsx").exit_code == 2


def test_a_file_without_a_header_exits_2_with_one_line(tmp_path: Path) -> None:
    db = village(tmp_path)
    notes = tmp_path / "notes.csv"
    notes.write_text("随便写的\n", encoding="utf-8")
    done = zj(db, "import", "roster", notes)
    assert done.exit_code == 2 and done.stderr.startswith("错误：文件：") and "表头" in done.stderr


def add_collector(db: Path, name: str, prefix: str) -> None:
    """A second collector of the village (a 组长 with an own login and receipt prefix)."""
    with Ledger.open(db) as ledger, immediate(ledger.db):
        add_operator(ledger, name, "zuzhang-1", prefix)


def test_with_several_collectors_an_import_asks_who_imports(tmp_path: Path) -> None:
    db = village(tmp_path)
    add_collector(db, "王组长", "WZ")
    done = zj(db, "import", "roster", DATA / "import_roster_messy.xlsx")
    assert done.exit_code == 2 and "--operator" in done.stderr and "李会计" in done.stderr and "王组长" in done.stderr
    assert "Traceback" not in done.stderr
    unknown = zj(db, "import", "roster", DATA / "import_roster_messy.xlsx", "--operator", "赵六")
    assert unknown.exit_code == 2 and "赵六" in unknown.stderr


def test_the_audit_entry_names_the_collector_who_imports_and_the_year(tmp_path: Path) -> None:
    db = village(tmp_path)
    add_collector(db, "王组长", "WZ")
    done = zj(db, "import", "roster", DATA / "import_roster_messy.xlsx", "--operator", "王组长")
    assert done.exit_code == 0, done.stderr
    assert "新增 3 户、7 人" in done.stdout
    listed = zj(
        db,
        "import",
        "identities",
        DATA / "import_identities_dibao.xlsx",
        "--code",
        "subsistence_allowance",
        "--source",
        "民政",
        "--operator",
        "李会计",
    )
    assert listed.exit_code == 0, listed.stderr
    with Ledger.open(db) as ledger:
        entries = ledger.db.execute(
            "SELECT action, operator, benefit_year FROM audit_log WHERE action LIKE 'import.%' ORDER BY seq"
        ).fetchall()
    assert entries == [("import.roster", "王组长", 2022), ("import.identities", "李会计", 2022)]
