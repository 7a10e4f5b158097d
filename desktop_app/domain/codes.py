"""The codes shared by policy files, the quote contract and imports (DESIGN.md).

Identity codes are data: resources/identities.toml holds each code with its Chinese label,
DESIGN.md's description, the aliases offices write (农村低保, 五保户, 低边 …) and the wider
group that covers it (the three kinds of 监测对象). A township that needs a group of its own
declares it in its policy file; this table is only the base every policy shares.

The table ships with the program like code does, so it is read once, at import, through
``desktop_app._bundled`` (the one place that knows where shipped files are) — the only thing
the domain reads that is not passed in. ``parse_identity_table`` is pure and is what tests
and the policy loader use to check a table.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from desktop_app import _bundled

IDENTITY_FILE = "identities.toml"
CODE_PATTERN = r"^[a-z][a-z0-9_]*$"


@dataclass(frozen=True)
class IdentityKind:
    """One subsidy group: its code, what people call it, and the wider group it belongs to."""

    code: str
    label: str
    description: str = ""
    aliases: tuple[str, ...] = ()
    within: str | None = None
    """The code of a wider group that covers this one (``monitored`` covers its three kinds)."""


class IdentityTableError(ValueError):
    """A table of identities that contradicts itself (a code twice, an alias of two codes)."""


def parse_identity_table(text: str, source: str = IDENTITY_FILE) -> tuple[IdentityKind, ...]:
    """The kinds in a TOML text of ``[[identities]]``; every problem in one error."""
    data = tomllib.loads(text)
    unknown = set(data) - {"identities"}
    problems = [f"{source}: 未知的键 {sorted(unknown)}"] if unknown else []
    kinds = []
    for i, raw in enumerate(data.get("identities", [])):
        try:
            kinds.append(identity_kind(raw))
        except ValueError as e:
            problems.append(f"{source}: identities[{i}]: {e}")
    problems += [f"{source}: {p}" for p in check_kinds(kinds)]
    if problems:
        raise IdentityTableError("\n".join(problems))
    return tuple(kinds)


def identity_kind(raw: Mapping[str, Any]) -> IdentityKind:
    """One ``[[identities]]`` entry, checked for its keys and their types."""
    extra = set(raw) - {"code", "label", "description", "aliases", "within"}
    if extra:
        raise ValueError(f"未知的键 {sorted(extra)}")
    code, label = raw.get("code"), raw.get("label")
    if not isinstance(code, str) or not re.match(CODE_PATTERN, code):
        raise ValueError(f"code 应为小写字母、数字和下划线组成的代码，得到 {code!r}")
    if not isinstance(label, str) or not label.strip():
        raise ValueError(f"{code}: label（中文名称）不能为空")
    aliases = raw.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a.strip() for a in aliases):
        raise ValueError(f"{code}: aliases 应为中文名称的列表")
    within = raw.get("within")
    if within is not None and not isinstance(within, str):
        raise ValueError(f"{code}: within 应为身份代码")
    description = raw.get("description", "")
    if not isinstance(description, str):
        raise ValueError(f"{code}: description 应为文字")
    return IdentityKind(code, label.strip(), description or label.strip(), tuple(a.strip() for a in aliases), within)


def check_kinds(kinds: Iterable[IdentityKind]) -> list[str]:
    """What makes a set of kinds ambiguous: a code twice, a name standing for two codes, an unknown group."""
    kinds = list(kinds)
    problems: list[str] = []
    codes = [k.code for k in kinds]
    problems += [f"身份代码 {c} 重复" for c in sorted({c for c in codes if codes.count(c) > 1})]
    owner: dict[str, str] = {}
    for kind in kinds:
        for name in (kind.label, *kind.aliases):
            key = _normal(name)
            if owner.get(key, kind.code) != kind.code:
                problems.append(f"名称“{name}”同时属于 {owner[key]} 和 {kind.code}")
            owner.setdefault(key, kind.code)
        if kind.within is not None and kind.within not in codes:
            problems.append(f"{kind.code} 的 within = {kind.within} 不是已有的身份代码")
    return problems


def _normal(text: str) -> str:
    """A name as offices write it, without spaces and with half-width brackets."""
    return "".join(text.split()).replace("(", "（").replace(")", "）")


def _load() -> tuple[IdentityKind, ...]:
    resource = _bundled.resource_files() / IDENTITY_FILE
    return parse_identity_table(resource.read_text("utf-8"), IDENTITY_FILE)


IDENTITY_KINDS: tuple[IdentityKind, ...] = _load()
"""The base identities of every policy, in resources/identities.toml's order (its precedence)."""

IDENTITIES: dict[str, str] = {k.code: k.label for k in IDENTITY_KINDS}
"""Code → label, the base table; a policy may add local identities of its own."""


def covering(codes: Iterable[str], kinds: Iterable[IdentityKind] = IDENTITY_KINDS) -> frozenset[str]:
    """The codes held, with the wider groups they belong to (脱贫不稳定户 is also 监测对象)."""
    within = {k.code: k.within for k in kinds}
    held = set(codes)
    for code in list(held):
        seen: set[str] = set()
        while (wider := within.get(code)) is not None and wider not in seen:
            held.add(wider)
            seen.add(wider)
            code = wider
    return frozenset(held)


def identity_from_label(text: str, kinds: Iterable[IdentityKind] = IDENTITY_KINDS) -> str | None:
    """The code an office's name stands for (农村低保 → subsistence_allowance); None when unknown.

    A code itself is accepted too. Spaces and bracket widths do not matter; anything else
    must match a label or an alias exactly: a guess would put someone in the wrong group.
    """
    key = _normal(text)
    if not key:
        return None
    for kind in kinds:
        if key == kind.code or key in {_normal(n) for n in (kind.label, *kind.aliases)}:
            return kind.code
    return None


SITUATIONS: dict[str, str] = {
    "returning_migrant_worker": "返乡农民工",
    "employee_insurance_lapse": "职工医保断保",
    "discharged_veteran": "退出现役军人",
    "newly_identified": "动态新增困难对象",
    "welfare_institution_child": "儿童福利机构儿童",
    "new_hukou": "当年新迁入户口",
    "released_prisoner": "刑满释放人员",
    "graduate": "未及时就业的大中专毕业生",
    "gig_worker": "新就业形态从业人员",
}

EXCLUSION_KINDS: dict[str, str] = {
    "employee_insurance": "参加职工医保",
    "insured_elsewhere": "在外地参保",
    "military": "现役军人",
    "prison": "在押服刑",
    "school": "由学校组织参保（不在村代收）",
    "deceased": "已死亡",
    "moved_out": "已迁出",
}
"""Why someone is not collected from in the village (DESIGN.md's coverage reasons)."""

REFUND_REASONS: dict[str, str] = {
    "duplicate_payment": "重复缴费",
    "death": "死亡",
    "employee_insurance": "参加职工医保",
    "other_area": "参加其他统筹地区居民医保",
}

ETHNICITIES: tuple[str, ...] = (
    "汉族",
    "蒙古族",
    "回族",
    "藏族",
    "维吾尔族",
    "苗族",
    "彝族",
    "壮族",
    "布依族",
    "朝鲜族",
    "满族",
    "侗族",
    "瑶族",
    "白族",
    "土家族",
    "哈尼族",
    "哈萨克族",
    "傣族",
    "黎族",
    "傈僳族",
    "佤族",
    "畲族",
    "高山族",
    "拉祜族",
    "水族",
    "东乡族",
    "纳西族",
    "景颇族",
    "柯尔克孜族",
    "土族",
    "达斡尔族",
    "仫佬族",
    "羌族",
    "布朗族",
    "撒拉族",
    "毛南族",
    "仡佬族",
    "锡伯族",
    "阿昌族",
    "普米族",
    "塔吉克族",
    "怒族",
    "乌孜别克族",
    "俄罗斯族",
    "鄂温克族",
    "德昂族",
    "保安族",
    "裕固族",
    "京族",
    "塔塔尔族",
    "独龙族",
    "鄂伦春族",
    "赫哲族",
    "门巴族",
    "珞巴族",
    "基诺族",
)


def normalize_ethnicity(text: str) -> str | None:
    """'蒙古' and '蒙古族' are the same group; None when it is none of the 56."""
    text = text.strip()
    if text in ETHNICITIES:
        return text
    if text + "族" in ETHNICITIES:
        return text + "族"
    return None
