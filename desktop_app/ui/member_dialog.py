"""Add or edit a household member.

The ID number is checked at every keystroke: a green line with the birth date and sex it
holds (which then fill the form, read-only), or a red line naming what is wrong. A
newborn without an ID number gets a birth date and sex typed in. Identities are records
with their source and validity; they are added, never removed.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.codes import ETHNICITIES
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.register import STATUSES, get_household, get_person, identity_records
from desktop_app.ui.member_identities import IdentityRecordsBox
from desktop_app.ui.register_presenters import (
    EMPTY,
    RELATIONS,
    VALID,
    MemberForm,
    check_id_number,
    save_member,
)
from desktop_app.ui.widgets import MessageLabel, set_tab_order

CHOOSE_SEX = "请选择"


class MemberDialog(QDialog):
    def __init__(
        self,
        ledger: Ledger,
        acting: Acting,
        household_id: int,
        person_id: int | None = None,
        parent: QWidget | None = None,
        relation: str = "",
    ) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        self.household_id, self.person_id = household_id, person_id
        self.saved_ids: list[int] = []
        self.coverage_changed = False  # a 参保状态 was set from here: the window refreshes even on 取消
        self.error_field = ""  # the field the red line under the form is about, until it is changed
        household = get_household(ledger, household_id)
        self.setWindowTitle(("添加成员" if person_id is None else "修改成员") + f" — 户号 {household.household_no}")
        self._build()
        if person_id is None:
            self.relation.setCurrentText(relation)
            self.on_id_changed("")
        else:
            self._load(person_id)
        self.name.setFocus()

    # -- layout --------------------------------------------------------------------
    def _build(self) -> None:
        self.name = QLineEdit()
        self.id_number = QLineEdit()
        self.id_number.setMaxLength(24)
        self.id_number.setPlaceholderText("18位证件号码；新生儿没有可不填")
        self.id_message = MessageLabel()
        self.birth = QLineEdit()
        self.birth.setPlaceholderText("如 2021-10-01")
        self.sex = QComboBox()
        self.sex.addItems([CHOOSE_SEX, "男", "女"])
        self.ethnicity = QComboBox()
        self.ethnicity.addItems(list(ETHNICITIES))
        self.ethnicity.setMaxVisibleItems(15)
        self.relation = QComboBox()
        self.relation.setEditable(True)
        self.relation.addItems(list(RELATIONS))
        self.phone = QLineEdit()
        self.status = QComboBox()
        self.status.addItems(list(STATUSES.values()))
        self.student = QCheckBox("在校学生(&T)")
        self.parent_insured = QCheckBox("父母一方已参保（新生儿）(&I)")

        left, right = QFormLayout(), QFormLayout()
        left.addRow("姓名(&M)：", self.name)
        left.addRow("证件号码(&D)：", self.id_number)
        left.addRow("", self.id_message)
        left.addRow("出生日期(&B)：", self.birth)
        left.addRow("性别(&X)：", self.sex)
        right.addRow("民族(&E)：", self.ethnicity)
        right.addRow("与户主关系(&R)：", self.relation)
        right.addRow("电话(&P)：", self.phone)
        right.addRow("状态(&Z)：", self.status)
        right.addRow("", self.student)
        right.addRow("", self.parent_insured)
        columns = QGridLayout()
        columns.addLayout(left, 0, 0)
        columns.addLayout(right, 0, 1)
        columns.setColumnStretch(0, 3)
        columns.setColumnStretch(1, 2)
        columns.setHorizontalSpacing(24)

        group = self.identities = IdentityRecordsBox(self.fontMetrics().height(), lambda: self.ledger.now().date())
        # The group's fields by the names the tab order below and the register tests use.
        self.identity_model, self.identity_code, self.identity_source = group.model, group.code, group.source
        self.identity_list, self.identity_from, self.identity_to = group.list_name, group.valid_from, group.valid_to
        self.add_identity_button = group.add_button

        self.message = MessageLabel()
        buttons = QDialogButtonBox()
        self.save_button = QPushButton("保存(&S)")
        self.save_button.setDefault(True)
        self.save_next_button = QPushButton("保存并添加下一位(&A)")
        self.save_next_button.setAutoDefault(False)
        cancel = QPushButton("取消")
        cancel.setAutoDefault(False)
        buttons.addButton(self.save_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.save_next_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
        self.save_button.clicked.connect(lambda: self.save(close=True))
        self.save_next_button.clicked.connect(lambda: self.save(close=False))
        cancel.clicked.connect(self.reject)
        self.save_next_button.setVisible(self.person_id is None)
        self.coverage_button = QPushButton("参保状态(&C)…")  # 其他渠道已缴, 职工医保, 拒绝参保… (ui.coverage_dialog)
        self.coverage_button.setAutoDefault(False)
        self.coverage_button.clicked.connect(self.edit_coverage)
        self.coverage_button.setVisible(self.person_id is not None)
        buttons.addButton(self.coverage_button, QDialogButtonBox.ButtonRole.ActionRole)

        layout = QVBoxLayout(self)
        layout.addLayout(columns)
        layout.addWidget(group)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        set_tab_order(
            self.name,
            self.id_number,
            self.birth,
            self.sex,
            self.ethnicity,
            self.relation,
            self.phone,
            self.status,
            self.student,
            self.parent_insured,
            self.identity_code,
            self.identity_source,
            self.identity_list,
            self.identity_from,
            self.identity_to,
            self.add_identity_button,
            self.save_button,
            self.save_next_button,
            self.coverage_button,
            cancel,
        )
        self.id_number.textChanged.connect(self.on_id_changed)
        for field, edit in (("name", self.name), ("id_number", self.id_number), ("birth_date", self.birth)):
            edit.textEdited.connect(lambda _, f=field: self._edited(f))
        wanted = self.fontMetrics().horizontalAdvance("中") * 56
        screen = self.screen().availableGeometry().width() if self.screen() else wanted
        self.setMinimumWidth(min(wanted, screen - 40))
        self.id_message.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)

    def _fit_id_message(self) -> None:
        """Give the ID check line the height its text needs at the field's width: one line,
        two for a long message (a check-digit error, a region name).

        A word-wrapped label asks its form for the height of a narrow, four-line box, which
        left a gap under the one-line message; its height is set here instead, on each
        message and each resize.
        """
        width = self.id_number.width() if self.isVisible() else 0
        if width < 100:  # not laid out yet: the field's width at the dialog's minimum width
            width = self.fontMetrics().horizontalAdvance("中") * 26
        self.id_message.setMinimumHeight(0)  # QLabel.heightForWidth never answers less than the minimum
        lines = max(self.id_message.heightForWidth(width), self.fontMetrics().height())
        self.id_message.setFixedHeight(lines + self.fontMetrics().height() // 5)  # a little air before 出生日期

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_id_message()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # 查看 → 字号 while the dialog is open
            self._fit_id_message()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._fit_id_message()

    def _load(self, person_id: int) -> None:
        p = get_person(self.ledger, person_id)
        self.name.setText(p.name)
        self.id_number.setText(p.id_number or "")
        if not p.id_number:
            self.birth.setText(p.birth_date.isoformat())
            self.sex.setCurrentText(p.sex)
        self.ethnicity.setCurrentText(p.ethnicity or "汉族")
        self.relation.setCurrentText(p.relation)
        self.phone.setText(p.phone)
        self.status.setCurrentText(STATUSES.get(p.status, "在册"))
        self.student.setChecked(p.student)
        self.parent_insured.setChecked(p.parent_insured)
        self.identities.show_saved(identity_records(self.ledger, person_id))
        self.on_id_changed(self.id_number.text())

    # -- behaviour -----------------------------------------------------------------
    def on_id_changed(self, text: str) -> None:
        check = check_id_number(text)
        from_id = check.state == VALID
        if from_id:
            self.id_message.show_ok(check.message)
            assert check.birth_date is not None
            self.birth.setText(check.birth_date.isoformat())
            self.sex.setCurrentText(check.sex)
        elif check.state == EMPTY or check.state == "typing":
            self.id_message.show_hint(check.message)
        else:
            self.id_message.show_error(check.message)
        if not from_id and self.birth.isReadOnly():
            self.birth.clear()
            self.sex.setCurrentIndex(0)
        self._fit_id_message()
        self.birth.setReadOnly(from_id)
        self.sex.setEnabled(not from_id)
        tip = "由证件号码得出" if from_id else ""
        self.birth.setToolTip(tip)
        self.sex.setToolTip(tip)

    def _edited(self, field: str) -> None:
        """Changing the field a refusal named takes its red line away: it no longer says what is on screen."""
        if field == self.error_field and self.message.kind == "error":
            self.message.show_hint("")
            self.error_field = ""

    def form(self) -> MemberForm:
        sex = self.sex.currentText()
        return MemberForm(
            name=self.name.text(),
            id_number=self.id_number.text(),
            birth_date=self.birth.text(),
            sex="" if sex == CHOOSE_SEX else sex,
            ethnicity=self.ethnicity.currentText(),
            relation=self.relation.currentText(),
            student=self.student.isChecked(),
            parent_insured=self.parent_insured.isChecked(),
            phone=self.phone.text(),
            status_label=self.status.currentText(),
        )

    def save(self, close: bool = True) -> None:
        try:
            person_id = save_member(
                self.ledger, self.acting, self.household_id, self.person_id, self.form(), self.identities.pending
            )
        except LedgerError as e:
            self.message.show_error(e.message)
            self.error_field = e.field or ""
            self._focus_field(e.field)
            return
        self.error_field = ""
        self.saved_ids.append(person_id)
        if close:
            self.accept()
            return
        saved = self.name.text().strip()
        for w in (self.name, self.id_number, self.birth, self.phone):
            w.clear()
        self.student.setChecked(False)
        self.parent_insured.setChecked(False)
        self.relation.setCurrentText("")
        self.identities.show_saved([])
        self.message.show_ok(f"已保存 {saved}，请填写下一位")
        self.name.setFocus()

    def edit_coverage(self) -> None:
        """This person's status for the benefit year beyond "paid here" (a dialog of its own, saved at once)."""
        if self.person_id is None:
            return
        from desktop_app.ui.coverage_actions import edit_coverage

        if edit_coverage(self.ledger, self.acting, self.person_id, self):
            self.coverage_changed = True

    def _focus_field(self, field: str | None) -> None:
        widget: QWidget | None = {
            "name": self.name,
            "id_number": self.id_number,
            "birth_date": self.birth,
            "sex": self.sex,
            "ethnicity": self.ethnicity,
            "status": self.status,
        }.get(field or "")
        if widget is not None:
            widget.setFocus()
