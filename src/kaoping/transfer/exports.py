"""Exports of a campaign: the consolidated workbook, the long CSV of values, the findings.

Each export covers the organisations the user may read: the province's export covers the
province and its cities, a city's only its own rows. Text a spreadsheet would take for a
formula stays text (the workbook writes strings; the CSV escapes it every time).
"""

from __future__ import annotations

import csv
import io
from enum import StrEnum

import xlsxwriter
from django.utils import timezone

from kaoping.collection import services
from kaoping.collection.campaigns import survey_for
from kaoping.collection.cells import CellIndex
from kaoping.collection.models import Campaign, Explanation, Value
from kaoping.core.findings import Finding
from kaoping.core.masking import mask_login
from kaoping.core.rules.engine import validate
from kaoping.core.workbook import write_workbook
from kaoping.core.workbook.escape import csv_text
from kaoping.core.workbook.heights import row_height
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import Organisation
from kaoping.transfer.services import XLSX, campaign_org, snapshot

CSV = "text/csv; charset=utf-8"
CSV_HEADER = ["任务", "组织代码", "表", "行", "列", "值", "最后修改人", "最后修改时间"]
ELEVEN = 16.0  # points per line of the workbook's default 11-point font, as LibreOffice draws it
FINDINGS_HEADER = [
    *("组织代码", "单位", "表", "行", "列", "严重程度", "类别", "规则", "问题", "说明", "应先核对"),
]


class Kind(StrEnum):
    WORKBOOK = "workbook"
    CSV = "csv"
    FINDINGS = "findings"


def export(
    user: Actor, campaign: Campaign, kind: Kind, org_code: str | None = None
) -> tuple[bytes, str, str]:
    """(content, file name, content type) of one export; ``org_code`` defaults to the province."""
    org = campaign_org(campaign, org_code or campaign.org_id)
    access.require(user, Action.READ, org.code)
    orgs = _covered(campaign, org.code)
    if kind is Kind.WORKBOOK:
        meta, data = snapshot(campaign, org)  # importable as a template: it names its versions
        content = write_workbook(survey_for(campaign), data, org=org.code, meta=meta)
        return content, f"{campaign.id}-{org.code}-汇总.xlsx", XLSX
    if kind is Kind.CSV:
        return values_csv(campaign, orgs), f"{campaign.id}-{org.code}-数据.csv", CSV
    return findings_workbook(campaign, orgs), f"{campaign.id}-{org.code}-审核结果.xlsx", XLSX


def _covered(campaign: Campaign, org_code: str) -> set[str]:
    """The province's export covers its cities; a city's only itself."""
    if org_code != campaign.org_id:
        return {org_code}
    province, cities = services.instance_orgs(campaign)
    return {province.code, *(c.code for c in cities)}


def values_csv(campaign: Campaign, orgs: set[str]) -> bytes:
    """One line per stored value, UTF-8 with a BOM so Excel opens the Chinese as it is."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    rows = (
        Value.objects.filter(campaign=campaign, org_id__in=orgs)
        .order_by("org_id", "table", "row", "column")
        .values_list("org_id", "table", "row", "column", "text", "updated_by", "updated_at")
    )
    for org, table, row, column, text, who, when in rows.iterator():
        local = timezone.localtime(when).strftime("%Y-%m-%d %H:%M:%S") if when else ""
        # the 最后修改人 is a user name; one that is a phone number is masked (docs/spec.md §9.6)
        writer.writerow(
            [campaign.id, org, table, row, column, csv_text(text), csv_text(mask_login(who)), local]
        )
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def campaign_findings(campaign: Campaign, orgs: set[str]) -> list[tuple[str, Finding]]:
    """(the organisation whose row it is — the province for a table-wide rule, finding)."""
    survey = survey_for(campaign)
    data = services.load_survey_data(campaign)
    index = CellIndex(survey, data)
    found = services.suspects(campaign, survey, data, validate(survey, data, tables=None, orgs=orgs))
    found += services.quality_findings(campaign, survey, data, orgs, frozenset(t.id for t in survey.tables))
    return [((index.owner(f.table, f.row) if f.row else None) or campaign.org_id, f) for f in found]


def findings_workbook(campaign: Campaign, orgs: set[str]) -> bytes:
    """One row per finding with its 说明 (explanation) when there is one."""
    findings = campaign_findings(campaign, orgs)
    explanations = {
        (e.rule, e.table, e.row, e.column): e.text for e in Explanation.objects.filter(campaign=campaign)
    }
    names = dict(Organisation.objects.filter(code__in=orgs).values_list("code", "name"))
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    sheet = book.add_worksheet("审核结果")
    head = book.add_format({"bold": True, "bg_color": "#E8EEF6", "border": 1, "text_wrap": True})
    wrap = book.add_format({"text_wrap": True, "valign": "top", "border": 1})
    sheet.write_row(0, 0, FINDINGS_HEADER, head)
    widths = [10, 16, 16, 24, 24, 8, 10, 10, 50, 40, 24]
    for col, width in enumerate(widths):
        sheet.set_column(col, col, width)
    sheet.set_row(0, row_height(zip(FINDINGS_HEADER, widths, strict=True), ELEVEN))
    for i, (org, f) in enumerate(findings, start=1):
        explained = explanations.get(f.explanation_key, "")
        cells = [
            org,
            names.get(org, ""),
            f.table_label,
            f.row_label or "",
            f.column_label or "",
            "错误" if f.severity.value == "error" else "提示",
            f.kind_label,
            f.rule,
            f.message,
            explained,
            _suspect_label(campaign, f),
        ]
        for col, text in enumerate(cells):
            sheet.write_string(i, col, str(text), wrap)
        sheet.set_row(i, row_height(zip((str(c) for c in cells), widths, strict=True), ELEVEN))  # LibreOffice
    sheet.freeze_panes(1, 0)
    sheet.autofilter(0, 0, max(len(findings), 1), len(FINDINGS_HEADER) - 1)
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.repeat_rows(0)
    sheet.fit_to_pages(1, 0)
    book.close()
    return buffer.getvalue()


def _suspect_label(campaign: Campaign, finding: Finding) -> str:
    """The column to check first (a sum's cell changed last, else its total), as printed."""
    if finding.suspect is None:
        return ""
    table = survey_for(campaign).table(finding.table)
    return next((c.path for c in table.columns if c.key == finding.suspect[1]), finding.suspect[1])
