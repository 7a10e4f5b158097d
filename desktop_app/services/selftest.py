"""``zhengjiao --self-test``: does this copy of the program work on this machine?

Run on a village laptop after copying the folder, and by CI on the built program. It
touches nothing of the village's data: everything happens in a temporary folder that
is deleted afterwards. Each check is one line (通过/失败 and what was found); a check
that cannot run because an earlier one failed says so rather than failing again.

The checks are the collector's day in miniature: the program's own files are there;
every bundled policy still gives the answers its test cases expect; a ledger opens;
a payment is taken (receipt number, audit chain); its receipt renders to a PDF with
the bundled Chinese font; the day's records go into an upload batch that reads back
and verifies. Qt runs on the offscreen platform unless the caller chose another, so
this works over SSH and in CI without a display. Each check imports what it needs
itself: in a damaged copy (a Qt library missing) that check fails with the reason and
the others still run and report.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from desktop_app import __version__
from desktop_app.policy.cases import parse_cases, run_case
from desktop_app.services.ledger import Ledger, Settings
from desktop_app.services.paths import bundled_policy_dir, data_dir, is_frozen, program_dir, resource_dir
from desktop_app.services.policies import CASES_SUFFIX, PolicyCatalogue, policy_sources

SELFTEST_POLICY = "ah-sixian-shantou-2022"
SELFTEST_PASSWORD = "selftest1"
SELFTEST_COLLECTOR = "自检员"
SELFTEST_REGION = "341324"  # 泗县
REQUIRED_RESOURCES = ("fonts/wqy-microhei.ttc", "fonts/LICENSE-wqy-microhei.txt",
                      "export_templates/default.toml", "icons/zhengjiao.png", "style.qss")
FONT_NAME_IN_PDF = b"WenQuanYi"


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        return f"{'通过' if self.ok else '失败'}  {self.name}：{self.detail}"


class Skipped(Exception):
    """An earlier check this one needs has failed."""


class _Clock:
    """A day inside the policy's collection period, so the self-test passes in any season."""

    def __init__(self, day: date) -> None:
        self.now = datetime.combine(day, time(9, 0))

    def __call__(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now


@dataclass
class _Run:
    """What the checks hand on to each other."""

    folder: Path
    ledger: Ledger | None = None
    receipt_no: str | None = None
    day: date | None = None
    notes: list[str] = field(default_factory=list)

    def open_ledger(self) -> Ledger:
        if self.ledger is None:
            raise Skipped("临时数据库没有建成")
        return self.ledger


def run_self_test(report: Callable[[Check], None] | None = None, workdir: Path | None = None) -> list[Check]:
    """Every check, in order; ``report`` sees each as soon as it is done (one line each).

    ``workdir`` keeps the temporary files (a PDF to look at) instead of deleting them.
    """
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    checks: list[Check] = []
    with tempfile.TemporaryDirectory(prefix="zhengjiao-selftest-") as temp:
        run = _Run(Path(workdir) if workdir else Path(temp))
        run.folder.mkdir(parents=True, exist_ok=True)
        try:
            for name, step in _STEPS:
                try:
                    check = Check(name, True, step(run))
                except Skipped as e:
                    check = Check(name, False, f"未运行（{e}）")
                except Exception as e:  # noqa: BLE001 — a self-test reports every failure and goes on
                    check = Check(name, False, f"{type(e).__name__}: {e}")
                checks.append(check)
                if report is not None:
                    report(check)
        finally:
            if run.ledger is not None:
                run.ledger.close()
    return checks


def passed(checks: list[Check]) -> bool:
    return bool(checks) and all(c.ok for c in checks)


# -- the checks, in order; each returns its line's detail or raises ---------------------------

def _program(run: _Run) -> str:
    kind = "已打包的程序" if is_frozen() else "源代码"
    return f"征缴通 {__version__}（{kind}）{program_dir()}；数据目录 {data_dir()}"


def _resources(run: _Run) -> str:
    missing = [rel for rel in REQUIRED_RESOURCES if not (resource_dir() / rel).is_file()]
    if missing:
        raise FileNotFoundError(f"{resource_dir()} 中缺少 {'、'.join(missing)}；请重新复制整个程序文件夹")
    return f"字体、许可证、导出模板、图标齐全（{resource_dir()}）"


def _policy_cases(run: _Run) -> str:
    catalogue = PolicyCatalogue([bundled_policy_dir()])
    ids = catalogue.ids()
    if not ids:
        raise FileNotFoundError(f"{bundled_policy_dir()} 中没有政策文件；请重新复制整个程序文件夹")
    counts, failures = [], []
    for policy_id in ids:
        policy = catalogue.load(policy_id).policy
        cases_path = bundled_policy_dir() / f"{policy_id}{CASES_SUFFIX}"
        if not cases_path.is_file():
            failures.append(f"{policy_id} 没有测试用例文件")
            continue
        cases = parse_cases(cases_path.read_text("utf-8"), cases_path.name)
        failures += [f"{policy_id}“{case.name}”：{problems[0]}" for case in cases
                     if (problems := run_case(policy, case))]
        counts.append(f"{policy_id} {len(cases)}")
    if failures:
        raise AssertionError(f"{len(failures)} 个用例不符：{'；'.join(failures[:3])}")
    return f"{len(ids)} 项政策的用例全部相符（{'，'.join(counts)}）"


def _policy_files(run: _Run) -> str:
    """Which file each policy comes from: a township's update in the data folder shows here."""
    sources = policy_sources(PolicyCatalogue())
    updated = [f"{s.policy_id} 用 {s.loaded.path}（SHA-256 {s.loaded.sha256[:12]}…）"
               for s in sources if s.loaded is not None and not s.loaded.bundled]
    refused = [note for s in sources if s.loaded is not None for note in s.loaded.refused]
    broken = [s.error or s.policy_id for s in sources if s.loaded is None]
    if broken:
        raise ValueError("；".join(broken))
    parts = ["全部使用随软件提供的文件"] if not updated else updated
    if refused:
        parts.append(f"未采用 {len(refused)} 个有误的更新文件（{refused[0].splitlines()[0]}）")
    return "；".join(parts)


def _ledger(run: _Run) -> str:
    from desktop_app.services.setup import initialise

    catalogue = PolicyCatalogue([bundled_policy_dir()])
    policy = catalogue.load(SELFTEST_POLICY).policy
    run.day = policy.collection_start(None) + timedelta(days=7)
    path = run.folder / "selftest.sqlite"
    run.ledger = Ledger.open(path, catalogue=catalogue, clock=_Clock(run.day), create=True)
    initialise(run.ledger, Settings(policy_id=SELFTEST_POLICY, village="自检村", collector=SELFTEST_COLLECTOR,
                                    receipt_prefix="ZJ", village_groups=("一组",)), SELFTEST_PASSWORD)
    return f"{path.name}（{policy.name}，{run.day}）"


def _payment(run: _Run) -> str:
    from desktop_app.domain.money import format_yuan
    from desktop_app.services import audit
    from desktop_app.domain.idnumber import resident_id as demo_id
    from desktop_app.services.operators import login
    from desktop_app.services.payments import PaymentRequest, pay, quote_people
    from desktop_app.services.register import PersonInput, add_household, add_person, get_person

    ledger = run.open_ledger()
    assert run.day is not None
    operator = login(ledger, SELFTEST_COLLECTOR, SELFTEST_PASSWORD)
    household = add_household(ledger, operator.name, "0001", "自检村一组1号", "一组", "")
    people = [add_person(ledger, operator.name, household, PersonInput(
        name, demo_id(SELFTEST_REGION, born, serial), relation=relation))
        for name, born, serial, relation in (("王自检", "1975-05-04", 131, "户主"), ("李自检", "1978-08-09", 142, "配偶"))]
    due = sum(q.due for q in quote_people(ledger, [get_person(ledger, p) for p in people], run.day))
    payment = pay(ledger, operator, PaymentRequest(tuple(people), due, run.day))
    chain = audit.verify(ledger.db)
    if not chain.ok:
        raise AssertionError(f"审计链断开：{chain.problem}")
    run.receipt_no = payment.receipt_no
    return f"收据 {payment.receipt_no}，2 人，{format_yuan(payment.total_due)} 元；审计链 {chain.entries} 条完好"


def _receipt_pdf(run: _Run) -> str:
    from desktop_app.reports.output import to_pdf
    from desktop_app.reports.receipt import receipt_document
    from desktop_app.services.printouts import gather_receipt

    ledger = run.open_ledger()
    if run.receipt_no is None:
        raise Skipped("没有收费记录")
    path = to_pdf(receipt_document(gather_receipt(ledger, run.receipt_no), "roll"), run.folder / "receipt.pdf")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise AssertionError(f"{path.name} 不是完整的 PDF 文件")
    if FONT_NAME_IN_PDF not in data:
        raise AssertionError("PDF 中没有嵌入随软件提供的中文字体（文泉驿微米黑）")
    return f"{path.name}，{len(data) // 1024} KB，嵌入文泉驿微米黑"


def _batch(run: _Run) -> str:
    from desktop_app.services.batches import export_batch
    from desktop_app.services.county import verify_batch

    ledger = run.open_ledger()
    if run.receipt_no is None:
        raise Skipped("没有收费记录")
    result = export_batch(ledger, run.folder / "batch")
    verification = verify_batch(result.manifest, check_neighbours=False)
    if not verification.ok:
        raise AssertionError("；".join(verification.problems[:3]))
    return f"第 {result.batch_no} 批，{result.rows} 行，{result.workbook.name} 与清单读回校验一致"


_STEPS: tuple[tuple[str, Callable[[_Run], str]], ...] = (
    ("程序", _program),
    ("随附文件", _resources),
    ("政策用例", _policy_cases),
    ("政策文件", _policy_files),
    ("临时数据库", _ledger),
    ("收费", _payment),
    ("收据 PDF", _receipt_pdf),
    ("上报批次", _batch),
)
