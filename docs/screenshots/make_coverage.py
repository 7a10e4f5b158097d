"""Screenshots of who is really covered (issue 12), at 1366×768 and at 字号 特大.

    .venv/bin/python docs/screenshots/make_coverage.py [OUT_DIR]

On the demo village (大庄村, 2022) with some people marked by hand (paid online, 职工医保,
a soldier, refusals with their reasons) and the tax office's list of people paid
through any channel, then 2023 opened beside it. Writes into OUT_DIR (default: this
folder):

- county-paid.png, county-paid-large.png — 导入县已缴名单 after the check: 重复缴费, people
  the register does not know, a row not taken, a remark;
- coverage-status.png, coverage-status-large.png — 参保状态 of a person who paid at the bank;
- coverage-refused.png — 参保状态 of a refusal, with the reason the villager gave;
- duplicates.png, duplicates-large.png — the 重复缴费 list, both payments side by side;
- progress-coverage.png, progress-coverage-large.png — the 参保进度 tab in 2023: every
  channel counted, the 困难群众 groups at 100 %, the 村民小组, 2022 beside each row;
- history-ledger.png, history.png, history-large.png — 断保与补缴年数 in 2023: someone the ledger
  knows was not covered in 2022, and a figure the collector entered from the county's system;
- unpaid-reasons.png, unpaid-public.png, unpaid-hardship.png — the 未缴名单 with its
  未参保原因 column, the 公示 version, and 困难群众 only (first page, via pdftoppm).
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
import sys
from datetime import date, datetime, time, timedelta
from pathlib import Path

from camera import ROOT, WORK, Camera, out_dir
from openpyxl import Workbook  # type: ignore[import-untyped]

from desktop_app.demo.village import DEMO_COLLECTOR, DEMO_POLICY, build_demo, demo_day
from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.operators import Acting
from desktop_app.services import printouts
from desktop_app.services.county_paid import import_county_paid
from desktop_app.services.coverage import mark, uncovered_people
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import acting_as, find_operator
from desktop_app.services.payments import PaymentRequest, pay, quote_people
from desktop_app.services.policies import PolicyCatalogue
from desktop_app.services.register import get_person, household_members
from desktop_app.services.years import open_year, set_history
from desktop_app.ui import county_paid_dialog
from desktop_app.ui.county_paid_dialog import CountyPaidDialog
from desktop_app.ui.coverage_dialog import CoverageDialog
from desktop_app.ui.duplicates_dialog import DuplicatesDialog
from desktop_app.ui.history_dialog import HistoryDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.widgets import apply_font_size

SIZE = (1366, 768)
REASONS = ("说身体好，今年不想交", "嫌贵，等看看再说", "在外打工，电话里说回来再交", "说去年交了没用上")


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


NEXT_CASE = """
[[cases]]
name = "An adult paying in the collection period pays the standard 320 for 2023"
clause = "三(一)"
input = { paid_on = 2022-11-01, people = [{ birth_date = 1980-03-01 }] }
expected = { total_due = "320.00" }
"""


def next_year_policy(folder: Path) -> str:
    """The demo's policy moved on by a year (the amounts stay): what the township would issue for 2023."""
    folder.mkdir(parents=True, exist_ok=True)
    name = DEMO_POLICY.replace("2022", "2023")
    text = (ROOT / "policies" / f"{DEMO_POLICY}.toml").read_text("utf-8")
    (folder / f"{name}.toml").write_text(re.sub(r"202[12]", lambda m: str(int(m[0]) + 1), text), "utf-8")
    (folder / f"{name}.cases.toml").write_text(NEXT_CASE, "utf-8")
    return name


def tax_office_list(path: Path, ledger: Ledger, person_ids: list[int], paid_here: list[int]) -> Path:
    """The tax office's export, as it comes: a title row, the header, its channels' own words."""
    rng = random.Random(7)
    book = Workbook()
    sheet = book.active
    sheet.title = "缴费明细"
    sheet.append(["泗县税务局2022年度城乡居民医保缴费明细（山头镇）"])
    sheet.append(
        [
            "序号",
            "缴费人姓名",
            "缴费人证件号码",
            "征收品目",
            "费款所属期",
            "缴费渠道",
            "缴费时间",
            "实缴金额",
            "电子税票号码",
        ]
    )
    n = 0
    for pid in person_ids + paid_here:
        person = get_person(ledger, pid)
        n += 1
        name = person.name if n != 5 else person.name[0] + "小" + person.name[-1]  # a name written otherwise
        day = datetime(2021, 10, 1) + timedelta(days=rng.randrange(40), minutes=rng.randrange(600))
        sheet.append(
            [
                n,
                name,
                person.id_number,
                "城乡居民基本医疗保险费",
                "2022",
                rng.choice(("微信", "支付宝", "皖事通", "银行柜台", "云POS")),
                day.strftime("%Y-%m-%d %H:%M:%S"),
                350,
                f"33201621100{n:05d}",
            ]
        )
    for name, number in (
        ("陈外来", resident_id("341324", "1991-02-03", 17)),
        ("周过路", resident_id("341302", "1988-07-15", 442)),
    ):
        n += 1
        sheet.append(
            [
                n,
                name,
                number,
                "城乡居民基本医疗保险费",
                "2022",
                "支付宝",
                "2021-10-12 09:30:00",
                350,
                f"33201621100{n:05d}",
            ]
        )
    wrong = resident_id("341324", "1980-01-01", 101)
    wrong = wrong[:-1] + ("0" if wrong[-1] != "0" else "1")  # one digit misread: the check digit says so
    sheet.append([n + 1, "李错号", wrong, "城乡居民基本医疗保险费", "2022", "微信", "2021-10-13", 350, ""])
    book.save(str(path))
    return path


def checked(camera: Camera, dialog: CountyPaidDialog, path: Path) -> CountyPaidDialog:
    county_paid_dialog.ask_open_path = lambda parent: Path(path.name)
    import os

    os.chdir(path.parent)  # the picture shows the file's name, not a temporary folder
    dialog.choose_file()
    dialog.start(dry_run=True)
    while dialog.work.running():
        camera.app.processEvents()
        if dialog.work.thread_ is not None:
            dialog.work.thread_.wait(20)
    camera.settle()
    return dialog


def village(folder: Path) -> tuple[Ledger, Acting, Path, list[int]]:
    """The demo village in 2022, marked by hand; returns the tax office's list (not yet imported) and the
    people who refused."""
    policies = folder / "policies"
    next_year_policy(policies)
    catalogue = PolicyCatalogue([ROOT / "policies", policies])
    path = build_demo(folder / "demo.sqlite", catalogue)
    clock = Clock(datetime.combine(demo_day(catalogue), time(15, 20)))
    ledger = Ledger.open(path, catalogue=catalogue, clock=clock)
    op = acting_as(ledger, find_operator(ledger, DEMO_COLLECTOR))
    rng = random.Random(20211116)
    left = [u.person_id for u in uncovered_people(ledger)]
    rng.shuffle(left)
    refused = left[:4]
    for pid, reason in zip(refused, REASONS):
        mark(ledger, op, pid, "refused", note=reason)
    for pid in left[4:40]:
        mark(
            ledger,
            op,
            pid,
            "paid_elsewhere",
            channel=rng.choice(("线上", "银行", "POS")),
            on=date(2021, 10, rng.randrange(1, 28)),
            amount=35_000,
        )
    for pid, status in zip(
        left[40:52], ["employee_insurance"] * 6 + ["insured_elsewhere"] * 3 + ["military"] * 2 + ["prison"]
    ):
        mark(ledger, op, pid, status, note="村民小组长告知")
    paid_here = [
        r[0]
        for r in ledger.db.execute(
            "SELECT person_id FROM live_lines WHERE benefit_year = 2022 ORDER BY person_id LIMIT 3"
        )
    ]
    listed = tax_office_list(folder / "泗县税务局已缴费明细.xlsx", ledger, left[52:190], paid_here)
    return ledger, op, listed, refused


def second_year(ledger: Ledger, op: Acting) -> Acting:
    """2023 opened in November 2022; half the households paid, some online."""
    clock = ledger.clock
    assert isinstance(clock, Clock)
    clock.now = datetime(2022, 11, 20, 10, 0)
    open_year(ledger, op, 2023, DEMO_POLICY.replace("2022", "2023"))
    now = acting_as(ledger, find_operator(ledger, DEMO_COLLECTOR), 2023)
    rng = random.Random(2023)
    households = [r[0] for r in ledger.db.execute("SELECT id FROM households ORDER BY id")]
    for hid in households:
        members = [p for p in household_members(ledger, hid) if p.status == "active"]
        if not members or rng.random() > 0.55:
            continue
        quotes = quote_people(ledger, members, clock.now.date(), year=2023)
        payable = tuple(p.id for p, q in zip(members, quotes) if q.eligible and not q.excluded)
        if payable:
            due = sum(q.due for q, p in zip(quotes, members) if p.id in payable)
            pay(ledger, now, PaymentRequest(payable, due, clock.now.date()))
    for pid in [u.person_id for u in uncovered_people(ledger, 2023)][:60]:
        mark(ledger, now, pid, "paid_elsewhere", channel="线上")
    return now


def render_pdfs(out: Path, ledger: Ledger, op: Acting) -> None:
    if not shutil.which("pdftoppm"):
        print("pdftoppm (poppler-utils) is missing: the 未缴名单 pictures are left out", file=sys.stderr)
        return
    folder = WORK / "pdf"
    folder.mkdir(exist_ok=True)
    for name, params in (
        ("unpaid-reasons", {}),
        ("unpaid-public", {"public": True}),
        ("unpaid-hardship", {"hardship_only": True}),
    ):
        pdf = printouts.to_pdf(printouts.document(ledger, op, "unpaid", **params), folder / f"{name}.pdf")
        subprocess.run(
            ["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out / name)],
            check=True,
        )
        print(out / f"{name}.png")


def main() -> None:
    out = out_dir()
    camera = Camera(out)
    ledger, op, listed, refused = village(WORK / "coverage")

    for size, suffix in (("中", ""), ("特大", "-large")):
        apply_font_size(size, remember=False)
        camera.shot(checked(camera, CountyPaidDialog(ledger, op), listed), f"county-paid{suffix}.png")  # its own size
        camera.close_all()
    apply_font_size("中", remember=False)
    import_county_paid(ledger, op, listed)

    bank = ledger.db.execute(
        "SELECT person_id FROM coverage_current WHERE benefit_year = 2022 AND "
        "channel = 'bank' AND source_name = '' ORDER BY person_id LIMIT 1"
    ).fetchone()[0]
    for size, suffix in (("中", ""), ("特大", "-large")):
        apply_font_size(size, remember=False)
        camera.shot(CoverageDialog(ledger, op, bank), f"coverage-status{suffix}.png")
        camera.close_all()
        camera.shot(DuplicatesDialog(ledger, op), f"duplicates{suffix}.png")  # as wide as its columns need
        camera.close_all()
    apply_font_size("中", remember=False)
    camera.shot(CoverageDialog(ledger, op, refused[0]), "coverage-refused.png")
    camera.close_all()
    render_pdfs(out, ledger, op)

    now = second_year(ledger, op)
    for size, suffix in (("中", ""), ("特大", "-large")):
        apply_font_size(size, remember=False)
        window = MainWindow(ledger, now)
        window.tabs.setCurrentIndex(1)
        camera.shot(window, f"progress-coverage{suffix}.png", SIZE)
        camera.close_all()
    apply_font_size("中", remember=False)
    camera.shot(HistoryDialog(ledger, now, refused[0]), "history-ledger.png")  # 2022 unpaid: the ledger counts it
    camera.close_all()
    set_history(ledger, now, refused[1], 2023, 3, 1, "县医保系统查询：2019—2021年未参保，已补缴2021年")
    for size, suffix in (("中", ""), ("特大", "-large")):
        apply_font_size(size, remember=False)
        camera.shot(HistoryDialog(ledger, now, refused[1]), f"history{suffix}.png")
        camera.close_all()
    apply_font_size("中", remember=False)
    ledger.close()


if __name__ == "__main__":
    main()
