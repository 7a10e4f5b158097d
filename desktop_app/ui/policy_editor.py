"""The township's policy editor (乡镇 mode): last year's policy as a form, checked against samples.

Ctrl+N copies last year's policy for the new year, Ctrl+O opens one of the township's
files. Five tabs (Alt+1 … Alt+5): 标准与附加, 资助, 缴费期, 期外与等待期, 样例户. F9 试算
quotes the sample households under the policy as edited and marks each difference from
the clerk's figures; Ctrl+S saves the policy and its cases and runs the check; Ctrl+G
signs them with the township's key; Ctrl+E exports them to a stick. The logic is in
``PolicyEditorPresenter``; the tabs' fields are ``ui.policy_editor_pages`` (样例户:
``ui.policy_editor_samples``); this module is the dialog around them and its keys.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QDialog, QHBoxLayout, QMessageBox, QPushButton, QVBoxLayout, QWidget

from desktop_app.domain.operators import Operator
from desktop_app.services.ledger import Ledger
from desktop_app.services.policy_form import PolicyForm
from desktop_app.services.policy_samples import SampleAnswer
from desktop_app.ui.dialog_parts import button_row, heading
from desktop_app.ui.policy_editor_dialogs import CopyDialog, SignDialog, ask_policy_file
from desktop_app.ui.policy_editor_pages import PolicyTabs
from desktop_app.ui.policy_editor_presenter import ERROR, OK, PolicyEditorPresenter, today_year
from desktop_app.ui.stick_target import ask_folder
from desktop_app.ui.widgets import MessageLabel


def open_policy_editor(parent: QWidget | None, ledger: Ledger, operator: Operator) -> None:
    """The township window's entry point (菜单 政策 → 政策编辑器)."""
    PolicyEditor(ledger, operator, parent).exec()


class PolicyEditor(QDialog):
    def __init__(
        self, ledger: Ledger, operator: Operator, parent: QWidget | None = None, folder: Path | None = None
    ) -> None:
        super().__init__(parent)
        self.ledger, self.operator = ledger, operator
        self.presenter = PolicyEditorPresenter(self, ledger, folder)
        self.sign_key: Path | None = None  # the key last signed with: its public key goes onto the stick
        self.setWindowTitle(f"政策编辑器 — {ledger.settings.village}")
        self.title = heading("还没有打开政策：Ctrl+N 复制去年政策，Ctrl+O 打开乡镇的政策文件")
        self.title.setWordWrap(True)
        self.copy_button = QPushButton("复制去年政策(&N)…")
        self.open_button = QPushButton("打开政策文件(&O)…")
        self.tabs = PolicyTabs()  # ui.policy_editor_pages
        # Ctrl+N starts in 标准; the editor's tests type into the subsidies and the samples
        self.edits, self.subsidies, self.samples = self.tabs.edits, self.tabs.subsidies, self.tabs.sample_page.samples
        self.tabs.setEnabled(False)
        self.message = MessageLabel()
        self.message.setMaximumHeight(self.fontMetrics().height() * 7)
        self.try_button = QPushButton("试算 (F9)")
        self.save_button = QPushButton("保存并检查 (Ctrl+S)")
        self.sign_button = QPushButton("签名 (Ctrl+G)…")
        self.export_button = QPushButton("导出到U盘 (Ctrl+E)…")
        close = QPushButton("关闭")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.copy_button)
        top.addWidget(self.open_button)
        bottom = button_row(close, left=(self.try_button, self.save_button, self.sign_button, self.export_button))
        for b in (
            self.copy_button,
            self.open_button,
            self.try_button,
            self.save_button,
            self.sign_button,
            self.export_button,
            close,
        ):
            b.setAutoDefault(False)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)
        layout.addLayout(bottom)
        self.copy_button.clicked.connect(self.copy)
        self.open_button.clicked.connect(self.open_file)
        self.try_button.clicked.connect(self.try_samples)
        self.save_button.clicked.connect(self.save)
        self.sign_button.clicked.connect(self.sign)
        self.export_button.clicked.connect(self.export)
        close.clicked.connect(self.reject)
        for key, slot in (
            ("Ctrl+N", self.copy),
            ("Ctrl+O", self.open_file),
            ("F9", self.try_samples),
            ("Ctrl+S", self.save),
            ("Ctrl+G", self.sign),
            ("Ctrl+E", self.export),
        ):
            QShortcut(QKeySequence(key), self, slot)
        self._enable()
        self.copy_button.setFocus()
        self.resize(1300, 700)

    # -- the view the presenter talks to ------------------------------------------------------
    def show_form(self, form: PolicyForm, path: Path | None) -> None:
        self._title(form, path)
        self.tabs.show_form(form)
        self.tabs.setEnabled(True)
        self._enable()

    def show_answers(self, found: list[SampleAnswer]) -> None:
        self.tabs.sample_page.show_answers(found)

    def show_message(self, kind: str, text: str) -> None:
        {OK: self.message.show_ok, ERROR: self.message.show_error}.get(kind, self.message.show_hint)(text)
        self.message.setToolTip(text)

    # -- reading the form back -------------------------------------------------------------
    def form(self) -> PolicyForm | None:
        loaded = self.presenter.form
        return None if loaded is None else self.tabs.read(loaded)

    # -- actions ---------------------------------------------------------------------------
    def _enable(self) -> None:
        loaded = self.presenter.form is not None
        for b in (self.try_button, self.save_button, self.sign_button, self.export_button):
            b.setEnabled(loaded)

    def copy(self) -> None:
        dialog = CopyDialog(self.presenter.sources(), today_year(self.ledger), self)
        if dialog.exec() and dialog.chosen is not None and self.presenter.copy(*dialog.chosen):
            self.tabs.setCurrentIndex(0)
            self.edits["standard"].setFocus()
            self.edits["standard"].selectAll()

    def open_file(self) -> None:
        path = ask_policy_file(self, self.presenter.folder)
        if path is not None:
            self.presenter.open(path)

    def try_samples(self) -> None:
        form = self.form()
        if form is not None:
            self.presenter.check(form)

    def save(self) -> None:
        form = self.form()
        if form is None:
            return
        if (
            self.presenter.overwrites(form)
            and QMessageBox.question(
                self, "覆盖已有的政策文件", f"{self.presenter.target_of(form)} 已存在，要用现在的内容替换它吗？"
            )
            != QMessageBox.StandardButton.Yes
        ):
            return
        self.presenter.save(form)
        self._title(form, self.presenter.path)

    def _title(self, form: PolicyForm, path: Path | None) -> None:
        self.title.setText(f"{form.name}　文件：{path.name if path else '尚未保存'}")
        self.title.setToolTip(str(path) if path else "")

    def sign(self) -> None:
        if self.presenter.form is None:
            return
        dialog = SignDialog(self.presenter.key_path(), self)
        if not dialog.exec():
            return
        key: Path | None = dialog.key
        if dialog.new:
            key = self.presenter.make_key(dialog.password, dialog.key.parent)
        if key is not None:
            self.sign_key = key
            self.presenter.sign(key, dialog.password)

    def export(self) -> None:
        if self.presenter.form is None:
            return
        target = ask_folder(self, "导出到哪里（U盘或文件夹）")
        if target is not None:
            self.presenter.export(target, self.sign_key)
