"""断保与补缴年数: what the ledger cannot know about someone new to the village, entered by hand.

Since 2025 the waiting period of a late or returning payer grows with the benefit years
they were uncovered and shrinks with the years they paid back (国办发〔2024〕38号). The
ledger counts the years it had open; for a person who moved in, or whose earlier years
were kept elsewhere, the collector enters what the county's system or the villager's
own record says. The dialog shows what the quote uses now and why, year by year, and
every earlier entry with who made it; 登记 and 清除登记 each add a row with an audit entry
(``services.years``), so nothing entered is ever lost. A wrong figure shows a red line
naming the field and writes nothing.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.history import ENTERED, LEDGER, SOURCE_LABELS, PersonHistory
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.register import get_person
from desktop_app.services.years import clear_history, history_entries, history_for, set_history
from desktop_app.ui.dialog_parts import buddy_rows, entry_buttons
from desktop_app.ui.widgets import MessageLabel, set_tab_order


def history_text(h: PersonHistory) -> str:
    """What the quote uses now, then each earlier year the ledger looked at, newest first."""
    source = f"（{SOURCE_LABELS[h.source]}）" if h.source == LEDGER else ""  # an entry names who entered it
    lines = [f"现在按：{h.describe()}{source}"]
    lines += [f"　{y.year}年度：{y.why}" for y in h.years]
    return "\n".join(lines)


class HistoryDialog(QDialog):
    """``changed`` is True once something was written (the window refreshes what it shows)."""

    def __init__(self, ledger: Ledger, acting: Acting, person_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting, self.person_id = ledger, acting, person_id
        self.year = acting.benefit_year
        self.changed = False
        person = get_person(ledger, person_id)
        self.setWindowTitle(f"断保与补缴年数 — {person.name}（{self.year}年度）")
        who = QLabel(f"<b>{person.name}</b>　{person.id_number or '（无证件）'}　生于 {person.birth_date.year} 年")
        explain = QLabel(
            f"{self.year}年度以前连续未参保的年数（断保年数）和其中已补缴的年数，决定期外缴费或断保后"
            "再参保的待遇等待期。账本中有记录的年度自动计算；新迁入的人，请按县医保系统的查询结果登记。"
        )
        explain.setWordWrap(True)
        explain.setStyleSheet("color: #616161;")
        self.now_label = QLabel()
        self.now_label.setWordWrap(True)
        self.now_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.now_label.setMargin(6)
        self.entries_label = QLabel()
        self.entries_label.setWordWrap(True)

        self.uncovered = QSpinBox()
        self.uncovered.setRange(0, 120)
        self.uncovered.setSuffix(" 年")
        self.back_paid = QSpinBox()
        self.back_paid.setRange(0, 120)
        self.back_paid.setSuffix(" 年")
        self.note = QLineEdit()
        self.note.setPlaceholderText("如：县医保系统查询结果；外地迁入，原参保地证明")
        form = buddy_rows(
            QFormLayout(),
            (("断保年数(&U)：", self.uncovered), ("其中补缴年数(&B)：", self.back_paid), ("说明(&N)：", self.note)),
        )

        self.message = MessageLabel()
        buttons, self.save_button, self.clear_button, self.close_button = entry_buttons(
            self, ("登记(&S)", self.save), ("清除登记(&C)", self.clear_entry), "关闭 (Esc)"
        )

        layout = QVBoxLayout(self)
        for label in (who, explain, self.now_label, self.entries_label):
            layout.addWidget(label)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        set_tab_order(self.uncovered, self.back_paid, self.note, self.save_button, self.clear_button, self.close_button)
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 36)
        self._show(history_for(ledger, [person_id], self.year)[person_id])
        self.uncovered.setFocus()
        self.uncovered.selectAll()

    def _show(self, h: PersonHistory) -> None:
        self.history = h
        self.now_label.setText(history_text(h))
        mine = [e for e in history_entries(self.ledger, self.person_id) if e.benefit_year == self.year]
        lines = [
            f"　{e.entered_at[:16].replace('T', ' ')} {e.operator}："
            + ("清除登记" if e.cleared else f"断保{e.uncovered_years}年，补缴{e.back_paid_years or 0}年")
            + (f"（{e.note}）" if e.note else "")
            for e in mine
        ]
        self.entries_label.setText("本年度的登记：\n" + "\n".join(lines) if lines else "本年度还没有登记过。")
        entered = h.source == ENTERED and h.entry is not None and h.entry.benefit_year == self.year
        self.clear_button.setEnabled(entered)
        if entered and h.entry is not None:
            self.uncovered.setValue(h.entry.uncovered_years or 0)
            self.back_paid.setValue(h.entry.back_paid_years or 0)
            self.note.setText(h.entry.note)
        elif h.uncovered_years is not None:
            self.uncovered.setValue(h.uncovered_years)
            self.back_paid.setValue(h.back_paid_years or 0)

    def save(self) -> None:
        try:
            found = set_history(
                self.ledger,
                self.acting,
                self.person_id,
                self.year,
                self.uncovered.value(),
                self.back_paid.value(),
                self.note.text(),
            )
        except LedgerError as e:
            self.message.show_error(str(e))
            ({"back_paid": self.back_paid, "note": self.note}.get(e.field or "", self.uncovered)).setFocus()
            return
        self.changed = True
        self._show(found)
        self.message.show_ok(f"已登记：{found.describe()}。收费时按此计算待遇等待期。")

    def clear_entry(self) -> None:
        try:
            found = clear_history(self.ledger, self.acting, self.person_id, self.year)
        except LedgerError as e:
            self.message.show_error(str(e))
            return
        self.changed = True
        self._show(found)
        self.message.show_ok("已清除登记，改按账本记录计算。")
        self.uncovered.setFocus()
