"""Printable tables in the paper layout, and the same as a PDF (WeasyPrint).

One page per table, A4 landscape, 表1 first: the grid as the entry page draws it but
read-only, then the table's own footer and the signature block every printed copy ends with
(单位负责人, 统计负责人/审核人, 填表人, 联系电话, 报出日期 and the 公章 box). The browser
prints it with the print stylesheet; the PDF is WeasyPrint rendering the same HTML with the
Noto CJK font embedded.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone

from kaoping.collection.cells import owner_of
from kaoping.core.definitions.model import Row, Section, Table
from kaoping.core.instance import SurveyData
from kaoping.core.rules.compute import computed_values
from kaoping.downloads import PDF, file_response
from kaoping.pages.grid import Access, GridSection, build_grid
from kaoping.pages.page import TEXTS, Page, load, open_table, tables_of

SIGNATURES = ("单位负责人", "统计负责人/审核人", "填表人", "联系电话", "报出日期")


WIDE = 10  # a table with this many columns or more prints in the smaller type


@dataclass(frozen=True)
class PrintedTable:
    """``body``: the sections printed as the table; ``tail``: a closing form section (备注)
    printed with the footer and the signatures, never alone on a page (docs/spec.md §8.9)."""

    table: Table
    sections: list[GridSection]

    @property
    def wide(self) -> bool:
        return (
            max((len(gs.section.columns) + len(gs.section.row_header) for gs in self.sections), default=0)
            >= WIDE
        )

    @property
    def body(self) -> list[GridSection]:
        return self.sections[:-1] if self.tail else self.sections

    @property
    def tail(self) -> GridSection | None:
        last = self.sections[-1] if len(self.sections) > 1 else None
        return last if last is not None and last.is_form else None


def readonly_access(page: Page, table: Table, data: SurveyData) -> Access:
    """Every visible row shown as text: a city prints its own rows, the province all rows."""

    def owner(section: Section, row: Row) -> str | None:
        return owner_of(page.survey, table, section, row, data)

    def visible(code: str | None) -> bool:
        return page.is_province or code == page.org.code

    return Access(owner=owner, visible=visible, editable=lambda code: False)


def printed_tables(page: Page, table_id: str | None, data: SurveyData) -> list[PrintedTable]:
    """The organisation's tables in the survey's order (表1 first), or the one asked for."""
    ids = [open_table(page, table_id, data).id] if table_id else tables_of(page, data)
    computed = computed_values(page.survey, data)
    out = []
    for tid in ids:
        table = page.survey.table(tid)
        access = readonly_access(page, table, data)
        sections = build_grid(table, data, computed, access, TEXTS, of_which="其中")
        out.append(PrintedTable(table, sections))
    return out


def context(page: Page, table_id: str | None, *, for_pdf: bool = False) -> dict[str, Any]:
    data = load(page)
    return {
        "page": page,
        "campaign": page.campaign,
        "org": page.org,
        "tables": printed_tables(page, table_id, data),
        "signatures": SIGNATURES,
        "printed_on": timezone.localdate(),
        "single": table_id,
        "for_pdf": for_pdf,
        "stylesheets": [] if not for_pdf else inline_css(),
    }


def inline_css() -> list[str]:
    """The screen and print styles as text: WeasyPrint gets them without an HTTP round trip."""
    out = []
    for name in ("kaoping/css/kaoping.css", "kaoping/css/print.css", "reports/print.css"):
        found = finders.find(name)
        if found:
            out.append(Path(str(found)).read_text(encoding="utf-8"))
    return out


def pdf_from_html(html: str) -> bytes:
    """Any self-contained HTML page (styles inlined) as a PDF with the CJK font embedded.

    Shared with other apps' printable pages (evaluation reports): pass the rendered page.
    """
    from weasyprint import HTML  # imported here: the library loads pango at import time

    # The screen stylesheet's browser-only rules (placeholders, sticky bars) are expected noise.
    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    base = str(getattr(settings, "BASE_DIR", "")) or None
    return bytes(HTML(string=html, base_url=base).write_pdf())


def pdf_document(html: str) -> Any:
    """One rendered WeasyPrint document (its pages can be joined with others': ``join_pdf``)."""
    from weasyprint import HTML

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    base = str(getattr(settings, "BASE_DIR", "")) or None
    return HTML(string=html, base_url=base).render()


def join_pdf(documents: list[Any]) -> bytes:
    """The documents' pages, in order, as one PDF."""
    pages = [p for document in documents for p in document.pages]
    return bytes(documents[0].copy(pages).write_pdf())


def render_pdf(page: Page, table_id: str | None) -> bytes:
    return pdf_from_html(render_to_string("reports/print.html", context(page, table_id, for_pdf=True)))


def pdf_response(request: HttpRequest, page: Page, table_id: str | None) -> HttpResponse:
    body = render_pdf(page, table_id)
    name = f"{page.campaign.pk}-{page.org.code}-{table_id or 'all'}.pdf"
    return file_response(body, name, PDF)
