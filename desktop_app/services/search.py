"""Finding people, and through them households, as the collector types.

One box takes a name or part of it (王, 王秀, 秀英), pinyin initials (wxy) or full
pinyin (wangxiuying, "wang xiu"), a name begun in characters and finished in pinyin
(王x), an ID number, its first or last digits (1234, 00123X), or a 户号. Exact
matches come first, then prefixes, then names that only contain the text; people no
longer in the register (迁出, 死亡) come after those who are. Words separated by spaces
must all match: "王伟 1234" is the 王伟 whose ID number ends in 1234.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from sqlite_utils import Database

from desktop_app.domain.names import full_pinyin
from desktop_app.services.ledger import Ledger
from desktop_app.store import search_queries as q

EXACT, PREFIX, CONTAINED = 0, 1, 2

NAME, NAME_PREFIX, NAME_CONTAINS = "姓名", "姓名开头", "姓名包含"
INITIALS, INITIALS_PREFIX = "拼音首字母", "拼音首字母开头"
PINYIN, PINYIN_PREFIX = "全拼", "全拼开头"
NAME_AND_PINYIN = "姓名与拼音开头"
ID_NUMBER, ID_TAIL, ID_HEAD = "身份证号", "身份证号末尾", "身份证号开头"
HOUSEHOLD_NO, HOUSEHOLD_PREFIX = "户号", "户号开头"

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_ID_LIKE = re.compile(r"\d+x?")
_LETTERS = re.compile(r"[a-z]+")
_NAME_LIKE = re.compile(rf"([{_HAN}·]+)([a-z]*)")
_DROPPED = re.compile(r"['’]")  # xi'an
_SEPARATORS = re.compile(r"[,，、;；]")
_MAX_INITIALS = 4  # a compound surname and a two-character given name


@dataclass(frozen=True)
class SearchHit:
    person_id: int
    household_id: int
    household_no: str
    name: str
    id_number: str | None
    village_group: str
    status: str
    why: str  # which field matched and how, e.g. 身份证号末尾
    rank: int  # 0 exact, 1 prefix, 2 contained


@dataclass(frozen=True)
class HouseholdHit:
    household_id: int
    household_no: str
    village_group: str
    address: str
    phone: str
    head_name: str  # the 户主's name, "" when the household has none recorded
    member_count: int
    active_count: int  # members still in the register
    matched: tuple[str, ...]  # the members the text found, best first
    why: str


Lookup = Callable[[Database, int], list[q.Found]]


@dataclass(frozen=True)
class _Term:
    kind: str  # id, letters, name, other
    text: str  # lowercase, except an ID number's X
    spelled: str = ""  # the pinyin typed after the characters of a name, as in 王x
    raw: str = ""  # as typed (full-width made half-width), for 户号 such as A012


def search(ledger: Ledger, text: str, limit: int = 50) -> list[SearchHit]:
    """People matching what was typed, best first; [] for an empty box."""
    return _search(ledger.db, text, limit)[:limit]


def search_households(ledger: Ledger, text: str, limit: int = 50) -> list[HouseholdHit]:
    """The households of the people found, each once, with head and member count."""
    fetch = limit * 2
    while True:  # a 户号 brings all its members, a name mostly one: ask for more only when short
        hits = _search(ledger.db, text, fetch)
        order: list[int] = []
        matched: dict[int, list[SearchHit]] = {}
        for hit in hits:
            if hit.household_id not in matched:
                order.append(hit.household_id)
                matched[hit.household_id] = []
            matched[hit.household_id].append(hit)
        if len(order) >= limit or len(hits) < fetch:
            break
        fetch *= 4
    order = order[:limit]
    summaries = q.household_summaries(ledger.db, order)
    out = []
    for hid in order:
        s = summaries[hid]
        found = matched[hid]
        out.append(
            HouseholdHit(
                hid,
                s.household_no,
                s.village_group,
                s.address,
                s.phone,
                s.head_name or "",
                s.members,
                s.active,
                tuple(h.name for h in found),
                found[0].why,
            )
        )
    return out


def terms(text: str) -> list[_Term]:
    """What was typed, split into words: ID digits, pinyin letters, a name, or anything else."""
    text = _SEPARATORS.sub(" ", _DROPPED.sub("", unicodedata.normalize("NFKC", text)))
    merged: list[_Term] = []
    for word in text.split():
        term = _classify(word)
        if merged and term.kind == merged[-1].kind and term.kind in ("letters", "name") and not merged[-1].spelled:
            last = merged.pop()  # "zhang wei", "王 伟"
            term = _Term(term.kind, last.text + term.text, term.spelled, last.raw + term.raw)
        merged.append(term)
    return merged


def _classify(raw: str) -> _Term:
    word = raw.lower()
    if _ID_LIKE.fullmatch(word):
        return _Term("id", word.upper(), raw=raw)
    if _LETTERS.fullmatch(word):
        return _Term("letters", word, raw=raw)
    named = _NAME_LIKE.fullmatch(word)
    if named:
        return _Term("name", named.group(1), named.group(2), raw)
    return _Term("other", word, raw=raw)


def lookups(term: _Term) -> list[tuple[int, str, Lookup]]:
    """(rank, why, lookup) in the order they are tried."""
    t = term.text
    found: list[tuple[int, str, Lookup]] = []
    if term.kind == "id":
        if len(t) == 18:
            found.append((EXACT, ID_NUMBER, lambda db, n: q.people_equal(db, "id_number", t, n)))
        found.append((PREFIX, ID_TAIL, lambda db, n: q.people_prefixed(db, "id_tail", t[::-1], n)))
    elif term.kind == "letters":
        found += _spelling_lookups(t)
    elif term.kind == "name" and term.spelled:
        spelled = full_pinyin(t) + term.spelled
        found.append((PREFIX, NAME_AND_PINYIN, lambda db, n: q.people_named_and_spelled(db, t, spelled, n)))
    else:
        found.append((EXACT, NAME, lambda db, n: q.people_equal(db, "name", t, n)))
    numbers = _household_spellings(term)
    found.append((EXACT, HOUSEHOLD_NO, lambda db, n: q.people_of_household_no(db, numbers, n)))
    if term.kind == "name" and not term.spelled:
        found.append((PREFIX, NAME_PREFIX, lambda db, n: q.people_prefixed(db, "name", t, n)))
    found.append((PREFIX, HOUSEHOLD_PREFIX, lambda db, n: q.people_of_household_prefix(db, numbers, n)))
    if term.kind == "id" and 6 <= len(t) < 18:
        found.append((PREFIX, ID_HEAD, lambda db, n: q.people_prefixed(db, "id_head", t, n)))
    if term.kind == "name" and not term.spelled:
        found.append((CONTAINED, NAME_CONTAINS, lambda db, n: q.people_name_containing(db, t, n)))
    return found


def _household_spellings(term: _Term) -> tuple[str, ...]:
    """户号 as typed, and in capitals (sz-012 finds SZ-012)."""
    return tuple(dict.fromkeys((term.raw, term.raw.upper())))


def _spelling_lookups(t: str) -> list[tuple[int, str, Lookup]]:
    found: list[tuple[int, str, Lookup]] = []
    short = len(t) <= _MAX_INITIALS
    if short:
        found.append((EXACT, INITIALS, lambda db, n: q.people_equal(db, "initials", t, n)))
    found.append((EXACT, PINYIN, lambda db, n: q.people_equal(db, "pinyin", t, n)))
    initial_prefix = (PREFIX, INITIALS_PREFIX, lambda db, n: q.people_prefixed(db, "initials", t, n))
    pinyin_prefix = (PREFIX, PINYIN_PREFIX, lambda db, n: q.people_prefixed(db, "pinyin", t, n))
    if short and len(t) > 1:  # "zw": initials first; a single letter matches the same people both ways
        found.append(initial_prefix)
    found.append(pinyin_prefix)
    return found


def _search(db: Database, text: str, limit: int) -> list[SearchHit]:
    words = terms(text)
    if not words or limit <= 0:
        return []
    driver = min(words, key=_selectivity)
    rest = [w for w in words if w is not driver]
    fetch = limit if not rest else max(limit * 20, 2000)
    best: dict[int, tuple[tuple[int, int, int, int], SearchHit]] = {}
    for order, (rank, why, lookup) in enumerate(lookups(driver)):
        if sum(1 for key, _ in best.values() if key[0] < rank) >= limit:
            break  # everything further down ranks below what is already found
        for position, row in enumerate(lookup(db, fetch)):
            if row.person_id in best or not all(_matches(w, row) for w in rest):
                continue
            hit = SearchHit(
                row.person_id,
                row.household_id,
                row.household_no,
                row.name,
                row.id_number,
                row.village_group,
                row.status,
                why,
                rank,
            )
            best[row.person_id] = ((rank, int(row.status != "active"), order, position), hit)
    return [hit for _, hit in sorted(best.values(), key=lambda kv: kv[0])]


def _selectivity(term: _Term) -> int:
    """Which word to look up first; the others only filter what it finds."""
    if term.kind == "id":
        return 0 if len(term.text) >= 4 else 4
    if term.kind == "name":
        return 1 if len(term.text) >= 2 else 3
    return 2 if len(term.text) >= 3 else 5


def _matches(term: _Term, row: q.Found) -> bool:
    """Whether a row already found also fits another word of the query."""
    name, id_number, household_no = row.name, row.id_number or "", row.household_no
    pinyin, letters = row.name_pinyin, row.name_initials
    t = term.text
    if household_no.startswith(_household_spellings(term)):
        return True
    if term.kind == "id":
        return id_number.endswith(t) or (len(t) >= 6 and id_number.startswith(t))
    if term.kind == "letters":
        return pinyin.startswith(t) or (len(t) <= _MAX_INITIALS and letters.startswith(t))
    if term.kind == "name" and term.spelled:
        return name.startswith(t) and pinyin.startswith(full_pinyin(t) + term.spelled)
    return t in name
