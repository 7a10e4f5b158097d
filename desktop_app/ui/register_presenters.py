"""The register dialogs' logic, without widgets: checking an ID number as it is typed,
reading a birth date as people write it, and saving through services.register."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from desktop_app.domain.codes import IDENTITIES
from desktop_app.domain.idnumber import IdNumberError, normalize, parse_id_number
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.register import (
    IDENTITY_SOURCES,
    STATUSES,
    PersonInput,
    add_household,
    add_identity,
    add_person,
    update_household,
    update_person,
)

EMPTY, TYPING, VALID, INVALID = "empty", "typing", "valid", "invalid"
RELATIONS = ("户主", "配偶", "子", "女", "父亲", "母亲", "孙子", "孙女", "儿媳", "女婿", "兄弟姐妹", "其他")
STATUS_BY_LABEL = {label: code for code, label in STATUSES.items()}


@dataclass(frozen=True)
class IdCheck:
    state: str
    message: str
    birth_date: date | None = None
    sex: str = ""


def check_id_number(text: str) -> IdCheck:
    """What to say under the ID field after each keystroke."""
    number = normalize(text)
    if not number:
        return IdCheck(EMPTY, "没有证件号码（如新生儿）时，请填写出生日期和性别")
    still_typing = len(number) < 18 and (re.fullmatch(r"\d+", number) or re.fullmatch(r"[A-Z]{1,3}\d*", number))
    if still_typing and not (len(number) == 15 and number[:3].isalpha()):
        return IdCheck(TYPING, f"已输入 {len(number)} 位，居民身份证共 18 位")
    try:
        parsed = parse_id_number(text)
    except IdNumberError as e:
        return IdCheck(INVALID, str(e))
    where = f"，{parsed.region}" if parsed.region else ""
    return IdCheck(
        VALID,
        f"{parsed.kind.label}：{parsed.birth_date:%Y年%m月%d日}出生，{parsed.sex}{where}",
        parsed.birth_date,
        parsed.sex,
    )


_DATE = re.compile(r"(\d{4})\D?(\d{1,2})\D?(\d{1,2})日?")


def parse_day(text: str, what: str = "出生日期", field: str = "birth_date") -> date | None:
    """'2021-10-01', '20211001', '2021/10/1', '2021年10月1日'; None when empty."""
    text = normalize(text)
    if not text:
        return None
    found = _DATE.fullmatch(text.replace("年", "-").replace("月", "-"))
    if not found:
        raise LedgerError(f"{what}“{text}”看不懂，请写成 2021-10-01", field)
    try:
        return date(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    except ValueError:
        raise LedgerError(f"{what}“{text}”不是有效日期", field) from None


@dataclass(frozen=True)
class HouseholdForm:
    household_no: str
    address: str
    village_group: str
    phone: str


def save_household(ledger: Ledger, acting: Acting, household_id: int | None, form: HouseholdForm) -> int:
    if household_id is None:
        return add_household(ledger, acting, form.household_no, form.address, form.village_group, form.phone)
    update_household(
        ledger, acting, household_id, address=form.address, village_group=form.village_group, phone=form.phone
    )
    return household_id


@dataclass(frozen=True)
class MemberForm:
    name: str
    id_number: str
    birth_date: str
    sex: str
    ethnicity: str
    relation: str
    student: bool
    parent_insured: bool
    phone: str
    status_label: str = "在册"


@dataclass(frozen=True)
class NewIdentity:
    code: str
    source: str
    list_name: str = ""
    valid_from: date | None = None
    valid_to: date | None = None


def person_input(form: MemberForm) -> PersonInput:
    """The form as the register takes it; a birth date and sex only count without an ID number."""
    number = normalize(form.id_number)
    birth = None if number else parse_day(form.birth_date)
    sex = "" if number else form.sex if form.sex in ("男", "女") else ""
    status = STATUS_BY_LABEL.get(form.status_label, form.status_label)
    return PersonInput(
        name=form.name,
        id_number=number or None,
        birth_date=birth,
        sex=sex,
        ethnicity=form.ethnicity,
        relation=form.relation,
        student=form.student,
        parent_insured=form.parent_insured,
        phone=form.phone,
        status=status,
    )


def check_identity(identity: NewIdentity) -> None:
    if identity.code not in IDENTITIES:
        raise LedgerError(f"请选择身份（{'、'.join(IDENTITIES.values())}）", "identity")
    if not identity.source.strip():
        raise LedgerError(f"请选择身份来源，如 {'、'.join(IDENTITY_SOURCES)}", "source")
    if identity.valid_from and identity.valid_to and identity.valid_to < identity.valid_from:
        raise LedgerError("身份有效期的结束日期早于开始日期", "valid_to")


def save_member(
    ledger: Ledger,
    acting: Acting,
    household_id: int,
    person_id: int | None,
    form: MemberForm,
    identities: list[NewIdentity],
) -> int:
    """Add or change the person, then record the new identities; returns the person's id."""
    person = person_input(form)
    for identity in identities:
        check_identity(identity)
    if person_id is None:
        person_id = add_person(ledger, acting, household_id, person)
    else:
        update_person(ledger, acting, person_id, person)
    for i in identities:
        add_identity(ledger, acting, person_id, i.code, i.source, i.list_name, i.valid_from, i.valid_to)
    return person_id
