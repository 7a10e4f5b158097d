"""The sample households of a policy's cases file, read back as the editor's rows.

A cases file holds both the households the editor wrote (named 样例户…, a fixed shape)
and cases written by hand or by the program's authors; only the former can be shown as
rows and written again from them, so this module tells them apart and hands the rest
back untouched. The cases file is a second file with rules of its own, so it is read here
and not with the policy (``services.policy_form``); what is read here is what
``services.policy_samples`` writes back, and the two share the row and the 样例户 prefix.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.policy.model import Policy

__all__ = ["SAMPLE_PREFIX", "SampleRow", "read_sample_area", "read_samples"]

SAMPLE_PREFIX = "样例户"
_SAMPLE_PERSON = {"name", "birth_date", "identities", "student", "uncovered_years", "back_paid_years"}


@dataclass(frozen=True)
class SampleRow:
    """One person of a sample household, and what the notice says they pay (the clerk's own figures)."""

    household: str
    name: str
    birth_date: str
    who: str = ""  # identity names
    student: bool = False
    uncovered: str = ""
    back_paid: str = ""
    paid_on: str = ""
    expected_due: str = ""
    expected_start: str = ""


def _cases(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    try:
        data = tomllib.loads(path.read_text("utf-8-sig"))
    except (OSError, UnicodeDecodeError, ValueError):
        return []
    found = data.get("cases", [])
    return [c for c in found if isinstance(c, dict)] if isinstance(found, list) else []


def _is_sample(case: dict[str, Any]) -> bool:
    """A case the editor wrote: a household, its people's ages and groups, and the amounts expected."""
    given, expected = case.get("input"), case.get("expected")
    if (
        not str(case.get("name", "")).startswith(SAMPLE_PREFIX)
        or not isinstance(given, dict)
        or not isinstance(expected, dict)
    ):
        return False
    people, due = given.get("people"), expected.get("people")
    return (
        set(given) <= {"paid_on", "people", "area"}
        and set(expected) <= {"total_due", "people"}
        and isinstance(people, list)
        and isinstance(due, list)
        and len(people) == len(due)
        and all(isinstance(x, dict) and set(x) <= _SAMPLE_PERSON for x in people)
        and all(isinstance(x, dict) and set(x) <= {"due", "benefit_start"} for x in due)
    )


def read_samples(path: Path, policy: Policy) -> tuple[tuple[SampleRow, ...], tuple[dict[str, Any], ...]]:
    """The editor's sample households as rows, and every other case of the file as it is."""
    labels = policy.identity_labels()
    rows: list[SampleRow] = []
    extra: list[dict[str, Any]] = []
    for case in _cases(path):
        if not _is_sample(case):
            extra.append(case)
            continue
        household = re.sub(rf"^{SAMPLE_PREFIX}\s*", "", str(case["name"])).split("：")[0] or str(len(rows) + 1)
        for person, due in zip(case["input"]["people"], case["expected"]["people"], strict=True):
            rows.append(
                SampleRow(
                    household,
                    str(person.get("name", "")),
                    _text(person.get("birth_date")),
                    "、".join(labels.get(c, c) for c in person.get("identities", [])),
                    bool(person.get("student")),
                    _text(person.get("uncovered_years")),
                    _text(person.get("back_paid_years")),
                    _text(case["input"].get("paid_on")),
                    _trim_yuan(due.get("due")),
                    _text(due.get("benefit_start")),
                )
            )
    return tuple(rows), tuple(extra)


def read_sample_area(path: Path, areas: dict[str, str]) -> str:
    """The area the sample households pay in, by its name in ``areas`` ('' when they name none)."""
    for case in _cases(path):
        if _is_sample(case) and case["input"].get("area"):
            return areas.get(str(case["input"]["area"]), "")
    return ""


def _trim_yuan(text: object) -> str:
    """'240.00' -> '240' (as the clerk typed it); other texts as they are."""
    value = "" if text is None else str(text)
    return value[:-3] if value.endswith(".00") else value


def _text(value: object) -> str:
    return "" if value is None else str(value)
