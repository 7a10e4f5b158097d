"""F4 in 收费: why one person pays outside the collection period (返乡农民工, 职工医保断保 …), with
the dates and years the policy's rule for that situation needs."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.codes import SITUATIONS
from desktop_app.services.payments import Circumstances

LAPSE_SITUATION = "employee_insurance_lapse"
ENTERED_SITUATION = "welfare_institution_child"


def qdate(d: date) -> QDate:
    return QDate(d.year, d.month, d.day)


def pydate(d: QDate) -> date:
    return date(d.year(), d.month(), d.day())


class SituationDialog(QDialog):
    """期外参保情形 for one person: the situation, and the dates the policy asks about."""

    def __init__(self, name: str, today: date, current: Circumstances | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"期外参保情形 — {name}")
        self.situation = QComboBox()
        self.situation.addItem("（无，按普通期外缴费计算）", "")
        for code, label in SITUATIONS.items():
            self.situation.addItem(label, code)
        self.lapse_date = QDateEdit(qdate(today))
        self.continuous_years = QSpinBox()
        self.continuous_years.setRange(0, 60)
        self.continuous_years.setSuffix(" 年")
        self.entered_on = QDateEdit(qdate(today))
        for edit in (self.lapse_date, self.entered_on):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form = QFormLayout()
        form.addRow("情形(&Q)：", self.situation)
        form.addRow("职工医保断保日期(&D)：", self.lapse_date)
        form.addRow("此前连续参保(&Y)：", self.continuous_years)
        form.addRow("进入福利机构日期(&R)：", self.entered_on)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("重新计算")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        if current and current.situation:
            self.situation.setCurrentIndex(max(0, self.situation.findData(current.situation)))
            if current.lapse_date:
                self.lapse_date.setDate(qdate(current.lapse_date))
            if current.continuous_years is not None:
                self.continuous_years.setValue(current.continuous_years)
            if current.entered_on:
                self.entered_on.setDate(qdate(current.entered_on))
        self.situation.currentIndexChanged.connect(self._enable)
        self._enable()

    def _enable(self) -> None:
        code = self.situation.currentData()
        self.lapse_date.setEnabled(code == LAPSE_SITUATION)
        self.continuous_years.setEnabled(code == LAPSE_SITUATION)
        self.entered_on.setEnabled(code == ENTERED_SITUATION)

    def circumstances(self) -> Circumstances | None:
        code = self.situation.currentData()
        if not code:
            return None
        lapse = code == LAPSE_SITUATION
        return Circumstances(
            situation=code,
            lapse_date=pydate(self.lapse_date.date()) if lapse else None,
            continuous_years=self.continuous_years.value() if lapse else None,
            entered_on=pydate(self.entered_on.date()) if code == ENTERED_SITUATION else None,
        )
