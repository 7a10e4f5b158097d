"""Reading a policy file: TOML text in, a validated Policy or every problem out.

Pure on purpose (the caller reads the file): the same function checks a file bundled
with the app, one dropped into the data folder, and a test's bad example.
"""

from __future__ import annotations

import tomllib
from typing import Any

from pydantic import ValidationError

from desktop_app.domain.codes import IDENTITIES
from desktop_app.policy.model import Policy

_MESSAGES = {
    "missing": "缺少此项",
    "extra_forbidden": "未知的键（拼写错误？）",
    "date_from_datetime_parsing": "不是有效日期，应写成 2021-12-31",
    "date_parsing": "不是有效日期，应写成 2021-12-31",
    "date_type": "应为日期，如 2021-12-31",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "bool_type": "应为 true 或 false",
    "string_type": "应为文字（加引号）",
    "literal_error": "取值不在允许范围内",
    "too_short": "不能为空",
    "string_too_short": "不能为空或太短",
    "string_pattern_mismatch": "格式不对（只能用小写字母、数字和-/_）",
}


class PolicyFileError(ValueError):
    """A policy file the app refuses, with every problem as 'file: key: reason'."""

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(f"政策文件 {source} 有误，已拒绝载入：\n" + "\n".join(problems))


def parse_policy(text: str, source: str) -> Policy:
    try:
        data: dict[str, Any] = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise PolicyFileError(source, [f"{source}: TOML 语法错误（含重复的键）：{e}"]) from None
    try:
        return Policy.model_validate(data, context={"identities": _identity_codes(data)})
    except ValidationError as e:
        raise PolicyFileError(source, [_problem(source, err) for err in e.errors()]) from None


def _identity_codes(data: dict[str, Any]) -> dict[str, str]:
    """The codes conditions may use: the base table and the file's own ``[[identities]]``.

    Read before validation so an unknown code is reported at its own key; a malformed local
    identity is reported by the validation itself.
    """
    codes = dict(IDENTITIES)
    local = data.get("identities")
    if isinstance(local, list):
        codes |= {
            i["code"]: str(i.get("label", "")) for i in local if isinstance(i, dict) and isinstance(i.get("code"), str)
        }
    return codes


def _problem(source: str, err: Any) -> str:
    key = _key(err["loc"]) or "(文件顶层)"
    reason = _MESSAGES.get(err["type"])
    if reason is None or err["type"] == "value_error":
        reason = str(err["msg"]).removeprefix("Value error, ")
    elif err["type"] == "literal_error":
        reason = f"{reason}：{err['msg']}"
    return f"{source}: {key}: {reason}"


def _key(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif str(part).startswith(("function-", "json-or-python", "lax-or-strict")):
            continue
        else:
            out += ("." if out else "") + str(part)
    return out
