"""The household register: households, their members, and the identities they hold.

An ID number is unique across the database and a person sits in one household only;
the database refuses the rest. Every change is in the audit log, with who made it.
"""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import date
from typing import Any

from desktop_app.domain.codes import normalize_ethnicity
from desktop_app.domain.idnumber import IdNumberError, parse_id_number
from desktop_app.domain.names import full_pinyin, initials
from desktop_app.domain.operators import Acting
from desktop_app.domain.register import NO_ID_KIND, Household, Identity, Person, PersonInput
from desktop_app.domain.register import PERSON_STATUSES as STATUSES
from desktop_app.domain.register import identities_on as _codes_on
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.policies import identity_labels, known_identity
from desktop_app.store import identities as identity_store
from desktop_app.store import register as store

__all__ = [
    "IDENTITY_SOURCES",
    "NO_ID_KIND",
    "STATUSES",
    "Household",
    "Identity",
    "Person",
    "PersonInput",
    "add_household",
    "add_identity",
    "add_person",
    "find_by_id_number",
    "find_household",
    "get_household",
    "get_person",
    "household_members",
    "identities_on",
    "identity_records",
    "move_person",
    "normalized",
    "person_input",
    "update_household",
    "update_person",
    "with_status",
]

IDENTITY_SOURCES = ("民政", "医保", "乡村振兴", "残联", "退役军人", "卫健", "手工")


def normalized(person: PersonInput, kept_ethnicity: str = "") -> dict[str, Any]:
    """Check a person's fields and derive birth date, sex and kind from the ID number.

    ``kept_ethnicity`` is what the register already holds: a 民族 an import kept as the office
    wrote it (not one of the 56) stays as it is when the person is edited for something else."""
    name = person.name.strip()
    if not name:
        raise LedgerError("姓名不能为空", "name")
    row: dict[str, Any] = {
        "name": name,
        "relation": person.relation.strip(),
        "phone": person.phone.strip(),
        "student": int(person.student),
        "parent_insured": int(person.parent_insured),
    }
    if person.status not in STATUSES:
        raise LedgerError(f"状态“{person.status}”不对，应为 {'、'.join(STATUSES)}", "status")
    row["status"] = person.status
    if person.id_number:
        try:
            parsed = parse_id_number(person.id_number)
        except IdNumberError as e:
            raise LedgerError(str(e), "id_number") from None
        if person.birth_date and person.birth_date != parsed.birth_date:
            raise LedgerError(f"出生日期与证件号码中的 {parsed.birth_date} 不一致", "birth_date")
        row.update(
            id_number=parsed.number,
            id_kind=parsed.kind.value,
            sex=parsed.sex,
            birth_date=parsed.birth_date.isoformat(),
            id_reversed=parsed.number[::-1],
        )
    else:
        if person.birth_date is None:
            raise LedgerError("没有证件号码时必须填写出生日期", "birth_date")
        if person.sex not in ("男", "女"):
            raise LedgerError("没有证件号码时必须选择性别（男/女）", "sex")
        row.update(
            id_number=None, id_kind=NO_ID_KIND, sex=person.sex, birth_date=person.birth_date.isoformat(), id_reversed=""
        )
    ethnicity = ""
    if person.ethnicity.strip():
        found = normalize_ethnicity(person.ethnicity)
        if found is None and kept_ethnicity and person.ethnicity.strip() == kept_ethnicity:
            found = kept_ethnicity
        if found is None:
            raise LedgerError(f"民族“{person.ethnicity}”不是56个民族之一", "ethnicity")
        ethnicity = found
    row["ethnicity"] = ethnicity
    row["name_pinyin"] = full_pinyin(name)
    row["name_initials"] = initials(name)
    return row


def add_household(
    ledger: Ledger, acting: Acting, household_no: str, address: str = "", village_group: str = "", phone: str = ""
) -> int:
    household_no = household_no.strip()
    if not household_no:
        raise LedgerError("户号不能为空", "household_no")
    with ledger.db.atomic():
        if store.household_by_no(ledger.db, household_no):
            raise LedgerError(f"户号 {household_no} 已存在", "household_no")
        household_id = store.add_household(
            ledger.db, household_no, address.strip(), village_group.strip(), phone.strip(), ledger.stamp()
        )
        ledger.audit(
            acting,
            "household.add",
            {"household_no": household_no, "address": address, "village_group": village_group, "phone": phone},
        )
    return household_id


def update_household(
    ledger: Ledger, acting: Acting, household_id: int, *, address: str, village_group: str, phone: str
) -> None:
    with ledger.db.atomic():
        before = get_household(ledger, household_id)
        store.update_household(ledger.db, household_id, address.strip(), village_group.strip(), phone.strip())
        ledger.audit(
            acting,
            "household.update",
            {
                "household_no": before.household_no,
                "before": asdict(before),
                "address": address,
                "village_group": village_group,
                "phone": phone,
            },
        )


def add_person(ledger: Ledger, acting: Acting, household_id: int, person: PersonInput) -> int:
    row = normalized(person)
    with ledger.db.atomic():
        household = get_household(ledger, household_id)
        _refuse_duplicate(ledger, row, None)
        person_id = store.add_person(ledger.db, household_id, row, ledger.stamp())
        ledger.audit(acting, "person.add", {"household_no": household.household_no, **_public(row)})
    return person_id


def update_person(ledger: Ledger, acting: Acting, person_id: int, person: PersonInput) -> None:
    with ledger.db.atomic():
        before = get_person(ledger, person_id)
        row = normalized(person, before.ethnicity)
        _refuse_duplicate(ledger, row, person_id)
        store.update_person(ledger.db, person_id, row)
        ledger.audit(
            acting, "person.update", {"person_id": person_id, "before": _person_json(before), "after": _public(row)}
        )


def move_person(ledger: Ledger, acting: Acting, person_id: int, household_id: int) -> None:
    with ledger.db.atomic():
        before = get_person(ledger, person_id)
        target = get_household(ledger, household_id)
        store.move_person(ledger.db, person_id, household_id)
        ledger.audit(
            acting, "person.move", {"person_id": person_id, "from": before.household_no, "to": target.household_no}
        )


def _refuse_duplicate(ledger: Ledger, row: dict[str, Any], person_id: int | None) -> None:
    if row["id_number"] is None:
        return
    found = store.person_by_id_number(ledger.db, row["id_number"])
    if found and found.id != person_id:
        raise LedgerError(
            f"证件号码 {row['id_number']} 已登记在户 {found.household_no}（{found.name}），同一人不能重复登记",
            "id_number",
        )


def add_identity(
    ledger: Ledger,
    acting: Acting,
    person_id: int,
    code: str,
    source: str,
    list_name: str = "",
    valid_from: date | None = None,
    valid_to: date | None = None,
) -> bool:
    """Record that a person holds an identity; False when the same record is already there."""
    policy = ledger.policy_of(acting.year).policy
    if not known_identity(code, policy):
        raise LedgerError(f"未知的身份代码“{code}”，可用：{'、'.join(identity_labels(policy))}", "code")
    if not source.strip():
        raise LedgerError(f"身份来源不能为空，如 {'、'.join(IDENTITY_SOURCES)}", "source")
    if valid_from and valid_to and valid_to < valid_from:
        raise LedgerError("身份有效期的结束日期早于开始日期", "valid_to")
    with ledger.db.atomic():
        person = get_person(ledger, person_id)
        if not identity_store.add(
            ledger.db, person_id, Identity(code, source.strip(), list_name, valid_from, valid_to), ledger.stamp()
        ):
            return False
        ledger.audit(
            acting,
            "identity.add",
            {
                "person_id": person_id,
                "id_number": person.id_number,
                "code": code,
                "source": source,
                "list_name": list_name,
                "valid_from": _iso(valid_from),
                "valid_to": _iso(valid_to),
            },
        )
    return True


def identity_records(ledger: Ledger, person_id: int) -> list[Identity]:
    return identity_store.of_person(ledger.db, person_id)


def identities_on(ledger: Ledger, person_id: int, day: date) -> tuple[str, ...]:
    return _codes_on(identity_store.of_person(ledger.db, person_id), day)


def get_person(ledger: Ledger, person_id: int) -> Person:
    found = store.person(ledger.db, person_id)
    if found is None:
        raise LedgerError(f"没有编号为 {person_id} 的人员", "person")
    return found


def find_by_id_number(ledger: Ledger, id_number: str) -> Person:
    try:
        number = parse_id_number(id_number).number
    except IdNumberError as e:
        raise LedgerError(f"{id_number}: {e}", "id_number") from None
    found = store.person_by_id_number(ledger.db, number)
    if found is None:
        raise LedgerError(f"花名册中没有证件号码为 {number} 的人员", "id_number")
    return found


def household_members(ledger: Ledger, household_id: int) -> list[Person]:
    return store.members(ledger.db, household_id)


def get_household(ledger: Ledger, household_id: int) -> Household:
    found = store.household(ledger.db, household_id)
    if found is None:
        raise LedgerError(f"没有编号为 {household_id} 的户", "household")
    return found


def find_household(ledger: Ledger, household_no: str) -> Household | None:
    return store.household_by_no(ledger.db, household_no.strip())


def person_input(person: Person) -> PersonInput:
    """The editable fields of a registered person, to change one and save."""
    return PersonInput(
        name=person.name,
        id_number=person.id_number,
        birth_date=person.birth_date,
        sex=person.sex,
        ethnicity=person.ethnicity,
        relation=person.relation,
        student=person.student,
        parent_insured=person.parent_insured,
        phone=person.phone,
        status=person.status,
    )


def with_status(person: Person, status: str) -> PersonInput:
    return replace(person_input(person), status=status)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("name_pinyin", "name_initials", "id_reversed", "created_at")}


def _person_json(p: Person) -> dict[str, Any]:
    data = asdict(p)
    data["birth_date"] = p.birth_date.isoformat()
    return data


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None
