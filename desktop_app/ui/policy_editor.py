"""The township's policy editor (乡镇 mode): last year's policy as a form, checked against samples.

Ctrl+N copies last year's policy for the new year, Ctrl+O opens one of the township's
files. Five tabs (Alt+1 … Alt+5): 标准与附加, 资助, 缴费期, 期外与等待期, 样例户. F9 试算
quotes the sample households under the policy as edited and marks each difference from
the clerk's figures; Ctrl+S saves the policy and its cases and runs the check; Ctrl+G
signs them with the township's key; Ctrl+E exports them to a stick. The logic is in
``PolicyEditorPresenter``; this module is the widgets and the keys.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.domain.operators import Operator
from desktop_app.services.ledger import Ledger
from desktop_app.services.policy_form import (
    KIND_LABELS,
    MODE_LABELS,
    PRICE_LABELS,
    LocalIdentityRow,
    PolicyForm,
    PriceRow,
    RiderRow,
    SampleRow,
    SubsidyRow,
    WaitingForm,
)
from desktop_app.services.policy_samples import SampleAnswer
from desktop_app.ui.dialog_parts import heading, hint
from desktop_app.ui.policy_editor_dialogs import CopyDialog, SignDialog, ask_policy_file
from desktop_app.ui.policy_editor_presenter import ERROR, OK, PolicyEditorPresenter, today_year
from desktop_app.ui.policy_editor_tables import Cite, Column, RowTable, scrolled
from desktop_app.ui.stick_target import ask_folder
from desktop_app.ui.widgets import MessageLabel

PRICES = tuple(PRICE_LABELS.values())
WAITS = ("", "3个月", "6个月", "90天", "按断保年数")
TEXTS = (
    "policy_id",
    "jurisdiction",
    "document",
    "issued_on",
    "benefit_year",
    "standard",
    "fiscal_share",
    "benefit_start",
    "benefit_end",
    "collection_start",
    "collection_end",
    "after_reason",
    "newborn_days",
)


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
        self.edits: dict[str, QLineEdit] = {}
        self.sign_key: Path | None = None  # the key last signed with: its public key goes onto the stick
        self.setWindowTitle(f"政策编辑器 — {ledger.settings.village}")
        self.title = heading("还没有打开政策：Ctrl+N 复制去年政策，Ctrl+O 打开乡镇的政策文件")
        self.title.setWordWrap(True)
        self.copy_button = QPushButton("复制去年政策(&N)…")
        self.open_button = QPushButton("打开政策文件(&O)…")
        self.tabs = QTabWidget()
        self.tabs.addTab(scrolled(self._standard_page()), "标准与附加 (&1)")
        self.tabs.addTab(self._subsidy_page(), "资助 (&2)")
        self.tabs.addTab(scrolled(self._period_page()), "缴费期 (&3)")
        self.tabs.addTab(scrolled(self._late_page()), "期外与等待期 (&4)")
        self.tabs.addTab(self._sample_page(), "样例户 (&5)")
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
        bottom = QHBoxLayout()
        for b in (self.try_button, self.save_button, self.sign_button, self.export_button):
            bottom.addWidget(b)
        bottom.addStretch(1)
        bottom.addWidget(close)
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

    # -- pages -----------------------------------------------------------------------------
    def _edit(self, name: str) -> QLineEdit:
        edit = self.edits[name] = QLineEdit()
        edit.setObjectName(name)
        return edit

    def _standard_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        for name, label in (
            ("policy_id", "政策编号(&I)："),
            ("policy_name", "政策名称："),
            ("jurisdiction", "适用地区："),
            ("document", "文号："),
            ("issued_on", "发文日期："),
            ("benefit_year", "待遇年度："),
        ):
            form.addRow(label, self._edit(name))
        form.addRow("个人缴费标准（元）(&B)：", self._edit("standard"))
        self.standard_cite = Cite()
        form.addRow("　缴费标准的出处：", self.standard_cite)
        form.addRow("财政补助标准（元）：", self._edit("fiscal_share"))
        self.variants = RowTable(
            (
                Column("name", "其他标准的名称", 20),
                Column("amount", "金额（元）", 6),
                Column("who", "适用人员", 24, read_only=True),
            ),
            None,
            "其他标准",
        )
        self.riders = RowTable(
            (
                Column("name", "附加的名称", 14),
                Column("amount", "金额（元）", 6),
                Column("areas", "收取的地区", 20, tip="地区名称，用“、”隔开"),
                Column("clause", "条款", 5),
                Column("quote", "通知原文", 30),
            ),
            RiderRow("", "", ""),
            "附加",
        )
        box = QVBoxLayout(page)
        box.addLayout(form)
        box.addWidget(QLabel("其他个人缴费标准（如学生）："))
        box.addWidget(self.variants)
        box.addWidget(QLabel("随医保费一并收取的附加："))
        box.addWidget(self.riders)
        return page

    def _subsidy_page(self) -> QWidget:
        page = QWidget()
        self.subsidies = RowTable(
            (
                Column("name", "资助名称", 16),
                Column("who", "资助身份", 16, tip="身份名称，用“、”隔开，如 低保对象、特困人员"),
                Column("kind", "方式", 6, choices=tuple(KIND_LABELS.values())),
                Column("value", "定额（元）或比例（%）", 8),
                Column("payer", "资助方", 8),
                Column("mode", "办理", 6, choices=tuple(MODE_LABELS.values())),
                Column("others", "其他条件", 10, read_only=True),
                Column("clause", "条款", 5),
                Column("quote", "通知原文", 30),
            ),
            SubsidyRow("", "", KIND_LABELS["fixed"], "", ""),
            "资助",
            "添加资助(&D)",
        )
        self.identities = RowTable(
            (Column("label", "本地身份名称", 16), Column("aliases", "其他叫法（用、隔开）", 24)),
            LocalIdentityRow(""),
            "本地身份",
            "添加本地身份(&L)",
        )
        box = QVBoxLayout(page)
        box.addWidget(
            hint(
                "每项资助写资助身份的名称；“当地确定”的金额，乡镇定下后改为“定额”或“按比例”并填写。"
                "通知里有、软件的身份表里没有的人群，先在下面添加本地身份。"
            )
        )
        box.addWidget(self.subsidies, 3)
        box.addWidget(self.identities, 1)
        return page

    def _period_page(self) -> QWidget:
        page = QWidget()
        form = QFormLayout()
        form.addRow("待遇享受期开始(&S)：", self._edit("benefit_start"))
        form.addRow("待遇享受期结束：", self._edit("benefit_end"))
        self.benefit_cite = Cite()
        form.addRow("　出处：", self.benefit_cite)
        form.addRow("集中缴费期开始(&C)：", self._edit("collection_start"))
        form.addRow("集中缴费期结束：", self._edit("collection_end"))
        self.collection_cite = Cite()
        form.addRow("　出处：", self.collection_cite)
        self.areas = RowTable(
            (
                Column("name", "地区", 12, read_only=True),
                Column("collection_start", "本地区开始", 10),
                Column("collection_end", "本地区延长至", 10),
            ),
            None,
            "地区",
        )
        self.extensions = RowTable(
            (
                Column("name", "延长的名称", 20),
                Column("until", "延长至", 10),
                Column("who", "适用人员", 24, read_only=True),
            ),
            None,
            "延长",
        )
        box = QVBoxLayout(page)
        box.addLayout(form)
        box.addWidget(QLabel("各地区的缴费期（日期写成 2027-02-28，不延长的留空）："))
        box.addWidget(self.areas)
        box.addWidget(QLabel("部分人员的延长："))
        box.addWidget(self.extensions)
        return page

    def _late_page(self) -> QWidget:
        page = QWidget()
        after = QGroupBox("集中缴费期后缴费（以下规则都不适用的人）")
        form = QFormLayout(after)
        self.after_refused = QCheckBox("不予参保(&R)")
        form.addRow("", self.after_refused)
        form.addRow("不予参保的理由：", self._edit("after_reason"))
        self.after_price = QComboBox()
        self.after_price.addItems(list(PRICES))
        form.addRow("价格(&P)：", self.after_price)
        self.after_wait = QComboBox()
        self.after_wait.setEditable(True)
        self.after_wait.addItems(list(WAITS))
        form.addRow("待遇等待期(&W)：", self.after_wait)
        self.after_cite = Cite()
        form.addRow("出处：", self.after_cite)
        self.after_prices = RowTable(
            (
                Column("start", "从", 10),
                Column("end", "到", 10),
                Column("price", "价格（或金额，元）", 24, choices=PRICES),
            ),
            PriceRow("", "", PRICES[0]),
            "分段价格",
        )
        self.late_rules = RowTable(
            (
                Column("name", "期外规则", 24),
                Column("price", "价格", 16, choices=(*PRICES, "不予参保")),
                Column("wait", "待遇等待期", 8, choices=WAITS),
                Column("who", "适用人员", 24, read_only=True),
            ),
            None,
            "期外规则",
        )
        waiting = QGroupBox("按断保年数的待遇等待期（不用时全部留空）")
        grid = QFormLayout(waiting)
        for name, label in (
            ("wait_fixed", "固定等待期（月）："),
            ("wait_per_uncovered", "每断保1年增加（月）："),
            ("wait_free", "断保几年内不增加："),
            ("wait_per_back_paid", "每补缴1年减少（月）："),
            ("wait_min", "补缴后最短（月）："),
            ("wait_min_from", "最短等待期适用于断保几年及以上："),
            ("wait_max", "最长（月）："),
        ):
            grid.addRow(label, self._edit(name))
        self.wait_in_period = QCheckBox("未连续参保的，在集中缴费期内缴费也设等待期")
        grid.addRow("", self.wait_in_period)
        self.waiting_cite = Cite()
        grid.addRow("出处：", self.waiting_cite)
        newborn = QGroupBox("新生儿")
        nform = QFormLayout(newborn)
        nform.addRow("出生几天内参保自出生享受（不写留空）：", self._edit("newborn_days"))
        self.newborn_cite = Cite()
        nform.addRow("出处：", self.newborn_cite)
        box = QVBoxLayout(page)
        box.addWidget(after)
        box.addWidget(QLabel("期外缴费价格随缴费日期变化的（不变的留空）："))
        box.addWidget(self.after_prices)
        box.addWidget(QLabel("期外可参保的情形："))
        box.addWidget(self.late_rules)
        box.addWidget(waiting)
        box.addWidget(newborn)
        return page

    def _sample_page(self) -> QWidget:
        page = QWidget()
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
        box = QVBoxLayout(page)
        box.addWidget(
            hint(
                "按通知的例子（或按通知算出的金额）录入几户：同一户的人写同一个户号和缴费日期；"
                "“通知应缴”是该人应交的钱。F9 试算：软件算得的写在右边，不同的标红。保存时这些户就是政策的用例。"
            )
        )
        box.addLayout(area_row)
        box.addWidget(self.samples, 1)
        return page

    # -- the view the presenter talks to ------------------------------------------------------
    def show_form(self, form: PolicyForm, path: Path | None) -> None:
        self._title(form, path)
        for name in TEXTS:
            self.edits[name].setText(getattr(form, name))
        self.edits["policy_name"].setText(form.name)
        self.standard_cite.set(form.standard_cite)
        self.benefit_cite.set(form.benefit_cite)
        self.collection_cite.set(form.collection_cite)
        self.after_cite.set(form.after_cite)
        self.newborn_cite.set(form.newborn_cite)
        self.after_refused.setChecked(form.after_refused)
        self.after_price.setCurrentText(form.after_price)
        self.after_wait.setCurrentText(form.after_wait)
        w = form.waiting
        for name, value in (
            ("wait_fixed", w.fixed),
            ("wait_per_uncovered", w.per_uncovered),
            ("wait_free", w.free_years),
            ("wait_per_back_paid", w.per_back_paid),
            ("wait_min", w.min_months),
            ("wait_min_from", w.min_from),
            ("wait_max", w.max_months),
        ):
            self.edits[name].setText(value)
        self.wait_in_period.setChecked(w.in_period)
        self.waiting_cite.set(w.cite)
        for table, rows in (
            (self.variants, form.variants),
            (self.riders, form.riders),
            (self.subsidies, form.subsidies),
            (self.identities, form.identities),
            (self.areas, form.areas),
            (self.extensions, form.extensions),
            (self.after_prices, form.after_prices),
            (self.late_rules, form.late_rules),
            (self.samples, form.samples),
        ):
            table.set_rows(rows)
        self.samples.template = SampleRow("", "", "", paid_on=form.collection_start)
        self.sample_area.clear()
        self.sample_area.addItems(["", *(a.name for a in form.areas)])
        self.sample_area.setCurrentText(form.sample_area)
        for widget in (self.sample_area, self.area_label):
            widget.setVisible(bool(form.areas))
        self.tabs.setEnabled(True)
        self._enable()

    def show_answers(self, found: list[SampleAnswer]) -> None:
        self.samples.mark("app_due", [a.due for a in found], [a.differs for a in found])
        self.samples.mark("app_start", [a.benefit_start for a in found], [a.differs for a in found])
        self.samples.mark(
            "app_note",
            [a.note or ("不同" if a.differs and a.due else "相同" if a.due else "") for a in found],
            [a.differs for a in found],
            [a.note for a in found],
        )

    def show_message(self, kind: str, text: str) -> None:
        {OK: self.message.show_ok, ERROR: self.message.show_error}.get(kind, self.message.show_hint)(text)
        self.message.setToolTip(text)

    # -- reading the form back -------------------------------------------------------------
    def form(self) -> PolicyForm | None:
        loaded = self.presenter.form
        if loaded is None:
            return None
        e = {name: edit.text() for name, edit in self.edits.items()}
        waiting = WaitingForm(
            e["wait_fixed"],
            e["wait_per_uncovered"],
            e["wait_free"],
            e["wait_per_back_paid"],
            e["wait_min"],
            e["wait_min_from"],
            e["wait_max"],
            self.wait_in_period.isChecked(),
            self.waiting_cite.value(),
        )
        texts: dict[str, Any] = {name: e[name] for name in TEXTS}
        return replace(
            loaded,
            **texts,
            name=e["policy_name"],
            standard_cite=self.standard_cite.value(),
            benefit_cite=self.benefit_cite.value(),
            collection_cite=self.collection_cite.value(),
            after_cite=self.after_cite.value(),
            newborn_cite=self.newborn_cite.value(),
            after_refused=self.after_refused.isChecked(),
            after_price=self.after_price.currentText(),
            after_wait=self.after_wait.currentText(),
            waiting=waiting,
            variants=self.variants.rows(),
            riders=self.riders.rows(),
            subsidies=self.subsidies.rows(),
            identities=self.identities.rows(),
            areas=self.areas.rows(),
            extensions=self.extensions.rows(),
            after_prices=self.after_prices.rows(),
            late_rules=self.late_rules.rows(),
            samples=self.samples.rows(),
            sample_area=self.sample_area.currentText(),
        )

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
