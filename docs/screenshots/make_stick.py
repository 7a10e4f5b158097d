"""Screenshots of the USB stick, the county's answer and the 工具 dialogs, at 字号 中 and 特大.

    .venv/bin/python docs/screenshots/make_stick.py [OUT_DIR]

Writes export.png (what goes out, the stick chosen), export-done.png (the plain result),
export-failed.png (a full stick: the batch recorded, 重新写出 offered), batches.png (past
batches with the county's answer), county-answer.png (one person sent back),
rejected.png (被退回人员), verify-batch.png and verify-batch-failed.png (a good and a
tampered workbook), backup-stick-password.png (the password that will encrypt the copy),
backup-stick.png, restore.png, restore-encrypted.png (the stick's encrypted copy asks the password
that opens it), audit.png and main-window-county.png
(the status bar's 县核 and the households waiting on the county) — and each again with
``-large`` at 字号 特大 — into OUT_DIR (default: this folder).

The village is small and made here with the services (吉林 jl-2022, 新立村, collector
李会计, 2021-11-01); the "USB stick" is a folder in a temporary directory. Runs offscreen.
"""

from __future__ import annotations

import errno
import os
import shutil
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path

from camera import WORK, Camera, out_dir
from openpyxl import Workbook, load_workbook  # type: ignore[import-untyped]

from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.operators import Acting
from desktop_app.services import batches as batch_service
from desktop_app.services.backups import backup_now
from desktop_app.services.batches import export_batch
from desktop_app.services.drives import Drive
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.register import (
    PersonInput,
    add_household,
    add_person,
    get_person,
    person_input,
    update_person,
)
from desktop_app.services.setup import Setup, initialise
from desktop_app.ui import stick_target
from desktop_app.ui.audit_dialog import AuditDialog
from desktop_app.ui.backup_dialogs import BackupToStickDialog, RestoreDialog
from desktop_app.ui.batches_dialog import BatchesDialog
from desktop_app.ui.county_answer_dialog import CountyAnswerDialog
from desktop_app.ui.export_dialog import ExportDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.rejected_dialog import RejectedDialog
from desktop_app.ui.stick_actions import list_waiting
from desktop_app.ui.verify_batch_dialog import VerifyBatchDialog
from desktop_app.ui.widgets import apply_font_size
from desktop_app.ui.workers import WorkPanel

NOW = [datetime(2021, 11, 1, 9, 30)]
NAMES = (
    "王建国 李秀兰 王小明",
    "张民生 赵桂英 张伟",
    "刘强 陈静 刘洋",
    "杨勇 周娟 杨磊",
    "孙平 吴霞 孙杰",
    "马明 胡艳 马超",
)
STICK = WORK / "KINGSTON"


def clock() -> datetime:
    return NOW[0]


def tick(minutes: int = 7) -> None:
    NOW[0] += timedelta(minutes=minutes)


def village(folder: Path) -> tuple[Ledger, Acting, list[list[int]]]:
    folder.mkdir(parents=True, exist_ok=True)
    ledger = Ledger.open(folder / "village.sqlite", create=True, clock=clock)
    op = initialise(ledger, Setup("jl-2022", "新立村", "李会计", "XL", village_groups=("一组", "二组")), "secret1")
    families = []
    for h, names in enumerate(NAMES):
        hid = add_household(ledger, op, f"{h + 1:04d}", f"新立村{'一二'[h % 2]}组{h * 3 + 2}号", f"{'一二'[h % 2]}组")
        families.append(
            [
                add_person(
                    ledger,
                    op,
                    hid,
                    PersonInput(
                        name,
                        resident_id("220102", f"{1950 + h * 7 + m * 11}-0{m + 3}-1{h}", 100 + h * 10 + m),
                        relation=("户主", "配偶", "子")[m],
                    ),
                )
                for m, name in enumerate(names.split())
            ]
        )
    return ledger, op, families


def take(ledger: Ledger, op: Acting, people: list[int]) -> None:
    tick()
    pay(ledger, op, PaymentRequest(tuple(people), 200_000, NOW[0].date()))


def county_answer(path: Path, ledger: Ledger, sent_back: dict[int, str]) -> Path:
    """Everyone of batch 1 accepted but the people in ``sent_back`` (person id -> the county's reason)."""
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "公民身份号码", "收据号", "审核结果", "失败原因"])
    rows = ledger.db.execute(
        "SELECT l.name, l.id_number, p.receipt_no, l.person_id FROM payment_lines l "
        "JOIN payments p ON p.id = l.payment_id ORDER BY l.id"
    ).fetchall()
    for n, (name, id_number, receipt, person) in enumerate(rows, 1):
        reason = sent_back.get(person, "")
        sheet.append([n, name, id_number, receipt, "失败" if reason else "成功", reason])
    book.save(path)
    return path


def tampered_copy(batch: Path, into: Path) -> None:
    """The batch with one person's cash raised by 100 yuan in Excel, its manifest beside it unchanged."""
    into.mkdir()
    book = load_workbook(batch)
    sheet = book.worksheets[0]
    column = [c.value for c in sheet[1]].index("实收金额") + 1
    sheet.cell(row=2, column=column).value = float(sheet.cell(row=2, column=column).value or 0) + 100
    book.save(into / batch.name)
    manifest = batch.name.removesuffix(".xlsx") + ".manifest.json"
    (into / manifest).write_bytes((batch.parent / manifest).read_bytes())


def finish(camera: Camera, panel: WorkPanel) -> None:
    panel.wait()
    camera.settle()
    camera.settle()


def shots(camera: Camera, ledger: Ledger, op: Acting, families: list[list[int]], suffix: str, files: Path) -> None:
    """Every screen once, at the current font size, in the order of the season."""
    window = MainWindow(ledger, op)
    window.resize(1366, 768)
    camera.show(window)

    answer = CountyAnswerDialog(ledger, op, window)
    answer.path.setText(str(files / "县回盘-第1批.xlsx"))
    answer._enable()
    answer.start()
    finish(camera, answer.panel)
    camera.shot(answer, f"county-answer{suffix}.png")
    answer.close()

    # the person whose name did not match is corrected (as in the member dialog); the other is still to do
    person = get_person(ledger, families[1][1])
    update_person(ledger, op, person.id, replace(person_input(person), name="赵桂瑛"))
    rejected = RejectedDialog(ledger, op, window)
    camera.shot(rejected, f"rejected{suffix}.png")
    rejected.close()

    take(ledger, op, families[5][2:])
    export = ExportDialog(ledger, op, window)
    camera.shot(export, f"export{suffix}.png")
    export.export()
    finish(camera, export.panel)
    camera.shot(export, f"export-done{suffix}.png")
    export.close()

    batches = BatchesDialog(ledger, op, window)
    camera.shot(batches, f"batches{suffix}.png")
    batches.close()

    for name, path in (
        ("verify-batch", STICK / "医保上报" / "新立村-李会计-批次0001.xlsx"),
        ("verify-batch-failed", files / "tampered" / "新立村-李会计-批次0001.xlsx"),
    ):
        verify = VerifyBatchDialog(window)
        verify.path.setText(str(path))
        verify._enable()
        verify.start()
        finish(camera, verify.panel)
        camera.shot(verify, f"{name}{suffix}.png")
        verify.close()

    backup = BackupToStickDialog(ledger, op, window)
    backup.password.setText("secret1")
    backup.password.setFocus()
    camera.shot(backup, f"backup-stick-password{suffix}.png")
    backup.start()
    finish(camera, backup.panel)
    camera.shot(backup, f"backup-stick{suffix}.png")
    backup.close()

    restore = RestoreDialog(ledger, op, window)
    camera.shot(restore, f"restore{suffix}.png")
    restore.source.setCurrentIndex(1)  # the stick: the encrypted copy just written
    restore.load()
    restore.password.setFocus()
    camera.shot(restore, f"restore-encrypted{suffix}.png")
    restore.close()

    audit = AuditDialog(ledger, window)
    finish(camera, audit.panel)
    camera.shot(audit, f"audit{suffix}.png")
    audit.close()

    window.presenter.refresh_status()
    list_waiting(window)
    camera.shot(window, f"main-window-county{suffix}.png")
    window.close()


def failed_export(camera: Camera, ledger: Ledger, op: Acting, suffix: str) -> None:
    """A stick that is full when the manifest is written: the batch recorded, 重新写出 offered."""
    real = batch_service.write_atomically
    calls: list[Path] = []

    def full(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))
        real(path, data)

    batch_service.write_atomically = full  # type: ignore[attr-defined]
    try:
        export = ExportDialog(ledger, op)
        export.export()
        finish(camera, export.panel)
        camera.shot(export, f"export-failed{suffix}.png")
        export.close()
    finally:
        batch_service.write_atomically = real  # type: ignore[attr-defined]


def scene(folder: Path) -> tuple[Ledger, Acting, list[list[int]]]:
    """Batch 1 exported and answered by the county (two people sent back); more payments since, a backup."""
    ledger, op, families = village(folder)
    for family in families[:3]:
        take(ledger, op, family)
    export_batch(ledger, op, STICK / "医保上报")
    tick(60 * 24 * 3)
    files = folder / "files"
    files.mkdir()
    county_answer(
        files / "县回盘-第1批.xlsx",
        ledger,
        {families[1][1]: "姓名与身份证号不符", families[2][0]: "该人员已在外地参保，不能重复参保"},
    )
    tampered_copy(STICK / "医保上报" / "新立村-李会计-批次0001.xlsx", files / "tampered")
    for family in families[3:5]:
        take(ledger, op, family)
    backup_now(ledger)
    tick(30)
    take(ledger, op, families[5][:2])
    return ledger, op, families


def main() -> None:
    camera = Camera(out_dir())
    stick_target.find_drives = lambda: [Drive(STICK, 7_812_000_000)]  # type: ignore[assignment]
    for suffix, size in (("", "中"), ("-large", "特大")):
        apply_font_size(size, remember=False)
        if STICK.exists():
            shutil.rmtree(STICK)
        STICK.mkdir(parents=True)
        folder = WORK / f"village{suffix}"
        ledger, op, families = scene(folder)
        failed_export(camera, ledger, op, suffix)
        tick()
        shots(camera, ledger, op, families, suffix, folder / "files")
        camera.close_all()
        ledger.close()


if __name__ == "__main__":
    main()
