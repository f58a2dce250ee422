"""What the harness attacks: every operation of the served OpenAPI schema and every named URL
of the resolver (a page, or the action of a page's form), each as an ``Input`` drawn for one
persona: path ids (its own, other units', hostile), query, headers and a body."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from random import Random
from typing import Any
from urllib.parse import quote, urlencode

from . import values
from .workbooks import Recipe

RAW_IDS = ["%ff", "%c3%28", "%ed%a0%80", "..%2f..%2f", "%2e%2e", "%e2%80%ae", "%f0%9f%98%80" * 3]
GENERIC_FIELDS = [
    "v:x", "v:x:y", "base_version", "row", "section", "rule", "column", "text", "reason", "note", "next",
    "q", "page", "mode", "name", "language", "id", "org", "score", "file", "files", "sheet",
]  # fmt: skip
BOUNDARY = b"hostile7MA4YWxkTrZu0gW"
TROUBLE_IDS = [quote(v, safe="") for v in values.IDS] + RAW_IDS


@dataclass(repr=False)  # bodies of megabytes
class Input:
    """One hostile request, as it goes on the wire."""

    family: str  # api | pages | workbooks
    target: str  # "PUT /api/…/{org}" or the URL name
    persona: str
    method: str
    url: str  # path and query, encoded
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes | None = None
    recipe: Recipe | None = None  # a damaged workbook, built when sent
    parts: list[tuple[bytes, bytes, bytes | None]] = field(
        default_factory=list
    )  # multipart: name, value, filename

    def sent(self) -> str:
        """What the request itself carried (an answer may echo it)."""
        carried = [self.url, *self.headers.values(), (self.body or b"")[:200_000].decode("utf-8", "replace")]
        carried += [b"".join(p[:2]).decode("utf-8", "replace")[:2000] for p in self.parts]
        return "\n".join(carried)


@dataclass(frozen=True)
class Operation:
    method: str
    path: str
    params: tuple[str, ...]
    query: tuple[str, ...]
    body: dict[str, Any] | None  # the JSON body's schema
    multipart: bool

    @property
    def key(self) -> str:
        return f"{self.method.upper()} {self.path}"


def operations(schema: dict[str, Any]) -> list[Operation]:
    out = []
    for path, methods in schema["paths"].items():
        for method, op in methods.items():
            content = op.get("requestBody", {}).get("content", {})
            params = tuple(re.findall(r"\{(\w+)\}", path))
            query = tuple(p["name"] for p in op.get("parameters", []) if p["in"] == "query")
            body = content.get("application/json", {}).get("schema")
            out.append(Operation(method, path, params, query, body, "multipart/form-data" in content))
    return out


def multipart(parts: list[tuple[bytes, bytes, bytes | None]]) -> bytes:
    out = []
    for name, value, filename in parts:
        disposition = b'Content-Disposition: form-data; name="' + name + b'"'
        if filename is not None:
            disposition += b'; filename="' + filename + b'"\r\nContent-Type: application/octet-stream'
        out.append(b"--" + BOUNDARY + b"\r\n" + disposition + b"\r\n\r\n" + value + b"\r\n")
    return b"".join(out) + b"--" + BOUNDARY + b"--\r\n"


MULTIPART = "multipart/form-data; boundary=" + BOUNDARY.decode()


@functools.lru_cache(maxsize=256)
def _quoted(pool: tuple[str, ...]) -> tuple[list[str], list[str]]:
    return [quote(v, safe="") for v in pool], TROUBLE_IDS


def segment(rng: Random, pool: tuple[str, ...]) -> str:
    """A path segment: a real id (the persona's own first, then other units'), else trouble."""
    real, trouble = _quoted(pool)
    return rng.choice(real) if rng.randrange(3) else rng.choice(trouble)


def fill(
    path: str, params: tuple[str, ...], pools: dict[str, list[str]], rng: Random, exact: bool = False
) -> str:
    """``path`` with each {param} drawn; ``exact``: the pool's first value (the persona's own)."""
    for name in params:
        pool = pools.get(name, ["1"])
        value = quote(pool[0], safe="") if exact else segment(rng, tuple(pool))
        path = path.replace("{" + name + "}", value, 1)
    return path


def shaped(
    rng: Random, schema: dict[str, Any], components: dict[str, Any], catalogue: list[str], depth: int = 0
) -> Any:
    """A JSON body of ``schema``'s shape whose leaves are hostile."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    if depth > 3:
        return values.json_leaf(rng, catalogue)
    if "anyOf" in schema:
        return shaped(rng, rng.choice(schema["anyOf"]), components, catalogue, depth + 1)
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        return {
            key: shaped(rng, inner, components, catalogue, depth + 1)
            if rng.random() < 0.5
            else values.json_leaf(rng, catalogue)
            for key, inner in schema["properties"].items()
            if rng.random() < 0.6
        }
    if kind == "object":
        inner = schema.get("additionalProperties")
        out = {}
        for _ in range(rng.randint(0, 4)):
            key = rng.choice((rng.choice(catalogue), rng.choice(values.IDS), values.text(rng, 8)))
            out[key] = (
                shaped(rng, inner, components, catalogue, depth + 1)
                if isinstance(inner, dict)
                else values.json_leaf(rng, catalogue)
            )
        return out
    if kind == "array":
        item = schema.get("items", {})
        return [shaped(rng, item, components, catalogue, depth + 1) for _ in range(rng.randint(0, 3))]
    return values.json_leaf(rng, catalogue)


def cell_fields(known: list[str]) -> list[str]:
    """Entry-grid field names (``v:row:column``) made of the values the server knows."""
    return [f"v:{row}:{column}" for row, column in itertools.pairwise(known)]


def form_fields(rng: Random, names: list[str], catalogue: list[str]) -> list[tuple[str, str]]:
    """Some of a form's fields (``names``: its own, made-up and entry-grid ones), each with
    hostile text, some repeated."""
    return [(rng.choice(names), values.scalar(rng, catalogue)) for _ in range(rng.randint(0, 8))]


def encode_form(pairs: list[tuple[str, str]]) -> bytes:
    """URL-encoded as a browser would, except that unencodable text (lone surrogates) goes
    as the invalid UTF-8 a script can send."""
    encoded = [(k.encode("utf-8", "surrogatepass"), v.encode("utf-8", "surrogatepass")) for k, v in pairs]
    return urlencode(encoded).encode()
