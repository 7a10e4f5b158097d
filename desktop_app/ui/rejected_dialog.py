"""被退回人员: everyone the county sent back, with its reason, each opened and corrected from here.

Enter (or 更正…) opens the person in the member dialog — the same one as from the main
window — to correct the ID number, the name or whatever the county named. A corrected
person reads "已更正，下一批重报" and goes out again, as a 重报 row, in the next batch the
collector exports; until then the status bar counts them as waiting.
"""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.domain.operators import Acting
from desktop_app.services.county import Rejection, rejected_people
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.register import get_person
from desktop_app.ui.dialog_parts import GREEN, GREY, RED, RowsModel, button, chosen, heading, hint, size_for_font, table
from desktop_app.ui.member_dialog import MemberDialog
from desktop_app.ui.widgets import MessageLabel, set_tab_order

HEADERS = ("姓名", "身份证号", "户号", "收据号", "批次", "县里说明的原因", "处理情况")


def colour_of(state: str) -> str:
    return RED if state == "待更正" else GREEN if state.startswith("已更正") else GREY


class RejectedDialog(QDialog):
    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.corrected: set[int] = set()  # households whose members were edited here
        self.setWindowTitle("被退回人员")
        size_for_font(self, 62, 24)
        self.model = RowsModel(HEADERS, self)
        self.model.right = {4}
        self.view = table(self.model, "被退回人员")
        self.view.activated.connect(lambda _: self.correct())
        list_label = QLabel("人员(&L)：")
        list_label.setBuddy(self.view)
        self.show_sent = QCheckBox("也显示已重报的 (&S)")
        self.show_sent.toggled.connect(lambda _: self.load())
        self.message = MessageLabel()
        self.correct_button = button("更正… (&E)")
        self.correct_button.clicked.connect(self.correct)
        self.close_button = button("关闭 (Esc)")
        self.close_button.clicked.connect(self.accept)
        buttons = QHBoxLayout()
        buttons.addWidget(self.show_sent)
        buttons.addStretch(1)
        buttons.addWidget(self.correct_button)
        buttons.addWidget(self.close_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading("被县退回的人员"))
        layout.addWidget(
            hint(
                "选中一人按 Enter（或点“更正…”），按县里说明的原因改正身份证号、姓名等，保存。"
                "改正过的人显示“已更正，下一批重报”，在下一次“导出上报批次”时自动重报。"
            )
        )
        layout.addWidget(list_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        set_tab_order(self.view, self.correct_button, self.show_sent, self.close_button)
        self.load()
        self.view.setFocus()

    def load(self, keep_line: int | None = None) -> None:
        people = rejected_people(
            self.ledger, include_resubmitted=self.show_sent.isChecked(), year=self.acting.benefit_year
        )
        rows = [(r.name, r.id_number, r.household_no, r.receipt_no, r.batch_no, r.reason, r.state) for r in people]
        self.model.set_rows(rows, people, [colour_of(r.state) for r in people])
        at = next((i for i, r in enumerate(people) if r.line_id == keep_line), 0)
        if people:
            self.view.setCurrentIndex(self.model.index(at, 0))
        waiting = sum(1 for r in people if r.state == "待更正")
        if not people:
            self.message.show_ok("没有被县退回、尚待处理的人。")
        elif waiting:
            self.message.show_error(f"还有 {waiting} 人待更正。")
        else:
            self.message.show_ok("都已更正：下一次导出上报批次时会重报。")
        self.correct_button.setEnabled(bool(people))

    def current(self) -> Rejection | None:
        found = chosen(self.view)
        return found if isinstance(found, Rejection) else None

    def correct(self) -> None:
        rejection = self.current()
        if rejection is None:
            return
        try:
            person = get_person(self.ledger, rejection.person_id)
        except LedgerError as e:
            self.message.show_error(e.message)
            return
        dialog = MemberDialog(self.ledger, self.acting, person.household_id, person.id, self)
        if dialog.exec():
            self.corrected.add(person.household_id)
        self.load(rejection.line_id)
        self.view.setFocus()

    def reject(self) -> None:
        self.accept()  # Esc: the window refreshes after any correction either way
