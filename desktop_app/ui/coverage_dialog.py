"""参保状态: one person's status for the benefit year beyond "paid here", set or cleared by hand.

The collector hears at the door that someone paid on their phone last week, works in
the county town (职工医保), serves in the army, or refuses; the dialog records it with
the date, and for a payment elsewhere the channel, amount and reference. A refusal
needs the reason the villager gave: it is printed in the 未缴名单's 未参保原因. Every
change is a new mark with an audit entry (``services.coverage``); 清除 takes a status
back. A wrong entry shows a red line under the form naming the field and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.money import Fen, MoneyError, format_yuan, parse_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services.coverage import CHANNELS, STATUSES, Coverage, clear, coverage_of, mark
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.payments import live_payment_for
from desktop_app.services.register import get_household, get_person
from desktop_app.ui.dialog_parts import entry_buttons
from desktop_app.ui.register_presenters import parse_day
from desktop_app.ui.widgets import MessageLabel, set_tab_order

PAID_ELSEWHERE, REFUSED = "paid_elsewhere", "refused"
HINTS = {
    PAID_ELSEWHERE: "线上（手机）、银行、POS、学校或单位已经缴过：不再收现金，计入参保率。",
    REFUSED: "仍在未缴名单上（还要再去）；请写明村民怎么说的，会印在未缴名单的“未参保原因”一栏。",
}
EXCLUDED_HINT = "不计入本村应参保人数，也不在未缴名单上；不能在本村收费。"


@dataclass(frozen=True)
class CoverageForm:
    """What the collector typed, as text; ``entered`` turns it into the service's arguments."""

    status: str
    channel: str = ""
    on: str = ""
    amount: str = ""
    reference: str = ""
    note: str = ""

    def entered(self) -> tuple[date | None, Fen | None]:
        """The date and the amount, read; a LedgerError naming the field when either cannot be read."""
        on = parse_day(self.on, "日期", "on")
        amount: Fen | None = None
        if self.status == PAID_ELSEWHERE and self.amount.strip():
            try:
                amount = parse_yuan(self.amount.strip().removesuffix("元"))
            except MoneyError as e:
                raise LedgerError(f"缴费金额：{e}", "amount") from None
        return on, amount


def save_coverage(ledger: Ledger, acting: Acting, person_id: int, form: CoverageForm) -> Coverage:
    """Set the status (the fields another status does not take are left out, not refused)."""
    on, amount = form.entered()
    elsewhere = form.status == PAID_ELSEWHERE
    return mark(
        ledger,
        acting,
        person_id,
        form.status,
        note=form.note,
        on=on,
        channel=form.channel if elsewhere else None,
        amount=amount if elsewhere else None,
        reference=form.reference if elsewhere else "",
    )


class CoverageDialog(QDialog):
    """``changed`` is True once something was written (the window refreshes its lists)."""

    def __init__(self, ledger: Ledger, acting: Acting, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting, self.person_id = ledger, acting, person_id
        self.changed = False
        self.saved: Coverage | None = None
        person = get_person(ledger, person_id)
        household = get_household(ledger, person.household_id)
        self.setWindowTitle(f"参保状态 — {person.name}（{acting.benefit_year}年度）")
        self.current = coverage_of(ledger, person_id, acting.benefit_year)
        receipt = live_payment_for(ledger, person_id, acting.benefit_year)

        who = QLabel(
            f"<b>{person.name}</b>　{person.id_number or '（无证件）'}　户号 {household.household_no}"
            f"　{household.village_group}"
        )
        self.now_label = QLabel(self._current_text(receipt))
        self.now_label.setWordWrap(True)
        self.now_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.now_label.setMargin(6)

        self.status = QComboBox()
        for code, label in STATUSES.items():
            self.status.addItem(label, code)
        self.channel = QComboBox()
        for code, label in CHANNELS.items():
            self.channel.addItem(label, code)
        self.on = QLineEdit()
        self.on.setPlaceholderText(f"如 {ledger.now().date().isoformat()}；不填为今天")
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("如 380（元），不知道可不填")
        self.reference = QLineEdit()
        self.reference.setPlaceholderText("电子税票号码、订单号等，可不填")
        self.note = QLineEdit()
        self.hint = QLabel()
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: #616161;")
        form = QFormLayout()
        self.on_label = QLabel()
        rows: list[tuple[QLabel | str, QWidget]] = [
            ("参保状态(&Z)：", self.status),
            ("", self.hint),
            ("缴费渠道(&Q)：", self.channel),
            (self.on_label, self.on),
            ("缴费金额（元）(&J)：", self.amount),
            ("缴费凭证(&P)：", self.reference),
            ("说明(&N)：", self.note),
        ]
        self.rows: dict[QWidget, QLabel] = {}
        for text, widget in rows:
            caption = text if isinstance(text, QLabel) else QLabel(text)
            caption.setBuddy(widget)
            form.addRow(caption, widget)
            self.rows[widget] = caption

        self.message = MessageLabel()
        buttons, self.save_button, self.clear_button, self.cancel_button = entry_buttons(
            self, ("保存(&S)", self.save), ("清除状态(&C)", self.clear_status), "取消 (Esc)"
        )
        self.clear_button.setEnabled(self.current is not None)

        layout = QVBoxLayout(self)
        layout.addWidget(who)
        layout.addWidget(self.now_label)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        set_tab_order(
            self.status,
            self.channel,
            self.on,
            self.amount,
            self.reference,
            self.note,
            self.save_button,
            self.clear_button,
            self.cancel_button,
        )
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 36)

        self.status.currentIndexChanged.connect(lambda _: self._status_changed())
        if self.current is not None:
            self._load(self.current)
        self._status_changed()
        self.status.setFocus()

    def _current_text(self, receipt: str | None) -> str:
        parts = []
        if receipt:
            parts.append(f"本村已收费：收据 {receipt}")
        parts.append(
            f"现在：{self.current.describe()}"
            if self.current is not None
            else "现在：没有参保状态登记（按本村收据计算）"
        )
        return "\n".join(parts)

    def _load(self, c: Coverage) -> None:
        self.status.setCurrentIndex(max(0, self.status.findData(c.status)))
        if c.channel:
            self.channel.setCurrentIndex(max(0, self.channel.findData(c.channel)))
        day = c.paid_on if c.status == PAID_ELSEWHERE else c.set_on
        self.on.setText(day.isoformat() if day else "")
        self.amount.setText(format_yuan(c.amount) if c.amount is not None else "")
        self.reference.setText(c.reference)
        self.note.setText(c.note)

    def _status_changed(self) -> None:
        code = self.code()
        elsewhere = code == PAID_ELSEWHERE
        for widget in (self.channel, self.amount, self.reference):
            widget.setEnabled(elsewhere)
            self.rows[widget].setEnabled(elsewhere)
        self.on_label.setText("缴费日期(&D)：" if elsewhere else "起始日期(&D)：")
        self.note.setPlaceholderText(
            "必填：村民怎么说的，如 说身体好，不想交" if code == REFUSED else "可不填，如 在县城企业上班"
        )
        self.hint.setText(HINTS.get(code, EXCLUDED_HINT))

    def code(self) -> str:
        return str(self.status.currentData())

    def form(self) -> CoverageForm:
        return CoverageForm(
            self.code(),
            str(self.channel.currentData()),
            self.on.text(),
            self.amount.text(),
            self.reference.text(),
            self.note.text(),
        )

    def save(self) -> None:
        try:
            done = save_coverage(self.ledger, self.acting, self.person_id, self.form())
        except LedgerError as e:
            self.message.show_error(e.message)
            widget = {
                "status": self.status,
                "channel": self.channel,
                "on": self.on,
                "amount": self.amount,
                "reference": self.reference,
                "note": self.note,
            }.get(e.field or "")
            if widget is not None and widget.isEnabled():
                widget.setFocus()
            return
        self.changed = True
        self.saved = done
        self.accept()

    def clear_status(self) -> None:
        try:
            clear(self.ledger, self.acting, self.person_id)
        except LedgerError as e:
            self.message.show_error(e.message)
            return
        self.changed = True
        self.accept()
