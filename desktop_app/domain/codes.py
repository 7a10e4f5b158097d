"""The codes shared by policy files, the quote contract and imports (DESIGN.md)."""

from __future__ import annotations

IDENTITIES: dict[str, str] = {
    "extreme_poverty": "特困人员",
    "orphan": "孤儿",
    "unsupported_child": "事实无人抚养儿童",
    "severe_disability": "重度残疾人",
    "priority_care": "重点优抚对象",
    "family_planning": "计划生育政策资助对象",
    "subsistence_allowance": "低保对象",
    "returned_to_poverty": "返贫致贫人口",
    "monitored": "监测人口",
    "registered_poor": "建档立卡贫困人口",
    "stable_out_of_poverty": "稳定脱贫人口（未纳入监测）",
}

SITUATIONS: dict[str, str] = {
    "returning_migrant_worker": "返乡农民工",
    "employee_insurance_lapse": "职工医保断保",
    "discharged_veteran": "退出现役军人",
    "newly_identified": "动态新增困难对象",
    "welfare_institution_child": "儿童福利机构儿童",
    "new_hukou": "当年新迁入户口",
    "released_prisoner": "刑满释放人员",
    "graduate": "未及时就业的大中专毕业生",
    "gig_worker": "新就业形态从业人员",
}

REFUND_REASONS: dict[str, str] = {
    "duplicate_payment": "重复缴费",
    "death": "死亡",
    "employee_insurance": "参加职工医保",
    "other_area": "参加其他统筹地区居民医保",
}

ETHNICITIES: tuple[str, ...] = (
    "汉族", "蒙古族", "回族", "藏族", "维吾尔族", "苗族", "彝族", "壮族", "布依族", "朝鲜族",
    "满族", "侗族", "瑶族", "白族", "土家族", "哈尼族", "哈萨克族", "傣族", "黎族", "傈僳族",
    "佤族", "畲族", "高山族", "拉祜族", "水族", "东乡族", "纳西族", "景颇族", "柯尔克孜族", "土族",
    "达斡尔族", "仫佬族", "羌族", "布朗族", "撒拉族", "毛南族", "仡佬族", "锡伯族", "阿昌族", "普米族",
    "塔吉克族", "怒族", "乌孜别克族", "俄罗斯族", "鄂温克族", "德昂族", "保安族", "裕固族", "京族", "塔塔尔族",
    "独龙族", "鄂伦春族", "赫哲族", "门巴族", "珞巴族", "基诺族",
)


def normalize_ethnicity(text: str) -> str | None:
    """'蒙古' and '蒙古族' are the same group; None when it is none of the 56."""
    text = text.strip()
    if text in ETHNICITIES:
        return text
    if text + "族" in ETHNICITIES:
        return text + "族"
    return None
