"""Where policy files come from: the bundled ones, and newer ones in the data folder.

A township may drop an updated file into ``<data>/policies/``; it overrides the bundled
file of the same id, and the app shows which file it used and its hash.
"""

from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from desktop_app.policy.loader import PolicyFileError, parse_policy
from desktop_app.policy.model import Policy


def bundled_policy_dir() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen) / "policies"
    return Path(__file__).resolve().parents[2] / "policies"


@dataclass(frozen=True)
class LoadedPolicy:
    policy: Policy
    path: Path
    sha256: str


class UnknownPolicyError(LookupError):
    pass


class PolicyCatalogue:
    """Policy files by id; later directories override earlier ones."""

    def __init__(self, directories: list[Path] | None = None) -> None:
        if directories is None:
            directories = [bundled_policy_dir()]
            extra = os.environ.get("ZHENGJIAO_POLICIES")
            if extra:
                directories.append(Path(extra))
        self.directories = directories
        self._cache: dict[str, LoadedPolicy] = {}

    def paths(self) -> dict[str, Path]:
        found: dict[str, Path] = {}
        for directory in self.directories:
            if directory.is_dir():
                for path in sorted(directory.glob("*.toml")):
                    if not path.name.endswith(".cases.toml"):
                        found[path.stem] = path
        return found

    def ids(self) -> list[str]:
        return sorted(self.paths())

    def load(self, policy_id: str) -> LoadedPolicy:
        if policy_id in self._cache:
            return self._cache[policy_id]
        path = self.paths().get(policy_id)
        if path is None:
            raise UnknownPolicyError(f"没有政策“{policy_id}”，可用：{'、'.join(self.ids())}")
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            raise PolicyFileError(str(path), [f"{path}: 文件不是 UTF-8 编码"]) from None
        policy = parse_policy(text, str(path))
        if policy.id != policy_id:
            raise PolicyFileError(str(path), [f"{path}: id: 文件名是 {policy_id}，文件里写的 id 却是 {policy.id}"])
        loaded = LoadedPolicy(policy, path, hashlib.sha256(raw).hexdigest())
        self._cache[policy_id] = loaded
        return loaded
