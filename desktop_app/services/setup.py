"""Setting up a village's ledger: village, first collector, first benefit year and its policy,
and the admin password that lets further collectors be added (``services.operators``);
or a village's second laptop, from the first laptop's backup."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from desktop_app.domain.desk import VILLAGE_MODE
from desktop_app.domain.operators import Acting, BenefitYear
from desktop_app.domain.village import Settings
from desktop_app.policy.loader import PolicyFileError
from desktop_app.services.backups import check_backup, restore
from desktop_app.services.clock import Clock
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.services.operators import add_operator, check_receipt_prefix, set_admin_password
from desktop_app.services.policies import PolicyCatalogue, UnknownPolicyError
from desktop_app.store import years as years_store
from desktop_app.store.transactions import immediate


@dataclass(frozen=True)
class Setup:
    """What the first-run wizard (or ``db init``) asks."""

    policy_id: str
    village: str
    collector: str
    receipt_prefix: str
    area: str | None = None
    village_groups: tuple[str, ...] = ()
    participation_target: str = ""


def validate_setup(ledger: Ledger, setup: Setup) -> None:
    try:
        policy = ledger.catalogue.load(setup.policy_id).policy
    except (UnknownPolicyError, PolicyFileError) as e:
        raise LedgerError(str(e), "policy") from None
    if setup.area and policy.area(setup.area) is None:
        known = "、".join(f"{a.code}（{a.name}）" for a in policy.areas) or "（本政策不分地区）"
        raise LedgerError(f"地区“{setup.area}”不在{policy.jurisdiction}，可用：{known}", "area")
    if not setup.village.strip():
        raise LedgerError("村名不能为空", "village")
    check_receipt_prefix(setup.receipt_prefix)


def initialise(ledger: Ledger, setup: Setup, password: str, admin_password: str | None = None) -> Acting:
    """The village, its first collector and its first benefit year (and the admin password, when given),
    in one transaction."""
    if ledger.is_initialised():
        raise LedgerError(f"数据库 {ledger.path} 已经设置过；修改设置请用设置对话框", "db")
    validate_setup(ledger, setup)
    policy = ledger.catalogue.load(setup.policy_id).policy
    year = BenefitYear(policy.benefit_year, setup.policy_id, setup.area or None, ledger.now().date())
    with immediate(ledger.db):
        operator = add_operator(ledger, setup.collector, password, setup.receipt_prefix)
        acting = Acting(operator, year)
        years_store.add(ledger.db, year, operator.name, ledger.stamp())
        ledger.audit(acting, "year.open", {"year": year.year, "policy": year.policy_id, "area": year.area})
        ledger.save_settings(
            Settings(
                village=setup.village.strip(),
                receipt_prefix=operator.receipt_prefix,
                village_groups=setup.village_groups,
                participation_target=setup.participation_target,
            ),
            acting,
        )
        if admin_password is not None:
            set_admin_password(ledger, acting, admin_password)
    return acting


def join_from_backup(
    db_path: Path,
    backup: Path,
    catalogue: PolicyCatalogue | None = None,
    clock: Clock | None = None,
    *,
    password: str | None = None,
) -> Ledger:
    """A village's second laptop: the first laptop's backup becomes this laptop's ledger (and the copy is
    in its audit log). From then on the two registers are separate; each collector takes payments on
    one laptop under their own prefix, exports their own batches, and the township merges them.
    A backup from a stick is encrypted: ``password`` opens it (the admin password, or the collector's
    whose password protected it while the village had no admin password)."""
    if db_path.exists():
        with Ledger.open(db_path, catalogue=catalogue, clock=clock) as existing:
            if existing.is_initialised():
                raise LedgerError(f"这台电脑已经有数据库 {db_path}，不能再用备份开始", "db")
    check_backup(backup, password)
    restore(db_path, backup, password=password)
    ledger = Ledger.open(db_path, catalogue=catalogue, clock=clock)
    try:
        if not ledger.is_initialised() or ledger.settings.mode != VILLAGE_MODE:
            raise LedgerError(f"{backup.name} 不是村里收费用的数据库的备份", "backup")
        with immediate(ledger.db):
            ledger.audit("系统", "ledger.copy", {"from": backup.name, "path": str(db_path)})
    except LedgerError:
        ledger.close()
        db_path.unlink()
        raise
    return ledger
