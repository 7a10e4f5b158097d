"""A small village ledger for service tests: one collector, a few households."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.services.ledger import Ledger, Settings
from desktop_app.services.operators import Operator, login
from desktop_app.services.register import PersonInput, add_household, add_identity, add_person
from desktop_app.services.setup import initialise

PASSWORD = "secret1"


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_ledger(tmp_path: Path, policy_id: str = "jl-2022", area: str | None = "changchun",
                now: datetime = datetime(2021, 11, 1, 9, 0)) -> tuple[Ledger, Operator, FixedClock]:
    clock = FixedClock(now)
    ledger = Ledger.open(tmp_path / "village.sqlite", create=True, clock=clock)
    initialise(ledger, Settings(policy_id=policy_id, village="新立村", collector="李会计", receipt_prefix="XL",
                                area=area, village_groups=("一组", "二组")), PASSWORD)
    return ledger, login(ledger, "李会计", PASSWORD), clock


def wang_household(ledger: Ledger, op: Operator) -> dict[str, int]:
    """户主 (低保), spouse, a student, and a newborn without an ID number."""
    h = add_household(ledger, op.name, "0001", "新立村一组3号", "一组", "13800000001")
    ids = {
        "head": add_person(ledger, op.name, h, PersonInput("王建国", demo_id("220102", "1970-03-14", 131), relation="户主")),
        "spouse": add_person(ledger, op.name, h, PersonInput("李秀兰", demo_id("220102", "1972-07-02", 142),
                                                            relation="配偶", ethnicity="蒙古族")),
        "student": add_person(ledger, op.name, h, PersonInput("王小明", demo_id("220102", "2010-09-01", 153),
                                                             relation="子", student=True)),
        "newborn": add_person(ledger, op.name, h, PersonInput("王宝宝", birth_date=date(2021, 10, 1), sex="女",
                                                             relation="孙女")),
    }
    add_identity(ledger, op.name, ids["head"], "subsistence_allowance", "民政", "低保名册")
    ids["household"] = h
    return ids
