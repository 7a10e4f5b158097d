"""The county's answer (回盘): per person, accepted or rejected with a reason.

The county's system hands back .xlsx, .xls or .csv with its own column names; columns
are found by header as for rosters (证件号码/身份证号, 姓名, 收据号, 结果/状态,
原因/失败原因). Every unreadable line is reported at once, with its row number.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from desktop_app.domain.batches import ACCEPTED, REJECTED
from desktop_app.exchange.cells import CellError, cell_text, parse_id_cell
from desktop_app.exchange.sheets import SheetError, first_header, header_key

__all__ = ["ACCEPTED", "REJECTED", "ResultFile", "ResultLine", "outcome_of", "read_results"]
_ALIASES = {
    **dict.fromkeys(
        ("证件号码", "身份证号", "身份证号码", "公民身份号码", "身份证", "证件号", "AAC002", "AAC147"), "id_number"
    ),
    **dict.fromkeys(("姓名", "参保人姓名", "缴费人姓名", "AAC003"), "name"),
    **dict.fromkeys(("收据号", "收据号码", "票据号", "票据号码", "收据编号"), "receipt_no"),
    **dict.fromkeys(
        ("结果", "状态", "审核结果", "处理结果", "核验结果", "参保结果", "上报结果", "导入结果"), "outcome"
    ),
    **dict.fromkeys(("原因", "失败原因", "退回原因", "不通过原因", "错误原因", "错误信息", "说明", "备注"), "reason"),
}
_ALIASES = {header_key(k): v for k, v in _ALIASES.items()}
_ACCEPT_WORDS = ("成功", "通过", "接收", "正常", "已参保", "accepted", "accept", "ok", "success")
_REJECT_WORDS = ("失败", "不通过", "未通过", "退回", "拒", "不予", "错误", "rejected", "reject", "fail")


@dataclass(frozen=True)
class ResultLine:
    row: int  # as the user sees it in Excel
    id_number: str
    name: str
    receipt_no: str
    outcome: str  # accepted | rejected
    reason: str


@dataclass
class ResultFile:
    name: str
    sha256: str
    lines: list[ResultLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def outcome_of(text: str) -> str | None:
    lowered = text.strip().lower()
    if not lowered:
        return None
    if any(word in lowered for word in _REJECT_WORDS):
        return REJECTED
    if any(word in lowered for word in _ACCEPT_WORDS):
        return ACCEPTED
    return None


def read_results(path: Path) -> ResultFile:
    """Raises SheetError when the file cannot be read or has no usable header."""
    try:
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError as e:
        raise SheetError(f"无法读取文件 {path}（{e.strerror or e}）") from None
    sheet, header = first_header(path, _ALIASES, ("id_number", "outcome"))
    missing = [
        label
        for key, label in (("outcome", "结果/状态"), ("id_number", "证件号码/身份证号"))
        if key not in header.columns
    ]
    if missing:
        raise SheetError(
            f"{path.name} 的工作表“{sheet.name}”缺少“{'”“'.join(missing)}”列（表头在第{header.row + 1}行）"
        )
    out = ResultFile(path.name, digest)
    cols = header.columns
    for index in range(header.row + 1, len(sheet.rows)):
        if sheet.was_blank(index):
            continue
        row = index + 1

        def text(key: str, index: int = index) -> str:
            return cell_text(sheet.cell(index, cols[key])) if key in cols else ""

        name, receipt, reason, said = text("name"), text("receipt_no").upper(), text("reason"), text("outcome")
        try:
            parsed = parse_id_cell(sheet.cell(index, cols["id_number"]))
        except CellError as e:
            out.problems.append(f"第{row}行（{name or '无姓名'}）证件号码：{e}")
            continue
        if parsed is None and not (name and receipt):
            out.problems.append(f"第{row}行：没有证件号码，也没有姓名与收据号，无法对应到缴费记录")
            continue
        outcome = outcome_of(said)
        if outcome is None:
            out.problems.append(
                f"第{row}行（{name or parsed.number if parsed else name}）结果“{said}”看不懂，"
                "应为 成功/失败（或 通过/不通过、accepted/rejected）"
            )
            continue
        if outcome == REJECTED and not reason:
            reason = said
        out.lines.append(ResultLine(row, parsed.number if parsed else "", name, receipt, outcome, reason))
    return out
