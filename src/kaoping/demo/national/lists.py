"""The list rows a province fills: its centralised systems (表6) and, where it has built a
province-wide public service, its channels (表8 part 1). Each row is {column: text}."""

from __future__ import annotations

from kaoping.demo.national.cities import COMPANIES
from kaoping.demo.national.units import Province

# (system, 业务范围, 是否统一软件)
CENTRAL_SYSTEMS = (
    ("社会保险核心平台", "a,f,g,i,j,k", True),
    ("社会保障卡管理系统", "x", True),
    ("持卡人员基础信息库", "x,y", True),
    ("城乡居民社会养老保险信息系统", "b,c,d", True),
    ("就业和失业管理信息系统", "o,p", False),
    ("劳动保障监察信息系统", "q", True),
    ("劳动人事争议调解仲裁信息系统", "s", False),
    ("机关事业单位养老保险信息系统", "e", True),
    ("社保基金监督系统", "n", True),
    ("公务员管理信息系统", "w", False),
)
TRANSITION = "就业和仲裁系统为本省自行开发，计划在全国统一软件发布后两年内完成数据迁移和切换"


def central_systems(province: Province) -> tuple[list[dict[str, str]], str | None]:
    """表6's systems and, when one of them is not the national software, the transition plan."""
    d = province.unit.draw
    chosen = d.sample(CENTRAL_SYSTEMS, d.between(3, 7))
    cities = len(province.cities)
    rows = []
    for name, scope, unified in chosen:
        online = d.chance(0.8)
        if online:
            date = f"{d.between(2008, 2014)}-{d.between(1, 12):02d}-01"
            centralised = f"全部 {cities} 个地市" if d.chance(0.7) else f"{d.between(1, cities)} 个地市"
        else:
            date = f"{d.pick((2015, 2016))}-{d.between(7, 12):02d}-01"
            centralised = "试点中"
        rows.append(
            {
                "name": f"{province.name}{name}",
                "scope": scope,
                "online": "是" if online else "否",
                "online_date": date,
                "cities": centralised,
                "unified": "是" if unified else "否",
                "company": d.pick(COMPANIES),
            }
        )
    plan = TRANSITION if any(row["unified"] == "否" for row in rows) else None
    return rows, plan


def channels(province: Province) -> list[dict[str, str]]:
    """表8 part 1: the province-wide website, app, WeChat account and SMS number."""
    d, name = province.unit.draw, province.name
    short = province.code[:2]
    rows = [
        {
            "channel": "a",
            "channel_name": f"{name}人力资源和社会保障网上服务大厅",
            "services": d.codes("acdg", "bejk", 1, 3),
            "address": f"http://www.hrss{short}.example.gov.cn",
            "coverage_area": "全省",
            "description": "政策查询、单位和个人社保业务网上申报、社保查询、求职招聘",
        },
        {
            "channel": "b",
            "channel_name": f"{name}掌上人社",
            "services": d.codes("dg", "achj", 1, 3),
            "address": "掌上人社",
            "coverage_area": "全省",
            "description": "社保查询、社保卡挂失、待遇资格认证",
        },
    ]
    if d.chance(0.6):
        rows.append(
            {
                "channel": "d",
                "channel_name": f"{name}人社微信公众号",
                "services": "d,g",
                "address": "人社服务",
                "coverage_area": "全省",
                "description": "政策推送、社保查询",
            }
        )
    return rows
