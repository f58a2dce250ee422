"""Only what the asker may read: no answer — page, API body, template, export, finding,
history, refusal, conflict view — carries a row key, a label or the name of a unit outside
what the asking persona may read.

A generator builds the requests: every named URL of the resolver and every OpenAPI
operation, each path parameter drawn from the persona's own ids and other units' ids (their
list-row keys, organisations, evidence), reads as GET and writes as POST/PUT/DELETE with
bodies that name other units' rows. The demo carries sentinels only their own unit may read
(a 表7 system and a 表9 remark for 南京, 苏州 and 无锡; 苏州's self-assessment draft).
Workbooks are read part by part; PDFs are left to their print pages, which draw the same."""

from __future__ import annotations

import io
import itertools
import json
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import NoReverseMatch, get_resolver, reverse
from tests.shell.test_outsider import walk

from kaoping.collection.models import ListRow
from kaoping.collection.services import add_list_row, save_table, table_version
from kaoping.evaluation.assess import Entry, save_assessment
from kaoping.evaluation.models import Evidence, SelfAssessment
from kaoping.orgs.access import CliActor
from kaoping.orgs.models import Organisation

CLI = CliActor("cli:test")
PROVINCE, NJ, SZ, WX = "320000", "320100", "320500", "320200"
SENTINEL_CITIES = (NJ, SZ, WX)
SURVEY, EVALUATION = "demo-2015", "demo-eval-2015"
SKIP = ("admin:", "api:openapi", "logout", "set_language", "password_change", "ops:reset")


@dataclass(frozen=True)
class World:
    rows: dict[str, str]  # city → its sentinel 表7 row key
    texts: dict[str, list[str]]  # city → what names it or is its own: name, row keys, sentinels
    draft: str  # 苏州's draft explanation
    evidence: dict[str, str]  # city → one of its evidence ids


def plant(demo) -> World:  # type: ignore[no-untyped-def]
    survey = demo.campaign
    names = dict(Organisation.objects.values_list("code", "name"))
    rows: dict[str, str] = {}
    for code in SENTINEL_CITIES:
        row = add_list_row(CLI, survey, code, "T07", "systems", channel="cli")
        cells = {(row.key, "name"): f"{names[code]}哨兵系统{code[2:4]}"}
        save_table(CLI, survey, code, "T07", cells, table_version(survey, code, "T07"), channel="cli")
        remark = {(code, "remark"): f"{names[code]}哨兵备注{code[2:4]}"}
        save_table(CLI, survey, code, "T09", remark, table_version(survey, code, "T09"), channel="cli")
        rows[code] = row.key
    evaluation = demo.evaluation
    own = SelfAssessment.objects.filter(campaign=evaluation, org_id=SZ, score__isnull=False).first()
    assert own is not None
    draft = "苏州草稿哨兵说明丙"
    save_assessment(CLI, evaluation, SZ, {own.criterion: Entry(str(own.score), draft)})
    texts: dict[str, list[str]] = {}
    for code in names:
        keys = list(ListRow.objects.filter(campaign=survey, org_id=code).values_list("key", flat=True))
        texts[code] = [names[code], *keys]
        if code in SENTINEL_CITIES:
            texts[code] += [f"{names[code]}哨兵系统{code[2:4]}", f"{names[code]}哨兵备注{code[2:4]}"]
    evidence = {
        code: str(pk)
        for code in SENTINEL_CITIES
        if (
            pk := Evidence.objects.filter(campaign=evaluation, org_id=code)
            .values_list("pk", flat=True)
            .first()
        )
    }
    return World(rows, texts, draft, evidence)


def pools(world: World, home: str) -> dict[str, list[str]]:
    """What each path parameter may be: the persona's own ids first, then other units'."""
    others = [c for c in (NJ, SZ, WX) if c != home]
    own_row = world.rows.get(home, "")
    rows = [own_row, *(world.rows[c] for c in others)]
    return {
        "campaign": [SURVEY], "campaign_id": [SURVEY],
        "evaluation": [EVALUATION], "evaluation_id": [EVALUATION],
        "org": [home, *others], "org_code": [home, *others],
        "table": ["T07", "T09"], "table_id": ["T07", "T09"], "row": rows, "row_key": rows,
        "kind": ["workbook", "csv", "findings"], "criterion": ["leading_group"], "ref": ["survey-2015@1"],
        "evidence": list(world.evidence.values()), "evidence_id": list(world.evidence.values()),
    }  # fmt: skip


def page_urls(world: World, home: str) -> Iterator[tuple[str, str]]:
    """(name, url) for every named pattern, with each combination of the pools (bounded)."""
    values = pools(world, home)
    for name, params in walk(get_resolver().url_patterns):
        if name.startswith(SKIP) or "pdf" in name or name.startswith("api:"):
            continue
        choices = [values.get(p, ["1"]) for p in params]
        for combination in itertools.islice(itertools.product(*choices), 8):
            try:
                yield name, reverse(name, kwargs=dict(zip(params, combination, strict=True)))
            except NoReverseMatch:
                continue


def api_operations(client: Client, world: World, home: str) -> Iterator[tuple[str, str]]:
    values = pools(world, home)
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        names = re.findall(r"\{(\w+)\}", path)
        choices = [values.get(n, ["1"]) for n in names]
        for combination in itertools.islice(itertools.product(*choices), 8):
            filled = dict(zip(names, combination, strict=True))
            url = re.sub(r"\{(\w+)\}", lambda m, f=filled: f[m.group(1)], path)
            for method in operations:
                yield method, url


def bodies(world: World, home: str) -> tuple[dict[str, str], dict[str, object]]:
    """A form and a JSON body that name other units' rows (and the persona's own unit)."""
    foreign = [world.rows[c] for c in SENTINEL_CITIES if c != home]
    form = {f"v:{key}:name": "改名" for key in foreign} | {
        "base_version": "0", "section": "systems", "row": foreign[0], "rule": "V07-NAME", "text": "x",
    }  # fmt: skip
    body = {
        "base_version": 0, "values": {key: {"name": "改名"} for key in foreign}, "section": "systems",
        "rule": "V07-NAME", "row": foreign[0], "column": "name", "text": "x", "note": "x",
    }  # fmt: skip
    return form, body


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return body.decode("utf-8", "replace")


def forbidden(world: World, home: str) -> dict[str, str]:
    """Text → the unit it belongs to, for every unit the persona may not read (its province
    and the ministry above it it may name)."""
    allowed = {home, PROVINCE, "000000"}
    out = {t: code for code, texts in world.texts.items() if code not in allowed for t in texts}
    if home != SZ:
        out[world.draft] = SZ
    return out


def leaks(text: str, banned: dict[str, str], sent: str = "") -> list[str]:
    """What the answer shows of ``banned``, apart from what the request itself carried (an
    echo of the asker's own input tells it nothing)."""
    return [t for t in banned if t in text and t not in sent]


PERSONAS = ("nanjing_reporter", "suzhou_reporter")  # 审核专家 and drafts: test_evaluation_drafts.py
HOMES = {"nanjing_reporter": NJ, "suzhou_reporter": SZ}


@pytest.fixture
def world(demo) -> World:  # type: ignore[no-untyped-def]
    return plant(demo)


@pytest.mark.parametrize("persona", PERSONAS)
def test_no_answer_names_what_the_persona_may_not_read(world, personas, persona):
    user, home = getattr(personas, persona), HOMES[persona]
    banned = forbidden(world, home)
    assert len(banned) > 18  # 12 other cities' names, two units' sentinels and their row keys
    client = Client()
    client.force_login(user)
    form, body = bodies(world, home)
    count = 0
    for name, url in page_urls(world, home):
        for method in ("get", "post"):
            response = client.get(url) if method == "get" else client.post(url, data=form)
            count += 1
            sent = url + (json.dumps(form, ensure_ascii=False) if method == "post" else "")
            found = leaks(text_of(response), banned, sent)
            assert not found, f"{method.upper()} {url} ({name}) shows {found[:3]} to {persona}"
    for method, url in api_operations(client, world, home):
        if method == "get":
            response, sent = client.get(url), url
        else:
            payload = json.dumps(body, ensure_ascii=False)
            response = getattr(client, method)(url, data=payload, content_type="application/json")
            sent = url + payload
        count += 1
        found = leaks(text_of(response), banned, sent)
        assert not found, f"{method.upper()} {url} shows {found[:3]} to {persona}"
    assert count > 200


def test_the_sweep_would_see_a_leak(world, personas):
    """The sentinels are where the persona's own answers show them: the check can fail."""
    client = Client()
    client.force_login(personas.nanjing_reporter)
    own = text_of(client.get(f"/api/campaigns/{SURVEY}/orgs/{NJ}/tables/T07"))
    assert world.rows[NJ] in own and "南京市哨兵系统01" in own
    template = text_of(client.get(f"/transfer/c/{SURVEY}/{NJ}/template/"))
    assert world.rows[NJ] in template and "南京市哨兵系统01" in template
    province = Client()
    province.force_login(personas.province_admin)
    whole = text_of(province.get(f"/api/campaigns/{SURVEY}/orgs/{PROVINCE}/tables/T07"))
    assert all(world.rows[c] in whole for c in SENTINEL_CITIES)
    assert leaks(whole, forbidden(world, NJ))  # what 南京 must never see is in the province's answer
