"""收据与票据 settings: the query channel, the identity on the receipt, the 套打 layout and the printer's offset.

The village's own slip says where to check that a payment reached the tax office (查询渠道);
the subsidy identity is printed on the villager's receipt only if ticked (隐私). For
printing onto the tax office's forms: the layout file (one shipped, or the county's own
.toml measured on its form) and this printer's offset, found with the 套打测试页, which is
printed from here with what the dialog says (saved first). Saved through
services.receipt_settings, with an audit entry.

The settings dialog shows one row for these (``ReceiptSettingsRow``: what is set, and a
button), so that it still fits a 1366×768 screen at 字号 特大; the button opens
``ReceiptSettingsDialog``.
"""

from __future__ import annotations

from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.operators import Acting
from desktop_app.domain.village import Settings
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.receipt_settings import MAX_OFFSET_MM, form_layouts, set_receipt_settings
from desktop_app.ui.dialog_parts import button_row
from desktop_app.ui.widgets import MessageLabel, set_tab_order

SHIPPED = "（程序自带示例版式）"


def _offset_box(value: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setRange(-MAX_OFFSET_MM, MAX_OFFSET_MM)
    box.setDecimals(1)
    box.setSingleStep(0.5)
    box.setSuffix(" 毫米")
    box.setValue(value)
    return box


def summary(s: Settings, short: bool = True) -> str:
    """What is set, for the settings dialog: one short line (the whole of it in the tooltip)."""
    x, y = s.printer_offset_mm
    channel = s.query_channel
    if short and len(channel) > 10:
        channel = channel[:9] + "…"
    parts = [
        f"查询：{channel}" if channel else "查询渠道未设置",
        "印资助身份" if s.show_identity_on_receipt else "不印资助身份",
    ]
    if s.official_forms or not short:
        parts.append(f"套打偏移 {x:+.1f}/{y:+.1f}")
    if not short:
        parts.append(f"版式：{s.form_layout or SHIPPED}")
    return "；".join(parts)


class ReceiptSettingsDialog(QDialog):
    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.setWindowTitle("收据与票据")
        s = ledger.settings
        self.channel = QLineEdit(s.query_channel)
        self.channel.setPlaceholderText("如：县税务局 0557-1234567，或 皖税通APP")
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
        form = QFormLayout()
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
        offsets.addStretch(1)
        label = QLabel("打印机偏移(&O)：")
        label.setBuddy(self.right)
        form.addRow(label, offsets)
        form.addRow("", self.test_page)
        hint = QLabel(
            "查询渠道印在本村收款凭据上：村民到哪里查缴费是否已入库。套打版式和偏移用于把收据打到税务专用票据上："
            "先用空白票据打印测试页，量出红十字中心到纸边的距离，再填写偏移。"
        )
        hint.setWordWrap(True)
        hint.setStyleSheet("color: #616161;")
        self.message = MessageLabel()
        self.save_button = QPushButton("保存(&S)")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        cancel = QPushButton("取消 (Esc)")
        cancel.setAutoDefault(False)
        cancel.clicked.connect(self.reject)
        buttons = button_row(cancel, self.save_button)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        set_tab_order(
            self.channel,
            self.identity,
            self.layout_file,
            browse,
            self.right,
            self.down,
            self.test_page,
            self.save_button,
            cancel,
        )
        self.setMinimumWidth(self.fontMetrics().horizontalAdvance("中") * 40)
        self.channel.setFocus()
        self.printed = ""

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

    def _write(self) -> bool:
        try:
            set_receipt_settings(
                self.ledger,
                self.acting,
                query_channel=self.channel.text(),
                show_identity=self.identity.isChecked(),
                form_layout=self.chosen_layout(),
                printer_offset_mm=(self.right.value(), self.down.value()),
            )
        except LedgerError as e:
            self.message.show_error(e.message)
            widget = {"query_channel": self.channel, "form_layout": self.layout_file, "printer_offset": self.right}.get(
                e.field or "", self.channel
            )
            widget.setFocus()
            return False
        return True

    def save(self) -> None:
        if self._write():
            self.accept()

    def print_test_page(self) -> None:
        """The calibration page with the layout and offset in the dialog (saved first, so the page shows them)."""
        if not self._write():
            return
        from desktop_app.ui.print_dialog import choose_and_print

        self.printed = choose_and_print(self, self.ledger, self.acting, "test_page") or ""
        if self.printed:
            self.message.show_ok(self.printed)


class ReceiptSettingsRow(QWidget):
    """The settings dialog's row: what is set, and 设置… to change it."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.text = QLabel()
        self.text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.text.setWordWrap(True)  # at 字号 特大 the summary takes two lines rather than running under the button
        self._show(ledger.settings)
        self.button = QPushButton("修改(&J)…")
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.edit)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.text, 1)
        row.addWidget(self.button)

    def _show(self, s: Settings) -> None:
        self.text.setText(summary(s))
        self.text.setToolTip(summary(s, short=False))
        self._fit_text()

    def _fit_text(self) -> None:
        """The summary as tall as it wraps at its width: a form gives a wrapped label one line's height (its
        height for the width is not asked for within a dialog's layout), and the second line was cut."""
        height = self.text.heightForWidth(self.text.width())
        if height > 0 and height != self.text.minimumHeight():
            self.text.setMinimumHeight(height)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)  # the row's layout has given the summary its width by now
        self._fit_text()

    def edit(self) -> None:
        if ReceiptSettingsDialog(self.ledger, self.acting, self).exec():
            self._show(self.ledger.settings)
