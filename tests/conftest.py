"""Fixtures for the whole suite: a clock, a village ledger, the acting collector; and a check
that every test closes every database it opened (Python 3.13 warns about each one left open).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from desktop_app.domain.operators import Acting  # noqa: E402
from desktop_app.services.ledger import Ledger  # noqa: E402
from tests.village import DATA, POLICY_DIR, ROOT, XINLI, Clock, acting, new_ledger  # noqa: E402

__all__ = ["DATA", "POLICY_DIR", "ROOT"]


def _is_open(conn: sqlite3.Connection) -> bool:
    try:
        conn.total_changes  # noqa: B018 - raises once the connection is closed
    except sqlite3.ProgrammingError:
        return False
    return True


@pytest.fixture(autouse=True)
def every_database_closed(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Fail a test that leaves a database connection open (and close it, so the next test is clean)."""
    opened: list[sqlite3.Connection] = []
    real = sqlite3.connect

    def tracking(*args: Any, **kwargs: Any) -> sqlite3.Connection:
        conn = real(*args, **kwargs)
        opened.append(conn)
        return conn

    monkeypatch.setattr(sqlite3, "connect", tracking)
    yield
    leaked = [c for c in opened if _is_open(c)]
    for conn in leaked:
        conn.close()
    if leaked:
        pytest.fail(f"测试结束时还有 {len(leaked)} 个数据库连接没有关闭", pytrace=False)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ledger(tmp_path: Path, clock: Clock) -> Iterator[Ledger]:
    """A 吉林 (jl-2022) village with one collector, 张会计, in a file of its own; closed afterwards."""
    opened = new_ledger(tmp_path / "zhengjiao.sqlite", clock=clock)
    yield opened
    opened.close()


@pytest.fixture
def make_ledger(tmp_path: Path, clock: Clock) -> Iterator[Callable[..., Ledger]]:
    """Another village ledger under any policy: ``make_ledger("hn-2022", prefix="HN")``; all closed afterwards."""
    made: list[Ledger] = []

    def make(policy_id: str = "jl-2022", **setup: Any) -> Ledger:
        setup.setdefault("clock", clock)
        opened = new_ledger(tmp_path / f"{policy_id}-{len(made)}.sqlite", policy_id, **setup)
        made.append(opened)
        return opened

    yield make
    for opened in made:
        opened.close()


@pytest.fixture
def xinli(make_ledger: Callable[..., Ledger]) -> Ledger:
    """新立村 (jl-2022, 长春: with the 长护险 rider), collector 李会计, groups 一组 二组; closed afterwards."""
    return make_ledger("jl-2022", **XINLI)


@pytest.fixture
def collector(ledger: Ledger) -> Acting:
    return acting(ledger)
