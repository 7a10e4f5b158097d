"""A synthetic township of made-up villagers, for benchmarks, tests and the demo database.

Not the township's own work (that is the county side of ``services``): this makes up
people. ``generate_township`` is deterministic by seed and touches nothing;
``insert_township`` writes it into a set-up ledger in one transaction (in bulk, one
audit entry by the acting collector); ``write_roster`` writes the same people as the
花名册 workbook a village hands in, for the import.
Names follow the national surname frequencies, households hold three generations at
most with consistent ages, and ID numbers carry the jurisdiction's region codes
(older villagers sometimes the code their county had before it was renamed); the
shares themselves are ``demo.population_tables``.
"""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from desktop_app.demo.population_tables import (
    GIVEN_NAMES,
    IDENTITY_LISTS,
    ONE_CHAR_SHARE,
    SIZE_WEIGHTS,
    SIZES,
    SURNAME_WEIGHTS,
    SURNAMES,
    regions_for,
)
from desktop_app.domain.idnumber import IdKind
from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.names import pinyin_keys
from desktop_app.domain.operators import Acting
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.store.register_bulk import Every, add_households, add_identities, add_people
from desktop_app.store.transactions import immediate

ROSTER_HEADERS = ("户号", "姓名", "身份证号码", "与户主关系", "民族", "村民小组", "联系电话", "是否在校学生")
# The seven columns issue 10 measures the import on (no 是否在校学生; the ID column as 公民身份号码).
SEVEN_COLUMNS = ("户号", "姓名", "公民身份号码", "与户主关系", "民族", "村民小组", "联系电话")
GROUPS = ("一组", "二组", "三组", "四组", "五组", "六组", "七组", "八组", "九组", "十组")


@dataclass(frozen=True)
class Member:
    name: str
    id_number: str
    sex: str
    birth_date: date
    relation: str
    ethnicity: str
    student: bool
    phone: str
    identities: tuple[tuple[str, str, str], ...] = ()  # (code, source, list name)


@dataclass(frozen=True)
class PlannedHousehold:
    household_no: str
    village_group: str
    address: str
    phone: str
    members: tuple[Member, ...]


@dataclass(frozen=True)
class Township:
    policy_id: str
    seed: int
    households: tuple[PlannedHousehold, ...]

    @property
    def people(self) -> int:
        return sum(len(h.members) for h in self.households)


@dataclass(frozen=True)
class TownshipReport:
    households: int
    people: int
    identities: int


class _Builder:
    def __init__(self, rng: random.Random, policy_id: str, area: str | None, today: date) -> None:
        self.rng, self.today = rng, today
        self.regions, self.old_region = regions_for(policy_id, area)
        self.used: set[str] = set()
        self.mongol = 0.12 if policy_id.startswith("nm") else 0.01

    def surname(self) -> str:
        return self.rng.choices(SURNAMES, SURNAME_WEIGHTS)[0]

    def name(self, surname: str, sex: str, born: int) -> str:
        era = "old" if born < 1960 else "mid" if born < 1990 else "new"
        twos, ones = GIVEN_NAMES[(era, sex)]
        if self.rng.random() < ONE_CHAR_SHARE[era]:
            return surname + self.rng.choice(ones)
        if self.rng.random() < 0.6:
            return surname + self.rng.choice(twos)
        return surname + self.rng.choice(ones) + self.rng.choice(ones)

    def birth(self, age: int) -> date:
        year = self.today.year - max(age, 0)
        last_month = self.today.month - 1 if year == self.today.year else 12
        return min(date(year, self.rng.randint(1, max(last_month, 1)), self.rng.randint(1, 28)), self.today)

    def id_number(self, born: date, sex: str) -> str:
        region = self.rng.choice(self.regions)
        if self.old_region and born.year < self.old_region[1] and self.rng.random() < 0.3:
            region = self.old_region[0]
        while True:
            serial = self.rng.randrange(500) * 2 + (1 if sex == "男" else 0)
            number = demo_id(region, born.isoformat(), serial)
            if number not in self.used:
                self.used.add(number)
                return number

    def ethnicity(self) -> str:
        r = self.rng.random()
        if r < self.mongol:
            return "蒙古族"
        return "回族" if r < self.mongol + 0.02 else "满族" if r < self.mongol + 0.03 else "汉族"

    def phone(self) -> str:
        return "1" + self.rng.choice("3589") + "".join(self.rng.choice("0123456789") for _ in range(9))

    def person(self, surname: str, sex: str, age: int, relation: str, ethnicity: str) -> Member:
        born = self.birth(age)
        student = (6 <= age <= 18 and self.rng.random() < 0.97) or (19 <= age <= 22 and self.rng.random() < 0.5)
        phone = self.phone() if 18 <= age <= 70 and self.rng.random() < 0.7 else ""
        return Member(
            self.name(surname, sex, born.year),
            self.id_number(born, sex),
            sex,
            born,
            relation,
            ethnicity,
            student,
            phone,
        )

    def children(
        self, surname: str, parent_age: int, count: int, relations: tuple[str, str], ethnicity: str
    ) -> list[Member]:
        out = []
        for _ in range(count):
            sex = self.rng.choice("男女")
            age = parent_age - self.rng.randint(20, 38)
            if age < 0:  # a young parent: any age the parent was 20 or more at the birth
                age = self.rng.randint(0, max(0, parent_age - 20))
            out.append(self.person(surname, sex, age, relations[0] if sex == "男" else relations[1], ethnicity))
        return out

    def household(self, size: int) -> list[Member]:
        rng = self.rng
        ethnicity, surname = self.ethnicity(), self.surname()
        head_sex = "男" if rng.random() < 0.85 else "女"
        others = size - 1
        three_gen = others >= 3 and rng.random() < 0.4
        age = (
            rng.randint(40, 85)
            if size == 1
            else rng.randint(45, 80)
            if size == 2 and rng.random() < 0.6
            else rng.randint(50, 72)
            if three_gen
            else rng.randint(27, 55)
        )
        members = [self.person(surname, head_sex, age, "户主", ethnicity)]
        child_surname = surname
        if others and (size > 2 or rng.random() < 0.85):
            spouse_sex = "女" if head_sex == "男" else "男"
            spouse_surname = self.surname()
            child_surname = surname if head_sex == "男" else spouse_surname
            members.append(
                self.person(
                    spouse_surname,
                    spouse_sex,
                    max(18, age + rng.randint(-5, 5)),
                    "配偶",
                    self.ethnicity() if rng.random() < 0.1 else ethnicity,
                )
            )
        if not three_gen and size - len(members) >= 2 and rng.random() < 0.3:
            parent_age = min(age + rng.randint(22, 34), 99)
            members.append(self.person(surname, "男", parent_age, "父亲", ethnicity))
            members.append(
                self.person(self.surname(), "女", max(parent_age - rng.randint(0, 4), age + 18), "母亲", ethnicity)
            )
        if three_gen:
            son_age = max(20, age - rng.randint(22, 30))
            members.append(self.person(child_surname, "男", son_age, "子", ethnicity))
            members.append(self.person(self.surname(), "女", max(20, son_age + rng.randint(-4, 3)), "儿媳", ethnicity))
            members += self.children(child_surname, son_age, size - len(members), ("孙子", "孙女"), ethnicity)
        else:
            members += self.children(child_surname, age, size - len(members), ("子", "女"), ethnicity)
        return members[:size]


def generate_township(
    policy_id: str,
    today: date,
    people: int = 100_000,
    *,
    seed: int = 20220901,
    area: str | None = None,
    village: str = "示范村",
) -> Township:
    """``people`` villagers in about 30% as many households, the same every time for a seed."""
    rng = random.Random(seed)
    builder = _Builder(rng, policy_id, area, today)
    households: list[PlannedHousehold] = []
    counts = [0] * len(GROUPS)
    total = 0
    while total < people:
        size = min(rng.choices(SIZES, SIZE_WEIGHTS)[0], people - total)
        members = builder.household(size)
        group = rng.randrange(len(GROUPS))
        counts[group] += 1
        members = _with_identities(rng, members)
        phone = next((m.phone for m in members if m.phone), "") or builder.phone()
        households.append(
            PlannedHousehold(
                household_no=f"{group + 1:02d}{counts[group]:05d}",
                village_group=GROUPS[group],
                address=f"{village}{GROUPS[group]}{counts[group]}号",
                phone=phone,
                members=tuple(members),
            )
        )
        total += len(members)
    return Township(policy_id, seed, tuple(households))


def _with_identities(rng: random.Random, members: list[Member]) -> list[Member]:
    if len(members) == 1 and members[0].birth_date.year < 1960 and rng.random() < 0.12:
        return [_tagged(members[0], ("extreme_poverty", "民政", "特困供养人员名册"))]
    r = rng.random()
    for code, source, list_name, share in IDENTITY_LISTS:
        if r < share:
            return [_tagged(m, (code, source, list_name)) for m in members]
        r -= share
    return members


def _tagged(member: Member, identity: tuple[str, str, str]) -> Member:
    return replace(member, identities=(*member.identities, identity))


def insert_township(ledger: Ledger, acting: Acting, township: Township) -> TownshipReport:
    """All households, people and identities in one transaction, one audit entry by ``acting``."""
    stamp = ledger.stamp()
    numbers = [h.household_no for h in township.households]
    people = [(h.household_no, m) for h in township.households for m in h.members]
    spelled = [pinyin_keys(m.name) for _, m in people]
    with immediate(ledger.db):
        try:
            ids = add_households(
                ledger.db,
                numbers,
                {
                    "address": [h.address for h in township.households],
                    "village_group": [h.village_group for h in township.households],
                    "phone": [h.phone for h in township.households],
                    "created_at": Every(stamp),
                },
            )
            person_ids = add_people(
                ledger.db,
                {
                    "household_id": [ids[no] for no, _ in people],
                    "name": [m.name for _, m in people],
                    "id_number": [m.id_number for _, m in people],
                    "id_kind": Every(IdKind.RESIDENT.value),
                    "sex": [m.sex for _, m in people],
                    "birth_date": [m.birth_date.isoformat() for _, m in people],
                    "ethnicity": [m.ethnicity for _, m in people],
                    "relation": [m.relation for _, m in people],
                    "student": [int(m.student) for _, m in people],
                    "phone": [m.phone for _, m in people],
                    "name_pinyin": [full for full, _ in spelled],
                    "name_initials": [short for _, short in spelled],
                    "id_reversed": [m.id_number[::-1] for _, m in people],
                    "created_at": Every(stamp),
                },
                len(people),
            )
            identities = [
                (pid, code, source, list_name, None, None)
                for pid, (_, m) in zip(person_ids, people)
                for code, source, list_name in m.identities
            ]
            add_identities(ledger.db, identities, stamp)
        except sqlite3.IntegrityError as e:
            raise LedgerError(f"示范乡镇与数据库中已有的户号或证件号码重复（{e}）；请换一个空数据库", "db") from None
        report = TownshipReport(len(numbers), len(people), len(identities))
        ledger.audit(
            acting,
            "township.generate",
            {
                "policy_id": township.policy_id,
                "seed": township.seed,
                "households": report.households,
                "people": report.people,
                "identities": report.identities,
            },
        )
    return report


def populate(ledger: Ledger, acting: Acting, people: int = 100_000, *, seed: int = 20220901) -> TownshipReport:
    """A township for the acting year's policy and area and this village, written into the ledger."""
    year = acting.year
    benefit_year = ledger.policy_of(year).policy.benefit_year
    township = generate_township(
        year.policy_id, date(benefit_year - 1, 9, 1), people, seed=seed, area=year.area, village=ledger.settings.village
    )
    return insert_township(ledger, acting, township)


_CELLS: dict[str, Callable[[PlannedHousehold, Member], str]] = {
    "户号": lambda h, m: h.household_no,
    "姓名": lambda h, m: m.name,
    "身份证号码": lambda h, m: m.id_number,
    "公民身份号码": lambda h, m: m.id_number,
    "与户主关系": lambda h, m: m.relation,
    "民族": lambda h, m: m.ethnicity,
    "村民小组": lambda h, m: h.village_group,
    "联系电话": lambda h, m: m.phone,
    "是否在校学生": lambda h, m: "是" if m.student else "否",
}
_TEXT_CELLS = frozenset(("户号", "身份证号码", "公民身份号码", "联系电话"))  # digits Excel must not turn into numbers


def write_roster(township: Township, path: Path, headers: Sequence[str] = ROSTER_HEADERS) -> Path:
    """The 花名册 workbook: one row a person, in the columns ``headers`` names (any of ``_CELLS``);
    ID numbers, 户号 and phones as text cells."""
    from openpyxl import Workbook  # type: ignore[import-untyped]  # only the bench and tests write rosters
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped]

    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(list(headers))

    def text(value: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "@"
        return cell

    cells = [(_CELLS[name], name in _TEXT_CELLS) for name in headers]
    for h in township.households:
        for m in h.members:
            ws.append([text(cell(h, m)) if as_text else cell(h, m) for cell, as_text in cells])
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
