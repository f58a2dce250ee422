"""报送进度 as a document for the API and the command line (docs/spec.md §11.8): the same rows
as the page (``progress.progress_rows``: the organisations the reader may read, late first),
each with its status, ``outstanding`` (not yet submitted), deadline, ``overdue`` (逾期) and
``late`` (迟报: submitted after the deadline), last change, last 催报 and per table its state.

Nationally a row is a provincial unit in its own campaign: ``units`` says how many of its
units filled each table (``3/14``) and ``cities_approved`` how many of its cities its own
reviewers approved; a province's campaign lists the province and its cities with each table's
errors and warnings."""

from __future__ import annotations

from kaoping.collection.models import Campaign
from kaoping.collection.national import is_national
from kaoping.orgs.actors import Actor
from kaoping.pages.status import BADGES
from kaoping.workflow.progress import ProgressRow, TableCell, progress_rows

STATES = {css: status for status, (css, _label) in BADGES.items()}  # 未填报 填报中 有错误 已完成


def progress_document(user: Actor, campaign: Campaign) -> dict[str, object]:
    """The campaign's 报送进度 as ``user`` may read it (see the module's docstring)."""
    tables, rows = progress_rows(user, campaign)
    statuses: dict[str, int] = {}
    for row in rows:
        statuses[row.status_label] = statuses.get(row.status_label, 0) + 1
    return {
        "campaign": campaign.pk,
        "title": campaign.title,
        "national": is_national(campaign),
        "tables": [{"table": table, "label": label} for table, label in tables],
        "counts": statuses,
        "outstanding": sum(1 for r in rows if r.late),
        "rows": [_row(row, is_national(campaign)) for row in rows],
    }


def _row(row: ProgressRow, national: bool) -> dict[str, object]:
    out: dict[str, object] = {
        "org": row.org.code,
        "name": row.org.name,
        "campaign": row.campaign_id,
        "status": row.status,
        "status_label": row.status_label,
        "outstanding": row.late,  # not yet submitted: 未填报, 填报中 or 已退回
        **row.timeliness.as_json(),  # deadline, extended, overdue (逾期), late (迟报)
        "last_change": row.last_change.isoformat() if row.last_change else None,
        "reminded": row.reminded.isoformat() if row.reminded else None,
        "tables": {cell.table: _cell(cell, national) for cell in row.tables if cell.badge is not None},
    }
    if national:
        out["cities_approved"] = row.cities
    else:
        out |= {"errors": row.errors, "warnings": row.warnings}
    return out


def _cell(cell: TableCell, national: bool) -> dict[str, object]:
    assert cell.badge is not None
    state = STATES.get(cell.badge.css, "")
    if national:
        return {"state": state, "units": cell.title}
    return {"state": state, "errors": cell.errors, "warnings": cell.warnings}
