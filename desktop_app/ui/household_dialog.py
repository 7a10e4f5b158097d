"""Add or edit a household: 户号, 村民小组, 地址, 电话. Enter saves, Esc cancels."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.operators import Acting
from desktop_app.services.household_list import suggest_household_no
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.register import get_household
from desktop_app.ui.register_presenters import HouseholdForm, save_household
from desktop_app.ui.widgets import MessageLabel, set_tab_order


class HouseholdDialog(QDialog):
    def __init__(
        self,
        ledger: Ledger,
        acting: Acting,
        household_id: int | None = None,
        parent: QWidget | None = None,
        village_group: str = "",
    ) -> None:
        super().__init__(parent)
        self.ledger, self.acting, self.household_id = ledger, acting, household_id
        self.saved_id: int | None = None
        self.setWindowTitle("新建户" if household_id is None else "修改户信息")
        self.setMinimumWidth(480)

        self.household_no = QLineEdit()
        self.household_no.setPlaceholderText("如 0100023")
        self.group = QComboBox()
        groups = list(ledger.settings.village_groups)
        self.group.addItems(groups or ["（未分组）"])
        self.address = QLineEdit()
        self.address.setPlaceholderText("如 大庄村一组23号")
        self.phone = QLineEdit()
        self.phone.setPlaceholderText("户主或联系人的手机号")
        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存(&S)")
        self.save_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow("户号(&N)：", self.household_no)
        form.addRow("村民小组(&G)：", self.group)
        form.addRow("地址(&A)：", self.address)
        form.addRow("电话(&P)：", self.phone)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        set_tab_order(self.household_no, self.group, self.address, self.phone, self.save_button)

        if household_id is None:
            if village_group and village_group in groups:
                self.group.setCurrentText(village_group)
            self._suggest()
            self.group.currentTextChanged.connect(self._suggest)
            self.message.show_hint("户号已按本组最后一户自动编好，可以修改")
        else:
            h = get_household(ledger, household_id)
            self.household_no.setText(h.household_no)
            self.household_no.setReadOnly(True)
            self.household_no.setToolTip("户号登记后不能修改")
            if h.village_group and self.group.findText(h.village_group) < 0:
                self.group.addItem(h.village_group)
            self.group.setCurrentText(h.village_group)
            self.address.setText(h.address)
            self.phone.setText(h.phone)
        first = self.household_no if household_id is None else self.group
        first.setFocus()

    def _suggest(self) -> None:
        group = self.group.currentText()
        self.household_no.setText(suggest_household_no(self.ledger, group))
        if not self.address.isModified():
            self.address.setText(f"{self.ledger.settings.village}{group}")

    def form(self) -> HouseholdForm:
        group = self.group.currentText()
        return HouseholdForm(
            self.household_no.text(), self.address.text(), "" if group == "（未分组）" else group, self.phone.text()
        )

    def save(self) -> None:
        try:
            self.saved_id = save_household(self.ledger, self.acting, self.household_id, self.form())
        except LedgerError as e:
            self.message.show_error(e.message)
            widget = {"household_no": self.household_no, "phone": self.phone}.get(e.field or "")
            if widget is not None:
                widget.setFocus()
                widget.selectAll()
            return
        self.accept()
