"""The county's merge: verify every village's batches, put them in one workbook, report.

Each batch is read once (python-calamine), checked against its manifest, written into
the county workbook's rows (``batch_xml``: straight to a temporary file, zipped at the
end) and indexed for the report; only one batch's rows are in memory at a time. A
batch that fails its check is listed and left out, never half merged. The report is
printed and written beside the workbook whether or not it finds anything.

The county workbook has the default template's columns after 村, 代收员, 批次号 (the
row's own 代收员 column is that one, not a second). A batch written with a county's own
template lands in those columns by field: its codes are read back to words through its
value maps (where a code stands for one word), its dates restored to YYYY-MM-DD. A
batch without 收据号, 状态 or 实收金额 is merged with what it has (an empty receipt, every
row 正常, no cash) and listed with what it lacks (``without``): its collector's receipt
numbers cannot be checked for gaps. A 退费撤销 row (不予退费) puts its person back.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter
from pathlib import Path
from typing import Any

from openpyxl import Workbook  # type: ignore[import-untyped]

from desktop_app.domain.errors import Refusal
from desktop_app.domain.money import format_yuan
from desktop_app.exchange import county_report as findings
from desktop_app.exchange.batch_figures import Value
from desktop_app.exchange.batch_manifest import BatchFileError, BatchFiles, find_batch, write_atomically
from desktop_app.exchange.batch_template import NORMAL, REFUNDED, RESTORED, STATUSES, VOIDED, load_template
from desktop_app.exchange.batch_verify import Verification, verify
from desktop_app.exchange.batch_workbook import WIDTHS, kinds_of, set_widths
from desktop_app.exchange.batch_xml import SheetRows, save
from desktop_app.exchange.county_report import IndexOpener, RowIndex, net_cash, split_receipt

LEAD = (("村", "village", "text"), ("代收员", "collector", "text"), ("批次号", "batch_no", "integer"))
OPTIONAL = (("receipt_no", "收据号"), ("status", "状态"), ("cash", "实收金额"))
IndexedRow = tuple[str, str, int, str, str, int | None, str, str, str, int, str, str]
"""village, collector, batch_no, receipt, series, serial, id_number, name, status, cash, paid_on, note"""


class MergeInputError(Refusal):
    """Input the merge cannot use at all (a missing file, not a batch, a bad output name)."""


@dataclass
class MergeReport:
    workbook: str
    report: str
    batches: list[dict[str, Any]] = field(default_factory=list)
    duplicates: list[dict[str, Any]] = field(default_factory=list)
    gaps: list[dict[str, Any]] = field(default_factory=list)
    missing_batches: list[dict[str, Any]] = field(default_factory=list)
    unreconciled: list[dict[str, Any]] = field(default_factory=list)
    voids: list[dict[str, Any]] = field(default_factory=list)
    refunds: list[dict[str, Any]] = field(default_factory=list)
    restored: list[dict[str, Any]] = field(default_factory=list)  # 退费撤销: refunds declined, people back
    totals: list[dict[str, Any]] = field(default_factory=list)
    rows: int = 0

    @property
    def ok(self) -> bool:
        return not (self.duplicates or self.gaps or self.missing_batches or self.unreconciled)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "workbook": self.workbook,
            "report": self.report,
            "rows": self.rows,
            "batches": self.batches,
            "duplicates": self.duplicates,
            "gaps": self.gaps,
            "missing_batches": self.missing_batches,
            "unreconciled": self.unreconciled,
            "voids": self.voids,
            "refunds": self.refunds,
            "refunds_declined": self.restored,
            "totals": self.totals,
        }


def _collect(paths: list[Path]) -> list[BatchFiles]:
    found: dict[Path, BatchFiles] = {}
    for path in paths:
        try:
            files = find_batch(path)
        except BatchFileError as e:
            raise MergeInputError(str(e)) from None
        found.setdefault(files.manifest_path.resolve(), files)
    return sorted(
        found.values(),
        key=lambda f: (f.manifest["village"], f.manifest["collector"], f.manifest["batch_no"], f.manifest_path.name),
    )


def merge(paths: list[Path], out: Path, open_index: IndexOpener) -> MergeReport:
    """``open_index`` makes the scratch index of every row at a path (``store.county_index.CountyIndex``)."""
    if not paths:
        raise MergeInputError("没有给出要汇总的批次文件")
    if out.suffix.lower() != ".xlsx":
        raise MergeInputError(f"--out: 汇总工作簿应以 .xlsx 结尾，而不是“{out.name}”")
    if not out.parent.is_dir():
        raise MergeInputError(f"--out: 文件夹 {out.parent} 不存在")
    batches = _collect(paths)
    report = MergeReport(str(out), str(out.with_suffix(".report.json")))
    default = load_template("default")
    lead = {h for h, _, _ in LEAD} | {f for _, f, _ in LEAD}
    kept = [c for c in default.columns if c.header not in lead and c.field not in lead]  # 代收员 once
    columns = list(LEAD) + [(c.header, c.field, c.format) for c in kept]
    kinds = ["plain", "plain", "integer", *[k for c, k in zip(default.columns, kinds_of(default)) if c in kept]]
    book = Workbook(write_only=True)
    detail = book.create_sheet("明细")
    set_widths(detail, [12, 10, 8] + [WIDTHS.get(f, 12) for _, f, _ in columns[3:]])
    detail.freeze_panes = "A2"
    sheets = [SheetRows(detail)]  # rows go to a temporary file as each batch is read
    temp = out.with_name(f".{out.name}.partial")
    try:
        _merge_into(report, batches, columns, kinds, sheets, open_index)
        _summary_sheets(book, report, sheets)
        save(book, str(temp), sheets)
    finally:
        for made in sheets:
            made.close()
    with open(temp, "rb+") as f:
        os.fsync(f.fileno())
    os.replace(temp, out)
    write_atomically(
        Path(report.report), (json.dumps(report.to_json(), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    )
    return report


def _merge_into(
    report: MergeReport,
    batches: list[BatchFiles],
    columns: list[tuple[str, str, str]],
    kinds: list[str],
    sheets: list[SheetRows],
    open_index: IndexOpener,
) -> None:
    detail = sheets[0]
    detail.append(["plain"] * len(columns), [[h for h, _, _ in columns]])
    seen: dict[tuple[str, str, int], BatchFiles] = {}
    manifest_net: dict[tuple[str, str], int] = {}
    with tempfile.TemporaryDirectory(prefix="zhengjiao-merge-") as scratch:
        index = open_index(Path(scratch) / "index.sqlite")
        try:
            for files in batches:
                m = files.manifest
                key = (m["village"], m["collector"], m["batch_no"])
                entry = {"file": str(files.workbook), "village": key[0], "collector": key[1], "batch_no": key[2]}
                if key in seen:
                    same = seen[key].manifest_sha256 == files.manifest_sha256
                    report.batches.append(
                        {
                            **entry,
                            "rows": 0,
                            "ok": same,
                            "skipped": "重复给出的同一批次" if same else "同号的另一份批次",
                        }
                    )
                    if not same:
                        report.unreconciled.append(
                            {
                                "kind": "conflicting_batch",
                                "village": key[0],
                                "collector": key[1],
                                "batch_no": key[2],
                                "detail": f"{files.workbook.name} 与 {seen[key].workbook.name} "
                                f"都是第{key[2]}批，内容却不同",
                            }
                        )
                    continue
                seen[key] = files
                result = verify(files, check_neighbours=False)
                report.batches.append({**entry, "rows": len(result.rows), "ok": result.ok} | _without(result))
                if not result.ok:
                    report.unreconciled.append(
                        {
                            "kind": "invalid_batch",
                            "village": key[0],
                            "collector": key[1],
                            "batch_no": key[2],
                            "detail": "；".join(result.problems[:5]),
                        }
                    )
                    continue
                _add_batch(result, columns, kinds, detail, index)
                report.rows += len(result.rows)
                net = _yuan_fen(m["figures"].get("net", {}).get("cash", "0"))
                manifest_net[key[:2]] = manifest_net.get(key[:2], 0) + net
            index.finish()
            _findings(report, index, seen, manifest_net)
        finally:
            index.close()


def _yuan_fen(text: Any) -> int:
    try:
        return int(Decimal(str(text)) * 100)
    except ArithmeticError:
        return 0


def _without(result: Verification) -> dict[str, Any]:
    """``{"without": ["收据号", …]}`` for a batch whose template leaves out an optional column, else nothing."""
    template = result.template
    lacks = [label for name, label in OPTIONAL if template is not None and template.index(name) is None]
    return {"without": lacks} if lacks else {}


def _add_batch(
    result: Verification, columns: list[tuple[str, str, str]], kinds: list[str], sheet: SheetRows, index: RowIndex
) -> None:
    template, m = result.template, result.manifest
    assert template is not None
    # each county column read from the batch's row, or from what the batch holds for all its rows
    width = len(template.columns)
    tail: list[Value | None] = [m["village"], m["collector"], m["batch_no"], None]
    constant = {"village": width, "collector": width + 1, "batch_no": width + 2}
    found = [template.index(name) for _, name, _ in columns]
    pick = itemgetter(
        *[i if i is not None else constant.get(name, width + 3) for i, (_, name, _) in zip(found, columns)]
    )
    date8 = [
        n
        for n, (i, (_, _, fmt)) in enumerate(zip(found, columns))
        if i is not None and fmt == "date" and template.columns[i].format == "date8"
    ]
    words = [
        (n, template.decoder(name) or {})
        for n, (i, (_, name, _)) in enumerate(zip(found, columns))
        if i is not None and template.columns[i].values is not None
    ]
    rows_out: list[list[Value | None]] = []
    for row in result.rows:
        out = list(pick(row + tail))
        for n in date8:
            value = out[n]
            if isinstance(value, str) and len(value) == 8:
                out[n] = f"{value[:4]}-{value[4:6]}-{value[6:]}"
        for n, back in words:
            out[n] = back.get(str(out[n]), out[n])
        rows_out.append(out)
    sheet.append(kinds, rows_out)
    index.add(indexed_rows(result))


def indexed_rows(result: Verification) -> list[IndexedRow]:
    """A verified batch's rows as the county's index holds them: (village … note), statuses as words, dates as
    YYYY-MM-DD; an empty receipt, 正常 and no cash where the template has no such column."""
    template, m = result.template, result.manifest
    assert template is not None
    at = {f: template.index(f) for f in ("receipt_no", "id_number", "name", "status", "cash", "paid_on", "note")}
    ri, ii, ni, si, ci, pi, oi = at.values()
    assert ii is not None and ni is not None
    decode = template.decoder("status") or {}
    village, collector, batch_no = m["village"], m["collector"], m["batch_no"]
    out: list[IndexedRow] = []
    for row in result.rows:
        receipt = str(row[ri]) if ri is not None else ""
        series, serial = split_receipt(receipt)
        status = str(row[si]) if si is not None else NORMAL
        paid_on = str(row[pi]) if pi is not None else ""
        if len(paid_on) == 8 and paid_on.isdigit():
            paid_on = f"{paid_on[:4]}-{paid_on[4:6]}-{paid_on[6:]}"
        out.append(
            (
                village,
                collector,
                batch_no,
                receipt,
                series,
                serial,
                str(row[ii]),
                str(row[ni]),
                decode.get(status, status),
                int(row[ci]) if ci is not None else 0,
                paid_on,
                str(row[oi]) if oi is not None else "",
            )
        )
    return out


def _findings(
    report: MergeReport,
    index: RowIndex,
    seen: dict[tuple[str, str, int], BatchFiles],
    manifest_net: dict[tuple[str, str], int],
) -> None:
    report.duplicates = findings.duplicates(index)
    report.gaps = findings.gaps(index)
    report.voids = findings.cancellations(index, VOIDED)
    report.refunds = findings.cancellations(index, REFUNDED)
    report.restored = findings.cancellations(index, RESTORED)
    report.unreconciled += findings.orphans(index)
    by_collector: dict[tuple[str, str], dict[int, BatchFiles]] = {}
    for (village, collector, number), files in seen.items():
        by_collector.setdefault((village, collector), {})[number] = files
    for (village, collector), numbers in sorted(by_collector.items()):
        missing = sorted(set(range(1, max(numbers) + 1)) - set(numbers))
        if missing:
            report.missing_batches.append(
                {"village": village, "collector": collector, "missing": missing, "present": sorted(numbers)}
            )
        for number, files in sorted(numbers.items()):
            before = numbers.get(number - 1)
            previous = files.manifest["previous"]
            if before is not None and (
                not isinstance(previous, dict) or previous.get("manifest_sha256") != before.manifest_sha256
            ):
                report.unreconciled.append(
                    {
                        "kind": "chain",
                        "village": village,
                        "collector": collector,
                        "batch_no": number,
                        "detail": f"第{number}批记录的上一批清单摘要与所给的第{number - 1}批不符（上一批被替换或改动过）",
                    }
                )
    for (village, collector), by_status in sorted(findings.totals(index).items()):
        rows_net, recorded = net_cash(by_status), manifest_net.get((village, collector), 0)
        report.totals.append(
            {
                "village": village,
                "collector": collector,
                "batches": sorted(n for (v, c, n) in seen if (v, c) == (village, collector)),
                "by_status": {s: {"rows": v[0], "cash": format_yuan(v[1])} for s, v in by_status.items()},
                "net_cash": format_yuan(rows_net),
                "manifest_net_cash": format_yuan(recorded),
            }
        )
        if rows_net != recorded:
            report.unreconciled.append(
                {
                    "kind": "totals",
                    "village": village,
                    "collector": collector,
                    "detail": f"明细净额 {format_yuan(rows_net)} 元与各批清单合计 {format_yuan(recorded)} 元不符",
                }
            )


def _summary_sheets(book: Any, report: MergeReport, sheets: list[SheetRows]) -> None:
    sheet = book.create_sheet("汇总")
    set_widths(sheet, [14, 10, 16, 8, 14])
    header: list[Value | None] = ["村", "代收员", "状态", "人数", "实收金额"]
    lines: list[list[Value | None]] = []
    for total in report.totals:
        for status in STATUSES:
            got = total["by_status"].get(status)
            if got:
                lines.append([total["village"], total["collector"], status, got["rows"], _yuan_fen(got["cash"])])
        lines.append(
            [total["village"], total["collector"], f"净额（{findings.NET_RULE}）", None, _yuan_fen(total["net_cash"])]
        )
    sheets.append(SheetRows(sheet))
    sheets[-1].append(["plain"] * len(header), [header])
    sheets[-1].append(("plain", "plain", "plain", "integer", "money"), lines)
    problems = book.create_sheet("问题")
    set_widths(problems, [14, 90])
    text: list[list[Value | None]] = [["类别", "说明"]]
    for d in report.duplicates:
        where = "；".join(
            f"{p['village']} {p['collector']} 第{p['batch_no']}批 收据 {p['receipt_no']}" for p in d["paid"]
        )
        text.append(["重复参保", f"{d['name']} {d['id_number']}：{where}"])
    for g in report.gaps:
        text.append(
            [
                "收据号断号",
                f"{g['village']} {g['collector']}："
                + "、".join(f"{x['from']}–{x['to']}" if x["count"] > 1 else x["from"] for x in g["missing"]),
            ]
        )
    for mb in report.missing_batches:
        text.append(["缺少批次", f"{mb['village']} {mb['collector']}：缺第 {'、'.join(map(str, mb['missing']))} 批"])
    for u in report.unreconciled:
        text.append(["不平衡", f"{u.get('village', '')} {u.get('collector', '')}：{u['detail']}"])
    if len(text) == 1:
        text.append(["无", "所有批次校验通过，没有重复参保、断号、缺批或不平衡"])
    sheets.append(SheetRows(problems))
    sheets[-1].append(("plain", "plain"), text)
