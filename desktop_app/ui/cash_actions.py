"""The window's part for forms, cash and refund applications: menu entries, the status bar's cash warning.

收费 menu: 领用票据, 作废票据, 票据情况 (books with used / spoiled / unused numbers), 结报
(cash in hand, count, range; the slip number, the receiver, the amount counted; the 结报单),
退费申请 (their state; 已退 / 不予退费 with a note). 打印 menu: 结报单 again, the 先缴后补
发放名单, the 套打测试页. The status bar says the collector's unsettled cash, in red when it
is over the limit or held past the deadline (压款, services.cash.in_hand); it is looked at
again whenever the window comes back to the front (a dialog closed) and every minute (a new
day can make cash overdue). The dialogs are imported inside the slots.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QInputDialog, QLabel

from desktop_app.domain.money import format_yuan
from desktop_app.services.cash import settlements
from desktop_app.ui.cash_presenters import cash_warning
from desktop_app.ui.features import MenuPart, action

if TYPE_CHECKING:
    from desktop_app.ui.main_window import MainWindow

CASH_MENU = "收费(&S)"
PRINT_MENU = "打印(&P)"
REFRESH_MS = 60_000

KEYS = (
    ("Alt+S, B", "领用税务专用票据"),
    ("Alt+S, K", "作废一张未用的票据"),
    ("Alt+S, L", "票据情况：已用、作废、未用的号码"),
    ("Alt+S, J", "结报：交出手中现金，打印结报单"),
    ("Alt+S, A", "退费申请：状态、记下答复、打印申请表"),
    ("F6", "收费窗口中：补录以前收的款（填实际缴费日期和原因）"),
)


class CashWatch(QObject):
    """Keeps the status bar's cash label current: on the window's activation, and every minute."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self.window = window
        self.label = QLabel()
        self.label.setObjectName("cash-in-hand")
        self.label.setContentsMargins(8, 0, 8, 0)
        window.statusBar().addPermanentWidget(self.label)
        window.installEventFilter(self)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        QTimer.singleShot(0, self, self.refresh)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.window and event.type() == QEvent.Type.WindowActivate:
            self.refresh()
        return False

    def refresh(self) -> None:
        warning = cash_warning(self.window.ledger, self.window.acting)
        self.label.setText(warning.text)
        self.label.setToolTip(warning.detail)
        self.label.setStyleSheet("color: #b71c1c; font-weight: bold;" if warning.warning else "")


class CashActions:
    def __init__(self, window: MainWindow) -> None:
        self.w = window
        self.watch = CashWatch(window)

    def _done(self, message: str | None) -> None:
        self.w.after_change()
        self.watch.refresh()
        if message:
            self.w.statusBar().showMessage(message, 10000)

    def receive(self) -> None:
        from desktop_app.ui.bills_dialog import ReceiveDialog
        from desktop_app.ui.cash_presenters import BillsPresenter

        dialog = ReceiveDialog(BillsPresenter(self.w.ledger, self.w.acting), self.w)
        if dialog.exec():
            self._done(dialog.book_text)

    def spoil(self) -> None:
        from desktop_app.ui.bills_dialog import SpoilDialog
        from desktop_app.ui.cash_presenters import BillsPresenter

        dialog = SpoilDialog(BillsPresenter(self.w.ledger, self.w.acting), self.w)
        if dialog.exec():
            self._done(dialog.done_text)

    def books(self) -> None:
        from desktop_app.ui.bills_dialog import BillsDialog

        BillsDialog(self.w.ledger, self.w.acting, self.w).exec()
        self._done(None)

    def settle(self) -> None:
        from desktop_app.ui.settle_dialog import SettleDialog

        dialog = SettleDialog(self.w.ledger, self.w.acting, self.w)
        dialog.exec()
        self._done(dialog.summary())

    def refunds(self) -> None:
        from desktop_app.ui.refund_applications_dialog import RefundApplicationsDialog

        RefundApplicationsDialog(self.w.ledger, self.w.acting, self.w).exec()
        self._done(None)

    def _print(self, kind: str, **kw: object) -> None:
        from desktop_app.ui.print_dialog import choose_and_print

        message = choose_and_print(self.w, self.w.ledger, self.w.acting, kind, **kw)
        if message:
            self.w.statusBar().showMessage(message, 10000)

    def print_settlement(self) -> None:
        own = settlements(self.w.ledger, self.w.acting.operator.id)
        if not own:
            self.w.statusBar().showMessage(f"收款员“{self.w.acting.name}”还没有结报过", 6000)
            return
        numbers = [
            f"第 {s.settlement_no} 号　{s.settled_on}　{format_yuan(s.amount)} 元　缴款书 {s.slip_no}"
            for s in reversed(own)
        ]
        chosen, ok = QInputDialog.getItem(self.w, "结报单", "补打哪一次结报：", numbers, 0, False)
        if ok and chosen:
            number = int(chosen.split()[1])
            self._print("settlement", settlement_no=number)


def parts(window: MainWindow) -> list[MenuPart]:
    a = CashActions(window)  # kept alive by its actions' slots; its status label is the window's
    cash_items = [
        action(window, "领用票据(&B)...", a.receive),
        action(window, "作废票据(&K)...", a.spoil),
        action(window, "票据情况(&L)...", a.books),
        None,
        action(window, "结报(&J)...", a.settle),
        action(window, "退费申请(&A)...", a.refunds),
    ]
    print_items = [
        action(window, "结报单(&J)...", a.print_settlement),
        action(window, "先缴后补发放名单(&H)...", lambda: a._print("payout")),
        action(window, "套打测试页(&T)...", lambda: a._print("test_page")),
    ]
    return [MenuPart(CASH_MENU, cash_items, keys=KEYS), MenuPart(PRINT_MENU, print_items)]
