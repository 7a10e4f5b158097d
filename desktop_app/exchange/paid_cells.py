"""The cells of a paid list read one at a time, as the county's and the tax office's lists write them.

Each office writes the same facts its own way — a year as 2022, '202201-202212' or a
date span, a channel as 微信, 皖事通 or 农商行柜面, an amount as '￥380元', an old
15-digit ID as a number Excel has kept — and new spellings turn up every year. Each
reader here takes one cell and either returns the value or raises ``CellError`` saying
why in Chinese, so the word lists grow here while ``exchange.county_paid`` (which finds
the header and decides which rows to take) stays as it is.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from desktop_app.domain.coverage import OTHER_CHANNEL
from desktop_app.domain.idnumber import normalize, resident_id
from desktop_app.domain.money import Fen, MoneyError, parse_yuan
from desktop_app.exchange.cells import Cell, CellError, ParsedId, cell_text, parse_date_cell, parse_id_cell

__all__ = ["old_digits", "read_amount", "read_channel", "read_day", "read_id", "read_item", "read_year"]

# Channel words as the lists write them, tried in this order on the text without spaces, upper case.
_CHANNEL_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("school", ("学校", "校园", "学生代缴", "教育")),
    ("employer", ("单位",)),
    ("pos", ("POS", "刷卡")),
    (
        "online",
        (
            "APP",
            "微信",
            "支付宝",
            "皖事通",
            "蒙速办",
            "公众号",
            "小程序",
            "手机",
            "线上",
            "网上",
            "网络",
            "电子税务局",
            "云闪付",
            "掌上",
            "互联网",
            "扫码",
            "二维码",
            "网银",
        ),
    ),
    ("bank", ("银行", "农商", "信用社", "信用联社", "邮储", "农行", "工行", "建行", "中行", "柜面", "代扣", "网点")),
)
_OTHER_WORDS = frozenset(("其他", "其它", "OTHER"))
_NOT_OURS = ("职工", "养老", "工伤", "失业", "生育", "灵活就业", "企业")
_DIGITS = re.compile(r"\d+")
_MONEY_NOISE = re.compile(r"[\s,，￥¥元]")
_MOST_YUAN = 1_000_000  # one person's yearly contribution is a few hundred yuan; more is a misread cell


def old_digits(value: Cell) -> str:
    """The 15 digits of an old-style ID cell, else ''."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return ""
    digits = normalize(value.strip().strip("'‘’\"“”=").strip())
    return digits if len(digits) == 15 and digits.isdigit() else ""


def read_id(value: Cell) -> ParsedId | None:
    """An ID number as text; a 15-digit old one (text or number: its digits survive) as its 18-digit form;
    a CSV's '="3413…"' or '\\'3413…' as the number inside."""
    old = old_digits(value)
    if old:
        birth = f"19{old[6:8]}-{old[8:10]}-{old[10:12]}"
        try:
            return parse_id_cell(resident_id(old[:6], birth, int(old[12:15])))
        except (CellError, ValueError):
            raise CellError(f"15位旧身份证号码“{old}”中的出生日期不对，请核实") from None
    if isinstance(value, str):
        value = value.strip().strip("'‘’\"“”=").strip()
    return parse_id_cell(value)


def read_year(value: Cell) -> int | None:
    """缴费年度 / 费款所属期: 2022, '2022年', '202201-202212', '2022-01-01至2022-12-31'; None when blank."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, (datetime, date)):
        return value.year
    text = unicodedata.normalize("NFKC", cell_text(value))
    years = {int(run[:4]) for run in _DIGITS.findall(text) if len(run) in (4, 6, 8) and 1990 <= int(run[:4]) <= 2100}
    if not years:
        raise CellError(f"缴费年度“{text}”看不出是哪一年，应写成如 2022")
    if len(years) > 1:
        raise CellError(
            f"缴费年度“{text}”含有多个年份（{'、'.join(map(str, sorted(years)))}），无法确定是哪一年度的缴费"
        )
    return years.pop()


def read_item(value: Cell) -> str:
    """征收品目 / 险种: blank or 城乡居民医保 in any wording; anything else is not this village's to count."""
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", cell_text(value)))
    if not text:
        return ""
    if any(word in text for word in _NOT_OURS):
        raise CellError(f"险种“{text}”不是城乡居民医保，未登记")
    if "医" not in text:
        raise CellError(f"险种“{text}”看不出是城乡居民医保，未登记；请核实")
    return text


def read_channel(value: Cell) -> tuple[str, str]:
    """The channel's code and the words the list used; words it does not know are 其他 (kept as written)."""
    words = cell_text(value)
    text = re.sub(r"\s", "", unicodedata.normalize("NFKC", words)).upper()
    if not text or text in _OTHER_WORDS:
        return OTHER_CHANNEL, words
    for code, markers in _CHANNEL_WORDS:
        if any(marker in text for marker in markers):
            return code, words
    return OTHER_CHANNEL, words


def read_day(value: Cell) -> date | None:
    """A date as ``cells.parse_date_cell`` reads it; the tax office's '2021-10-08 10:22:15' at C speed."""
    if isinstance(value, str) and len(value) in (10, 19) and value[4:5] == "-":
        try:
            return datetime.fromisoformat(value).date()
        except ValueError:
            pass
    return parse_date_cell(value)


def read_amount(value: Cell) -> Fen | None:
    """An amount in yuan as a number or as text ('380', '380.00', '￥380元'); None when blank."""
    if value is None or isinstance(value, bool):
        if value is None:
            return None
        raise CellError("缴费金额应为数字，如 380 或 380.00")
    if isinstance(value, (int, float)) and not 0 <= value < _MOST_YUAN:
        raise CellError(f"缴费金额“{cell_text(value)}”不对：不能为负数，也不会超过一百万元")
    if isinstance(value, int):
        return value * 100
    if isinstance(value, float):
        fen = round(value * 100)
        if abs(value * 100 - fen) > 1e-6:
            raise CellError(f"缴费金额“{cell_text(value)}”不是整分（最多两位小数）")
        return fen
    text = _MONEY_NOISE.sub("", unicodedata.normalize("NFKC", cell_text(value)))
    if not text:
        return None
    try:
        return parse_yuan(text)
    except MoneyError:
        raise CellError(f"缴费金额“{cell_text(value)}”看不懂，应为如 380 或 380.00 的元数") from None
