"""Pinyin for finding people by name as the collector types it.

pypinyin reads a character by its commonest sound; surnames have their own (曾 is
zeng not ceng, 单 is shan not dan). pypinyin 0.55 has no surname mode (upstream
issue mozillazg/python-pinyin#297), so the surname readings are kept here.
"""

from __future__ import annotations

from pypinyin import Style, lazy_pinyin

COMPOUND_SURNAMES = {
    "万俟": ["mo", "qi"], "尉迟": ["yu", "chi"], "单于": ["chan", "yu"], "长孙": ["zhang", "sun"],
    "欧阳": ["ou", "yang"], "司马": ["si", "ma"], "上官": ["shang", "guan"], "诸葛": ["zhu", "ge"],
    "令狐": ["ling", "hu"], "皇甫": ["huang", "fu"], "澹台": ["tan", "tai"], "乐正": ["yue", "zheng"],
}
SURNAMES = {
    "曾": "zeng", "单": "shan", "解": "xie", "仇": "qiu", "区": "ou", "查": "zha", "朴": "piao",
    "繁": "po", "盖": "ge", "乐": "yue", "翟": "zhai", "种": "chong", "重": "chong", "秘": "bi",
    "冼": "xian", "华": "hua", "过": "guo", "纪": "ji", "燕": "yan", "缪": "miao", "瞿": "qu",
    "覃": "qin", "折": "she", "那": "na", "佴": "nai", "难": "nan", "粘": "nian", "藏": "zang",
    "宿": "su", "召": "shao", "员": "yun", "贠": "yun", "隗": "wei", "句": "gou", "阚": "kan",
    "薄": "bo", "都": "du", "贾": "jia", "沈": "shen", "柏": "bai", "牟": "mou", "殷": "yin",
    "陆": "lu", "卜": "bu", "石": "shi", "车": "che", "盛": "sheng", "尉": "yu", "塔": "ta",
    "和": "he", "蓝": "lan", "叶": "ye", "强": "qiang", "阿": "a", "汤": "tang", "万": "wan",
    "沙": "sha", "长": "chang", "藉": "ji", "调": "diao", "曲": "qu", "便": "pian", "祭": "zhai",
}


def name_syllables(name: str) -> list[str]:
    """Lowercase syllables, the surname read as a surname; letters and digits kept."""
    name = name.strip()
    for compound, sounds in COMPOUND_SURNAMES.items():
        if name.startswith(compound):
            return sounds + _plain(name[len(compound):])
    if name and name[0] in SURNAMES:
        return [SURNAMES[name[0]]] + _plain(name[1:])
    return _plain(name)


def _plain(text: str) -> list[str]:
    return [s.lower() for s in lazy_pinyin(text, style=Style.NORMAL, errors="default", v_to_u=False) if s.strip()]


def full_pinyin(name: str) -> str:
    """'曾小明' -> 'zengxiaoming'."""
    return "".join(name_syllables(name)).replace("ü", "v")


def initials(name: str) -> str:
    """'曾小明' -> 'zxm'."""
    return "".join(s[0] for s in name_syllables(name) if s)
