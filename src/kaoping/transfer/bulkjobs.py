"""The province's bulk import as background jobs (docs/spec.md §14).

The workbooks of one upload are kept in the shared ``JOBS_DIR/inputs`` under their sha256 and
imported in chunks of at most ``KAOPING_BULK_CHUNK`` workbooks, one job per chunk: every worker
takes a share, and the queue's fixed cost (claim, heavy-work slot, progress, result) is paid
per chunk, not per workbook; so is reading the campaign's data (``LiveData``, kept current
between the workbooks). Each workbook is still imported on its own, all or nothing, with
the asking user's rights (``bulk.import_one``). The upload's request reads which organisation
each workbook names (its ``_meta`` sheet only) so that one organisation's files share a chunk,
imported in upload order: two workers never save the same city at once.

A chunk's key is what it builds: the campaign, the organisation, the mode and its files (names
and digests) — the same upload again gives the same jobs. A chunk run again after its worker
died imports its files again; a workbook already saved then changes nothing (its values are
the stored ones), so the effect is once.

The chunks of one upload share a *batch* (the digest of the whole list): its page shows one
progress bar over all of them and, once every chunk is done, the report of each file.
"""

from __future__ import annotations

import hashlib
import json
import re
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.http import Http404

from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import Campaign
from kaoping.collection.services import LiveData, instance_orgs
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import OrgTree
from kaoping.core.uploads import UploadRefused
from kaoping.core.workbook import read_workbook, write_workbook
from kaoping.core.workbook.peek import org_hint
from kaoping.jobs import queue
from kaoping.jobs.kinds import JobKind, Order, Output, Params, Progress
from kaoping.jobs.models import Job
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.pages.page import Page, open_page
from kaoping.transfer import services
from kaoping.transfer.bulk import FileReport, import_one, workbook_org
from kaoping.transfer.jobs import MODES, input_path, store_input

CHUNK = 40  # workbooks per job: 333 cities are 9 jobs
DIGEST = re.compile(r"[0-9a-f]{64}")
BATCH = re.compile(r"[0-9a-f]{24}")


def chunk_size() -> int:
    return max(1, int(getattr(settings, "KAOPING_BULK_CHUNK", CHUNK)))


def entries(files: list[tuple[str, bytes | UploadRefused]]) -> list[dict[str, str]]:
    """What each chunk lists per file: its name and stored digest, or why it was refused."""
    out = []
    for n, (name, content) in enumerate(files, start=1):
        if isinstance(content, UploadRefused):
            out.append({"n": str(n), "name": name[:120], "problem": str(content)[:500]})
        else:  # an empty one (left out of a zip) is reported by the import as too large or damaged
            digest = store_input(content) if content else ""
            out.append({"n": str(n), "name": name[:120], "input": digest})
    return out


def chunks(items: list[dict[str, str]], size: int, orgs: list[str]) -> list[list[dict[str, str]]]:
    """``items`` in chunks of at most ``size``, every organisation's files in one chunk in upload
    order (``orgs``: the organisation each file names, "" when unknown): two workers never
    import the same organisation at once — the later of two files for one city is saved after
    the earlier, as the user would expect, instead of being refused as a concurrent save — and
    a chunk holds more than ``size`` only for one organisation's own files."""
    groups: dict[str, list[dict[str, str]]] = {}
    for n, (item, org) in enumerate(zip(items, orgs, strict=True)):
        groups.setdefault(org or f"#{n}", []).append(item)  # an unknown one: a group of its own
    out: list[list[dict[str, str]]] = []
    for group in groups.values():
        if out and len(out[-1]) + len(group) <= size:
            out[-1].extend(group)
        else:
            out.append(list(group))
    return out or [[]]


def upload_orgs(campaign_id: str, files: list[tuple[str, bytes | UploadRefused]]) -> list[str]:
    """The organisation each workbook names ("" when it cannot be read: its import says why):
    its ``kaoping_org`` property (``core.workbook.peek``), else its ``_meta`` sheet. Only the
    grouping follows it; each import reads ``_meta`` and checks the user's rights again."""
    campaign = Campaign.objects.filter(pk=campaign_id).first()
    if campaign is None:
        return [""] * len(files)
    tree: OrgTree | None = None  # read once for the whole upload, only if a file has no hint
    out = []
    for _, content in files:
        if not isinstance(content, bytes):
            out.append("")
        elif (hint := org_hint(content, services.limits())) is not None:
            out.append(hint)  # the file's own property: no need to open its sheets here
        else:
            tree = access.org_tree() if tree is None else tree
            out.append(_read_org(content, campaign, tree))
    return out


def _read_org(content: bytes, campaign: Campaign, tree: OrgTree) -> str:
    try:
        return workbook_org(content, campaign, tree)[0]
    except Exception:  # refused or damaged: reported by the import, on its own line
        return ""


def queue_bulk(
    actor: Actor, campaign_id: str, org: str, files: list[tuple[str, bytes | UploadRefused]], mode: str
) -> str:
    """Queue the upload's chunks (``limiter.Busy`` when the user's share is taken); its batch."""
    items = entries(files)
    batch = hashlib.sha256(json.dumps([campaign_id, org, mode, items]).encode()).hexdigest()[:24]
    parts = chunks(items, chunk_size(), upload_orgs(campaign_id, files))
    base = {"campaign": campaign_id, "org": org, "mode": mode, "batch": batch, "parts": len(parts)}
    chunked = [{**base, "part": n, "files": part} for n, part in enumerate(parts, 1)]
    opened = _OPENED.set({})  # the chunks' checks and orders open the page once
    try:
        queue.start_all(actor, BULK.name, chunked)
    finally:
        _OPENED.reset(opened)
    return batch


def _files(params: Params) -> list[dict[str, str]]:
    files = params.get("files")
    if not isinstance(files, list) or not all(_well_formed(item) for item in files):
        raise Http404("没有这些文件")
    return files


def _well_formed(item: Any) -> bool:
    if not isinstance(item, dict) or not isinstance(item.get("name"), str):
        return False
    if "problem" in item:
        return isinstance(item["problem"], str)
    digest = item.get("input")
    return isinstance(digest, str) and (digest == "" or bool(DIGEST.fullmatch(digest)))


def _opened(actor: Actor, params: Params) -> Page:
    page = _page(actor, str(params.get("campaign", "")), str(params.get("org", "")))
    if params.get("mode") not in MODES or not BATCH.fullmatch(str(params.get("batch", ""))):
        raise Http404("没有这个批量导入")
    _files(params)
    return page


# The pages the upload's request opened, while it queues its chunks (``queue_bulk``): every
# chunk is checked and ordered for the same user, campaign and organisation.
_OPENED: ContextVar[dict[tuple[str, str], Page] | None] = ContextVar("bulk_opened", default=None)


def _page(actor: Actor, campaign_id: str, org: str) -> Page:
    """``open_page`` with the right to fill; within ``queue_bulk``, once per campaign and org."""
    opened = _OPENED.get()
    if opened is not None and (campaign_id, org) in opened:
        return opened[(campaign_id, org)]
    page = open_page(actor, campaign_id, org)
    access.require(actor, Action.FILL, page.org.code)
    if opened is not None:
        opened[(campaign_id, org)] = page
    return page


def check(actor: Actor, params: Params) -> None:
    _opened(actor, params)


def order(actor: Actor, params: Params) -> Order:
    page = _opened(actor, params)
    part, parts, count = params.get("part", 1), params.get("parts", 1), len(_files(params))
    which = f"第 {part}/{parts} 批，" if parts != 1 else ""
    return Order(
        key=f"bulk_import:{page.campaign.pk}:{page.org.code}:{params['mode']}:{params['batch']}:{part}",
        label=f"{page.campaign.title} · 批量导入（{which}{count} 个文件）",
    )


def import_item(
    actor: Actor, campaign: Campaign, item: dict[str, str], mode: str, live: LiveData
) -> FileReport:
    if "problem" in item:
        return FileReport(name=item["name"], problem=item["problem"])
    path = input_path(item["input"]) if item["input"] else None
    if path is not None and not path.exists():
        return FileReport(name=item["name"], problem="要导入的文件已过期，请重新上传")
    content = path.read_bytes() if path is not None else b""
    return import_one(actor, campaign, item["name"], content, MODES[mode], live=live)


def build(actor: Actor, params: Params, progress: Progress) -> Output:
    page, files = _opened(actor, params), _files(params)
    progress.start(len(files), f"共 {len(files)} 个文件")
    reports, live = [], LiveData(page.campaign)  # the campaign's data read once, kept current
    for item in files:
        reports.append(import_item(actor, page.campaign, item, str(params["mode"]), live))
        progress.advance(f"已导入 {item['name']}")
    saved = sum(1 for r in reports if r.saved)
    files_out = [{**r.as_json(), "n": item.get("n", "")} for item, r in zip(files, reports, strict=True)]
    return Output(summary={"files": files_out, "saved": saved})


def warm() -> None:
    """At a worker's start (``JobKind.warm``): a template of each survey still taking data,
    written and read back in memory (nothing saved), so that its definition, compiled rules,
    layout and bounds are ready before the first workbook of the first job needs them."""
    warmed: set[int] = set()
    for campaign in Campaign.objects.filter(kind="survey", status__in=("open", "closed")):
        survey = survey_for(campaign)
        if id(survey) in warmed:  # the campaigns of one definition share it
            continue
        warmed.add(id(survey))
        province, cities = instance_orgs(campaign)
        org = cities[0] if cities else province
        data, meta = SurveyData(province=province, cities=cities), services.meta_for(campaign, org)
        content = write_workbook(survey, data, org=org.code, meta=meta)
        read_workbook(content, survey, data, org=org.code, meta=meta, limits=services.limits())


BULK = JobKind("bulk_import", check=check, order=order, build=build, warm=warm)


@dataclass(frozen=True)
class Batch:
    """The jobs of one bulk upload, seen together."""

    jobs: list[Job]

    @property
    def total(self) -> int:
        return sum(len(job.params.get("files", [])) for job in self.jobs)

    @property
    def done(self) -> int:
        return sum(len(job.params.get("files", [])) if job.finished else job.done for job in self.jobs)

    @property
    def finished(self) -> bool:
        return all(job.finished for job in self.jobs)

    @property
    def percent(self) -> int:
        if self.finished:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0

    @property
    def errors(self) -> list[str]:
        return [job.error for job in self.jobs if job.status == Job.FAILED and job.error]

    def reports(self) -> list[FileReport]:
        """Every file's report, in the order they were uploaded."""
        listed = [f for job in self.jobs for f in job.summary.get("files", [])]
        listed.sort(key=lambda f: int(f["n"]) if str(f.get("n", "")).isdigit() else 0)
        out = []
        for f in listed:
            out.append(
                FileReport(
                    **{"name": f["file"], "org": f["org"] or "", "saved": f["saved"]},
                    **{"changed": f["changed"], "errors": f["errors"], "warnings": f["warnings"]},
                    **{"conflicts": f["conflicts"], "problem": f["reason"]},
                )
            )
        return out

    def status(self) -> dict[str, Any]:
        return {"done": self.done, "total": self.total, "percent": self.percent, "finished": self.finished}


def batch_of(actor: Actor, page: Page, batch: str) -> Batch:
    """The upload's chunks, when the actor may see them (404 naming nothing otherwise)."""
    if not BATCH.fullmatch(batch):
        raise Http404("没有这个批量导入")
    jobs = [
        job
        for job in Job.objects.filter(kind=BULK.name, params__batch=batch)
        if job.params.get("campaign") == page.campaign.pk and job.params.get("org") == page.org.code
    ]
    if not jobs:
        raise Http404("没有这个批量导入")
    for job in jobs:
        check(actor, job.params)
    return Batch(sorted(jobs, key=lambda job: int(job.params.get("part", 1))))
