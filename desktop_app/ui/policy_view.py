"""The collector's view of the year's policy: every price in plain Chinese, and the 明白纸 to print.

What the collector reads out: each group's amount to pay (the help after it), the riders,
who is not collected in the village, the periods, each late price and wait, what to bring
and where else to pay, the targets and refunds — then, in red, 需要您核对的事项: where the
policy file's author was unsure of the notice, as questions for the collector. No codes,
no English. 打印明白纸 prints the one-page 政策明白纸 (services.printouts, kind "leaflet")
with the township's 咨询电话, which is kept in the village's settings.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
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
from desktop_app.services.policies import Leaflet, LoadedPolicy, leaflet
from desktop_app.services.policy_updates import set_consult_phone
from desktop_app.ui.widgets import MessageLabel

RED = "#b71c1c"


def _items(lines: tuple[str, ...] | list[str], numbered: bool = False) -> str:
    tag = "ol" if numbered else "ul"
    return f"<{tag}>" + "".join(f"<li>{escape(line)}</li>" for line in lines) + f"</{tag}>"


def _section(title: str, lines: tuple[str, ...] | list[str], colour: str = "") -> str:
    if not lines:
        return ""
    style = f' style="color: {colour};"' if colour else ""
    return f"<h3{style}>{escape(title)}</h3>" + _items(lines, numbered=bool(colour))


def policy_html(sheet: Leaflet, loaded: LoadedPolicy, year: int, area_name: str | None) -> str:
    """The policy as the collector reads it (the window's view; the CLI prints the same as text)."""
    p = loaded.policy
    area = f"（{area_name}）" if area_name else ""
    origin = "随软件提供" if loaded.bundled else "乡镇发来的更新"
    groups = "".join(
        f"<tr><td>{escape(g.group)}</td><td>{escape(g.text.partition('：')[2])}</td></tr>" for g in sheet.groups
    )
    doubts = (
        f'<p style="color: {RED};">本政策有 {len(sheet.to_check)} 项需要您核对的事项，见最后。</p>'
        if sheet.to_check
        else ""
    )
    parts = [
        f"<h2>{year}年度　{escape(sheet.title)}</h2>",
        f"<p>适用：{escape(sheet.jurisdiction)}{escape(area)}<br/>依据：{escape('；'.join(sheet.sources))}</p>",
        doubts,
        "<h3>每人每年个人缴费（多重身份按资助最高的一项，不叠加）</h3>",
        f'<table border="1" cellspacing="0" cellpadding="4"><tr style="background-color: #e6e9ed;">'
        f"<td>人员类别</td><td>个人缴费</td></tr>{groups}"
        "</table>",
        _items([*sheet.riders, *sheet.not_collected]) if sheet.riders or sheet.not_collected else "",
        _section("缴费时间", [*sheet.periods, f"待遇享受期：{sheet.benefit_period}"]),
        _section("集中缴费期后缴费", [late.text for late in sheet.late]),
        _section("待遇等待期", sheet.waits),
        _section("缴费时请带上", ["、".join(sheet.bring)] if sheet.bring else []),
        _section("缴费渠道", sheet.channels),
        _section("参保率目标", sheet.targets),
        _section("退费", sheet.refunds),
        _section("需要您核对的事项", sheet.to_check, RED),
        _section("通知中本软件不计算的内容", [n.topic for n in p.not_encoded]),
        f'<p style="color: #616161;">政策文件：{origin}。</p>',
    ]
    return "".join(parts)


class PolicyViewDialog(QDialog):
    """本年度政策 for the acting year (and its area); 打印明白纸 (Alt+P) prints the 明白纸."""

    def __init__(self, ledger: Ledger, acting: Acting, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ledger, self.acting = ledger, acting
        loaded = ledger.policy_of(acting.year)
        area = loaded.policy.area(acting.year.area) if acting.year.area else None
        self.setWindowTitle(f"{acting.benefit_year}年度政策 — {loaded.policy.name}")
        self.text = QTextBrowser()
        self.text.setAccessibleName("本年度政策")
        self.text.setHtml(
            policy_html(
                leaflet(loaded.policy, acting.year.area), loaded, acting.benefit_year, area.name if area else None
            )
        )
        self.phone = QLineEdit(ledger.settings.consult_phone)
        self.phone.setPlaceholderText("印在明白纸上，如 0431-12345678")
        phone_label = QLabel("乡镇咨询电话(&T)：")
        phone_label.setBuddy(self.phone)
        self.print_button = QPushButton("打印明白纸(&P)…")
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_leaflet)
        self.message = MessageLabel()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(phone_label)
        row.addWidget(self.phone, 1)
        row.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.text.setFocus()
        em = self.fontMetrics().horizontalAdvance("中")
        self.resize(min(max(900, em * 60), 1300), min(max(680, em * 42), 740))

    def print_leaflet(self) -> None:
        try:
            set_consult_phone(self.ledger, self.acting, self.phone.text())
        except Refusal as e:
            self.message.show_error(e.message)
            self.phone.setFocus()
            return
        from desktop_app.ui.print_dialog import choose_and_print

        done = choose_and_print(self, self.ledger, self.acting, "leaflet", year=self.acting.benefit_year)
        if done:
            self.message.show_ok(done)
