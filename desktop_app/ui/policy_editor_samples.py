"""The policy editor's 样例户 tab: the notice's example households, which check the policy as edited.

Not a part of the policy like the other four tabs: these are its cases. The clerk types each
person as the notice's example gives them, with what the notice says they pay; F9 试算 puts
what the software quotes beside it and marks each difference, and Ctrl+S saves them as the
policy's cases and runs the check. Kept apart from ``ui.policy_editor_pages`` because it is
the one page the presenter writes to.
"""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from desktop_app.services.policy_form import PolicyForm
from desktop_app.services.policy_sample_rows import SampleRow
from desktop_app.services.policy_samples import SampleAnswer
from desktop_app.ui.dialog_parts import hint
from desktop_app.ui.policy_editor_tables import Column, RowTable


class SamplesPage(QWidget):
    """The sample households' table, and the area they live in when the policy has areas of its own."""

    def __init__(self) -> None:
        super().__init__()
        self.sample_area = QComboBox()
        self.samples = RowTable(
            (
                Column("household", "户号", 2),
                Column("name", "姓名", 4),
                Column("birth_date", "出生日期", 6),
                Column("who", "身份", 6, tip="资助身份的名称，如 低保对象；几个身份用“、”隔开"),
                Column("student", "学生", 2, check=True),
                Column("uncovered", "断保年", 2, tip="本年度以前连续断保的年数"),
                Column("back_paid", "补缴年", 2, tip="断保的年数中已补缴的年数"),
                Column("paid_on", "缴费日期", 6),
                Column("expected_due", "通知应缴", 4, tip="按通知该人应交的钱（元）"),
                Column("expected_start", "通知起始", 6, tip="按通知该人待遇开始的日期（可不填）"),
                Column("app_due", "软件算得", 4, read_only=True, tip="软件按本政策算得的应交金额（元）"),
                Column("app_start", "软件起始", 6, read_only=True, tip="软件算得的待遇开始日期"),
                Column("app_note", "核对", 8, read_only=True),
            ),
            SampleRow("", "", ""),
            "样例户",
            "添加一人(&A)",
        )
        area_row = QHBoxLayout()
        self.area_label = QLabel("样例户所在地区(&G)：")
        self.area_label.setBuddy(self.sample_area)
        area_row.addWidget(self.area_label)
        area_row.addWidget(self.sample_area)
        area_row.addStretch(1)
        box = QVBoxLayout(self)
        box.addWidget(
            hint(
                "按通知的例子（或按通知算出的金额）录入几户：同一户的人写同一个户号和缴费日期；"
                "“通知应缴”是该人应交的钱。F9 试算：软件算得的写在右边，不同的标红。保存时这些户就是政策的用例。"
            )
        )
        box.addLayout(area_row)
        box.addWidget(self.samples, 1)

    def show_form(self, form: PolicyForm) -> None:
        """The form's samples (a person added pays on the collection period's first day); the areas to
        choose from are the policy's, hidden when it has none."""
        self.samples.set_rows(form.samples)
        self.samples.template = SampleRow("", "", "", paid_on=form.collection_start)
        self.sample_area.clear()
        self.sample_area.addItems(["", *(a.name for a in form.areas)])
        self.sample_area.setCurrentText(form.sample_area)
        for widget in (self.sample_area, self.area_label):
            widget.setVisible(bool(form.areas))

    def show_answers(self, found: list[SampleAnswer]) -> None:
        """What the software quotes for each person, beside the notice's figures, each difference in red."""
        self.samples.mark("app_due", [a.due for a in found], [a.differs for a in found])
        self.samples.mark("app_start", [a.benefit_start for a in found], [a.differs for a in found])
        self.samples.mark(
            "app_note",
            [a.note or ("不同" if a.differs and a.due else "相同" if a.due else "") for a in found],
            [a.differs for a in found],
            [a.note for a in found],
        )
