"""The editor's values read back, and its sample households: the clerk's figures beside the app's.

A notice's worked examples (or amounts the clerk works out from it) are the policy's test
cases: each sample household becomes a case in ``<id>.cases.toml``, with the amounts the
clerk expects. ``answers`` quotes the same households under the policy as edited, so the
editor shows the app's own answer beside each and marks every difference before saving.

``Reader`` turns the form's texts into values, collecting every problem (with the field it
belongs to) instead of stopping at the first, so the clerk sees them all at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from desktop_app.domain.codes import IDENTITY_KINDS, IdentityKind, identity_from_label
from desktop_app.domain.dates import parse_iso_date
from desktop_app.domain.errors import Refusal
from desktop_app.domain.money import Fen, MoneyError, format_yuan, parse_yuan
from desktop_app.domain.names import initials
from desktop_app.policy.engine import quote
from desktop_app.policy.model import Policy
from desktop_app.policy.request import RequestError, parse_request
from desktop_app.services.policy_form import BY_YEARS, PRICE_LABELS, PolicyForm
from desktop_app.services.policy_sample_rows import SAMPLE_PREFIX, SampleRow

__all__ = [
    "FormRefused",
    "Reader",
    "SampleAnswer",
    "answers",
    "households",
    "identity_kinds",
    "local_codes",
    "sample_cases",
]


class FormRefused(Refusal):
    """Values of the editor's form that cannot be written, each with what to fix."""

    def __init__(self, problems: tuple[str, ...], field: str | None = None) -> None:
        super().__init__("\n".join(problems), field)
        self.problems = problems


class Reader:
    """The form's texts as values; problems are collected, ``done`` raises them all."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.first_field: str | None = None

    def problem(self, field: str, message: str) -> None:
        self.first_field = self.first_field or field
        self.problems.append(message)

    def done(self) -> None:
        if self.problems:
            raise FormRefused(tuple(dict.fromkeys(self.problems)), self.first_field)

    def text(self, value: str, what: str, field: str, least: int = 1) -> str:
        value = value.strip()
        if len(value) < least:
            self.problem(field, f"请填写{what}" + (f"（至少{least}个字）" if least > 1 else ""))
        return value

    def yuan(self, value: str, what: str, field: str) -> Fen:
        try:
            return parse_yuan(value.strip().removesuffix("元"))
        except MoneyError:
            self.problem(field, f"{what}“{value}”不是金额，应写元数，如 400 或 400.50")
            return 0

    def day(self, value: str, what: str, field: str) -> date:
        try:
            return parse_iso_date(value.strip())
        except ValueError:
            self.problem(field, f"{what}“{value}”不是日期，应写成 2027-01-01")
            return date(2000, 1, 1)

    def count(self, value: str, what: str, field: str) -> int:
        text = value.strip()
        if not text.isdigit():
            self.problem(field, f"{what}“{value}”应为不小于0的整数")
            return 0
        return int(text)

    def percent(self, value: str, what: str, field: str) -> int | str:
        text = value.strip().rstrip("%％").strip()
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal(0)
        if not number.is_finite() or not 0 < number <= 100:
            self.problem(field, f"{what}“{value}”应为1到100之间的百分数，如 60")
            return 0
        return int(number) if number == number.to_integral_value() else format(number.normalize(), "f")

    def price(self, value: str, what: str, field: str, *, amounts: bool) -> str | Fen:
        """A price's label as its code (standard, …), or, where ``amounts``, a set amount in fen."""
        text = value.strip()
        for code, label in PRICE_LABELS.items():
            if text == label:
                return code
        if amounts:
            try:
                return parse_yuan(text.removesuffix("元"))
            except MoneyError:
                pass
        choices = "、".join(PRICE_LABELS.values()) + ("，或一个金额（元）" if amounts else "")
        self.problem(field, f"{what}“{value}”应为{choices}")
        return "standard"

    def wait(self, value: str, what: str, field: str) -> dict[str, Any]:
        """'' → no wait, '3个月' / '3' → months, '90天' → days, 按断保年数 → the policy's [waiting]."""
        text = value.strip()
        if text in ("", "0", "无", "不设"):
            return {}
        if text == BY_YEARS:
            return {"waiting_by_years": True}
        found = re.fullmatch(r"(\d+)\s*(个月|月|天|日)?", text)
        if found is None:
            self.problem(field, f"{what}“{value}”应写如 3个月、90天、{BY_YEARS}，不设等待期留空")
            return {}
        unit = found.group(2) or "个月"
        return {"waiting_days" if unit in ("天", "日") else "waiting_months": int(found.group(1))}


# ---- identities: the base table and the form's own -------------------------------------------


def local_codes(form: PolicyForm) -> list[str]:
    """Each local identity's code: kept from the file, else made from its name (本地_ + initials)."""
    taken = {k.code for k in IDENTITY_KINDS} | {row.code for row in form.identities if row.code}
    out = []
    for row in form.identities:
        code = row.code
        if not code:
            stem = "local_" + (re.sub(r"[^a-z0-9]", "", initials(row.label.strip()).lower()) or "group")
            code, n = stem, 1
            while code in taken:
                n += 1
                code = f"{stem}{n}"
            taken.add(code)
        out.append(code)
    return out


def identity_kinds(form: PolicyForm) -> tuple[IdentityKind, ...]:
    """The identities a policy of this form knows: DESIGN.md's base table, then its local ones."""
    local = tuple(
        IdentityKind(
            code,
            row.label.strip(),
            row.label.strip(),
            tuple(a for a in re.split(r"[、,，;；\s]+", row.aliases.strip()) if a),
        )
        for row, code in zip(form.identities, local_codes(form), strict=True)
        if row.label.strip()
    )
    return IDENTITY_KINDS + local


# ---- sample households as cases ------------------------------------------------------------------


def households(samples: tuple[SampleRow, ...]) -> list[tuple[str, list[int]]]:
    """The sample rows by household (the rows' indexes), households in the order they first appear."""
    groups: dict[str, list[int]] = {}
    for n, row in enumerate(samples):
        groups.setdefault(row.household.strip() or str(n + 1), []).append(n)
    return list(groups.items())


def _person(row: SampleRow, kinds: tuple[IdentityKind, ...], read: Reader, where: str) -> dict[str, Any]:
    person: dict[str, Any] = {
        "name": row.name.strip() or where,
        "birth_date": read.day(row.birth_date, f"{where}的出生日期", "samples"),
    }
    codes = []
    for label in (n for n in re.split(r"[、,，;；\s]+", row.who.strip()) if n):
        code = identity_from_label(label, kinds)
        if code is None:
            read.problem("samples", f"{where}的身份“{label}”不认识；请写资助身份的名称，如 低保对象")
        else:
            codes.append(code)
    if codes:
        person["identities"] = codes
    if row.student:
        person["student"] = True
    for key, value, what in (
        ("uncovered_years", row.uncovered, "断保年数"),
        ("back_paid_years", row.back_paid, "补缴年数"),
    ):
        if value.strip():
            person[key] = read.count(value, f"{where}的{what}", "samples")
    return person


def sample_cases(form: PolicyForm, read: Reader, areas: dict[str, str]) -> list[dict[str, Any]]:
    """The sample households as cases: the request the village would make, and the clerk's amounts."""
    kinds = identity_kinds(form)
    area = areas.get(form.sample_area.strip()) if form.sample_area.strip() else None
    if form.sample_area.strip() and area is None:
        read.problem("samples", f"样例户的地区“{form.sample_area}”不在本政策的地区中")
    out = []
    for household, indexes in households(form.samples):
        rows = [form.samples[i] for i in indexes]
        paid = {r.paid_on.strip() for r in rows if r.paid_on.strip()}
        if len(paid) != 1:
            read.problem("samples", f"{SAMPLE_PREFIX}{household}：请填写缴费日期（同一户只写一个日期）")
        paid_on = read.day(next(iter(paid), ""), f"{SAMPLE_PREFIX}{household}的缴费日期", "samples") if paid else None
        people, expected = [], []
        for n, row in enumerate(rows, 1):
            where = f"{SAMPLE_PREFIX}{household}第{n}人"
            people.append(_person(row, kinds, read, where))
            due: dict[str, Any] = {"due": format_yuan(read.yuan(row.expected_due, f"{where}的通知应缴金额", "samples"))}
            if row.expected_start.strip():
                due["benefit_start"] = read.day(row.expected_start, f"{where}的待遇开始日期", "samples")
            expected.append(due)
        names = "、".join(p["name"] for p in people)
        given: dict[str, Any] = {"paid_on": paid_on, "people": people}
        if area:
            given["area"] = area
        total = sum(parse_yuan(e["due"]) for e in expected)
        out.append(
            {
                "name": f"{SAMPLE_PREFIX}{household}：{names}",
                "clause": "样例户（按通知核算）",
                "input": given,
                "expected": {"total_due": format_yuan(total), "people": expected},
            }
        )
    return out


# ---- the app's own answer beside the clerk's --------------------------------------------------


@dataclass(frozen=True)
class SampleAnswer:
    """What the app quotes for one sample person, and whether it matches the clerk's figures."""

    due: str
    benefit_start: str
    note: str
    differs: bool


def answers(policy: Policy, form: PolicyForm) -> list[SampleAnswer]:
    """One answer per sample row, in the table's order; a household the policy cannot quote says why."""
    out: list[SampleAnswer] = [SampleAnswer("", "", "", True)] * len(form.samples)
    areas = {a.name: a.code for a in policy.areas}
    cases = sample_cases(form, Reader(), areas)  # the rows' own problems show as this household's note
    for (_, indexes), case in zip(households(form.samples), cases, strict=True):
        try:
            request = parse_request({"policy": policy.id, **_jsonable(case["input"])}, policy.identity_labels())
            found = quote(policy, request).people
        except (RequestError, ValueError) as e:
            message = e.message if isinstance(e, RequestError) else str(e)
            for i in indexes:
                out[i] = SampleAnswer("", "", f"不能计算：{message}", True)
            continue
        for i, person, wanted in zip(indexes, found, case["expected"]["people"], strict=True):
            start = person.benefit_start.isoformat() if person.benefit_start else ""
            note = "" if person.eligible else (person.reason or "不能参保")
            differs = format_yuan(person.due) != wanted["due"] or (
                "benefit_start" in wanted and wanted["benefit_start"].isoformat() != start
            )
            out[i] = SampleAnswer(format_yuan(person.due), start, note, differs)
    return out


def _jsonable(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value
