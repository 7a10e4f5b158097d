"""The member dialog's 身份（资助对象） group: the person's identity records and the row that adds one.

An identity is what a subsidy is paid on, so it is kept as a record with its source (民政,
乡村振兴 …), the list it came from and its validity, and is only ever added: a record that
ended stays to show why last year's receipt had a subsidy. What is added here waits in
``pending`` until the dialog saves the person, so 取消 leaves the register as it was. The
group has its own checks and message line, apart from the person's fields in
``ui.member_dialog``.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.codes import IDENTITIES
from desktop_app.services.ledger import LedgerError
from desktop_app.services.register import IDENTITY_SOURCES, Identity
from desktop_app.ui.models import IdentityRecordModel
from desktop_app.ui.register_presenters import NewIdentity, check_identity, parse_day
from desktop_app.ui.widgets import MessageLabel


class IdentityRecordsBox(QGroupBox):
    """The records saved for the person, those added since, and the fields to add another.

    ``line_height`` is the dialog's line (the table shows five to eight records); ``today`` says
    which records hold now (the 现在 column)."""

    def __init__(self, line_height: int, today: Callable[[], date]) -> None:
        super().__init__("身份（资助对象）")
        self.today = today
        self.records: list[Identity] = []  # saved in the register
        self.pending: list[NewIdentity] = []  # added here, saved with the person
        self.model = IdentityRecordModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setTabKeyNavigation(False)
        self.table.setMinimumHeight(int(line_height * 5.5))
        self.table.setMaximumHeight(line_height * 8)
        self.code = QComboBox()
        self.code.addItems(list(IDENTITIES.values()))
        self.source = QComboBox()
        self.source.addItems(list(IDENTITY_SOURCES))
        self.list_name = QLineEdit()
        self.list_name.setPlaceholderText("如 农村低保对象名册（可不填）")
        self.valid_from = QLineEdit()
        self.valid_from.setPlaceholderText("可不填，如 2021-01-01")
        self.valid_to = QLineEdit()
        self.valid_to.setPlaceholderText("可不填＝长期")
        self.add_button = QPushButton("添加身份(&Y)")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add)
        self.message = MessageLabel()
        self.message.show_hint("身份记录只增不删；按名单填写来源和有效期，到期后自动不再计入资助")
        # Two fields a row and the list name on a row of its own: its placeholder names an
        # example list, which must be read whole, and three fields a row cut it short at 56
        # characters' width (the dialog's width on a 1366-pixel screen).
        adder = QGridLayout()
        rows: tuple[tuple[tuple[str, QWidget], ...], ...] = (
            (("身份(&F)：", self.code), ("来源(&O)：", self.source)),
            (("名单(&L)：", self.list_name),),
            (("有效期自：", self.valid_from), ("至：", self.valid_to)),
        )
        for row, pairs in enumerate(rows):
            for col, (text, widget) in enumerate(pairs):
                label = QLabel(text)
                label.setBuddy(widget)
                adder.addWidget(label, row, col * 2)
                adder.addWidget(widget, row, col * 2 + 1, 1, 4 if len(pairs) == 1 else 1)
        adder.addWidget(self.add_button, 2, 4)
        adder.setColumnStretch(1, 1)
        adder.setColumnStretch(3, 1)
        box = QVBoxLayout(self)
        box.addWidget(self.table)
        box.addLayout(adder)
        box.addWidget(self.message)

    def show_saved(self, records: list[Identity]) -> None:
        """The records of the person now in the form (none for a new one), with nothing pending."""
        self.records, self.pending = records, []
        self._show()

    def add(self) -> None:
        codes = list(IDENTITIES)
        try:
            identity = NewIdentity(
                codes[self.code.currentIndex()],
                self.source.currentText(),
                self.list_name.text().strip(),
                _optional_date(self.valid_from.text()),
                _optional_date(self.valid_to.text()),
            )
            check_identity(identity)
        except LedgerError as e:
            self.message.show_error(e.message)
            return
        self.pending.append(identity)
        self._show()
        self.message.show_ok(f"已加入“{IDENTITIES[identity.code]}”，保存后生效")
        self.list_name.clear()
        self.valid_from.clear()
        self.valid_to.clear()

    def _show(self) -> None:
        pending = [
            Identity(i.code, i.source, i.list_name or "（待保存）", i.valid_from, i.valid_to) for i in self.pending
        ]
        self.model.set_rows(self.records + pending, self.today())


def _optional_date(text: str) -> date | None:
    return parse_day(text, "身份有效期", "valid_from") if text.strip() else None
