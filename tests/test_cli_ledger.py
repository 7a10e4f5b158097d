"""The ledger CLI is a contract: set up, pay, void, refund, list, verify; bad input exits 2 with one Chinese line."""

from __future__ import annotations

import json
import os
import re
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from desktop_app.cli import cli
from desktop_app.cli.labels import label_of
from desktop_app.services.backup_crypto import decrypt_file
from desktop_app.services.backups import check_backup, default_backup_dir
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import add_operator
from desktop_app.services.register import PersonInput
from desktop_app.store.transactions import immediate
from tests.village import family, new_id

PW = "cunyi-2021"
LATE_ENTRY = "上月在村部收的现金，今天补录"


def late(on: str) -> list[str]:
    """``--on`` a day of the 2021 collection period: a late entry (补录) today, which says why."""
    return ["--on", on, "--late-entry", LATE_ENTRY]


CJK = re.compile(r"[\u4e00-\u9fff]")
ROOT = Path(__file__).resolve().parent.parent


def zj(*args: Any, env: dict[str, str | None] | None = None, input: str | None = None) -> Result:
    return CliRunner(env=env).invoke(cli, [str(a) for a in args], input=input)


def ok(result: Result) -> Result:
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    return result


def refused(result: Result, field: str) -> str:
    """Exit 2, nothing on stdout, one Chinese line on stderr naming the field (by its Chinese label), no traceback."""
    assert result.exit_code == 2, (result.stdout, result.stderr, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert label_of(field) in lines[0] and CJK.search(lines[0]), lines[0]
    return lines[0]


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No password or database from the developer's shell; no default database in their home."""
    monkeypatch.delenv("ZHENGJIAO_PASSWORD", raising=False)
    monkeypatch.delenv("ZHENGJIAO_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.setenv("LOCALAPPDATA", str(tmp_path / "xdg"))


def init(db: Path, *extra: str) -> Result:
    return zj(
        "--db",
        db,
        "db",
        "init",
        "--policy",
        "jl-2022",
        "--village",
        "幸福村",
        "--collector",
        "张会计",
        "--receipt-prefix",
        "xf",
        *extra,
    )


class Village:
    """A ledger set up through the CLI, with people registered through the services."""

    def __init__(self, db: Path) -> None:
        self.db = db
        ok(init(db, "--area", "changchun", "--password", PW))
        self.people = [
            PersonInput(name="王建国", id_number=new_id(date(1969, 3, 14))),
            PersonInput(name="李秀兰", id_number=new_id(date(1971, 7, 2))),
            PersonInput(name="王小明", id_number=new_id(date(2009, 9, 1)), student=True),
        ]
        self.neighbour = PersonInput(name="赵大", id_number=new_id(date(1975, 5, 5)))
        self.more = [PersonInput(name=f"孙{i}", id_number=new_id(date(1960, 1, 1 + i))) for i in range(4)]
        with Ledger.open(db) as ledger:
            family(ledger, "0001", *self.people)
            family(ledger, "0002", self.neighbour)
            for i, p in enumerate(self.more):
                family(ledger, f"01{i:02d}", p)

    def add_collector(self, name: str, password: str, prefix: str) -> None:
        """A second collector of the village (a 组长 with an own login and receipt prefix)."""
        with Ledger.open(self.db) as ledger, immediate(ledger.db):
            add_operator(ledger, name, password, prefix)

    def ids(self, *people: PersonInput) -> list[str]:
        out = []
        for p in people:
            assert p.id_number is not None
            out += ["--id-number", p.id_number]
        return out

    def pay(self, *people: PersonInput, cash: str = "2000", on: str = "2021-11-01", by: str | None = None) -> Result:
        """``zhengjiao pay`` for these people (as the collector ``by``, when given)."""
        return zj(
            "--db", self.db, "pay", *self.ids(*people), "--cash", cash, *late(on), *(["--operator", by] if by else [])
        )

    def paid(
        self, *people: PersonInput, cash: str = "2000", on: str = "2021-11-01", by: str | None = None
    ) -> dict[str, Any]:
        out: dict[str, Any] = json.loads(ok(self.pay(*people, cash=cash, on=on, by=by)).stdout)
        return out

    def receipts(self, *args: str) -> list[dict[str, Any]]:
        out: list[dict[str, Any]] = json.loads(ok(zj("--db", self.db, "receipts", *args)).stdout)
        return out

    def tables(self) -> dict[str, int]:
        conn = sqlite3.connect(self.db)
        try:
            return {
                t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("payments", "payment_lines", "voids", "refunds", "audit_log")
            }
        finally:
            conn.close()


@pytest.fixture()
def village(tmp_path: Path) -> Village:
    return Village(tmp_path / "村" / "zhengjiao.sqlite")


# ---- db init -------------------------------------------------------------------------


def test_db_init_sets_up_the_village(tmp_path: Path) -> None:
    db = tmp_path / "a" / "z.sqlite"
    result = ok(
        zj(
            "--json",
            "--db",
            db,
            "db",
            "init",
            "--policy",
            "jl-2022",
            "--village",
            " 幸福村 ",
            "--collector",
            "张会计",
            "--receipt-prefix",
            "xf",
            "--area",
            "changchun",
            "--password",
            PW,
        )
    )
    out = json.loads(result.stdout)
    assert (out["db"], out["policy_id"], out["village"], out["collector"], out["receipt_prefix"], out["area"]) == (
        str(db),
        "jl-2022",
        "幸福村",
        "张会计",
        "XF",
        "changchun",
    )
    plain = ok(init(tmp_path / "b.sqlite", "--password", PW))
    assert "幸福村" in plain.stdout and "jl-2022" in plain.stdout


def test_db_init_takes_the_password_from_the_environment(tmp_path: Path) -> None:
    ok(
        zj(
            "--db",
            tmp_path / "z.sqlite",
            "db",
            "init",
            "--policy",
            "hn-2022",
            "--village",
            "村",
            "--collector",
            "李",
            "--receipt-prefix",
            "HN",
            env={"ZHENGJIAO_PASSWORD": PW},
        )
    )
    conn = sqlite3.connect(tmp_path / "z.sqlite")
    assert conn.execute("SELECT name FROM operators").fetchall() == [("李",)]
    conn.close()


def test_db_init_twice_is_refused(village: Village) -> None:
    refused(init(village.db, "--password", PW), "db")


INIT = {
    "--policy": "jl-2022",
    "--village": "幸福村",
    "--collector": "张会计",
    "--receipt-prefix": "XF",
    "--password": PW,
}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"--policy": "xx-2099"}, "policy"),
        ({"--area": "harbin"}, "area"),
        ({"--receipt-prefix": "X-1"}, "receipt_prefix"),
        ({"--village": "  "}, "village"),
        ({"--collector": " "}, "collector"),
        ({"--password": None}, "--password"),
        ({"--password": "12"}, "password"),
    ],
    ids=[
        "unknown policy",
        "unknown area",
        "bad receipt prefix",
        "empty village",
        "empty collector",
        "no password",
        "short password",
    ],
)
def test_db_init_bad_input_exits_2_naming_the_field(tmp_path: Path, changes: dict[str, str | None], field: str) -> None:
    options = {**INIT, **changes}
    refused(
        zj(
            "--db",
            tmp_path / "z.sqlite",
            "db",
            "init",
            *[x for k, v in options.items() if v is not None for x in (k, v)],
        ),
        field,
    )


# ---- pay -----------------------------------------------------------------------------


def test_pay_prints_the_receipt_as_json(village: Village) -> None:
    out = village.paid(*village.people, cash="1000")
    assert {"receipt_no", "total_due", "cash", "change", "lines"} <= set(out)
    # changchun: 360 per adult, 220 for the student, each with the 10 yuan care-insurance rider
    assert (out["receipt_no"], out["total_due"], out["cash"], out["change"]) == (
        "XF2022000001",
        "970.00",
        "1000.00",
        "30.00",
    )
    assert [(line["name"], line["due"]) for line in out["lines"]] == [
        ("王建国", "370.00"),
        ("李秀兰", "370.00"),
        ("王小明", "230.00"),
    ]
    assert out["lines"][0]["riders"] == [{"name": "城乡居民长期护理保险", "amount": "10.00"}]
    assert out["lines"][0]["benefit_start"] == "2022-01-01"
    assert re.fullmatch(r"[0-9a-f-]{36}", out["uid"])


def test_pay_charges_what_the_quote_command_says(village: Village) -> None:
    request = {
        "policy": "jl-2022",
        "paid_on": "2022-02-10",
        "area": "changchun",
        "people": [{"name": p.name, "id_number": p.id_number, "student": p.student} for p in village.people],
    }
    quoted = json.loads(ok(zj("quote", "-", input=json.dumps(request, ensure_ascii=False))).stdout)
    out = village.paid(*village.people, on="2022-02-10")
    assert out["total_due"] == quoted["total_due"]
    for line, person in zip(out["lines"], quoted["people"], strict=True):
        for key in ("standard", "subsidy", "subsidy_mode", "due", "benefit_start", "benefit_end", "explanation"):
            assert line[key] == person[key], key
        charged = [(r["name"], r["amount"]) for r in person["riders"]]  # the quote also gives each rider's short name
        assert [(r["name"], r["amount"]) for r in line["riders"]] == charged


def test_receipts_are_consecutive(village: Village) -> None:
    numbers = [village.paid(p)["receipt_no"] for p in village.more]
    assert numbers == [f"XF2022{n:06d}" for n in range(1, 5)]


NOT_REGISTERED = new_id(date(1988, 8, 8))
BAD_CHECKSUM = NOT_REGISTERED[:-1] + ("0" if NOT_REGISTERED[-1] != "0" else "1")


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["--id-number", NOT_REGISTERED, "--cash", "400", *late("2021-11-01")], "id_number"),
        (["--id-number", BAD_CHECKSUM, "--cash", "400", *late("2021-11-01")], "id_number"),
        (["--id-number", "3.41324198111111E+17", "--cash", "400", *late("2021-11-01")], "id_number"),
        (["--id-number", "{a}", "--cash", "abc", *late("2021-11-01")], "--cash"),
        (["--id-number", "{a}", "--cash", "400.123", *late("2021-11-01")], "--cash"),
        (["--id-number", "{a}", "--cash", "-5", *late("2021-11-01")], "--cash"),
        (["--id-number", "{a}", "--cash", "369.99", *late("2021-11-01")], "cash"),
        (["--id-number", "{a}", "--id-number", "{n}", "--cash", "900", *late("2021-11-01")], "id_number"),
        (["--id-number", "{a}", "--id-number", "{a}", "--cash", "900", *late("2021-11-01")], "id_number"),
        (["--id-number", "{a}", "--cash", "400", *late("2021-09-01")], "id_number"),
        (["--id-number", "{a}", "--cash", "400", *late("2023-01-01")], "id_number"),
    ],
    ids=[
        "unregistered ID",
        "bad checksum",
        "ID mangled by Excel",
        "cash not a number",
        "cash with 3 decimals",
        "negative cash",
        "cash short of due",
        "two households",
        "same person twice",
        "before the period",
        "after the benefit year",
    ],
)
def test_pay_bad_input_exits_2_naming_the_field_and_writes_nothing(
    village: Village, args: list[str], field: str
) -> None:
    before = village.tables()
    a, n = village.people[0].id_number, village.neighbour.id_number
    refused(zj("--db", village.db, "pay", *[x.format(a=a, n=n) for x in args]), field)
    assert village.tables() == before


def test_paying_someone_already_paid_is_refused_naming_the_receipt(village: Village) -> None:
    first = village.paid(village.people[0])
    line = refused(village.pay(village.people[1], village.people[0]), "id_number")
    assert first["receipt_no"] in line and "重复" in line


@pytest.mark.parametrize(
    ("args", "field"),
    [
        (["pay", "--id-number", "{a}", "--on", "2021-11-01"], "--cash"),
        (["pay", "--cash", "400"], "--id-number"),
        (["pay", "--id-number", "{a}", "--cash", "400", "--on", "2021-13-01"], "--on"),
        (["pay", "--id-number", "{a}", "--cash", "400", "--on", "2021/11/01"], "--on"),
        (["pay", "--id-number", "{a}", "--cash", "400", "--bogus"], "--bogus"),
        (["receipts", "--from", "yesterday"], "--from"),
        (["refund", "XF2022000001", "--reason", "死亡", "--on", "2021-02-30"], "--on"),
        (["void", "XF2022000001"], "--reason"),
    ],
    ids=[
        "missing cash",
        "missing id number",
        "impossible date",
        "slashed date",
        "unknown option",
        "bad from date",
        "bad refund date",
        "void without reason",
    ],
)
def test_malformed_options_exit_2_with_one_chinese_line(village: Village, args: list[str], field: str) -> None:
    a = village.people[0].id_number
    refused(zj("--db", village.db, *[x.format(a=a) for x in args]), field)


def test_a_missing_database_is_refused_naming_db_init(tmp_path: Path) -> None:
    line = refused(zj("--db", tmp_path / "none.sqlite", "pay", "--id-number", NOT_REGISTERED, "--cash", "400"), "--db")
    assert "db init" in line
    assert not (tmp_path / "none.sqlite").exists()


def test_a_database_not_yet_set_up_is_refused_naming_db_init(tmp_path: Path) -> None:
    Ledger.open(tmp_path / "z.sqlite", create=True).close()
    refused(zj("--db", tmp_path / "z.sqlite", "pay", "--id-number", NOT_REGISTERED, "--cash", "400"), "db init")


# ---- void and refund -----------------------------------------------------------------


def test_void_with_the_password_keeps_the_number_and_records_the_reason(village: Village) -> None:
    paid = village.paid(village.people[0])
    result = ok(zj("--db", village.db, "void", paid["receipt_no"], "--reason", "金额收错", "--password", PW))
    assert paid["receipt_no"] in result.stdout and "作废" in result.stdout
    (row,) = village.receipts()
    assert (row["receipt_no"], row["status"], row["status_label"]) == (paid["receipt_no"], "voided", "作废")
    assert (row["void"]["reason"], row["void"]["operator"]) == ("金额收错", "张会计")
    again = village.paid(village.people[0])
    assert again["receipt_no"] == "XF2022000002"


def test_void_takes_the_password_from_the_environment_and_prints_json(village: Village) -> None:
    paid = village.paid(village.people[0])
    result = ok(
        zj("--json", "--db", village.db, "void", paid["receipt_no"], "--reason", "重复", env={"ZHENGJIAO_PASSWORD": PW})
    )
    assert json.loads(result.stdout)["status"] == "voided"


@pytest.mark.parametrize("command", ["void", "refund"])
@pytest.mark.parametrize("password", [None, "wrong-pass", ""], ids=["missing", "wrong", "empty"])
def test_void_and_refund_refuse_a_wrong_or_missing_password(
    village: Village, command: str, password: str | None
) -> None:
    paid = village.paid(village.people[0])
    before = village.tables()
    args = [
        "--db",
        village.db,
        command,
        paid["receipt_no"],
        "--reason",
        "死亡",
        *(["--on", "2021-11-02"] if command == "refund" else []),
    ]
    if password is not None:
        args += ["--password", password]
    refused(zj(*args), "password")
    env_wrong = zj(*args[: len(args) - (2 if password is not None else 0)], env={"ZHENGJIAO_PASSWORD": "nope"})
    refused(env_wrong, "password")
    assert village.tables() == before


def test_void_twice_without_a_reason_or_of_an_unknown_receipt_is_refused(village: Village) -> None:
    paid = village.paid(village.people[0])
    base = ["--db", village.db, "void"]
    refused(zj(*base, paid["receipt_no"], "--reason", "  ", "--password", PW), "reason")
    ok(zj(*base, paid["receipt_no"], "--reason", "收错", "--password", PW))
    refused(zj(*base, paid["receipt_no"], "--reason", "收错", "--password", PW), "receipt_no")
    refused(zj(*base, "XF2022009999", "--reason", "收错", "--password", PW), "receipt_no")


def test_refund_within_the_window_is_a_new_record(village: Village) -> None:
    paid = village.paid(*village.people)
    a = village.people[0].id_number
    assert a is not None
    part = ok(
        zj(
            "--json",
            "--db",
            village.db,
            "refund",
            paid["receipt_no"],
            "--reason",
            "死亡",
            "--on",
            "2021-12-01",
            "--id-number",
            a,
            "--password",
            PW,
        )
    )
    assert json.loads(part.stdout)["status"] == "partly_refunded"
    rest = ok(
        zj(
            "--db",
            village.db,
            "refund",
            paid["receipt_no"],
            "--reason",
            "重复缴费",
            "--on",
            "2021-12-02",
            "--password",
            PW,
        )
    )
    assert "退费" in rest.stdout
    (row,) = village.receipts()
    assert (row["status"], row["refunded"], row["total_due"]) == ("refunded", "970.00", "970.00")
    assert [line["refund"]["reason"] for line in row["lines"]] == ["死亡", "重复缴费", "重复缴费"]


def test_refund_outside_the_window_or_for_an_unknown_reason_is_refused(village: Village) -> None:
    paid = village.paid(village.people[0])
    base = ["--db", village.db, "refund", paid["receipt_no"], "--password", PW]
    assert "待遇已于" in refused(zj(*base, "--reason", "死亡", "--on", "2022-01-05"), "reason")
    refused(zj(*base, "--reason", "不想要了", "--on", "2021-12-01"), "reason")
    refused(zj(*base, "--reason", "死亡", "--on", "2021-12-01", "--id-number", NOT_REGISTERED), "id_number")


# ---- receipts ------------------------------------------------------------------------


def test_receipts_lists_each_with_its_status_and_filters_by_date(village: Village) -> None:
    first = village.paid(village.more[0], on="2021-10-10")
    second = village.paid(village.more[1], on="2021-11-15")
    third = village.paid(village.more[2], on="2021-12-20")
    ok(zj("--db", village.db, "void", second["receipt_no"], "--reason", "收错", "--password", PW))
    ok(
        zj(
            "--db",
            village.db,
            "refund",
            third["receipt_no"],
            "--reason",
            "死亡",
            "--on",
            "2021-12-21",
            "--password",
            PW,
        )
    )
    everything = village.receipts()
    assert [(r["receipt_no"], r["status"]) for r in everything] == [
        (first["receipt_no"], "normal"),
        (second["receipt_no"], "voided"),
        (third["receipt_no"], "refunded"),
    ]
    assert [r["receipt_no"] for r in village.receipts("--from", "2021-11-15")] == [
        second["receipt_no"],
        third["receipt_no"],
    ]
    assert [r["receipt_no"] for r in village.receipts("--to", "2021-11-14")] == [first["receipt_no"]]
    assert [r["receipt_no"] for r in village.receipts("--from", "2021-11-01", "--to", "2021-11-30")] == [
        second["receipt_no"]
    ]
    assert village.receipts("--from", "2022-01-01") == []
    row = everything[0]
    for key in (
        "receipt_no",
        "uid",
        "status",
        "status_label",
        "paid_on",
        "household_no",
        "total_due",
        "cash",
        "change",
        "lines",
    ):
        assert key in row


# ---- who acts, in which year ---------------------------------------------------------

LI_PW = "zuzhang-2021"


def test_with_several_collectors_pay_asks_which_one_and_each_numbers_their_own_receipts(village: Village) -> None:
    village.add_collector("李组长", LI_PW, "LZ")
    line = refused(village.pay(village.people[0]), "operator")
    assert "--operator" in line and "张会计" in line and "李组长" in line
    mine, theirs = village.paid(village.more[0], by="李组长"), village.paid(village.more[1], by="张会计")
    assert (mine["receipt_no"], theirs["receipt_no"]) == ("LZ2022000001", "XF2022000001")
    refused(village.pay(village.more[2], by="王五"), "operator")


def test_void_and_refund_ask_the_password_of_the_collector_who_acts(village: Village) -> None:
    village.add_collector("李组长", LI_PW, "LZ")
    paid = village.paid(village.more[0], by="李组长")
    before = village.tables()
    refused(
        zj(
            "--db", village.db, "void", paid["receipt_no"], "--reason", "收错", "--operator", "李组长", "--password", PW
        ),
        "password",
    )
    assert village.tables() == before
    ok(
        zj(
            "--db",
            village.db,
            "void",
            paid["receipt_no"],
            "--reason",
            "收错",
            "--operator",
            "李组长",
            "--password",
            LI_PW,
        )
    )
    (row,) = village.receipts()
    assert (row["status"], row["void"]["operator"]) == ("voided", "李组长")


def test_receipts_filter_by_collector_and_year(village: Village) -> None:
    village.add_collector("李组长", LI_PW, "LZ")
    for person, who in ((village.more[0], "张会计"), (village.more[1], "李组长"), (village.more[2], "张会计")):
        village.paid(person, by=who)
    assert [r["receipt_no"] for r in village.receipts("--operator", "李组长")] == ["LZ2022000001"]
    assert [r["receipt_no"] for r in village.receipts("--operator", "张会计")] == ["XF2022000001", "XF2022000002"]
    assert len(village.receipts("--year", "2022")) == 3
    refused(zj("--db", village.db, "receipts", "--year", "2031"), "year")
    refused(zj("--db", village.db, "receipts", "--operator", "王五"), "operator")


def test_pay_in_a_year_the_ledger_has_not_opened_is_refused_naming_the_year(village: Village) -> None:
    before = village.tables()
    line = refused(
        zj(
            "--db",
            village.db,
            "pay",
            *village.ids(village.more[0]),
            "--cash",
            "400",
            *late("2021-11-01"),
            "--year",
            "2031",
        ),
        "year",
    )
    assert "2022" in line
    assert village.tables() == before


# ---- audit, environment, backups, damage ---------------------------------------------


def test_audit_verify_passes_then_names_the_tampered_entry(village: Village) -> None:
    village.paid(village.people[0])
    result = ok(zj("--db", village.db, "audit", "verify"))
    assert "审计链完好" in result.stdout
    report = json.loads(ok(zj("--json", "--db", village.db, "audit", "verify")).stdout)
    assert report["ok"] is True and report["entries"] > 5 and report["broken_at"] is None
    conn = sqlite3.connect(village.db)
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("UPDATE audit_log SET payload = replace(payload, '37000', '17000') WHERE action = 'payment.add'")
    seq = conn.execute("SELECT seq FROM audit_log WHERE action = 'payment.add'").fetchone()[0]
    conn.commit()
    conn.close()
    broken = zj("--db", village.db, "audit", "verify")
    assert broken.exit_code == 1
    assert f"第 {seq} 条" in broken.stderr and "Traceback" not in broken.stderr
    as_json = zj("--json", "--db", village.db, "audit", "verify")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["broken_at"] == seq


def test_zhengjiao_db_in_the_environment_is_the_default_database(village: Village) -> None:
    env: dict[str, str | None] = {"ZHENGJIAO_DB": str(village.db)}
    assert village.people[0].id_number is not None
    paid = ok(zj("pay", "--id-number", village.people[0].id_number, "--cash", "370", *late("2021-11-01"), env=env))
    listed = json.loads(ok(zj("receipts", env=env)).stdout)
    assert [r["receipt_no"] for r in listed] == [json.loads(paid.stdout)["receipt_no"]]
    assert ok(zj("audit", "verify", env=env)).exit_code == 0


def test_backup_to_a_folder_writes_a_checked_copy(village: Village, tmp_path: Path) -> None:
    """Elsewhere than beside the ledger (a stick), the copy is encrypted with the password given."""
    village.paid(village.people[0])
    stick = tmp_path / "U盘" / "备份"
    result = ok(zj("--json", "--db", village.db, "backup", "--to", stick, "--password", PW))
    path = Path(json.loads(result.stdout)["backup"])
    assert path.parent == stick and path.name.endswith(".sqlite.zjbak") and json.loads(result.stdout)["encrypted"]
    check_backup(path, PW)
    plain = tmp_path / "plain.sqlite"
    decrypt_file(path, plain, PW)
    conn = sqlite3.connect(plain)
    assert conn.execute("SELECT COUNT(*) FROM payments").fetchone()[0] == 1
    conn.close()


def test_a_damaged_database_is_refused_and_restore_brings_back_the_backup(village: Village) -> None:
    paid = village.paid(village.people[0])  # the first write of the session made a start-of-work backup
    ok(zj("--db", village.db, "backup"))
    size = village.db.stat().st_size
    with open(village.db, "r+b") as f:
        f.seek(size // 4096 // 2 * 4096)
        f.write(b"\xff" * 4096)
    line = refused(zj("--db", village.db, "receipts"), "restore")
    assert "损坏" in line
    refused(village.pay(village.people[1]), "restore")
    result = ok(zj("--json", "--db", village.db, "restore"))
    out = json.loads(result.stdout)
    assert Path(out["restored_from"]).parent == default_backup_dir(village.db)
    assert Path(out["previous_file"]).exists()
    assert [r["receipt_no"] for r in village.receipts()] == [paid["receipt_no"]]


def test_restore_without_a_backup_is_refused(tmp_path: Path) -> None:
    refused(zj("--db", tmp_path / "z.sqlite", "restore"), "backup")


def test_the_installed_command_runs_end_to_end_in_a_real_process(village: Village) -> None:
    assert village.people[0].id_number is not None
    env = {**os.environ, "PYTHONPATH": str(ROOT), "ZHENGJIAO_DB": str(village.db)}
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "pay",
            "--id-number",
            village.people[0].id_number,
            "--cash",
            "400",
            *late("2021-11-01"),
        ],
        capture_output=True,
        env=env,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stderr.decode("utf-8")
    assert json.loads(done.stdout.decode("utf-8"))["change"] == "30.00"
    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "pay",
            "--id-number",
            village.people[0].id_number,
            "--cash",
            "400",
            *late("2021-11-02"),
        ],
        capture_output=True,
        env=env,
        cwd=ROOT,
    )
    assert bad.returncode == 2
    lines = bad.stderr.decode("utf-8").strip().splitlines()
    assert len(lines) == 1 and "重复" in lines[0]


def test_a_backup_folder_that_cannot_be_written_never_ends_in_a_traceback(village: Village) -> None:
    """A file where the backups folder should be (or a read-only or full disk): the start-of-work
    backup fails. The collector must get one Chinese line, and a payment taken must be printed."""
    folder = default_backup_dir(village.db)
    if folder.exists():
        for old in folder.iterdir():
            old.unlink()
        folder.rmdir()
    folder.write_text("不是文件夹")
    result = village.pay(village.people[0], cash="400")
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), repr(
        result.exception
    )
    assert "Traceback" not in result.stderr
    assert result.exit_code in (0, 2)
    lines = result.stderr.strip().splitlines()
    assert len(lines) <= 1 and all(CJK.search(line) for line in lines)
    if result.exit_code == 0:
        assert json.loads(result.stdout)["receipt_no"] == "XF2022000001"
    else:
        assert village.tables()["payments"] == 0
