"""Render every printout of a small sample village to PDF and PNG for the README.

    .venv/bin/python docs/screenshots/make_printouts.py [OUT_DIR [PDF_DIR]]

Writes receipt-roll.png, receipt-a4.png, receipt-list.png, day-summary.png and
unpaid-list.png (first page of each, via pdftoppm) into OUT_DIR (default: this
folder); the PDFs go to PDF_DIR if given. Runs offscreen.

Needs poppler's pdftoppm on PATH (Debian/Ubuntu: ``sudo apt-get install poppler-utils``).
Qt could render the pages itself with QPdfDocument, but that is in QtPdf, which the
pinned PySide6-Essentials does not ship; poppler is one package away on any Linux.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from desktop_app.domain.idnumber import resident_id as demo_id  # noqa: E402
from desktop_app.domain.operators import Acting  # noqa: E402
from desktop_app.services import printouts  # noqa: E402
from desktop_app.services.ledger import Ledger  # noqa: E402
from desktop_app.services.payments import PaymentRequest, pay, void  # noqa: E402
from desktop_app.services.refunds import refund  # noqa: E402
from desktop_app.services.register import PersonInput, add_household, add_identity, add_person  # noqa: E402
from desktop_app.services.setup import Setup, initialise  # noqa: E402

DAY = date(2021, 11, 1)
REGION = "220102"

# 户号, 组, 电话, [(姓名, 出生, 关系, 身份, 学生)]
VILLAGE: list[tuple[str, str, str, list[tuple[str, str, str, str | None, bool]]]] = [
    (
        "0001",
        "一组",
        "13804310001",
        [
            ("王建国", "1970-03-14", "户主", "subsistence_allowance", False),
            ("李秀兰", "1972-07-02", "配偶", None, False),
            ("王小明", "2010-09-01", "子", None, True),
        ],
    ),
    (
        "0002",
        "一组",
        "13804310002",
        [("张民生", "1958-05-20", "户主", None, False), ("刘桂芝", "1960-11-11", "配偶", None, False)],
    ),
    ("0003", "一组", "13904310003", [("赵德福", "1949-01-08", "户主", "extreme_poverty", False)]),
    (
        "0004",
        "一组",
        "15004310004",
        [
            ("孙丽娟", "1981-04-16", "户主", None, False),
            ("孙浩然", "2012-06-30", "子", None, True),
            ("孙雨欣", "2015-02-14", "女", None, True),
        ],
    ),
    (
        "0005",
        "二组",
        "13604310005",
        [("周长海", "1966-08-03", "户主", "severe_disability", False), ("吴淑芬", "1968-12-25", "配偶", None, False)],
    ),
    (
        "0006",
        "二组",
        "18604310006",
        [
            ("郑国强", "1975-10-10", "户主", None, False),
            ("马秀英", "1977-03-08", "配偶", None, False),
            ("郑晓东", "2003-07-19", "子", None, True),
            ("郑淑兰", "1945-02-02", "母亲", "monitored", False),
        ],
    ),
    ("0007", "二组", "13104310007", [("陈玉珍", "1955-09-09", "户主", None, False)]),
    (
        "0008",
        "三组",
        "13504310008",
        [
            ("胡永平", "1963-05-05", "户主", "registered_poor", False),
            ("何春梅", "1965-01-30", "配偶", None, False),
            ("胡建军", "1990-11-21", "子", None, False),
        ],
    ),
    ("0009", "三组", "", [("林占山", "1952-06-18", "户主", None, False)]),
]


def build_village(folder: Path) -> tuple[Ledger, Acting]:
    now = datetime(2021, 11, 1, 16, 30)
    ledger = Ledger.open(folder / "sample.sqlite", create=True, clock=lambda: now)
    op = initialise(
        ledger,
        Setup("jl-2022", "新立村", "李会计", "XL", area="changchun", village_groups=("一组", "二组", "三组")),
        "secret1",
    )
    people: dict[str, int] = {}
    serial = 100
    for no, group, phone, members in VILLAGE:
        h = add_household(ledger, op, no, f"新立村{group}{int(no)}号", group, phone)
        for name, birth, relation, identity, student in members:
            serial += 7
            pid = add_person(
                ledger, op, h, PersonInput(name, demo_id(REGION, birth, serial), relation=relation, student=student)
            )
            if identity:
                add_identity(ledger, op, pid, identity, "民政", "2021年名册")
            people[name] = pid

    def take(names: list[str], cash: int) -> str:
        return pay(ledger, op, PaymentRequest(tuple(people[n] for n in names), cash * 100, DAY)).receipt_no

    take(["王建国", "李秀兰", "王小明"], 1000)
    take(["赵德福"], 10)
    wrong = take(["孙丽娟"], 400)
    void(ledger, op, wrong, "收款人员选错，重新开具")
    take(["孙丽娟", "孙浩然", "孙雨欣"], 1000)
    take(["郑国强", "马秀英", "郑晓东", "郑淑兰"], 1500)
    dup = take(["周长海"], 400)
    refund(ledger, op, dup, "重复缴费", DAY)
    return ledger, op


def render(out: Path, pdf_dir: Path) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    pdf_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        ledger, op = build_village(Path(tmp))
        try:
            first = "XL2022000001"
            docs = {  # through the printouts registry, as the window and the CLI print
                "receipt-roll": printouts.document(ledger, op, "receipt", receipt_no=first, layout="roll"),
                "receipt-a4": printouts.document(ledger, op, "receipt", receipt_no=first, reprint=True, layout="a4"),
                "receipt-list": printouts.document(ledger, op, "receipt_list", date_from=DAY, date_to=DAY),
                "day-summary": printouts.document(ledger, op, "day_sheet", day=DAY),
                "unpaid-list": printouts.document(ledger, op, "unpaid"),
            }
            pdfs = {name: printouts.to_pdf(doc, pdf_dir / f"{name}.pdf") for name, doc in docs.items()}
        finally:
            ledger.close()
    pngs = {}
    for name, pdf in pdfs.items():
        dpi = "160" if name == "receipt-roll" else "100"  # A4 at 100 dpi: the small print stays readable
        subprocess.run(
            ["pdftoppm", "-r", dpi, "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out / name)], check=True
        )
        pngs[name] = out / f"{name}.png"
    return pngs


NO_PDFTOPPM = (
    "pdftoppm (poppler-utils) is needed to turn the printouts' PDFs into pictures; "
    "install it with: sudo apt-get install poppler-utils\n"
    "需要 pdftoppm：sudo apt-get install poppler-utils"
)


def main() -> None:
    if not shutil.which("pdftoppm"):
        sys.exit(NO_PDFTOPPM)
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).resolve().parent
    with tempfile.TemporaryDirectory() as tmp:
        pdf_dir = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tmp)
        for name, path in render(out, pdf_dir).items():
            print(f"{name}: {path}")


if __name__ == "__main__":
    main()
