"""The reviewer's workbench (docs/spec.md §13.4): every warning of the units a reviewer
reviews, with its 说明 and where the reviewer's judgement stands, in one list.

省审核员 review the cities of their province's campaign; 部审核员 the provinces of a national
campaign (each province's own warnings, from its campaign). The units are those the user may
REVIEW (``access.allowed``); nobody else gets a list. A warning is

- 未说明 (``unexplained``): no 说明 — or one the reviewer accepted before the row's values
  changed and the unit has not rewritten since (an acceptance stays until the value changes);
- 待审核 (``explained``): a 说明 the reviewer has not judged (or rewritten since the verdict);
- 已接受 (``accepted``) / 已驳回 (``rejected``): the reviewer's verdict on that 说明.

A warning is *new* when its row changed after the reviewer last marked the list as read.
Besides the warnings: the values changed after a unit's approval (who, when, old, new) and the
follow-up flags. Reads are a fixed number of queries for a province, whatever its cities; the
rules run once per campaign (one pass for a province, one per province nationally).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Q, Sum

from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import AuditEntry, BaseFigure, Campaign, Explanation, TableVersion
from kaoping.collection.national import is_national, national_children
from kaoping.collection.services import findings_by_org
from kaoping.core.definitions.model import Severity, Survey
from kaoping.core.findings import Finding
from kaoping.core.instance import PROVINCE_LABEL, PROVINCE_ROW, TOTAL_ROW
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_user
from kaoping.workflow.models import (
    ACCEPTED,
    REJECTED,
    STATUS_LABELS,
    FollowUp,
    ReviewMark,
    Submission,
    Transition,
    Verdict,
)

UNEXPLAINED, EXPLAINED = "unexplained", "explained"
STATES = {UNEXPLAINED: "未说明", EXPLAINED: "待审核", ACCEPTED: "已接受", REJECTED: "已驳回"}
Key = tuple[str, str, str, str, str]  # (campaign, rule, table, row, column)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    campaign: Campaign  # where its data is: the campaign, or its province's campaign nationally
    status: str  # its submission status


@dataclass(frozen=True)
class Entry:
    unit: Unit
    finding: Finding
    explanation: str | None
    explained_by: str
    state: str
    lapsed: bool  # accepted once, the values changed since
    new: bool
    follow_up: bool

    @property
    def state_label(self) -> str:
        return STATES[self.state]

    def as_json(self) -> dict[str, object]:
        return {
            "campaign": self.unit.campaign.pk,
            "org": self.unit.code,
            "org_name": self.unit.name,
            "unit_status": self.unit.status,
            **self.finding.as_json(),
            "explained": self.explanation is not None,
            "explanation": self.explanation,
            "explained_by": self.explained_by or None,
            "state": self.state,
            "state_label": self.state_label,
            "lapsed": self.lapsed,
            "new": self.new,
            "follow_up": self.follow_up,
        }


@dataclass(frozen=True)
class Changed:
    """A value changed after its unit's approval."""

    unit: Unit
    table: str
    row: str
    column: str
    old: str | None
    new: str | None
    actor: str
    at: datetime
    where: str = ""  # the cell as printed: 表12 · 徐州市 · 实有人数

    def as_json(self) -> dict[str, object]:
        return {
            "campaign": self.unit.campaign.pk, "org": self.unit.code, "org_name": self.unit.name,
            "table": self.table, "row": self.row, "column": self.column, "where": self.where,
            "old": self.old, "new": self.new, "actor": self.actor, "at": self.at.isoformat(),
        }  # fmt: skip


@dataclass(frozen=True)
class Filters:
    table: str = ""
    rule: str = ""
    kind: str = ""
    org: str = ""
    state: str = ""
    new: bool = False
    follow_up: bool = False  # only the warnings flagged for follow-up

    def keep(self, e: Entry) -> bool:
        f = e.finding
        return (
            (not self.table or f.table == self.table)
            and (not self.rule or f.rule == self.rule)
            and (not self.kind or f.kind.value == self.kind)
            and (not self.org or e.unit.code == self.org)
            and (not self.state or e.state == self.state)
            and (not self.new or e.new)
            and (not self.follow_up or e.follow_up)
        )

    def keep_flag(self, flag: Flag) -> bool:
        """A follow-up flag is a value, not a warning: only the unit and table filters apply."""
        f = flag.follow_up
        return (not self.table or f.table == self.table) and (not self.org or flag.unit.code == self.org)


@dataclass(frozen=True)
class Flag:
    """A value flagged for follow-up (需跟进), where it is as printed: 表9 · 南京市 · 工作人员数."""

    unit: Unit
    follow_up: FollowUp
    where: str

    def as_json(self) -> dict[str, object]:
        f = self.follow_up
        return {
            "campaign": f.campaign_id, "org": f.org_id, "org_name": self.unit.name, "table": f.table,
            "row": f.row, "column": f.column, "where": self.where, "note": f.note, "actor": f.actor,
            "at": f.at.isoformat(),
        }  # fmt: skip


@dataclass
class Bench:
    campaign: Campaign
    units: list[Unit]
    entries: list[Entry]  # all warnings (``shown`` after the filters)
    shown: list[Entry]
    changed: list[Changed]
    flags: list[Flag] = field(default_factory=list)  # the follow-up flags (after the filters)

    def as_json(self) -> dict[str, object]:
        return {
            "campaign": self.campaign.pk,
            "units": [{"org": u.code, "name": u.name, "campaign": u.campaign.pk} for u in self.units],
            "warnings": [e.as_json() for e in self.shown],
            "total": len(self.entries),
            "changed_after_approval": [c.as_json() for c in self.changed],
            "follow_ups": [f.as_json() for f in self.flags],
        }


def reviewed_units(user: Actor, campaign: Campaign) -> list[Unit]:
    """The units of ``campaign`` the user reviews, in order; PermissionDenied when none."""
    if is_national(campaign):
        found = national_children(campaign).select_related("org", "snapshot").defer("snapshot__files")
        children = {c.org_id: c for c in found}
        codes = access.allowed(user, Action.REVIEW, list(children))
        pairs = [(code, children[code].org.name, children[code]) for code in codes]
    else:
        tree = access.tree_for(user)
        codes = access.allowed(user, Action.REVIEW, [c for c in campaign.members if c in tree])
        pairs = [(code, tree.get(code).name, campaign) for code in codes]
    if not pairs:
        level = "province" if is_national(campaign) else "city"
        raise PermissionDenied(f"无权审核：需要{access.responsible_text(Action.REVIEW, level)}角色")
    statuses = _statuses({c.pk for _, _, c in pairs}, [code for code, _, _ in pairs])
    return [Unit(code, name, c, statuses.get((c.pk, code), "not_started")) for code, name, c in pairs]


def _statuses(campaigns: set[str], codes: list[str]) -> dict[tuple[str, str], str]:
    found = Submission.objects.filter(campaign_id__in=campaigns, org_id__in=codes)
    return {(c, o): s for c, o, s in found.values_list("campaign_id", "org_id", "status")}


# campaign id → (the data's stamp, each organisation's warnings): the rules run again only when
# something they read changed (a national workbench reads 32 provinces' campaigns). The stamp
# covers every campaign the checks read — the units' campaigns, their national campaign and its
# provinces' (a peer comparison across provinces changes when another province saves), their
# baselines — by their table versions and definitions, and all their base figures (an outlier
# per 万 residents moves when a population is corrected, with no table saved).
Stamp = tuple[object, ...]
_WARNINGS: dict[str, tuple[Stamp, dict[str, list[Finding]]]] = {}
_AT_MOST = 256


def _stamp(campaigns: Iterable[Campaign]) -> Stamp:
    """The stamp of the data ``campaigns``' checks read (three or four queries)."""
    wanted = {c.pk: c for c in campaigns}
    read = set(wanted) | {c.baseline_id for c in wanted.values() if c.baseline_id}
    parents = {c.parent_id for c in wanted.values() if c.parent_id}
    if parents:
        read |= parents | set(Campaign.objects.filter(parent_id__in=parents).values_list("pk", flat=True))
    found = (
        TableVersion.objects.filter(campaign_id__in=read)
        .values_list("campaign_id")
        .annotate(total=Sum("version"), tables=Count("id"))
        .order_by("campaign_id")
    )
    figures = (
        BaseFigure.objects.filter(campaign_id__in=read)
        .order_by("campaign_id", "org_id", "key")
        .values_list("campaign_id", "org_id", "key", "value")
    )
    digest = hashlib.sha256(repr(list(figures)).encode()).hexdigest()
    definitions = tuple(sorted((pk, c.snapshot.sha256) for pk, c in wanted.items()))
    return (tuple(found), definitions, digest)


def _warnings(units: list[Unit]) -> list[tuple[Unit, Finding]]:
    """Every unit's warnings (its own rows', as ``findings_for`` gives them); the rules run once
    per campaign whose data changed since they last ran in this process."""
    by_campaign: dict[str, list[Unit]] = {}
    for u in units:
        by_campaign.setdefault(u.campaign.pk, []).append(u)
    stamp = _stamp(members[0].campaign for members in by_campaign.values())
    out: list[tuple[Unit, Finding]] = []
    for pk, members in by_campaign.items():
        cached = _WARNINGS.get(pk)
        if cached is None or cached[0] != stamp:
            if len(_WARNINGS) >= _AT_MOST:
                _WARNINGS.clear()
            found = findings_by_org(members[0].campaign)
            warned = {o: [f for f in fs if f.severity is Severity.WARNING] for o, fs in found.items()}
            cached = _WARNINGS[pk] = (stamp, warned)
        for u in members:
            out += [(u, f) for f in cached[1].get(u.code, [])]
    return out


def last_changes(campaigns: Iterable[str]) -> dict[tuple[str, str, str], int]:
    """(campaign, table, row) → the newest audit entry's id; (campaign, table, "") for a table."""
    rows = (
        AuditEntry.objects.filter(campaign_id__in=list(campaigns))
        .values_list("campaign_id", "table", "row")
        .annotate(last=Max("id"))
    )
    out: dict[tuple[str, str, str], int] = {}
    for campaign, table, row, last in rows:
        out[(campaign, table, row)] = last
        out[(campaign, table, "")] = max(out.get((campaign, table, ""), 0), last)
    return out


def workbench(user: Actor, campaign: Campaign, filters: Filters | None = None) -> Bench:
    """The reviewer's list over ``campaign`` (see the module's docstring)."""
    units = reviewed_units(user, campaign)
    ids = {u.campaign.pk for u in units}
    codes = [u.code for u in units]
    if filters is not None and filters.org and filters.org not in codes:  # names no unit
        raise PermissionDenied(f"无权审核：{access.NOT_OURS}")
    notes = {
        (e.campaign_id, e.rule, e.table, e.row, e.column): e
        for e in Explanation.objects.filter(campaign_id__in=ids, org_id__in=codes)
    }
    verdicts = {
        (v.campaign_id, v.rule, v.table, v.row, v.column): v
        for v in Verdict.objects.filter(campaign_id__in=ids, org_id__in=codes)
    }
    last = last_changes(ids)
    seen = _seen(user, campaign)
    flags = list(FollowUp.objects.filter(campaign_id__in=ids, org_id__in=codes).order_by("-at", "-id"))
    flagged = {(f.campaign_id, f.table, f.row, f.column) for f in flags}
    entries = []
    for unit, f in _warnings(units):
        key: Key = (unit.campaign.pk, f.rule, f.table, f.row or "", f.column or "")
        row_last = last.get((key[0], f.table, key[3]), 0)
        state, lapsed = _state(notes.get(key), verdicts.get(key), row_last)
        note = notes.get(key)
        entries.append(
            Entry(
                unit, f, note.text if note else None, note.actor if note else "", state, lapsed,
                row_last > seen, (key[0], f.table, key[3], key[4]) in flagged,
            )
        )  # fmt: skip
    chosen = filters or Filters()
    shown = [e for e in entries if chosen.keep(e)]
    marked = [f for f in _flags(units, flags) if chosen.keep_flag(f)]
    return Bench(campaign, units, entries, shown, changed_after_approval(units), marked)


def _flags(units: list[Unit], found: list[FollowUp]) -> list[Flag]:
    by_key = {(u.campaign.pk, u.code): u for u in units}
    out = []
    for f in found:
        unit = by_key.get((f.campaign_id, f.org_id))
        if unit is not None:
            out.append(Flag(unit, f, cell_where(survey_for(unit.campaign), unit, f.table, f.row, f.column)))
    return out


def cell_where(survey: Survey, unit: Unit, table: str, row: str, column: str) -> str:
    """A cell as officials read it — 表9 · 南京市 · 总人数 — from the definition: a row of the
    definition by its label (省本级, 合计 too), a city's row by its name, a list row left out."""
    found = next((t for t in survey.tables if t.id == table), None)
    if found is None:
        return table
    rows = {r.key: r.label for s in found.sections for r in s.fixed_rows}
    totals = [s.total_label for s in found.sections if s.org_rows]
    rows |= {PROVINCE_ROW: PROVINCE_LABEL, **({TOTAL_ROW: totals[0]} if totals else {})}
    label = rows.get(row) or (unit.name if row == unit.code else "")
    column_label = next((c.label for c in found.columns if c.key == column), "")
    return " · ".join(x for x in (found.label, label, column_label) if x)


def _state(note: Explanation | None, verdict: Verdict | None, row_last: int) -> tuple[str, bool]:
    """(state, lapsed) of one warning; see the module's docstring."""
    if note is None:
        return UNEXPLAINED, False
    judged = verdict is not None and note.at <= verdict.at  # the 说明 as the reviewer read it
    if verdict is None or not judged:
        return EXPLAINED, False
    if verdict.verdict == REJECTED:
        return REJECTED, False
    if row_last > verdict.mark:
        return UNEXPLAINED, True  # the values changed after the acceptance
    return ACCEPTED, False


def _seen(user: Actor, campaign: Campaign) -> int:
    owner = actor_user(user)
    if owner is None:
        return 0
    found = ReviewMark.objects.filter(user=owner, campaign=campaign).values_list("mark", flat=True).first()
    return found or 0


def changed_after_approval(units: list[Unit]) -> list[Changed]:
    """The values changed after each unit's last approval, newest first (two queries)."""
    by_key = {(u.campaign.pk, u.code): u for u in units}
    approvals = (
        Transition.objects.filter(
            action="approve",
            submission__campaign_id__in={u.campaign.pk for u in units},
            submission__org_id__in=[u.code for u in units],
        )
        .values_list("submission__campaign_id", "submission__org_id")
        .annotate(at=Max("at"))
    )
    condition = Q()
    for campaign, org, at in approvals:
        condition |= Q(campaign_id=campaign, org_id=org, at__gt=at)
    if not condition:
        return []
    entries = AuditEntry.objects.filter(condition).exclude(column="").order_by("-at", "-id")[:500]
    out = []
    for a in entries:
        unit = by_key.get((a.campaign_id, a.org_id))
        if unit is not None:
            where = cell_where(survey_for(unit.campaign), unit, a.table, a.row, a.column)
            out.append(Changed(unit, a.table, a.row, a.column, a.old, a.new, a.actor, a.at, where))
    return out


def status_label(status: str) -> str:
    return STATUS_LABELS.get(status, status)


def table_labels(campaign: Campaign) -> Mapping[str, str]:
    return {t.id: t.label for t in survey_for(campaign).tables}
