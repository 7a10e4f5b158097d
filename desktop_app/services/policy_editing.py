"""The township's policy editor, without a window: the form back into a policy file, checked.

``copy_policy`` opens last year's policy as a form for the new year (services.policy_files'
``new_policy`` moves every date on; the old cases, written for the old amounts, are left
behind: the clerk enters the new notice's sample households instead). ``build`` reads the
form back (``services.policy_from_form``) — each value checked, with the field and the fix
named in Chinese — into the TOML text of a policy file; ``save`` writes it and its cases (the sample households) and runs the
check (services.policy_files); ``sign`` signs it with the township's key; ``export`` copies
it, its cases, its signature and the township's public key onto a stick, where a village
installs it (设置 → 安装新政策). What the form does not show is written back as the file had it.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.domain.errors import Refusal
from desktop_app.policy.loader import PolicyFileError, parse_policy
from desktop_app.policy.model import Policy
from desktop_app.services import keys
from desktop_app.services.paths import data_dir
from desktop_app.services.policies import PolicyCatalogue, cases_path
from desktop_app.services.policy_files import CheckReport, check_file, new_policy, sign_file, write_atomically
from desktop_app.services.policy_form import PolicyForm, read_form
from desktop_app.services.policy_from_form import area_codes, policy_data
from desktop_app.services.policy_samples import FormRefused, Reader, sample_cases
from desktop_app.services.toml_writer import dumps

__all__ = [
    "EXPORT_FOLDER",
    "Built",
    "FormRefused",
    "Saved",
    "build",
    "copy_policy",
    "default_key",
    "export",
    "new_key",
    "save",
    "sign",
    "work_folder",
]

EXPORT_FOLDER = "乡镇政策"
HEADER = (
    "由征缴通乡镇政策编辑器写出（{day}）。各条的 quote 是通知原文，clause 是条款号；\n"
    "编辑器中没有显示的内容按原文件保留。核对：zhengjiao policies check 本文件"
)


def work_folder() -> Path:
    """Where the township keeps the policy files it writes (``<data>/乡镇政策``)."""
    return data_dir() / EXPORT_FOLDER


def default_key() -> Path:
    """The township's private key, where ``new_key`` puts it (``<data>/乡镇密钥/township.key``)."""
    return data_dir() / "乡镇密钥" / f"township{keys.PRIVATE_SUFFIX}"


def copy_policy(catalogue: PolicyCatalogue, source_id: str, new_id: str, year: int | None = None) -> PolicyForm:
    """Last year's policy as the form of a new one: new id and year, every date moved on, no old cases."""
    with tempfile.TemporaryDirectory(prefix="zhengjiao-policy-") as scratch:
        made = new_policy(catalogue, new_id.strip(), source_id, Path(scratch), year=year)
        if made.problems:
            raise Refusal("复制后的政策文件有误：\n" + "\n".join(made.problems))
        return read_form(made.path, keep_cases=False)


@dataclass(frozen=True)
class Built:
    policy: Policy
    text: str
    cases: str


def build(form: PolicyForm, today: date | None = None) -> Built:
    """The form as a policy file and its cases; FormRefused naming every value to fix."""
    read = Reader()
    data = policy_data(form, read)
    cases = sample_cases(form, read, area_codes(form))
    read.done()
    header = HEADER.format(day=(today or date.today()).isoformat())
    text = dumps(data, header)
    try:
        policy = parse_policy(text, f"{form.policy_id}.toml")
    except PolicyFileError as e:
        raise FormRefused(tuple(_plain_problem(p) for p in e.problems)) from None
    cases_text = dumps({"cases": [*cases, *form.extra_cases]}, header)
    return Built(policy, text, cases_text)


def _plain_problem(problem: str) -> str:
    return re.sub(r"^[^:]+\.toml: ", "", problem)


# ---- saving, signing and carrying it to the villages ---------------------------------------


@dataclass(frozen=True)
class Saved:
    path: Path
    cases: Path
    report: CheckReport


def save(form: PolicyForm, folder: Path, today: date | None = None) -> Saved:
    """Write ``<id>.toml`` and its cases into ``folder`` and check them; an older signature is removed."""
    built = build(form, today)
    if not form.samples and not form.extra_cases:
        raise FormRefused(("请至少录入一户样例户和通知规定的应缴金额（用例）；没有用例的政策文件不能安装",), "samples")
    path = folder / f"{built.policy.id}.toml"
    write_atomically(path, built.text.encode("utf-8"))
    write_atomically(cases_path(path), built.cases.encode("utf-8"))
    keys.signature_path(path).unlink(missing_ok=True)  # it was over the file as it was
    return Saved(path, cases_path(path), check_file(path))


def new_key(password: str, folder: Path | None = None) -> tuple[Path, Path]:
    """The township's key pair (private key protected by ``password``), once."""
    folder = folder or default_key().parent
    return keys.new_key_pair(folder, password, default_key().stem)


def sign(path: Path, key_path: Path, password: str) -> Path:
    """Sign a saved policy and its cases (refused while a case fails or the passphrase is wrong)."""
    return sign_file(path, key_path, password)


def export(path: Path, target: Path, public_key: Path | None = None) -> list[Path]:
    """Copy the policy, its cases, its signature and the township's public key to ``target/乡镇政策``."""
    folder = target / EXPORT_FOLDER
    files = [path, cases_path(path), keys.signature_path(path)]
    if public_key is not None and public_key.is_file():
        files.append(public_key)
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for source in files:
            if source.is_file():
                destination = folder / source.name
                write_atomically(destination, source.read_bytes())
                written.append(destination)
    except OSError as e:
        raise Refusal(f"没有写到 {folder}：{e.strerror or e}（U盘拔出了、写保护或已满？）", "target") from None
    return written
