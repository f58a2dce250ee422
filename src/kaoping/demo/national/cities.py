"""The rows a city-level unit fills, generated from its size so that every balance holds.

Each function returns {column: text} as a person would type it; ``city_rows`` gathers them per
table. A few cities carry a realistic warning with its 说明 (``Note``): parts of the card
holders left unclassified, a centre with more staff than posts, a call count explained in 备注.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from kaoping.demo.national.draw import Draw, cents
from kaoping.demo.national.units import Unit

COMPANIES = ("演示信息技术有限公司", "示例软件股份有限公司", "样例数据服务有限公司", "演示网络科技有限公司")
LOCAL_SYSTEMS = (
    ("人社业务综合经办系统", "a,f,i,j,k"),
    ("就业服务信息系统", "o,p"),
    ("劳动保障监察管理系统", "q"),
    ("人事人才公共服务系统", "p,v"),
    ("工伤认定与劳动能力鉴定系统", "j"),
)


@dataclass(frozen=True)
class Note:
    """A warning the generated data raises on purpose, with the 说明 the city wrote."""

    rule: str
    table: str
    column: str
    text: str


@dataclass
class CityRows:
    tables: dict[str, dict[str, str]] = field(default_factory=dict)  # table → column → text
    systems: list[dict[str, str]] = field(default_factory=list)  # 表7 rows
    notes: list[Note] = field(default_factory=list)


def city_rows(city: Unit, channels_by_city: bool) -> CityRows:
    out = CityRows()
    out.tables["T03"] = network(city)
    out.tables["T05"] = card_holders(city, out.notes)
    out.tables["T09"] = hotline(city, out.notes)
    out.tables["T10"] = kiosks(city)
    out.tables["T11"] = certificates(city.draw, city.population)
    out.tables["T12"] = centre(city, out.notes)
    out.tables["T13"] = funds(city)
    if channels_by_city:
        out.tables["T08"] = online_services(city)
    out.systems = systems(city)
    return out


def network(city: Unit) -> dict[str, str]:
    d = city.draw
    if city.west and city.population < 80 and d.chance(0.3):
        return {"meets_now": "b", "meets_future": "b"}  # no line to the province yet
    bandwidths = (10, 20, 50, 100, 155, 200) if city.population < 300 else (50, 100, 155, 200, 1000)
    primary = d.pick(bandwidths)
    out = {
        "primary_operator": d.pick("abce"),
        "primary_type": d.pick("abdef"),
        "primary_bandwidth": str(primary),
        "meets_now": "a" if d.chance(0.85) else d.pick("bc"),
        "meets_future": "a" if d.chance(0.55) else d.pick("bc"),
    }
    if d.chance(0.7):
        out |= {
            "backup_operator": d.pick("abce".replace(out["primary_operator"], "")),
            "backup_type": d.pick("abdf"),
            "backup_bandwidth": str(max(2, primary // d.pick((2, 4, 5)))),
        }
    return out


def card_holders(city: Unit, notes: list[Note]) -> dict[str, str]:
    d = city.draw
    holders = cents(city.population * city.cards)
    worker = d.share(holders, 0.28, 0.45)
    resident = d.share(holders, 0.10, 0.24)
    rural = holders - worker - resident
    if d.chance(0.02):
        rural -= d.share(holders, 0.01, 0.03)
        text = "部分离退休人员和在校学生持卡，未归入城镇职工、城镇居民、农村居民三类"
        notes.append(Note("V05-EQ", "T05", "holders", text))
    return {
        "holders": str(holders),
        "urban_worker": str(worker),
        "urban_resident": str(resident),
        "rural": str(rural),
        "financial": str(d.share(holders, 0.55, 0.96)),
    }


def hotline(city: Unit, notes: list[Note]) -> dict[str, str]:
    d = city.draw
    if city.west and city.population < 60 and d.chance(0.35):
        return {"opened": "否"}  # served by nobody yet: the rest of the row stays empty
    per_wan = d.uniform(0.55, 1.45) * (420 if city.west else 560)
    calls = max(int(city.population * Decimal(str(round(per_wan, 2)))), 300)
    answered, abandoned = d.part(calls, 0.26, 0.40), d.part(calls, 0.04, 0.14)
    voice = calls - answered - abandoned
    staff = max(4, int(city.population / 25 * Decimal(str(round(d.uniform(0.7, 1.4), 2)))) + d.between(2, 6))
    consultants = staff - d.between(1, min(4, staff - 2))
    out = {
        "opened": "是",
        "uses_system": "是" if d.chance(0.9) else "否",
        "staff": str(staff),
        "consultants": str(consultants),
        "seats": str(max(2, consultants - d.between(0, 3))),
        "calls": str(calls),
        "answered": str(answered),
        "voice": str(voice),
        "abandoned": str(abandoned),
    }
    if d.chance(0.02):
        transferred = d.between(200, 1500)
        out["calls"] = str(calls + transferred)
        out["remark"] = f"来电总量含转接省级12333平台的来电 {transferred} 个"
        # the 备注 says it, and so does the warning's 说明 (the one way, docs/spec.md §5.1)
        notes.append(Note("V09-BAL", "T09", "calls", out["remark"]))
    return out


def kiosks(city: Unit) -> dict[str, str]:
    d = city.draw
    deployed = int(city.population * Decimal(str(round(d.uniform(0.10, 0.45), 3)))) + d.between(3, 12)
    src_province = d.part(deployed, 0.3, 0.8)
    kiosk, atm = d.part(deployed, 0.35, 0.6), d.part(deployed, 0.1, 0.3)
    hall, community, medical = (
        d.part(deployed, 0.3, 0.5),
        d.part(deployed, 0.15, 0.3),
        d.part(deployed, 0.05, 0.15),
    )
    return {
        "deployed": str(deployed),
        "src_province": str(src_province),
        "src_city": str(deployed - src_province),
        "type_kiosk": str(kiosk),
        "type_atm": str(atm),
        "type_card": str(deployed - kiosk - atm),
        "place_hall": str(hall),
        "place_community": str(community),
        "place_medical": str(medical),
        "place_bank": str(deployed - hall - community - medical),
        "functions": d.codes("ab", "cdef", 1, 4),
        "auth": d.codes("a", "bcd", 0, 2),
    }


def certificates(d: Draw, population: Decimal) -> dict[str, str]:
    """表11's row: parts never exceed wholes, the two networks add up to the systems, and the
    users lie between the larger network and the sum of both (docs/spec.md §3a V11-*)."""
    public, private = d.between(1, 5), d.between(2, 9)
    public_cert, private_cert = d.between(0, public), d.between(max(1, private - 2), private)
    pub_users = max(20, int(population * Decimal(str(round(d.uniform(0.4, 1.4), 2)))))
    priv_users = max(30, int(population * Decimal(str(round(d.uniform(1.2, 3.2), 2)))))
    both = d.part(min(pub_users, priv_users), 0.0, 0.4)
    pub_cert_users = d.part(pub_users, 0.3, 0.9) if public_cert else 0
    priv_cert_users = d.part(priv_users, 0.6, 1.0)
    both_cert = min(pub_cert_users, priv_cert_users, both)
    return {
        "systems": str(public + private),
        "cert_systems": str(public_cert + private_cert),
        "users": str(pub_users + priv_users - both),
        "cert_users": str(pub_cert_users + priv_cert_users - both_cert),
        "public_systems": str(public),
        "public_cert_systems": str(public_cert),
        "public_users": str(pub_users),
        "public_cert_users": str(pub_cert_users),
        "private_systems": str(private),
        "private_cert_systems": str(private_cert),
        "private_users": str(priv_users),
        "private_cert_users": str(priv_cert_users),
    }


def centre(city: Unit, notes: list[Note]) -> dict[str, str]:
    d = city.draw
    if d.chance(0.3 if city.west or city.population < 100 else 0.08):
        return {"dept": f"{city.name}人力资源和社会保障局办公室", "dept_staff": str(d.between(1, 5))}
    quota = 5 + int(city.population / 60) + d.between(0, 6)
    staff = quota - d.between(0, 3)
    if d.chance(0.015):
        staff = quota + d.between(1, 3)
        notes.append(
            Note(
                "V12-STAFF", "T12", "city_staff", f"另有借调技术人员 {staff - quota} 名在岗，增编申请已报编办"
            )
        )
    return {
        "city_centre_name": f"{city.name}人力资源和社会保障信息中心",
        "city_nature": d.pick("abbcccd"),
        "city_quota": str(quota),
        "city_staff": str(staff),
    }


def funds(city: Unit) -> dict[str, str]:
    d = city.draw
    total = d.share(city.population, 2.5 if city.west else 3.5, 7.0 if city.west else 10.0)
    public = d.share(total, 0.68, 0.92)
    bank = d.share(total - public, 0.0, 0.8)
    build = d.share(total, 0.5, 0.75)
    return {
        "funds": str(total),
        "fin_public": str(public),
        "fin_bank": str(bank),
        "fin_other": str(total - public - bank),
        "use_build": str(build),
        "use_ops": str(total - build),
        "enough_build": d.pick("abbccd"),
        "enough_ops": d.pick("abccdde"),
    }


def online_services(city: Unit) -> dict[str, str]:
    d = city.draw
    return {
        "portal_services": d.codes("g", "abcde", 1, 4),
        "business_site_services": d.codes("c", "bdhj", 1, 3),
        "gov_site_services": d.codes("", "gk", 1, 2),
        "mobile_services": d.codes("d", "gh", 0, 2),
        "city_description": f"{city.name}人社门户网站提供政策、办事指南和社保查询，网上经办大厅受理社保申报",
    }


def systems(city: Unit) -> list[dict[str, str]]:
    d = city.draw
    out = []
    for name, scope in d.sample(LOCAL_SYSTEMS, d.between(1, 2)):
        online = d.chance(0.8)
        year = d.between(2009, 2015) if online else d.between(2015, 2017)
        month = (
            d.between(1, 6)
            if online and year == 2015
            else d.between(7, 12)
            if year == 2015
            else d.between(1, 12)
        )
        out.append(
            {
                "name": f"{city.name}{name}",
                "scope": scope,
                "progress": "是" if online else "否",
                "progress_date": f"{year}-{month:02d}-01",
                "area": f"{city.name}全辖",
                "company": d.pick(COMPANIES),
            }
        )
    return out
