"""Checking a batch against its manifest: every byte, every row, every figure, the chain.

The hash finds any changed byte; reading the rows back and summing them again finds a
changed figure even where someone also rewrote the hash; the previous batch's manifest
hash (when that batch lies in the same folder) finds a batch replaced after the next
one was made. The verifier knows nothing of the ledger: the manifest carries the
template (value maps included), so the county checks any village's batch with this file
alone. A template without 状态, 收据号 or 实收金额 is checked on what it has (see
``batch_figures``): a status column's codes are read back through its value map.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app.exchange.batch_figures import SUMMARY_FORMATS as _SUMMARY_FORMATS
from desktop_app.exchange.batch_figures import (
    CellProblem,
    Digest,
    Figures,
    Row,
    figures_of,
    read_cell,
    summary_rows,
)
from desktop_app.exchange.batch_manifest import BatchFiles, find_batch, neighbours, sha256_of
from desktop_app.exchange.batch_template import STATUSES, Template, TemplateError, template_from_json
from desktop_app.exchange.batch_workbook import WorkbookReadError, read_sheets

MAX_CELL_PROBLEMS = 20


@dataclass
class Verification:
    files: BatchFiles
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    template: Template | None = None
    rows: list[Row] = field(default_factory=list)
    figures: Figures | None = None

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def manifest(self) -> dict[str, Any]:
        return self.files.manifest

    @property
    def label(self) -> str:
        m = self.manifest
        return f"{m['village']} {m['collector']} 第{m['batch_no']}批"

    def to_json(self) -> dict[str, Any]:
        m = self.manifest
        return {
            "ok": self.ok,
            "workbook": str(self.files.workbook),
            "manifest": str(self.files.manifest_path),
            "village": m["village"],
            "collector": m["collector"],
            "batch_no": m["batch_no"],
            "rows": len(self.rows),
            "problems": self.problems,
            "notes": self.notes,
        }


def verify_path(path: Path, *, check_neighbours: bool = True) -> Verification:
    """Raises BatchFileError when the file is not a usable batch at all."""
    return verify(find_batch(path), check_neighbours=check_neighbours)


def verify(files: BatchFiles, *, check_neighbours: bool = True) -> Verification:
    result = Verification(files)
    manifest = files.manifest
    try:
        raw = {k: v for k, v in manifest["template"].items() if k != "sha256"}
        template = template_from_json(raw, f"{files.manifest_path.name} 的 template")
    except TemplateError as e:
        result.problems.extend(e.problems)
        return result
    result.template = template
    if manifest["template"].get("sha256") not in (None, template.sha256):
        result.problems.append("清单里的列模板与其 SHA-256 不符：清单被改动过")
    try:
        data = files.workbook.read_bytes()
    except OSError as e:
        result.problems.append(f"{files.workbook.name}: 无法读取（{e.strerror or e}）")
        return result
    if sha256_of(data) != manifest["workbook"]["sha256"]:
        result.problems.append(
            f"{files.workbook.name}: SHA-256 与清单不符——工作簿在导出后被改动过（哪怕只改了一个字节），"
            "或不是与清单一起导出的那个文件"
        )
    try:
        sheets = read_sheets(data)
    except WorkbookReadError as e:
        result.problems.append(f"{files.workbook.name}: {e}")
        return result
    _check_rows(result, template, sheets)
    if check_neighbours:
        _check_chain(result)
    return result


def _check_rows(result: Verification, template: Template, sheets: dict[str, list[list[Any]]]) -> None:
    manifest, name = result.manifest, result.files.workbook.name
    cells = sheets.get(template.sheet)
    if cells is None:
        result.problems.append(f"{name}: 缺少工作表“{template.sheet}”")
        return
    expected = [[c.header for c in template.columns]]
    if template.codes_row:
        expected.append([c.code for c in template.columns])
    width = len(template.columns)
    for i, want in enumerate(expected):
        got = [str(v) if v is not None else "" for v in (cells[i] if i < len(cells) else [])][:width]
        if got != want:
            result.problems.append(f"{name}: 第{i + 1}行表头与模板不符（应为 {'、'.join(want)}）")
    formats = template.formats
    is_text = [f not in ("money", "integer") for f in formats]
    digest, rows, cell_problems = Digest(), result.rows, 0
    for r, raw in enumerate(cells[template.header_rows :], template.header_rows + 1):
        if len(raw) > width and any(v not in (None, "") for v in raw[width:]):
            result.problems.append(f"{name}: 第{r}行在模板的{width}列之外还有内容")
        raw = list(raw[:width]) + [None] * (width - len(raw))
        try:  # text cells come back as str: only the others need reading
            row: Row = [
                v if v.__class__ is str and text else read_cell(v, f) for v, f, text in zip(raw, formats, is_text)
            ]
        except CellProblem:
            row = []
            for c, (v, f) in enumerate(zip(raw, formats)):
                try:
                    row.append(read_cell(v, f))
                except CellProblem as e:
                    cell_problems += 1
                    if cell_problems <= MAX_CELL_PROBLEMS:
                        result.problems.append(f"{name}: 第{r}行“{template.columns[c].header}”：{e}")
                    row.append(0)
        if not any(v not in ("", 0) for v in row):
            result.problems.append(f"{name}: 第{r}行是空行")
        rows.append(row)
        digest.add(row)
    if cell_problems > MAX_CELL_PROBLEMS:
        result.problems.append(f"{name}: 另有 {cell_problems - MAX_CELL_PROBLEMS} 个单元格有问题")
    if digest.hexdigest() != manifest["workbook"].get("content_sha256"):
        result.problems.append(f"{name}: 表格内容与清单记录的内容摘要不符——有单元格被改动、增加或删除")
    figures = figures_of(template, rows)
    result.figures = figures
    bad = sorted(set(figures.by_status) - set(STATUSES))
    if bad:
        known = "、".join(template.encoded("status", s) for s in STATUSES)
        result.problems.append(f"{name}: 状态列出现了“{'、'.join(bad)}”，只能是 {known}")
    for problem in _differences(manifest["figures"], figures.to_json()):
        result.problems.append(f"{name}: {problem}")
    _check_summary(result, template, sheets, figures)


def _differences(recorded: Any, found: Any, path: str = "") -> list[str]:
    labels = {
        "rows": "行数",
        "due": "个人缴费标准合计",
        "subsidy": "资助金额合计",
        "cash": "实收金额合计",
        "by_status": "按状态",
        "by_identity": "按参保身份",
        "net": "净额",
        "receipts": "收据号",
        "first": "起",
        "last": "止",
        "count": "张数",
        "late_entries": "补录行数",
        "bill_numbers": "票据号",
    }
    if isinstance(recorded, dict) and isinstance(found, dict):
        out: list[str] = []
        for key in sorted(set(recorded) | set(found)):
            where = f"{path} {labels.get(key, key)}".strip()
            if key not in found:
                out.append(f"{where}：清单有记录，表格中没有")
            elif key not in recorded:
                out.append(f"{where}：表格中有，清单没有记录")
            else:
                out.extend(_differences(recorded[key], found[key], where))
        return out
    if recorded != found:
        return [f"{path}：清单记为 {recorded}，表格实为 {found}"]
    return []


def _check_summary(
    result: Verification, template: Template, sheets: dict[str, list[list[Any]]], figures: Figures
) -> None:
    name = result.files.workbook.name
    cells = sheets.get(template.summary_sheet)
    if cells is None:
        result.problems.append(f"{name}: 缺少汇总表“{template.summary_sheet}”")
        return
    expected = summary_rows(figures)
    if len(cells) != len(expected):
        result.problems.append(f"{name}: 汇总表应有 {len(expected)} 行，实有 {len(cells)} 行")
        return
    for r, (want, got) in enumerate(zip(expected, cells), 1):
        formats = ("text",) * len(want) if r == 1 else _SUMMARY_FORMATS
        padded = list(got) + [None] * (len(want) - len(got))
        try:
            seen = ["" if v in (None, "") else read_cell(v, f) for v, f in zip(padded, formats)]
        except CellProblem as e:
            result.problems.append(f"{name}: 汇总表第{r}行：{e}")
            continue
        if seen != ["" if v is None else v for v in want] or any(v not in (None, "") for v in padded[len(want) :]):
            result.problems.append(f"{name}: 汇总表第{r}行与明细之和不符")


def _check_chain(result: Verification) -> None:
    manifest = result.manifest
    number = manifest["batch_no"]
    previous = manifest["previous"]
    if number == 1 and previous is not None:
        result.problems.append("第1批不应指向上一批")
    if number > 1 and previous is None:
        result.problems.append(f"第{number}批的清单没有记录上一批（第{number - 1}批）的清单摘要")
    around = neighbours(result.files)
    before, after = around.get(number - 1), around.get(number + 1)
    if number > 1 and isinstance(previous, dict):
        if before is None:
            result.notes.append(f"上一批（第{number - 1}批）不在同一文件夹，未检查连续性")
        elif previous.get("manifest_sha256") != before.manifest_sha256:
            result.problems.append(
                f"与上一批不连续：第{number - 1}批的清单（{before.manifest_path.name}）不是本批导出时的那一份"
            )
        elif before.manifest["audit"].get("seq", 0) > manifest["audit"].get("seq", 0):
            result.problems.append(f"审计链倒退：第{number - 1}批的链头晚于本批")
        else:
            result.notes.append(f"与上一批（第{number - 1}批）连续")
    if after is not None:
        following = after.manifest["previous"]
        if not isinstance(following, dict) or following.get("manifest_sha256") != result.files.manifest_sha256:
            result.problems.append(
                f"与下一批不连续：第{number + 1}批记录的上一批清单摘要与本批清单不符——"
                "本批清单在下一批导出后被改动或替换过"
            )
        else:
            result.notes.append(f"下一批（第{number + 1}批）与本批连续")
