"""The policy editor's five tabs (Alt+1 … Alt+5): which widget shows which field of a ``PolicyForm``.

The editor (``ui.policy_editor``) is about the file — copy last year's, open, try the samples,
save, sign, export — and its keys; this is the form itself, filled from a ``PolicyForm`` and
read back into one. A field the policy form gains is added here alone: on the page that shows
it, in ``show_form`` and in ``read``.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from desktop_app.services.policy_form import (
    KIND_LABELS,
    MODE_LABELS,
    PRICE_LABELS,
    LocalIdentityRow,
    PolicyForm,
    PriceRow,
    RiderRow,
    SubsidyRow,
    WaitingForm,
)
from desktop_app.ui.dialog_parts import hint
from desktop_app.ui.policy_editor_samples import SamplesPage
from desktop_app.ui.policy_editor_tables import Cite, Column, RowTable, scrolled

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


class PolicyTabs(QTabWidget):
    """标准与附加, 资助, 缴费期, 期外与等待期, 样例户: the form's fields, each under its own name."""

    def __init__(self) -> None:
        super().__init__()
        self.edits: dict[str, QLineEdit] = {}
        self.addTab(scrolled(self._standard_page()), "标准与附加 (&1)")
        self.addTab(self._subsidy_page(), "资助 (&2)")
        self.addTab(scrolled(self._period_page()), "缴费期 (&3)")
        self.addTab(scrolled(self._late_page()), "期外与等待期 (&4)")
        self.sample_page = SamplesPage()  # ui.policy_editor_samples
        self.addTab(self.sample_page, "样例户 (&5)")

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

    def show_form(self, form: PolicyForm) -> None:
        """Every field as the form has it, the sample households last."""
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
        ):
            table.set_rows(rows)
        self.sample_page.show_form(form)

    def read(self, loaded: PolicyForm) -> PolicyForm:
        """``loaded`` with the fields as edited (what the pages do not show comes from it unchanged)."""
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
            samples=self.sample_page.samples.rows(),
            sample_area=self.sample_page.sample_area.currentText(),
        )
