"""`zhengjiao print …` writes each printout as PDF; bad input is one Chinese line and exit 2."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from desktop_app.cli import cli
from desktop_app.domain.money import format_yuan, to_capitals
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import acting_as, add_operator
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.register import find_household, household_members
from desktop_app.store.transactions import immediate
from tests.printout_support import read_pdf
from tests.village import PASSWORD, XINLI, Clock, acting, wang_household

DAY = date(2021, 11, 1)

Village = tuple[Path, list[str], int]


@pytest.fixture(autouse=True)
def _qt(qapp: object) -> None:
    """Printing needs the Qt application pytest-qt provides."""


@pytest.fixture()
def village(make_ledger: Callable[..., Ledger]) -> Village:
    ledger = make_ledger("jl-2022", **XINLI)
    by = acting(ledger, "李会计")
    ids = wang_household(ledger, by)
    first = pay(ledger, by, PaymentRequest((ids["head"], ids["spouse"]), 70000, DAY))
    second = pay(ledger, by, PaymentRequest((ids["student"],), 30000, DAY))
    void(ledger, by, second.receipt_no, "录错人员")
    return ledger.path, [first.receipt_no, second.receipt_no], first.total_due


def run(db: Path, *args: str) -> Result:
    return CliRunner().invoke(cli, ["--db", str(db), "print", *args])


def test_a_receipt_prints_to_pdf_on_the_roll_or_a4(village: Village, tmp_path: Path) -> None:
    db, (first, _), total = village
    done = run(db, "receipt", first, "--pdf", str(tmp_path / "roll.pdf"))
    assert done.exit_code == 0, done.output
    assert "roll.pdf" in done.output
    roll = read_pdf(tmp_path / "roll.pdf")
    assert roll.sizes_mm[0][0] == pytest.approx(80, abs=0.5)
    assert to_capitals(total) in roll.flat and "补打" not in roll.flat
    done = run(db, "receipt", first.lower(), "--pdf", str(tmp_path / "a4.pdf"), "--a4", "--reprint")
    assert done.exit_code == 0, done.output
    a4 = read_pdf(tmp_path / "a4.pdf")
    assert a4.sizes_mm[0][0] == pytest.approx(210, abs=0.5)
    assert "补打" in a4.flat and first in a4.flat


def test_the_lists_print_to_pdf(village: Village, tmp_path: Path) -> None:
    db, (first, second), total = village
    done = run(db, "receipts", "--from", "2021-11-01", "--to", "2021-11-30", "--pdf", str(tmp_path / "l.pdf"))
    assert done.exit_code == 0, done.output
    listing = read_pdf(tmp_path / "l.pdf").flat
    assert first in listing and second in listing and f"¥{format_yuan(total)}" in listing
    done = run(db, "day-summary", "--on", "2021-11-01", "--pdf", str(tmp_path / "d.pdf"))
    assert done.exit_code == 0, done.output
    assert f"应交现金{to_capitals(total)}¥{format_yuan(total)}" in read_pdf(tmp_path / "d.pdf").flat
    done = run(db, "day-summary", "--pdf", str(tmp_path / "today.pdf"))  # today: no receipts
    assert done.exit_code == 0, done.output
    done = run(db, "unpaid", "--pdf", str(tmp_path / "u.pdf"))
    assert done.exit_code == 0, done.output
    unpaid = read_pdf(tmp_path / "u.pdf").flat
    assert "王小明" in unpaid and "王宝宝" in unpaid and "王建国" not in unpaid


def test_with_two_collectors_the_lists_name_whose_they_are_and_all_sums_up_the_village(
    village: Village, tmp_path: Path, clock: Clock
) -> None:
    db, (first, _), total = village
    with Ledger.open(db, clock=clock) as ledger:
        household = find_household(ledger, "0001")
        assert household is not None
        baby = next(p.id for p in household_members(ledger, household.id) if p.name == "王宝宝")
        with immediate(ledger.db):
            zhao = acting_as(ledger, add_operator(ledger, "赵组长", PASSWORD, "ZZ", acting(ledger, "李会计")))
        theirs = pay(ledger, zhao, PaymentRequest((baby,), 30000, DAY))
    pdf = str(tmp_path / "d.pdf")
    refused = run(db, "day-summary", "--on", "2021-11-01", "--pdf", pdf)
    assert refused.exit_code == 2 and "--operator" in refused.output and not Path(pdf).exists()
    done = run(db, "day-summary", "--on", "2021-11-01", "--operator", "赵组长", "--pdf", pdf)
    assert done.exit_code == 0, done.output
    sheet = read_pdf(Path(pdf)).flat
    assert "收款员赵组长" in sheet and theirs.receipt_no in sheet and first not in sheet
    done = run(db, "day-summary", "--on", "2021-11-01", "--all", "--pdf", pdf)
    assert done.exit_code == 0, done.output
    everyone = read_pdf(Path(pdf)).flat
    assert "全村汇总" in everyone and f"¥{format_yuan(total + theirs.total_due)}" in everyone
    done = run(db, "receipts", "--from", "2021-11-01", "--to", "2021-11-30", "--operator", "李会计", "--pdf", pdf)
    assert done.exit_code == 0, done.output
    assert first in read_pdf(Path(pdf)).flat and theirs.receipt_no not in read_pdf(Path(pdf)).flat
    done = run(db, "unpaid", "--pdf", pdf)  # the whole village's: no collector needs naming
    assert done.exit_code == 0, done.output


def test_json_output_names_the_file(village: Village, tmp_path: Path) -> None:
    db, (first, _), _ = village
    done = CliRunner().invoke(
        cli, ["--db", str(db), "--json", "print", "receipt", first, "--pdf", str(tmp_path / "r.pdf")]
    )
    assert done.exit_code == 0, done.output
    assert f'"pdf": "{tmp_path / "r.pdf"}"' in done.output


@pytest.mark.parametrize(
    "args, message",
    [
        (["receipt", "XL2022999999", "--pdf", "x.pdf"], "没有收据号为 XL2022999999 的缴费记录"),
        (["receipt", "XL2022000001", "--pdf", "x.txt"], "PDF 文件（--pdf）：文件名应以 .pdf 结尾"),
        (["receipts", "--from", "2021-11-30", "--to", "2021-11-01", "--pdf", "x.pdf"], "截止日期（--to）：截止日期"),
        (["day-summary", "--on", "2021-13-01", "--pdf", "x.pdf"], "不是有效日期"),
        (["day-summary", "--operator", "钱会计", "--pdf", "x.pdf"], "没有收款员“钱会计”"),
        (["unpaid", "--year", "2030", "--pdf", "x.pdf"], "账本没有2030年度"),
    ],
)
def test_bad_input_is_refused_with_one_chinese_line(
    village: Village, tmp_path: Path, args: list[str], message: str
) -> None:
    db, _, _ = village
    args = [str(tmp_path / a) if a.startswith("x.") else a for a in args]
    done = run(db, *args)
    assert done.exit_code == 2
    assert message in done.output
    assert "Traceback" not in done.output
    assert not list(tmp_path.glob("x.*"))


def test_a_pdf_that_cannot_be_written_is_refused(village: Village, tmp_path: Path) -> None:
    db, (first, _), _ = village
    (tmp_path / "blocker").write_text("a file, not a folder")
    done = run(db, "receipt", first, "--pdf", str(tmp_path / "blocker" / "r.pdf"))
    assert done.exit_code == 2 and "PDF 文件（--pdf）：无法写入" in done.output
