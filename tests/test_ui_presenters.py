"""The main window's logic without a window: a fake view records what it is told."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from desktop_app.cli import cli
from desktop_app.domain.operators import Acting
from desktop_app.services.household_list import HouseholdRow, list_households, suggest_household_no
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import add_operator
from desktop_app.services.payments import PaymentRequest, pay
from desktop_app.services.register import Household, add_household
from desktop_app.services.settings import parse_target, split_groups, target_of, update_settings
from desktop_app.services.status import MemberStatus
from desktop_app.store.transactions import immediate
from desktop_app.ui.main_presenter import MainPresenter, StatusLine, household_summary
from tests.village import acting, wang_household


class FakeView:
    def __init__(self) -> None:
        self.rows: list[HouseholdRow] = []
        self.total = 0
        self.searching = False
        self.fetch: Callable[[int], list[HouseholdRow]] | None = None
        self.household: Household | None = None
        self.members: list[MemberStatus] = []
        self.status: StatusLine | None = None

    def show_households(
        self, rows: list[HouseholdRow], total: int, fetch: Callable[[int], list[HouseholdRow]] | None, searching: bool
    ) -> None:
        self.rows, self.total, self.fetch, self.searching = rows, total, fetch, searching

    def show_household(
        self, household: Household | None, members: list[MemberStatus], highlighted: tuple[str, ...]
    ) -> None:
        self.household, self.members = household, members

    def show_status(self, line: StatusLine) -> None:
        self.status = line


@pytest.fixture
def village(xinli: Ledger) -> tuple[Ledger, Acting, dict[str, int]]:
    """新立村 with the 王 household; 李会计 acts in 2022."""
    op = acting(xinli, "李会计")
    return xinli, op, wang_household(xinli, op)


def test_browsing_pages_through_a_group_in_household_number_order(
    village: tuple[Ledger, Acting, dict[str, int]],
) -> None:
    ledger, op, _ = village
    for n in range(2, 8):
        add_household(ledger, op, f"{n:04d}", "", "二组" if n % 2 else "一组")
    view = FakeView()
    presenter = MainPresenter(view, ledger, op)
    presenter.browse("二组")
    assert [r.household_no for r in view.rows] == ["0003", "0005", "0007"]
    assert view.total == 3 and not view.searching
    assert [r.household_no for r in list_households(ledger, 2022, None, 2, 3)] == ["0003", "0004", "0005"]


def test_search_rows_carry_the_unpaid_count_and_what_matched(village: tuple[Ledger, Acting, dict[str, int]]) -> None:
    ledger, op, ids = village
    pay(ledger, op, PaymentRequest((ids["spouse"],), 1000_00, date(2021, 11, 1)))
    view = FakeView()
    presenter = MainPresenter(view, ledger, op)
    presenter.search("李秀兰")
    [row] = view.rows
    assert (row.household_no, row.head_name, row.active, row.unpaid, row.matched) == (
        "0001",
        "王建国",
        4,
        3,
        ("李秀兰",),
    )
    assert view.searching and view.fetch is None


def test_the_status_line_counts_today_and_names_the_collector(village: tuple[Ledger, Acting, dict[str, int]]) -> None:
    ledger, op, ids = village
    pay(ledger, op, PaymentRequest((ids["spouse"], ids["student"]), 1000_00, date(2021, 11, 1)))
    view = FakeView()
    MainPresenter(view, ledger, op).refresh_status()
    assert view.status is not None
    assert view.status.today.startswith("今日收据 1 张 · 现金 ")
    assert view.status.unexported.startswith("未导出：")
    assert "李会计" in view.status.who and "2022年度" in view.status.who


def test_the_status_line_counts_only_the_logged_in_collectors_own_cash(
    village: tuple[Ledger, Acting, dict[str, int]],
) -> None:
    ledger, op, ids = village
    with immediate(ledger.db):
        add_operator(ledger, "赵组长", "zuzhang1", "ZZ")
    other = acting(ledger, "赵组长")
    pay(ledger, op, PaymentRequest((ids["spouse"],), 1000_00, date(2021, 11, 1)))
    pay(ledger, other, PaymentRequest((ids["head"], ids["student"]), 1000_00, date(2021, 11, 1)))
    views = {name: FakeView() for name in ("李会计", "赵组长")}
    for who in (op, other):
        MainPresenter(views[who.name], ledger, who).refresh_status()
    mine, theirs = (views[name].status for name in ("李会计", "赵组长"))
    assert mine is not None and theirs is not None
    assert mine.today.startswith("今日收据 1 张") and theirs.today.startswith("今日收据 1 张")
    assert mine.today != theirs.today  # 李秀兰 alone, against 王建国 and 王小明
    assert "赵组长" in theirs.who and "李会计" not in theirs.who


def test_selecting_a_household_shows_its_members_and_what_is_still_due(
    village: tuple[Ledger, Acting, dict[str, int]],
) -> None:
    ledger, op, ids = village
    view = FakeView()
    presenter = MainPresenter(view, ledger, op)
    presenter.select(ids["household"])
    assert view.household is not None and view.household.household_no == "0001"
    assert [m.person.name for m in view.members] == ["王建国", "李秀兰", "王小明", "王宝宝"]
    text = household_summary(view.members)
    assert "按 F5 收费" in text


def test_suggested_numbers_keep_their_width(village: tuple[Ledger, Acting, dict[str, int]]) -> None:
    ledger, op, _ = village
    assert suggest_household_no(ledger, "一组") == "0002"
    add_household(ledger, op, "0200009", "", "二组")
    assert suggest_household_no(ledger, "二组") == "0200010"
    assert suggest_household_no(ledger, "三组") == "0200010"


def test_settings_text_is_read_leniently_and_checked() -> None:
    assert split_groups("一组、二组 三组,四组，一组") == ("一组", "二组", "三组", "四组")
    assert parse_target("95%") == "95" and parse_target(" 99.50 ") == "99.5"
    for bad in ("abc", "0", "101", "NaN"):
        with pytest.raises(LedgerError):
            parse_target(bad)


def test_the_target_is_the_village_setting_else_the_policy(village: tuple[Ledger, Acting, dict[str, int]]) -> None:
    ledger, op, _ = village
    assert target_of(ledger) == ledger.policy_of(op.year).policy.participation_target
    update_settings(ledger, op, village_groups=("一组", "二组"), participation_target="98", receipt_prefix="XL")
    assert str(target_of(ledger)) == "98"


def test_the_gui_command_is_registered() -> None:
    result = CliRunner().invoke(cli, ["gui", "--help"])
    assert result.exit_code == 0
    assert "--demo" in result.output


def test_gui_and_a_bare_zhengjiao_open_the_window_the_composition_root_hands_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ZHENGJIAO_DB", str(tmp_path / "village.sqlite"))
    opened: list[tuple[Path, bool]] = []

    def window(path: Path, demo: bool) -> int:
        opened.append((path, demo))
        return 0

    for args in ([], ["gui"], ["--db", str(tmp_path / "demo.sqlite"), "gui", "--demo"]):
        result = CliRunner().invoke(cli, args, obj={"open_window": window})
        assert result.exit_code == 0, (result.output, result.exception)
    assert opened == [
        (tmp_path / "village.sqlite", False),
        (tmp_path / "village.sqlite", False),
        (tmp_path / "demo.sqlite", True),
    ]
    without = CliRunner().invoke(cli, ["gui"])
    assert without.exit_code == 2 and "zhengjiao" in without.stderr and "Traceback" not in without.stderr
