"""Background jobs over the API (docs/spec.md §14): starting the whole-survey PDF, an export, the
full recomputation, the national 表1 PDF or workbook, or an evaluation's results workbook or
city report answers 202 with the job; ``GET /api/jobs/{id}`` is its status and progress,
``/file`` its file when done. Asking again for the same thing before its data changed gives the
same job."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse
from django.http.response import HttpResponseBase
from ninja import Router, Schema, Status

from kaoping.api.schemas import Busy, Error, file_download
from kaoping.downloads import XLSX
from kaoping.evaluation.jobs import params_for
from kaoping.jobs import queue
from kaoping.jobs.kinds import JobRefused
from kaoping.jobs.status import describe, file_of, visible_job
from kaoping.limits import limiter
from kaoping.limits.heavy import busy_response
from kaoping.orgs.actors import SignedInRequest
from kaoping.reports.national_jobs import params_for as national_params

router = Router(tags=["后台任务"])


class JobOut(Schema):
    id: str
    kind: str  # survey_pdf, export …
    label: str
    status: str  # queued / running / done / failed
    status_text: str  # 排队中 / 进行中 / 已完成 / 失败
    done: int
    total: int
    percent: int
    message: str
    error: str
    attempts: int
    file: str
    summary: dict[str, Any]
    expires_at: str | None
    page: str  # the job's page in the browser
    download: str | None  # the file, once done


@router.post(
    "/campaigns/{campaign_id}/orgs/{org}/pdf",
    response={202: JobOut, 403: Error, 404: Error, 429: Busy},
    summary="生成全套报表 PDF（后台任务）",
)
def survey_pdf(request: SignedInRequest, campaign_id: str, org: str) -> Any:
    """Start (or find) the job drawing the organisation's whole survey as one PDF."""
    return started(request, "survey_pdf", {"campaign": campaign_id, "org": org})


@router.post(
    "/campaigns/{campaign_id}/orgs/{org}/export/{kind}/job",
    response={202: JobOut, 403: Error, 404: Error, 429: Busy},
    summary="生成汇总工作簿或全部数据 CSV（后台任务）",
)
def export_job(request: SignedInRequest, campaign_id: str, org: str, kind: str) -> Any:
    """``kind``: ``workbook`` (the consolidated workbook) or ``csv`` (every value); the same
    files as ``GET …/export/{kind}``, drawn by a background worker."""
    return started(request, "export", {"campaign": campaign_id, "org": org, "kind": kind})


@router.post(
    "/campaigns/{campaign_id}/recompute",
    response={202: JobOut, 403: Error, 404: Error, 429: Busy},
    summary="重新计算各省汇总（后台任务）",
)
def recompute(request: SignedInRequest, campaign_id: str) -> Any:
    """Recompute every province's stored summary of a national campaign (or the one province's,
    for a provincial campaign inside a national one), a step per province."""
    return started(request, "recompute", {"campaign": campaign_id})


@router.post(
    "/campaigns/{campaign_id}/national/indicators/pdf",
    response={202: JobOut, 403: Error, 404: Error, 429: Busy},
    summary="生成全国表1 PDF（后台任务）",
)
def national_pdf(request: SignedInRequest, campaign_id: str) -> Any:
    """The national 表1 as a PDF, over the provinces the asker may read (their stored
    summaries); the same file as the page's 下载 PDF."""
    return started(request, "national_pdf", national_params(request.user, campaign_id))


@router.post(
    "/campaigns/{campaign_id}/national/workbook/job",
    response={202: JobOut, 403: Error, 404: Error, 429: Busy},
    summary="生成全国汇总工作簿（后台任务）",
)
def national_workbook(request: SignedInRequest, campaign_id: str) -> Any:
    """The file of ``GET …/national/workbook``, built by a background worker over the provinces
    the asker may read."""
    return started(request, "national_workbook", national_params(request.user, campaign_id))


@router.post(
    "/evaluations/{evaluation_id}/results/job",
    response={202: JobOut, 403: Error, 404: Error, 429: Busy},
    summary="生成考评结果 Excel（后台任务）",
)
def evaluation_results(request: SignedInRequest, evaluation_id: str) -> Any:
    """The results workbook of ``GET /evaluations/{id}/results.xlsx``, built with what the asker
    may see (an expert's leaves out unsubmitted self-assessments)."""
    return started(request, "eval_results", params_for(request.user, evaluation_id))


@router.post(
    "/evaluations/{evaluation_id}/orgs/{org}/report/job",
    response={202: JobOut, 403: Error, 404: Error, 429: Busy},
    summary="生成地市考评结果 PDF 报告（后台任务）",
)
def evaluation_report(request: SignedInRequest, evaluation_id: str, org: str) -> Any:
    """A city's result as a PDF report, built with what the asker may see."""
    return started(request, "eval_city_pdf", params_for(request.user, evaluation_id, org))


def started(request: SignedInRequest, kind: str, params: dict[str, Any]) -> Any:
    """202 with the job that builds ``kind`` (queued or found), 429 when the user's share is
    taken, 409 when it cannot be done (the reason in ``detail``)."""
    try:
        job = queue.start(request.user, kind, params)
    except limiter.Busy as busy:
        return busy_response(request, busy)
    except JobRefused as refused:
        return JsonResponse({"detail": str(refused)}, status=409, json_dumps_params={"ensure_ascii": False})
    return Status(202, describe(job))


@router.get("/jobs/{job_id}", response={200: JobOut, 404: Error}, summary="后台任务的状态与进度")
def job_status(request: SignedInRequest, job_id: str) -> Any:
    return describe(visible_job(request.user, job_id))


@router.get(
    "/jobs/{job_id}/file",
    response={404: Error},
    summary="后台任务的结果文件",
    openapi_extra=file_download(
        "任务完成后生成的文件（PDF、工作簿等）",
        "application/pdf",
        XLSX,
        "text/csv",
        "application/octet-stream",
    ),
)
def job_file(request: SignedInRequest, job_id: str) -> HttpResponseBase:
    return file_of(visible_job(request.user, job_id))
