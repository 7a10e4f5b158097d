"""新年度: the admin opens the next benefit year under a new policy, having seen what changes.

The year (the next one; a later one only with 跳过中间年度), the policy — only files made
for that year whose own cases pass, the refused ones named below with why — and, for a
policy that charges by area, the area (the village's current one when the policy knows
it). Below, what changes against the year the village works in now: the standard, each
group's amount to pay, the periods, the late prices. 开启 asks the admin password (the
collector's own while none is set) and opens the year (services.years.open_year).
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import Refusal
from desktop_app.domain.operators import Acting, BenefitYear
from desktop_app.services.ledger import Ledger
from desktop_app.services.policy_updates import (
    YearChoice,
    admin_prompt,
    changes,
    check_admin,
    current_policy,
    next_year,
    year_choices,
)
from desktop_app.services.years import open_year
from desktop_app.ui.widgets import MessageLabel


class NewYearDialog(QDialog):
    """``opened`` is the new BenefitYear once done."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.opened: BenefitYear | None = None
        self.choices: list[YearChoice] = []
        self.latest = ledger.year().year
        self.current, self.current_area = current_policy(ledger)
        self.setWindowTitle("开启新年度")
        self.year = QSpinBox()
        self.year.setRange(self.latest + 1, self.latest + 10)
        self.year.setValue(next_year(ledger))
        self.skip = QCheckBox("跳过中间没有开启的年度（跳过的年度不计入断保年数）(&K)")
        self.policies = QListWidget()
        self.policies.setAccessibleName("新年度的政策")
        self.refused = QLabel()
        self.refused.setWordWrap(True)
        self.refused.setStyleSheet("color: #616161;")
        self.area = QComboBox()
        self.area_label = QLabel("地区(&A)：")
        self.area_label.setBuddy(self.area)
        self.changes = QTextBrowser()
        self.changes.setAccessibleName("与本年度相比的变化")
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = MessageLabel()
        form = QFormLayout()
        form.addRow("新年度(&Y)：", self.year)
        form.addRow("", self.skip)
        policy_label = QLabel("政策(&P)：")
        policy_label.setBuddy(self.policies)
        form.addRow(policy_label, self.policies)
        form.addRow("", self.refused)
        form.addRow(self.area_label, self.area)
        bottom = QFormLayout()
        bottom.addRow(f"{admin_prompt(ledger)}(&W)：", self.password)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText("开启新年度 (&O)")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.open)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(
            QLabel(
                f"现在的年度：{self.latest}年度（{self.current.name if self.current else '政策文件不可用'}）。"
                "户、人员与身份原样带入；以前年度的缴费与参保情况保留为历史；收据号从000001重新编号。",
                wordWrap=True,
            )
        )
        layout.addLayout(form)
        layout.addWidget(QLabel("与现在年度相比的变化："))
        layout.addWidget(self.changes, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.year.valueChanged.connect(lambda _: self._fill())
        self.policies.currentRowChanged.connect(lambda _: self._chosen())
        self.area.currentIndexChanged.connect(lambda _: self._show_changes())
        self._fill()
        self.policies.setMaximumHeight(self.fontMetrics().height() * 6)
        self.policies.setFocus()
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(min(max(820, em * 52), 1300), min(max(640, em * 40), 740))

    def _fill(self) -> None:
        year = self.year.value()
        self.skip.setVisible(year > self.latest + 1)
        self.choices, refused = year_choices(self.ledger, year)
        self.policies.clear()
        self.policies.addItems([f"{c.policy.name}（{c.policy.jurisdiction}）" for c in self.choices])
        self.refused.setText(("未列出（用例不符或文件有误）：" + "；".join(refused)) if refused else "")
        self.refused.setVisible(bool(refused))
        if self.choices:
            self.policies.setCurrentRow(0)
        else:
            self.message.show_error(f"没有{year}年度可用的政策；请先“安装新政策”（乡镇发来的政策文件）")
        self._chosen()

    def choice(self) -> YearChoice | None:
        row = self.policies.currentRow()
        return self.choices[row] if 0 <= row < len(self.choices) else None

    def _chosen(self) -> None:
        chosen = self.choice()
        self.area.blockSignals(True)
        self.area.clear()
        if chosen is not None and chosen.areas:
            if not chosen.area_required:
                self.area.addItem("（不分地区）", None)
            for code, name in chosen.areas:
                self.area.addItem(name, code)
            keep = self.area.findData(self.current_area) if self.current_area else -1
            self.area.setCurrentIndex(max(keep, 0))
        self.area.blockSignals(False)
        visible = chosen is not None and bool(chosen.areas)
        self.area.setVisible(visible)
        self.area_label.setVisible(visible)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(chosen is not None)
        if chosen is not None:
            self.message.show_hint("")
        self._show_changes()

    def _show_changes(self) -> None:
        chosen = self.choice()
        if chosen is None or self.current is None:
            self.changes.setHtml("")
            return
        found = changes(self.current, chosen.policy, self.area.currentData())
        items = "".join(f"<li>{escape(c.text)}</li>" for c in found)
        self.changes.setHtml(f"<ul>{items}</ul>" if items else "<p>金额、日期和期外价格都没有变化。</p>")

    def open(self) -> None:
        chosen = self.choice()
        if chosen is None:
            return
        try:
            check_admin(self.ledger, self.acting, self.password.text())
        except Refusal as e:
            self.message.show_error(e.message)
            self.password.setFocus()
            self.password.selectAll()
            return
        try:
            self.opened = open_year(
                self.ledger,
                self.acting,
                self.year.value(),
                chosen.policy.id,
                self.area.currentData(),
                skip_gap=self.skip.isChecked(),
            )
        except Refusal as e:
            self.message.show_error(e.message)
            return
        self.accept()
