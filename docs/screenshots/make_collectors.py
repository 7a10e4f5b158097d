"""Screenshots of several collectors and what the newcomer tripped on, at 1366×768 and at 字号 特大.

    .venv/bin/python docs/screenshots/make_collectors.py [OUT_DIR]

Writes, each also as ``…-large.png`` at 字号 特大: wizard-mode.png (村, 第二台电脑 or 乡镇),
wizard-expired.png (every policy's collection period over: the red warning), wizard-admin.png
(the 管理密码), wizard-join.png (the second laptop picks the first one's backup),
admin-gate.png, collectors.png (收款员管理), collector-add.png, settings-collector.png (设置 as a second
collector: the receipt prefix is theirs), receipt-prompt.png (作废 offers
the household's receipt), paid-up.png (F5 on a household that has paid) and empty-status.png
(a village with no payment yet: 暂无收款). The village is made here with the services in a
temporary folder (吉林 jl-2022 on 2021-11-01); the expired wizard runs on 2026-12-07.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from camera import WORK, Camera, out_dir
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QWidget

from desktop_app.domain.idnumber import resident_id
from desktop_app.domain.operators import Acting
from desktop_app.services.backups import backup_now
from desktop_app.services.ledger import Ledger
from desktop_app.services.operators import acting_as, add_collector, find_operator, set_active, set_admin_password
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.register import PersonInput, add_household, add_person
from desktop_app.services.setup import Setup, initialise
from desktop_app.ui.collectors_dialog import AddCollectorDialog, AdminGate, CollectorsDialog
from desktop_app.ui.main_window import MainWindow
from desktop_app.ui.receipt_prompt import ReceiptNumberDialog
from desktop_app.ui.settings_dialog import SettingsDialog
from desktop_app.ui.widgets import apply_font_size
from desktop_app.ui.wizard import SetupWizard

NOW = datetime(2021, 11, 1, 9, 30)
LATE = datetime(2026, 12, 7, 9, 30)


def village(folder: Path, name: str = "青吉村", paid: bool = True) -> tuple[Ledger, Acting]:
    folder.mkdir(parents=True, exist_ok=True)
    ledger = Ledger.open(folder / "village.sqlite", create=True, clock=lambda: NOW)
    op = initialise(
        ledger,
        Setup("jl-2022", name, "钱会计", "QJC", area="changchun", village_groups=("一组", "二组", "三组")),
        "qian-1234",
        "guanli-1234",
    )
    if not paid:
        return ledger, op
    for h, (no, names) in enumerate((("10001", ("欧阳秀英", "司马长风", "上官婉儿")), ("10002", ("王建国", "李桂兰")))):
        hid = add_household(ledger, op, no, f"{name}一组{h + 1}号", "一组", "13900000001")
        people = [
            add_person(
                ledger,
                op,
                hid,
                PersonInput(
                    n, resident_id("220102", f"19{70 + m}-03-1{h}", 10 * h + m), relation="户主" if m == 0 else "子女"
                ),
            )
            for m, n in enumerate(names)
        ]
        if h == 0:
            pay(ledger, op, PaymentRequest(tuple(people), 120000, NOW.date()))
    return ledger, op


def modal(camera: Camera, name: str, then: str = "close") -> None:
    """Grab the next modal dialog from inside its own event loop, then close it."""

    def grab() -> None:
        box = QApplication.activeModalWidget()
        if box is None:
            QTimer.singleShot(20, grab)
            return
        camera.shot(box, name)
        box.close()

    QTimer.singleShot(0, grab)


def both(camera: Camera, make: object, name: str) -> None:
    """The screen at 中 and at 特大 (the older collector's setting), each made afresh."""
    for size, suffix in (("中", ""), ("特大", "-large")):
        apply_font_size(size, remember=False)
        widget = make()  # type: ignore[operator]
        assert isinstance(widget, QWidget)
        camera.shot(widget, name.replace(".png", f"{suffix}.png"))
        widget.close()
    apply_font_size("中", remember=False)


def main() -> None:
    camera = Camera(out_dir())
    ledger, op = village(WORK / "village")
    set_admin_password(ledger, op, "guanli-1234")
    add_collector(ledger, op, "王组长", "wang-1234", "QJCWZZ")
    zhao = add_collector(ledger, op, "赵组长", "zhao-1234", "QJCZZZ")
    set_active(ledger, op, zhao.id, False)
    backup = backup_now(ledger, WORK / "stick", password="guanli-1234")  # on a stick: encrypted

    def wizard_at(page: str, clock: datetime = NOW) -> SetupWizard:
        wizard = SetupWizard(WORK / f"new-{page}.sqlite", clock=lambda: clock)
        wizard.show()  # a wizard starts again from its first page when shown: show it, then go on
        if page == "policy":
            wizard.next()
        elif page == "admin":
            wizard.next()
            wizard.policy_page.policies.setCurrentRow(
                next(i for i, c in enumerate(wizard.policy_page.choices) if c.id == "jl-2022")
            )
            wizard.policy_page.area.setCurrentIndex(1)
            wizard.next()
            wizard.village_page.village.setText("青吉村")
            wizard.next()
            wizard.collector_page.collector.setText("钱会计")
            wizard.collector_page.password.setText("qian-1234")
            wizard.collector_page.password_again.setText("qian-1234")
            wizard.next()
        elif page == "join":
            wizard.mode_page.join.setChecked(True)
            wizard.next()
            wizard.join_page.path.setText(str(backup))
            wizard.join_page.password.setText("guanli-1234")
        camera.settle()
        return wizard

    both(camera, lambda: wizard_at("mode"), "wizard-mode.png")
    both(camera, lambda: wizard_at("policy", LATE), "wizard-expired.png")
    both(camera, lambda: wizard_at("admin"), "wizard-admin.png")
    both(camera, lambda: wizard_at("join"), "wizard-join.png")
    both(camera, lambda: AdminGate(ledger, op), "admin-gate.png")
    both(camera, lambda: CollectorsDialog(ledger, op), "collectors.png")

    def adding() -> AddCollectorDialog:
        dialog = AddCollectorDialog(ledger, op)
        dialog.name.setText("孙组长")
        dialog.password.setText("sun-1234")
        dialog.again.setText("sun-1234")
        return dialog

    both(camera, adding, "collector-add.png")
    wang = acting_as(ledger, find_operator(ledger, "王组长"))
    both(camera, lambda: SettingsDialog(ledger, wang), "settings-collector.png")  # 王组长's own prefix
    receipt = ledger.db.execute("SELECT receipt_no FROM payments LIMIT 1").fetchone()[0]
    both(camera, lambda: ReceiptNumberDialog(ledger, "作废收据", [receipt]), "receipt-prompt.png")

    for size, suffix in (("中", ""), ("特大", "-large")):
        apply_font_size(size, remember=False)
        window = MainWindow(ledger, op)
        window.resize(1366, 768)
        camera.show(window)
        window.search.setText("10001")
        window.run_search()
        camera.settle()
        modal(camera, f"paid-up{suffix}.png")
        window.actions_.pay.trigger()
        window.close()
    empty, empty_op = village(WORK / "empty", "空村", paid=False)
    for size, suffix in (("中", ""), ("特大", "-large")):
        apply_font_size(size, remember=False)
        window = MainWindow(empty, empty_op)
        window.resize(1366, 768)
        camera.show(window)
        window.presenter.refresh_status()
        camera.shot(window, f"empty-status{suffix}.png")
        window.close()
    apply_font_size("中", remember=False)
    camera.close_all()
    empty.close()
    ledger.close()


if __name__ == "__main__":
    main()
