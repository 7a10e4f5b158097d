"""What the main window shows, decided without a window: the view is handed in.

The presenter calls services only; the view (``MainWindow``, or a fake in tests)
receives plain data: household rows, member statuses, the status-bar texts, the
participation figures. Everything is of the benefit year the collector acts in; today's
cash and what is not yet exported are the logged-in collector's own.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, Decimal
from typing import Protocol

from desktop_app.domain.money import Fen, format_yuan
from desktop_app.domain.operators import Acting
from desktop_app.services.coverage import CoverageFigures, coverage_figures
from desktop_app.services.household_list import (
    HouseholdRow,
    count_households,
    household_rows,
    list_households,
    village_groups_in_use,
)
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import receipts_issued
from desktop_app.services.register import Household, get_household
from desktop_app.services.search import search_households
from desktop_app.services.settings import target_of
from desktop_app.services.status import MemberStatus, member_statuses
from desktop_app.services.summaries import (
    Participation,
    hardship_participation,
    participation_of,
    previous_year,
    today_totals,
)
from desktop_app.services.unexported import unexported_summary

PAGE = 200
SEARCH_LIMIT = 20  # a screenful: more found says so ("20+"), and a few more letters find the family


@dataclass(frozen=True)
class StatusLine:
    today: str
    unexported: str
    unexported_warning: bool
    who: str
    county: str = ""  # who waits on the county (sent, not answered; sent back): services.county_watch
    coverage: str = ""  # 参保率 60.10%: services.coverage, every channel counted
    coverage_tip: str = ""  # 已参保 … 人 / 应参保 … 人, for the tooltip


@dataclass(frozen=True)
class Progress:
    """The 参保进度 tab: the village, its 困难群众 groups (each with its own target), its 村民小组.

    ``target`` is the village's in percent — from the township's 任务数 when one is set
    (``task_count`` people to cover), else the settings' or the policy's. ``figures`` are
    the year's coverage figures behind the rows (the headline's details); ``previous`` the
    same for the year before, when the ledger has it open.
    """

    overall: Participation
    groups: tuple[Participation, ...]
    target: Decimal | None
    hardship: tuple[Participation, ...] = ()
    figures: CoverageFigures | None = None
    task_count: int = 0
    previous: Progress | None = None
    year: int | None = None

    def target_of(self, p: Participation) -> Decimal | None:
        """The row's own target (a 困难群众 group's), else the village's."""
        return p.target if p.target is not None else self.target

    def short_of_target(self, p: Participation) -> int:
        """People still to cover for this row to reach its target (0 when reached); the village's row
        against the township's 任务数 when there is one."""
        if p is self.overall and self.task_count:
            return max(self.task_count - p.paid, 0)
        target = self.target_of(p)
        if target is None:
            return 0
        needed = (p.active * target / 100).to_integral_value(rounding=ROUND_CEILING)
        return max(int(needed) - p.paid, 0)

    def last_year_of(self, p: Participation) -> Participation | None:
        """The same row a year earlier (the village, the group of that name), when the ledger has it."""
        if self.previous is None:
            return None
        prev = self.previous
        if p is self.overall:
            return prev.overall
        section = prev.hardship if p in self.hardship else prev.groups
        return next((q for q in section if q.group == p.group), None)


class MainView(Protocol):
    def show_households(
        self, rows: list[HouseholdRow], total: int, fetch: Callable[[int], list[HouseholdRow]] | None, searching: bool
    ) -> None: ...

    def show_household(
        self, household: Household | None, members: list[MemberStatus], highlighted: tuple[str, ...]
    ) -> None: ...

    def show_status(self, line: StatusLine) -> None: ...


def yuan(fen: Fen) -> str:
    whole, cents = format_yuan(fen).split(".")
    return f"{int(whole):,}.{cents}"


class MainPresenter:
    def __init__(self, view: MainView, ledger: Ledger, acting: Acting) -> None:
        self.view, self.ledger, self.acting = view, ledger, acting
        self.text = ""
        self.group: str | None = None
        self.household_id: int | None = None
        self.rows: list[HouseholdRow] = []
        self.more_found = False  # the search found more households than it lists

    # -- what is on screen -------------------------------------------------------------
    @property
    def year(self) -> int:
        return self.acting.benefit_year

    def today(self) -> date:
        return self.ledger.now().date()

    def groups(self) -> list[str]:
        """The village's groups from the settings, then any the register uses besides."""
        named = list(self.ledger.settings.village_groups)
        return named + sorted(g for g in village_groups_in_use(self.ledger) if g and g not in named)

    def search(self, text: str) -> None:
        self.text = text.strip()
        if not self.text:
            self.browse(self.group)
            return
        hits = search_households(self.ledger, self.text, SEARCH_LIMIT + 1)  # one more: are there more?
        self.more_found = len(hits) > SEARCH_LIMIT
        hits = hits[:SEARCH_LIMIT]
        rows = household_rows(self.ledger, self.year, [h.household_id for h in hits])
        why = {h.household_id: (h.matched, h.why) for h in hits}  # the whole village: the group only browses
        self.rows = [
            HouseholdRow(r.id, r.household_no, r.village_group, r.address, r.head_name, r.active, r.unpaid, *why[r.id])
            for r in rows
        ]
        self.view.show_households(self.rows, len(self.rows), None, True)

    def browse(self, group: str | None) -> None:
        self.group = group or None
        if self.text:
            self.search(self.text)
            return
        total = count_households(self.ledger, self.group)
        self.rows = list_households(self.ledger, self.year, self.group, 0, PAGE)
        self.view.show_households(self.rows, total, self._next_page, False)

    def _next_page(self, offset: int) -> list[HouseholdRow]:
        more = list_households(self.ledger, self.year, self.group, offset, PAGE)
        self.rows.extend(more)
        return more

    def select(self, household_id: int | None) -> None:
        self.household_id = household_id
        if household_id is None:
            self.view.show_household(None, [], ())
            return
        household = get_household(self.ledger, household_id)
        members = member_statuses(self.ledger, household_id, self.today(), self.year)
        row = next((r for r in self.rows if r.id == household_id), None)
        self.view.show_household(household, members, row.matched if row else ())

    def refresh(self, household_id: int | None = None) -> None:
        """After a change: the list, the chosen household and the status bar again."""
        keep = household_id if household_id is not None else self.household_id
        if self.text:
            self.search(self.text)
        else:
            self.browse(self.group)
        self.select(keep)
        self.refresh_status()

    # -- the status bar ----------------------------------------------------------------
    def status_line(self, with_exports: bool = True) -> StatusLine:
        count, cash = today_totals(self.ledger, self.today(), operator_id=self.acting.operator.id)
        today = f"今日收据 {count} 张 · 现金 {yuan(cash)} 元"
        unexported, warning = self._unexported() if with_exports else ("未导出：…", False)
        who = f"收款员 {self.acting.name} · {self.ledger.settings.village} · {self.year}年度"
        county = _county_text(self.ledger, self.acting) if with_exports else ""
        return StatusLine(today, unexported, warning, who, county, *_coverage_text(self.ledger, self.year))

    def refresh_status(self) -> None:
        self.view.show_status(self.status_line())

    def _unexported(self) -> tuple[str, bool]:
        summary = _unexported_summary(self.ledger, self.acting)
        if summary is None:
            return "未导出：—", False
        count, amount, oldest = summary
        if not count:
            if not receipts_issued(self.ledger, self.acting.operator.id, self.year):
                return "暂无收款", False
            return "未导出：0 笔（全部已导出到U盘）", False
        age = (self.today() - oldest).days if oldest else 0
        return f"未导出：{count} 笔 · {yuan(amount)} 元 · 最早 {oldest}", age >= 3

    # -- progress ----------------------------------------------------------------------
    def progress(self) -> Progress:
        task = self.ledger.settings.task_count
        last = previous_year(self.ledger, self.year)
        return year_progress(
            self.ledger, self.year, task, year_progress(self.ledger, last, 0) if last is not None else None
        )


def year_progress(ledger: Ledger, year: int, task: int, previous: Progress | None = None) -> Progress:
    """One year's rows: the figures once, the 困难群众 groups, the target (from the 任务数 when given)."""
    figures = coverage_figures(ledger, year)
    overall, groups = participation_of(figures)
    order = {g: i for i, g in enumerate(ledger.settings.village_groups)}
    groups.sort(key=lambda p: (order.get(p.group, len(order)), p.group))
    target = target_of(ledger, year)
    if task and overall.active:
        target = min(Decimal(100), (Decimal(task) * 100 / overall.active).quantize(Decimal("0.1"), ROUND_CEILING))
    return Progress(
        overall, tuple(groups), target, tuple(hardship_participation(ledger, year)), figures, task, previous, year
    )


def _coverage_text(ledger: Ledger, year: int) -> tuple[str, str]:
    """参保率 for the status bar (short: at 字号 特大 the bar has little room) and its tooltip, every channel
    counted; nothing when the figures cannot be read."""
    try:
        f = coverage_figures(ledger, year)
    except (LedgerError, sqlite3.DatabaseError):
        return "", ""
    if f.rate is None:
        return "", ""
    return (
        f"参保率 {f.rate}%",
        f"已参保 {f.covered:,} 人（本村收款 {f.covered_here:,}，其他渠道 {f.covered_elsewhere:,}）"
        f" / 应参保 {f.to_cover:,} 人（参保进度：Ctrl+2）",
    )


def _unexported_summary(ledger: Ledger, acting: Acting) -> tuple[int, Fen, date | None] | None:
    """None when the figures cannot be read, so the status bar says 未导出：— rather than a wrong figure."""
    try:
        return unexported_summary(ledger, acting.operator.id, acting.benefit_year)
    except (LedgerError, sqlite3.DatabaseError):
        return None


def _county_text(ledger: Ledger, acting: Acting) -> str:
    from desktop_app.services.county_watch import county_wait

    try:
        return county_wait(ledger, acting).text
    except (LedgerError, sqlite3.DatabaseError):
        return ""


def household_summary(members: list[MemberStatus]) -> str:
    """One line under the members: how many of each status, and what is still to collect."""
    if not members:
        return "本户还没有成员；按 Ctrl+N 添加"
    counts: dict[str, int] = {}
    for m in members:
        counts[m.status] = counts.get(m.status, 0) + 1
    parts = "　".join(f"{status} {n} 人" for status, n in counts.items())
    payable = [m for m in members if m.payable]
    if not payable:
        return parts
    due = sum(m.due for m in payable)
    return f"{parts}　｜　还可收费 {len(payable)} 人，应缴 {yuan(due)} 元（按 F5 收费）"
