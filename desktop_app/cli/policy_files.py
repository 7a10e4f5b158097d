"""Policy files a township writes: ``policies check|install|new|upgrade|sign`` and ``keys new|trust``.

``check`` is a contract for scripts: exit 0 when every case holds, 1 with a Chinese report of
each failing case and the figure that differs, 2 (one line naming file, key and reason) for a
file that does not load. The other commands refuse the same way: exit 2, one Chinese line.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, NoReturn

import click

from desktop_app.cli import cli, fail, print_json
from desktop_app.cli.quoting import policies
from desktop_app.domain.errors import Refusal
from desktop_app.services import keys, policy_files
from desktop_app.services.policies import PolicyCatalogue, PolicyFileError, UnknownPolicyError

EXIT_CASES_FAIL = 1

FILE = click.Path(dir_okay=False, path_type=Path)


def _bad_file(e: PolicyFileError) -> NoReturn:
    fail("；".join(e.problems) if e.problems else str(e))


def _exists(path: Path, what: str) -> None:
    if not path.is_file():
        fail(f"{what}: 找不到文件 {path}")


@policies.command("check")
@click.argument("path", metavar="FILE", type=FILE)
@click.option("--json", "as_json", is_flag=True, help="机器可读的 JSON 输出")
@click.pass_obj
def policies_check(obj: dict[str, Any], path: Path, as_json: bool) -> None:
    """检查政策文件并运行旁边的用例（FILE.cases.toml）：0 全部相符，1 有用例不符，2 文件有误。"""
    _exists(path, "FILE")
    try:
        report = policy_files.check_file(path)
    except PolicyFileError as e:
        _bad_file(e)
    if as_json or obj["json"]:
        print_json(report.to_json())
    else:
        click.echo("\n".join(report.lines()))
    if not report.ok:
        raise SystemExit(EXIT_CASES_FAIL)


@policies.command("install")
@click.argument("path", metavar="FILE", type=FILE)
def policies_install(path: Path) -> None:
    """把乡镇发来的政策文件装入本机数据文件夹（用例须全部相符；信任了乡镇密钥时须有其签名）。"""
    _exists(path, "FILE")
    try:
        done = policy_files.install(path)
    except PolicyFileError as e:
        _bad_file(e)
    except policy_files.PolicyRefused as e:
        click.echo(e.message, err=True)
        raise SystemExit(EXIT_CASES_FAIL) from None
    except Refusal as e:
        fail(e.message)
    signed = f"，乡镇签名 {done.signed_by.fingerprint} 核对无误" if done.signed_by else ""
    click.echo(f"已安装 {done.report.policy.name}（{done.report.cases} 个用例全部相符{signed}）：{done.path}")


@policies.command("new")
@click.argument("new_id", metavar="NEW_ID")
@click.option("--from", "source_id", required=True, metavar="ID", help="从哪项政策复制（如去年的）")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path), help="写到哪个文件夹")
@click.option("--year", type=int, default=None, help="新的待遇年度（默认取 NEW_ID 末尾的年份）")
@click.option("--jurisdiction", default=None, help="新的适用地区（默认不变）")
@click.option("--name", default=None, help="新的政策名称（默认把年份换成新年度）")
@click.pass_obj
def policies_new(
    obj: dict[str, Any],
    new_id: str,
    source_id: str,
    out: Path,
    year: int | None,
    jurisdiction: str | None,
    name: str | None,
) -> None:
    """复制一项政策及其用例为可编辑的新文件（ID、年度、日期已改好，通知原文待改）。"""
    catalogue: PolicyCatalogue = obj["catalogue"]
    try:
        made = policy_files.new_policy(
            catalogue, new_id, source_id, out, year=year, jurisdiction=jurisdiction, name=name
        )
    except UnknownPolicyError as e:
        fail(f"来源政策（--from）：{e}")
    except PolicyFileError as e:
        _bad_file(e)
    except Refusal as e:
        fail(f"{e.field}: {e.message}" if e.field else e.message)
    click.echo(f"已写出 {made.path}\n　　　 {made.cases}")
    if made.report is not None:
        click.echo("\n".join(made.report.lines()))
    for problem in made.problems:
        click.echo(f"请修改：{problem}")


@policies.command("upgrade")
@click.argument("path", metavar="FILE", type=FILE)
@click.option("--out", "out", type=FILE, default=None, help="写到另一个文件（默认改写原文件）")
def policies_upgrade(path: Path, out: Path | None) -> None:
    """把旧版政策文件改写为当前版本，内容与注释一字不少。"""
    _exists(path, "FILE")
    try:
        target, changed = policy_files.upgrade_file(path, out)
    except PolicyFileError as e:
        _bad_file(e)
    click.echo(f"{'已升级' if changed else '已是当前版本，未改动'}：{target}")


def _password(password: str | None, *, new: bool) -> str:
    found = password or keys.password_from_env()
    if found:
        return found
    return str(click.prompt("私钥口令", hide_input=True, confirmation_prompt=new))


@policies.command("sign")
@click.argument("path", metavar="FILE", type=FILE)
@click.option("--key", "key_path", required=True, type=FILE, help="乡镇的私钥文件（.key）")
@click.option("--password", default=None, help=f"私钥口令（也可用环境变量 {keys.PASSWORD_ENV}）")
def policies_sign(path: Path, key_path: Path, password: str | None) -> None:
    """用乡镇私钥为政策文件及其用例签名，签名写在 FILE.sig。"""
    _exists(path, "FILE")
    _exists(key_path, "--key")
    try:
        signature = policy_files.sign_file(path, key_path, _password(password, new=False))
    except PolicyFileError as e:
        _bad_file(e)
    except policy_files.PolicyRefused as e:
        click.echo(e.message, err=True)
        raise SystemExit(EXIT_CASES_FAIL) from None
    except Refusal as e:
        fail(e.message)
    click.echo(f"已签名：{signature}")


@cli.group("keys")
def keys_group() -> None:
    """乡镇签名密钥：乡镇生成，村里信任。"""


@keys_group.command("new")
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path), help="写到哪个文件夹")
@click.option("--name", default="township", show_default=True, help="密钥文件名")
@click.option(
    "--password", default=None, help=f"私钥口令，至少{keys.MIN_PASSWORD}个字符（也可用环境变量 {keys.PASSWORD_ENV}）"
)
def keys_new(out: Path, name: str, password: str | None) -> None:
    """（乡镇）生成签名密钥：私钥 .key 由乡镇保管（口令保护），公钥 .pub 发给各村。"""
    try:
        private, public = keys.new_key_pair(out, _password(password, new=True), name)
        fingerprint = keys.fingerprint(keys.load_public(public))
    except Refusal as e:
        fail(f"--{e.field}: {e.message}" if e.field in ("password", "out") else e.message)
    click.echo(f"私钥（乡镇保管，勿外传）：{private}\n公钥（拷给各村）：{public}\n公钥指纹：{fingerprint}")


@keys_group.command("trust")
@click.argument("public_path", metavar="PUBKEY", type=FILE)
def keys_trust(public_path: Path) -> None:
    """（村里，一次）信任乡镇的公钥：此后只接受该乡镇签名的政策文件。"""
    _exists(public_path, "PUBKEY")
    try:
        trusted = keys.trust(public_path)
    except Refusal as e:
        fail(f"PUBKEY: {e.message}")
    click.echo(f"已信任乡镇公钥 {trusted.fingerprint}（{trusted.path}）；请与乡镇核对指纹。")
    if os.environ.get("ZHENGJIAO_POLICIES"):
        click.echo("注意：ZHENGJIAO_POLICIES 指定的文件夹中的政策文件同样须有签名。", err=True)
