"""Chinese labels for the fields and options an error line names.

The services name the field a refusal is about in English (``password``, ``cash``: the
window uses it to put the cursor in the right box); a collector reading the command's
error line should read 密码, 现金. ``labelled`` turns the leading ``field: message`` of
every error line into ``标签：message`` in one place (``cli.fail``). What the user typed
themselves — an option such as ``--pdf`` or a key of their JSON file such as
``people[0].id_number`` — stays in brackets after the label, so they can find it.
"""

from __future__ import annotations

import re

LABELS: dict[str, str] = {
    "again": "补导批次",
    "all": "全部",
    "amount": "金额",
    "area": "地区",
    "back_paid": "补缴年数",
    "back_paid_years": "补缴年数",
    "backup": "备份",
    "batch": "批次",
    "bill_no": "票据号",
    "birth_date": "出生日期",
    "cases": "测试用例",
    "cash": "现金",
    "channel": "缴费渠道",
    "clear": "清除",
    "clock": "时钟",
    "code": "身份代码",
    "collector": "收款员",
    "continuous_years": "连续参保年数",
    "db": "数据库",
    "deadline_days": "结报期限",
    "entered_on": "进入机构日期",
    "ethnicity": "民族",
    "file": "文件",
    "files": "文件",
    "from": "开始日期",
    "groups": "村民小组",
    "history": "参保历史",
    "household": "户",
    "household_no": "户号",
    "id": "政策",
    "id_number": "证件号码",
    "identities": "资助身份",
    "identity": "资助身份",
    "input": "输入",
    "input.json": "输入文件",
    "item": "项目",
    "jurisdiction": "统筹地区",
    "key": "密钥",
    "lapse_date": "断保日期",
    "limit": "结报限额",
    "name": "姓名",
    "new_id": "新政策",
    "note": "说明",
    "number": "编号",
    "on": "日期",
    "operator": "收款员",
    "out": "输出位置",
    "paid_on": "缴费日期",
    "participation_target": "参保率目标",
    "password": "密码",
    "password_again": "再输一次密码",
    "path": "文件",
    "payment": "收款",
    "pdf": "PDF 文件",
    "people": "参保人员",
    "person": "人员",
    "policy": "政策",
    "policy_id": "政策",
    "pubkey": "公钥",
    "reason": "原因",
    "receipt": "收据",
    "receipt_no": "收据号",
    "receipt_prefix": "收据号前缀",
    "reference": "凭证号",
    "settlement": "结报",
    "sex": "性别",
    "signature": "签名",
    "situation": "情形",
    "slip_no": "缴款单号",
    "source": "来源",
    "state": "状态",
    "status": "参保状态",
    "student": "在校学生",
    "target": "参保率目标",
    "template": "模板",
    "to": "截止日期",
    "trusted_keys": "信任的公钥",
    "uid": "编号",
    "uncovered": "断保年数",
    "uncovered_years": "断保年数",
    "valid_to": "有效期止",
    "village": "村名",
    "village_groups": "村民小组",
    "year": "年度",
}

# ``password: …``, ``--cash: …``, ``people[0].id_number: …``, ``INPUT.json: …``: an English name, then ": ".
_LEADING = re.compile(r"(?P<name>--[a-z][a-z0-9-]*|[A-Za-z_][A-Za-z0-9_.\[\]]*): (?P<rest>.*)", re.DOTALL)


def label_of(name: str) -> str:
    """The Chinese label for a field, an option (``--cash``) or a JSON key path; the name itself if unknown."""
    key = name[2:].replace("-", "_") if name.startswith("--") else name
    last = re.sub(
        r"\[\d+\]", "", key.rsplit(".", 1)[-1] if "." in key and not key.lower().endswith(".json") else key
    ).lower()
    chinese = LABELS.get(key.lower()) or LABELS.get(last)
    if chinese is None:
        return name
    # A service's own field name is only an identifier; what the user typed is shown beside the label.
    return chinese if re.fullmatch(r"[a-z_]+", name) else f"{chinese}（{name}）"


def labelled(message: str) -> str:
    """``password: 密码不正确`` -> ``密码：密码不正确``; a line without a leading English name is left alone."""
    found = _LEADING.fullmatch(message)
    if found is None:
        return message
    label = label_of(found["name"])
    if label == found["name"]:
        return message
    return f"{label}：{found['rest']}"
