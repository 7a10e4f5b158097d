"""The first-run wizard's pages: what each asks, and the check it makes before going on.

The wizard itself (``ui.wizard.SetupWizard``) chooses the way through them: 村 (policy,
village, collector, admin password), 村的第二台电脑 (the first laptop's backup) or 乡镇
(the township's desk), each ending on the confirm page.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from desktop_app.services.ledger import LedgerError
from desktop_app.ui.setup_presenters import (
    DEFAULT_GROUPS,
    PolicyChoice,
    TownshipAnswers,
    backup_summary,
    check_policy,
    check_village,
    expiry_warning,
    is_encrypted_backup,
)
from desktop_app.ui.widgets import MessageLabel, set_tab_order

NO_AREA = "（本政策不分地区）"
MODE, POLICY, VILLAGE, COLLECTOR, ADMIN, TOWNSHIP, JOIN, CONFIRM = range(8)
CONFIRM_VILLAGE = "请核对；按“完成”建立数据库。政策、村名和收款员建立后不能再改。"


def _password() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    label.setStyleSheet("color: #616161;")
    return label


class _Page(QWizardPage):
    following = -1  # the page after this one (-1: the last)

    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.message = MessageLabel()
        self.form = QFormLayout()
        self.box = QVBoxLayout(self)
        self.box.addLayout(self.form)
        self.box.addStretch(1)
        self.box.addWidget(self.message)

    def nextId(self) -> int:
        return self.following

    def refuse(self, error: LedgerError, fields: dict[str, QWidget]) -> bool:
        self.message.show_error(error.message)
        widget = fields.get(error.field or "")
        if widget is not None:
            widget.setFocus()
        return False


class ModePage(_Page):
    """村 (a new village ledger), 村的第二台电脑 (from the first laptop's backup) or 乡镇 (the township's desk)."""

    def __init__(self) -> None:
        super().__init__("第1步：村或乡镇", "这台电脑在村里收费开收据，还是在乡镇汇总各村交来的U盘批次？")
        self.village = QRadioButton("村(&V)：村医保专干、组长收费，开收据，导出上报批次")
        self.join = QRadioButton("村里的第二台电脑(&J)：用第一台电脑的备份开始，由另一位收款员在这台电脑上收费")
        self.township = QRadioButton("乡镇(&T)：接收各村的U盘批次，核对后汇总上报县医保局（不收费）")
        self.village.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.village, self.join, self.township):
            group.addButton(button)
            self.form.addRow(button)
        self.form.addRow(_hint("不确定就选“村”。以后要换用途，需要另建一个数据库。"))

    def nextId(self) -> int:
        return TOWNSHIP if self.township.isChecked() else JOIN if self.join.isChecked() else POLICY


class PolicyPage(_Page):
    following = VILLAGE

    def __init__(self, choices: list[PolicyChoice], today: date) -> None:
        super().__init__("第2步：选择政策", "选择本村执行的城乡居民医保征缴通知；标准、资助和缴费期都按它计算。")
        self.choices = choices
        self.warning = MessageLabel()
        warning = expiry_warning(choices, today)
        if warning:
            self.warning.show_error(warning)
        self.warning.setVisible(bool(warning))
        self.box.insertWidget(0, self.warning)
        self.policies = QListWidget()
        self.policies.setWordWrap(True)
        self.policies.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.policies.setSpacing(3)
        self.policies.setMinimumHeight(self.fontMetrics().height() * 13)
        for c in choices:
            target = f" · 参保率目标 {c.target}%" if c.target else ""
            self.policies.addItem(f"{c.name}\n　　{c.jurisdiction} · {c.document}{target}\n　　{c.period_text(today)}")
        self.area = QComboBox()
        self.policies.currentRowChanged.connect(self._areas)
        self.form.addRow("政策(&P)：", self.policies)
        self.form.addRow("地区(&A)：", self.area)
        if choices:
            self.policies.setCurrentRow(0)

    def choice(self) -> PolicyChoice | None:
        row = self.policies.currentRow()
        return self.choices[row] if 0 <= row < len(self.choices) else None

    def area_code(self) -> str | None:
        choice = self.choice()
        if choice is None or not choice.areas or self.area.currentIndex() <= 0:
            return None
        return choice.areas[self.area.currentIndex() - 1][0]

    def _areas(self) -> None:
        choice = self.choice()
        self.area.clear()
        if choice is None or not choice.areas:
            self.area.addItem(NO_AREA)
            self.area.setEnabled(False)
            return
        self.area.addItem("请选择本村所在地区")
        self.area.addItems([name for _, name in choice.areas])
        self.area.setEnabled(True)

    def validatePage(self) -> bool:
        try:
            check_policy(self.choice(), self.area_code())
        except LedgerError as e:
            return self.refuse(e, {"policy": self.policies, "area": self.area})
        self.message.show_hint("")
        return True


class VillagePage(_Page):
    following = COLLECTOR

    def __init__(self) -> None:
        super().__init__("第3步：村庄", "村名印在收据上；村民小组用于户的分组、未缴名单和参保进度。")
        self.village = QLineEdit()
        self.village.setPlaceholderText("如 大庄村")
        self.groups = QLineEdit(DEFAULT_GROUPS)
        hint = QLabel("用空格或顿号分开，以后可在“设置”中增加")
        hint.setStyleSheet("color: #616161;")
        self.form.addRow("村名(&V)：", self.village)
        self.form.addRow("村民小组(&G)：", self.groups)
        self.form.addRow("", hint)

    def validatePage(self) -> bool:
        try:
            check_village(self.village.text(), self.groups.text())
        except LedgerError as e:
            return self.refuse(e, {"village": self.village, "village_groups": self.groups})
        return True


class CollectorPage(_Page):
    following = ADMIN

    def __init__(self, check: Callable[[], bool]) -> None:
        super().__init__(
            "第4步：收款员", "收款员每次打开程序时登录；作废、退费时还要再输一次密码。其他收款员（如组长）以后再加。"
        )
        self.check = check
        self.collector = QLineEdit()
        self.password = _password()
        self.password_again = _password()
        self.prefix = QLineEdit()
        self.prefix.setMaxLength(8)
        self.target = QLineEdit()
        self.form.addRow("收款员姓名(&C)：", self.collector)
        self.form.addRow("密码(&W)：", self.password)
        self.form.addRow("再输一次密码(&E)：", self.password_again)
        self.form.addRow("收据号前缀(&R)：", self.prefix)
        self.form.addRow("参保率目标 %(&T)：", self.target)
        set_tab_order(self.collector, self.password, self.password_again, self.prefix, self.target)

    def validatePage(self) -> bool:
        return self.check()

    def fields(self) -> dict[str, QWidget]:
        return {
            "collector": self.collector,
            "password": self.password,
            "password_again": self.password_again,
            "receipt_prefix": self.prefix,
            "participation_target": self.target,
        }


class AdminPage(_Page):
    """The village's admin password: a role (e.g. the 村支书 keeps it), not a collector who logs in."""

    following = CONFIRM

    def __init__(self, check: Callable[[], bool]) -> None:
        super().__init__(
            "第5步：管理密码", "增加收款员（如组长）、停用收款员、给忘了密码的收款员重设密码时，要输管理密码。"
        )
        self.check = check
        self.password = _password()
        self.password_again = _password()
        self.form.addRow("管理密码(&A)：", self.password)
        self.form.addRow("再输一次(&E)：", self.password_again)
        self.form.addRow(
            "", _hint("请交给村里负责的人（如村支书）保管；最好不要与收款员的密码相同。管理密码不能登录收费。")
        )
        set_tab_order(self.password, self.password_again)

    def validatePage(self) -> bool:
        return self.check()


class TownshipPage(_Page):
    following = CONFIRM

    def __init__(self, check: Callable[[], bool]) -> None:
        super().__init__("第2步：乡镇汇总", "乡镇名称印在汇总表和进度通报上；经办人每次打开程序时登录。")
        self.check = check
        self.township = QLineEdit()
        self.township.setPlaceholderText("如 城关镇")
        self.clerk = QLineEdit()
        self.password = _password()
        self.password_again = _password()
        self.form.addRow("乡镇名称(&N)：", self.township)
        self.form.addRow("经办人姓名(&C)：", self.clerk)
        self.form.addRow("密码(&W)：", self.password)
        self.form.addRow("再输一次密码(&E)：", self.password_again)
        set_tab_order(self.township, self.clerk, self.password, self.password_again)

    def validatePage(self) -> bool:
        return self.check()

    def answers(self) -> TownshipAnswers:
        return TownshipAnswers(
            self.township.text(), self.clerk.text(), self.password.text(), self.password_again.text()
        )

    def fields(self) -> dict[str, QWidget]:
        return {
            "township": self.township,
            "clerk": self.clerk,
            "password": self.password,
            "password_again": self.password_again,
        }


class JoinPage(_Page):
    """The second laptop: the first laptop's backup becomes this laptop's register."""

    following = CONFIRM

    def __init__(self, check: Callable[[], bool]) -> None:
        super().__init__(
            "第2步：第一台电脑的备份",
            "在第一台电脑上点“工具 → 备份到U盘”，把U盘插到这台电脑上，选那个备份文件，输入管理密码。",
        )
        self.check = check
        self.path = QLineEdit()
        self.path.setPlaceholderText("如 E:\\征缴通备份\\zhengjiao-backup-20261207-093000-000000.sqlite.zjbak")
        self.browse = QPushButton("浏览(&W)…")  # &B is the wizard's 上一步
        self.browse.setAutoDefault(False)
        self.browse.clicked.connect(self._browse)
        self.path.textChanged.connect(self._show)
        row = QHBoxLayout()
        row.addWidget(self.path, 1)
        row.addWidget(self.browse)
        self.facts = QLabel()
        self.facts.setWordWrap(True)
        self.password = _password()
        self.password.setPlaceholderText("U盘上的备份是加密的：输入备份时用的管理密码")
        self.password.setEnabled(False)
        label = QLabel("备份文件(&F)：")
        label.setBuddy(self.path)  # a row holding a layout gets no buddy of its own: Alt+F would not reach the box
        self.form.addRow(label, row)
        self.form.addRow("", self.facts)
        self.form.addRow("管理密码(&P)：", self.password)
        self.form.addRow(
            _hint(
                "这台电脑上的户籍是那份备份的一份副本：以后两台电脑各记各的。请在这台电脑上"
                "用您自己的收款员名字登录（每位收款员只在一台电脑上收费），收据号前缀与"
                "别人不同，上报批次各导各的，乡镇汇总时合在一起。"
            )
        )
        set_tab_order(self.path, self.browse, self.password)

    def backup(self) -> Path | None:
        text = self.path.text().strip().strip('"')
        return Path(text) if text else None

    def _browse(self) -> None:
        chosen, _ = QFileDialog.getOpenFileName(
            self, "选择第一台电脑的备份", self.path.text(), "征缴通备份 (*.zjbak *.sqlite);;所有文件 (*)"
        )
        if chosen:
            self.path.setText(chosen)

    def _show(self) -> None:
        backup = self.backup()
        self.facts.setText(backup_summary(backup) if backup is not None and backup.is_file() else "")
        self.password.setEnabled(is_encrypted_backup(backup))

    def validatePage(self) -> bool:
        return self.check()


class ConfirmPage(_Page):
    def __init__(self, finish: Callable[[], bool]) -> None:
        super().__init__("第6步：确认", CONFIRM_VILLAGE)
        self.finish = finish
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)

    def validatePage(self) -> bool:
        return self.finish()
