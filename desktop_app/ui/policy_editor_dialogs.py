"""The policy editor's two questions: which policy to copy (and as what), and the signing key.

复制去年政策: a list of the usable policies, newest first (↑↓), the new year and the new id
(proposed from the chosen one: …-2022 becomes …-2023). 签名: the township's private key
(made here, once, when there is none yet — a passphrase typed twice) and its passphrase.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services import keys
from desktop_app.ui.policy_editor_presenter import Source, suggested_id
from desktop_app.ui.widgets import MessageLabel


def _buttons(ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    return box


class CopyDialog(QDialog):
    """``chosen`` is (source id, new id, year) once accepted."""

    def __init__(self, sources: list[Source], year: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("复制去年政策为新年度的政策")
        self.sources = sources
        self.chosen: tuple[str, str, int] | None = None
        self.list = QListWidget()
        self.list.setAccessibleName("从哪项政策复制")
        self.list.addItems([s.label for s in sources])
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(year)
        self.new_id = QLineEdit()
        self.new_id.setPlaceholderText("小写字母、数字和“-”，末尾写年度")
        self.message = MessageLabel()
        form = QFormLayout()
        form.addRow("新政策的待遇年度(&Y)：", self.year)
        form.addRow("新政策编号(&I)：", self.new_id)
        label = QLabel("从哪项政策复制(&F)：")
        label.setBuddy(self.list)
        buttons = _buttons("复制 (&C)")
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.list, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.list.currentRowChanged.connect(lambda _: self._propose())
        self.year.valueChanged.connect(lambda _: self._propose())
        if sources:
            self.list.setCurrentRow(0)
        self.list.setFocus()
        self.resize(640, 420)

    def _propose(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.sources):
            self.new_id.setText(suggested_id(self.sources[row].policy_id, self.year.value()))

    def check(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.sources):
            self.message.show_error("请先在列表中选一项政策")
            return
        if not self.new_id.text().strip():
            self.message.show_error("请填写新政策编号")
            return
        self.chosen = (self.sources[row].policy_id, self.new_id.text().strip(), self.year.value())
        self.accept()


def ask_policy_file(parent: QWidget | None, start: Path) -> Path | None:
    """The system's file chooser for a policy file; tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(parent, "打开政策文件", str(start), "政策文件 (*.toml)")
    return Path(path) if path and not path.endswith(".cases.toml") else None


def ask_key_file(parent: QWidget | None, start: Path) -> Path | None:
    """The system's file chooser for another private key; tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(parent, "选择乡镇私钥", str(start), f"私钥 (*{keys.PRIVATE_SUFFIX})")
    return Path(path) if path else None


class SignDialog(QDialog):
    """The key and its passphrase; with no key yet, a new one is made (passphrase twice).

    ``key`` and ``password`` once accepted; ``new`` says the key is still to be made."""

    def __init__(self, key: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("用乡镇密钥签名")
        self.key, self.password, self.new = key, "", not key.is_file()
        self.key_label = QLabel()
        self.key_label.setWordWrap(True)
        other = QPushButton("换一个私钥文件(&K)…")
        other.setAutoDefault(False)
        other.clicked.connect(self._other_key)
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.again = QLineEdit()
        self.again.setEchoMode(QLineEdit.EchoMode.Password)
        self.message = MessageLabel()
        self.form = QFormLayout()
        self.form.addRow("私钥口令(&P)：", self.passphrase)
        self.form.addRow("再输一次口令(&A)：", self.again)
        buttons = _buttons("签名 (&G)")
        buttons.accepted.connect(self.check)
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.key_label, 1)
        row.addWidget(other)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addLayout(self.form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self._show_key()
        self.passphrase.setFocus()
        self.resize(620, 240)

    def _show_key(self) -> None:
        self.new = not self.key.is_file()
        if self.new:
            self.key_label.setText(
                f"乡镇还没有签名密钥：将在 {self.key.parent} 生成一对密钥（私钥由乡镇保管，"
                f"公钥拷给各村）。请设一个至少{keys.MIN_PASSWORD}个字符的口令，并记住它。"
            )
        else:
            self.key_label.setText(f"私钥：{self.key}")
        self.form.setRowVisible(1, self.new)

    def _other_key(self) -> None:
        chosen = ask_key_file(self, self.key.parent)
        if chosen is not None:
            self.key = chosen
            self._show_key()

    def check(self) -> None:
        text = self.passphrase.text()
        if self.new and len(text) < keys.MIN_PASSWORD:
            self.message.show_error(f"口令至少{keys.MIN_PASSWORD}个字符")
            return
        if self.new and text != self.again.text():
            self.message.show_error("两次输入的口令不一样")
            return
        if not text:
            self.message.show_error("请输入私钥口令")
            return
        self.password = text
        self.accept()
