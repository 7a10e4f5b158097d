"""Writing TOML: the policy editor turns edited values back into a policy file and its cases.

Python reads TOML (``tomllib``) but does not write it, and a policy file must come back
out of the editor so that ``tomllib`` reads exactly the values that went in: every key,
every notice quote, the dates as dates, the amounts as the integers or texts they were.
The layout follows the hand-written files: top-level keys first, then ``[table]``s and
``[[arrays.of.tables]]`` in the order the data holds them; anything nested deeper is
written inline (``when = { identities_any = ["orphan"] }``). Comments are not data and
are not kept; the caller writes its own header.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any

__all__ = ["dumps"]

_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")
_ESCAPES = {"\\": "\\\\", '"': '\\"', "\b": "\\b", "\t": "\\t", "\n": "\\n", "\f": "\\f", "\r": "\\r"}


def dumps(data: Mapping[str, Any], header: str = "") -> str:
    """The TOML text of ``data`` (as ``tomllib.loads`` returns it), after an optional comment header."""
    lines: list[str] = [f"# {line}".rstrip() for line in header.splitlines()]
    if lines:
        lines.append("")
    lines += _pairs(data, top=True)
    for key, value in data.items():
        if _is_table(value):
            name = _key(key)
            lines += ["", f"[{name}]", *_pairs(value, top=True)]
            for sub, inner in value.items():  # [collection.after_period], [[standard.variants]]
                if _is_table(inner):
                    lines += ["", f"[{name}.{_key(sub)}]", *_pairs(inner, top=False)]
                elif _is_table_array(inner):
                    for item in inner:
                        lines += ["", f"[[{name}.{_key(sub)}]]", *_pairs(item, top=False)]
        elif _is_table_array(value):
            for item in value:
                lines += ["", f"[[{_key(key)}]]", *_pairs(item, top=False)]
    return "\n".join(lines).lstrip("\n") + "\n"


def _is_table(value: Any) -> bool:
    return isinstance(value, Mapping)


def _is_table_array(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, Mapping) for v in value)


def _pairs(table: Mapping[str, Any], *, top: bool) -> list[str]:
    """``key = value`` lines; with ``top``, tables and arrays of tables are left for their own headers."""
    out = []
    for key, value in table.items():
        if top and (_is_table(value) or _is_table_array(value)):
            continue
        out.append(f"{_key(key)} = {_value(value, multiline=True)}")
    return out


def _key(key: str) -> str:
    return key if _BARE_KEY.match(key) else _string(key)


def _string(text: str) -> str:
    out = []
    for ch in text:
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif ord(ch) < 0x20 or ord(ch) == 0x7F:
            out.append(f"\\u{ord(ch):04X}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _value(value: Any, *, multiline: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _string(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        inner = ", ".join(f"{_key(k)} = {_value(v)}" for k, v in value.items())
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, Sequence):
        items = [_value(v) for v in value]
        if multiline and _is_table_array(value) and len(items) > 1:
            return "[\n" + "".join(f"    {item},\n" for item in items) + "]"
        return "[" + ", ".join(items) + "]"
    raise TypeError(f"TOML cannot hold {type(value).__name__}: {value!r}")
