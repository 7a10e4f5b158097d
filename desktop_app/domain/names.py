"""Pinyin for finding people by name as the collector types it.

pypinyin reads a character by its commonest sound; surnames have their own (曾 is
zeng not ceng, 单 is shan not dan). pypinyin 0.55 has no surname mode (upstream
issue mozillazg/python-pinyin#297), so the surname readings are kept here.

A roster import reads 100 000 names, and pypinyin takes ~20 µs a name; most given
names hold no word of pypinyin's phrase dictionary, and then its answer is each
character's own reading, so those are read from a per-character cache (the same
answer, ~1 µs). Names with a phrase or a non-Han character go through pypinyin.
"""

from __future__ import annotations

from functools import lru_cache
from types import ModuleType
from typing import Any

COMPOUND_SURNAMES = {
    "万俟": ["mo", "qi"],
    "尉迟": ["yu", "chi"],
    "单于": ["chan", "yu"],
    "长孙": ["zhang", "sun"],
    "欧阳": ["ou", "yang"],
    "司马": ["si", "ma"],
    "上官": ["shang", "guan"],
    "诸葛": ["zhu", "ge"],
    "令狐": ["ling", "hu"],
    "皇甫": ["huang", "fu"],
    "澹台": ["tan", "tai"],
    "乐正": ["yue", "zheng"],
}
SURNAMES = {
    "曾": "zeng",
    "单": "shan",
    "解": "xie",
    "仇": "qiu",
    "区": "ou",
    "查": "zha",
    "朴": "piao",
    "繁": "po",
    "盖": "ge",
    "乐": "yue",
    "翟": "zhai",
    "种": "chong",
    "重": "chong",
    "秘": "bi",
    "冼": "xian",
    "华": "hua",
    "过": "guo",
    "纪": "ji",
    "燕": "yan",
    "缪": "miao",
    "瞿": "qu",
    "覃": "qin",
    "折": "she",
    "那": "na",
    "佴": "nai",
    "难": "nan",
    "粘": "nian",
    "藏": "zang",
    "宿": "su",
    "召": "shao",
    "员": "yun",
    "贠": "yun",
    "隗": "wei",
    "句": "gou",
    "阚": "kan",
    "薄": "bo",
    "都": "du",
    "贾": "jia",
    "沈": "shen",
    "柏": "bai",
    "牟": "mou",
    "殷": "yin",
    "陆": "lu",
    "卜": "bu",
    "石": "shi",
    "车": "che",
    "盛": "sheng",
    "尉": "yu",
    "塔": "ta",
    "和": "he",
    "蓝": "lan",
    "叶": "ye",
    "强": "qiang",
    "阿": "a",
    "汤": "tang",
    "万": "wan",
    "沙": "sha",
    "长": "chang",
    "藉": "ji",
    "调": "diao",
    "曲": "qu",
    "便": "pian",
    "祭": "zhai",
}

_CHARS: dict[str, tuple[str, ...] | None] = {}  # a character's syllables, None when not cacheable


@lru_cache(maxsize=1)
def _library() -> tuple[ModuleType, Any, Any]:
    """pypinyin on first use: its phrase dictionary takes half a second to load, and the
    window must open before anyone types a new name."""
    import pypinyin
    from pypinyin.constants import PHRASES_DICT, RE_HANS

    return pypinyin, PHRASES_DICT, RE_HANS


def name_syllables(name: str) -> list[str]:
    """Lowercase syllables, the surname read as a surname; letters and digits kept."""
    return list(_syllables(name.strip()))


def full_pinyin(name: str) -> str:
    """'曾小明' -> 'zengxiaoming'."""
    return pinyin_keys(name)[0]


def initials(name: str) -> str:
    """'曾小明' -> 'zxm'."""
    return pinyin_keys(name)[1]


@lru_cache(maxsize=200_000)
def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials at once: ('zengxiaoming', 'zxm')."""
    syllables = _syllables(name.strip())
    return "".join(syllables).replace("ü", "v"), "".join([s[0] for s in syllables if s])


def _syllables(name: str) -> tuple[str, ...]:
    compound = COMPOUND_SURNAMES.get(name[:2])
    if compound is not None:
        return (*compound, *_plain(name[2:]))
    if name and name[0] in SURNAMES:
        return (SURNAMES[name[0]], *_plain(name[1:]))
    if len(name) > 1 and not _holds_phrase(name):  # no phrase takes in the surname: it reads alone,
        first = _char(name[0])  # and the given name (王|秀英, 李|秀英) is read once for all
        if first is not None:
            return first + _plain(name[1:])
    return _plain(name)


@lru_cache(maxsize=100_000)
def _plain(text: str) -> tuple[str, ...]:
    out: list[str] = []
    for ch in text:
        sounds = _char(ch)
        if sounds is None:
            return _pypinyin(text)
        out.extend(sounds)
    if len(text) > 1 and _holds_phrase(text):
        return _pypinyin(text)
    return tuple(out)


def _char(ch: str) -> tuple[str, ...] | None:
    """One Han character's reading on its own; None for anything pypinyin reads in a run."""
    sounds = _CHARS.get(ch)
    if sounds is None and ch not in _CHARS:
        sounds = _CHARS[ch] = _pypinyin(ch) if _library()[2].match(ch) else None
    return sounds


def _holds_phrase(text: str) -> bool:
    """Whether pypinyin would read some run of characters as a dictionary phrase."""
    n = len(text)
    PHRASES_DICT = _library()[1]
    if n == 2:
        return text in PHRASES_DICT
    if n == 3:
        return text in PHRASES_DICT or text[:2] in PHRASES_DICT or text[1:] in PHRASES_DICT
    return any(text[i:j] in PHRASES_DICT for i in range(n - 1) for j in range(i + 2, n + 1))


def _pypinyin(text: str) -> tuple[str, ...]:
    pypinyin = _library()[0]
    return tuple(
        s.lower()
        for s in pypinyin.lazy_pinyin(text, style=pypinyin.Style.NORMAL, errors="default", v_to_u=False)
        if s.strip()
    )
