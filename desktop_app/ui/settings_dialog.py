"""Settings after the first run: village groups, participation target, receipt prefix, font size.

What is printed on receipts already issued (the benefit year's policy and area, the
village, who is logged in) is shown but not editable. The receipt prefix is the logged-in
collector's own (each collector numbers their own receipts); after a change ``self.acting``
holds the collector with the new prefix, for the window to act as. The font size is this
computer's preference; the rest is saved in the ledger through services.settings, with an
audit entry naming the acting collector.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import acting_as, find_operator
from desktop_app.services.settings import parse_task_count, split_groups, update_settings
from desktop_app.ui.receipt_settings import ReceiptSettingsRow
from desktop_app.ui.widgets import FONT_SIZES, MessageLabel, apply_font_size, saved_font_size, set_tab_order


class SettingsDialog(QDialog):
    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.setWindowTitle("设置")
        s = ledger.settings
        year = acting.year
        policy = ledger.policy_of(year).policy

        fixed = QGroupBox("建立时确定（印在已开收据上，不能修改）")
        fixed_form = QFormLayout(fixed)
        chosen = policy.area(year.area) if year.area else None
        area = chosen.name if chosen else "（不分地区）"
        for label, value in (
            ("缴费年度", f"{year.year}年度"),
            ("政策", f"{policy.name}（{policy.document}）"),
            ("地区", area),
            ("村名", s.village),
            ("收款员", acting.name),
            ("数据库", str(ledger.path)),
        ):
            text = QLabel(value)
            text.setWordWrap(True)
            fixed_form.addRow(label + "：", text)

        self.groups = QLineEdit("、".join(s.village_groups))
        self.target = QLineEdit(s.participation_target or str(policy.participation_target or ""))
        self.target.setPlaceholderText("如 95 或 99")
        self.task = QLineEdit(str(s.task_count) if s.task_count else "")  # the township's 任务数 (ui.coverage)
        self.task.setPlaceholderText("乡镇下达的应参保人数，如 1850；不填则按参保率目标")
        self.prefix = QLineEdit(acting.operator.receipt_prefix or s.receipt_prefix)
        self.prefix.setMaxLength(8)
        self.font_size = QComboBox()
        self.font_size.addItems(list(FONT_SIZES))
        self.font_size.setCurrentText(saved_font_size())
        # One line, also at 字号 特大: a wrapped label in a form is given one line's height and cut.
        prefix_hint = QLabel(f"{acting.name} 自己的前缀；本年度开出收据后不能再改")
        prefix_hint.setToolTip(
            "每位收款员有自己的收据号前缀，收据号各自连续；本年度开出第一张收据后不能再改，下一年度开始前可以改。"
        )
        prefix_hint.setStyleSheet("color: #616161;")
        editable = QGroupBox("可以修改")
        form = QFormLayout(editable)
        form.addRow("村民小组(&G)：", self.groups)
        form.addRow("参保率目标 %(&T)：", self.target)
        form.addRow("乡镇任务数（人）(&K)：", self.task)
        form.addRow("收据号前缀(&R)：", self.prefix)
        form.addRow("", prefix_hint)
        form.addRow("字号(&F)：", self.font_size)
        self.receipt_row = ReceiptSettingsRow(ledger, acting)  # 查询渠道, 资助身份, 套打 (ui.receipt_settings)
        form.addRow("收据与票据：", self.receipt_row)

        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("保存(&S)")
        self.save_button.setDefault(True)
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(fixed)
        layout.addWidget(editable)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        set_tab_order(
            self.groups, self.target, self.task, self.prefix, self.font_size, self.receipt_row.button, self.save_button
        )
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 40)
        self.groups.setFocus()

    def save(self) -> None:
        try:
            update_settings(
                self.ledger,
                self.acting,
                village_groups=split_groups(self.groups.text()),
                participation_target=self.target.text(),
                receipt_prefix=self.prefix.text(),
                task_count=parse_task_count(self.task.text()),
            )
            self.acting = acting_as(self.ledger, find_operator(self.ledger, self.acting.name), self.acting.year)
        except LedgerError as e:
            self.message.show_error(e.message)
            widget = {
                "village_groups": self.groups,
                "participation_target": self.target,
                "receipt_prefix": self.prefix,
                "task_count": self.task,
            }.get(e.field or "")
            if widget is not None:
                widget.setFocus()
            return
        apply_font_size(self.font_size.currentText())
        self.accept()
