"""The grants table (docs/spec.md §2.6 and docs/deploy.md 三员分立): what each role may do, and
how far from the organisation it is held at — ``self`` (that node only), ``subtree`` (the node and
everything below it), ``below`` (strictly below it: the province reviews its cities, not itself)
or ``children`` (the level just below: the ministry's reviewer reviews the provinces, not their
cities).

Two tables, one per deployment mode (``settings.SEPARATION_OF_DUTIES``): in the ordinary one the
business administrators also manage accounts; with the separation on, accounts, roles and
security, and the audit each belong to one of the three 三员 roles only. ``kaoping.orgs.access``
decides with the table in force (``grants_table``).
"""

from __future__ import annotations

from enum import StrEnum

from kaoping.orgs.roles import Role


class Action(StrEnum):
    READ = "read"  # see values, findings, history
    FILL = "fill"  # save values, add/remove list rows, write 说明
    SUBMIT = "submit"  # 上报 the organisation's own data
    REVIEW = "review"  # return or approve a submission from below
    OPEN_CAMPAIGN = "open_campaign"  # open a campaign and enter its base figures
    MANAGE_ACCOUNTS = "manage_accounts"
    UNLOCK = "unlock"
    PUBLISH = "publish"  # publish evaluation results
    SCORE = "score"  # expert scoring of a city's criteria
    SELF_ASSESS = "self_assess"  # a city's self-assessment draft
    READ_DRAFT = "read_draft"  # see a self-assessment before it is submitted (not 审核专家)
    LIST_ACCOUNTS = "list_accounts"  # see the accounts (to act on one)
    GRANT_ROLES = "grant_roles"  # give or take away roles
    MANAGE_SECURITY = "manage_security"  # lock-outs and second factors
    READ_AUDIT = "read_audit"  # read and export the login log and the account changes
    MANAGE_ORGS = "manage_orgs"  # add, rename, deactivate units below (kaoping.orgs.units)


ACTION_LABELS: dict[Action, str] = {
    Action.READ: "查看",
    Action.FILL: "填报",
    Action.SUBMIT: "上报",
    Action.REVIEW: "审核",
    Action.OPEN_CAMPAIGN: "开启任务",
    Action.MANAGE_ACCOUNTS: "管理账号",
    Action.UNLOCK: "解锁",
    Action.PUBLISH: "发布结果",
    Action.SCORE: "评分",
    Action.SELF_ASSESS: "自评",
    Action.READ_DRAFT: "查看未上报的自评",
    Action.LIST_ACCOUNTS: "管理账号",
    Action.GRANT_ROLES: "授予角色",
    Action.MANAGE_SECURITY: "管理安全（解除锁定、重置双因素认证）",
    Action.READ_AUDIT: "查看审计记录",
    Action.MANAGE_ORGS: "管理组织",
}
ACCOUNT_ACTIONS = frozenset(
    {
        Action.MANAGE_ACCOUNTS,
        Action.LIST_ACCOUNTS,
        Action.GRANT_ROLES,
        Action.MANAGE_SECURITY,
        Action.READ_AUDIT,
        Action.MANAGE_ORGS,
    }
)
BUSINESS_ACTIONS = frozenset(Action) - ACCOUNT_ACTIONS

SELF, SUBTREE, BELOW, CHILDREN = "self", "subtree", "below", "children"

_DUTIES: dict[Role, dict[Action, str]] = {  # 三员 (only under 三员分立)
    Role.SYSTEM_ADMIN: {
        Action.MANAGE_ACCOUNTS: SUBTREE,
        Action.LIST_ACCOUNTS: SUBTREE,
        Action.MANAGE_ORGS: SUBTREE,
    },
    Role.SECURITY_ADMIN: {
        Action.LIST_ACCOUNTS: SUBTREE,
        Action.GRANT_ROLES: SUBTREE,
        Action.MANAGE_SECURITY: SUBTREE,
    },
    Role.AUDIT_ADMIN: {Action.READ_AUDIT: SUBTREE},
}
# docs/spec.md §2.6 as data: role → action → reach; the ordinary mode (a laptop, the demo, a
# deployment without 三员分立). Everyone who reads a city reads its self-assessment draft,
# except 审核专家: experts score what was submitted (READ_DRAFT).
GRANTS: dict[Role, dict[Action, str]] = {
    Role.MINISTRY_ADMIN: {a: SUBTREE for a in Action},
    Role.MINISTRY_REVIEWER: {Action.READ: SUBTREE, Action.READ_DRAFT: SUBTREE, Action.REVIEW: CHILDREN},
    Role.PROVINCE_ADMIN: {
        Action.READ: SUBTREE,
        Action.READ_DRAFT: SUBTREE,
        Action.FILL: SELF,
        Action.OPEN_CAMPAIGN: SELF,
        Action.UNLOCK: BELOW,
        Action.PUBLISH: SELF,
        **{a: SUBTREE for a in ACCOUNT_ACTIONS},
    },
    Role.PROVINCE_REVIEWER: {
        Action.READ: SUBTREE,
        Action.READ_DRAFT: SUBTREE,
        Action.REVIEW: BELOW,
        Action.SUBMIT: SELF,
    },
    Role.CITY_REPORTER: {
        Action.READ: SUBTREE,
        Action.READ_DRAFT: SUBTREE,
        Action.FILL: SELF,
        Action.SELF_ASSESS: SELF,
    },
    Role.CITY_LEADER: {
        Action.READ: SUBTREE,
        Action.READ_DRAFT: SUBTREE,
        Action.FILL: SELF,
        Action.SUBMIT: SELF,
        Action.SELF_ASSESS: SELF,
    },
    Role.EXPERT: {Action.READ: SUBTREE, Action.SCORE: BELOW},
    Role.VIEWER: {Action.READ: SUBTREE, Action.READ_DRAFT: SUBTREE},
}
# 三员分立 on: the business roles keep their business actions only; accounts, roles and
# security, and the audit belong to the three duties (which the ordinary mode does not know).
GRANTS_SEPARATED: dict[Role, dict[Action, str]] = {
    **{role: {a: r for a, r in grants.items() if a in BUSINESS_ACTIONS} for role, grants in GRANTS.items()},
    **_DUTIES,
}


def separated() -> bool:
    """Whether the deployment separates the duties (三员分立)."""
    from django.conf import settings

    return bool(getattr(settings, "SEPARATION_OF_DUTIES", False))


def grants_table() -> dict[Role, dict[Action, str]]:
    """The grants in force: ``GRANTS_SEPARATED`` under 三员分立, else ``GRANTS``."""
    return GRANTS_SEPARATED if separated() else GRANTS
