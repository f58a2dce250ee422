"""What the harness attacks: every operation of the served OpenAPI schema and every named URL
of the resolver (a page, or the action of a page's form), each as an ``Input`` drawn for one
persona: path ids (its own, other units', hostile), query, headers and a body."""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote, urlencode

from hypothesis import strategies as st

from . import values
from .workbooks import Recipe

RAW_IDS = ["%ff", "%c3%28", "%ed%a0%80", "..%2f..%2f", "%2e%2e", "%e2%80%ae", "%f0%9f%98%80" * 3]
GENERIC_FIELDS = [
    "v:x", "v:x:y", "base_version", "row", "section", "rule", "column", "text", "reason", "note", "next",
    "q", "page", "mode", "name", "language", "id", "org", "score", "file", "files", "sheet",
]  # fmt: skip
BOUNDARY = b"hostile7MA4YWxkTrZu0gW"


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
def ids(pool: tuple[str, ...]) -> st.SearchStrategy[str]:
    """A path segment: a real id (the persona's own first, then other units'), else trouble."""
    real = st.sampled_from([quote(v, safe="") for v in pool])
    return st.one_of(real, real, st.sampled_from([quote(v, safe="") for v in values.IDS] + RAW_IDS))


def fill(
    path: str, params: tuple[str, ...], pools: dict[str, list[str]], data: Any, exact: bool = False
) -> str:
    """``path`` with each {param} drawn; ``exact``: the pool's first value (the persona's own)."""
    for name in params:
        pool = pools.get(name, ["1"])
        value = quote(pool[0], safe="") if exact else data.draw(ids(tuple(pool)))
        path = path.replace("{" + name + "}", value, 1)
    return path


def shaped(schema: dict[str, Any], components: dict[str, Any], known: list[str], depth: int = 0) -> Any:
    """A strategy for a JSON body of ``schema``'s shape whose leaves are hostile."""
    if "$ref" in schema:
        schema = components[schema["$ref"].rsplit("/", 1)[1]]
    leaves = values.json_leaves(known)
    if depth > 3:
        return leaves
    if "anyOf" in schema:
        return st.one_of(*[shaped(s, components, known, depth + 1) for s in schema["anyOf"]])
    kind = schema.get("type")
    if kind == "object" and "properties" in schema:
        props = {
            k: st.one_of(shaped(v, components, known, depth + 1), leaves)
            for k, v in schema["properties"].items()
        }
        return st.fixed_dictionaries({}, optional=props)
    if kind == "object":
        inner = schema.get("additionalProperties")
        inner_values = shaped(inner, components, known, depth + 1) if isinstance(inner, dict) else leaves
        keys = st.one_of(st.sampled_from(known), st.sampled_from(values.IDS), st.text(max_size=8))
        return st.dictionaries(keys, inner_values, max_size=4)
    if kind == "array":
        return st.lists(shaped(schema.get("items", {}), components, known, depth + 1), max_size=3)
    return leaves


def form_fields(names: list[str], known: list[str]) -> st.SearchStrategy[list[tuple[str, str]]]:
    """Some of a form's fields (and made-up ones), each with hostile text, some repeated."""
    cells = [f"v:{row}:{column}" for row, column in itertools.pairwise(known)]
    pair = st.tuples(st.sampled_from(names + GENERIC_FIELDS + cells), values.scalars(known))
    return st.lists(pair, max_size=8)


def encode_form(pairs: list[tuple[str, str]]) -> bytes:
    """URL-encoded as a browser would, except that unencodable text (lone surrogates) goes
    as the invalid UTF-8 a script can send."""
    encoded = [(k.encode("utf-8", "surrogatepass"), v.encode("utf-8", "surrogatepass")) for k, v in pairs]
    return urlencode(encoded).encode()


def combos(pools: dict[str, list[str]], params: tuple[str, ...], limit: int = 4) -> list[dict[str, str]]:
    choices = [pools.get(p, ["1"]) for p in params]
    return [dict(zip(params, c, strict=True)) for c in itertools.islice(itertools.product(*choices), limit)]
