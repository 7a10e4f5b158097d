"""Nothing in the program's code knows a jurisdiction: every place, policy id and rider label is
data in a policy file, so a new county is a new file and no code changes.

What the code may not hold, taken from the bundled policy files themselves: each policy's id,
the administrative units of its jurisdiction and areas (安徽省宿州市泗县山头镇 gives 安徽省,
安徽, 宿州市, 宿州, 泗县, 山头镇, 山头), and each rider's name and short label. Only values
the program uses count — string literals and names; docstrings and comments may still cite
the notice a generic rule came from. desktop_app/demo/ builds a demo village on a bundled
policy and may name it.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from desktop_app.policy.loader import parse_policy
from desktop_app.policy.model import Policy
from tests.village import POLICY_DIR, ROOT

SUFFIXES = ("自治区", "自治州", "管委会", "省", "市", "区", "县", "旗", "镇", "乡")
UNIT = re.compile(r".+?(?:" + "|".join(SUFFIXES) + ")")
ALLOWED = ("demo",)  # desktop_app/demo/: the demo village names its policy


def bundled_policies() -> list[Policy]:
    return [
        parse_policy(p.read_text("utf-8"), p.name)
        for p in sorted(POLICY_DIR.glob("*.toml"))
        if not p.name.endswith(".cases.toml")
    ]


def place_names(name: str) -> set[str]:
    """'安徽省宿州市泗县' -> 安徽省, 安徽, 宿州市, 宿州, 泗县 (a one-character stem alone is no name)."""
    out = set()
    for unit in UNIT.findall(name):
        out.add(unit)
        stem = unit.removesuffix(next(s for s in SUFFIXES if unit.endswith(s)))
        if len(stem) >= 2:
            out.add(stem)
    return out


def jurisdiction_words(policies: list[Policy]) -> set[str]:
    words: set[str] = set()
    for policy in policies:
        words.add(policy.id)
        for name in (policy.jurisdiction, *(a.name for a in policy.areas)):
            words |= place_names(name)
        for rider in policy.riders:
            words.add(rider.name)
            if rider.short:
                words.add(rider.short)
    return words


def used_strings(source: str) -> Iterator[tuple[int, str]]:
    """String literals and names the code uses; a bare string statement is documentation."""
    tree = ast.parse(source)
    documentation = {
        id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in documentation:
            yield node.lineno, node.value
        elif isinstance(node, ast.Name):
            yield node.lineno, node.id
        elif isinstance(node, ast.Attribute):
            yield node.lineno, node.attr


def code_files() -> list[Path]:
    package = ROOT / "desktop_app"
    return [p for p in sorted(package.rglob("*.py")) if p.relative_to(package).parts[0] not in ALLOWED]


def test_place_names_are_the_units_of_a_jurisdiction_with_and_without_their_suffix() -> None:
    assert place_names("安徽省宿州市泗县山头镇") == {"安徽省", "安徽", "宿州市", "宿州", "泗县", "山头镇", "山头"}
    assert place_names("内蒙古自治区鄂尔多斯市达拉特旗") >= {"内蒙古", "鄂尔多斯", "达拉特旗", "达拉特"}
    assert place_names("湖南省") == {"湖南省", "湖南"}


def test_the_words_come_from_every_bundled_policy() -> None:
    policies = bundled_policies()
    words = jurisdiction_words(policies)
    assert policies and all(p.id in words for p in policies)
    assert all(any(w in p.jurisdiction for w in words) for p in policies)


def test_no_code_outside_the_demo_names_a_bundled_policy_its_places_or_its_riders() -> None:
    words = jurisdiction_words(bundled_policies())
    hits = []
    for path in code_files():
        for line, text in used_strings(path.read_text("utf-8")):
            hits += [
                f"{path.relative_to(ROOT)}:{line}: “{w}” in {text!r}"
                for w in sorted(words)
                if w.lower() in text.lower()
            ]
    assert not hits, "代码中写死了政策文件里的内容（应改为读政策文件的字段）：\n" + "\n".join(hits)


def test_a_literal_naming_a_place_is_found_and_a_docstring_citing_a_notice_is_not() -> None:
    source = '"""From the 山头镇 notice."""\nPOLICY = "ah-sixian-shantou-2022"\nLABEL = f"附加({short})"\n'
    found = {text for _, text in used_strings(source)}
    assert {"POLICY", "ah-sixian-shantou-2022", "LABEL", "附加(", "short"} <= found
    assert not any("山头镇" in text for text in found)
