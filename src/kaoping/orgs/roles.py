"""The roles of docs/spec.md §2.5: keys, Chinese labels and the level of organisation they belong to."""

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
}

ROLE_CHOICES = [(r.value, ROLE_LABELS[r]) for r in Role]
