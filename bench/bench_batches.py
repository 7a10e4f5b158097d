"""Speed proof for the upload batch and the county merge.

    .venv/bin/python bench/bench_batches.py                         # the full run (several minutes)
    .venv/bin/python bench/bench_batches.py --rows 20000 --batches 30 --merge-rows 50000   # a quick look

1. export: a ledger with ``--rows`` payment lines (inserted with executemany, bench only)
   exported by ``services.batches.export_batch`` — load the records, freeze, render, record, write,
   fsync, read back with calamine, verify — against a raw openpyxl write-only workbook of
   the same rows (plain ``append`` and ``save``). Target: ratio < 1.5.
2. merge: ``--batches`` batch files holding ``--merge-rows`` rows in all (100 villages'
   collectors, a few people paid twice), merged by ``zhengjiao county merge`` in a child
   process: seconds and the child's peak resident memory.

Everything goes into a temporary folder (``--dir``) that is deleted afterwards. Figures
are printed; nothing is asserted.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from openpyxl import Workbook  # noqa: E402

from desktop_app.domain.idnumber import resident_id as demo_id  # noqa: E402
from desktop_app.domain.operators import Acting  # noqa: E402
from desktop_app.exchange.batch_figures import Digest, figures_of, summary_rows  # noqa: E402
from desktop_app.exchange.batch_manifest import FORMAT, batch_stem, manifest_bytes, sha256_of  # noqa: E402
from desktop_app.exchange.batch_template import load_template  # noqa: E402
from desktop_app.exchange.batch_workbook import render  # noqa: E402
from desktop_app.services.batches import canonical_rows, export_batch  # noqa: E402
from desktop_app.services.ledger import Ledger  # noqa: E402
from desktop_app.services.setup import Setup, initialise  # noqa: E402
from desktop_app.store import batches as batch_store  # noqa: E402

NOW = datetime(2021, 12, 20, 17, 0)
SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
TARGET_RATIO = 1.5


def person_ids(count: int, region: str = "341324", salt: int = 0) -> list[str]:
    out, day = [], date(1940, 1, 1) + timedelta(days=salt)
    while len(out) < count:
        for serial in range(1, 1000):
            out.append(demo_id(region, day.isoformat(), serial))
            if len(out) == count:
                break
        day += timedelta(days=1)
    return out


def name(i: int) -> str:
    return SURNAMES[i % len(SURNAMES)] + GIVEN[(i // 7) % len(GIVEN)] + GIVEN[(i // 3) % len(GIVEN)]


def build_ledger(path: Path, rows: int) -> tuple[Ledger, Acting]:
    """A village ledger with ``rows`` payment lines: two people per payment, one household each."""
    ledger = Ledger.open(path, create=True, clock=lambda: NOW)
    acting = initialise(ledger, Setup("jl-2022", "山头村", "李会计", "STZ"), "bench1")
    loaded = ledger.policy_of(acting.year)
    numbers = person_ids(rows)
    db, stamp = ledger.db.conn, NOW.isoformat(timespec="seconds")
    payments = rows // 2
    with db:
        db.executemany(
            "INSERT INTO households (id, household_no, address, village_group, created_at) VALUES (?,?,?,?,?)",
            [(h + 1, f"3413240{h + 1:06d}", "", f"{h % 10 + 1}组", stamp) for h in range(payments)],
        )
        db.executemany(
            "INSERT INTO people (id, household_id, name, id_number, id_kind, sex, birth_date, ethnicity, "
            "created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            [
                (
                    i + 1,
                    i // 2 + 1,
                    name(i),
                    n,
                    "resident",
                    "男" if int(n[16]) % 2 else "女",
                    f"{n[6:10]}-{n[10:12]}-{n[12:14]}",
                    "汉族",
                    stamp,
                )
                for i, n in enumerate(numbers)
            ],
        )
        db.executemany(
            "INSERT INTO payments (id, uid, receipt_no, operator_id, benefit_year, serial, household_id, "
            "paid_on, total_due, cash, change, policy_id, policy_sha256, created_at) "
            "VALUES (?,?,?,1,2022,?,?,?,?,?,0,?,?,?)",
            [
                (
                    p + 1,
                    str(uuid.uuid4()),
                    f"STZ2022{p + 1:06d}",
                    p + 1,
                    p + 1,
                    (date(2021, 10, 1) + timedelta(days=p % 80)).isoformat(),
                    72000,
                    72000,
                    loaded.policy.id,
                    loaded.sha256,
                    stamp,
                )
                for p in range(payments)
            ],
        )
        db.executemany(
            "INSERT INTO payment_lines (payment_id, person_id, benefit_year, name, id_number, identities, "
            "standard, riders, rider_total, subsidy, subsidy_mode, subsidy_payer, subsidy_name, due, "
            "benefit_start, benefit_end, waiting_until, full_cost, explanation) "
            "VALUES (?,?,2022,?,?,?,36000,'[]',0,?,?,?,?,?,'2022-01-01','2022-12-31',NULL,0,'[]')",
            [
                (
                    i // 2 + 1,
                    i + 1,
                    name(i),
                    n,
                    '["subsistence_allowance"]' if i % 20 == 0 else "[]",
                    13000 if i % 20 == 0 else 0,
                    "direct" if i % 20 == 0 else None,
                    "医疗救助" if i % 20 == 0 else None,
                    "低保" if i % 20 == 0 else None,
                    23000 if i % 20 == 0 else 36000,
                )
                for i, n in enumerate(numbers)
            ],
        )
    return ledger, acting


def raw_write(rows: list[list[Any]], path: Path) -> tuple[float, float]:
    """The floor: openpyxl write-only, plain ``append`` of the same rows, ``save`` (wall and CPU seconds)."""
    start, cpu = time.perf_counter(), time.process_time()
    book = Workbook(write_only=True)
    sheet = book.create_sheet("缴费明细")
    for row in rows:
        sheet.append(row)
    book.save(str(path))
    return time.perf_counter() - start, time.process_time() - cpu


def bench_export(folder: Path, rows: int) -> dict[str, float]:
    print(f"export: building a ledger with {rows} payment lines …", flush=True)
    ledger, acting = build_ledger(folder / "village.sqlite", rows)
    start, cpu = time.perf_counter(), time.process_time()
    result = export_batch(ledger, acting, folder / "usb")
    export_s, export_cpu = time.perf_counter() - start, time.process_time() - cpu
    template = load_template("default")
    batch = batch_store.get(ledger.db, acting.operator.id, result.batch_no)
    assert batch is not None
    frozen = batch_store.rows_of(ledger.db, batch.id)
    plain = [
        [v / 100 if c.format == "money" else (v if v != "" else None) for v, c in zip(row, template.columns)]
        for row in canonical_rows(template, frozen, "山头村", 1)
    ]
    raw_s, raw_cpu = raw_write([[c.header for c in template.columns], *plain], folder / "raw.xlsx")
    ledger.close()
    ratio = export_s / raw_s
    print(
        f"export: {result.rows} rows in {export_s:.1f} s (CPU {export_cpu:.1f} s; workbook "
        f"{result.workbook.stat().st_size / 1e6:.1f} MB); raw openpyxl write-only of the same rows {raw_s:.1f} s "
        f"(CPU {raw_cpu:.1f} s); ratio {ratio:.2f} "
        f"({'met' if ratio < TARGET_RATIO else 'MISSED'}: target < {TARGET_RATIO})",
        flush=True,
    )
    return {"export_s": export_s, "raw_s": raw_s, "ratio": ratio, "export_cpu_s": export_cpu, "raw_cpu_s": raw_cpu}


def write_batches(folder: Path, batches: int, total_rows: int) -> list[Path]:
    """County input: ``batches`` verified-format batches, three per collector, a few people paid twice."""
    template = load_template("default")
    per_batch = total_rows // batches
    collectors = max(1, batches // 3)
    numbers = person_ids(total_rows, "220102")
    for k in range(0, total_rows, 5000):  # plant duplicates: every 5000th person paid again in another village
        numbers[(k + per_batch * 3 + 7) % total_rows] = numbers[k]
    paths: list[Path] = []
    serial: dict[int, int] = {}
    previous: dict[int, str] = {}
    for b in range(batches):
        who, number = b % collectors, b // collectors + 1
        village, collector, prefix = f"村{who + 1:03d}", f"收款员{who + 1:03d}", f"C{who + 1:03d}"
        frozen = []
        for i in range(b * per_batch, (b + 1) * per_batch):
            serial[who] = serial.get(who, 0) + (1 if i % 2 == 0 else 0)
            n = numbers[i]
            frozen.append(
                [
                    name(i),
                    "居民身份证",
                    n,
                    "男",
                    f"{n[6:10]}-{n[10:12]}-{n[12:14]}",
                    "汉族",
                    f"{prefix}{i // 2:06d}",
                    "一组",
                    "普通居民",
                    2022,
                    36000,
                    0,
                    "",
                    36000,
                    "2022-01-01",
                    f"{prefix}2022{serial[who]:06d}",
                    "2021-11-01",
                    collector,
                    "正常",
                    "",
                    "2021-11-01",
                    "",
                    "2022-12-31",
                ]
            )
        rows = canonical_rows(template, frozen, village, number)
        figures, digest = figures_of(template, rows), Digest()
        for row in rows:
            digest.add(row)
        created = NOW + timedelta(days=number)
        data = render(template, rows, summary_rows(figures), created)
        stem = batch_stem(village, collector, number)
        manifest = {
            "format": FORMAT,
            "batch_no": number,
            "village": village,
            "collector": collector,
            "receipt_prefix": prefix,
            "created_at": created.isoformat(),
            "template": {**template.to_json(), "sha256": template.sha256},
            "workbook": {
                "name": f"{stem}.xlsx",
                "sha256": sha256_of(data),
                "bytes": len(data),
                "content_sha256": digest.hexdigest(),
            },
            "figures": figures.to_json(),
            "audit": {"seq": b, "head": "0" * 64},
            "previous": {"batch_no": number - 1, "manifest_sha256": previous[who]} if number > 1 else None,
        }
        (folder / f"{stem}.xlsx").write_bytes(data)
        text = manifest_bytes(manifest)
        (folder / f"{stem}.manifest.json").write_bytes(text)
        previous[who] = sha256_of(text)
        paths.append(folder / f"{stem}.xlsx")
    return paths


def run_measured(command: list[str]) -> tuple[str, int, float]:
    """Run a child; its stdout, exit code and peak resident memory in MB.

    ``getrusage(RUSAGE_CHILDREN)`` would count the memory the child held between fork
    and exec — a copy of this process, large after the export part — so on Linux the
    child's own high-water mark (VmHWM, reset at exec) is read from /proc while it runs.
    """
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    status, peak_kb = Path(f"/proc/{proc.pid}/status"), [0]

    def watch() -> None:
        while proc.poll() is None:
            try:
                text = status.read_text()
            except OSError:
                return
            for line in text.splitlines():
                if line.startswith("VmHWM:"):
                    peak_kb[0] = max(peak_kb[0], int(line.split()[1]))
            time.sleep(0.02)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    stdout, stderr = proc.communicate()
    watcher.join()
    if stderr.strip():
        print(stderr.strip(), file=sys.stderr)
    if not peak_kb[0]:  # no /proc: the rusage figure, an upper bound
        peak_kb[0] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return stdout, proc.returncode, peak_kb[0] / 1024


def bench_merge(folder: Path, batches: int, rows: int) -> dict[str, float]:
    inputs = folder / "batches"
    inputs.mkdir()
    print(f"merge: writing {batches} batches with {rows} rows in all …", flush=True)
    start = time.perf_counter()
    paths = write_batches(inputs, batches, rows)
    print(f"merge: batches written in {time.perf_counter() - start:.0f} s; merging …", flush=True)
    start = time.perf_counter()
    stdout, code, peak_mb = run_measured(
        [
            sys.executable,
            "-m",
            "desktop_app",
            "--json",
            "county",
            "merge",
            *map(str, paths),
            "--out",
            str(folder / "county.xlsx"),
        ]
    )
    merge_s = time.perf_counter() - start
    child = resource.getrusage(resource.RUSAGE_CHILDREN)
    merge_cpu = child.ru_utime + child.ru_stime
    report = json.loads(stdout)
    print(
        f"merge: {len(report['batches'])} batches, {report['rows']} rows in {merge_s:.1f} s "
        f"(CPU {merge_cpu:.1f} s; exit {code}); peak memory of the merge process {peak_mb:.0f} MB; "
        f"{len(report['duplicates'])} duplicates, {len(report['gaps'])} gaps, "
        f"{len(report['unreconciled'])} unreconciled",
        flush=True,
    )
    return {"merge_s": merge_s, "merge_cpu_s": merge_cpu, "peak_mb": peak_mb, "rows": report["rows"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000, help="payment lines in the exported batch")
    parser.add_argument("--batches", type=int, default=300, help="batch files for the county merge")
    parser.add_argument("--merge-rows", type=int, default=500_000, help="rows in all the merged batches")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary files go")
    parser.add_argument("--skip-export", action="store_true")
    parser.add_argument("--skip-merge", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zhengjiao-bench-", dir=args.dir) as scratch:
        folder = Path(scratch)
        figures: dict[str, float] = {}
        if not args.skip_export:
            figures |= bench_export(folder, args.rows)
        if not args.skip_merge:
            figures |= bench_merge(folder, args.batches, args.merge_rows)
    print(json.dumps({k: round(v, 2) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
