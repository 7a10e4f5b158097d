"""``zhengjiao import roster|identities``: the roster and identity lists, checked then imported.

A file with a bad row exits 2 and writes nothing; every bad row is listed on stderr as
``第N行 字段 原因`` (and in the JSON report with --json). A row imported with a cell kept as
written or converted (an unknown 与户主关系, a 15-digit ID number) is listed as
``提示：第N行 字段 …`` (JSON: ``warnings``) and does not change the exit code.
``--only-valid`` imports the good rows and lists the rest; ``--dry-run`` checks and writes
nothing. ``--operator`` names who imports (the audit entry records them); without it, the
village's one active collector.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from desktop_app.cli import EXIT_BAD_INPUT, cli, print_json
from desktop_app.cli.ledger import OPERATOR_HELP, acting_of, opened
from desktop_app.services.imports import ImportReport, import_identities, import_roster
from desktop_app.services.policies import identity_label
from desktop_app.services.register import IDENTITY_SOURCES

FILE = click.Path(exists=True, dir_okay=False, path_type=Path)


@cli.group("import")
def import_group() -> None:
    """导入花名册与身份名单（.xlsx、.xls、.csv）。"""


@import_group.command("roster")
@click.argument("file", type=FILE)
@click.option("--dry-run", is_flag=True, help="只检查，不写入")
@click.option("--only-valid", is_flag=True, help="只导入正确的行，有问题的行跳过（仍会列出）")
@click.option("--operator", default=None, help=OPERATOR_HELP)
@click.pass_obj
def roster_command(obj: dict[str, Any], file: Path, dry_run: bool, only_valid: bool, operator: str | None) -> None:
    """导入花名册：户号、姓名、身份证号码、与户主关系、民族、村民小组、联系电话、是否在校学生…"""
    with opened(obj, write=not dry_run) as ledger:
        acting = acting_of(ledger, operator, None)
        report = import_roster(ledger, acting, file, dry_run=dry_run, only_valid=only_valid)
    finish(obj, report, "花名册")


@import_group.command("identities")
@click.argument("file", type=FILE)
@click.option(
    "--code",
    default=None,
    help="名单上所有人员的身份代码，如 subsistence_allowance（低保对象），可用本年度政策的地方身份；"
    "不给时按名单中的身份列（医疗救助身份、保障类别、人员类别…）逐行确定",
)
@click.option("--source", required=True, help=f"名单来源，如 {'、'.join(IDENTITY_SOURCES)}")
@click.option("--dry-run", is_flag=True, help="只检查，不写入")
@click.option("--only-valid", is_flag=True, help="只导入正确的行，有问题的行跳过（仍会列出）")
@click.option("--operator", default=None, help=OPERATOR_HELP)
@click.pass_obj
def identities_command(
    obj: dict[str, Any],
    file: Path,
    code: str | None,
    source: str,
    dry_run: bool,
    only_valid: bool,
    operator: str | None,
) -> None:
    """导入身份名单（低保、特困、监测对象…）：每行一个证件号码，须已在花名册中；纳入资助时间、身份取消时间照录。"""
    with opened(obj, write=not dry_run) as ledger:
        acting = acting_of(ledger, operator, None)
        report = import_identities(ledger, acting, file, code, source, dry_run=dry_run, only_valid=only_valid)
        what = f"{identity_label(code, ledger.policy_of(acting.year).policy)}名单" if code else "身份名单"
    finish(obj, report, what)


def finish(obj: dict[str, Any], report: ImportReport, what: str) -> None:
    for p in report.problems:
        click.echo(f"第{p.row}行 {p.label} {p.reason}", err=True)
    for w in report.warnings:
        click.echo(f"提示：第{w.row}行 {w.label} {w.reason}", err=True)
    if obj["json"]:
        print_json(report.to_json())
    if report.blocked:
        if not obj["json"]:
            click.echo(
                f"错误：{report.file} 有 {len({p.row for p in report.problems})} 行有问题，未导入任何数据；"
                "改好后重新导入，或加 --only-valid 只导入正确的行",
                err=True,
            )
        sys.exit(EXIT_BAD_INPUT)
    if not obj["json"]:
        click.echo(summary(report, what))


def summary(report: ImportReport, what: str) -> str:
    c = report.counts
    parts = [f"读取 {c.rows} 行"]
    if c.added_households or c.added_people:
        parts.append(f"新增 {c.added_households} 户、{c.added_people} 人")
    if c.added_identities:
        parts.append(f"新增身份 {c.added_identities} 条")
    if c.updated or c.updated_households:
        parts.append(f"更新 {c.updated} 条" + (f"、{c.updated_households} 户" if c.updated_households else ""))
    parts.append(f"未变 {c.unchanged} 条")
    if c.skipped:
        parts.append(f"跳过有问题的 {c.skipped} 行")
    if report.warnings:
        parts.append(f"提示 {len(report.warnings)} 处（见上，不影响导入，请核对）")
    head = "检查通过（未写入）" if report.dry_run else ("已导入" if report.written else "没有需要写入的变化")
    return f"{head}：{what} {report.file}，" + "，".join(parts)
