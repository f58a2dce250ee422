"""Links from the web app's pages to the reports: one tag per place, so their templates stay as they are."""

from __future__ import annotations

from typing import Any

from django import template

from kaoping.collection.national import is_national
from kaoping.core.definitions.model import Table
from kaoping.pages.page import Page

register = template.Library()


@register.inclusion_tag("reports/_overview_links.html")
def report_links(page: Page) -> dict[str, Any]:
    """The overview's line: 规划指标测算 and 统计图表 for the province; print and PDF for all; at
    the ministry, a national campaign's pages (全国统计图表, 全国表1, 各省比较, the workbook)."""
    national = page.is_province and is_national(page.campaign)
    return {"page": page, "campaign": page.campaign, "org": page.org, "national": national}


@register.inclusion_tag("reports/_table_links.html")
def table_print_links(page: Page, table: Table) -> dict[str, Any]:
    """Beside a table's 打印 button: the paper layout (with the signature block) and its PDF."""
    return {"campaign": page.campaign, "org": page.org, "table": table}
