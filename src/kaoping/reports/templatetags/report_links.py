"""Links from the web app's pages to the reports: one tag per place, so their templates stay as they are."""

from __future__ import annotations

from typing import Any

from django import template

register = template.Library()


@register.inclusion_tag("reports/_overview_links.html")
def report_links(page: Any) -> dict[str, Any]:
    """The overview's line: 规划指标测算 and 统计图表 for the province; print and PDF for all."""
    return {"page": page, "campaign": page.campaign, "org": page.org}


@register.inclusion_tag("reports/_table_links.html")
def table_print_links(page: Any, table: Any) -> dict[str, Any]:
    """Beside a table's 打印 button: the paper layout (with the signature block) and its PDF."""
    return {"campaign": page.campaign, "org": page.org, "table": table}
