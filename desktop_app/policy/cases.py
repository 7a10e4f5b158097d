"""Test cases kept beside each policy file (``<id>.cases.toml``), OpenFisca style.

Each case is a sentence, a quote request and the parts of the answer it expects; the
test suite and ``--self-test`` both run them through the same contract the CLI prints.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from typing import Any

from desktop_app.policy.engine import quote
from desktop_app.policy.model import Policy
from desktop_app.policy.quote_json import quote_to_json
from desktop_app.policy.request import parse_request


@dataclass(frozen=True)
class Case:
    name: str
    clause: str
    input: dict[str, Any]
    expected: dict[str, Any]


def parse_cases(text: str, source: str) -> list[Case]:
    data = tomllib.loads(text)
    unknown = set(data) - {"cases"}
    if unknown:
        raise ValueError(f"{source}: 未知的键 {sorted(unknown)}")
    cases = []
    for i, raw in enumerate(data.get("cases", [])):
        extra = set(raw) - {"name", "clause", "input", "expected"}
        if extra or not {"name", "clause", "input", "expected"} <= set(raw):
            raise ValueError(f"{source}: cases[{i}] 须有且只有 name、clause、input、expected")
        cases.append(Case(raw["name"], raw["clause"], _jsonable(raw["input"]), raw["expected"]))
    return cases


def _jsonable(value: Any) -> Any:
    """TOML dates become the ISO strings the CLI would receive."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def run_case(policy: Policy, case: Case) -> list[str]:
    """The differences between the case's expectation and the engine's answer."""
    request = parse_request({"policy": policy.id, **case.input}, policy.identity_labels())
    got = quote_to_json(quote(policy, request))
    return _compare(case.expected, got, "")


def _compare(expected: Any, got: Any, at: str) -> list[str]:
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            return [f"{at}: 期望对象，得到 {got!r}"]
        problems = []
        for key, value in expected.items():
            if key == "null":
                problems += [
                    f"{at}.{k}: 期望为空（null），得到 {got.get(k)!r}" for k in value if got.get(k) is not None
                ]
            elif key == "explanation_contains":
                text = "\n".join(got.get("explanation", []))
                problems += [f"{at}.explanation: 缺少“{s}”；实际：{text}" for s in value if s not in text]
            elif key not in got:
                problems.append(f"{at}.{key}: 输出中没有此项")
            else:
                problems += _compare(value, got[key], f"{at}.{key}")
        return problems
    if isinstance(expected, list):
        if not isinstance(got, list) or len(got) != len(expected):
            return [f"{at}: 期望 {len(expected)} 项，得到 {got!r}"]
        return [p for i, (e, g) in enumerate(zip(expected, got, strict=True)) for p in _compare(e, g, f"{at}[{i}]")]
    if isinstance(expected, date):
        expected = expected.isoformat()
    return [] if expected == got else [f"{at}: 期望 {expected!r}，得到 {got!r}"]
