"""A demo household quoted under a bundled policy, for a first look from the terminal."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from desktop_app.domain.idnumber import resident_id as demo_id
from desktop_app.domain.money import format_yuan, parse_yuan
from desktop_app.services.policies import PolicyCatalogue
from desktop_app.services.quoting import quote_json

# Region codes of each bundled jurisdiction, so the demo's ID numbers look like home.
_MODE = {"direct": "直接减免", "reimburse": "先缴后补"}
DEMO_QUOTE_POLICY = "jl-2022"  # the policy ``zhengjiao demo`` quotes when none is named
_REGION = {"jl": "220102", "hn": "430102", "nm": "150621", "ah-huaibei": "340602", "ah-sixian": "341324"}


def demo_household(policy_id: str, benefit_year: int) -> list[dict[str, Any]]:
    region = next((code for prefix, code in _REGION.items() if policy_id.startswith(prefix)), "110101")
    y = benefit_year
    people: list[tuple[str, str, int, dict[str, Any]]] = [
        ("王建国", f"{y - 52}-03-14", 131, {"identities": ["subsistence_allowance"]}),
        ("李秀兰", f"{y - 50}-07-02", 142, {"ethnicity": "蒙古族"}),
        ("王小明", f"{y - 12}-09-01", 153, {"student": True}),
        ("王福贵", f"{y - 81}-01-20", 165, {"identities": ["extreme_poverty", "subsistence_allowance"]}),
    ]
    return [{"name": n, "id_number": demo_id(region, b, s), **extra} for n, b, s, extra in people]


def demo_report(catalogue: PolicyCatalogue, policy_id: str) -> str:
    policy = catalogue.load(policy_id).policy
    area = next((a.code for a in policy.areas if any(a.code in r.areas for r in policy.riders)), None)
    if area is None and policy.areas:
        area = policy.areas[0].code
    paid_on = policy.collection_start(area) + timedelta(days=30)
    request = {
        "policy": policy_id,
        "paid_on": paid_on.isoformat(),
        "area": area,
        "people": demo_household(policy_id, policy.benefit_year),
    }
    result = quote_json(catalogue, request)
    chosen = policy.area(area) if area else None
    where = f"，地区 {chosen.name}" if chosen else ""
    out = [f"征缴通 演示 —— {policy.name}（{policy.document}）", f"缴费日期 {paid_on}{where}", ""]
    for person in result["people"]:
        out.append(f"■ {person['name']}  {person['id_number']}")
        if person["eligible"]:
            riders = sum(parse_yuan(r["amount"]) for r in person["riders"])
            out.append(
                f"  标准 {person['standard']}  附加 {format_yuan(riders)}  资助 {person['subsidy']}"
                f"（{_MODE.get(person['subsidy_mode'], '无资助')}）  应收 {person['due']}  待遇 {person['benefit_start']} 起"
            )
        else:
            out.append(f"  不能收费：{person['reason']}")
        out += [f"    · {line}" for line in person["explanation"]]
    out += [
        "",
        f"本户合计应收：{result['total_due']} 元",
        "",
        "其他政策：zhengjiao policies list；用 zhengjiao quote INPUT.json 计算任意一户。",
    ]
    return "\n".join(out)
