"""The settings dialog's 收据与票据 box: the query channel, the identity on the receipt, 套打 layout and offset.

The village's own slip says where to check that a payment reached the tax office (查询渠道);
the subsidy identity is printed on the villager's receipt only if ticked (隐私). For
printing onto the tax office's forms: the layout file (one shipped, or the county's own
.toml measured on its form) and this printer's offset, found with the 套打测试页, which
is printed from here with what the box says (saved first). Saved through
services.receipt_settings, with an audit entry.
"""

from __future__ import annotations

from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QGroupBox,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget)

from desktop_app.domain.operators import Acting
from desktop_app.domain.village import Settings
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.receipt_settings import MAX_OFFSET_MM, form_layouts, set_receipt_settings

SHIPPED = "（程序自带示例版式）"


def _offset_box(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setSuffix(" 毫米")
    box.setValue(value)
    return box


class ReceiptSettingsBox(QGroupBox):
    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__("收据与票据", parent)
        self.ledger, self.acting = ledger, acting
        s = ledger.settings
        self.channel = QLineEdit(s.query_channel)
        self.channel.setPlaceholderText("如：县税务局 0557-1234567，或 皖税通APP")
        self.channel.setToolTip("印在本村收款凭据上：村民到哪里查缴费是否已入库")
        self.identity = QCheckBox("收据上印资助身份（低保、特困等；一般不印）(&I)")
        self.identity.setChecked(s.show_identity_on_receipt)
        self.layout_file = QComboBox()
        self.layout_file.setEditable(True)
        self.layout_file.addItem(SHIPPED, "")
        for name in form_layouts():
            self.layout_file.addItem(name, name)
        if s.form_layout and self.layout_file.findData(s.form_layout) < 0:
            self.layout_file.addItem(s.form_layout, s.form_layout)
        self.layout_file.setCurrentIndex(max(0, self.layout_file.findData(s.form_layout)))
        browse = QPushButton("选择文件(&W)…")
        browse.setAutoDefault(False)
        browse.clicked.connect(self.browse)
        self.right, self.down = _offset_box(s.printer_offset_mm[0]), _offset_box(s.printer_offset_mm[1])
        self.test_page = QPushButton("打印套打测试页(&Y)…")
        self.test_page.setAutoDefault(False)
        self.test_page.clicked.connect(self.print_test_page)
        form = QFormLayout(self)
        label = QLabel("查询渠道(&Q)：")
        label.setBuddy(self.channel)
        form.addRow(label, self.channel)
        form.addRow("", self.identity)
        row = QHBoxLayout()
        row.addWidget(self.layout_file, 1)
        row.addWidget(browse)
        label = QLabel("套打版式(&L)：")
        label.setBuddy(self.layout_file)
        form.addRow(label, row)
        offsets = QHBoxLayout()
        for text, box in (("向右", self.right), ("向下", self.down)):
            offsets.addWidget(QLabel(text))
            offsets.addWidget(box)
        offsets.addWidget(self.test_page)
        offsets.addStretch(1)
        label = QLabel("打印机偏移(&O)：")
        label.setBuddy(self.right)
        form.addRow(label, offsets)
        self.message = ""

    @property
    def widgets(self) -> tuple[QWidget, ...]:
        """In Tab order, for the settings dialog."""
        return (self.channel, self.identity, self.layout_file, self.right, self.down, self.test_page)

    def chosen_layout(self) -> str:
        index = self.layout_file.currentIndex()
        text = self.layout_file.currentText().strip()
        if index >= 0 and self.layout_file.itemText(index) == text:
            return str(self.layout_file.itemData(index) or "")
        return "" if text == SHIPPED else text

    def browse(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "选择套打版式文件", "", "套打版式 (*.toml)")
        if path:
            self.layout_file.addItem(path, path)
            self.layout_file.setCurrentIndex(self.layout_file.count() - 1)

    def save(self) -> Settings:
        """Raises LedgerError (field query_channel, form_layout or printer_offset) with nothing saved."""
        return set_receipt_settings(self.ledger, self.acting, query_channel=self.channel.text(),
                                    show_identity=self.identity.isChecked(), form_layout=self.chosen_layout(),
                                    printer_offset_mm=(self.right.value(), self.down.value()))

    def field_widget(self, field: str | None) -> QWidget | None:
        return {"query_channel": self.channel, "form_layout": self.layout_file,
                "printer_offset": self.right}.get(field or "")

    def print_test_page(self) -> None:
        """The calibration page with the layout and offset in the box (saved first, so the page shows them)."""
        from desktop_app.ui.print_dialog import choose_and_print, show_error

        try:
            self.save()
        except LedgerError as e:
            show_error(self, e.message)
            return
        self.message = choose_and_print(self, self.ledger, self.acting, "test_page") or ""
