"""The whole-survey PDF of an organisation as a background job with progress (docs/spec.md §14):
one WeasyPrint document per printed table, joined at the end — a step per table.

Its key is what it prints: the campaign, the organisation, the day (the 报出日期 on every page)
and the versions of the tables it reads (every save moves one forward), so asking again
before anything changed gives the same job and file, and a change gives a new one.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from kaoping.collection.services import data_stamp
from kaoping.downloads import PDF
from kaoping.jobs.kinds import JobKind, Order, Output, Params, Progress
from kaoping.orgs.actors import Actor
from kaoping.pages.page import Page, open_page
from kaoping.reports import printing


def _page(actor: Actor, params: Params) -> Page:
    return open_page(actor, str(params.get("campaign", "")), str(params.get("org", "")))


def check(actor: Actor, params: Params) -> None:
    _page(actor, params)


def order(actor: Actor, params: Params) -> Order:
    page = _page(actor, params)
    stamp = data_stamp(page.campaign, None if page.is_province else [page.org.code])
    day = timezone.localdate().isoformat()
    return Order(
        key=f"survey_pdf:{page.campaign.pk}:{page.org.code}:{day}:{stamp}",
        label=f"{page.campaign.title} · {page.org.name} · 全套报表 PDF",
    )


def build(actor: Actor, params: Params, progress: Progress) -> Output:
    page = _page(actor, params)
    progress.start(1, "正在读取数据")
    whole = printing.context(page, None, for_pdf=True)
    printed = whole["tables"]
    progress.start(len(printed), f"共 {len(printed)} 张表")
    documents = []
    for table in printed:
        html = render_to_string("reports/print.html", {**whole, "tables": [table]})
        documents.append(printing.pdf_document(html))
        progress.advance(f"已排版 {table.table.label}")
    progress.advance("正在合并为一个文件", steps=0)  # the bar stays short of 100 % until done
    content = printing.join_pdf(documents)
    name = f"{page.campaign.pk}-{page.org.code}-all.pdf"
    return Output(content=content, filename=name, content_type=PDF, summary={"tables": len(printed)})


SURVEY_PDF = JobKind("survey_pdf", check=check, order=order, build=build)
