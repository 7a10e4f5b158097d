"""Screenshots of forms, cash and refunds: the printouts and the 收费 menu's dialogs, at 字号 中 and 特大.

    .venv/bin/python docs/screenshots/make_cash.py [OUT_DIR]

Printouts (first page, via pdftoppm): receipt-58mm.png (the village's slip on a 58 mm
roll), receipt-form.png (套打 onto the tax office's form, example layout), form-test-page.png
(the calibration page), settlement-sheet.png (结报单), refund-form.png (退费申请表),
payout-list.png (先缴后补 发放名单, 达拉特旗), day-summary-late.png (日结单 with a 补录).
Dialogs, each also as *-large.png at 字号 特大: bills (票据情况), bills-receive (领用),
bills-spoil (作废票据), settle (结报), refund-applications (退费申请), refund-answer
(不予退费), late-entry (补录), payment-forms (收费 with the form number), payment-late (in 补录 mode),
refund-application (退费 as an application), settings-receipt (设置 with its 收据与票据 row),
receipt-settings (收据与票据: 查询渠道, 资助身份, 套打 layout and offset, the test page),
main-window-cash (the status bar's cash warning).

新立村 (jl-2022, 长春) takes payments on forms from 2021-11-01 with a limit of 1000 yuan, so
its collector is over the limit on the second day; 达拉特旗's village is for the payout list.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

from camera import WORK, Camera, out_dir
from PySide6.QtWidgets import QDialog, QWidget

from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.operators import Acting
from desktop_app.services import printouts
from desktop_app.services.bills import next_free, receive, spoil
from desktop_app.services.cash import set_cash_rules, settle
from desktop_app.services.cash_papers import unsettled
from desktop_app.services.ledger import Ledger
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.receipt_settings import set_receipt_settings
from desktop_app.services.records import load_payment_by_receipt
from desktop_app.services.refunds import refund, refund_applications, set_refund_state
from desktop_app.services.register import PersonInput, add_household, add_identity, add_person
from desktop_app.services.setup import Setup, initialise
from desktop_app.ui.widgets import apply_font_size

PASSWORD = "secret1"
REGION = "220102"
START = datetime(2021, 11, 1, 9, 30)
HOUSEHOLDS: list[tuple[str, str, list[tuple[str, str, str, str | None, str]]]] = [
    (
        "0001",
        "一组",
        [
            ("王建国", "1970-03-14", "户主", "subsistence_allowance", ""),
            ("李秀兰", "1972-07-02", "配偶", None, ""),
            ("王小明", "2010-09-01", "子", None, ""),
        ],
    ),
    ("0002", "一组", [("张民生", "1958-05-20", "户主", None, ""), ("刘桂芝", "1960-11-11", "配偶", None, "")]),
    ("0003", "一组", [("赵德福", "1949-01-08", "户主", "extreme_poverty", "")]),
    ("0004", "一组", [("孙丽娟", "1981-04-16", "户主", None, ""), ("孙浩然", "2012-06-30", "子", None, "")]),
    ("0005", "二组", [("周长海", "1966-08-03", "户主", None, ""), ("吴淑芬", "1968-12-25", "配偶", None, "")]),
    ("0006", "二组", [("郑国强", "1975-10-10", "户主", None, ""), ("马秀英", "1977-03-08", "配偶", None, "")]),
]


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now


def village(
    folder: Path,
    policy_id: str,
    area: str | None,
    households: list[tuple[str, str, list[tuple[str, str, str, str | None, str]]]],
    clock: Clock,
) -> tuple[Ledger, Acting, dict[str, int], dict[str, int]]:
    ledger = Ledger.open(folder / f"{policy_id}.sqlite", create=True, clock=clock)
    op = initialise(
        ledger, Setup(policy_id, "新立村", "李会计", "XL", area=area, village_groups=("一组", "二组")), PASSWORD
    )
    people: dict[str, int] = {}
    homes: dict[str, int] = {}
    serial = 100
    for no, group, members in households:
        h = add_household(ledger, op, no, f"新立村{group}{int(no)}号", group, f"1380431{no}")
        homes[no] = h
        for name, birth, relation, identity, ethnicity in members:
            serial += 7
            pid = add_person(
                ledger,
                op,
                h,
                PersonInput(
                    name,
                    demo_id(REGION, birth, serial),
                    relation=relation,
                    ethnicity=ethnicity,
                    student=relation in ("子", "女"),
                ),
            )
            if identity:
                add_identity(ledger, op, pid, identity, "民政", "2021年名册")
            people[name] = pid
    return ledger, op, people, homes


def take(
    ledger: Ledger,
    op: Acting,
    people: dict[str, int],
    names: list[str],
    cash: int,
    on: date | None = None,
    late: str | None = None,
) -> str:
    request = PaymentRequest(
        tuple(people[n] for n in names),
        cash * 100,
        on or ledger.now().date(),
        late_entry=late,
        bill_no=next_free(ledger, op.operator),
    )
    return pay(ledger, op, request).receipt_no


def forms_village(folder: Path, clock: Clock) -> tuple[Ledger, Acting, dict[str, int], dict[str, int]]:
    """Two days of 新立村 on the tax office's forms, up to (not including) the settlement."""
    ledger, op, people, homes = village(folder, "jl-2022", "changchun", HOUSEHOLDS, clock)
    set_receipt_settings(ledger, op, query_channel="长春市税务局 12366、吉林税务APP")
    set_cash_rules(ledger, op, limit=100_000, deadline_days=3)
    receive(ledger, op, "0012301", "0012400", "22010021")
    take(ledger, op, people, ["王建国", "李秀兰", "王小明"], 1000)
    spoil(ledger, op, "0012302", "打印错位")
    take(ledger, op, people, ["张民生", "刘桂芝"], 800)
    take(ledger, op, people, ["赵德福"], 10)
    clock.now = START + timedelta(days=1, minutes=35)
    take(ledger, op, people, ["孙丽娟", "孙浩然"], 1000, on=date(2021, 10, 30), late="10月30日停电，按收款存根补录")
    take(ledger, op, people, ["周长海", "吴淑芬"], 800)
    paid = take(ledger, op, people, ["郑国强", "马秀英"], 800)
    wife = next(ln.id_number or "" for ln in load_payment_by_receipt(ledger, paid).lines if ln.name == "马秀英")
    refund(
        ledger,
        op,
        paid,
        "重复缴费",
        id_numbers=(wife,),
        evidence="异地参保缴费凭证",
        bank="农业银行长春新立支行",
        account="6228480012345678",
    )
    return ledger, op, people, homes


def pngs(out: Path, docs: dict[str, printouts.Printout]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, doc in docs.items():
            pdf = printouts.to_pdf(doc, Path(tmp) / f"{name}.pdf")
            dpi = "200" if name in ("receipt-58mm", "receipt-form", "form-test-page") else "100"
            subprocess.run(
                ["pdftoppm", "-r", dpi, "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out / name)],
                check=True,
            )
            print(out / f"{name}.png")


def both(camera: Camera, make: Callable[[], QWidget], name: str, size: tuple[int, int] | None = None) -> None:
    """The dialog at 字号 中 and again, made anew, at 特大."""
    for label, suffix in (("中", ""), ("特大", "-large")):
        apply_font_size(label, remember=False)
        widget = make()
        camera.shot(widget, f"{name}{suffix}.png", size)
        widget.close()
    apply_font_size("中", remember=False)


def main() -> None:
    if not shutil.which("pdftoppm"):
        sys.exit("需要 pdftoppm：sudo apt-get install poppler-utils")
    camera = Camera(out_dir())
    out = camera.out
    clock = Clock()
    ledger, op, people, homes = forms_village(WORK / "forms", clock)

    from desktop_app.ui.bills_dialog import BillsDialog, ReceiveDialog, SpoilDialog
    from desktop_app.ui.cash_presenters import BillsPresenter, RefundListPresenter
    from desktop_app.ui.late_entry import LateEntryDialog
    from desktop_app.ui.main_window import MainWindow
    from desktop_app.ui.payment_dialog import PaymentDialog
    from desktop_app.ui.receipt_settings import ReceiptSettingsDialog
    from desktop_app.ui.refund_applications_dialog import DECLINED, AnswerDialog, RefundApplicationsDialog
    from desktop_app.ui.settings_dialog import SettingsDialog
    from desktop_app.ui.settle_dialog import SettleDialog
    from desktop_app.ui.void_refund_dialog import RefundDialog

    window = MainWindow(ledger, op)
    window.resize(1366, 768)
    window.presenter.select(homes["0005"])
    for label, suffix in (("中", ""), ("特大", "-large")):
        apply_font_size(label, remember=False)
        camera.settle()
        camera.shot(window, f"main-window-cash{suffix}.png")
    apply_font_size("中", remember=False)

    both(camera, lambda: BillsDialog(ledger, op, window), "bills")
    both(camera, lambda: ReceiveDialog(BillsPresenter(ledger, op), window), "bills-receive")
    both(camera, lambda: SpoilDialog(BillsPresenter(ledger, op), window), "bills-spoil")
    both(camera, lambda: SettleDialog(ledger, op, window), "settle")

    def late_payment() -> QDialog:
        dialog = PaymentDialog(ledger, op, homes["0006"], window)
        dialog.cash.setText("800")
        dialog.cash.textEdited.emit("800")  # as if typed: 找零 is worked out (setText alone leaves it blank)
        return dialog

    both(camera, late_payment, "payment-forms")

    def late_mode() -> QDialog:
        dialog = late_payment()
        dialog.extras_bar.apply_late(date(2021, 10, 30), "10月30日停电，按收款存根补录")
        return dialog

    both(camera, late_mode, "payment-late")
    both(
        camera,
        lambda: LateEntryDialog(PaymentDialog(ledger, op, homes["0006"], window).presenter.extras, window),
        "late-entry",
    )
    receipt = next(p.receipt_no for p in unsettled(ledger, op.operator.id).payments if p.household_no == "0005")

    def application() -> QDialog:
        dialog = RefundDialog(ledger, op, receipt, window)
        dialog.reason.setCurrentIndex(dialog.reason.findData("employee_insurance"))
        dialog.application.evidence.setText("职工医保参保证明")
        dialog.application.bank.setText("农村商业银行新立分理处")
        dialog.application.account.setText("6214 6600 1234 5678")
        return dialog

    both(camera, application, "refund-application")
    both(camera, lambda: SettingsDialog(ledger, op, window), "settings-receipt")
    both(camera, lambda: ReceiptSettingsDialog(ledger, op, window), "receipt-settings")

    paid_back = refund_applications(ledger)[0]
    both(camera, lambda: RefundApplicationsDialog(ledger, op, window), "refund-applications")
    rows = RefundListPresenter(ledger, op).rows()
    both(camera, lambda: AnswerDialog(RefundListPresenter(ledger, op), rows[0], DECLINED, window), "refund-answer")

    # The printouts: the slip on 58 mm, the form (套打) and its test page, the day sheet with the late entry.
    first = "XL2022000001"
    late = next(p.receipt_no for p in unsettled(ledger, op.operator.id).payments if p.late_entry)
    docs = {
        "receipt-58mm": printouts.document(ledger, op, "receipt", receipt_no=first, layout="roll58"),
        "receipt-form": printouts.document(ledger, op, "form_receipt", receipt_no=late),
        "form-test-page": printouts.document(ledger, op, "test_page"),
        "day-summary-late": printouts.document(ledger, op, "day_sheet"),
        "refund-form": printouts.document(ledger, op, "refund_form", uid=paid_back.uid),
    }
    due = unsettled(ledger, op.operator.id).cash.in_hand
    clock.now += timedelta(hours=6)
    done = settle(ledger, op, "2201000123", "镇财政所 刘会计", due)
    set_refund_state(ledger, op, paid_back.uid, "已退", "已退到农行账户")
    docs["settlement-sheet"] = printouts.document(ledger, op, "settlement", settlement_no=done.settlement_no)
    dalate, dop, dpeople, _ = village(
        WORK / "dalate",
        "nm-dalate-2022",
        None,
        [
            (
                "0001",
                "一组",
                [
                    ("王建国", "1970-03-14", "户主", "subsistence_allowance", ""),
                    ("李秀兰", "1972-07-02", "配偶", None, "蒙古族"),
                ],
            ),
            (
                "0002",
                "一组",
                [
                    ("巴特尔", "1965-02-11", "户主", None, "蒙古族"),
                    ("其其格", "1967-09-23", "配偶", "monitored", "蒙古族"),
                ],
            ),
            ("0003", "二组", [("刘桂芝", "1958-11-11", "户主", "subsistence_allowance", "")]),
        ],
        Clock(),
    )
    for names in (["王建国", "李秀兰"], ["巴特尔", "其其格"], ["刘桂芝"]):
        pay(dalate, dop, PaymentRequest(tuple(dpeople[n] for n in names), 100_000, dalate.now().date()))
    docs["payout-list"] = printouts.document(dalate, dop, "payout")
    pngs(out, docs)
    camera.close_all()
    ledger.close()
    dalate.close()


if __name__ == "__main__":
    main()
