"""安装新政策 and 信任乡镇密钥: the township's stick comes to the village.

安装新政策: choose the policy file on the stick (``乡镇政策/<id>.toml``); before anything
is written the dialog shows its check (each case), its signature (where the village trusts
a township key) and what changes against the policy the village uses now — the standard,
each group's amount, the periods, the late prices. A file whose cases fail, that is not
signed by a trusted key or was altered after signing is refused with the reason; 安装 is
offered only for a file that passes, and asks the admin password.

信任乡镇密钥: once, the township's public key (``乡镇政策/township.pub``) with its
fingerprint to compare with the township's by eye; from then on only files it signed.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.errors import Refusal
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger
from desktop_app.services.policies import PolicyFileError
from desktop_app.services.policy_updates import (
    InstallPreview,
    admin_prompt,
    check_admin,
    install_policy,
    key_fingerprint,
    preview_install,
    trust_key,
    trusted_fingerprints,
)
from desktop_app.ui.widgets import MessageLabel

RED, GREEN = "#b71c1c", "#1b5e20"


def ask_file(parent: QWidget | None, title: str, pattern: str) -> Path | None:
    """The system's file chooser (the stick's 乡镇政策 folder); tests replace this function."""
    path, _ = QFileDialog.getOpenFileName(parent, title, "", pattern)
    return Path(path) if path else None


def preview_html(p: InstallPreview) -> str:
    """What installing the file would do, in words, before anything is written."""
    out = [f"<p>文件：{escape(str(p.path))}</p>"]
    if p.policy is not None:
        out.append(f"<h3>{escape(p.policy.name)}（{p.policy.benefit_year}年度，{escape(p.policy.document)}）</h3>")
    if p.report is not None and p.report.ok:
        out.append(f'<p style="color: {GREEN};">✓ {escape(p.report.lines()[0])}</p>')
    if p.signed_by:
        out.append(f'<p style="color: {GREEN};">✓ 乡镇签名核对无误（密钥指纹 {escape(p.signed_by)}）</p>')
    elif p.ok:
        out.append("<p>本村没有信任乡镇密钥，不核对签名（建议先 信任乡镇密钥…）。</p>")
    if p.problems:
        out.append(
            f'<p style="color: {RED};">✗ 不能安装：</p><ul style="color: {RED};">'
            + "".join(f"<li>{escape(line.strip())}</li>" for line in p.problems)
            + "</ul>"
        )
    if p.ok:
        if p.changes:
            out.append(
                f"<h3>变化（{escape(p.compared_with)}）</h3><ul>"
                + "".join(f"<li>{escape(c.text)}</li>" for c in p.changes)
                + "</ul>"
            )
        elif p.compared_with:
            out.append(f"<p>{escape(p.compared_with)}，金额、日期和期外价格都没有变化。</p>")
        else:
            out.append("<p>本村还没有可比较的政策。</p>")
    return "".join(out)


def _buttons(ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok)
    box.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
    return box


class _AdminDialog(QDialog):
    """A dialog whose action asks the admin password (the collector's own until one is set)."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_form = QFormLayout()
        self.password_form.addRow(f"{admin_prompt(ledger)}(&W)：", self.password)
        self.message = MessageLabel()

    def admin_ok(self) -> bool:
        try:
            check_admin(self.ledger, self.acting, self.password.text())
        except Refusal as e:
            self.message.show_error(e.message)
            self.password.setFocus()
            self.password.selectAll()
            return False
        return True


class InstallPolicyDialog(_AdminDialog):
    """``installed`` is the installed file's path once done."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(ledger, acting, parent)
        self.setWindowTitle("安装新政策（乡镇发来的政策文件）")
        self.preview: InstallPreview | None = None
        self.installed: Path | None = None
        choose = QPushButton("选择政策文件(&F)…")
        choose.setAutoDefault(False)
        choose.clicked.connect(self.ask)
        self.text = QTextBrowser()
        self.text.setAccessibleName("检查结果与变化")
        self.text.setHtml("<p>请把乡镇的U盘插上，选择其中“乡镇政策”文件夹里的政策文件（.toml）。</p>")
        self.buttons = _buttons("安装 (&I)")
        self.buttons.accepted.connect(self.install)
        self.buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(choose)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.text, 1)
        layout.addLayout(self.password_form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self._enable()
        choose.setFocus()
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(min(max(860, em * 56), 1300), min(max(560, em * 36), 740))

    def _enable(self) -> None:
        ok = self.preview is not None and self.preview.ok
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(ok)
        self.password.setEnabled(ok)

    def ask(self) -> None:
        path = ask_file(self, "选择乡镇发来的政策文件", "政策文件 (*.toml)")
        if path is not None:
            self.choose(path)

    def choose(self, path: Path) -> None:
        self.preview = preview_install(self.ledger, path)
        self.text.setHtml(preview_html(self.preview))
        self._enable()
        if self.preview.ok:
            self.message.show_hint("核对无误后输入密码，按“安装”")
            self.password.setFocus()
        else:
            self.message.show_error("这个政策文件不能安装：" + self.preview.problems[0].strip().rstrip("："))

    def install(self) -> None:
        if self.preview is None or not self.preview.ok or not self.admin_ok():
            return
        try:
            done = install_policy(self.ledger, self.acting, self.preview.path)
        except (Refusal, PolicyFileError, OSError) as e:
            self.message.show_error(f"没有安装：{getattr(e, 'message', None) or e}")
            return
        self.installed = done.path
        self.accept()


class TrustKeyDialog(_AdminDialog):
    """``trusted`` is the fingerprint once trusted."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(ledger, acting, parent)
        self.setWindowTitle("信任乡镇密钥")
        self.path: Path | None = None
        self.trusted: str | None = None
        known = trusted_fingerprints()
        now = "、".join(known) if known else "还没有（现在任何通过用例的政策文件都可安装）"
        choose = QPushButton("选择乡镇公钥文件(&F)…")
        choose.setAutoDefault(False)
        choose.clicked.connect(self.ask)
        self.info = QLabel(
            f"本村已信任的乡镇密钥：{now}\n\n请选择乡镇U盘“乡镇政策”文件夹中的公钥文件（.pub）。"
            "信任之后，只安装这个乡镇签名的政策文件。"
        )
        self.info.setWordWrap(True)
        self.buttons = _buttons("信任此密钥 (&T)")
        self.buttons.accepted.connect(self.trust)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(choose)
        layout.addWidget(self.info, 1)
        layout.addLayout(self.password_form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        choose.setFocus()
        self.resize(640, 320)

    def ask(self) -> None:
        path = ask_file(self, "选择乡镇公钥", "乡镇公钥 (*.pub)")
        if path is not None:
            self.choose(path)

    def choose(self, path: Path) -> None:
        try:
            finger = key_fingerprint(path)
        except Refusal as e:
            self.message.show_error(e.message)
            return
        self.path = path
        self.info.setText(f"公钥文件：{path}\n\n指纹：{finger}\n\n请打电话与乡镇核对这16位指纹，一致再信任。")
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)
        self.password.setFocus()

    def trust(self) -> None:
        if self.path is None or not self.admin_ok():
            return
        try:
            self.trusted = trust_key(self.ledger, self.acting, self.path).fingerprint
        except (Refusal, OSError) as e:
            self.message.show_error(f"没有信任：{getattr(e, 'message', None) or e}")
            return
        self.accept()
