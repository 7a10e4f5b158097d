"""Screenshots of the township's desk (乡镇汇总) on six villages' sticks, at 1366×768 and at 字号 特大.

    .venv/bin/python docs/screenshots/make_township.py [OUT_DIR]

Six villages of 山头镇 take payments on their own ledgers and export their batches (大庄村
has two collectors; 柳树村's second batch never reaches the township; 东岗村's batch is
changed after it was exported; a person of 山头村 was also paid for in 河口村). The desk
receives the stick and the screens are taken: township-login.png, township-add.png,
township-desk.png (各村进度), township-duplicates.png, township-problems.png,
township-batches.png, township-working.png (the progress bar and 取消 while a stick is
read), township-print.png, township-desk-large.png (字号 特大) and progress-report.png
(the 进度通报's first page, via pdftoppm). Everything is built in a temporary folder.
"""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, datetime
from pathlib import Path

from camera import WORK, Camera, out_dir
from PySide6.QtWidgets import QApplication

from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.operators import Operator
from desktop_app.services import printouts
from desktop_app.services.batches import export_batch
from desktop_app.services.drives import Drive
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import acting_as, add_operator
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.register import PersonInput, add_household, add_person
from desktop_app.services.setup import Setup, initialise
from desktop_app.services.township_desk import initialise_township
from desktop_app.store.transactions import immediate
from desktop_app.ui import township_dialogs
from desktop_app.ui.township_dialogs import AddBatchesDialog, PrintProgressDialog, TownshipLogin
from desktop_app.ui.township_window import TownshipWindow
from desktop_app.ui.widgets import apply_font_size

NOW = datetime(2021, 11, 20, 16, 30)
SURNAMES, GIVEN = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗", "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
SHARED = resident_id("220102", "1966-06-06", 188)
# village, collector, prefix, households, batches (people per batch); a second collector
VILLAGES = [
    ("山头村", "王芳", "STZ", [6, 5], None),
    ("河口村", "李强", "HKC", [7], None),
    ("柳树村", "赵敏", "LSC", [3, 4, 3], None),
    ("大庄村", "陈静", "DZC", [8, 6], ("刘军", "DZL", [4])),
    ("杨湾村", "周丽", "YWC", [9], None),
    ("东岗村", "吴涛", "DGC", [5], None),
]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2021, 11, 1, 9, 0)

    def __call__(self) -> datetime:
        return self.now


def village_batches(root: Path, n: int, spec: tuple) -> list[Path]:  # type: ignore[type-arg]
    """One village's ledger, its payments and batches; the folders its batches went to."""
    name, collector, prefix, batches, second = spec
    clock = Clock()
    ledger = Ledger.open(root / f"{prefix}.sqlite", create=True, clock=clock)
    folders = []
    try:
        first = initialise(
            ledger, Setup("jl-2022", name, collector, prefix, village_groups=("一组", "二组")), "pw-1234"
        )
        people: list[int] = []
        total = sum(batches) + (sum(second[2]) if second else 0)
        for i in range(total):
            hid = add_household(ledger, first, f"{prefix}{i + 1:04d}", f"{name}{i + 1}号", "一组" if i % 2 else "二组")
            number = (
                SHARED
                if (name in ("山头村", "河口村") and i == 0)
                else resident_id("220102", date(1950 + (i * 7 + n * 3) % 55, 1 + i % 12, 1 + n).isoformat(), 10 + i)
            )
            people.append(
                add_person(
                    ledger,
                    first,
                    hid,
                    PersonInput(
                        name=SURNAMES[(i + n * 3) % 20] + GIVEN[(i * 3 + n) % len(GIVEN)] + GIVEN[(i + n) % len(GIVEN)],
                        id_number=number,
                    ),
                )
            )
        others: list[tuple[object, list[int]]] = [(first, batches)]
        if second:
            with immediate(ledger.db):
                operator = add_operator(ledger, second[0], "pw-1234", second[1], first)
            others.append((acting_as(ledger, operator), second[2]))
        at = round_ = 0
        for who, sizes in others:
            for size in sizes:
                day = date(2021, 11, 1 + round_ * 5)
                round_ += 1
                for k, person in enumerate(people[at : at + size]):
                    clock.now = datetime(day.year, day.month, day.day, 9 + k // 6, k % 6 * 9)
                    pay(ledger, who, PaymentRequest((person,), 50_000, day))  # type: ignore[arg-type]
                at += size
                clock.now = datetime(day.year, day.month, day.day, 17, 10 + n)
                folder = root / "stick" / name
                result = export_batch(ledger, who, folder)  # type: ignore[arg-type]
                folders.append(result.workbook)
    finally:
        ledger.close()
    return folders


def build_stick(root: Path) -> Path:
    for n, spec in enumerate(VILLAGES):
        village_batches(root, n, spec)
    stick = root / "stick"
    for path in (stick / "柳树村").glob("*批次0002*"):
        path.unlink()  # the batch that never reached the township
    changed = next((stick / "东岗村").glob("*.xlsx"))
    data = bytearray(changed.read_bytes())
    data[-30] ^= 0xFF
    changed.write_bytes(bytes(data))
    return stick


def loaded(camera: Camera, window: TownshipWindow) -> None:
    while window.work.running():
        camera.app.processEvents()
        QApplication.instance().thread().msleep(20)  # type: ignore[union-attr]
    camera.settle()


def main() -> None:
    camera = Camera(out_dir())
    stick = build_stick(WORK / "villages")
    ledger = Ledger.open(WORK / "desk.sqlite", create=True, clock=lambda: NOW)
    clerk: Operator = initialise_township(ledger, "山头镇", "孙文书", "pw-1234")
    camera.shot(TownshipLogin(ledger), "township-login.png")
    camera.close_all()
    township_dialogs.find_drives = lambda: [Drive(Path("E:\\"), 7_800_000_000)]  # as on the clerk's laptop
    camera.shot(AddBatchesDialog(), "township-add.png")
    camera.close_all()
    window = TownshipWindow(ledger, clerk)
    camera.show(window, (1366, 768))
    loaded(camera, window)
    window.work.show()
    window.work.bar.setRange(0, 10)
    window.work.bar.setValue(4)
    window.work.bar.setFormat("正在核验 大庄村 陈静 第1批（5/10）")
    window.work.cancel_button.setEnabled(True)
    window.message.show_hint("正在从 E:\\ 添加批次…")
    camera.shot(window, "township-working.png")
    window.add(stick)
    loaded(camera, window)
    window.tabs.setCurrentIndex(0)
    window.views[0].setFocus()
    camera.shot(window, "township-desk.png")
    for tab, name in ((1, "township-duplicates.png"), (2, "township-problems.png"), (3, "township-batches.png")):
        window.tabs.setCurrentIndex(tab)
        camera.shot(window, name)
    window.tabs.setCurrentIndex(0)
    assert window.status is not None
    dialog = PrintProgressDialog(list(window.status.villages), "柳树村", window)
    camera.shot(dialog, "township-print.png")
    dialog.close()
    apply_font_size("特大", remember=False)
    camera.settle()
    camera.shot(window, "township-desk-large.png", (1366, 768))
    apply_font_size("中", remember=False)
    pdf = WORK / "progress.pdf"
    printouts.to_pdf(printouts.document(ledger, None, "progress", village="柳树村"), pdf)
    if shutil.which("pdftoppm"):
        subprocess.run(
            [
                "pdftoppm",
                "-r",
                "100",
                "-png",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(pdf),
                str(camera.out / "progress-report"),
            ],
            check=True,
        )
        print(camera.out / "progress-report.png")
    camera.close_all()
    ledger.close()


if __name__ == "__main__":
    main()
