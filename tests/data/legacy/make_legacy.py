"""Made the legacy ledger fixture with the code of commit b953d91 (before the one-model change).

Run once, from the repository root, at that commit: ``.venv/bin/python tests/data/legacy/make_legacy.py``.
It writes ``ledger-v0.sqlite`` (a 吉林 village, 2022: payments, a void, a refund, two batches,
a county answer with one rejection) and the two batches as they were written to the stick.
Kept for the record; the code it calls has since changed, so it no longer runs.
"""

from __future__ import annotations

import shutil
from datetime import date, datetime, timedelta
from pathlib import Path

from openpyxl import Workbook  # type: ignore[import-untyped]

from desktop_app.services.batches import export_batch
from desktop_app.services.county import import_county_results
from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.services.ledger import Ledger, Settings
from desktop_app.services.operators import login
from desktop_app.services.payments import PaymentRequest, pay, void
from desktop_app.services.refunds import refund
from desktop_app.services.register import PersonInput, add_household, add_identity, add_person, get_person, person_input, update_person
from desktop_app.services.setup import initialise

HERE = Path(__file__).resolve().parent


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2021, 11, 1, 9, 0)

    def __call__(self) -> datetime:
        return self.now


def main() -> None:
    for name in ("ledger-v0.sqlite", "ledger-v0.sqlite-wal", "ledger-v0.sqlite-shm"):
        (HERE / name).unlink(missing_ok=True)
    shutil.rmtree(HERE / "usb", ignore_errors=True)
    clock = Clock()
    ledger = Ledger.open(HERE / "ledger-v0.sqlite", create=True, clock=clock)
    initialise(ledger, Settings(policy_id="jl-2022", village="新立村", collector="李会计", receipt_prefix="XL",
                                area="changchun", village_groups=("一组", "二组")), "secret1")
    op = login(ledger, "李会计", "secret1")
    people: list[list[int]] = []
    for h in range(1, 5):
        hid = add_household(ledger, op.name, f"000{h}", f"新立村{'一二'[h % 2]}组{h}号", f"{'一二'[h % 2]}组",
                            f"1380000000{h}")
        members = []
        for m in range(3):
            members.append(add_person(ledger, op.name, hid, PersonInput(
                f"{'王李张赵'[h - 1]}{'建秀小'[m]}{'国兰明'[m]}",
                demo_id("220102", f"{1960 + 10 * m}-0{m + 1}-1{h}", 100 + 10 * h + m),
                relation=("户主", "配偶", "子")[m], ethnicity="蒙古族" if m == 1 else "汉族")))
        people.append(members)
    add_identity(ledger, op.name, people[0][0], "subsistence_allowance", "民政", "低保名册")
    add_identity(ledger, op.name, people[1][0], "extreme_poverty", "民政", "特困名册")
    receipts = []
    for members in people:
        clock.now += timedelta(minutes=7)
        receipts.append(pay(ledger, op, PaymentRequest(tuple(members), 200_000, clock.now.date())).receipt_no)
    clock.now += timedelta(minutes=5)
    void(ledger, op, receipts[3], "金额录错")
    clock.now += timedelta(minutes=5)
    receipts.append(pay(ledger, op, PaymentRequest(tuple(people[3]), 200_000, clock.now.date())).receipt_no)
    clock.now += timedelta(days=1)
    first = export_batch(ledger, HERE / "usb", operator_name=op.name)
    answer = HERE / "county-answer.xlsx"
    book = Workbook()
    sheet = book.active
    sheet.append(["序号", "姓名", "公民身份号码", "收据号", "审核结果", "失败原因"])
    wrong = get_person(ledger, people[2][1])
    sheet.append([1, wrong.name, wrong.id_number, receipts[2], "失败", "姓名与公安不符"])
    book.save(answer)
    clock.now += timedelta(days=1)
    import_county_results(ledger, op.name, answer)
    update_person(ledger, op.name, wrong.id, person_input(wrong).__class__(**{**person_input(wrong).__dict__,
                                                                             "name": wrong.name + "芳"}))
    clock.now += timedelta(hours=1)
    refund(ledger, op, receipts[1], "死亡", clock.now.date(), (get_person(ledger, people[1][2]).id_number or "",))
    clock.now += timedelta(hours=1)
    second = export_batch(ledger, HERE / "usb", operator_name=op.name)
    print(first.workbook, second.workbook)
    ledger.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    ledger.close()


if __name__ == "__main__":
    main()
