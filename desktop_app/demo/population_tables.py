"""The shares the made-up township is drawn from: surnames, given names, region codes, lists, household sizes.

A benchmark or a demo is only as telling as its people are ordinary: the surnames as
common as they are nationally, given names of each person's generation, ID numbers with
the codes the jurisdiction really uses (and the old code some older villagers still
carry), households of the usual sizes, and the usual few on the 低保 and 监测 lists.
These tables are kept apart from ``demo.township``'s generator so they can be tuned to
a new county without touching how households are made.
"""

from __future__ import annotations

__all__ = [
    "GIVEN_NAMES",
    "IDENTITY_LISTS",
    "ONE_CHAR_SHARE",
    "SIZES",
    "SIZE_WEIGHTS",
    "SURNAMES",
    "SURNAME_WEIGHTS",
    "regions_for",
]

# Per mille of the population (公安部 2020 surname report), with the polyphonic ones.
_SURNAMES = (
    "王74 李72 张68 刘54 陈48 杨32 黄25 赵22 吴21 周19 徐15 孙14 马13 朱13 胡12 郭11 何11 林10 罗10 "
    "高10 郑9 梁9 谢8 宋7 唐7 许7 韩7 冯6 邓6 曹6 彭5 曾5 肖5 田5 董5 袁4 潘4 于4 蒋4 蔡4 余4 杜4 叶4 "
    "程4 苏3 魏3 吕3 丁3 任3 沈3 姚3 卢3 姜3 崔3 钟3 谭2 陆2 汪2 范2 金2 石2 廖2 贾2 夏2 韦2 付2 方2 "
    "白2 邹2 孟2 熊2 秦2 邱2 江2 尹2 薛2 闫2 段2 雷2 侯2 龙2 史2 陶1 黎1 贺1 顾1 毛1 郝1 龚1 邵1 万1 "
    "钱1 严1 武1 戴1 莫1 孔1 向1 汤1 单1 解1 仇1"
).split()
SURNAMES = tuple(s[0] for s in _SURNAMES)
SURNAME_WEIGHTS = tuple(int(s[1:]) for s in _SURNAMES)

# Given names by generation (born before 1960, 1960-1989, from 1990) and sex.
_GIVEN = {
    ("old", "男"): (
        "建国 国庆 福贵 德明 振华 富贵 长生 永福 树林 德胜 文华 志明 宝山 玉林 金山 德福 "
        "庆 福 德 贵 海 山 林 华 明 成 发 忠"
    ),
    ("old", "女"): (
        "秀英 秀兰 桂英 玉兰 桂兰 凤英 秀珍 玉珍 淑珍 桂芳 兰英 秀云 凤兰 翠花 玉梅 素芬 英 兰 珍 凤 梅 芬 琴 荣"
    ),
    ("mid", "男"): (
        "志强 建华 建军 海涛 晓东 志刚 红军 卫东 文杰 永强 国华 海军 "
        "伟 强 军 勇 杰 涛 斌 超 明 刚 平 辉 鹏 华 飞 波 磊 俊 峰 亮 东 宁"
    ),
    ("mid", "女"): (
        "丽娟 海燕 红梅 晓燕 春梅 秀芳 雪梅 丽华 美玲 晓红 艳红 玉霞 芳 娟 敏 静 丽 艳 霞 燕 红 玲 萍 洁 琳 慧 莉 婷"
    ),
    ("new", "男"): (
        "浩然 子轩 宇航 俊杰 博文 梓轩 浩宇 子豪 一鸣 天佑 皓轩 嘉豪 明轩 思远 宇轩 "
        "浩 宇 鑫 磊 轩 博 睿 阳 晨 杰 哲 凯 昊 航 铭 豪"
    ),
    ("new", "女"): (
        "欣怡 雨桐 梓涵 诗涵 子涵 雨欣 一诺 佳怡 思琪 梦瑶 可馨 婉婷 紫萱 语嫣 欣悦 "
        "婷 雪 欣 悦 怡 琪 涵 萱 彤 瑶 妍 璐 佳 倩 蕾 晴"
    ),
}
GIVEN_NAMES = {
    key: (tuple(w for w in text.split() if len(w) == 2), tuple(w for w in text.split() if len(w) == 1))
    for key, text in _GIVEN.items()
}
ONE_CHAR_SHARE = {"old": 0.3, "mid": 0.45, "new": 0.2}  # of people whose name is two characters

# Region codes by policy id prefix or area: (today's codes, (old code, used by those born before)).
_REGIONS: dict[str, tuple[tuple[str, ...], tuple[str, int] | None]] = {
    "ah-sixian": (("341324",), ("342225", 1985)),
    "ah-huaibei-duji": (("340602",), None),
    "nm-dalate": (("150621",), ("152722", 1985)),
    "hn": (("430121", "430124"), None),
    "jl": (("220122", "220112"), None),
    "changsha": (("430121", "430124"), None),
    "zhuzhou": (("430212",), ("430221", 1990)),
    "xiangtan": (("430321",), None),
    "hengyang": (("430421",), None),
    "yueyang": (("430621",), None),
    "changde": (("430721",), None),
    "changchun": (("220122",), None),
    "jilin": (("220221",), None),
    "siping": (("220322",), None),
}
IDENTITY_LISTS = (  # (code, source, list name, share of households)
    ("subsistence_allowance", "民政", "农村低保对象名册", 0.02),
    ("monitored", "乡村振兴", "防返贫监测对象名单", 0.015),
    ("stable_out_of_poverty", "乡村振兴", "脱贫人口名单", 0.012),
)


SIZES = (1, 2, 3, 4, 5, 6, 7)
SIZE_WEIGHTS = (10, 22, 25, 22, 12, 6, 3)  # mean 3.34 people a household


def regions_for(policy_id: str, area: str | None = None) -> tuple[tuple[str, ...], tuple[str, int] | None]:
    """The region codes of an area, else of the policy's jurisdiction (by its id's prefix); Beijing's when unknown."""
    if area and area in _REGIONS:
        return _REGIONS[area]
    for prefix, regions in _REGIONS.items():
        if policy_id.startswith(prefix):
            return regions
    return ("110101",), None
