"""Bulk import: many workbooks (one per city) at once, as files or in one zip.

Each workbook says which organisation it is for (its ``_meta`` sheet); each is imported on
its own, all or nothing, with the user's own rights — one refused file does not stop the
others. The page (``transfer.bulkpages``) runs them as background jobs (``transfer.bulkjobs``)
and shows their progress, then the report per file.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import Campaign
from kaoping.collection.services import LiveData, instance_orgs
from kaoping.core.instance import SurveyData
from kaoping.core.orgs import OrgTree
from kaoping.core.uploads import Accept, UploadRefused, display_name, receive, size_text
from kaoping.core.workbook.meta import Template, open_template
from kaoping.core.workbook.safety import Refused
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.transfer import services

MAX_FILES = 400  # a national batch is 333 cities
ARCHIVE_MAX_BYTES = 20 * 1024 * 1024  # a .zip of workbooks: 333 city templates (~30 KB each) are ~10 MB
BATCH = Accept({**services.WORKBOOK.kinds, "zip": (".xlsx", ".zip")}, "Excel 工作簿（.xlsx）或其 .zip 压缩包")


@dataclass
class FileReport:
    name: str
    org: str = ""
    saved: bool = False
    changed: int = 0
    errors: int = 0
    warnings: int = 0
    conflicts: int = 0  # cells changed by others since the download, kept at their current value
    problem: str = ""  # refusal or why it was not saved

    def as_json(self) -> dict[str, object]:
        return {
            "file": self.name,
            "org": self.org or None,
            "saved": self.saved,
            "changed": self.changed,
            "errors": self.errors,
            "warnings": self.warnings,
            "conflicts": self.conflicts,
            "reason": self.problem,
        }

    @property
    def status(self) -> str:
        if self.saved:
            return "已保存"
        if self.problem:
            return "未保存"
        return "有错误" if self.errors else "检查通过"

    @property
    def conflict_note(self) -> str:
        if not self.conflicts:
            return ""
        return f"{self.conflicts} 处冲突保留当前值（下载模板后他人已修改）"


def workbook_org(content: bytes, campaign: Campaign, tree: OrgTree | None = None) -> tuple[str, Template]:
    """The organisation code a template carries in its ``_meta`` sheet, read within the
    bounds of the campaign's templates, and the template as opened (the import reads it
    on); ``Refused`` saying why when it cannot be read. ``tree``: the organisations as the
    caller has read them (None: read here)."""
    province, cities = instance_orgs(campaign, tree)
    orgs = SurveyData(province=province, cities=cities)
    opened = open_template(content, survey_for(campaign), orgs, services.limits())
    org = opened[1].get("org")
    if not org:
        raise Refused("不是本平台的模板（模板标识中没有所属单位）：请使用本平台下载的模板")
    return org, opened


def folder_files(folder: Path) -> list[tuple[str, bytes]]:
    """The workbooks of a folder (not its subfolders), by name; Office's lock files left out."""
    paths = sorted(p for p in folder.glob("*.xlsx") if p.is_file() and not p.name.startswith(("~$", "._")))
    if len(paths) > MAX_FILES:
        raise Refused(f"文件夹 {folder} 含 {len(paths)} 个工作簿，超过上限 {MAX_FILES}")
    return [(p.name, p.read_bytes()) for p in paths]


def files_of(uploads: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The workbooks in the uploaded files, zips opened (their declared sizes checked first)."""
    out: list[tuple[str, bytes]] = []
    limit = services.limits().max_bytes
    for name, content in uploads:
        if not name.lower().endswith(".zip"):
            out.append((name, content))
            continue
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
            infos = [i for i in archive.infolist() if not i.is_dir() and i.filename.lower().endswith(".xlsx")]
        except (zipfile.BadZipFile, OSError, ValueError) as error:
            raise Refused(f"压缩包 {name} 无法打开") from error
        if len(infos) > MAX_FILES:
            raise Refused(f"压缩包 {name} 含 {len(infos)} 个工作簿，超过上限 {MAX_FILES}")
        for info in infos:
            short = info.filename.rsplit("/", 1)[-1]
            if short.startswith(("._", "~$")):
                continue  # macOS and Office leftovers
            if info.file_size > limit:
                out.append((short, b""))  # reported as refused below, never inflated
                continue
            try:
                with archive.open(info) as stream:
                    out.append((short, stream.read(limit + 1)))
            except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError, ValueError):
                out.append((short, b""))  # damaged: reported as refused below
    return out


def import_one(
    user: Actor,
    campaign: Campaign,
    name: str,
    content: bytes,
    mode: services.Mode,
    channel: str = "upload",
    overwrite: bool = False,
    live: LiveData | None = None,
) -> FileReport:
    """One workbook of a bulk import, for the organisation it names; ``live``: the campaign's
    data kept current across the workbooks of one job (``collection.services.LiveData``)."""
    report = FileReport(name=name)
    try:
        if not content:  # left out of a zip: too large, or damaged
            limit = size_text(services.limits().max_bytes)
            raise Refused(f"压缩包中的这个文件超过上限（{limit}）或已损坏，无法取出，未导入")
        org, opened = workbook_org(content, campaign, live.org_tree() if live is not None else None)
    except Refused as refusal:
        report.problem = str(refusal)
        return report
    except Exception:  # never a server error for a hostile file
        report.problem = "不是本平台的模板，或文件已损坏（无法识别所属单位）"
        return report
    report.org = org
    if not access.can(user, Action.FILL, org):
        report.problem = access.refusal(Action.FILL, org)
        return report
    try:
        outcome = services.import_workbook(
            user,
            campaign,
            org,
            content,
            name,
            mode,
            channel=channel,
            overwrite=overwrite,
            opened=(opened, live),
        )
    except services.TransferError as error:
        report.problem = str(error)
        return report
    report.saved = outcome.saved
    report.changed = len(outcome.result.changes)
    report.errors = outcome.errors
    report.warnings = len(outcome.result.findings) - outcome.errors
    report.conflicts = outcome.result.kept_conflicts
    if outcome.refused is not None or (not outcome.saved and mode is not services.Mode.DRY_RUN):
        report.problem = outcome.not_saved_because
    return report


def received_files(uploads: list[UploadedFile[bytes]]) -> list[tuple[str, bytes | UploadRefused]]:
    """Each upload through the shared check (a refused one is reported on its own line), zips opened."""
    out: list[tuple[str, bytes | UploadRefused]] = []
    for upload in uploads:
        name = upload.name or ""
        try:
            received = receive(name, upload, BATCH, _limit_for(name))
        except UploadRefused as refusal:
            out.append((display_name(name), refusal))
            continue
        out.extend(files_of([(received.name, received.data)]))
    return out


def _limit_for(name: str) -> int:
    """An archive may hold many workbooks; the content check then holds the name to its word."""
    if name.lower().endswith(".zip"):
        return int(getattr(settings, "KAOPING_BULK_MAX_BYTES", ARCHIVE_MAX_BYTES))
    return services.limits().max_bytes
