"""The roles of docs/spec.md §2.5: keys, Chinese labels and the level of organisation they belong to.

Besides the business roles, the three of 三员分立 (docs/deploy.md, 等保三级): 系统管理员,
安全管理员 and 审计管理员. With the separation on (``SEPARATION_OF_DUTIES``), none of them goes
with a business role and no person holds two of them (``duty_conflict``)."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    MINISTRY_ADMIN = "ministry_admin"
    MINISTRY_REVIEWER = "ministry_reviewer"
    PROVINCE_ADMIN = "province_admin"
    PROVINCE_REVIEWER = "province_reviewer"
    CITY_REPORTER = "city_reporter"
    CITY_LEADER = "city_leader"
    EXPERT = "expert"
    VIEWER = "viewer"
    SYSTEM_ADMIN = "system_admin"
    SECURITY_ADMIN = "security_admin"
    AUDIT_ADMIN = "audit_admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.MINISTRY_ADMIN: "部管理员",
    Role.MINISTRY_REVIEWER: "部审核员",
    Role.PROVINCE_ADMIN: "省管理员",
    Role.PROVINCE_REVIEWER: "省审核员",
    Role.CITY_REPORTER: "市填报员",
    Role.CITY_LEADER: "市负责人",
    Role.EXPERT: "审核专家",
    Role.VIEWER: "只读",
    Role.SYSTEM_ADMIN: "系统管理员",
    Role.SECURITY_ADMIN: "安全管理员",
    Role.AUDIT_ADMIN: "审计管理员",
}

# The organisation level a role is held at (None: any node).
ROLE_LEVELS: dict[Role, str | None] = {
    Role.MINISTRY_ADMIN: "ministry",
    Role.MINISTRY_REVIEWER: "ministry",
    Role.PROVINCE_ADMIN: "province",
    Role.PROVINCE_REVIEWER: "province",
    Role.CITY_REPORTER: "city",
    Role.CITY_LEADER: "city",
    Role.EXPERT: "province",
    Role.VIEWER: None,
    Role.SYSTEM_ADMIN: None,
    Role.SECURITY_ADMIN: None,
    Role.AUDIT_ADMIN: None,
}

ROLE_CHOICES = [(r.value, ROLE_LABELS[r]) for r in Role]

# 三员: the separated duties (docs/deploy.md, 等保三级).
DUTY_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN})
# Who must sign in with two factors (``REQUIRE_TWO_FACTOR``): every administrator.
ADMIN_ROLES = DUTY_ROLES | {Role.MINISTRY_ADMIN, Role.PROVINCE_ADMIN}


def duty_conflict(roles: set[Role]) -> str | None:
    """Why one person may not hold ``roles`` together under 三员分立, or None when they may."""
    duties = sorted((r for r in roles if r in DUTY_ROLES), key=list(Role).index)
    if len(duties) > 1:
        return f"三员分立：{'、'.join(ROLE_LABELS[r] for r in duties)}不能由同一人担任"
    if duties and len(roles) > 1:
        return f"三员分立：{ROLE_LABELS[duties[0]]}不能同时担任业务角色"
    return None
