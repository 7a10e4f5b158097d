"""The household register: households, their members, and the identities they hold.

An ID number is unique across the database and a person sits in one household only;
the database refuses the rest. Every change is in the audit log.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, replace
from datetime import date
from typing import Any

from desktop_app.domain.codes import IDENTITIES, normalize_ethnicity
from desktop_app.domain.idnumber import IdNumberError, parse_id_number
from desktop_app.domain.names import full_pinyin, initials
from desktop_app.services.ledger import Ledger, LedgerError

IDENTITY_SOURCES = ("民政", "乡村振兴", "残联", "退役军人", "卫健", "手工")
STATUSES = {"active": "在册", "moved_out": "迁出", "deceased": "死亡"}
NO_ID_KIND = "none"  # a newborn registered before an ID number exists


@dataclass(frozen=True)
class PersonInput:
    name: str
    id_number: str | None = None
    birth_date: date | None = None
    sex: str = ""
    ethnicity: str = ""
    relation: str = ""
    student: bool = False
    parent_insured: bool = False
    phone: str = ""
    status: str = "active"


@dataclass(frozen=True)
class Person:
    id: int
    household_id: int
    household_no: str
    village_group: str
    name: str
    id_number: str | None
    id_kind: str
    sex: str
    birth_date: date
    ethnicity: str
    relation: str
    student: bool
    parent_insured: bool
    phone: str
    status: str


@dataclass(frozen=True)
class Household:
    id: int
    household_no: str
    address: str
    village_group: str
    phone: str


def normalized(person: PersonInput) -> dict[str, Any]:
    """Check a person's fields and derive birth date, sex and kind from the ID number."""
    name = person.name.strip()
    if not name:
        raise LedgerError("姓名不能为空", "name")
    row: dict[str, Any] = {"name": name, "relation": person.relation.strip(), "phone": person.phone.strip(),
                           "student": int(person.student), "parent_insured": int(person.parent_insured)}
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
        row.update(id_number=parsed.number, id_kind=parsed.kind.value, sex=parsed.sex,
                   birth_date=parsed.birth_date.isoformat(), id_reversed=parsed.number[::-1])
    else:
        if person.birth_date is None:
            raise LedgerError("没有证件号码时必须填写出生日期", "birth_date")
        if person.sex not in ("男", "女"):
            raise LedgerError("没有证件号码时必须选择性别（男/女）", "sex")
        row.update(id_number=None, id_kind=NO_ID_KIND, sex=person.sex,
                   birth_date=person.birth_date.isoformat(), id_reversed="")
    ethnicity = ""
    if person.ethnicity.strip():
        found = normalize_ethnicity(person.ethnicity)
        if found is None:
            raise LedgerError(f"民族“{person.ethnicity}”不是56个民族之一", "ethnicity")
        ethnicity = found
    row["ethnicity"] = ethnicity
    row["name_pinyin"] = full_pinyin(name)
    row["name_initials"] = initials(name)
    return row


def add_household(ledger: Ledger, operator: str, household_no: str, address: str = "",
                  village_group: str = "", phone: str = "") -> int:
    household_no = household_no.strip()
    if not household_no:
        raise LedgerError("户号不能为空", "household_no")
    with ledger.db.atomic():
        if ledger.db.execute("SELECT 1 FROM households WHERE household_no = ?", [household_no]).fetchone():
            raise LedgerError(f"户号 {household_no} 已存在", "household_no")
        cur = ledger.db.execute(
            "INSERT INTO households (household_no, address, village_group, phone, created_at) VALUES (?,?,?,?,?)",
            [household_no, address.strip(), village_group.strip(), phone.strip(), _stamp(ledger)],
        )
        ledger.audit(operator, "household.add", {"household_no": household_no, "address": address,
                                                 "village_group": village_group, "phone": phone})
    assert cur.lastrowid is not None
    return cur.lastrowid


def update_household(ledger: Ledger, operator: str, household_id: int, *, address: str,
                     village_group: str, phone: str) -> None:
    with ledger.db.atomic():
        before = get_household(ledger, household_id)
        ledger.db.execute("UPDATE households SET address = ?, village_group = ?, phone = ? WHERE id = ?",
                          [address.strip(), village_group.strip(), phone.strip(), household_id])
        ledger.audit(operator, "household.update", {"household_no": before.household_no, "before": asdict(before),
                                                    "address": address, "village_group": village_group,
                                                    "phone": phone})


def add_person(ledger: Ledger, operator: str, household_id: int, person: PersonInput) -> int:
    row = normalized(person)
    with ledger.db.atomic():
        household = get_household(ledger, household_id)
        _refuse_duplicate(ledger, row, None)
        row.update(household_id=household_id, created_at=_stamp(ledger))
        cols = ", ".join(row)
        cur = ledger.db.execute(f"INSERT INTO people ({cols}) VALUES ({', '.join('?' * len(row))})",
                                list(row.values()))
        ledger.audit(operator, "person.add", {"household_no": household.household_no, **_public(row)})
    assert cur.lastrowid is not None
    return cur.lastrowid


def update_person(ledger: Ledger, operator: str, person_id: int, person: PersonInput) -> None:
    row = normalized(person)
    with ledger.db.atomic():
        before = get_person(ledger, person_id)
        _refuse_duplicate(ledger, row, person_id)
        sets = ", ".join(f"{k} = ?" for k in row)
        ledger.db.execute(f"UPDATE people SET {sets} WHERE id = ?", [*row.values(), person_id])
        ledger.audit(operator, "person.update", {"person_id": person_id, "before": _person_json(before),
                                                 "after": _public(row)})


def move_person(ledger: Ledger, operator: str, person_id: int, household_id: int) -> None:
    with ledger.db.atomic():
        before = get_person(ledger, person_id)
        target = get_household(ledger, household_id)
        ledger.db.execute("UPDATE people SET household_id = ? WHERE id = ?", [household_id, person_id])
        ledger.audit(operator, "person.move", {"person_id": person_id, "from": before.household_no,
                                               "to": target.household_no})


def _refuse_duplicate(ledger: Ledger, row: dict[str, Any], person_id: int | None) -> None:
    if row["id_number"] is None:
        return
    found = ledger.db.execute(
        "SELECT p.id, p.name, h.household_no FROM people p JOIN households h ON h.id = p.household_id "
        "WHERE p.id_number = ?", [row["id_number"]]).fetchone()
    if found and found[0] != person_id:
        raise LedgerError(f"证件号码 {row['id_number']} 已登记在户 {found[2]}（{found[1]}），同一人不能重复登记",
                          "id_number")


def add_identity(ledger: Ledger, operator: str, person_id: int, code: str, source: str,
                 list_name: str = "", valid_from: date | None = None, valid_to: date | None = None) -> bool:
    """Record that a person holds an identity; False when the same record is already there."""
    if code not in IDENTITIES:
        raise LedgerError(f"未知的身份代码“{code}”，可用：{'、'.join(IDENTITIES)}", "code")
    if not source.strip():
        raise LedgerError(f"身份来源不能为空，如 {'、'.join(IDENTITY_SOURCES)}", "source")
    if valid_from and valid_to and valid_to < valid_from:
        raise LedgerError("身份有效期的结束日期早于开始日期", "valid_to")
    with ledger.db.atomic():
        person = get_person(ledger, person_id)
        try:
            ledger.db.execute(
                "INSERT INTO identities (person_id, code, source, list_name, valid_from, valid_to, created_at) "
                "VALUES (?,?,?,?,?,?,?)",
                [person_id, code, source.strip(), list_name, _iso(valid_from), _iso(valid_to), _stamp(ledger)],
            )
        except sqlite3.IntegrityError:
            return False
        ledger.audit(operator, "identity.add", {"person_id": person_id, "id_number": person.id_number,
                                                "code": code, "source": source, "list_name": list_name,
                                                "valid_from": _iso(valid_from), "valid_to": _iso(valid_to)})
    return True


@dataclass(frozen=True)
class IdentityRecord:
    code: str
    source: str
    list_name: str
    valid_from: date | None
    valid_to: date | None

    def holds_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


def identity_records(ledger: Ledger, person_id: int) -> list[IdentityRecord]:
    rows = ledger.db.execute("SELECT code, source, list_name, valid_from, valid_to FROM identities "
                             "WHERE person_id = ? ORDER BY id", [person_id]).fetchall()
    return [IdentityRecord(r[0], r[1], r[2], _date(r[3]), _date(r[4])) for r in rows]


def identities_on(ledger: Ledger, person_id: int, day: date) -> tuple[str, ...]:
    codes = {r.code for r in identity_records(ledger, person_id) if r.holds_on(day)}
    return tuple(sorted(codes))


_PERSON_SQL = (
    "SELECT p.id, p.household_id, h.household_no, h.village_group, p.name, p.id_number, p.id_kind, p.sex, "
    "p.birth_date, p.ethnicity, p.relation, p.student, p.parent_insured, p.phone, p.status "
    "FROM people p JOIN households h ON h.id = p.household_id "
)


def _person(row: Any) -> Person:
    return Person(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], date.fromisoformat(row[8]),
                  row[9], row[10], bool(row[11]), bool(row[12]), row[13], row[14])


def get_person(ledger: Ledger, person_id: int) -> Person:
    row = ledger.db.execute(_PERSON_SQL + "WHERE p.id = ?", [person_id]).fetchone()
    if not row:
        raise LedgerError(f"没有编号为 {person_id} 的人员", "person")
    return _person(row)


def find_by_id_number(ledger: Ledger, id_number: str) -> Person:
    try:
        number = parse_id_number(id_number).number
    except IdNumberError as e:
        raise LedgerError(f"{id_number}: {e}", "id_number") from None
    row = ledger.db.execute(_PERSON_SQL + "WHERE p.id_number = ?", [number]).fetchone()
    if not row:
        raise LedgerError(f"花名册中没有证件号码为 {number} 的人员", "id_number")
    return _person(row)


def household_members(ledger: Ledger, household_id: int) -> list[Person]:
    rows = ledger.db.execute(_PERSON_SQL + "WHERE p.household_id = ? ORDER BY p.id", [household_id]).fetchall()
    return [_person(r) for r in rows]


def get_household(ledger: Ledger, household_id: int) -> Household:
    row = ledger.db.execute("SELECT id, household_no, address, village_group, phone FROM households WHERE id = ?",
                            [household_id]).fetchone()
    if not row:
        raise LedgerError(f"没有编号为 {household_id} 的户", "household")
    return Household(*row)


def find_household(ledger: Ledger, household_no: str) -> Household | None:
    row = ledger.db.execute("SELECT id, household_no, address, village_group, phone FROM households "
                            "WHERE household_no = ?", [household_no.strip()]).fetchone()
    return Household(*row) if row else None


def person_input(person: Person) -> PersonInput:
    """The editable fields of a registered person, to change one and save."""
    return PersonInput(name=person.name, id_number=person.id_number, birth_date=person.birth_date,
                       sex=person.sex, ethnicity=person.ethnicity, relation=person.relation,
                       student=person.student, parent_insured=person.parent_insured, phone=person.phone,
                       status=person.status)


def with_status(person: Person, status: str) -> PersonInput:
    return replace(person_input(person), status=status)


def _public(row: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in row.items() if k not in ("name_pinyin", "name_initials", "id_reversed", "created_at")}


def _person_json(p: Person) -> dict[str, Any]:
    data = asdict(p)
    data["birth_date"] = p.birth_date.isoformat()
    return data


def _stamp(ledger: Ledger) -> str:
    return ledger.now().isoformat(timespec="seconds")


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None
