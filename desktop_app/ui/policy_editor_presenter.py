"""What the township's policy editor does, decided without a window (the view is handed in).

The clerk copies last year's policy (or opens a file of the township's), edits the form,
enters sample households with the amounts the notice implies, and tries them (试算): the
app's own answer appears beside each and every difference is marked. 保存 writes the policy
and its cases and runs the check; 签名 signs them with the township's key (made once, with
a passphrase); 导出 copies them and the public key onto a stick for the villages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from desktop_app.domain.errors import Refusal
from desktop_app.services import keys
from desktop_app.services.ledger import Ledger
from desktop_app.services.policies import PolicyFileError, UnknownPolicyError, policy_sources
from desktop_app.services.policy_editing import (
    FormRefused,
    Saved,
    build,
    copy_policy,
    default_key,
    export,
    new_key,
    save,
    sign,
    work_folder,
)
from desktop_app.services.policy_files import PolicyRefused
from desktop_app.services.policy_form import PolicyForm, read_form
from desktop_app.services.policy_samples import SampleAnswer, answers

OK, ERROR, HINT = "ok", "error", "hint"


@dataclass(frozen=True)
class Source:
    """A policy the clerk may start from: its id, its name and year, for the copy dialog."""

    policy_id: str
    name: str
    year: int

    @property
    def label(self) -> str:
        return f"{self.name}（{self.year}年度）"


class EditorView(Protocol):
    def show_form(self, form: PolicyForm, path: Path | None) -> None: ...

    def show_answers(self, found: list[SampleAnswer]) -> None: ...

    def show_message(self, kind: str, text: str) -> None: ...


def suggested_id(source_id: str, year: int) -> str:
    """The copy's id: the source's with its year moved on (…-2022 → …-2023), else the year added."""
    found = re.search(r"(\d{4})$", source_id)
    return f"{source_id[: found.start()]}{year}" if found else f"{source_id}-{year}"


class PolicyEditorPresenter:
    def __init__(self, view: EditorView, ledger: Ledger, folder: Path | None = None) -> None:
        self.view, self.ledger = view, ledger
        self.folder = folder or work_folder()
        self.form: PolicyForm | None = None
        self.path: Path | None = None
        self.saved: Saved | None = None

    # -- where a form comes from ---------------------------------------------------------------
    def sources(self) -> list[Source]:
        """Every usable policy, newest year first (last year's is the one to copy)."""
        found = [
            Source(s.policy_id, s.loaded.policy.name, s.loaded.policy.benefit_year)
            for s in policy_sources(self.ledger.catalogue)
            if s.loaded is not None
        ]
        return sorted(found, key=lambda s: (-s.year, s.policy_id))

    def copy(self, source_id: str, new_id: str, year: int) -> bool:
        try:
            form = copy_policy(self.ledger.catalogue, source_id, new_id, year)
        except (Refusal, PolicyFileError, UnknownPolicyError) as e:
            self.view.show_message(ERROR, _message(e))
            return False
        self._opened(form, None)
        self.view.show_message(
            HINT,
            f"已从“{source_id}”复制为{year}年度的“{form.policy_id}”，日期已顺延{_years(form)}。"
            "请按新通知逐项修改金额、日期和通知原文；上一年度的用例按旧金额写成，未带入——"
            "请在“样例户”中录入通知的例子及应缴金额，再按 Ctrl+S 保存并检查。",
        )
        return True

    def open(self, path: Path) -> bool:
        try:
            form = read_form(path)
        except PolicyFileError as e:
            self.view.show_message(ERROR, "\n".join(e.problems))
            return False
        self._opened(form, path)
        self.view.show_message(HINT, f"已打开 {path}（样例户 {len(form.samples)} 人）")
        return True

    def _opened(self, form: PolicyForm, path: Path | None) -> None:
        self.form, self.path, self.saved = form, path, None
        self.view.show_form(form, path)
        self.view.show_answers(self.try_answers(form))

    # -- checking, saving, signing, carrying ---------------------------------------------------
    def try_answers(self, form: PolicyForm) -> list[SampleAnswer]:
        """The app's answer beside each sample row (empty while the form itself has problems)."""
        try:
            built = build(form, self.ledger.now().date())
        except FormRefused:
            return [SampleAnswer("", "", "", True) for _ in form.samples]
        return answers(built.policy, form)

    def check(self, form: PolicyForm) -> bool:
        """试算: the form read back and the samples quoted, without writing anything."""
        self.form = form
        try:
            built = build(form, self.ledger.now().date())
        except FormRefused as e:
            self.view.show_message(ERROR, "请先改正：\n" + "\n".join(e.problems))
            self.view.show_answers(self.try_answers(form))
            return False
        found = answers(built.policy, form)
        self.view.show_answers(found)
        differing = sum(1 for a in found if a.differs)
        self.view.show_message(
            ERROR if differing else OK,
            f"样例户有 {differing} 人与软件算得的不同（已标红）"
            if differing
            else f"样例户 {len(found)} 人，软件算得的全部相同",
        )
        return not differing

    def target_of(self, form: PolicyForm) -> Path:
        return self.folder / f"{form.policy_id.strip()}.toml"

    def overwrites(self, form: PolicyForm) -> bool:
        """Saving would replace a file this form was not opened from (ask first)."""
        target = self.target_of(form)
        return target.exists() and target != self.path

    def save(self, form: PolicyForm) -> bool:
        self.form = form
        try:
            saved = save(form, self.folder, self.ledger.now().date())
        except FormRefused as e:
            self.view.show_message(ERROR, "没有保存，请先改正：\n" + "\n".join(e.problems))
            self.view.show_answers(self.try_answers(form))
            return False
        except OSError as e:
            self.view.show_message(ERROR, f"没有保存：{e.strerror or e}")
            return False
        self.saved, self.path = saved, saved.path
        self.view.show_answers(self.try_answers(form))
        lines = saved.report.lines()
        if saved.report.ok:
            self.view.show_message(
                OK, f"已保存 {saved.path}\n" + "\n".join(lines) + "\n下一步：签名（Ctrl+G），再导出到U盘。"
            )
        else:
            self.view.show_message(ERROR, f"已保存 {saved.path}，但检查没有通过，不能签名和安装：\n" + "\n".join(lines))
        return saved.report.ok

    def key_path(self) -> Path:
        return default_key()

    def make_key(self, password: str, folder: Path | None = None) -> Path | None:
        try:
            private, public = new_key(password, folder)
        except Refusal as e:
            self.view.show_message(ERROR, e.message)
            return None
        self.view.show_message(
            OK,
            f"已生成乡镇签名密钥：私钥 {private}（乡镇保管，勿外传）；公钥 {public}"
            f"（指纹 {keys.fingerprint(keys.load_public(public))}，导出时一并拷给各村）",
        )
        return private

    def sign(self, key_path: Path, password: str) -> bool:
        if self.path is None or self.saved is None:
            self.view.show_message(ERROR, "请先保存并检查（Ctrl+S），检查通过后才能签名")
            return False
        try:
            signature = sign(self.path, key_path, password)
        except PolicyRefused as e:
            self.view.show_message(ERROR, e.message)
            return False
        except (Refusal, PolicyFileError) as e:
            self.view.show_message(ERROR, _message(e))
            return False
        public = key_path.with_suffix(keys.PUBLIC_SUFFIX)
        finger = keys.fingerprint(keys.load_public(public)) if public.is_file() else "（未找到公钥文件）"
        self.view.show_message(OK, f"已签名：{signature}\n乡镇密钥指纹 {finger}。下一步：导出到U盘（Ctrl+E）。")
        return True

    def export(self, target: Path, key_path: Path | None = None) -> list[Path]:
        if self.path is None:
            self.view.show_message(ERROR, "请先保存并检查（Ctrl+S）")
            return []
        public = (key_path or default_key()).with_suffix(keys.PUBLIC_SUFFIX)
        try:
            written = export(self.path, target, public)
        except Refusal as e:
            self.view.show_message(ERROR, e.message)
            return []
        signed = keys.signature_path(self.path).is_file()
        note = "" if signed else "\n注意：政策文件还没有签名；信任了乡镇密钥的村不会安装未签名的文件。"
        self.view.show_message(
            OK if signed else ERROR,
            f"已导出到 {written[0].parent}：{'、'.join(p.name for p in written)}\n"
            "各村：文件 → 安装新政策…（第一次先 信任乡镇密钥…，选U盘上的 .pub 文件）" + note,
        )
        return written


def _years(form: PolicyForm) -> str:
    return f"到{form.benefit_year}年度"


def _message(e: Exception) -> str:
    if isinstance(e, PolicyFileError):
        return "\n".join(e.problems)
    if isinstance(e, Refusal):
        return e.message
    return str(e)


def today_year(ledger: Ledger) -> int:
    """The benefit year a township writes for: next year's (its collection starts this autumn)."""
    return ledger.now().year + 1
