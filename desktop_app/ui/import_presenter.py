"""The import dialog's logic, without a window: the file, the dry run, the report, the import.

The import itself runs on a worker thread with its own connection to the ledger file
(an SQLite connection belongs to the thread that opened it), so a 100 000-row roster
never freezes the window. This module holds no Qt: the dialog does the threading.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop_app.services import imports
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import Acting
from desktop_app.services.policies import identity_labels
from desktop_app.services.register import IDENTITY_SOURCES

KINDS = {"roster": "花名册", "identities": "身份名单"}
COLUMNS_HINT = {
    "roster": "花名册须有“户号”“姓名”“身份证号”三列（第一行或前几行为表头）；“与户主关系”“民族”“村民小组”"
    "“联系电话”“是否在校学生”“出生日期”“性别”“住址”“状态”可有可无。已登记的人按身份证号更新，不会重复。",
    "identities": "名单须有“身份证号”（或“成员身份证号码”）列；“姓名”“认定日期/纳入资助时间”“截止日期/身份取消时间”"
    "可有可无。名单有“医疗救助身份”“保障类别”等列时，可按每行写的身份导入（特困、低保、监测…）；"
    "否则请选择这份名单是哪一类身份。名单上的人须已在花名册中。",
}
SOURCES = IDENTITY_SOURCES
FROM_FILE = "*file*"  # the identity choice "按文件中的身份列": each row's own identity column
PROBLEM_ACTION = "此行不导入"
WARNING_ACTION = "照常导入，请核对"
SUFFIXES = (".xlsx", ".xls", ".csv")
FILE_FILTER = "表格文件 (*.xlsx *.xls *.csv)"
Progress = Callable[[int, int], None]


class ImportRefused(Exception):
    """Nothing was read or written; the Chinese message says what to choose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass(frozen=True)
class ReportRow:
    row: str
    field: str
    reason: str
    action: str = ""  # what happens to the row: not imported, or imported with a warning
    warning: bool = False


@dataclass(frozen=True)
class Outcome:
    """What one run gave: the service's report, or the error that stopped it."""

    dry_run: bool
    report: imports.ImportReport | None
    error: str = ""


@dataclass(frozen=True)
class Job:
    """Everything a worker thread needs; it opens its own connection to ``db_path``."""

    ledger: Ledger
    acting: Acting  # who imports, in which benefit year
    kind: str
    path: Path
    code: str | None  # None: each row's identity column
    source: str
    dry_run: bool
    only_valid: bool

    def run(self, progress: Progress | None = None) -> Outcome:
        ledger = Ledger.open(self.ledger.path, catalogue=self.ledger.catalogue, clock=self.ledger.clock)
        try:
            kw: dict[str, Any] = {"dry_run": self.dry_run, "only_valid": self.only_valid}
            if progress is not None and imports_take_progress():
                kw["progress"] = progress
            if self.kind == "roster":
                report = imports.import_roster(ledger, self.acting, self.path, **kw)
            else:
                report = imports.import_identities(ledger, self.acting, self.path, self.code, self.source, **kw)
            return Outcome(self.dry_run, report)
        except LedgerError as e:
            return Outcome(self.dry_run, None, e.message)
        except (OSError, ValueError) as e:
            return Outcome(self.dry_run, None, str(e))
        finally:
            ledger.close()


def imports_take_progress() -> bool:
    import inspect

    return "progress" in inspect.signature(imports.import_roster).parameters


class ImportPresenter:
    def __init__(self, ledger: Ledger, acting: Acting, kind: str) -> None:
        if kind not in KINDS:
            raise ValueError(f"unknown import kind {kind!r}; one of {', '.join(KINDS)}")
        self.ledger = ledger
        self.acting = acting
        self.kind = kind
        self.path: Path | None = None
        self.code = ""
        self.source = ""
        self.identity_column: str | None = None  # the chosen list's identity column (保障类别 …), if it has one
        self.checked: Outcome | None = None  # the last dry run, for the current file and choices
        self.imported: Outcome | None = None

    @property
    def title(self) -> str:
        return f"导入{KINDS[self.kind]}"

    @property
    def columns_hint(self) -> str:
        return COLUMNS_HINT[self.kind]

    source_choices = SOURCES

    @property
    def identity_choices(self) -> dict[str, str]:
        """Code → label of every identity the acting year's policy knows (its local ones too)."""
        return identity_labels(self.ledger.policy_of(self.acting.year).policy)

    def choose(self, path: Path | None = None, code: str | None = None, source: str | None = None) -> None:
        """A new file or new choices: the last check no longer holds."""
        if path is not None:
            self.path = path
            if self.kind == "identities":
                readable = path.suffix.lower() in SUFFIXES and path.is_file()
                self.identity_column = imports.file_identity_column(path) if readable else None
        if code is not None:
            self.code = code
        if source is not None:
            self.source = source
        self.checked = None

    def job(self, *, dry_run: bool, only_valid: bool = False) -> Job:
        if self.path is None:
            raise ImportRefused("请先选择要导入的文件（.xlsx、.xls 或 .csv）")
        if self.path.suffix.lower() not in SUFFIXES:
            raise ImportRefused(f"{self.path.name} 不是表格文件：只能导入 .xlsx、.xls 或 .csv")
        if not self.path.is_file():
            raise ImportRefused(f"找不到文件 {self.path}")
        code: str | None = self.code
        if self.kind == "identities":
            if self.code == FROM_FILE:
                if self.identity_column is None:
                    raise ImportRefused(
                        f"{self.path.name} 中没有写明身份的列（如 医疗救助身份、保障类别）；"
                        "请选择名单上人员的身份，如 低保对象"
                    )
                code = None
            elif self.code not in self.identity_choices:
                raise ImportRefused("请选择名单上人员的身份，如 低保对象；名单有身份列时可选“按文件中的身份列”")
            if not self.source:
                raise ImportRefused(f"请选择名单的来源部门，如 {'、'.join(IDENTITY_SOURCES[:3])}")
        if not dry_run and self.checked is None:
            raise ImportRefused("请先点“检查文件”，看过检查结果再导入")
        return Job(self.ledger, self.acting, self.kind, self.path, code, self.source, dry_run, only_valid)

    def finished(self, outcome: Outcome) -> None:
        if outcome.dry_run:
            self.checked = outcome
        else:
            self.imported = outcome

    # --- what the dialog shows ------------------------------------------------------

    @staticmethod
    def rows(outcome: Outcome | None) -> list[ReportRow]:
        """Every problem (the row is not imported), then every warning (it is, with a cell to look at)."""
        if outcome is None or outcome.report is None:
            return []
        r = outcome.report
        action = "整个文件不能导入" if r.refused else PROBLEM_ACTION
        return [
            *(ReportRow(str(p.row) if p.row else "", p.label or p.field, p.reason, action) for p in r.problems),
            *(ReportRow(str(w.row), w.label or w.field, w.reason, WARNING_ACTION, warning=True) for w in r.warnings),
        ]

    def can_import_all(self) -> bool:
        c = self.checked
        return (
            c is not None
            and c.report is not None
            and not c.report.problems
            and not c.report.refused
            and self.imported is None
        )

    def can_import_valid(self) -> bool:
        c = self.checked
        return (
            c is not None
            and c.report is not None
            and bool(c.report.problems)
            and not c.report.refused
            and self.imported is None
            and good_rows(c.report) > 0
        )

    def summary(self, outcome: Outcome) -> str:
        if outcome.report is None:
            return f"没有导入：{outcome.error}"
        r = outcome.report
        counts = describe_counts(r, self.kind, outcome.dry_run)
        if outcome.dry_run:
            if r.refused:
                return f"这个文件不能导入：表头有问题，见下表。改好文件后重新检查。（{counts}）"
            if r.problems:
                bad = len({p.row for p in r.problems})
                return (
                    f"检查完毕：{counts}。其中 {bad} 行有问题（共 {len(r.problems)} 处），见下表。"
                    f"改好文件后重新检查；或点“只导入正确的行”，先导入其余 {good_rows(r)} 行。{notes(r)}"
                )
            return f"检查完毕，没有发现问题：{counts}。点“全部导入”写入。{notes(r)}"
        if not r.written:
            return f"没有写入任何内容：文件中的信息与已登记的一致。（{counts}）"
        left = f"有问题的 {r.counts.skipped} 行没有导入，请改好后再导入。" if r.counts.skipped else ""
        return f"导入完成：{counts}。{left}{notes(r)}"


def notes(report: imports.ImportReport) -> str:
    """The warnings, in a sentence: they do not stop the import."""
    n = len(report.warnings)
    return f"另有 {n} 处提示（原样保留或已转换，照常导入），见下表，请核对。" if n else ""


def good_rows(report: imports.ImportReport) -> int:
    """Rows holding a person that have no problem."""
    return max(report.counts.rows - len({p.row for p in report.problems if p.row}), 0)


def describe_counts(report: imports.ImportReport, kind: str, dry_run: bool) -> str:
    c = report.counts
    will = "将" if dry_run else "已"
    parts = [f"共 {c.rows} 行"]
    if kind == "roster":
        parts.append(f"{will}新增 {c.added_households} 户、{c.added_people} 人")
        parts.append(f"更新 {c.updated} 人" + (f"、{c.updated_households} 户" if c.updated_households else ""))
    else:
        parts.append(f"{will}新增身份 {c.added_identities} 人")
        parts.append(f"更新 {c.updated} 人")
    parts.append(f"与登记相同 {c.unchanged} 人")
    if c.ignored:
        parts.append(f"空行、合计行等 {c.ignored} 行不是人员，已略过")
    return "，".join(parts)
