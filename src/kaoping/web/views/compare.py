"""与基期对比: one table of one unit beside the baseline campaign, on a page and as a workbook."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from kaoping.downloads import XLSX, file_response
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.page import load, open_page, open_table
from kaoping.web.compare import comparison, comparison_workbook


@login_required
def compare(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    data = load(page)
    sheet = open_table(page, table, data)
    lines = comparison(page, sheet, data)
    baseline = page.campaign.baseline
    context = {"page": page, "campaign": page.campaign, "org": page.org, "table": sheet, "lines": lines}
    return render(request, "kaoping/compare.html", context | {"baseline": baseline})


@login_required
def compare_workbook(request: SignedInRequest, campaign: str, org: str, table: str) -> HttpResponse:
    page = open_page(request.user, campaign, org)
    data = load(page)
    sheet = open_table(page, table, data)
    baseline = page.campaign.baseline
    title = f"{sheet.heading} · {page.org.name} · 本期：{page.campaign.title}"
    title += f" · 基期：{baseline.title}" if baseline else " · 未设置基期任务"
    content = comparison_workbook(title, comparison(page, sheet, data))
    return file_response(content, f"{page.campaign.pk}-{page.org.code}-{sheet.id}-与基期对比.xlsx", XLSX)
