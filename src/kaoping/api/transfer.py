"""Excel over the API: an organisation's template, importing a filled workbook, exports.

The same services as the pages and the command line (``kaoping.transfer``): the import is
all or nothing, errors block a save unless ``draft``, and ``dry_run`` saves nothing.
"""

from __future__ import annotations

from django.http import HttpResponse
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from kaoping.api.lookups import campaign_org
from kaoping.api.schemas import Busy, Error, FindingOut, file_download
from kaoping.core.uploads import UploadRefused
from kaoping.downloads import file_response
from kaoping.limits.heavy import heavy
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.transfer import exports, services

router = Router(tags=["Excel 导入导出"])
BASE = "/campaigns/{campaign_id}/orgs/{org}"


class ImportFindingOut(FindingOut):
    sheet: str | None = None  # "表9"
    cell: str | None = None  # "表9!F7"


class ConflictOut(Schema):
    """A cell somebody changed after the template was downloaded that the file changes too."""

    table: str
    row: str
    column: str
    cell: str  # "表9!H7"
    file_value: str  # as shown on pages; "" blank
    current_value: str
    changed_by: str
    changed_at: str  # ISO 8601
    overwritten: bool  # the file's value was (or would be) saved


class ImportOut(Schema):
    """The ``kaoping import`` document (docs/spec.md §10.7); ``reason`` says why it was not saved.

    ``versioned``: the file names the table versions it was downloaded at (older templates
    do not: later edits by others cannot be told apart). ``conflicts`` are also findings
    with rule X-CONFLICT."""

    saved: bool
    sha256: str
    changed: int
    findings: list[ImportFindingOut]
    versioned: bool = False
    conflicts: list[ConflictOut] = []
    reason: str = ""


class RefusedFile(Schema):
    refused: str


@router.get(
    BASE + "/template",
    response={403: Error, 404: Error},
    summary="下载 Excel 填报模板",
    openapi_extra=file_download("该单位的 .xlsx 模板，已保存的数据预先填入", services.XLSX),
)
def template(request: SignedInRequest, campaign_id: str, org: str) -> HttpResponse:
    """The workbook of the tables ``org`` fills (a city: the sheets with its rows)."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    content, name = services.template(request.user, campaign, org)
    return file_response(content, name, services.XLSX)


@router.post(
    BASE + "/import",
    response={200: ImportOut, 403: Error, 404: Error, 422: RefusedFile},
    summary="导入填好的 Excel 工作簿",
)
def import_workbook(
    request: SignedInRequest,
    campaign_id: str,
    org: str,
    file: File[UploadedFile],  # a multipart file field named "file"
    dry_run: bool = False,
    draft: bool = False,
    overwrite_conflicts: bool = False,
) -> Status[dict[str, object]]:
    """Reads ``file`` as ``org``'s template. ``dry_run``: check only. ``draft``: save even with
    errors. Otherwise it saves only when there is no error. A file that is not a safe template
    of this campaign and organisation is refused (422 ``{"refused": reason}``); nothing is saved.
    A cell somebody changed after the template was downloaded that the file changes too is a
    conflict: its current value stays unless ``overwrite_conflicts``; the file's other changes
    are saved. A cell the file left as downloaded is no change."""
    campaign = campaign_org(request.user, campaign_id, org, Action.FILL)
    mode = services.Mode.DRY_RUN if dry_run else (services.Mode.DRAFT if draft else services.Mode.SAVE)
    try:
        received = services.receive_workbook(file.name or "", file)
    except UploadRefused as refusal:
        return Status(422, {"refused": str(refusal)})
    outcome = services.import_workbook(
        request.user, campaign, org, received.data, received.name, mode, overwrite=overwrite_conflicts
    )
    if outcome.refused is not None:
        return Status(422, {"refused": outcome.refused})
    document = outcome.as_json()
    document["reason"] = "" if outcome.saved else outcome.not_saved_because
    return Status(200, document)


@router.get(
    BASE + "/export/{kind}",
    response={403: Error, 404: Error, 429: Busy},
    summary="导出：汇总工作簿、全部数据 CSV、审核结果",
    openapi_extra=file_download(".xlsx（workbook、findings）或 .csv（csv）", services.XLSX, "text/csv"),
)
@heavy("export")
def export(request: SignedInRequest, campaign_id: str, org: str, kind: exports.Kind) -> HttpResponse:
    """``kind``: ``workbook`` (the consolidated workbook in the template's layout), ``csv`` (every
    value: campaign, organisation code, table, row key, column key, value, last changed by/at;
    UTF-8 with BOM), ``findings`` (one row per finding with its 说明). The province's exports
    cover its cities; a city's cover its own rows."""
    campaign = campaign_org(request.user, campaign_id, org, Action.READ)
    content, name, content_type = exports.export(request.user, campaign, kind, org)
    return file_response(content, name, content_type)
