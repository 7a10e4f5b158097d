"""Speed proof for coverage (issue 12): the county's paid list and the township's figures.

    .venv/bin/python bench/bench_coverage.py                          # 100 000 people, a 30 000-row list
    .venv/bin/python bench/bench_coverage.py --people 20000 --rows 6000   # a quick look

1. A township of ``--people`` (``desktop_app.demo.township``), 45% of them paid here (payments
   inserted with ``executemany``, bench only), a few marked by hand.
2. import county-paid: a ``--rows`` list as the tax office exports it (a title row, the header,
   ID numbers as text; 90% in the register, some of them paid here too), imported by
   ``services.coverage.import_county_paid`` into the ledger: reading, matching, marking, the
   audit entry, the commit. Then the same list again (nothing to write). Target: **< 3 s**.
3. ``coverage_figures`` on the township: median and max of ``--repeat`` runs. Target: **< 100 ms**.
   ``uncovered_people`` and ``duplicate_payments`` are timed beside, for information.

Everything goes into a temporary folder (``--dir``) that is deleted afterwards. Figures are
printed beside their targets; nothing is asserted.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from desktop_app.demo.township import populate  # noqa: E402
from desktop_app.domain.idnumber import resident_id  # noqa: E402
from desktop_app.domain.operators import Acting  # noqa: E402
from desktop_app.services.county_paid import import_county_paid  # noqa: E402
from desktop_app.services.coverage import (  # noqa: E402
    coverage_figures,
    duplicate_payments,
    mark,
    uncovered_people,
)
from desktop_app.services.ledger import Ledger  # noqa: E402
from desktop_app.services.operators import acting_as, find_operator  # noqa: E402
from desktop_app.services.setup import Setup, initialise  # noqa: E402

NOW = datetime(2021, 11, 20, 9, 0)
POLICY = "ah-sixian-shantou-2022"
IMPORT_TARGET_S, FIGURES_TARGET_MS = 3.0, 100.0
CHANNELS = ("微信", "支付宝", "皖事通", "税务APP", "银行柜台", "云POS", "学校代缴", "村委代收")


def build(path: Path, people: int, seed: int) -> tuple[Ledger, Acting]:
    ledger = Ledger.open(path, create=True, clock=lambda: NOW)
    initialise(ledger, Setup(POLICY, "山头村", "李会计", "STZ", participation_target="99"), "bench1")
    acting = acting_as(ledger, find_operator(ledger, "李会计"))
    populate(ledger, acting, people, seed=seed)
    rng = random.Random(seed)
    rows = ledger.db.execute("SELECT id, household_id, name, id_number FROM people ORDER BY id").fetchall()
    paid = [r for r in rows if rng.random() < 0.45]
    loaded = ledger.policy_of(acting.year)
    stamp = NOW.isoformat(timespec="seconds")
    db = ledger.db.conn
    with db:
        db.executemany(
            "INSERT INTO payments (id, uid, receipt_no, operator_id, benefit_year, serial, household_id, "
            "paid_on, total_due, cash, change, policy_id, policy_sha256, created_at) "
            "VALUES (?,?,?,?,2022,?,?,?,38000,38000,0,?,?,?)",
            [
                (
                    k + 1,
                    str(uuid.uuid4()),
                    f"STZ2022{k + 1:06d}",
                    acting.operator.id,
                    k + 1,
                    r[1],
                    (date(2021, 10, 1) + timedelta(days=k % 50)).isoformat(),
                    loaded.policy.id,
                    loaded.sha256,
                    stamp,
                )
                for k, r in enumerate(paid)
            ],
        )
        db.executemany(
            "INSERT INTO payment_lines (payment_id, person_id, benefit_year, name, id_number, identities, "
            "standard, riders, rider_total, subsidy, due, benefit_start, benefit_end, full_cost, "
            "explanation) VALUES (?,?,2022,?,?,'[]',38000,'[]',0,0,38000,'2022-01-01','2022-12-31',0,'[]')",
            [(k + 1, r[0], r[2], r[3]) for k, r in enumerate(paid)],
        )
    for r in rng.sample(rows, 30):
        mark(ledger, acting, r[0], rng.choice(("military", "employee_insurance", "school")))
    return ledger, acting


def county_list(path: Path, ledger: Ledger, rows: int, seed: int) -> Path:
    """The tax office's export: 90% people of the register (some paid here too), 10% from elsewhere."""
    rng = random.Random(seed + 1)
    people = ledger.db.execute("SELECT name, id_number FROM people").fetchall()
    chosen = rng.sample(people, min(len(people), rows * 9 // 10))
    outsiders = [
        ("外村人", resident_id("341322", f"19{60 + i % 40}-0{1 + i % 9}-1{i % 9}", i % 999 + 1))
        for i in range(rows - len(chosen))
    ]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("缴费明细")
    sheet.append(["泗县税务局2022年度城乡居民医保缴费明细"])
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
    for i, (name, number) in enumerate(chosen + outsiders, start=1):
        day = datetime(2021, 9, 1) + timedelta(minutes=rng.randrange(120 * 24 * 60))
        sheet.append(
            [
                i,
                name,
                number,
                "城乡居民基本医疗保险费",
                "2022",
                rng.choice(CHANNELS),
                day.strftime("%Y-%m-%d %H:%M:%S"),
                380,
                f"3320162110{i:08d}",
            ]
        )
    book.save(str(path))
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=30_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--seed", type=int, default=20220901)
    parser.add_argument("--dir", type=Path, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        folder = Path(tmp)
        print(f"building a township of {args.people} people …", flush=True)
        start = time.perf_counter()
        ledger, acting = build(folder / "township.sqlite", args.people, args.seed)
        print(f"  built in {time.perf_counter() - start:.1f} s", flush=True)
        path = county_list(folder / "已缴费名单.xlsx", ledger, args.rows, args.seed)
        print(f"import county-paid: {args.rows} rows ({path.stat().st_size / 1e6:.1f} MB) …", flush=True)
        start, cpu = time.perf_counter(), time.process_time()
        report = import_county_paid(ledger, acting, path)
        import_s, import_cpu = time.perf_counter() - start, time.process_time() - cpu
        start, cpu = time.perf_counter(), time.process_time()
        again = import_county_paid(ledger, acting, path)
        again_s, again_cpu = time.perf_counter() - start, time.process_time() - cpu
        print(
            f"  first: {import_s:.2f} s (CPU {import_cpu:.2f} s) — {report.rows} rows, {report.matched} matched, "
            f"{report.marked} marked, {len(report.not_in_register)} not in the register, "
            f"{len(report.paid_here_too)} paid here too"
        )
        print(f"  again: {again_s:.2f} s (CPU {again_cpu:.2f} s) — {again.marked} marked, {again.unchanged} unchanged")
        runs, cpus = [], []
        for _ in range(args.repeat):
            start, cpu = time.perf_counter(), time.process_time()
            figures = coverage_figures(ledger)
            runs.append((time.perf_counter() - start) * 1000)
            cpus.append((time.process_time() - cpu) * 1000)
        median_ms, max_ms, cpu_ms = statistics.median(runs), max(runs), statistics.median(cpus)
        print(
            f"coverage_figures: median {median_ms:.1f} ms (CPU {cpu_ms:.1f} ms), max {max_ms:.1f} ms over "
            f"{args.repeat} runs — "
            f"registered {figures.registered}, to cover {figures.to_cover}, covered {figures.covered_here} here + "
            f"{figures.covered_elsewhere} elsewhere, rate {figures.rate} (target {figures.target})"
        )
        start = time.perf_counter()
        left = uncovered_people(ledger)
        uncovered_s = time.perf_counter() - start
        start = time.perf_counter()
        duplicates = duplicate_payments(ledger)
        duplicates_s = time.perf_counter() - start
        print(
            f"uncovered_people: {len(left)} people in {uncovered_s * 1000:.0f} ms; "
            f"duplicate_payments: {len(duplicates)} in {duplicates_s * 1000:.0f} ms"
        )
        ledger.close()
    print()
    print(
        f"load average while measuring: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPUs "
        "(wall times wander on a shared machine; CPU times less)"
    )
    print(
        f"import county-paid {args.rows} rows into {args.people} people: {import_s:.2f} s, CPU {import_cpu:.2f} s "
        f"({'met' if import_s < IMPORT_TARGET_S else 'MISSED'}: target < {IMPORT_TARGET_S:.0f} s)"
    )
    print(
        f"coverage figures on {args.people} people: median {median_ms:.1f} ms, CPU {cpu_ms:.1f} ms "
        f"({'met' if median_ms < FIGURES_TARGET_MS else 'MISSED'}: target < {FIGURES_TARGET_MS:.0f} ms)"
    )


if __name__ == "__main__":
    main()
