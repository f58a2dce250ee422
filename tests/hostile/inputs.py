"""Drawing one hostile ``Input`` for a persona: an API operation, a page (its form), or an
upload of a damaged workbook."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import quote

from hypothesis import strategies as st

from . import values
from .live import Persona
from .targets import MULTIPART, Input, Operation, encode_form, fill, form_fields, multipart, shaped
from .workbooks import filenames, recipes


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
    strategies: dict[str, Any] = field(default_factory=dict)  # built once, drawn many times

    def strategy(self, key: str, make: Any) -> Any:
        if key not in self.strategies:
            self.strategies[key] = make()
        return self.strategies[key]

    @property
    def scalars(self) -> st.SearchStrategy[str]:
        return self.strategy("scalars", lambda: values.scalars(self.known))

    @property
    def short(self) -> st.SearchStrategy[str]:
        """For a query: a URL over 8 KB never reaches the application (gunicorn answers 414)."""
        return self.strategy("short", lambda: values.scalars(self.known, long=False))


def auth(plan: Plan, api: bool, data: Any) -> dict[str, str]:
    """The persona's credentials as its client sends them, sometimes with hostile extras."""
    persona = plan.persona
    out: dict[str, str] = {}
    if api and persona.token:
        out["Authorization"] = "Bearer " + persona.token
    cookies = dict(persona.cookies)
    if data.draw(st.integers(0, 9)) > 0:
        out["X-CSRFToken"] = persona.csrf
    else:
        cookies.pop("csrftoken", None)
    out["Cookie"] = "; ".join(f"{k}={v}" for k, v in cookies.items())
    out.update(data.draw(values.headers()))
    return out


def query(names: tuple[str, ...], plan: Plan, data: Any) -> str:
    pairs = [(n, data.draw(plan.short)) for n in names if data.draw(st.booleans())]
    if data.draw(st.integers(0, 4)) == 0:
        pairs.append((data.draw(st.sampled_from(["org", "detail", "page", "q", "x"])), data.draw(plan.short)))
    return "&".join(f"{quote(k)}={quote(v.encode('utf-8', 'surrogatepass'), safe='')}" for k, v in pairs)


def with_query(path: str, q: str) -> str:
    return path + ("?" + q if q else "")


def json_body(op: Operation, plan: Plan, data: Any) -> tuple[bytes, str]:
    kind = data.draw(st.sampled_from(["shaped", "shaped", "shaped", "random", "raw"]))
    if kind == "raw" or (op.body is None and kind == "random"):
        body = data.draw(st.sampled_from(values.RAW_BODIES))
    elif kind == "random" or op.body is None:
        body = values.encode_json(data.draw(plan.strategy("leaves", lambda: values.json_leaves(plan.known))))
    else:
        schema = op.body
        body = values.encode_json(
            data.draw(plan.strategy(op.key, lambda: shaped(schema, plan.components, plan.known)))
        )
    content_type = data.draw(st.sampled_from(["application/json"] * 6 + values.CONTENT_TYPES))
    return body, content_type


def api_input(plan: Plan, op: Operation, data: Any, exact: bool = False) -> Input:
    path = fill(op.path, op.params, plan.pools, data, exact)
    headers = auth(plan, True, data)
    inp = Input(
        "api", op.key, plan.persona.name, op.method.upper(), with_query(path, query(op.query, plan, data))
    )
    if op.multipart:
        return upload(inp, plan, "file", data, headers)
    if op.method in ("put", "post") or data.draw(st.integers(0, 19)) == 0:
        inp.body, headers["Content-Type"] = json_body(op, plan, data)
    inp.headers = headers
    return inp


def page_input(plan: Plan, page: Page, data: Any, exact: bool = False) -> Input:
    path = fill(page.template, page.params, plan.pools, data, exact)
    headers = auth(plan, False, data)
    method = data.draw(st.sampled_from(["POST", "POST", "POST", "GET"]))
    if "pdf" in page.name:
        method = "POST"  # a PDF draws its print page, attacked as such; each costs a worker seconds
    inp = Input("pages", page.key, plan.persona.name, method, path)
    if method == "GET":
        inp.url, inp.headers = with_query(path, query(page.fields[:3], plan, data)), headers
        return inp
    pairs = data.draw(plan.strategy("form:" + page.key, lambda: form_fields(list(page.fields), plan.known)))
    if plan.persona.csrf and data.draw(st.integers(0, 9)) > 0:
        pairs.append(("csrfmiddlewaretoken", plan.persona.csrf))
    if page.files or data.draw(st.integers(0, 9)) == 0:
        inp.parts = [
            (k.encode("utf-8", "surrogatepass"), v.encode("utf-8", "surrogatepass"), None) for k, v in pairs
        ]
        if page.files:
            return upload(inp, plan, page.files[0], data, headers)
        inp.body, headers["Content-Type"] = multipart(inp.parts), MULTIPART
    else:
        inp.body = encode_form(pairs)
        headers["Content-Type"] = data.draw(
            st.sampled_from(["application/x-www-form-urlencoded"] * 8 + values.CONTENT_TYPES)
        )
    inp.headers = headers
    return inp


def upload(inp: Input, plan: Plan, name: str, data: Any, headers: dict[str, str]) -> Input:
    """A damaged workbook (or no workbook at all) in the file field ``name``."""
    inp.recipe = data.draw(plan.strategy("recipes", lambda: recipes(plan.template_org, plan.template_parts)))
    inp.parts = [*inp.parts, (name.encode(), b"", data.draw(plan.strategy("filenames", filenames)))]
    headers["Content-Type"] = data.draw(st.sampled_from([MULTIPART] * 12 + values.CONTENT_TYPES))
    inp.headers = headers
    return inp


def workbook_input(plan: Plan, target: Operation | Page, data: Any) -> Input:
    """An upload to ``target`` at the persona's own place (so the file is read), now and then elsewhere."""
    exact = data.draw(st.integers(0, 3)) > 0
    if isinstance(target, Operation):
        made = api_input(plan, target, data, exact)
        if exact:  # the file is what is hostile here: the switches as a client sets them
            flags = [(q, data.draw(st.sampled_from(["true", "false"]))) for q in target.query]
            made.url = with_query(made.url.split("?")[0], "&".join(f"{q}={v}" for q, v in flags))
    else:
        made = page_input(plan, target, data, exact)
    if made.recipe is None:  # a page drew GET: upload anyway
        made.method = "POST"
        made = upload(
            made,
            plan,
            (target.files or ("file",))[0] if isinstance(target, Page) else "file",
            data,
            made.headers,
        )
    made.family = "workbooks"
    return made
