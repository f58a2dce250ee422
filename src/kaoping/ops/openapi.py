"""Document the errors every API operation can answer, so the schema matches the behaviour.

Any operation may answer 400 (a body that is not JSON), 401 (no session or token), 403 (no
right, or a session request without its CSRF token) and 422 (a body of the wrong shape), all as
``{"detail": "…"}``; django-ninja lists only what each view declares. Found by schemathesis
(tests/ops/test_api_conformance.py).

django-ninja keys a view's declared responses by integer status; JSON keys are strings, so
the codes are made strings here before the common ones are merged in: otherwise ``403`` and
``"403"`` both reach the served text, a duplicate key that Swagger UI refuses (Python's JSON
parser silently keeps the last one; tests/ops/test_openapi_document.py reads the raw text).
"""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.openapi.schema import OpenAPISchema

ERROR = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
COMMON = {
    "400": "请求体无法解析",
    "401": "未登录或令牌无效",
    "403": "无权访问，或会话请求缺少 CSRF 令牌",
    "422": "请求格式错误",
}


def with_common_errors(schema: OpenAPISchema) -> OpenAPISchema:
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = {str(code): answer for code, answer in operation["responses"].items()}
            operation["responses"] = responses
            for code, description in COMMON.items():
                if code not in responses:
                    responses[code] = {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR}},
                    }
                    continue
                content = responses[code].setdefault("content", {}).setdefault("application/json", {})
                declared = content.get("schema")
                if declared is None:
                    content["schema"] = ERROR
                elif declared != ERROR:
                    content["schema"] = {"anyOf": [declared, ERROR]}
    return schema


class DocumentedAPI(NinjaAPI):
    """The API whose schema lists, for every operation, the common errors."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        return with_common_errors(
            super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        )
