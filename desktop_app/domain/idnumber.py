"""Identity document numbers as the collector reads them off a card.

Validity is the checksum and a real birth date. The region code only informs: codes
were created and renamed over the years, so a villager born in 1981 may rightly carry
a code made in 1998, and ``stdnum.cn.ric.validate`` would wrongly refuse them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from enum import Enum

from stdnum.cn import ric


class IdKind(str, Enum):
    RESIDENT = "resident"  # 居民身份证 (GB 11643)
    HK_MO_TW_PERMIT = "hk_mo_tw_permit"  # 港澳台居民居住证 (81/82/83…)
    FOREIGN_PERMANENT = "foreign_permanent"  # 外国人永久居留身份证

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    IdKind.RESIDENT: "居民身份证",
    IdKind.HK_MO_TW_PERMIT: "港澳台居民居住证",
    IdKind.FOREIGN_PERMANENT: "外国人永久居留身份证",
}
_HK_MO_TW_PREFIXES = {"810000": "香港", "820000": "澳门", "830000": "台湾"}
_OLD_FOREIGN = re.compile(r"^[A-Z]{3}\d{12}$")  # 2004 format: country letters + 12 digits


class IdNumberError(ValueError):
    """Why a number is not a valid identity number, in words a collector can act on."""


@dataclass(frozen=True)
class IdNumber:
    number: str
    kind: IdKind
    birth_date: date
    sex: str  # "男" / "女"
    region: str  # what the region code says, or "" when unknown

    @property
    def tail(self) -> str:
        return self.number[-6:]


def normalize(text: str) -> str:
    """Full-width digits to ASCII, spaces and dashes out, a lowercase x upper."""
    text = unicodedata.normalize("NFKC", text)
    return re.sub(r"[\s\-_]", "", text).upper()


def parse_id_number(text: str) -> IdNumber:
    """Read any supported document number; raise IdNumberError saying what is wrong."""
    if not isinstance(text, str):
        raise IdNumberError("证件号码应为文字")
    number = normalize(text)
    if not number:
        raise IdNumberError("证件号码为空")
    if re.fullmatch(r"\d\.\d+E\+?\d+", number):
        raise IdNumberError(f"证件号码“{text}”被表格存成了科学计数法数字，后几位已丢失；请把该列设为文本后重新录入号码")
    if _OLD_FOREIGN.fullmatch(number):
        return _parse_old_foreign(number)
    if len(number) == 15 and number.isdigit():
        raise IdNumberError("这是15位的旧身份证号码，请使用18位的新号码")
    if len(number) != 18:
        raise IdNumberError(f"证件号码应为18位，现在是{len(number)}位")
    if not re.fullmatch(r"\d{17}[\dX]", number):
        raise IdNumberError("证件号码前17位应为数字，最后一位为数字或X")
    if ric.calc_check_digit(number) != number[-1]:
        raise IdNumberError("证件号码校验位不对，可能有一位看错或输错，请对照证件核实")
    born = _birth_date(number[6:14])
    sex = "男" if int(number[16]) % 2 else "女"
    if number.startswith(tuple(_HK_MO_TW_PREFIXES)):
        return IdNumber(number, IdKind.HK_MO_TW_PERMIT, born, sex, _HK_MO_TW_PREFIXES[number[:6]])
    if number[0] == "9":
        return IdNumber(number, IdKind.FOREIGN_PERMANENT, born, sex, "")
    return IdNumber(number, IdKind.RESIDENT, born, sex, _region(number))


def _birth_date(digits: str) -> date:
    try:
        born = date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise IdNumberError(f"证件号码中的出生日期“{digits}”不是有效日期") from None
    if born.year < 1890:
        raise IdNumberError(f"证件号码中的出生日期“{digits}”早于1890年，不可能是真实日期")
    return born


def _parse_old_foreign(number: str) -> IdNumber:
    # Old format: 3 letters, 2 digits region, 6 digits birth YYMMDD, 2 seq, 1 check.
    yy, mm, dd = number[5:7], number[7:9], number[9:11]
    year = int(yy) + (1900 if int(yy) > 30 else 2000)
    born = _birth_date(f"{year}{mm}{dd}")
    sex = "男" if int(number[13]) % 2 else "女"
    return IdNumber(number, IdKind.FOREIGN_PERMANENT, born, sex, "")


def _region(number: str) -> str:
    try:
        place = ric.get_birth_place(number)
    except Exception:  # stdnum raises its own InvalidComponent for unknown codes
        return ""
    return "".join(str(place.get(k, "")) for k in ("province", "prefecture", "county"))


def resident_id(region: str, birth: str, serial: int) -> str:
    """A valid resident ID number from its parts (demo villages, tests, the self-test):
    region code, birth date as YYYY-MM-DD, the three-digit serial; the check digit is computed."""
    body = f"{region}{birth.replace('-', '')}{serial:03d}"
    return body + ric.calc_check_digit(body + "0")
