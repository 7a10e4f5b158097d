"""The editor's form read back into the tables of a policy file, value by value.

Every value the clerk typed is read (``services.policy_samples.Reader``: each problem named
with its field, all of them at once) and set into a deep copy of the file as it was read,
so what the form does not show is written back as the file had it. Kept apart from
``services.policy_editing``, which writes, signs and carries the file: this is the one place
that knows how each row of the form maps onto the file's keys.
"""

from __future__ import annotations

import copy
import re
from typing import Any

from desktop_app.domain.money import Fen
from desktop_app.policy.fields import CURRENT_SCHEMA
from desktop_app.services.policy_form import KIND_LABELS, MODE_LABELS, PolicyForm
from desktop_app.services.policy_samples import Reader, identity_kinds, local_codes

__all__ = ["area_codes", "policy_data"]


def policy_data(form: PolicyForm, read: Reader) -> dict[str, Any]:
    """The policy file's tables: the file as read, with every value the form shows read back into it."""
    d: dict[str, Any] = copy.deepcopy(form.base)
    d.pop("schema_version", None)
    d = {"schema_version": CURRENT_SCHEMA, **d}
    d["id"] = read.text(form.policy_id, "政策编号", "policy_id")
    if d["id"] and not re.fullmatch(r"[a-z0-9-]+", d["id"]):
        read.problem("policy_id", "政策编号只能用小写字母、数字和“-”（如 某县简称-2027）")
    for key, value, what in (
        ("name", form.name, "政策名称"),
        ("jurisdiction", form.jurisdiction, "适用地区"),
        ("document", form.document, "文号"),
    ):
        d[key] = read.text(value, what, key)
    d["issued_on"] = read.day(form.issued_on, "发文日期", "issued_on")
    d["benefit_year"] = read.count(form.benefit_year, "待遇年度", "benefit_year")
    _standard(d, form, read)
    _riders(d, form, read)
    _identities(d, form)
    _subsidies(d, form, read)
    _periods(d, form, read)
    _late(d, form, read)
    return d


def _cited(target: dict[str, Any], cite: Any, read: Reader, where: str, field: str) -> None:
    target["clause"] = read.text(cite.clause, f"{where}的条款", field)
    target["quote"] = read.text(cite.quote, f"{where}的通知原文", field, least=4)


def _standard(d: dict[str, Any], form: PolicyForm, read: Reader) -> None:
    standard = d.setdefault("standard", {})
    standard["amount"] = _yuan_value(read.yuan(form.standard, "个人缴费标准", "standard"))
    _cited(standard, form.standard_cite, read, "缴费标准", "standard")
    variants = standard.get("variants", [])
    for i, (row, raw) in enumerate(zip(form.variants, variants, strict=False)):
        raw["name"] = read.text(row.name, f"第{i + 1}个其他标准的名称", f"variants[{i}]")
        raw["amount"] = _yuan_value(read.yuan(row.amount, f"“{row.name}”的缴费标准", f"variants[{i}]"))
    if form.fiscal_share.strip():
        d["fiscal_share"] = _yuan_value(read.yuan(form.fiscal_share, "财政补助标准", "fiscal_share"))
    else:
        for key in ("fiscal_share", "fiscal_share_clause", "fiscal_share_quote", "fiscal_share_cite"):
            d.pop(key, None)


def _names_to_codes(text: str, known: dict[str, str], what: str, read: Reader, field: str) -> list[str]:
    out = []
    for name in (n for n in re.split(r"[、,，;；\s]+", text.strip()) if n):
        if name in known:
            out.append(known[name])
        else:
            read.problem(field, f"{what}“{name}”不认识；可用：{'、'.join(known)}")
    return out


def _riders(d: dict[str, Any], form: PolicyForm, read: Reader) -> None:
    base = d.get("riders", [])
    rows = []
    for i, row in enumerate(form.riders):
        raw = copy.deepcopy(base[row.index]) if row.index is not None and row.index < len(base) else {}
        raw["name"] = read.text(row.name, f"第{i + 1}项附加的名称", f"riders[{i}]")
        raw["amount"] = _yuan_value(read.yuan(row.amount, f"附加“{row.name}”的金额", f"riders[{i}]"))
        raw["areas"] = _names_to_codes(row.areas, area_codes(form), "地区", read, f"riders[{i}]")
        if not raw["areas"]:
            read.problem(f"riders[{i}]", f"附加“{row.name}”须写明在哪些地区收取")
        _cited(raw, row, read, f"附加“{row.name}”", f"riders[{i}]")
        rows.append(raw)
    _set_list(d, "riders", rows)


def _set_list(d: dict[str, Any], key: str, rows: list[dict[str, Any]]) -> None:
    if rows:
        d[key] = rows
    else:
        d.pop(key, None)


def _identities(d: dict[str, Any], form: PolicyForm) -> None:
    base = {i.get("code"): i for i in d.get("identities", []) if isinstance(i, dict)}
    rows = []
    for row, code in zip(form.identities, local_codes(form), strict=True):
        raw = copy.deepcopy(base.get(row.code, {}))
        raw.update(code=code, label=row.label.strip())
        aliases = [a for a in re.split(r"[、,，;；\s]+", row.aliases.strip()) if a]
        if aliases:
            raw["aliases"] = aliases
        else:
            raw.pop("aliases", None)
        rows.append(raw)
    _set_list(d, "identities", rows)


def _subsidies(d: dict[str, Any], form: PolicyForm, read: Reader) -> None:
    base = d.get("subsidies", [])
    known = {k.label: k.code for k in identity_kinds(form)}
    kinds = {label: code for code, label in KIND_LABELS.items()}
    modes = {label: code for code, label in MODE_LABELS.items()}
    rows = []
    for i, row in enumerate(form.subsidies):
        field, who = f"subsidies[{i}]", f"资助“{row.name or i + 1}”"
        raw = copy.deepcopy(base[row.index]) if row.index is not None and row.index < len(base) else {"when": {}}
        raw["name"] = read.text(row.name, f"第{i + 1}项资助的名称", field)
        for key in ("amount", "percent", "exempt"):
            raw.pop(key, None)
        kind = kinds.get(row.kind.strip())
        if kind is None:
            read.problem(field, f"{who}的资助方式应为{'、'.join(KIND_LABELS.values())}之一")
            kind = "full"
        raw["kind"] = "full" if kind == "exempt" else kind
        if kind == "exempt":
            raw["exempt"] = True
        elif kind == "fixed":
            raw["amount"] = _yuan_value(read.yuan(row.value, f"{who}的定额资助金额", field))
        elif kind == "percent":
            raw["percent"] = read.percent(row.value, f"{who}的资助比例", field)
        mode = modes.get(row.mode.strip() or MODE_LABELS["direct"])
        if mode is None:
            read.problem(field, f"{who}的办理方式应为“直接减免”或“先缴后补”")
        elif mode == "reimburse" or "mode" in raw:
            raw["mode"] = mode
        raw["payer"] = read.text(row.payer, f"{who}的资助方（如 医疗救助）", field)
        codes = _names_to_codes(row.who, known, "身份", read, field)
        when = dict(raw.get("when", {}))
        if codes:
            when["identities_any"] = codes
        else:
            when.pop("identities_any", None)
            if not row.others:
                read.problem(field, f"{who}须写明资助哪些身份的人")
        raw["when"] = when
        _cited(raw, row, read, who, field)
        rows.append(raw)
    _set_list(d, "subsidies", rows)


def _periods(d: dict[str, Any], form: PolicyForm, read: Reader) -> None:
    period = d.setdefault("benefit_period", {})
    period["start"] = read.day(form.benefit_start, "待遇享受期的开始日期", "benefit_period")
    period["end"] = read.day(form.benefit_end, "待遇享受期的结束日期", "benefit_period")
    _cited(period, form.benefit_cite, read, "待遇享受期", "benefit_period")
    collection = d.setdefault("collection", {})
    collection["start"] = read.day(form.collection_start, "集中缴费期的开始日期", "collection")
    collection["end"] = read.day(form.collection_end, "集中缴费期的结束日期", "collection")
    _cited(collection, form.collection_cite, read, "集中缴费期", "collection")
    for i, (row, raw) in enumerate(zip(form.areas, d.get("areas", []), strict=False)):
        for key, value, what in (
            ("collection_start", row.collection_start, "开始"),
            ("collection_end", row.collection_end, "延长至"),
        ):
            if value.strip():
                raw[key] = read.day(value, f"{row.name}的集中缴费期{what}日期", f"areas[{i}]")
            else:
                raw.pop(key, None)
    for i, (ext, raw) in enumerate(zip(form.extensions, collection.get("extensions", []), strict=False)):
        raw["name"] = read.text(ext.name, f"第{i + 1}项延长的名称", f"extensions[{i}]")
        raw["until"] = read.day(ext.until, f"“{ext.name}”延长至的日期", f"extensions[{i}]")


def _late(d: dict[str, Any], form: PolicyForm, read: Reader) -> None:
    collection = d.setdefault("collection", {})
    after = dict(collection.get("after_period", {}))
    for key in ("refused", "reason", "price", "prices", "waiting_days", "waiting_months", "waiting_by_years"):
        after.pop(key, None)
    if form.after_refused:
        after.update(refused=True, reason=read.text(form.after_reason, "期外不予参保的理由", "after_period"))
    else:
        price = read.price(form.after_price, "期外缴费的价格", "after_period", amounts=False)
        if price != "standard":
            after["price"] = price
        prices = []
        for i, span_row in enumerate(form.after_prices):
            span: dict[str, Any] = {
                "start": read.day(span_row.start, f"第{i + 1}段价格的开始日期", "after_prices"),
                "end": read.day(span_row.end, f"第{i + 1}段价格的结束日期", "after_prices"),
            }
            value = read.price(span_row.price, f"第{i + 1}段的价格", "after_prices", amounts=True)
            span.update({"price": value} if isinstance(value, str) else {"amount": _yuan_value(value)})
            prices.append(span)
        if prices:
            after["prices"] = prices
        after.update(read.wait(form.after_wait, "期外缴费的待遇等待期", "after_period"))
    collection["after_period"] = after
    collection["after_period_clause"] = read.text(form.after_cite.clause, "期外缴费的条款", "after_period")
    collection["after_period_quote"] = read.text(form.after_cite.quote, "期外缴费的通知原文", "after_period", least=4)
    for i, (row, raw) in enumerate(zip(form.late_rules, d.get("late_rules", []), strict=False)):
        outcome = dict(raw.get("outcome", {}))
        for key in ("price", "waiting_days", "waiting_months", "waiting_by_years"):
            outcome.pop(key, None)
        raw["name"] = read.text(row.name, f"第{i + 1}项期外规则的名称", f"late_rules[{i}]")
        if row.price.strip() == "不予参保":
            outcome.update(refused=True, reason=outcome.get("reason") or row.name)
        else:
            outcome.pop("refused", None)
            outcome.pop("reason", None)
            price = read.price(row.price, f"“{row.name}”的价格", f"late_rules[{i}]", amounts=False)
            if price != "standard":
                outcome["price"] = price
            outcome.update(read.wait(row.wait, f"“{row.name}”的等待期", f"late_rules[{i}]"))
        raw["outcome"] = outcome
    _waiting(d, form, read)
    _newborn(d, form, read)


def _waiting(d: dict[str, Any], form: PolicyForm, read: Reader) -> None:
    w = form.waiting
    numbers = (w.fixed, w.per_uncovered, w.free_years, w.per_back_paid, w.min_months, w.min_from, w.max_months)
    if not any(n.strip() for n in numbers):
        d.pop("waiting", None)
        return
    raw = dict(d.get("waiting", {}))
    keys_ = (
        "fixed_months",
        "per_uncovered_year_months",
        "uncovered_years_free",
        "per_back_paid_year_months",
        "min_months",
        "min_from_uncovered_years",
        "max_months",
    )
    what = (
        "固定等待期",
        "每断保1年增加",
        "不加的断保年数",
        "每补缴1年减少",
        "最短等待期",
        "最短等待期适用的断保年数",
        "最长等待期",
    )
    for key, value, label in zip(keys_, numbers, what, strict=True):
        if value.strip() or key == "fixed_months":
            raw[key] = read.count(value, f"按断保年数的等待期：{label}（月数）", "waiting")
        else:
            raw.pop(key, None)
    raw["in_period"] = w.in_period
    _cited(raw, w.cite, read, "按断保年数的等待期", "waiting")
    d["waiting"] = raw


def _newborn(d: dict[str, Any], form: PolicyForm, read: Reader) -> None:
    if not form.newborn_days.strip():
        d.pop("newborn", None)
        return
    raw = dict(d.get("newborn", {}))
    raw["within_days"] = read.count(form.newborn_days, "新生儿参保的天数", "newborn")
    _cited(raw, form.newborn_cite, read, "新生儿参保", "newborn")
    d["newborn"] = raw


def area_codes(form: PolicyForm) -> dict[str, str]:
    """Each area's code by the name the form shows."""
    return {a.name: a.code for a in form.areas}


def _yuan_value(fen: Fen) -> int | str:
    """As a policy file writes money: whole yuan as an integer, else a text with two decimals."""
    return fen // 100 if fen % 100 == 0 else f"{fen // 100}.{fen % 100:02d}"
