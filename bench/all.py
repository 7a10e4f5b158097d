"""Every benchmark in one command, each in its own interpreter, and at the end every figure beside its target.

    .venv/bin/python bench/all.py [--quick] [--skip NAME ...]

Each script prints its own lines with "target"; this collects them under the script's name, so one
run on a village laptop gives the whole table (about half an hour at full size; ``--quick`` runs each
at a tenth of its size, a smoke run whose figures are not the targets' sizes). The build's benchmark
needs a built folder (``python3 build_scripts/build.py``) and is left out when there is none.
Nothing is asserted: a figure past its target is printed as MISSED, and the exit code is that of the
first script that failed to run at all.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
QUICK = {
    "run.py": ["--people", "10000", "--queries", "60", "--payments", "60", "--repeat", "1"],
    "bench_batches.py": ["--rows", "10000", "--batches", "30", "--merge-rows", "50000"],
    "bench_coverage.py": ["--people", "10000", "--rows", "3000", "--repeat", "5"],
    "bench_desk.py": ["--batches", "30", "--rows", "50000", "--skip-county"],
    "bench_window.py": ["--people", "10000"],
}
ORDER = ("run.py", "bench_window.py", "bench_coverage.py", "bench_batches.py", "bench_desk.py", "bench_build.py")


def built() -> bool:
    return (ROOT / "dist" / "征缴通").is_dir()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="each benchmark at a tenth of its size")
    parser.add_argument("--skip", nargs="*", default=[], help="scripts to leave out, e.g. bench_desk.py")
    args = parser.parse_args()
    summary: list[tuple[str, list[str]]] = []
    first_failure = 0
    for name in ORDER:
        if name in args.skip or (name == "bench_build.py" and not built()):
            summary.append((name, ["(left out)"]))
            continue
        command = [sys.executable, str(HERE / name), *(QUICK.get(name, []) if args.quick else [])]
        print(f"\n===== {name} {' '.join(command[2:])}", flush=True)
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, encoding="utf-8")
        print(done.stdout, end="", flush=True)
        if done.returncode != 0:
            print(done.stderr, end="", file=sys.stderr)
            first_failure = first_failure or done.returncode
        lines = [line.rstrip() for line in done.stdout.splitlines() if "target" in line and line.strip() != "targets"]
        summary.append((name, lines or [f"(exit {done.returncode}, no figures)"]))
    print("\n===== every figure beside its target" + (" (--quick: not at the targets' sizes)" if args.quick else ""))
    for name, lines in summary:
        print(name)
        for line in lines:
            print(f"  {line.strip()}")
    return first_failure


if __name__ == "__main__":
    sys.exit(main())
