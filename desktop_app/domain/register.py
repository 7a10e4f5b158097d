"""The register's records: households, the people in them, and the identities they hold.

Frozen values: the store returns them, services pass them on, the window shows them.
A change is a new value written through a service, never an edit in place.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

NO_ID_KIND = "none"  # a newborn registered before an ID number exists
PERSON_STATUSES = {"active": "在册", "moved_out": "迁出", "deceased": "死亡"}
HEAD_RELATIONS = ("户主", "本人")


@dataclass(frozen=True)
class Household:
    id: int
    household_no: str
    address: str
    village_group: str
    phone: str


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

    @property
    def is_head(self) -> bool:
        return self.relation.strip() in HEAD_RELATIONS


@dataclass(frozen=True)
class PersonInput:
    """A person's editable fields as typed or imported, before the register checks them."""

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
class Identity:
    """One identity (subsidy group) a person holds, from a source list, with its validity."""

    code: str
    source: str
    list_name: str
    valid_from: date | None
    valid_to: date | None

    def holds_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day <= self.valid_to)


def identities_on(records: tuple[Identity, ...] | list[Identity], day: date) -> tuple[str, ...]:
    """The codes valid on the day, sorted, each once (what the quote uses)."""
    return tuple(sorted({r.code for r in records if r.holds_on(day)}))
