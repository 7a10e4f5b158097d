"""Quote and policy commands: the quote contract other tools depend on."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from desktop_app.cli import cli, fail, print_json
from desktop_app.demo.household import DEMO_QUOTE_POLICY, demo_report
from desktop_app.services.policies import PolicyCatalogue, UnknownPolicyError
from desktop_app.services.quoting import PolicyFileError, RequestError, quote_json, summarize


@cli.command()
@click.argument("input_file", metavar="INPUT.json")
@click.pass_obj
def quote(obj: dict[str, Any], input_file: str) -> None:
    """按政策计算一户人的应缴金额（INPUT.json，“-”为标准输入），输出 JSON。"""
    if input_file == "-":
        text = sys.stdin.read()
    else:
        path = Path(input_file)
        if not path.is_file():
            fail(f"INPUT.json: 找不到文件 {input_file}")
        try:
            text = path.read_text("utf-8-sig")
        except UnicodeDecodeError:
            fail(f"INPUT.json: {input_file} 不是 UTF-8 编码的文本")
    try:
        data = json.loads(text)
    except json.JSONDecodeError as e:
        fail(f"INPUT.json: 不是有效的 JSON（第{e.lineno}行第{e.colno}列：{e.msg}）")
    try:
        result = quote_json(obj["catalogue"], data)
    except RequestError as e:
        fail(f"{e.field}: {e.message}")
    except PolicyFileError as e:
        fail(str(e))
    print_json(result)


@cli.group()
def policies() -> None:
    """查看随软件提供的政策。"""


@policies.command("list")
@click.pass_obj
def policies_list(obj: dict[str, Any]) -> None:
    """列出所有政策。"""
    catalogue: PolicyCatalogue = obj["catalogue"]
    rows = []
    notes: list[str] = []
    for policy_id in catalogue.ids():
        try:
            loaded = catalogue.load(policy_id)
        except PolicyFileError as e:
            fail(str(e))
        p = loaded.policy
        rows.append(
            {
                "id": p.id,
                "name": p.name,
                "document": p.document,
                "benefit_year": p.benefit_year,
                "file": str(loaded.path),
                "sha256": loaded.sha256,
                "bundled": loaded.bundled,
                "refused": list(loaded.refused),
            }
        )
        notes += loaded.refused
    if obj["json"]:
        print_json(rows)
        return
    for r in rows:
        click.echo(f"{r['id']:<24} {r['benefit_year']}  {r['name']}（{r['document']}）")
        click.echo(f"{'':<24} {r['file']}{'' if r['bundled'] else '（数据文件夹中的更新）'}  SHA-256 {r['sha256']}")
    for note in notes:
        click.echo(f"注意：{note}", err=True)


@policies.command("show")
@click.argument("policy_id", metavar="ID")
@click.pass_obj
def policies_show(obj: dict[str, Any], policy_id: str) -> None:
    """用中文讲清一项政策：标准、资助、期限、期外参保与退费。"""
    try:
        loaded = obj["catalogue"].load(policy_id)
    except UnknownPolicyError as e:
        fail(f"ID: {e}")
    except PolicyFileError as e:
        fail(str(e))
    if obj["json"]:
        print_json(loaded.policy.model_dump(mode="json"))
        return
    click.echo(summarize(loaded.policy))
    click.echo(f"\n政策文件：{loaded.path}\nSHA-256：{loaded.sha256}")
    for note in loaded.refused:
        click.echo(f"注意：{note}", err=True)


@cli.command()
@click.option("--policy", "policy_id", default=DEMO_QUOTE_POLICY, show_default=True, help="演示用的政策")
@click.pass_obj
def demo(obj: dict[str, Any], policy_id: str) -> None:
    """演示：为一户示例村民按政策算账并逐条说明。"""
    try:
        click.echo(demo_report(obj["catalogue"], policy_id))
    except UnknownPolicyError as e:
        fail(f"--policy: {e}")
