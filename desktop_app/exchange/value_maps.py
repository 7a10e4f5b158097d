"""Ready value maps for export templates: 民族 (GB 3304), 性别 (GB/T 2261.1), 证件类型.

A county's import template wants codes where the ledger keeps words (蒙古族 → 02,
男 → 1). The tables are data in ``resources/value_maps/`` (one TOML file each, with a
name, aliases and ``[values]``); a template column names one with ``values_from`` and
may add or override entries with its own ``values``. A bad table is refused with the
file and the key, like a template.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from desktop_app._bundled import resource_dir
from desktop_app.domain.errors import Refusal

__all__ = ["ValueMap", "ValueMapError", "ready_map", "ready_maps"]


class ValueMapError(Refusal):
    """A shipped value map that cannot be used (a broken installation), or a name no map has."""


@dataclass(frozen=True)
class ValueMap:
    name: str  # 民族
    aliases: tuple[str, ...]  # ethnicity, gb3304: what a template may also write
    title: str
    values: dict[str, str]
    source: str  # the file it came from


def value_map_dir() -> Path:
    return resource_dir() / "value_maps"


def _load(path: Path) -> ValueMap:
    try:
        raw = tomllib.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as e:
        raise ValueMapError(f"{path}: 值映射表无法读取（{e}）", "values_from") from None
    name, title, aliases, values = raw.get("name"), raw.get("title", ""), raw.get("aliases", []), raw.get("values")
    if not isinstance(name, str) or not name.strip():
        raise ValueMapError(f"{path}: name: 应为非空文字", "values_from")
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise ValueMapError(f"{path}: aliases: 应为文字列表", "values_from")
    if not isinstance(values, dict) or not values or not all(isinstance(v, str) for v in values.values()):
        raise ValueMapError(f'{path}: values: 应为“原值 = 代码”的表，代码写成文字（"01"）', "values_from")
    return ValueMap(name.strip(), tuple(aliases), str(title), dict(values), str(path))


@cache
def ready_maps() -> tuple[ValueMap, ...]:
    """Every shipped map, by file name."""
    return tuple(_load(path) for path in sorted(value_map_dir().glob("*.toml")))


def ready_map(name: str) -> ValueMap | None:
    """The shipped map called ``name`` (its Chinese name or an alias), or None."""
    key = name.strip()
    for found in ready_maps():
        if key == found.name or key in found.aliases:
            return found
    return None
