"""A roster's person cells (民族, 与户主关系, 是否在校学生, 联系电话 …) read as villages write them.

Each reader returns the value the register keeps, raises ``CellError`` when the cell
cannot be taken (a sex that is neither 男 nor 女, a date that is none), or raises
``CellNote`` with the value kept when the app does not know the value but need not:
a relation is information only, so 邻居 or 干女儿 is kept as written and shown as a
warning; known spellings are normalised (户主之子, 儿子 → 子; 汉, 01 → 汉族).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import cast

from desktop_app.domain.codes import ETHNICITIES, normalize_ethnicity
from desktop_app.exchange.cells import Cell, CellError, CellNote, cell_text, code_text, parse_date_cell, parse_flag_cell

STATUS_WORDS = {
    "在册": "active",
    "正常": "active",
    "active": "active",
    "迁出": "moved_out",
    "外迁": "moved_out",
    "moved_out": "moved_out",
    "死亡": "deceased",
    "已故": "deceased",
    "去世": "deceased",
    "deceased": "deceased",
}
RELATIONS = frozenset(
    """
户主 本人 配偶 夫 妻 丈夫 妻子 老伴 子 女 儿子 女儿 独生子 独生女 养子 养女 继子 继女 养子或继子 养女或继女
其他儿子 其他女儿 儿媳 儿媳妇 媳妇 女婿 孙 孙子 孙女 外孙 外孙子 外孙女 孙媳 孙媳妇 孙女婿 外孙媳妇 外孙女婿
曾孙 曾孙子 曾孙女 外曾孙 外曾孙子 外曾孙女 父亲 母亲 父母 公公 婆婆 岳父 岳母 继父 继母 养父 养母
祖父 祖母 外祖父 外祖母 祖父母 外祖父母 曾祖父 曾祖母 兄 弟 姐 妹 哥哥 弟弟 姐姐 妹妹 兄弟 姐妹 兄弟姐妹
嫂 嫂子 弟媳 弟妹 姐夫 妹夫 伯父 伯母 叔父 叔叔 婶母 婶婶 舅父 舅舅 舅母 姨父 姨母 姑父 姑母 姑姑
堂兄 堂弟 堂姐 堂妹 堂兄弟 堂姐妹 表兄 表弟 表姐 表妹 表兄弟 表姐妹 侄子 侄女 侄孙 侄孙女 外甥 外甥女
子女 孙子女 外孙子女 曾孙子女 继子女 养子女 侄孙子 非亲属 其他亲属 其他
""".split()
)
RELATION_SPELLINGS = {  # what rolls write -> the word the register keeps (GB/T 4761's, or the app's list)
    "儿子": "子",
    "女儿": "女",
    "儿女": "子女",
    "子女们": "子女",
    "丈夫": "夫",
    "老公": "夫",
    "妻子": "妻",
    "老婆": "妻",
    "爱人": "配偶",
    "老伴": "配偶",
    "父": "父亲",
    "母": "母亲",
    "爸爸": "父亲",
    "妈妈": "母亲",
    "儿媳妇": "儿媳",
    "孙媳": "孙媳妇",
    "重孙": "曾孙",
    "重孙子": "曾孙子",
    "重孙女": "曾孙女",
    "侄儿": "侄子",
    "户主本人": "户主",
}
_NUMBERED = re.compile(r"[长次大小幺二三四五六七八九十]?(子|女|儿子|女儿|孙|孙子|孙女|外孙|外孙子|外孙女|媳|儿媳|女婿)")
_RELATION_PREFIXES = ("户主之", "户主的", "户主", "之")
_BRACKETS = re.compile(r"[（(【\[].*?[）)】\]]")
_SPACES = re.compile(r"\s+")
_PHONE_NOISE = re.compile(r"[\s\-－—–()（）]")


def read_household_no(value: Cell) -> str:
    return code_text(value, "户号")


def read_village_group(value: Cell) -> str:
    return code_text(value, "村民小组")


def read_ethnicity(value: Cell) -> str:
    """One of the 56 as the register writes it: 汉, 汉族, 汉族人 and GB 3304's code 01 are all 汉族."""
    text = cell_text(value)
    if not text:
        return ""
    word = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    if word.isdigit() and len(word) <= 2 and 1 <= int(word) <= len(ETHNICITIES):
        return ETHNICITIES[int(word) - 1]  # GB 3304 numbers the 56 in this order
    found = normalize_ethnicity(word) or (normalize_ethnicity(word[:-1]) if word.endswith("人") else None)
    if found is None:
        raise CellNote(
            text,
            text,
            f"民族“{text}”不是56个民族之一，已按原文保留；请核对",
            f"民族“{text}”不是56个民族之一（如 {'、'.join(ETHNICITIES[:3])}，或 GB 3304 代码 01）；"
            "本年度政策按民族确定资助，须改正",
        )
    return found


def read_student(value: Cell) -> bool:
    try:
        return parse_flag_cell(value, "是否在校学生")
    except CellError as e:
        raise CellNote(
            None,
            "",
            f"是否在校学生“{cell_text(value)}”无法识别，未记入（已登记的人不变，新登记的按“否”）；请核对",
            f"{e}；本年度政策对在校学生另有规定，须改正",
        ) from None


def read_status(value: Cell) -> str:
    text = cell_text(value)
    if not text:
        return ""
    status = STATUS_WORDS.get(_SPACES.sub("", text))
    if status is None:
        raise CellError(f"状态“{text}”无法识别，应为 在册、迁出 或 死亡")
    return status


def read_birth_date(value: Cell) -> str:
    born = parse_date_cell(value)
    return born.isoformat() if born else ""


def read_phone(value: Cell) -> str:
    """A mobile number written with spaces or dashes is kept as its 11 digits, any other number as
    written; a text with no number in it (无, 不详, 138xxxx) is kept as written, with a warning."""
    text = (
        value.strip() if value.__class__ is str and value.isascii() else unicodedata.normalize("NFKC", cell_text(value))
    )
    if not text:
        return ""
    digits = _PHONE_NOISE.sub("", text)
    if len(digits) == 11 and digits.isascii() and digits.isdigit() and digits[0] == "1":
        return digits
    if (digits.isascii() and digits.isdigit()) or sum(c.isdigit() for c in text) >= 7:
        return text
    raise CellNote(text, text, f"联系电话“{text}”不像电话号码，已按原文保留；请核对")


def quick_phones(cells: Sequence[Cell]) -> list[str | None]:
    """A phone column of only digits (and blanks) at once, as written; None for every cell to read one by one."""
    texts = cast(Sequence[str], cells)
    try:
        joined = "".join(texts)
    except TypeError:  # a number among them
        return [c if c.__class__ is str and _digits(c) else None for c in texts]
    if joined.isascii() and joined.encode("ascii").isdigit():  # bytes.isdigit: ten times str.isdigit's speed
        return list(texts)
    return [c if _digits(c) else None for c in texts]


def _digits(text: str) -> bool:
    return not text or (text.isascii() and text.isdigit())


def read_relation(value: Cell) -> str:
    """A known word, normalised (户主之子 and 儿子 → 子); any other kept as written, with a warning:
    the relation is information, never a reason to refuse a person."""
    text = cell_text(value)
    if not text:
        return ""
    word = _SPACES.sub("", unicodedata.normalize("NFKC", text))
    known = _known_relation(word) or _known_relation(_BRACKETS.sub("", word))
    if known:
        return known
    raise CellNote(text, text, f"与户主关系“{text}”不是常用的称谓，已按原文保留（不影响缴费）")


def _known_relation(word: str) -> str:
    for prefix in _RELATION_PREFIXES:
        if word.startswith(prefix) and len(word) > len(prefix):
            rest = word[len(prefix) :]
            if _known_relation(rest):
                word = rest
                break
    word = RELATION_SPELLINGS.get(word, word)
    return word if word in RELATIONS or _NUMBERED.fullmatch(word) else ""


def read_sex(value: Cell) -> str:
    text = cell_text(value)
    if not text:
        return ""
    sex = {"男": "男", "女": "女", "男性": "男", "女性": "女"}.get(_SPACES.sub("", text))
    if sex is None:
        raise CellError(f"性别“{text}”无法识别，应为 男 或 女")
    return sex


def clean_name(value: Cell) -> str:
    name = cell_text(value)
    if name and (" " in name or "\u3000" in name or "\t" in name):
        # '王  伟' is aligned by hand; inner spaces in a Chinese name are not part of it
        parts = name.split()
        name = "".join(parts) if all(not p.isascii() for p in parts) else " ".join(parts)
    return name
