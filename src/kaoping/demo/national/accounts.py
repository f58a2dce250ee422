"""The national demo's accounts: per generated province a 省管理员 and a 省审核员, per city a
市负责人 (the people its workflow names), created in bulk with the demo's one password."""

from __future__ import annotations

from collections.abc import Iterable

from kaoping.demo.national.states import People
from kaoping.orgs.models import Organisation, RoleAssignment, User
from kaoping.orgs.roles import Role

PINYIN = {
    "110000": "beijing", "120000": "tianjin", "130000": "hebei", "140000": "shanxi", "150000": "neimenggu",
    "210000": "liaoning", "220000": "jilin", "230000": "heilongjiang", "310000": "shanghai",
    "320000": "jiangsu", "330000": "zhejiang", "340000": "anhui", "350000": "fujian", "360000": "jiangxi",
    "370000": "shandong", "410000": "henan", "420000": "hubei", "430000": "hunan", "440000": "guangdong",
    "450000": "guangxi", "460000": "hainan", "500000": "chongqing", "510000": "sichuan", "520000": "guizhou",
    "530000": "yunnan", "540000": "xizang", "610000": "shaanxi", "620000": "gansu", "630000": "qinghai",
    "640000": "ningxia", "650000": "xinjiang", "660000": "bingtuan",
}  # fmt: skip


def province_people(province: str, cities: list[str]) -> People:
    name = PINYIN[province]
    leaders = {city: f"{name}{i:02d}_fuze" for i, city in enumerate(cities, start=1)}
    return People(province=province, reviewer=f"{name}_shenhe", admin=f"{name}_admin", leaders=leaders)


def ensure_accounts(people: Iterable[People], password_hash: str) -> None:
    """Create the accounts (and their one role each) that do not exist yet."""
    wanted: dict[str, tuple[str, Role, str]] = {}
    for person in people:
        province = person.province
        wanted[person.admin] = ("管理员", Role.PROVINCE_ADMIN, province)
        wanted[person.reviewer] = ("审核员", Role.PROVINCE_REVIEWER, province)
        wanted |= {username: ("负责人", Role.CITY_LEADER, city) for city, username in person.leaders.items()}
    existing = set(User.objects.filter(username__in=wanted).values_list("username", flat=True))
    names = dict(
        Organisation.objects.filter(code__in={org for _, _, org in wanted.values()}).values_list(
            "code", "name"
        )
    )
    users = [
        User(username=username, name=f"{names.get(org, '')}{title}", org_id=org, password=password_hash)
        for username, (title, _role, org) in wanted.items()
        if username not in existing
    ]
    User.objects.bulk_create(users, batch_size=500)
    ids = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "id"))
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(
                user_id=ids[u.username], role=wanted[u.username][1].value, org_id=wanted[u.username][2]
            )
            for u in users
        ],
        batch_size=500,
    )
