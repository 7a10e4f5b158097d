"""The first-run wizard: policy and area, village and groups, collector, then confirm.

Each page checks what was typed before moving on (Enter = 下一步, Esc = 取消) and
names the field to fix; the last page creates the database through services.setup, and
the collector just named acts in the policy's benefit year without logging in again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from desktop_app.domain.operators import Acting
from desktop_app.services.clock import Clock
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.policies import PolicyCatalogue
from desktop_app.ui.setup_presenters import (
    DEFAULT_GROUPS,
    PolicyChoice,
    SetupAnswers,
    check_collector,
    check_policy,
    check_village,
    create_ledger,
    policy_choices,
    suggested_prefix,
    summary_lines,
)
from desktop_app.ui.widgets import MessageLabel, set_tab_order

NO_AREA = "（本政策不分地区）"


class _Page(QWizardPage):
    def __init__(self, title: str, subtitle: str) -> None:
        super().__init__()
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.message = MessageLabel()
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.message)

    def refuse(self, error: LedgerError, fields: dict[str, QWidget]) -> bool:
        self.message.show_error(error.message)
        widget = fields.get(error.field or "")
        if widget is not None:
            widget.setFocus()
        return False


class PolicyPage(_Page):
    def __init__(self, choices: list[PolicyChoice]) -> None:
        super().__init__("第1步：选择政策", "选择本村执行的城乡居民医保征缴通知；标准、资助和缴费期都按它计算。")
        self.choices = choices
        self.policies = QListWidget()
        self.policies.setWordWrap(True)
        self.policies.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.policies.setSpacing(3)
        self.policies.setMinimumHeight(self.fontMetrics().height() * 13)
        for c in choices:
            target = f" · 参保率目标 {c.target}%" if c.target else ""
            self.policies.addItem(f"{c.name}\n　　{c.jurisdiction} · {c.document}{target}")
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
    def __init__(self) -> None:
        super().__init__("第2步：村庄", "村名印在收据上；村民小组用于户的分组、未缴名单和参保进度。")
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
    def __init__(self, check: Callable[[], bool]) -> None:
        super().__init__("第3步：收款员", "收款员每次打开程序时登录；作废、退费时还要再输一次密码。")
        self.check = check
        self.collector = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password_again = QLineEdit()
        self.password_again.setEchoMode(QLineEdit.EchoMode.Password)
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
        return {"collector": self.collector, "password": self.password, "password_again": self.password_again,
                "receipt_prefix": self.prefix, "participation_target": self.target}


class ConfirmPage(_Page):
    def __init__(self, finish: Callable[[], bool]) -> None:
        super().__init__("第4步：确认", "请核对；按“完成”建立数据库。政策、村名和收款员建立后不能再改。")
        self.finish = finish
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.form.addRow(self.summary)

    def validatePage(self) -> bool:
        return self.finish()


class SetupWizard(QWizard):
    """Creates and sets up the ledger at ``path``; when accepted ``self.ledger`` holds it and
    ``self.acting`` the collector just set up, in the ledger's first benefit year."""

    def __init__(self, path: Path, catalogue: PolicyCatalogue | None = None, clock: Clock | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.path, self.clock = path, clock
        self.catalogue = catalogue or PolicyCatalogue()
        self.ledger: Ledger | None = None
        self.acting: Acting | None = None
        self.setWindowTitle("征缴通 — 首次设置")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in ((QWizard.WizardButton.BackButton, "< 上一步(&B)"),
                             (QWizard.WizardButton.NextButton, "下一步(&N) >"),
                             (QWizard.WizardButton.FinishButton, "完成(&F)"),
                             (QWizard.WizardButton.CancelButton, "取消")):
            self.setButtonText(button, text)
        self.policy_page = PolicyPage(policy_choices(self.catalogue))
        self.village_page = VillagePage()
        self.collector_page = CollectorPage(self._check_collector)
        self.confirm_page = ConfirmPage(self._create)
        for page in (self.policy_page, self.village_page, self.collector_page, self.confirm_page):
            self.addPage(page)
        self.currentIdChanged.connect(self._entered)
        em, line = self.fontMetrics().horizontalAdvance("中"), self.fontMetrics().height()
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = em * 46, line * 29
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def answers(self) -> SetupAnswers:
        c = self.collector_page
        choice = self.policy_page.choice()
        return SetupAnswers(choice.id if choice else "", self.policy_page.area_code(),
                            self.village_page.village.text(), self.village_page.groups.text(), c.collector.text(),
                            c.password.text(), c.password_again.text(), c.prefix.text(), c.target.text())

    def _entered(self, page_id: int) -> None:
        page = self.page(page_id)
        choice = self.policy_page.choice()
        if page is self.collector_page:
            c = self.collector_page
            if not c.prefix.isModified():
                c.prefix.setText(suggested_prefix(self.village_page.village.text()))
            if not c.target.isModified():
                c.target.setText(str(choice.target) if choice and choice.target else "95")
            c.collector.setFocus()
        elif page is self.confirm_page and choice is not None:
            self.confirm_page.summary.setText("\n".join(summary_lines(choice, self.answers(), self.path)))
        elif page is self.village_page:
            self.village_page.village.setFocus()

    def _check_collector(self) -> bool:
        try:
            check_collector(self.answers())
        except LedgerError as e:
            if e.field == "password_again":
                self.collector_page.password_again.clear()
            return self.collector_page.refuse(e, self.collector_page.fields())
        self.collector_page.message.show_hint("")
        return True

    def _create(self) -> bool:
        try:
            self.ledger, self.acting = create_ledger(self.path, self.answers(), self.catalogue, self.clock)
        except LedgerError as e:
            self.confirm_page.message.show_error(e.message)
            return False
        return True
