"""Calendar arithmetic the notices use: '3个月', '90天', '下个月'."""

from __future__ import annotations

import calendar
from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day n months later, clipped to the month's end (01-31 + 1 month = 02-28)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def first_of_next_month(day: date) -> date:
    return add_months(day.replace(day=1), 1)


def days_between(earlier: date, later: date) -> int:
    return (later - earlier).days


def next_day(day: date) -> date:
    return day + timedelta(days=1)


def parse_iso_date(text: str) -> date:
    """Strict YYYY-MM-DD; raises ValueError with the offending text."""
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise ValueError(f"日期“{text}”应写成 YYYY-MM-DD，如 2021-11-01")
    return date.fromisoformat(text)
