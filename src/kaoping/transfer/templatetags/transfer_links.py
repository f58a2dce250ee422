"""Excel buttons on the web app's overview and table pages: one tag each, their templates unchanged."""

from __future__ import annotations

from typing import Any

from django import template

from kaoping.pages.page import Page

register = template.Library()


@register.inclusion_tag("transfer/_overview_links.html")
def transfer_links(page: Page) -> dict[str, Any]:
    """下载Excel模板, 上传Excel (when the user may fill), 导出, and 批量导入 for the province."""
    return {"page": page, "campaign": page.campaign, "org": page.org}


@register.inclusion_tag("transfer/_table_links.html")
def table_transfer_links(page: Page, editable: bool = True) -> dict[str, Any]:
    """下载Excel模板, and 上传Excel only where the user may fill this table (``editable``: it has
    cells or list rows of the user's own; a table the province only reads offers none)."""
    return {"page": page, "campaign": page.campaign, "org": page.org, "editable": editable}
