"""The consolidated workbook and the long CSV of values as background jobs (docs/spec.md §14).

Their key names the version of the data they read — the tables of the organisations the
export covers (the province's covers its cities) — so the same export asked for again before
anything was saved is the same job and file. The findings workbook is not a job: the 说明 it
lists are not versioned, so a key could not tell when it is stale.
"""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from django.conf import settings
from django.http import Http404

from kaoping.collection.services import data_stamp
from kaoping.jobs import queue
from kaoping.jobs.kinds import JobKind, JobRefused, Order, Output, Params, Progress
from kaoping.jobs.models import Job
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.pages.page import Page, open_page
from kaoping.transfer import bulk, exports, services

AS_JOBS = {exports.Kind.WORKBOOK: "汇总工作簿", exports.Kind.CSV: "全部数据 CSV"}


def _opened(actor: Actor, params: Params) -> tuple[Page, exports.Kind]:
    page = open_page(actor, str(params.get("campaign", "")), str(params.get("org", "")))
    access.require(actor, Action.READ, page.org.code)
    try:
        kind = exports.Kind(str(params.get("kind", "")))
    except ValueError as error:
        raise Http404("没有这种导出") from error
    if kind not in AS_JOBS:
        raise Http404("没有这种导出")
    return page, kind


def check(actor: Actor, params: Params) -> None:
    _opened(actor, params)


def order(actor: Actor, params: Params) -> Order:
    page, kind = _opened(actor, params)
    covered = None if page.is_province else [page.org.code]
    return Order(
        key=f"export:{kind.value}:{page.campaign.pk}:{page.org.code}:{data_stamp(page.campaign, covered)}",
        label=f"{page.campaign.title} · {page.org.name} · {AS_JOBS[kind]}",
    )


def build(actor: Actor, params: Params, progress: Progress) -> Output:
    page, kind = _opened(actor, params)
    progress.start(1, f"正在生成{AS_JOBS[kind]}")
    content, name, content_type = exports.export(actor, page.campaign, kind, page.org.code)
    progress.advance(f"{AS_JOBS[kind]}已生成")
    return Output(content=content, filename=name, content_type=content_type, summary={"bytes": len(content)})


EXPORT = JobKind("export", check=check, order=order, build=build)


MODES = {"save": services.Mode.SAVE, "draft": services.Mode.DRAFT, "dry_run": services.Mode.DRY_RUN}


def queue_import(
    actor: Actor, campaign_id: str, org: str, name: str, content: bytes, mode: str = "save"
) -> Job:
    """Queue one workbook's import as a job (the bulk import, one job per workbook, so that every
    worker can take a share). The file is kept in the shared ``JOBS_DIR/inputs`` under its
    sha256 — what the job builds is that file's import into the campaign: the same file again
    is the same job."""
    digest = store_input(content)
    params = {"campaign": campaign_id, "org": org, "input": digest, "name": name[:120], "mode": mode}
    return queue.start(actor, IMPORT.name, params)


def input_path(digest: str) -> Path:
    return Path(settings.JOBS_DIR) / "inputs" / f"{digest}.xlsx"


def store_input(content: bytes) -> str:
    """Keep a workbook to import in the shared ``JOBS_DIR/inputs`` under its sha256 (every
    worker reads it there); returns the digest."""
    digest = hashlib.sha256(content).hexdigest()
    stored = input_path(digest)
    if not stored.exists():
        stored.parent.mkdir(parents=True, exist_ok=True)
        part = stored.parent / f"{digest}.{os.getpid()}.part"
        part.write_bytes(content)
        os.replace(part, stored)
    return digest


def _import_opened(actor: Actor, params: Params) -> Page:
    page = open_page(actor, str(params.get("campaign", "")), str(params.get("org", "")))
    access.require(actor, Action.FILL, page.org.code)
    if not re.fullmatch(r"[0-9a-f]{64}", str(params.get("input", ""))) or params.get("mode") not in MODES:
        raise Http404("没有这个文件")
    return page


def import_check(actor: Actor, params: Params) -> None:
    _import_opened(actor, params)


def import_order(actor: Actor, params: Params) -> Order:
    page = _import_opened(actor, params)
    return Order(
        key=f"import:{page.campaign.pk}:{params['input']}:{params['mode']}",
        label=f"{page.campaign.title} · 导入 {params.get('name', '')}",
    )


def import_build(actor: Actor, params: Params, progress: Progress) -> Output:
    """Import the stored workbook with the asking user's rights (all or nothing, as the bulk
    page does); the per-file report is the job's summary."""
    page = _import_opened(actor, params)
    progress.start(1, f"正在导入 {params.get('name', '')}")
    path = input_path(str(params["input"]))
    if not path.exists():
        raise JobRefused("要导入的文件已过期，请重新上传")
    mode = MODES[str(params["mode"])]
    report = bulk.import_one(actor, page.campaign, str(params.get("name", "")), path.read_bytes(), mode)
    progress.advance(report.status)
    return Output(summary=report.as_json())


IMPORT = JobKind("import", check=import_check, order=import_order, build=import_build)
