"""A quote request: one household's payment on one date, read from the CLI's JSON.

Every problem is reported with the field it is in (``people[1].birth_date``) so the
CLI can print one clear line and the county's tools can point at the cell.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.domain.codes import CODE_PATTERN, IDENTITIES, SITUATIONS, normalize_ethnicity
from desktop_app.domain.dates import parse_iso_date
from desktop_app.domain.idnumber import IdNumberError, parse_id_number


class RequestError(ValueError):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.message = message


@dataclass(frozen=True)
class PersonRequest:
    birth_date: date
    name: str = ""
    id_number: str | None = None
    identities: tuple[str, ...] = ()
    ethnicity: str | None = None
    student: bool = False
    parent_insured: bool = False
    situation: str | None = None
    lapse_date: date | None = None
    continuous_years: int | None = None
    entered_on: date | None = None
    uncovered_years: int | None = None
    """Consecutive benefit years right before this one without coverage (断保年数); None: not known."""
    back_paid_years: int | None = None
    """Years of that lapse the person has paid back (补缴年数), which shorten a wait by years."""


@dataclass(frozen=True)
class QuoteRequest:
    policy: str
    paid_on: date
    people: tuple[PersonRequest, ...]
    area: str | None = None


_PERSON_KEYS = {
    "name",
    "id_number",
    "birth_date",
    "identities",
    "ethnicity",
    "student",
    "parent_insured",
    "situation",
    "lapse_date",
    "continuous_years",
    "entered_on",
    "uncovered_years",
    "back_paid_years",
}
_REQUEST_KEYS = {"policy", "paid_on", "area", "people"}


def parse_request(data: Any, identities: Collection[str] | None = None) -> QuoteRequest:
    """Read the quote contract's input; raise RequestError naming the first bad field.

    ``identities``: the codes the request's policy knows (its local identities too). None: any code
    written as a code is read, and ``engine.check_request`` holds it against the policy's table.
    """
    if not isinstance(data, dict):
        raise RequestError("(输入)", '应为一个 JSON 对象，如 {"policy": …, "paid_on": …, "people": […]}')
    _no_unknown(data, _REQUEST_KEYS, "")
    policy = _required_str(data, "policy", "policy")
    paid_on = _date(data.get("paid_on"), "paid_on", required=True)
    assert paid_on is not None
    area = data.get("area")
    if area is not None and not isinstance(area, str):
        raise RequestError("area", '应为地区的拼音代码文字，如 "changchun"')
    people_raw = data.get("people")
    if not isinstance(people_raw, list) or not people_raw:
        raise RequestError("people", "缺少参保人员列表（至少一人）")
    known = identities
    people = tuple(_person(p, f"people[{i}]", known) for i, p in enumerate(people_raw))
    return QuoteRequest(policy=policy, paid_on=paid_on, area=area or None, people=people)


def _person(raw: Any, at: str, known: Collection[str] | None) -> PersonRequest:
    if not isinstance(raw, dict):
        raise RequestError(at, "每位参保人应为一个 JSON 对象")
    _no_unknown(raw, _PERSON_KEYS, at + ".")
    id_number = raw.get("id_number") or None
    birth = _date(raw.get("birth_date"), f"{at}.birth_date", required=False)
    if id_number is not None:
        if not isinstance(id_number, str):
            raise RequestError(f"{at}.id_number", "证件号码应写成文字（加引号），否则末几位会丢失")
        try:
            parsed = parse_id_number(id_number)
        except IdNumberError as e:
            raise RequestError(f"{at}.id_number", str(e)) from None
        id_number = parsed.number
        if birth is None:
            birth = parsed.birth_date
        elif birth != parsed.birth_date:
            raise RequestError(
                f"{at}.birth_date", f"出生日期 {birth} 与证件号码中的 {parsed.birth_date} 不一致，请核对"
            )
    if birth is None:
        raise RequestError(f"{at}.birth_date", "缺少出生日期；没有证件号码（如新生儿）时必须填写 birth_date")
    identities = raw.get("identities") or []
    if not isinstance(identities, list) or not all(isinstance(c, str) for c in identities):
        raise RequestError(f"{at}.identities", '应为身份代码的列表，如 ["subsistence_allowance"]')
    for code in identities:
        if known is None and not re.match(CODE_PATTERN, code):
            raise RequestError(f"{at}.identities", f"“{code}”不是身份代码，可用：{'、'.join(IDENTITIES)}")
        if known is not None and code not in known:
            raise RequestError(f"{at}.identities", f"未知的身份代码“{code}”，可用：{'、'.join(_listed(known))}")
    ethnicity = raw.get("ethnicity")
    if ethnicity is not None:
        normal = normalize_ethnicity(ethnicity) if isinstance(ethnicity, str) else None
        if normal is None:
            raise RequestError(f"{at}.ethnicity", f"“{ethnicity}”不是56个民族之一，请写如“蒙古族”")
        ethnicity = normal
    situation = raw.get("situation") or None
    if situation is not None and situation not in SITUATIONS:
        raise RequestError(f"{at}.situation", f"未知的情形代码“{situation}”，可用：{'、'.join(SITUATIONS)}")
    lapse = _date(raw.get("lapse_date"), f"{at}.lapse_date", required=False)
    if situation == "employee_insurance_lapse" and lapse is None:
        raise RequestError(f"{at}.lapse_date", "职工医保断保（employee_insurance_lapse）须填写断保日期 lapse_date")
    entered = _date(raw.get("entered_on"), f"{at}.entered_on", required=False)
    if situation == "welfare_institution_child" and entered is None:
        raise RequestError(f"{at}.entered_on", "儿童福利机构儿童须填写进入机构日期 entered_on")
    years = _years(raw, "continuous_years", at, "连续参保年数")
    uncovered = _years(raw, "uncovered_years", at, "断保年数（本年度之前连续未参保的年数）")
    back_paid = _years(raw, "back_paid_years", at, "补缴年数")
    name = raw.get("name") or ""
    if not isinstance(name, str):
        raise RequestError(f"{at}.name", "姓名应为文字")
    return PersonRequest(
        name=name,
        id_number=id_number,
        birth_date=birth,
        identities=tuple(identities),
        ethnicity=ethnicity,
        student=_bool(raw.get("student"), f"{at}.student"),
        parent_insured=_bool(raw.get("parent_insured"), f"{at}.parent_insured"),
        situation=situation,
        lapse_date=lapse,
        continuous_years=years,
        entered_on=entered,
        uncovered_years=uncovered,
        back_paid_years=back_paid,
    )


def _years(raw: dict[str, Any], key: str, at: str, what: str) -> int | None:
    value = raw.get(key)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int) or value < 0):
        raise RequestError(f"{at}.{key}", f"{what}应为不小于0的整数")
    return value


def _no_unknown(raw: dict[str, Any], known: set[str], prefix: str) -> None:
    for key in raw:
        if key not in known:
            raise RequestError(f"{prefix}{key}", f"未知的字段，可用：{'、'.join(sorted(known))}")


def _required_str(raw: dict[str, Any], key: str, field: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RequestError(field, "缺少此项")
    return value.strip()


def _date(value: Any, field: str, required: bool) -> date | None:
    if value is None or value == "":
        if required:
            raise RequestError(field, "缺少日期，应写成 YYYY-MM-DD")
        return None
    if isinstance(value, date):
        return value
    if not isinstance(value, str):
        raise RequestError(field, '日期应写成文字 YYYY-MM-DD，如 "2021-11-01"')
    try:
        return parse_iso_date(value)
    except ValueError:
        raise RequestError(field, f"“{value}”不是有效日期，应写成 YYYY-MM-DD，如 2021-11-01") from None


def _bool(value: Any, field: str) -> bool:
    if value is None:
        return False
    if not isinstance(value, bool):
        raise RequestError(field, "应为 true 或 false")
    return value


def _listed(codes: Collection[str]) -> list[str]:
    """Codes in their table's order (a dict keeps it), else sorted."""
    return list(codes) if isinstance(codes, dict) else sorted(codes)
