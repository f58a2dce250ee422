"""Setting the harness up: the server, its world, the personas, and what each persona attacks
(the OpenAPI operations, the resolver's pages with the fields their forms show, the uploads)."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from django.urls import NoReverseMatch, Resolver404, get_resolver, resolve, reverse
from tests.ops import livepg
from tests.shell.test_outsider import walk

from . import live
from .inputs import Page, Plan
from .live import MINISTRY, NJ, PROVINCE, SZ, WX, Persona
from .send import Sender
from .targets import Operation, operations
from .workbooks import Templates

HEAVY = ("pdf", "template", "export", "print", "attachment", "evidence", "history")  # not looked at for forms
MARKERS = ("zq{}zq", "777{}", "00000000-0000-4000-8000-00000000000{}")  # str/slug, int, uuid converters


@dataclass(repr=False)  # what it holds is large: pytest would print it all on a failure
class Harness:
    sender: Sender
    plans: dict[str, Plan]
    operations: list[Operation]
    pages: list[Page]
    server: livepg.Server
    log: Path
    seconds: dict[str, float] = field(default_factory=dict)  # how long the setup's steps took

    def uploads(self) -> list[Operation | Page]:
        return [op for op in self.operations if op.multipart] + [p for p in self.pages if p.files]


def page_templates() -> list[Page]:
    """Every named URL of the resolver (admin, API and logout aside) as a path template."""
    pages = []
    for name, params in walk(get_resolver().url_patterns):
        if name.startswith(live.SKIP_PAGES):
            continue
        path = _template(name, params)
        if path is not None:
            pages.append(Page(name, path, params))
    return pages


def _template(name: str, params: tuple[str, ...]) -> str | None:
    for marker in MARKERS:  # one converter kind for all parameters is enough for ours
        kwargs = {p: marker.format(i) for i, p in enumerate(params)}
        try:
            path = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            continue
        for p, value in kwargs.items():
            path = path.replace(value, "{" + p + "}", 1)
        return path
    return None


class _Forms(HTMLParser):
    """(action, field names, file field names) of each POST form of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str | None, list[str], list[str]]] = []
        self.open = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.open = (a.get("method") or "").lower() == "post"
            if self.open:
                self.forms.append((a.get("action"), [], []))
        elif self.open and tag in ("input", "select", "textarea", "button") and a.get("name"):
            self.forms[-1][2 if a.get("type") == "file" else 1].append(str(a["name"]))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.open = False


def discover(
    base: str, persona: Persona, pages: list[Page], pools: dict[str, list[str]]
) -> dict[str, set[str]]:
    """URL name → the fields (``file:`` prefixed for files) of the forms posting to it, as
    the persona's own pages show them."""
    session, found = live.pooled(), {}
    cookie = "; ".join(f"{k}={v}" for k, v in persona.cookies.items())
    for page in pages:
        if any(word in page.name for word in HEAVY):
            continue  # files, not pages with forms
        path = page.template
        for p in page.params:
            path = path.replace("{" + p + "}", pools.get(p, ["1"])[0], 1)
        answer = session.get(base + path, headers={"Cookie": cookie}, timeout=60, allow_redirects=False)
        if "html" not in answer.headers.get("Content-Type", ""):
            continue
        parser = _Forms()
        parser.feed(answer.text)
        for action, fields, files in parser.forms:
            try:
                target = resolve((action or path).split("?")[0]).view_name
            except Resolver404:
                continue
            found.setdefault(target, set()).update(fields + ["file:" + f for f in files])
    return found


def pools_for(world: dict[str, Any], persona: Persona) -> dict[str, list[str]]:
    home = persona.home or NJ
    cities = [home, *(c for c in (NJ, SZ, WX) if c != home)]
    rows = [world["rows"].get(c, c) for c in cities]
    evidence = [world["evidence"][c] for c in cities if c in world["evidence"]]
    words = world["words"]
    others = [str(pk) for name, pk in world["users"].items() if name not in live.USERNAMES]
    return {
        "campaign": ["demo-2015", "demo-eval-2015"], "campaign_id": ["demo-2015", "demo-eval-2015"],
        "evaluation": ["demo-eval-2015", "demo-2015"], "evaluation_id": ["demo-eval-2015", "demo-2015"],
        "org": [*cities, PROVINCE, MINISTRY, "110000"], "org_code": [*cities, PROVINCE],
        "table": ["T09", "T07", *words["table"]], "table_id": ["T09", "T07", *words["table"]],
        "row": rows + cities, "row_key": rows + cities, "kind": ["workbook", "csv", "findings"],
        "criterion": words["criterion"][:6], "evidence": evidence, "evidence_id": evidence,
        "ref": ["survey-2015@1"], "user_id": others[:3], "token_id": ["424242"], "attachment": ["1", "x"],
        "reminder": ["1"], "upload_id": ["00000000-0000-4000-8000-000000000000"],
    }  # fmt: skip


def known_values(world: dict[str, Any]) -> list[str]:
    words = world["words"]
    names = [world["orgs"][c][0] for c in (NJ, SZ, WX, PROVINCE)]
    return [*world["rows"].values(), *names, *words["column"][:40], *words["rule"][:20], *words["metric"],
            *words["criterion"], NJ, SZ, WX, PROVINCE, world["draft"]]  # fmt: skip


def plans(
    world: dict[str, Any], personas: dict[str, Persona], schema: dict[str, Any], templates: Templates
) -> dict[str, Plan]:
    known = known_values(world)
    out = {}
    for name, persona in personas.items():
        org = persona.home if persona.home in templates.bytes else NJ
        pools = pools_for(world, persona)
        out[name] = Plan(
            persona, pools, known, schema["components"]["schemas"], org, list(templates.parts[org])
        )
    return out


def fetch_templates(base: str, admin: Persona) -> Templates:
    session, out = live.pooled(), {}
    for org in (NJ, SZ, PROVINCE):
        answer = session.get(f"{base}/api/campaigns/demo-2015/orgs/{org}/template",
                             headers={"Authorization": "Bearer " + admin.token}, timeout=60)  # fmt: skip
        assert answer.status_code == 200, (org, answer.status_code)
        out[org] = answer.content
    return Templates(out)


@contextmanager
def harness(tmp_path: Path) -> Iterator[Harness]:
    with livepg.fresh_database(f"kaoping_hostile_test_{os.getpid()}") as url:
        env = livepg.environment(url, tmp_path / "var", KAOPING_MAX_REQUESTS="0")  # any new worker is a death
        started = time.monotonic()
        world = live.prepare(env)
        log = tmp_path / "gunicorn.log"
        server = livepg.Server(env, workers=live.WORKERS, log=log)
        try:
            made = _attack(world, server, log)
            made.seconds = {**world["seconds"], "setup": time.monotonic() - started}
            yield made
        finally:
            server.stop()


def _attack(world: dict[str, Any], server: livepg.Server, log: Path) -> Harness:
    from .scope import KNOWN_PENDING, allowed, scope

    personas = live.personas(world, server.base)
    schema = live.pooled().get(server.base + "/api/openapi.json", timeout=60).json()
    templates = fetch_templates(server.base, personas["province_admin"])
    by_persona = plans(world, personas, schema, templates)
    pages = page_templates()
    fields: dict[str, set[str]] = {}
    explorers = ("province_admin", "nanjing_filler", "reviewer", "expert")
    with ThreadPoolExecutor(live.WORKERS) as pool:  # as many at once as the server has workers
        each = pool.map(lambda n: discover(server.base, personas[n], pages, by_persona[n].pools), explorers)
        for forms in each:
            for target, found in forms.items():
                fields.setdefault(target, set()).update(found)
    pages = [_with_fields(p, fields.get(p.name, set())) for p in pages]
    scopes = {name: scope(world, p) for name, p in personas.items()}
    sender = Sender(server.base, templates, scopes, allowed(world), KNOWN_PENDING, log)
    return Harness(sender, by_persona, operations(schema), pages, server, log)


def _with_fields(page: Page, fields: set[str]) -> Page:
    plain = tuple(sorted(f for f in fields if not f.startswith(("file:", "csrfmiddlewaretoken"))))
    files = tuple(sorted(f[5:] for f in fields if f.startswith("file:")))
    return Page(page.name, page.template, page.params, plain[:60], files)
