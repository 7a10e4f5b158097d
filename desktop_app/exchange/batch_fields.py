"""What a batch row can carry: its fields, their formats, and the statuses a row may have.

``ROW_FIELDS`` is the order of a frozen row (``batch_rows.data``): append-only. A batch
made years ago holds shorter rows, and a field added since reads as empty in them
(``batch_rows.cells``), so every old batch is still written again byte for byte. A
template column names a field (or ``rider:长护险``, one rider's amount), a value that
is the same for the whole batch (``BATCH_FIELDS``), or a constant of its own.
"""

from __future__ import annotations

# The fields a row can carry, frozen when the batch is made (DB order; never reorder, only append).
ROW_FIELDS: dict[str, str] = {
    "name": "姓名",
    "id_kind": "证件类型",
    "id_number": "证件号码",
    "sex": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "household_no": "户号",
    "village_group": "村民小组",
    "identity": "参保身份",
    "benefit_year": "缴费年度",
    "standard": "个人缴费标准",  # with the riders, as the collector collects it (360 + 10 = 370)
    "subsidy": "资助金额",
    "subsidy_mode": "资助方式",
    "cash": "实收金额",
    "benefit_start": "待遇开始日期",
    "receipt_no": "收据号",
    "paid_on": "收款日期",
    "collector": "代收员",
    "status": "状态",
    "note": "备注",
    "event_date": "变动日期",
    "subsidy_payer": "资助资金渠道",
    "benefit_end": "待遇截止日期",
    # added with the county's own templates (issue 14); older frozen rows end before here
    "phone": "联系电话",
    "relation": "与户主关系",
    "head_name": "户主姓名",
    "head_id_number": "户主证件号码",
    "address": "住址",
    "riders": "附加险",  # [[name, short name, fen], …]: a column takes one rider, as rider:长护险
    "base_standard": "个人缴费标准（不含附加险）",
    "subsidy_identity": "资助身份",
    "identity_source": "资助身份来源",
    "pay_method": "缴费方式",
    "channel": "缴费渠道",
    "bill_no": "票据号",
    "period_start": "费款所属期起",
    "period_end": "费款所属期止",
    "late_entry": "补录",
    "entered_on": "录入日期",
}
INTERNAL = ("riders",)  # frozen, but no column of its own
RIDER = "rider:"  # rider:长护险 — that rider's amount (by its short name or its full name)
# Fields the same for every row of a batch, filled in when it is written.
BATCH_FIELDS: dict[str, str] = {"village": "村", "batch_no": "批次号"}
FIELDS = {**{k: v for k, v in ROW_FIELDS.items() if k not in INTERNAL}, **BATCH_FIELDS}
FIELD_INDEX = {name: i for i, name in enumerate(ROW_FIELDS)}

FORMATS = {
    "text": "文本单元格",
    "date": "文本日期 YYYY-MM-DD",
    "date8": "文本日期 YYYYMMDD",
    "money": "数字，两位小数（元）",
    "integer": "整数",
}
MONEY_FIELDS = ("standard", "subsidy", "cash", "base_standard")
INTEGER_FIELDS = ("benefit_year", "batch_no")
DATE_FIELDS = (
    "birth_date",
    "benefit_start",
    "paid_on",
    "event_date",
    "benefit_end",
    "period_start",
    "period_end",
    "entered_on",
)
# Excel would show 3.41324E+17 and drop digits, or drop a leading 0
TEXT_ONLY = ("id_number", "household_no", "receipt_no", "head_id_number", "bill_no", "phone")
# Without these a row cannot be told from another. 收据号, 状态 and 实收金额 are optional since issue 14
# (a county's own template may lack them): see batch_figures for what a batch says without them.
REQUIRED = ("name", "id_number")

NORMAL, VOIDED, REFUNDED, RESUBMITTED, RESTORED = "正常", "作废", "退费", "重报", "退费撤销"
STATUSES = (NORMAL, VOIDED, REFUNDED, RESUBMITTED, RESTORED)
# How a row counts in the net: a 退费 row is an application sent; 退费撤销 says it was declined (不予退费),
# so the person is covered again and the amount counts once more.
SIGNS = {NORMAL: 1, VOIDED: -1, REFUNDED: -1, RESTORED: 1}
LATE_YES, LATE_NO = "是", "否"
PAY_METHOD, CHANNEL = "现金", "村代收"  # every payment this program records is cash taken at the village


def is_rider(field: str) -> bool:
    return field.startswith(RIDER) and bool(field[len(RIDER) :].strip())


def label_of(field: str) -> str:
    """The field's Chinese name (长护险 for rider:长护险)."""
    return field[len(RIDER) :] if is_rider(field) else FIELDS.get(field, field)


def format_family(field: str) -> str:
    """money, integer, date or text: which formats a field may be written in."""
    if field in MONEY_FIELDS or is_rider(field):
        return "money"
    if field in INTEGER_FIELDS:
        return "integer"
    if field in DATE_FIELDS:
        return "date"
    return "text"


def family(fmt: str) -> str:
    return "date" if fmt in ("date", "date8") else fmt
