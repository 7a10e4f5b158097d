"""The one place the application reads the time; tests and the CLI's --on pass their own."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

Clock = Callable[[], datetime]


def system_clock() -> datetime:
    return datetime.now().astimezone()
