"""Screenshots of the payment, void, refund and import dialogs, for the README.

    .venv/bin/python docs/screenshots/make_dialogs.py [OUT_DIR]

Writes payment.png (a 低保 member, cash typed, change shown), payment-done.png (the
receipt number), payment-ineligible.png (a member who cannot be collected, with the
reason), payment-short.png (too little cash, refused), void.png, refund.png,
import-report.png (a roster with bad rows) and import-identities.png (a 低保 list
checked against the register) into OUT_DIR (default: this folder).

The villages are small and made here with the services, as the collector would make
them (吉林 jl-2022 on 2021-11-01; 达拉特旗 nm-dalate-2022, where schools collect from
students, for the ineligible member), in a temporary folder. Runs offscreen.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from pathlib import Path

from camera import WORK, Camera, out_dir
from openpyxl import Workbook  # type: ignore[import-untyped]
from PySide6.QtCore import Qt

from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.register import PersonInput, add_household, add_identity, add_person
from desktop_app.services.setup import Setup, initialise
from desktop_app.ui import import_dialog
from desktop_app.ui.import_dialog import ImportDialog
from desktop_app.ui.payment_dialog import PaymentDialog
from desktop_app.ui.payment_table import NAME, NOTE
from desktop_app.ui.void_refund_dialog import RefundDialog, VoidDialog

NOW = datetime(2021, 11, 1, 9, 30)
PASSWORD = "secret1"
REGION = "220102"


def village(folder: Path, policy_id: str, area: str | None) -> tuple[Ledger, Acting, dict[str, int]]:
    """新立村 with the 王 family: 户主 on 低保, spouse (蒙古族), a schoolboy, a newborn without an ID yet."""
    folder.mkdir(parents=True, exist_ok=True)
    ledger = Ledger.open(folder / "village.sqlite", create=True, clock=lambda: NOW)
    op = initialise(
        ledger, Setup(policy_id, "新立村", "李会计", "XL", area=area, village_groups=("一组", "二组", "三组")), PASSWORD
    )
    h = add_household(ledger, op, "0001", "新立村一组3号", "一组", "13804310001")
    ids = {
        "household": h,
        "head": add_person(ledger, op, h, PersonInput("王建国", demo_id(REGION, "1970-03-14", 131), relation="户主")),
        "spouse": add_person(
            ledger,
            op,
            h,
            PersonInput("李秀兰", demo_id(REGION, "1972-07-02", 142), relation="配偶", ethnicity="蒙古族"),
        ),
        "student": add_person(
            ledger, op, h, PersonInput("王小明", demo_id(REGION, "2010-09-01", 153), relation="子", student=True)
        ),
        "newborn": add_person(
            ledger, op, h, PersonInput("王宝宝", birth_date=date(2021, 10, 1), sex="女", relation="孙女")
        ),
    }
    add_identity(ledger, op, ids["head"], "subsistence_allowance", "民政", "农村低保对象名册")
    other = add_household(ledger, op, "0002", "新立村一组5号", "一组", "")
    ids["other"] = add_person(
        ledger, op, other, PersonInput("张民生", demo_id(REGION, "1958-05-20", 164), relation="户主")
    )
    return ledger, op, ids


def type_cash(dialog: PaymentDialog, yuan: int) -> None:
    dialog.cash.setText(str(yuan))
    dialog.cash.textEdited.emit(str(yuan))
    dialog.cash.deselect()


def reason_is_reachable(dialog: PaymentDialog, person_id: int) -> None:
    """A long reason may be cut short in the 说明 cell; its tooltip and 计算说明 must hold all of it."""
    r = next(r for r, row in enumerate(dialog.presenter.rows()) if row.person_id == person_id)
    row = dialog.presenter.rows()[r]
    cell = dialog.table.item(r, NOTE)
    assert row.note and cell is not None, "the ineligible member has no reason"
    assert row.note in cell.toolTip(), f"the 说明 tooltip lacks the reason: {cell.toolTip()!r}"
    dialog.table.setCurrentCell(r, NAME)
    assert row.note in dialog.details.toPlainText(), "计算说明 lacks the reason"


def roster_file(folder: Path) -> Path:
    """A 花名册 as a township sends it, with the mistakes villages make: a bad check digit,
    a missing name, an unknown ethnicity."""
    good = demo_id(REGION, "1980-01-01", 123)
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["户号", "姓名", "身份证号", "与户主关系", "民族", "村民小组", "联系电话"])
    sheet.append(["0101", "张大山", demo_id(REGION, "1965-05-05", 211), "户主", "汉族", "二组", "13900000001"])
    sheet.append(["0101", "刘桂芝", demo_id(REGION, "1967-08-09", 222), "配偶", "汉", "二组", ""])
    sheet.append(["0102", "赵小军", good, "户主", "", "二组", ""])
    sheet.append(["0103", "钱立新", bad, "户主", "", "三组", ""])
    sheet.append(["0103", "", demo_id(REGION, "1990-02-02", 244), "子", "", "三组", ""])
    sheet.append(["0104", "孙志强", demo_id(REGION, "1991-03-03", 255), "户主", "火星族", "三组", ""])
    sheet.append(["0104", "孙丽", demo_id(REGION, "1993-04-04", 266), "配偶", "汉族", "三组", ""])
    path = folder / "二三组花名册.xlsx"
    book.save(path)
    return path


def identity_file(folder: Path) -> Path:
    """A 低保 list from 民政: two villagers already registered, one from another village."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["序号", "姓名", "身份证号", "认定日期"])
    sheet.append([1, "王建国", demo_id(REGION, "1970-03-14", 131), "2021-03-01"])
    sheet.append([2, "张民生", demo_id(REGION, "1958-05-20", 164), "2021-06-15"])
    sheet.append([3, "周外村", demo_id(REGION, "1961-09-09", 277), "2021-06-15"])
    path = folder / "2021年低保名单.xlsx"
    book.save(path)
    return path


def checked(camera: Camera, dialog: ImportDialog, path: Path) -> ImportDialog:
    """The file chosen (as if in the file chooser) and the check run to its end.

    The path is given relative to the folder the script works in, so the picture shows the
    file's name and not a temporary folder's."""
    os.chdir(path.parent)
    import_dialog.ask_open_path = lambda parent, title: Path(path.name)
    dialog.choose_file()
    dialog.start_check()
    while dialog.running():  # the check runs on a worker thread; its results arrive as queued signals
        camera.app.processEvents()
        if dialog.thread_ is not None:
            dialog.thread_.wait(20)
    camera.settle()
    return dialog


def main() -> None:
    camera = Camera(out_dir())

    # 收费 under 吉林's policy: the family, the 低保 subsidy, cash typed, change shown.
    ledger, op, ids = village(WORK / "jl", "jl-2022", "changchun")
    dialog = PaymentDialog(ledger, op, ids["household"])
    camera.show(dialog)  # the cash box takes the focus (and selects its text) when shown; then the typing
    type_cash(dialog, (dialog.presenter.total_due // 10000 + 1) * 100)
    camera.shot(dialog, "payment.png")
    dialog.confirm()
    camera.shot(dialog, "payment-done.png")
    assert dialog.payment is not None
    receipt = dialog.payment.receipt_no
    dialog.close()

    # 作废 and 退费: the receipt, the reason, the password typed (shown as dots).
    void = VoidDialog(ledger, op, receipt)
    void.reason.setText("金额收错，重新开票")
    void.password.setText(PASSWORD)
    camera.shot(void, "void.png", (760, 420))
    void.close()
    refund = RefundDialog(ledger, op, receipt)
    refund.reason.setCurrentIndex(max(1, refund.reason.findData("employee_insurance")))
    refund.note.setText("2021年10月已参加县城职工医保")
    for row in range(refund.table.rowCount()):  # only 李秀兰 is refunded
        tick, name = refund.table.item(row, 0), refund.table.item(row, 1)
        if tick is not None and name is not None and tick.flags() & Qt.ItemFlag.ItemIsUserCheckable:
            tick.setCheckState(Qt.CheckState.Checked if name.text() == "李秀兰" else Qt.CheckState.Unchecked)
    refund.password.setText(PASSWORD)
    camera.shot(refund, "refund.png")  # as the app opens it: the table keeps its room for the four members
    refund.close()

    # 达拉特旗: schools collect from students, so the schoolboy cannot be ticked; the reason is shown.
    ledger2, op2, ids2 = village(WORK / "nm", "nm-dalate-2022", None)
    dialog2 = PaymentDialog(ledger2, op2, ids2["household"])
    camera.show(dialog2)  # the wrapped rows get their height once the columns have their width
    reason_is_reachable(dialog2, ids2["student"])
    camera.shot(dialog2, "payment-ineligible.png")
    dialog2.table.setCurrentCell(0, NAME)
    type_cash(dialog2, dialog2.presenter.total_due // 100 - 200)
    dialog2.confirm()
    camera.shot(dialog2, "payment-short.png")
    dialog2.close()

    # 导入: a roster with bad rows, checked (nothing written yet); a 低保 list checked against the register.
    files = WORK / "files"
    files.mkdir()
    camera.shot(
        checked(camera, ImportDialog(ledger, op, "roster"), roster_file(files)), "import-report.png", (900, 600)
    )
    identities = ImportDialog(ledger, op, "identities")
    assert identities.identity is not None and identities.source is not None
    identities.identity.setCurrentIndex(identities.identity.findData("subsistence_allowance"))
    identities.source.setCurrentIndex(identities.source.findData("民政"))
    camera.shot(checked(camera, identities, identity_file(files)), "import-identities.png", (900, 600))

    camera.close_all()
    ledger.close()
    ledger2.close()


if __name__ == "__main__":
    main()
