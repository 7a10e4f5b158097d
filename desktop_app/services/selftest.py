"""``zhengjiao --self-test``: does this copy of the program work on this machine?

Run on a village laptop after copying the folder, and by CI on the built program. It
touches nothing of the village's data: everything happens in a temporary folder that
is deleted afterwards. Each check is one line (通过/失败 and what was found); a check
that cannot run because an earlier one failed says so rather than failing again.

The checks are the collector's day in miniature: the program's own files are there;
every bundled policy still gives the answers its test cases expect; a ledger opens
under a tiny policy of the self-test's own (written into the temporary folder with
its cases, in a region of its own, so no jurisdiction's file is needed); a payment is
taken (receipt number, audit chain); its receipt renders to a PDF with the bundled
Chinese font (through services.printouts, the one way services reach Qt); the day's
records go into an upload batch that reads back and verifies. Qt runs on the offscreen
platform unless the caller chose another, so this works over SSH and in CI without a
display. Each check imports what it needs itself: in a damaged copy (a Qt library
missing) that check fails with the reason and the others still run and report.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path

from desktop_app import __version__
from desktop_app.domain.operators import Acting
from desktop_app.policy.cases import parse_cases, run_case
from desktop_app.policy.loader import parse_policy
from desktop_app.services.ledger import Ledger
from desktop_app.services.paths import bundled_policy_dir, data_dir, is_frozen, program_dir, resource_dir
from desktop_app.services.policies import CASES_SUFFIX, PolicyCatalogue, policy_sources

SELFTEST_POLICY = "selftest-2024"
SELFTEST_PASSWORD = "selftest1"
SELFTEST_COLLECTOR = "自检员"
SELFTEST_REGION = "100100"  # no real place: province codes start at 11; a region code only informs
REQUIRED_RESOURCES = (
    "fonts/wqy-microhei.ttc",
    "fonts/LICENSE-wqy-microhei.txt",
    "export_templates/default.toml",
    "icons/zhengjiao.png",
    "style.qss",
)
FONT_NAME_IN_PDF = b"WenQuanYi"

# The self-test's own policy: the least a policy file must say, with one subsidy, so a
# payment can be quoted and taken without any jurisdiction's file. Not a real notice.
POLICY_TEXT = """\
# 征缴通自检用的政策：不是任何地方的真实政策，只供自检在临时文件夹里试一遍收费。
id = "selftest-2024"
name = "自检用政策（非真实政策）"
jurisdiction = "自检县"
document = "自检〔2023〕1号"
issued_on = 2023-08-01
benefit_year = 2024

[benefit_period]
start = 2024-01-01
end = 2024-12-31
clause = "一"
quote = "待遇享受期为2024年1月1日至12月31日。"

[standard]
amount = 380
clause = "二"
quote = "个人缴费标准为每人每年380元。"

[collection]
start = 2023-09-01
end = 2023-12-31
clause = "三"
quote = "集中缴费期为2023年9月1日至12月31日。"
after_period = { benefit_from = "day_after_payment", waiting_days = 90 }
after_period_clause = "三"
after_period_quote = "集中缴费期外缴费的，自缴费次日起设90天待遇等待期。"

[[subsidies]]
name = "低保对象定额资助"
kind = "fixed"
amount = 100
payer = "医疗救助"
when = { identities_any = ["subsistence_allowance"] }
clause = "四"
quote = "对低保对象每人给予100元定额资助。"

[[not_encoded]]
topic = "其余规定"
quote = "（自检用政策只写收费所需的最少内容）"
reason = "自检只需试算并收取一次费用，不代表任何地方的政策。"
"""

CASES_TEXT = """\
[[cases]]
name = "During the collection period an adult with no subsidy pays the standard of 380"
clause = "二、三"
[cases.input]
paid_on = 2023-09-08
people = [{ name = "王自检", birth_date = 1975-05-04 }]
[cases.expected]
total_due = "380.00"
[[cases.expected.people]]
eligible = true
standard = "380.00"
subsidy = "0.00"
due = "380.00"
benefit_start = "2024-01-01"
benefit_end = "2024-12-31"

[[cases]]
name = "During the collection period a 低保对象 pays 380 less the subsidy of 100, that is 280"
clause = "二、四"
[cases.input]
paid_on = 2023-09-08
people = [{ name = "李自检", birth_date = 1978-08-09, identities = ["subsistence_allowance"] }]
[cases.expected]
total_due = "280.00"
[[cases.expected.people]]
eligible = true
standard = "380.00"
subsidy = "100.00"
subsidy_mode = "direct"
due = "280.00"
"""


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str

    def line(self) -> str:
        """One line, whatever the detail holds (an error with several problems is joined with ；)."""
        detail = "；".join(part.strip() for part in self.detail.splitlines() if part.strip())
        return f"{'通过' if self.ok else '失败'}  {self.name}：{detail}"


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
    acting: Acting | None = None
    receipt_no: str | None = None
    day: date | None = None
    notes: list[str] = field(default_factory=list)

    def open_ledger(self) -> tuple[Ledger, Acting]:
        if self.ledger is None or self.acting is None:
            raise Skipped("临时数据库没有建成")
        return self.ledger, self.acting


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
        failures += [
            f"{policy_id}“{case.name}”：{problems[0]}" for case in cases if (problems := run_case(policy, case))
        ]
        counts.append(f"{policy_id} {len(cases)}")
    if failures:
        raise AssertionError(f"{len(failures)} 个用例不符：{'；'.join(failures[:3])}")
    return f"{len(ids)} 项政策的用例全部相符（{'，'.join(counts)}）"


def _policy_files(run: _Run) -> str:
    """Which file each policy comes from: a township's update in the data folder shows here, and a
    file that is not used (a failing case, no signature by a trusted key) fails with its reason."""
    sources = policy_sources(PolicyCatalogue())
    updated = [
        f"{s.policy_id} 用 {s.loaded.path}（SHA-256 {s.loaded.sha256[:12]}…）"
        for s in sources
        if s.loaded is not None and not s.loaded.bundled
    ]
    refused = [note for s in sources if s.loaded is not None for note in s.loaded.refused]
    broken = [s.error or s.policy_id for s in sources if s.loaded is None]
    if broken or refused:
        # A township's file that is not used means the village charges by another one: say which and why.
        raise ValueError("；".join(broken + refused))
    return "；".join(["全部使用随软件提供的文件"] if not updated else updated)


def _own_policy(folder: Path) -> tuple[Path, int]:
    """The self-test's policy and its cases, written into the temporary folder; the cases must hold."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{SELFTEST_POLICY}.toml"
    path.write_text(POLICY_TEXT, "utf-8")
    (folder / f"{SELFTEST_POLICY}{CASES_SUFFIX}").write_text(CASES_TEXT, "utf-8")
    policy = parse_policy(POLICY_TEXT, path.name)
    cases = parse_cases(CASES_TEXT, f"{SELFTEST_POLICY}{CASES_SUFFIX}")
    failures = [f"“{case.name}”：{problems[0]}" for case in cases if (problems := run_case(policy, case))]
    if failures:
        raise AssertionError(f"自检政策的用例不符：{'；'.join(failures)}")
    return path, len(cases)


def _ledger(run: _Run) -> str:
    from desktop_app.services.setup import Setup, initialise

    path, cases = _own_policy(run.folder / "policies")
    catalogue = PolicyCatalogue([path.parent])
    policy = catalogue.load(SELFTEST_POLICY).policy
    run.day = policy.collection_start(None) + timedelta(days=7)
    db_path = run.folder / "selftest.sqlite"
    run.ledger = Ledger.open(db_path, catalogue=catalogue, clock=_Clock(run.day), create=True)
    run.acting = initialise(
        run.ledger,
        Setup(SELFTEST_POLICY, "自检村", SELFTEST_COLLECTOR, "ZJ", village_groups=("一组",)),
        SELFTEST_PASSWORD,
    )
    return f"{db_path.name}（自检政策 {SELFTEST_POLICY}，用例 {cases} 条相符；{run.day}）"


def _payment(run: _Run) -> str:
    from desktop_app.domain.idnumber import resident_id
    from desktop_app.domain.money import format_yuan
    from desktop_app.domain.register import PersonInput
    from desktop_app.services.operators import login
    from desktop_app.services.payments import PaymentRequest, pay, quote_people
    from desktop_app.services.register import add_household, add_identity, add_person, get_person
    from desktop_app.store import audit

    ledger, acting = run.open_ledger()
    assert run.day is not None
    login(ledger, SELFTEST_COLLECTOR, SELFTEST_PASSWORD)
    household = add_household(ledger, acting, "0001", "自检村一组1号", "一组", "")
    people = [
        add_person(
            ledger, acting, household, PersonInput(name, resident_id(SELFTEST_REGION, born, serial), relation=relation)
        )
        for name, born, serial, relation in (
            ("王自检", "1975-05-04", 131, "户主"),
            ("李自检", "1978-08-09", 142, "配偶"),
        )
    ]
    add_identity(ledger, acting, people[1], "subsistence_allowance", "民政", "自检名册")
    due = sum(q.due for q in quote_people(ledger, [get_person(ledger, p) for p in people], run.day))
    payment = pay(ledger, acting, PaymentRequest(tuple(people), due, run.day))
    chain = audit.verify(ledger.db)
    if not chain.ok:
        raise AssertionError(f"审计链断开：{chain.problem}")
    run.receipt_no = payment.receipt_no
    return f"收据 {payment.receipt_no}，2 人，{format_yuan(payment.total_due)} 元；审计链 {chain.entries} 条完好"


def _receipt_pdf(run: _Run) -> str:
    from desktop_app.services import printouts

    ledger, acting = run.open_ledger()
    if run.receipt_no is None:
        raise Skipped("没有收费记录")
    document = printouts.document(ledger, acting, "receipt", receipt_no=run.receipt_no, layout="roll")
    path = printouts.to_pdf(document, run.folder / "receipt.pdf")
    data = path.read_bytes()
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-64:]:
        raise AssertionError(f"{path.name} 不是完整的 PDF 文件")
    if FONT_NAME_IN_PDF not in data:
        raise AssertionError("PDF 中没有嵌入随软件提供的中文字体（文泉驿微米黑）")
    return f"{path.name}，{len(data) // 1024} KB，嵌入文泉驿微米黑"


def _batch(run: _Run) -> str:
    from desktop_app.services.batches import export_batch
    from desktop_app.services.county import verify_batch

    ledger, acting = run.open_ledger()
    if run.receipt_no is None:
        raise Skipped("没有收费记录")
    result = export_batch(ledger, acting, run.folder / "batch")
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
