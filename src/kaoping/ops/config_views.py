"""The configuration changes (配置变更记录) for whoever reads the audit (the 审计管理员 under 三员分立,
the 部 and 省管理员 otherwise; docs/spec.md §12): a filterable list in words — who, when, what
setting, of what, before → after — and its export (.xlsx or .csv)."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from kaoping.ops import auditexport
from kaoping.ops.views import require_manager
from kaoping.orgs.access import Action, orgs_for, restrict
from kaoping.orgs.actors import Actor, SignedInRequest
from kaoping.orgs.configlog import in_words
from kaoping.orgs.models import ConfigChange, Organisation
from kaoping.orgs.who import who_labels

HEADER = ["时间", "配置项", "对象", "原值", "新值", "操作人"]
SYSTEM_WIDE = "全系统"


def visible_config_changes(viewer: Actor) -> QuerySet[ConfigChange]:
    """The entries at units where ``viewer`` reads the audit, newest first; those of the whole
    system (the organisation tree, security policy) only where it reads the ministry's."""
    entries = ConfigChange.objects.select_related("org").order_by("-at", "-id")
    codes = orgs_for(viewer, Action.READ_AUDIT)
    if codes is None:
        return entries
    scope = Q(pk__in=restrict(ConfigChange.objects.order_by(), viewer, Action.READ_AUDIT).values("pk"))
    if Organisation.objects.filter(code__in=codes, parent__isnull=True).exists():
        scope |= Q(org__isnull=True)
    return entries.filter(scope)


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text.strip()) if text.strip() else None
    except ValueError:
        return None


def filtered(
    entries: QuerySet[ConfigChange], query: QueryDict
) -> tuple[QuerySet[ConfigChange], dict[str, Any]]:
    """The entries the page's filters keep, and the filters as the form shows them again."""
    subject, who = query.get("subject", ""), query.get("who", "").strip()
    since, until = _day(query.get("since", "")), _day(query.get("until", ""))
    if subject:
        entries = entries.filter(subject=subject)
    if who:
        entries = entries.filter(actor__icontains=who)
    zone = timezone.get_current_timezone()
    if since:
        entries = entries.filter(at__gte=datetime.combine(since, time.min, zone))
    if until:
        entries = entries.filter(at__lte=datetime.combine(until, time.max, zone))
    shown = {"subject": subject, "who": who, "since": since or "", "until": until or ""}
    return entries, shown


def rows(entries: list[ConfigChange], viewer: Actor) -> list[dict[str, Any]]:
    """Each entry as the page and the export show it: in words, the actor as a person."""
    words, who = in_words(entries, viewer), who_labels((e.actor for e in entries), viewer)
    return [
        {
            "at": e.at,
            "subject": e.subject,
            "target": words[e.pk].target or SYSTEM_WIDE,
            "old": words[e.pk].old,
            "new": words[e.pk].new,
            "who": who.get(e.actor, e.actor),
        }
        for e in entries
    ]


def _subjects(entries: QuerySet[ConfigChange]) -> list[str]:
    return list(entries.order_by("subject").values_list("subject", flat=True).distinct())


@login_required
def config_page(request: SignedInRequest) -> HttpResponse:
    require_manager(request, Action.READ_AUDIT)
    visible = visible_config_changes(request.user)
    entries, shown = filtered(visible, request.GET)
    fmt = request.GET.get("format", "")
    if fmt in ("csv", "xlsx"):
        found = rows(list(entries[: auditexport.MAX_ROWS]), request.user)
        keys = ("subject", "target", "old", "new", "who")
        table = ([auditexport.when(r["at"]), *(r[k] for k in keys)] for r in found)
        return auditexport.table_response(fmt, "配置变更记录", HEADER, table)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    context = {"page": page, "rows": rows(list(page), request.user), "subjects": _subjects(visible), **shown}
    return render(request, "ops/config_changes.html", context)
