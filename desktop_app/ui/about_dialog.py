"""关于征缴通: the version, where the data lives, and which policy file is in use with its hash.

When the county asks "which policy did this village charge by?", the collector opens
this and reads out (or copies) the file and its SHA-256 — the same hash every payment
and every upload batch records. It also shows whether the data folder is the portable
``data/`` beside the program, and where the crash logs are, so a clerk on the phone
can find them. Everything here is read through services; nothing is changed.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app import __version__
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.paths import data_dir, is_frozen, log_dir, policy_override_dir, portable_data_dir, program_dir
from desktop_app.services.policies import PolicyCatalogue, describe_source, policy_sources


def about_text(catalogue: PolicyCatalogue, policy_id: str | None = None, db_path: Path | None = None) -> str:
    """Everything the dialog shows, as plain text (what 复制 puts on the clipboard)."""
    portable = portable_data_dir()
    lines = [
        f"征缴通 {__version__}（{'已打包的程序' if is_frozen() else '源代码运行'}）",
        f"程序文件夹：{program_dir()}",
        f"数据文件夹：{data_dir()}{'（程序旁的 data 文件夹，便携使用）' if portable else ''}",
    ]
    if db_path is not None:
        lines.append(f"数据库：{db_path}")
    lines += [f"日志文件夹：{log_dir()}", f"政策更新文件夹：{policy_override_dir()}（放入新的政策文件即可更新）", ""]
    sources = policy_sources(catalogue)
    in_use = [s for s in sources if s.policy_id == policy_id]
    if in_use:
        lines += ["本村使用的政策：", *describe_source(in_use[0]), ""]
    others = [s for s in sources if s.policy_id != policy_id]
    if others:
        lines.append("其他政策：" if in_use else "政策：")
        for source in others:
            lines += describe_source(source)
    return "\n".join(lines).rstrip() + "\n"


class AboutDialog(QDialog):
    def __init__(
        self,
        catalogue: PolicyCatalogue,
        policy_id: str | None = None,
        db_path: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("关于征缴通")
        self.text = about_text(catalogue, policy_id, db_path)
        title = QLabel(f"<b>征缴通 {__version__}</b>　城乡居民医保村级代征")
        form = QFormLayout()
        form.addRow("数据文件夹：", _path_label(data_dir()))
        form.addRow("日志文件夹：", _path_label(log_dir()))
        self.details = QPlainTextEdit(self.text)
        self.details.setReadOnly(True)
        self.details.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.details.setAccessibleName("版本、文件夹与政策文件")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        self.copy = QPushButton("复制(&C)")
        self.copy.setToolTip("把以上内容复制到剪贴板，可粘贴到微信或邮件里发给乡镇")
        self.open_data = QPushButton("打开数据文件夹(&O)")
        buttons.addButton(self.copy, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.open_data, QDialogButtonBox.ButtonRole.ActionRole)
        self.copy.clicked.connect(self.copy_text)
        self.open_data.clicked.connect(lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(str(data_dir()))))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.details)
        layout.addWidget(buttons)
        self.resize(self.fontMetrics().horizontalAdvance("中") * 48, self.fontMetrics().height() * 28)

    @classmethod
    def for_ledger(cls, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> AboutDialog:
        """The policy in use is the one of the benefit year the collector works in."""
        return cls(ledger.catalogue, acting.year.policy_id, ledger.path, parent)

    def copy_text(self) -> None:
        clipboard = QGuiApplication.clipboard()
        clipboard.setText(self.text)
        self.copy.setText("已复制")


def _path_label(path: Path) -> QLabel:
    label = QLabel(str(path))
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
