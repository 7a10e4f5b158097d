"""The manifest beside each batch workbook, the files' names, and writing them safely.

The manifest is JSON with sorted keys, so the same batch always gives the same bytes.
Each file is written to a temporary name, flushed to the stick, and only then renamed:
a stick pulled out mid-write leaves a ``.partial`` file, never a short workbook under
the real name.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.domain.errors import Refusal

FORMAT = "zhengjiao-batch/1"
MANIFEST_SUFFIX = ".manifest.json"
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')
_REQUIRED: dict[str, type | tuple[type, ...]] = {
    "format": str,
    "batch_no": int,
    "village": str,
    "collector": str,
    "created_at": str,
    "template": dict,
    "workbook": dict,
    "figures": dict,
    "audit": dict,
    "previous": (dict, type(None)),
}


class BatchFileError(Refusal):
    """A file that is not a usable batch (missing, unreadable, not a manifest of ours)."""


@dataclass(frozen=True)
class BatchFiles:
    workbook: Path
    manifest_path: Path
    manifest: dict[str, Any]
    manifest_bytes: bytes

    @property
    def manifest_sha256(self) -> str:
        return sha256_of(self.manifest_bytes)


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_bytes(manifest: dict[str, Any]) -> bytes:
    return (json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=2) + "\n").encode("utf-8")


def batch_stem(village: str, collector: str, batch_no: int) -> str:
    """'山头村-王芳-批次0003': sorts by batch, tells the clerk whose it is."""
    return f"{_UNSAFE.sub('_', village).strip('_.')}-{_UNSAFE.sub('_', collector).strip('_.')}-批次{batch_no:04d}"


def write_atomically(path: Path, data: bytes) -> None:
    """Temporary name, flush, fsync, rename; the folder entry is synced where the system allows."""
    temp = path.with_name(f".{path.name}.partial")
    with open(temp, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, path)
    if os.name == "posix":
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def load_manifest(path: Path) -> tuple[dict[str, Any], bytes]:
    try:
        data = path.read_bytes()
    except OSError as e:
        raise BatchFileError(f"{path}: 无法读取清单（{e.strerror or e}）") from None
    try:
        manifest = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        raise BatchFileError(f"{path}: 清单不是有效的 JSON（{e}），文件可能已损坏") from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BatchFileError(f"{path}: 不是征缴通上报批次的清单（缺少 format = {FORMAT}）")
    for key, kind in _REQUIRED.items():
        if not isinstance(manifest.get(key), kind) or isinstance(manifest.get(key), bool):
            raise BatchFileError(f"{path}: 清单缺少“{key}”或其类型不对，文件可能已被改动")
    workbook = manifest["workbook"]
    if not isinstance(workbook.get("name"), str) or not isinstance(workbook.get("sha256"), str):
        raise BatchFileError(f"{path}: 清单缺少工作簿的文件名或 SHA-256")
    return manifest, data


def find_batch(path: Path) -> BatchFiles:
    """The workbook and its manifest, given either one (the other lies beside it)."""
    if not path.exists():
        raise BatchFileError(f"{path}: 文件不存在")
    if path.is_dir():
        raise BatchFileError(f"{path}: 是文件夹；请给出批次的 .xlsx 或 {MANIFEST_SUFFIX} 文件")
    if path.name.endswith(MANIFEST_SUFFIX):
        manifest, data = load_manifest(path)
        workbook = path.parent / manifest["workbook"]["name"]
        if Path(manifest["workbook"]["name"]).name != manifest["workbook"]["name"]:
            raise BatchFileError(f"{path}: 清单里的工作簿文件名不对")
        if not workbook.is_file():
            raise BatchFileError(f"{path}: 找不到清单所说的工作簿 {workbook.name}（应在同一文件夹）")
        return BatchFiles(workbook, path, manifest, data)
    if path.suffix.lower() != ".xlsx":
        raise BatchFileError(f"{path}: 不是上报批次文件；请给出 .xlsx 工作簿或 {MANIFEST_SUFFIX} 清单")
    beside = path.with_name(path.name[: -len(path.suffix)] + MANIFEST_SUFFIX)
    candidates = [beside] if beside.is_file() else sorted(path.parent.glob(f"*{MANIFEST_SUFFIX}"))
    for candidate in candidates:
        try:
            manifest, data = load_manifest(candidate)
        except BatchFileError:
            if candidate == beside:
                raise
            continue
        if manifest["workbook"]["name"] == path.name:
            return BatchFiles(path, candidate, manifest, data)
    raise BatchFileError(f"{path}: 旁边找不到它的清单 {beside.name}；工作簿与清单须放在同一文件夹")


def neighbours(files: BatchFiles) -> dict[int, BatchFiles]:
    """The same collector's batches lying in the same folder, by number."""
    found: dict[int, BatchFiles] = {}
    own = files.manifest
    for candidate in sorted(files.manifest_path.parent.glob(f"*{MANIFEST_SUFFIX}")):
        if candidate == files.manifest_path:
            continue
        try:
            manifest, data = load_manifest(candidate)
        except BatchFileError:
            continue
        if (manifest["village"], manifest["collector"]) == (own["village"], own["collector"]):
            found.setdefault(
                manifest["batch_no"],
                BatchFiles(candidate.parent / manifest["workbook"]["name"], candidate, manifest, data),
            )
    return found
