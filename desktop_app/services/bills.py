"""The tax office's pre-numbered forms (专用票据): books received, forms written on, forms spoiled.

杜集 notice 五(二): "代收单位收取参保人现金保费时，须开具《安徽省城乡居民基本医疗保险费专用票据》
… 票证的领用、结报期限、金额等按照有关规定执行". The first book a collector receives
(领用) switches the village to official forms; from then on every payment names the
form it is written on, which must be an unused, unspoiled number of a book that this
collector received. A spoiled form (作废) keeps its number; a voided payment spoils its
form with it. Numbers are digit strings whose printed width is kept ("0000123").
"""

from __future__ import annotations

import unicodedata
import uuid
from dataclasses import replace
from typing import Any

from desktop_app.domain.cash import BillBook, SpoiledForm, number_ranges
from desktop_app.domain.operators import Acting, Operator
from desktop_app.domain.payments import Payment
from desktop_app.services.ledger import Ledger, LedgerError
from desktop_app.store import bills as store
from desktop_app.store.transactions import immediate

__all__ = [
    "BillBook",
    "SpoiledForm",
    "book_json",
    "books",
    "bill_for_payment",
    "next_free",
    "receive",
    "spoil",
    "spoil_with_void",
]

MAX_BOOK = 10_000  # forms in one receipt of books; a longer range is a typing mistake


def _digits(text: str, field: str, what: str = "票据号") -> str:
    """A form number as typed (full-width digits allowed), as ASCII digits; refuses anything else."""
    cleaned = unicodedata.normalize("NFKC", str(text)).strip()
    if not cleaned.isascii() or not cleaned.isdigit() or len(cleaned) > 20:
        raise LedgerError(f"{what}“{text}”应为印在票据上的数字，如 00012301", field)
    return cleaned


def receive(ledger: Ledger, acting: Acting, first: str, last: str, code: str = "") -> BillBook:
    """Record a book of forms received (领用) by the acting collector; the first one switches the village to them."""
    first, last = _digits(first, "from", "起始号"), _digits(last, "to", "截止号")
    width = max(len(first), len(last))
    first, last = first.zfill(width), last.zfill(width)
    if int(last) < int(first):
        raise LedgerError(f"截止号 {last} 小于起始号 {first}", "to")
    if int(last) - int(first) + 1 > MAX_BOOK:
        raise LedgerError(f"一次领用 {int(last) - int(first) + 1} 份票据太多（最多 {MAX_BOOK} 份）；请检查起止号", "to")
    code = unicodedata.normalize("NFKC", code).strip()
    with immediate(ledger.db):
        clash = store.overlapping(ledger.db, int(first), int(last))
        if clash:
            b = clash[0]
            raise LedgerError(
                f"号码 {first}–{last} 与收款员“{b.operator}”{b.received_on} 领用的 {b.first}–{b.last} "
                "重叠；同一号码的票据只能领用一次",
                "from",
            )
        uid = str(uuid.uuid4())
        today = ledger.now().date()
        book_id = store.add_book(
            ledger.db,
            uid=uid,
            operator_id=acting.operator.id,
            code=code,
            first=first,
            last=last,
            received_on=today,
            created_at=ledger.stamp(),
        )
        ledger.audit(
            acting,
            "bills.receive",
            {"uid": uid, "code": code, "from": first, "to": last, "received_on": today.isoformat()},
        )
        settings = ledger.settings
        if not settings.official_forms:
            ledger.save_settings(replace(settings, official_forms=True), acting)
        found = [b for b in store.books(ledger.db, acting.operator.id) if b.id == book_id]
        return found[0]


def books(ledger: Ledger, operator_id: int | None = None) -> list[BillBook]:
    """Books received (all, or one collector's), with their used, spoiled and unused numbers."""
    return store.books(ledger.db, operator_id)


def next_free(ledger: Ledger, operator: Operator | int) -> str | None:
    """The form to write the next payment on: the one after the last written or spoiled in the
    collector's current book (forms come off the pad in order), else the first unused one."""
    operator_id = operator if isinstance(operator, int) else operator.id
    own = store.books(ledger.db, operator_id)
    for book in own:
        last_taken = max((int(n) for n in (*book.used, *book.spoiled_numbers)), default=-1)
        after = [n for n in book.unused if int(n) > last_taken]
        if after:
            return after[0]
    for book in own:
        if book.unused:
            return book.unused[0]
    return None


def bill_for_payment(ledger: Ledger, acting: Acting, bill_no: str | None) -> str | None:
    """The form number a payment is written on, as printed; inside the payment's transaction.

    Refused: no number while the village uses official forms, a number of no received book,
    of another collector's book, already written on, or spoiled."""
    if bill_no is None or not str(bill_no).strip():
        if not ledger.settings.official_forms:
            return None
        proposal = next_free(ledger, acting.operator)
        if proposal is None:
            raise LedgerError(
                f"本村使用税务专用票据，收款员“{acting.name}”领用的票据已用完；请先领用新的票据"
                "（zhengjiao bills receive）",
                "bill_no",
            )
        raise LedgerError(f"本村使用税务专用票据：请填写本张收据所用的票据号（下一张是 {proposal}）", "bill_no")
    book, number = _own_form(ledger, acting, bill_no)
    receipt_no = store.used_by(ledger.db, number)
    if receipt_no:
        raise LedgerError(f"票据号 {number} 已用于收据 {receipt_no}，不能再用", "bill_no")
    spoiled = store.spoiled(ledger.db, book.id, number)
    if spoiled:
        raise LedgerError(f"票据号 {number} 已于 {spoiled.spoiled_on} 作废（{spoiled.reason}），不能再用", "bill_no")
    return number


def spoil(ledger: Ledger, acting: Acting, number: str, reason: str) -> SpoiledForm:
    """Record a spoiled form (作废): it keeps its number and is handed in at the next settlement."""
    reason = reason.strip()
    if not reason:
        raise LedgerError("作废票据必须写明原因", "reason")
    with immediate(ledger.db):
        book, number = _own_form(ledger, acting, number, "number")
        receipt_no = store.used_by(ledger.db, number)
        if receipt_no:
            raise LedgerError(f"票据号 {number} 已用于收据 {receipt_no}；要作废它，请作废该收据", "number")
        done = store.spoiled(ledger.db, book.id, number)
        if done:
            raise LedgerError(f"票据号 {number} 已于 {done.spoiled_on} 作废", "number")
        uid = str(uuid.uuid4())
        today = ledger.now().date()
        store.add_spoil(
            ledger.db,
            uid=uid,
            book_id=book.id,
            number=number,
            reason=reason,
            operator_id=acting.operator.id,
            spoiled_on=today,
            created_at=ledger.stamp(),
        )
        ledger.audit(acting, "bills.spoil", {"uid": uid, "number": number, "code": book.code, "reason": reason})
        return SpoiledForm(number, reason, acting.name, today)


def spoil_with_void(ledger: Ledger, acting: Acting, payment: Payment, reason: str) -> None:
    """A voided payment's form is spoiled with it (inside the void's transaction)."""
    if payment.bill_no is None:
        return
    book = store.holding(ledger.db, int(payment.bill_no))
    if book is None or store.spoiled(ledger.db, book.id, payment.bill_no):
        return
    store.add_spoil(
        ledger.db,
        uid=str(uuid.uuid4()),
        book_id=book.id,
        number=payment.bill_no,
        reason=f"收据 {payment.receipt_no} 作废：{reason}",
        operator_id=acting.operator.id,
        spoiled_on=ledger.now().date(),
        created_at=ledger.stamp(),
        payment_id=payment.id,
    )


def _own_form(ledger: Ledger, acting: Acting, text: str, field: str = "bill_no") -> tuple[BillBook, str]:
    value = int(_digits(text, field))
    book = store.holding(ledger.db, value)
    if book is None:
        raise LedgerError(f"票据号 {text} 不在已领用的票据中；请核对号码，或先领用这本票据", field)
    if book.operator_id != acting.operator.id:
        raise LedgerError(f"票据号 {book.number(value)} 是收款员“{book.operator}”领用的，只能由其本人使用", field)
    return book, book.number(value)


def book_json(book: BillBook) -> dict[str, Any]:
    """``zhengjiao --json bills``: one book with its used, spoiled and unused numbers."""
    return {
        "code": book.code,
        "from": book.first,
        "to": book.last,
        "operator": book.operator,
        "received_on": book.received_on.isoformat(),
        "size": book.size,
        "used": list(book.used),
        "spoiled": [
            {"number": s.number, "reason": s.reason, "spoiled_on": s.spoiled_on.isoformat(), "receipt_no": s.receipt_no}
            for s in book.spoiled
        ],
        "unused": list(book.unused),
        "unused_ranges": [list(r) for r in number_ranges(book.unused)],
    }
