"""Three villages' sticks for the township desk's tests, and a desk ledger to receive them.

山头村 (王芳) and 河口村 (李强) both registered and took money for the same person: 重复参保.
柳树村 (赵敏) exported three batches, but the stick brought to the township holds only the
first and the third: batch 2 is missing. Batch 2 lies in ``later`` for the test that
brings it afterwards, and ``other`` holds a different 柳树村 赵敏 第1批 (the same number,
other content) for the test that flags it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from desktop_app.domain.operators import Operator
from desktop_app.services.batches import BatchResult, export_batch
from desktop_app.services.ledger import Ledger
from desktop_app.services.township_desk import initialise_township
from tests.batch_village import close, make_village, new_id, pay_households
from tests.village import PASSWORD, Clock

SHARED = new_id(date(1966, 6, 6))
TOWNSHIP, CLERK = "山头镇", "孙文书"


@dataclass(frozen=True)
class Sticks:
    usb: Path  # what the clerk adds: 山头村 1, 河口村 1, 柳树村 1 and 3
    later: Path  # 柳树村 batch 2, brought afterwards
    other: Path  # another 柳树村 赵敏 第1批: same number, different content
    batches: dict[str, list[BatchResult]]


def make_sticks(root: Path) -> Sticks:
    """The villages export to their own folders; the sticks are copies, as a clerk would receive them."""
    usb, later, other = root / "usb", root / "later", root / "other"
    a = make_village(root / "a", "山头村", "王芳", "STZ", households=2, members=2, id_numbers=[SHARED])
    b = make_village(root / "b", "河口村", "李强", "HKC", households=2, members=1, region="220103", id_numbers=[SHARED])
    c = make_village(root / "c", "柳树村", "赵敏", "LSC", households=3, members=1, region="220104")
    d = make_village(root / "d", "柳树村", "赵敏", "LSD", households=1, members=1, region="220104")
    try:
        pay_households(a, members=2)
        pay_households(b, members=1)
        out = {
            "a": [export_batch(a.ledger, a.acting, root / "out-a")],
            "b": [export_batch(b.ledger, b.acting, root / "out-b")],
            "c": [],
        }
        for person in c.people:
            c.pay([person])
            out["c"].append(export_batch(c.ledger, c.acting, root / "out-c"))
        pay_households(d, members=1)
        out["d"] = [export_batch(d.ledger, d.acting, root / "out-d")]
    finally:
        close(a, b, c, d)
    for folder, results in (
        (usb / "山头村", out["a"]),
        (usb / "河口村", out["b"]),
        (usb / "柳树村", [out["c"][0], out["c"][2]]),
        (later, [out["c"][1]]),
        (other, out["d"]),
    ):
        folder.mkdir(parents=True, exist_ok=True)
        for r in results:
            shutil.copy2(r.workbook, folder / r.workbook.name)
            shutil.copy2(r.manifest, folder / r.manifest.name)
    (usb / "说明.txt").write_text("村里交来的U盘", "utf-8")
    return Sticks(usb, later, other, out)


def copy_sticks(sticks: Sticks, into: Path) -> Sticks:
    """A test's own copy of the sticks (a test may damage its files)."""
    for name in ("usb", "later", "other"):
        shutil.copytree(getattr(sticks, name), into / name)
    return Sticks(into / "usb", into / "later", into / "other", sticks.batches)


def new_desk(path: Path, clock: Clock | None = None) -> tuple[Ledger, Operator]:
    """A township desk ledger set up for 山头镇 with its clerk; the caller closes it."""
    ledger = Ledger.open(path, create=True, clock=clock or Clock())
    try:
        clerk = initialise_township(ledger, TOWNSHIP, CLERK, PASSWORD)
    except BaseException:
        ledger.close()
        raise
    return ledger, clerk
