"""A ledger that runs 2022 → 2023 → …: policy files for the later years, and opening them.

No policy is bundled for 2023 or later in 吉林, so ``write_policy`` copies jl-2022.toml with
every date and id moved on by whole years (the amounts stay) into a folder of the test;
``years_ledger`` opens a village whose catalogue sees the bundled files and that folder.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop_app.domain.operators import BenefitYear
from desktop_app.services.ledger import Ledger
from desktop_app.services.policies import PolicyCatalogue
from desktop_app.services.setup import Setup, initialise
from desktop_app.services.years import open_year
from tests.village import COLLECTOR, PASSWORD, POLICY_DIR, Clock, acting

CASE = """
[[cases]]
name = "An adult paying in the collection period pays the standard 360 for {year}"
clause = "二"
input = {{ paid_on = {before}-11-01, people = [{{ birth_date = 1980-03-01 }}] }}
expected = {{ total_due = "360.00" }}
"""


def write_policy(directory: Path, year: int) -> str:
    """jl-<year>.toml in ``directory``: jl-2022 moved on to ``year`` (ids, dates and the years in quotes)."""
    delta = year - 2022
    text = (POLICY_DIR / "jl-2022.toml").read_text("utf-8")
    moved = re.sub(r"202[12]", lambda m: str(int(m[0]) + delta), text)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"jl-{year}.toml").write_text(moved, "utf-8")
    (directory / f"jl-{year}.cases.toml").write_text(CASE.format(year=year, before=year - 1), "utf-8")
    return f"jl-{year}"


def catalogue_with(directory: Path, *years: int) -> PolicyCatalogue:
    for year in years:
        write_policy(directory, year)
    return PolicyCatalogue([POLICY_DIR, directory])


def years_ledger(path: Path, clock: Clock, policies: Path, *, area: str | None = None, **setup: Any) -> Ledger:
    """A jl-2022 village (张会计, prefix JL) that can open jl-2023 … jl-2025 from ``policies``. The caller closes it."""
    ledger = Ledger.open(path, create=True, clock=clock, catalogue=catalogue_with(policies, 2023, 2024, 2025))
    initialise(ledger, Setup("jl-2022", "测试村", COLLECTOR, "JL", area=area, **setup), PASSWORD)
    return ledger


def start_year(ledger: Ledger, year: int, *, area: str | None = None, skip_gap: bool = False) -> BenefitYear:
    """Move the clock into the year's collection period (November before it) and open the year."""
    clock = ledger.clock
    assert isinstance(clock, Clock)
    clock.now = max(clock.now, datetime(year - 1, 11, 1, 9, 30))
    return open_year(ledger, acting(ledger), year, f"jl-{year}", area, skip_gap=skip_gap)
