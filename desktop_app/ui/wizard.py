"""The first-run wizard: village or township, then policy and area, village and groups,
collector, admin password, confirm — or, for a township's desk, its name and clerk, confirm;
or, for a village's second laptop, the first laptop's backup, confirm.

Each page (``ui.wizard_pages``) checks what was typed before moving on (Enter = 下一步,
Esc = 取消) and names the field to fix; the last page creates the database through
services.setup, and the collector just named acts in the policy's benefit year without
logging in again. On 乡镇 the desk is set up through services.township_desk
(``self.township`` is then True and ``self.clerk`` the clerk, already logged in; the
program opens the desk's window). On the second laptop the backup becomes the database
and the collector logs in as usual (``self.acting`` is None). When every policy offered
is past its collection period the policy page says so in red, and a trainer can still go on.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget, QWizard

from desktop_app.domain.operators import Acting, Operator
from desktop_app.services.clock import Clock, system_clock
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.policies import PolicyCatalogue
from desktop_app.ui.setup_presenters import (
    SetupAnswers,
    check_admin_password,
    check_collector,
    check_join,
    check_township,
    create_ledger,
    create_township,
    join_ledger,
    join_lines,
    policy_choices,
    suggested_prefix,
    summary_lines,
    township_lines,
)
from desktop_app.ui.wizard_pages import (
    ADMIN,
    COLLECTOR,
    CONFIRM,
    CONFIRM_VILLAGE,
    JOIN,
    MODE,
    POLICY,
    TOWNSHIP,
    VILLAGE,
    AdminPage,
    CollectorPage,
    ConfirmPage,
    JoinPage,
    ModePage,
    PolicyPage,
    TownshipPage,
    VillagePage,
)

__all__ = ["SetupWizard"]


class SetupWizard(QWizard):
    """Creates and sets up the ledger at ``path``; when accepted ``self.ledger`` holds it and
    ``self.acting`` the collector just set up, in the ledger's first benefit year — or, for a
    township's desk, ``self.township`` is True and ``self.clerk`` the clerk (``self.acting`` None);
    or, for a second laptop, the ledger copied from the first one's backup (``self.acting`` None: log in)."""

    def __init__(
        self,
        path: Path,
        catalogue: PolicyCatalogue | None = None,
        clock: Clock | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.path, self.clock = path, clock
        self.today = (clock or system_clock)().date()
        self.catalogue = catalogue or PolicyCatalogue()
        self.ledger: Ledger | None = None
        self.acting: Acting | None = None
        self.township = False
        self.clerk: Operator | None = None
        self.setWindowTitle("征缴通 — 首次设置")
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        for button, text in (
            (QWizard.WizardButton.BackButton, "< 上一步(&B)"),
            (QWizard.WizardButton.NextButton, "下一步(&N) >"),
            (QWizard.WizardButton.FinishButton, "完成(&F)"),
            (QWizard.WizardButton.CancelButton, "取消"),
        ):
            self.setButtonText(button, text)
        self.mode_page = ModePage()
        self.policy_page = PolicyPage(policy_choices(self.catalogue), self.today)
        self.village_page = VillagePage()
        self.collector_page = CollectorPage(self._check_collector)
        self.admin_page = AdminPage(self._check_admin)
        self.township_page = TownshipPage(self._check_township)
        self.join_page = JoinPage(self._check_join)
        self.confirm_page = ConfirmPage(self._create)
        for page_id, page in (
            (MODE, self.mode_page),
            (POLICY, self.policy_page),
            (VILLAGE, self.village_page),
            (COLLECTOR, self.collector_page),
            (ADMIN, self.admin_page),
            (TOWNSHIP, self.township_page),
            (JOIN, self.join_page),
            (CONFIRM, self.confirm_page),
        ):
            self.setPage(page_id, page)
        self.setStartId(MODE)
        self.currentIdChanged.connect(self._entered)
        em, line = self.fontMetrics().horizontalAdvance("中"), self.fontMetrics().height()
        screen = self.screen().availableGeometry() if self.screen() else None
        width, height = em * 48, line * 30
        if screen is not None:
            width, height = min(width, screen.width() - 40), min(height, screen.height() - 60)
        self.resize(width, height)

    def answers(self) -> SetupAnswers:
        c = self.collector_page
        choice = self.policy_page.choice()
        return SetupAnswers(
            choice.id if choice else "",
            self.policy_page.area_code(),
            self.village_page.village.text(),
            self.village_page.groups.text(),
            c.collector.text(),
            c.password.text(),
            c.password_again.text(),
            c.prefix.text(),
            c.target.text(),
            self.admin_page.password.text(),
        )

    def is_township(self) -> bool:
        return self.mode_page.township.isChecked()

    def is_join(self) -> bool:
        return self.mode_page.join.isChecked()

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
        elif page is self.confirm_page:
            self._confirm()
        elif page is self.village_page:
            self.village_page.village.setFocus()
        elif page is self.admin_page:
            self.admin_page.password.setFocus()
        elif page is self.township_page:
            self.township_page.township.setFocus()
        elif page is self.join_page:
            self.join_page.path.setFocus()
        elif page is self.mode_page:
            next(
                b for b in (self.mode_page.village, self.mode_page.join, self.mode_page.township) if b.isChecked()
            ).setFocus()

    def _confirm(self) -> None:
        page, choice = self.confirm_page, self.policy_page.choice()
        if self.is_township():
            title, subtitle = "第3步：确认", "请核对；按“完成”建立乡镇汇总的数据库。"
            lines = township_lines(self.township_page.answers(), self.path)
        elif self.is_join():
            title, subtitle = "第3步：确认", "请核对；按“完成”把备份复制为这台电脑的数据库，然后用您的名字登录。"
            lines = join_lines(self.join_page.backup(), self.path)
        else:
            title, subtitle = "第6步：确认", CONFIRM_VILLAGE
            lines = summary_lines(choice, self.answers(), self.path, self.today) if choice is not None else []
        page.setTitle(title)
        page.setSubTitle(subtitle)
        page.summary.setText("\n".join(lines))

    def _check_collector(self) -> bool:
        try:
            check_collector(self.answers())
        except LedgerError as e:
            if e.field == "password_again":
                self.collector_page.password_again.clear()
            return self.collector_page.refuse(e, self.collector_page.fields())
        self.collector_page.message.show_hint("")
        return True

    def _check_admin(self) -> bool:
        page = self.admin_page
        try:
            check_admin_password(page.password.text(), page.password_again.text())
        except LedgerError as e:
            if e.field == "admin_again":
                page.password_again.clear()
            return page.refuse(e, {"admin_password": page.password, "admin_again": page.password_again})
        page.message.show_hint("")
        return True

    def _check_township(self) -> bool:
        page = self.township_page
        try:
            check_township(page.answers())
        except LedgerError as e:
            if e.field == "password_again":
                page.password_again.clear()
            return page.refuse(e, page.fields())
        page.message.show_hint("")
        return True

    def _check_join(self) -> bool:
        page = self.join_page
        try:
            check_join(page.backup(), page.password.text())
        except LedgerError as e:
            if e.field == "password":
                page.password.clear()
            return page.refuse(e, {"backup": page.path, "password": page.password})
        page.message.show_hint("")
        return True

    def _create(self) -> bool:
        try:
            if self.is_join():
                self.ledger = join_ledger(
                    self.path, self.join_page.backup(), self.join_page.password.text(), self.catalogue, self.clock
                )
            elif self.is_township():
                self.ledger, self.clerk = create_township(
                    self.path, self.township_page.answers(), self.catalogue, self.clock
                )
                self.township = True
            else:
                self.ledger, self.acting = create_ledger(self.path, self.answers(), self.catalogue, self.clock)
        except LedgerError as e:
            self.confirm_page.message.show_error(e.message)
            return False
        return True
