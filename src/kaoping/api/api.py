"""The NinjaAPI instance: routers, authentication and JSON errors in Chinese."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.renderers import JSONRenderer

from kaoping.api.accounts import router as accounts_router
from kaoping.api.auth import AUTH
from kaoping.api.campaigns import router as campaigns_router
from kaoping.api.evaluation import router as evaluation_router
from kaoping.api.fields import field_name
from kaoping.api.indicators import router as indicators_router
from kaoping.api.jobs import router as jobs_router
from kaoping.api.national import router as national_router
from kaoping.api.outreach import router as outreach_router
from kaoping.api.parser import UNREADABLE, StrictParser
from kaoping.api.summaries import router as summaries_router
from kaoping.api.tables import router as tables_router
from kaoping.api.tokens import router as tokens_router
from kaoping.api.transfer import router as transfer_router
from kaoping.api.workbench import router as workbench_router
from kaoping.api.workflow import router as workflow_router
from kaoping.collection.campaigns import CampaignError
from kaoping.collection.services import SaveRefused
from kaoping.ops import openapi


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Chinese messages readable as they are


api = openapi.DocumentedAPI(  # every operation documents 400/401/403/422 as {"detail"}
    renderer=ChineseJSONRenderer(),
    parser=StrictParser(),
    title="kaoping API",
    version="1",
    description=(
        "人社信息化考评与规划评估平台 JSON 接口。认证：浏览器会话，或 `Authorization: Bearer <个人令牌>`。"
    ),
    auth=AUTH,
    urls_namespace="api",
)
api.add_router("/", campaigns_router)
api.add_router("/", tables_router)
api.add_router("/", tokens_router)
api.add_router("/", evaluation_router)
api.add_router("/", indicators_router)
api.add_router("/", national_router)
api.add_router("/", summaries_router)
api.add_router("/", transfer_router)
api.add_router("/", workflow_router)
api.add_router("/", workbench_router)
api.add_router("/", jobs_router)
api.add_router("/", outreach_router)
api.add_router("/", accounts_router)
if settings.BENCH_ENDPOINTS:  # bench/deadline_surge.py's bare insert; never in production
    from kaoping.ops.bench_api import router as bench_router

    api.add_router("/", bench_router)


@api.exception_handler(PermissionDenied)
def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "无权访问"}, status=403)


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "未找到"}, status=404)


@api.exception_handler(AuthenticationError)
def _unauthenticated(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(request, {"detail": "未登录或令牌无效"}, status=401)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    places = "；".join(_place(e) for e in exc.errors[:5])
    return api.create_response(request, {"detail": f"请求格式错误：{places}"}, status=422)


def _place(error: dict[str, object]) -> str:
    """Where a field is wrong and, for a text too long or too short, its bound."""
    loc = error.get("loc", ())
    place = field_name(loc if isinstance(loc, list | tuple) else (loc,))
    context = error.get("ctx")
    bound = context if isinstance(context, dict) else {}
    if error.get("type") == "string_too_long" and "max_length" in bound:
        return f"{place}（最多 {bound['max_length']} 个字）"
    if error.get("type") == "string_too_short" and "min_length" in bound:
        return f"{place}（至少 {bound['min_length']} 个字）"
    if error.get("type") == "missing":
        return f"{place}（未填写）"
    return place


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    """ninja's own refusals in Chinese: a body that cannot be parsed (or stored) is 400."""
    detail = UNREADABLE if str(exc).startswith("Cannot parse request body") else str(exc)
    return api.create_response(request, {"detail": detail}, status=exc.status_code)


@api.exception_handler(RawPostDataException)
def _form_not_json(request: HttpRequest, exc: RawPostDataException) -> HttpResponse:
    """A form (multipart) sent where JSON is read: the session's CSRF check has read it as a
    form, and the JSON is gone (found by the hostile-input harness, tests/hostile)."""
    return api.create_response(request, {"detail": UNREADABLE}, status=422)


@api.exception_handler(SaveRefused)
def _refused(request: HttpRequest, exc: SaveRefused) -> HttpResponse:
    cells = [{"row": r, "column": c, "reason": why} for r, c, why in exc.cells]
    return api.create_response(request, {"detail": exc.message, "cells": cells}, status=422)


@api.exception_handler(CampaignError)
def _campaign_error(request: HttpRequest, exc: CampaignError) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc)}, status=422)
