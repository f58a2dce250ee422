"""The 苏州 outsider can neither read nor write 南京's data anywhere.

URLs are enumerated from the URL resolver (every page, API route, account and admin URL) and
from the OpenAPI schema (every method of every API path), never from a hand-picked list. Path
parameters are filled with 南京's ids; 南京's data carries a sentinel text that must never
appear in a response to the outsider, and no request may change anything stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.exceptions import NoReverseMatch

from kaoping.collection.models import (
    AuditEntry,
    BaseFigure,
    Campaign,
    Explanation,
    ListRow,
    TableVersion,
    Value,
)
from kaoping.collection.services import save_table, table_version
from kaoping.evaluation.models import Evidence
from kaoping.orgs.actors import CliActor

NJ = "320100"
SENTINEL = "NJ-SENTINEL-4417"
WRITE_METHODS = ("post", "put", "patch", "delete")


def walk(
    patterns: list, namespace: str | None = None, params: tuple[str, ...] = ()
) -> Iterator[tuple[str, tuple]]:
    """(qualified name, parameter names) of every named URL pattern."""
    for p in patterns:
        names = tuple(p.pattern.regex.groupindex)
        if isinstance(p, URLResolver):
            ns = ":".join(x for x in (namespace, p.namespace) if x) or None
            yield from walk(p.url_patterns, ns, params + names)
        elif isinstance(p, URLPattern) and p.name:
            yield (f"{namespace}:{p.name}" if namespace else p.name), params + names


def guess(param: str, name: str, ids: dict[str, str]) -> list[str]:
    """Candidate values for a path parameter, 南京's ids first."""
    lists = ("row" in name and ("add" in name or "remove" in name)) or "rows" in name
    table = "T07" if lists else "T09"
    table_row = ids["list_row"] if lists else NJ
    by_name = {
        "campaign": ["demo-2015"], "campaign_id": ["demo-2015"], "org": [NJ], "org_code": [NJ],
        "table": [table], "table_id": [table], "row": [table_row], "row_key": [table_row],
        "column": ["staff"], "ref": ["survey-2015@1"], "app_label": ["orgs", "collection", "auth"],
        "model_name": ["user", "organisation", "campaign"], "object_id": [ids["user_pk"]],
        "user_id": [ids["user_pk"]],
        "evaluation": ["demo-eval-2015"], "evaluation_id": ["demo-eval-2015"],
        "criterion": ["network_coverage"],
        "evidence": [ids["evidence"]], "evidence_id": [ids["evidence"]],
        "kind": ["csv", "workbook", "findings"], "upload_id": ["00000000-0000-4000-8000-000000000000"],
    }  # fmt: skip
    return by_name.get(param, ["x"])


def urls(ids: dict[str, str]) -> list[tuple[str, str, bool]]:
    """(url, name, names 南京) for every named pattern that reverses with 南京's ids."""
    out = []
    for name, params in walk(get_resolver().url_patterns):
        kwargs_options = [{}]
        for param in params:
            kwargs_options = [{**k, param: v} for k in kwargs_options for v in guess(param, name, ids)]
        for kwargs in kwargs_options:
            try:
                out.append((reverse(name, kwargs=kwargs), name, NJ in kwargs.values()))
                break
            except NoReverseMatch:
                continue
    return out


def openapi_operations(client: Client, ids: dict[str, str]) -> list[tuple[str, str]]:
    schema = client.get("/api/openapi.json").json()
    out = []
    for path, operations in schema["paths"].items():
        for method in operations:
            name = path + method
            url = re.sub(r"\{(\w+)\}", lambda m, name=name: guess(m.group(1), name, ids)[0], path)
            # query parameters naming an organisation (``?org=``) get 南京's code too
            query = [
                f"{p['name']}={guess(p['name'], name, ids)[0]}"
                for p in operations[method].get("parameters", [])
                if p.get("in") == "query" and p["name"] in ("org", "org_code")
            ]
            out.append((method, url + ("?" + "&".join(query) if query else "")))
    return out


def state() -> tuple:
    return (
        sorted(Value.objects.values_list("org_id", "table", "row", "column", "text")),
        AuditEntry.objects.count(),
        sorted(ListRow.objects.values_list("org_id", "table", "key")),
        sorted(Explanation.objects.values_list("org_id", "rule", "text")),
        sorted(TableVersion.objects.values_list("org_id", "table", "version")),
        sorted((o, k, str(v)) for o, k, v in BaseFigure.objects.values_list("org_id", "key", "value")),
        sorted(Campaign.objects.values_list("id", "status", "closes")),
    )


@pytest.fixture
def ids(demo, suzhou_reporter) -> dict[str, str]:
    campaign = demo.campaign
    version = table_version(campaign, NJ, "T09")
    save_table(CliActor("cli:test"), campaign, NJ, "T09", {(NJ, "remark"): SENTINEL}, version, channel="cli")
    list_row = ListRow.objects.get(campaign=campaign, table="T07", org_id=NJ).key
    evidence = str(
        Evidence.objects.filter(campaign_id="demo-eval-2015", org_id=NJ).values_list("pk", flat=True)[0]
    )
    return {
        "list_row": list_row,
        "user_pk": str(suzhou_reporter.pk),
        "version": str(version + 1),
        "evidence": evidence,  # one of 南京's evaluation evidence files
    }


def outsider(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def write_payloads(ids: dict[str, str]) -> tuple[dict, dict]:
    """A form and a JSON body with every field a save, an explanation or a list edit could read."""
    form = {
        "base_version": ids["version"], "version": ids["version"], f"{NJ}:staff": "999", f"{NJ}|staff": "999",
        f"v-{NJ}-staff": "999", f"{NJ}__staff": "999", "row": NJ, "column": "staff", "value": "999",
        "section": "systems", "key": ids["list_row"], "row_key": ids["list_row"], "rule": "V09-BAL",
        "text": "outsider", "explanation": "outsider",
    }  # fmt: skip
    body = {
        "base_version": int(ids["version"]), "values": {NJ: {"staff": "999", "remark": "outsider"}},
        "section": "systems", "rule": "V09-BAL", "row": NJ, "column": "staff", "text": "outsider",
    }  # fmt: skip
    return form, body


def test_the_url_enumeration_covers_pages_and_api(ids):
    names = {name for _, name, names_nj in urls(ids) if names_nj}
    assert any(n.startswith("api:") for n in names)
    assert len(names) >= 5, names


def test_the_outsider_reads_nothing_of_nanjing_through_any_url(ids, suzhou_reporter):
    checked = []
    for url, name, names_nj in urls(ids):
        response = outsider(suzhou_reporter).get(url)
        body = response.content.decode("utf-8", "replace")
        assert SENTINEL not in body, f"{name} {url} shows 南京's data to 苏州"
        if names_nj:
            assert response.status_code in (403, 404, 405), f"{name} {url} answered {response.status_code}"
            checked.append(name)
    assert checked


def test_the_outsider_writes_nothing_through_any_url(ids, suzhou_reporter):
    form, body = write_payloads(ids)
    before = state()
    for url, name, names_nj in urls(ids):
        if name.startswith("admin:") or name in ("logout", "password_change", "set_language"):
            continue  # the outsider's own session and password, not 南京's data
        for method in WRITE_METHODS:
            client = outsider(suzhou_reporter)
            as_form = method == "post" and not name.startswith("api:")  # the API takes JSON only
            response = client.post(url, data=form) if as_form else None
            if response is None:
                response = getattr(client, method)(
                    url, data=json.dumps(body), content_type="application/json"
                )
            if names_nj:
                assert response.status_code in (403, 404, 405), (
                    f"{method} {name} {url}: {response.status_code}"
                )
            assert SENTINEL not in response.content.decode("utf-8", "replace")
    assert state() == before


def test_every_openapi_operation_refuses_the_outsider(ids, suzhou_reporter):
    _, body = write_payloads(ids)
    before = state()
    operations = openapi_operations(outsider(suzhou_reporter), ids)
    assert len(operations) >= 6
    for method, url in operations:
        client = outsider(suzhou_reporter)
        if method == "get":
            response = client.get(url)
        else:
            response = getattr(client, method)(url, data=json.dumps(body), content_type="application/json")
        text = response.content.decode("utf-8", "replace")
        assert SENTINEL not in text, f"{method} {url}"
        if NJ in url:
            assert response.status_code in (403, 404), f"{method} {url}: {response.status_code} {text[:200]}"
            if response.status_code == 403:
                assert "需要" in response.json()["detail"]
    assert state() == before


def test_nanjing_itself_does_see_its_sentinel(ids, nanjing_reporter):
    """The check above is meaningful: the same request as 南京 shows the data."""
    client = outsider(nanjing_reporter)
    response = client.get(f"/api/campaigns/demo-2015/orgs/{NJ}/tables/T09")
    assert response.status_code == 200
    assert SENTINEL in response.content.decode()


def nanjing_state(ids: dict[str, str]) -> tuple:
    """Everything stored about 南京's rows, whoever's organisation it is filed under."""
    mine = {NJ, ids["list_row"]}
    return (
        sorted(Value.objects.filter(row__in=mine).values_list("org_id", "table", "row", "column", "text")),
        sorted(Explanation.objects.filter(row__in=mine).values_list("org_id", "rule", "text")),
        AuditEntry.objects.filter(row__in=mine).count(),
        sorted(ListRow.objects.filter(org_id=NJ).values_list("table", "key")),
        sorted(TableVersion.objects.filter(org_id=NJ).values_list("table", "version")),
    )


def test_the_outsider_cannot_reach_nanjing_rows_through_its_own_organisation(ids, suzhou_reporter):
    """Same URLs with 苏州 in the path, payloads naming 南京's rows: nothing of 南京 changes."""
    form, body = write_payloads(ids)
    before = nanjing_state(ids)
    for url, name, names_nj in urls(ids):
        if not names_nj:
            continue
        own = url.replace(NJ, "320500", 1)
        for method in WRITE_METHODS:
            client = outsider(suzhou_reporter)
            if method == "post" and not name.startswith("api:"):
                response = client.post(own, data=form)
            else:
                response = getattr(client, method)(
                    own, data=json.dumps(body), content_type="application/json"
                )
            assert SENTINEL not in response.content.decode("utf-8", "replace"), f"{method} {own}"
    assert nanjing_state(ids) == before
