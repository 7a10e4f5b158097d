"""Speed proof for the township's desk (乡镇汇总): loading the villages' batches, against the CLI merge.

    .venv/bin/python bench/bench_desk.py                    # 300 batches / 500 000 rows, then a 1 000 000-row county
    .venv/bin/python bench/bench_desk.py --rows 50000 --batches 30 --county-rows 100000 --county-batches 60  # a look

1. ``--batches`` batch files holding ``--rows`` rows (``bench_batches.write_batches``: 100
   villages' collectors, three batches each, a few people paid twice) are merged by
   ``zhengjiao county merge`` in a child process — the CLI's time, which the desk must not
   exceed — and then loaded by the desk in another child process: a new desk ledger,
   ``services.township_desk.add_batches`` on the folder (find, copy into the desk's folder,
   verify each batch against its manifest and the collector's previous batch, record it
   and its rows, one transaction per batch) and ``services.desk_status.desk_status`` (the
   table per village and collector, 重复参保, receipt gaps, totals). Target: load ≤ merge.
2. A county of ``--county-rows`` rows in ``--county-batches`` batches, loaded the same way.
   Targets: under 60 s and under 300 MB peak resident memory of the loading process.

Everything goes into a temporary folder (``--dir``) that is deleted afterwards. Figures
are printed beside their targets; nothing is asserted. The load's CPU seconds (every
thread) are printed too: on a shared machine the wall seconds wander with the others' work.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench_batches import run_measured, write_batches  # noqa: E402

COUNTY_SECONDS, COUNTY_MB = 60.0, 300.0


def child_load(db: Path, folder: Path) -> None:
    """In the measured child: a new desk, every batch of the folder added, the status computed."""
    from desktop_app.services.desk_status import desk_status
    from desktop_app.services.ledger import Ledger
    from desktop_app.services.township_desk import add_batches, initialise_township

    start, cpu = time.perf_counter(), time.process_time()
    with Ledger.open(db, create=True) as ledger:
        clerk = initialise_township(ledger, "基准镇", "基准文书", "bench1")
        arrival = add_batches(ledger, clerk, [folder])
        added = time.perf_counter()
        status = desk_status(ledger)
        done = time.perf_counter()
    print(
        json.dumps(
            {
                "add_s": added - start,
                "status_s": done - added,
                "load_s": done - start,
                "cpu_s": time.process_time() - cpu,
                "batches": len(arrival.added),
                "failed": len(arrival.failed),
                "rows": arrival.rows,
                "collectors": len(status.collectors),
                "duplicates": len(status.duplicates),
                "findings": len(status.findings),
            }
        )
    )


def load(folder: Path, batches: Path, name: str) -> dict[str, float]:
    stdout, code, peak_mb = run_measured(
        [sys.executable, __file__, "--child-load", str(folder / f"{name}.sqlite"), str(batches)]
    )
    if code:
        raise SystemExit(f"the desk's load failed (exit {code})")
    figures = json.loads(stdout)
    print(
        f"desk: {figures['batches']} batches ({figures['failed']} failed), {figures['rows']} rows loaded in "
        f"{figures['load_s']:.1f} s (adding {figures['add_s']:.1f} s, status {figures['status_s']:.1f} s; "
        f"CPU {figures['cpu_s']:.1f} s in all threads); "
        f"peak memory {peak_mb:.0f} MB; {figures['collectors']} collectors, {figures['duplicates']} duplicates, "
        f"{figures['findings']} findings",
        flush=True,
    )
    return {
        "load_s": figures["load_s"],
        "add_s": figures["add_s"],
        "status_s": figures["status_s"],
        "cpu_s": figures["cpu_s"],
        "peak_mb": peak_mb,
        "rows": figures["rows"],
    }


def merge(folder: Path, batches: Path) -> dict[str, float]:
    paths = sorted(str(p) for p in batches.glob("*.xlsx"))
    start = time.perf_counter()
    stdout, code, peak_mb = run_measured(
        [sys.executable, "-m", "desktop_app", "--json", "county", "merge", *paths, "--out", str(folder / "county.xlsx")]
    )
    seconds = time.perf_counter() - start
    report = json.loads(stdout)
    print(
        f"CLI county merge: {len(report['batches'])} batches, {report['rows']} rows in {seconds:.1f} s "
        f"(exit {code}); peak memory {peak_mb:.0f} MB",
        flush=True,
    )
    return {"merge_s": seconds, "merge_peak_mb": peak_mb}


def written(folder: Path, batches: int, rows: int) -> Path:
    folder.mkdir()
    print(f"writing {batches} batches with {rows} rows in all …", flush=True)
    start = time.perf_counter()
    write_batches(folder, batches, rows)
    print(f"written in {time.perf_counter() - start:.0f} s", flush=True)
    return folder


def verdict(met: bool) -> str:
    return "met" if met else "MISSED"


def main() -> None:
    if len(sys.argv) == 4 and sys.argv[1] == "--child-load":
        child_load(Path(sys.argv[2]), Path(sys.argv[3]))
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--batches", type=int, default=300, help="batch files of the township")
    parser.add_argument("--rows", type=int, default=500_000, help="rows in all the township's batches")
    parser.add_argument("--county-batches", type=int, default=600, help="batch files of the large county")
    parser.add_argument("--county-rows", type=int, default=1_000_000, help="rows in all the county's batches")
    parser.add_argument("--dir", type=Path, default=None, help="where the temporary files go")
    parser.add_argument("--skip-merge", action="store_true", help="leave out the CLI merge (no comparison)")
    parser.add_argument("--skip-county", action="store_true", help="leave out the 1 000 000-row county")
    args = parser.parse_args()
    lines: list[str] = []
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="zhengjiao-desk-bench-", dir=args.dir) as scratch:
        folder = Path(scratch)
        township = written(folder / "township", args.batches, args.rows)
        if not args.skip_merge:
            figures |= merge(folder, township)
        got = load(folder, township, "township")
        figures |= {f"township_{k}": v for k, v in got.items()}
        if "merge_s" in figures:
            lines.append(
                f"township: desk load {got['load_s']:.1f} s vs CLI merge {figures['merge_s']:.1f} s "
                f"({verdict(got['load_s'] <= figures['merge_s'])}: target ≤ the merge's time)"
            )
        if not args.skip_county:
            county = written(folder / "county", args.county_batches, args.county_rows)
            got = load(folder, county, "county")
            figures |= {f"county_{k}": v for k, v in got.items()}
            lines.append(
                f"county of {int(got['rows'])} rows: desk load {got['load_s']:.1f} s "
                f"({verdict(got['load_s'] < COUNTY_SECONDS)}: target < {COUNTY_SECONDS:.0f} s), "
                f"peak {got['peak_mb']:.0f} MB ({verdict(got['peak_mb'] < COUNTY_MB)}: "
                f"target < {COUNTY_MB:.0f} MB)"
            )
    for line in lines:
        print(line)
    print(json.dumps({k: round(v, 2) for k, v in figures.items()}))


if __name__ == "__main__":
    main()
