"""The national 表1 PDF and the national workbook as background jobs (docs/spec.md §14).

Both read the provinces' stored summaries (``nation``) as the ministry's pages do. What a file
holds depends on the data and on which provinces the asker may read, so the job's parameters
carry the provinces the asker sees (``provinces``), and the key names them with the campaign,
its definition and the stored version (``computed_at``) of every summary read: a save gives a
new key, and two viewers who see different provinces never share a job or a file. Looking at a
job (its page, its file) is allowed to whoever reads the national campaign at the ministry and
may read every province the file was built with.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.utils import timezone

from kaoping.collection.models import Campaign
from kaoping.collection.national import national_children
from kaoping.downloads import PDF, XLSX
from kaoping.jobs.kinds import JobKind, Order, Output, Params, Progress
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.pages.page import Page, open_page
from kaoping.reports.nation import Nation, nation, national_workbook_bytes, require_national

NOT_YOURS = "这份文件按其他查看权限生成，请从本人的页面重新生成"


def params_for(actor: Actor, campaign: str) -> Params:
    """What the page, the API or the CLI asks for on ``actor``'s behalf: the national campaign
    and the provinces ``actor`` may read."""
    found = Campaign.objects.filter(pk=campaign).first()
    if found is None:
        raise Http404("任务不存在或无权查看")
    codes = [c.org_id for c in national_children(found)]
    return {"campaign": found.pk, "provinces": sorted(access.allowed(actor, Action.READ, codes))}


def _page(actor: Actor, params: Params) -> tuple[Page, frozenset[str]]:
    campaign = str(params.get("campaign", ""))
    found = Campaign.objects.filter(pk=campaign).first()
    if found is None:
        raise Http404("任务不存在或无权查看")
    page = open_page(actor, campaign, found.org_id)
    require_national(page.campaign)
    raw: Any = params.get("provinces", [])
    if not isinstance(raw, list) or not all(isinstance(code, str) for code in raw):
        raise Http404("没有这种导出")
    provinces = frozenset(raw)
    if set(access.allowed(actor, Action.READ, sorted(provinces))) != provinces:  # it would show more
        raise PermissionDenied(NOT_YOURS)
    return page, provinces


def _nation(actor: Actor, params: Params) -> tuple[Page, Nation]:
    page, provinces = _page(actor, params)
    found = nation(page.campaign, actor, only=provinces)
    if found.key is None:  # a summary missing was computed and stored just now: read it
        found = nation(page.campaign, actor, only=provinces)
    return page, found


def stamp(found: Nation) -> str:
    """The nation's state as a short digest: definition, provinces seen and included, and the
    stored version of each summary read (no province codes in the key)."""
    seen = ",".join(p.code for p in found.coverage.expected)
    included = ",".join(sorted(found.coverage.included))
    versions = ",".join(f"{pk}@{at.isoformat() if at else '-'}" for pk, at in found.versions)
    text = f"{found.campaign.snapshot_id}|{seen}|{included}|{versions}"
    return hashlib.sha256(text.encode()).hexdigest()[:24]


def check(actor: Actor, params: Params) -> None:
    _page(actor, params)


def pdf_order(actor: Actor, params: Params) -> Order:
    page, found = _nation(actor, params)
    day = timezone.localdate().isoformat()  # the 报出日期 printed
    return Order(
        key=f"national_pdf:{page.campaign.pk}:{day}:{stamp(found)}",
        label=f"{page.campaign.title} · 全国表1 PDF",
    )


def pdf_build(actor: Actor, params: Params, progress: Progress) -> Output:
    from kaoping.reports.national_views import table1_context
    from kaoping.reports.printing import pdf_from_html  # WeasyPrint loads pango when imported

    progress.start(2, "正在读取各省汇总")
    page, found = _nation(actor, params)
    html = render_to_string("reports/national_print.html", table1_context(page, found, True, for_pdf=True))
    progress.advance("正在排版")
    content = pdf_from_html(html)
    progress.advance("已生成")
    return Output(content=content, filename=f"{page.campaign.pk}-全国表1.pdf", content_type=PDF)


def workbook_order(actor: Actor, params: Params) -> Order:
    page, found = _nation(actor, params)
    return Order(
        key=f"national_workbook:{page.campaign.pk}:{stamp(found)}",
        label=f"{page.campaign.title} · 全国汇总工作簿",
    )


def workbook_build(actor: Actor, params: Params, progress: Progress) -> Output:
    progress.start(2, "正在读取各省汇总")
    page, found = _nation(actor, params)
    progress.advance("正在生成工作簿")
    content = national_workbook_bytes(found)
    progress.advance("已生成")
    return Output(content=content, filename=f"{page.campaign.pk}-全国汇总.xlsx", content_type=XLSX)


NATIONAL_PDF = JobKind("national_pdf", check=check, order=pdf_order, build=pdf_build)
NATIONAL_WORKBOOK = JobKind("national_workbook", check=check, order=workbook_order, build=workbook_build)
