"""The OpenAPI document as served is valid: no key twice in any object of the raw text
(Python's JSON parser would silently keep the last one; Swagger UI refuses the document),
and openapi-spec-validator accepts what the text parses to."""

from __future__ import annotations

import json
from typing import Any

import pytest
from openapi_spec_validator import validate

from kaoping.ops.openapi import with_common_errors

METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


class DuplicateKey(ValueError):
    pass


def strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    seen: dict[str, Any] = {}
    for key, value in pairs:
        if key in seen:
            raise DuplicateKey(f"key {key!r} appears twice in one object")
        seen[key] = value
    return seen


def parse_strictly(text: str | bytes) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(text, object_pairs_hook=strict_pairs)
    return document


def operations(document: dict[str, Any]) -> list[tuple[str, str]]:
    return [
        (method, path) for path, item in document["paths"].items() for method in item if method in METHODS
    ]


def test_the_hook_refuses_a_duplicate_key():
    with pytest.raises(DuplicateKey):
        parse_strictly('{"responses": {"403": {}, "403": {}}}')
    assert parse_strictly('{"a": {"b": 1}, "b": 2}') == {"a": {"b": 1}, "b": 2}


def test_integer_and_string_status_codes_merge_into_one_key():
    # what django-ninja hands over: a view declared 403 (an int); the common errors add "403"
    declared = {200: {"description": "OK"}, 403: {"description": "no"}}
    schema = {"paths": {"/x": {"get": {"responses": declared}}}}
    responses = with_common_errors(schema)["paths"]["/x"]["get"]["responses"]
    assert sorted(responses) == ["200", "400", "401", "403", "422"]
    assert responses["403"]["description"] == "no"  # the view's own description is kept
    text = json.dumps(schema)
    assert parse_strictly(text)["paths"]["/x"]["get"]["responses"].keys() == responses.keys()


def declared_operations() -> int:
    """How many operations the routers declare (each method of each path)."""
    from kaoping.api.api import api

    return sum(
        len(operation.methods)
        for _, router in api._routers
        for view in router.path_operations.values()
        for operation in view.operations
        if operation.include_in_schema
    )


def test_the_served_document_has_no_duplicate_key_and_is_valid(client_for):
    served = client_for(None).get("/api/openapi.json")
    assert served.status_code == 200
    document = parse_strictly(served.content)  # the raw text, not Django's parsed view of it
    validate(document)
    found = operations(document)
    assert len(found) == declared_operations() > 30  # every operation is documented
    for method, path in found:
        codes = document["paths"][path][method]["responses"]
        assert {"401", "403", "422"} <= set(codes), (method, path)
