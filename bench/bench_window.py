"""The window on a 100 000-person demo village: launch to a usable window, keystroke to results.

    .venv/bin/python bench/bench_window.py                  # 100 000 people (builds the demo once, ~2 min)
    .venv/bin/python bench/bench_window.py --people 20000   # a quick look

The demo database is the one ``zhengjiao gui --demo`` builds (desktop_app.demo.village), only
bigger; it is kept in ``--dir`` (default: a folder in the system temp) so a second run
skips the build. Figures are printed; nothing is asserted. Targets: launch < 2 s (issue 4),
keystroke-to-results p95 < 16 ms (issue 11; it was 50 ms in issue 4).

launch: a fresh Python process per run (cold imports, as a collector's double-click),
timed from the moment the child starts to the main window shown with its household list
filled and painted; the steps the real start takes are all there — Qt, the bundled
font, opening the ledger (schema only), the password check (scrypt), the
start-of-work backup when none is recent, the window. Only typing the password is not;
the full ``integrity_check`` runs in the background meanwhile (services.integrity), as
it does in the window, and its time is printed beside, with the total if nobody typed.

keystroke: in one process, the real MainWindow; each keystroke is a real key event (or
an input-method commit for Chinese, as a pinyin IME sends it), then what the search
timer would run after its pause, then the repaint. The pause itself (the box waits
``SEARCH_DELAY_MS`` after the last key so that a name typed quickly is searched once)
is reported beside the figures, not inside them.
"""

from __future__ import annotations

import argparse
import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

TARGETS = {"launch_s": 2.0, "keystroke_p95_ms": 16.0}

CHILD = r"""
import sys, time
t0 = time.perf_counter()
from pathlib import Path
sys.path.insert(0, {root!r})
from desktop_app.ui.app import create_application
from desktop_app.services.backups import backup_at_start
from desktop_app.demo.village import DEMO_COLLECTOR, DEMO_PASSWORD, open_demo
from desktop_app.services.integrity import BackgroundCheck
from desktop_app.services.operators import acting_as, login
from desktop_app.ui.main_window import MainWindow
t_imports = time.perf_counter()
app = create_application()
t_app = time.perf_counter()
ledger = open_demo(Path({db!r}), full_check=False)
check = BackgroundCheck(Path({db!r}))
t_open = time.perf_counter()
acting = acting_as(ledger, login(ledger, DEMO_COLLECTOR, DEMO_PASSWORD))
waited = time.perf_counter()
assert check.wait() is None
t_login = time.perf_counter()
waited = t_login - waited
backup_at_start(ledger)
t_backup = time.perf_counter()
window = MainWindow(ledger, acting)
window.show()
while not window.isVisible() or window.household_model.rowCount() == 0:
    app.processEvents()
window.repaint()
app.processEvents()
t_shown = time.perf_counter()
print("STEPS", t_imports - t0, t_app - t_imports, t_open - t_app, t_login - t_open, t_backup - t_login,
      t_shown - t_backup, window.household_model.rowCount(), check.seconds, waited)
sys.stdout.flush()
"""


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def ensure_demo(folder: Path, people: int) -> Path:
    from desktop_app.demo.village import build_demo

    path = folder / f"demo-{people}.sqlite"
    if not path.exists():
        start = time.perf_counter()
        build_demo(path, people=people)
        print(f"demo village of {people:,} people built in {time.perf_counter() - start:.1f} s: {path}")
    return path


def bench_launch(db: Path, runs: int) -> float:
    print(f"launch to a usable window (fresh process each run, {runs} runs)")
    totals: list[float] = []
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    for run in range(runs):
        started = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", CHILD.format(root=str(ROOT), db=str(db))],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
        wall = time.perf_counter() - started
        steps_line = next((line for line in done.stdout.splitlines() if line.startswith("STEPS")), None)
        if done.returncode != 0 or steps_line is None:
            print(done.stdout, done.stderr)
            raise SystemExit("the window did not open")
        imports, app, opened, logged_in, backup, shown, rows, check, waited = steps_line.split()[1:]
        # In the window the full check runs while the collector types the password, which takes
        # longer than the check; here the password is not typed, so the wait for it is taken out.
        usable = wall - float(waited)
        totals.append(usable)
        print(
            f"  run {run + 1}: {usable:5.2f} s  (python start + imports {float(imports):.2f}, QApplication+font "
            f"{float(app):.2f}, open {float(opened):.2f}, password {float(logged_in) - float(waited):.2f}, "
            f"backup {float(backup):.2f}, window {float(shown):.2f}; {rows} households listed; "
            f"full integrity_check {float(check):.2f} s in the background; {wall:.2f} s if nobody typed)"
        )
    best, worst = min(totals), max(totals)
    print(f"  best {best:.2f} s, worst {worst:.2f} s (the first run pays for the start-of-work backup)")
    return worst


def bench_keystrokes(db: Path, queries: int, seed: int) -> float:
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QInputMethodEvent, QKeyEvent
    from PySide6.QtWidgets import QApplication

    from desktop_app.demo.village import DEMO_COLLECTOR, DEMO_PASSWORD, open_demo
    from desktop_app.services.operators import acting_as, login
    from desktop_app.ui.app import create_application
    from desktop_app.ui.main_window import SEARCH_DELAY_MS, MainWindow

    app = create_application()
    ledger = open_demo(db)
    window = MainWindow(ledger, acting_as(ledger, login(ledger, DEMO_COLLECTOR, DEMO_PASSWORD)))
    window.show()
    app.processEvents()
    rng = random.Random(seed)
    people = ledger.db.execute(
        "SELECT p.name, p.name_initials, p.id_number, h.household_no FROM people p "
        "JOIN households h ON h.id = p.household_id WHERE p.id_number IS NOT NULL"
    ).fetchall()
    chosen = rng.sample(people, min(queries, len(people)))
    kinds: dict[str, list[str]] = {
        "name (IME commits 张, then 伟)": [p[0] for p in chosen],
        "pinyin initials (z, zw, zwm)": [p[1] for p in chosen],
        "ID tail (last 6 digits typed)": [p[2][-6:] for p in chosen],
        "户号 typed": [p[3] for p in chosen],
    }
    box = window.search

    def key(char: str) -> None:
        if char.isascii():
            code = Qt.Key.Key_X if char in "xX" else Qt.Key(ord(char.upper()))
            for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
                QApplication.sendEvent(box, QKeyEvent(kind, code, Qt.KeyboardModifier.NoModifier, char))
        else:
            event = QInputMethodEvent()
            event.setCommitString(char)
            QApplication.sendEvent(box, event)

    print(
        f"keystroke to results (real window, {len(chosen)} people; the box first waits {SEARCH_DELAY_MS} ms "
        "after the last key — not counted)"
    )
    everything: list[float] = []
    searching: list[float] = []
    for label, texts in kinds.items():
        times: list[float] = []
        for text in texts:
            box.clear()
            window.run_search()
            app.processEvents()
            for char in text:
                start = time.perf_counter()
                key(char)
                window.run_search()  # what the search timer runs once the typing pauses
                searched = time.perf_counter()
                app.processEvents()  # the list's repaint (and the members of the first household)
                times.append((time.perf_counter() - start) * 1000)
                searching.append((searched - start) * 1000)
            assert window.household_model.rowCount() > 0, f"{text!r} found nothing"
        everything += times
        print(
            f"  {label:<32} n={len(times):<5} p50 {percentile(times, 50):6.2f} ms   "
            f"p95 {percentile(times, 95):6.2f} ms   max {max(times):6.2f} ms"
        )
    window.close()
    ledger.close()
    p95 = percentile(everything, 95)
    print(f"  all keystrokes                   n={len(everything):<5} p95 {p95:6.2f} ms")
    print(
        f"  of which search + lists filled   n={len(searching):<5} p50 {percentile(searching, 50):6.2f} ms   "
        f"p95 {percentile(searching, 95):6.2f} ms (the rest is painting)"
    )
    print("  note: what is painted at a keystroke is the list's changed rows, the chosen household's members,")
    print("  its heading and the count (the panes are opaque: nothing behind them is painted again).")
    return p95


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--launches", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20221123)
    parser.add_argument("--dir", type=Path, default=Path(tempfile.gettempdir()) / "zhengjiao-bench-window")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    # The start-of-work backup and the window's remembered size go to the bench folder, not the user's.
    os.environ["XDG_DATA_HOME"] = str(args.dir / "data")
    os.environ["XDG_CONFIG_HOME"] = str(args.dir / "config")
    import sqlite3

    print(f"SQLite {sqlite3.sqlite_version}, Python {sys.version.split()[0]}")
    db = ensure_demo(args.dir, args.people)
    launch = bench_launch(db, args.launches)
    keystroke = bench_keystrokes(db, args.queries, args.seed)
    print("targets")
    for name, value, unit in (("launch_s", launch, "s"), ("keystroke_p95_ms", keystroke, "ms")):
        target = TARGETS[name]
        print(f"  {name:<18} {value:7.2f} {unit:<2} target < {target}  {'met' if value < target else 'MISSED'}")


if __name__ == "__main__":
    main()
