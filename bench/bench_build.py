"""The built program beside the source: start to first window, and the folder's size.

    .venv/bin/python bench/bench_build.py                  # builds what is missing, then 5 runs each
    .venv/bin/python bench/bench_build.py --rebuild        # build both folders again first
    .venv/bin/python bench/bench_build.py --drop-caches    # truly cold starts (Linux, root: drops the page cache)

start: ``zhengjiao --db DEMO gui --demo`` in a fresh process, offscreen, with
``ZHENGJIAO_EXIT_AFTER_SHOW=1`` (ui/app.py prints ``FIRST_WINDOW <title>`` once the first
window — the demo's login — is shown and painted, then quits). Timed from the start of
the process to that line: the built ``dist/征缴通/征缴通`` against
``python -m desktop_app`` from source, alternately, on the same demo database (built
once, untimed). The first run of each is as cold as the page cache allows; with
``--drop-caches`` every run starts from disk. Target: the built program < 2 s.

size: ``dist/征缴通/`` (the lean build shipped to villages) against ``dist/all-qt/征缴通/``
(the same app with every Qt module, ``build.py --all-qt``), folder and zip.
Figures are printed; nothing is asserted. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "build_scripts"))

import build  # noqa: E402  (build_scripts/build.py: stdlib only)

TARGET_START_S = 2.0
EXE = build.NAME + build.EXE_SUFFIX


def ensure_build(all_qt: bool, rebuild: bool) -> Path:
    folder = (ROOT / "dist" / "all-qt" if all_qt else ROOT / "dist") / build.NAME
    if rebuild or not (folder / EXE).is_file():
        command = [sys.executable, str(ROOT / "build_scripts" / "build.py")] + (["--all-qt"] if all_qt else [])
        print("building:", " ".join(command), flush=True)
        subprocess.run(command, check=True, cwd=ROOT)
    return folder


def sizes(folder: Path) -> tuple[int, int | None]:
    zips = sorted(folder.parent.glob(f"{build.NAME}-*.zip"), key=lambda p: p.stat().st_mtime)
    return build.folder_size(folder), (zips[-1].stat().st_size if zips else None)


def drop_caches() -> bool:
    try:
        os.sync()
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return True
    except OSError:
        return False


def first_window(command: list[str], env: dict[str, str]) -> tuple[float, float, str]:
    """Seconds to the FIRST_WINDOW line, seconds to exit, and the window's title."""
    started = time.perf_counter()
    proc = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=ROOT, text=True, encoding="utf-8"
    )
    assert proc.stdout is not None
    shown, title = None, ""
    for line in proc.stdout:
        if line.startswith("FIRST_WINDOW"):
            shown, title = time.perf_counter() - started, line.split(" ", 1)[1].strip()
            break
    _, err = proc.communicate(timeout=120)
    ended = time.perf_counter() - started
    if shown is None or proc.returncode != 0:
        raise SystemExit(f"no window from {command[0]} (exit {proc.returncode}):\n{err}")
    return shown, ended, title


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--rebuild", action="store_true", help="build both folders again first")
    parser.add_argument("--drop-caches", action="store_true", help="drop the page cache before every run")
    args = parser.parse_args()

    lean = ensure_build(False, args.rebuild)
    full = ensure_build(True, args.rebuild)
    print("\nsize")
    lean_size, lean_zip = sizes(lean)
    full_size, full_zip = sizes(full)
    for label, size, zipped in (("lean (shipped)", lean_size, lean_zip), ("every Qt module", full_size, full_zip)):
        print(f"  {label:<16} folder {build.mb(size):>9}   zip {build.mb(zipped) if zipped else '—':>9}")
    print(f"  lean is {100 * lean_size / full_size:.0f}% of the every-Qt folder")

    with tempfile.TemporaryDirectory(prefix="zhengjiao-bench-build-") as temp:
        folder = Path(temp)
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "ZHENGJIAO_EXIT_AFTER_SHOW": "1",
            "XDG_DATA_HOME": str(folder / "data"),
            "XDG_CONFIG_HOME": str(folder / "config"),
            "LOCALAPPDATA": str(folder / "data"),
        }
        env.pop("ZHENGJIAO_DB", None)
        demo = folder / "demo.sqlite"
        tail = ["--db", str(demo), "gui", "--demo"]
        commands = {
            "built": [str(lean / EXE), *tail],
            "source": [sys.executable, "-m", "desktop_app", *tail],
            "built, every Qt": [str(full / EXE), *tail],
        }
        started = time.perf_counter()
        first_window(commands["source"], env)  # builds the demo village once, untimed
        print(f"\ndemo village built in {time.perf_counter() - started:.1f} s (untimed)")
        cold = "page cache dropped before each run" if args.drop_caches else "page cache as found"
        print(f"start to first window, offscreen, {args.runs} runs each, alternating ({cold})")
        results: dict[str, list[float]] = {name: [] for name in commands}
        title = ""
        for _ in range(args.runs):
            for name, command in commands.items():
                if args.drop_caches and not drop_caches():
                    raise SystemExit("--drop-caches needs root on Linux")
                shown, _ended, title = first_window(command, env)
                results[name].append(shown)
        print(f"  first window: {title}")
        for name, times in results.items():
            print(
                f"  {name:<16} first {times[0]:.2f} s   median {statistics.median(times):.2f} s   "
                f"min {min(times):.2f} s   max {max(times):.2f} s"
            )

    built = statistics.median(results["built"])
    print(
        f"\nbuilt start median {built:.2f} s (target < {TARGET_START_S:.0f} s): "
        f"{'met' if built < TARGET_START_S else 'MISSED'}; "
        f"worst {max(results['built']):.2f} s: {'met' if max(results['built']) < TARGET_START_S else 'MISSED'}"
    )
    print(f"lean folder {build.mb(lean_size)} vs every Qt module {build.mb(full_size)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
