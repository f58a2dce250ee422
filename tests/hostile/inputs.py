"""Drawing one hostile ``Input`` for a persona: an API operation, a page (its form), or an
upload of a damaged workbook. Every choice comes from the round's ``random.Random``: the same
seed draws the same requests."""

from __future__ import annotations

from dataclasses import dataclass, field
from random import Random
from typing import Any
from urllib.parse import quote

from . import values
from .live import Persona
from .targets import (
    GENERIC_FIELDS,
    MULTIPART,
    Input,
    Operation,
    cell_fields,
    encode_form,
    fill,
    form_fields,
    multipart,
    shaped,
)
from .workbooks import filename, recipe

QUERY_EXTRAS = ("org", "detail", "page", "q", "x")


@dataclass(frozen=True)
class Page:
    name: str
    template: str  # the path with {param} placeholders
    params: tuple[str, ...]
    fields: tuple[str, ...] = ()  # the fields of the forms posting here, as the pages show them
    files: tuple[str, ...] = ()  # its file fields

    @property
    def key(self) -> str:
        return self.name


@dataclass
class Plan:
    """Everything the draws for one persona need."""

    persona: Persona
    pools: dict[str, list[str]]  # path parameter → the persona's own id first, then others'
    known: list[str]  # ids, keys, words and other units' names a body may carry
    components: dict[str, Any]
    template_org: str  # whose template its workbooks are made from
    template_parts: list[str]
    catalogue: list[str] = field(init=False)  # values.TROUBLE and ``known``
    names: dict[str, list[str]] = field(default_factory=dict)  # page → the field names it may post

    def __post_init__(self) -> None:
        self.catalogue = values.TROUBLE + self.known
        self.cells = cell_fields(self.known)

    def field_names(self, page: Page) -> list[str]:
        if page.key not in self.names:
            self.names[page.key] = list(page.fields) + GENERIC_FIELDS + self.cells
        return self.names[page.key]


def auth(plan: Plan, api: bool, rng: Random) -> dict[str, str]:
    """The persona's credentials as its client sends them, sometimes with hostile extras."""
    persona = plan.persona
    out: dict[str, str] = {}
    if api and persona.token:
        out["Authorization"] = "Bearer " + persona.token
    cookies = dict(persona.cookies)
    if rng.randrange(10):
        out["X-CSRFToken"] = persona.csrf
    else:
        cookies.pop("csrftoken", None)
    out["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    out.update(values.headers(rng))
    return out


def query(names: tuple[str, ...], plan: Plan, rng: Random) -> str:
    pairs = [(n, values.scalar(rng, plan.catalogue, long=False)) for n in names if rng.random() < 0.5]
    if not rng.randrange(5):
        pairs.append((rng.choice(QUERY_EXTRAS), values.scalar(rng, plan.catalogue, long=False)))
    return "&".join(f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'), safe='')}" for k, v in pairs)


def with_query(path: str, q: str) -> str:
    return path + ("?" + q if q else "")


def json_body(op: Operation, plan: Plan, rng: Random) -> tuple[bytes, str]:
    kind = rng.choice(("shaped", "shaped", "shaped", "random", "raw"))
    if kind == "raw" or (op.body is None and kind == "random"):
        body = rng.choice(values.RAW_BODIES)
    elif kind == "random" or op.body is None:
        body = values.encode_json(values.json_leaf(rng, plan.catalogue))
    else:
        body = values.encode_json(shaped(rng, op.body, plan.components, plan.catalogue))
    return body, values.content_type(rng, "application/json", 0.4)


def api_input(plan: Plan, op: Operation, rng: Random, exact: bool = False) -> Input:
    path = fill(op.path, op.params, plan.pools, rng, exact)
    headers = auth(plan, True, rng)
    inp = Input(
        "api", op.key, plan.persona.name, op.method.upper(), with_query(path, query(op.query, plan, rng))
    )
    if op.multipart:
        return upload(inp, plan, "file", rng, headers)
    if op.method in ("put", "post") or not rng.randrange(20):
        inp.body, headers["Content-Type"] = json_body(op, plan, rng)
    inp.headers = headers
    return inp


def page_input(plan: Plan, page: Page, rng: Random, exact: bool = False) -> Input:
    path = fill(page.template, page.params, plan.pools, rng, exact)
    headers = auth(plan, False, rng)
    method = "GET" if not rng.randrange(4) else "POST"
    if "pdf" in page.name:  # a PDF is its print page drawn (attacked as such); its address answers GET only
        method = "POST"
    inp = Input("pages", page.key, plan.persona.name, method, path)
    if method == "GET":
        inp.url, inp.headers = with_query(path, query(page.fields[:3], plan, rng)), headers
        return inp
    pairs = form_fields(rng, plan.field_names(page), plan.catalogue)
    if plan.persona.csrf and rng.randrange(10):
        pairs.append(("csrfmiddlewaretoken", plan.persona.csrf))
    if page.files or not rng.randrange(10):
        inp.parts = [
            (k.encode("utf-8", "surrogatepass"), v.encode("utf-8", "surrogatepass"), None) for k, v in pairs
        ]
        if page.files:
            return upload(inp, plan, page.files[0], rng, headers)
        inp.body, headers["Content-Type"] = multipart(inp.parts), MULTIPART
    else:
        inp.body = encode_form(pairs)
        headers["Content-Type"] = values.content_type(rng, "application/x-www-form-urlencoded", 0.4)
    inp.headers = headers
    return inp


def upload(inp: Input, plan: Plan, name: str, rng: Random, headers: dict[str, str]) -> Input:
    """A damaged workbook (or no workbook at all) in the file field ``name``."""
    inp.recipe = recipe(rng, plan.template_org, plan.template_parts)
    inp.parts = [*inp.parts, (name.encode(), b"", filename(rng))]
    headers["Content-Type"] = values.content_type(rng, MULTIPART, 0.5)
    inp.headers = headers
    return inp


def workbook_input(plan: Plan, target: Operation | Page, rng: Random) -> Input:
    """An upload to ``target`` at the persona's own place (so the file is read), now and then elsewhere."""
    exact = rng.randrange(4) > 0
    if isinstance(target, Operation):
        made = api_input(plan, target, rng, exact)
        if exact:  # the file is what is hostile here: the switches as a client sets them
            flags = [(q, rng.choice(("true", "false"))) for q in target.query]
            made.url = with_query(made.url.split("?")[0], "&".join(f"{q}={v}" for q, v in flags))
    else:
        made = page_input(plan, target, rng, exact)
    if made.recipe is None:  # a page drew GET: upload anyway
        made.method = "POST"
        field_name = (target.files or ("file",))[0] if isinstance(target, Page) else "file"
        made = upload(made, plan, field_name, rng, made.headers)
    made.family = "workbooks"
    return made
