"""Experts score what was submitted: a city's self-assessment draft (self-scores,
explanations, reported metrics, evidence) reaches no 审核专家 through any page, API operation
or export until the city submits it; everyone else who reads the city sees it as before.

Every persona is tried on every evaluation URL the resolver and the OpenAPI schema know, with
南京's ids (a generator over personas × endpoints, not a hand-picked list)."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

import pytest
from tests.conftest import NANJING

from kaoping.evaluation.assess import Entry, save_assessment, submit_assessment
from kaoping.evaluation.evidence import add_evidence
from kaoping.evaluation.scoring import evaluate

DRAFT = "南京草稿说明-4821"
FILE = "草稿佐证-4821.pdf"
PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
READS_DRAFTS = {
    "province_admin": True,
    "province_reviewer": True,
    "nanjing_reporter": True,
    "nanjing_leader": True,
    "ministry_admin": True,
    "expert": False,
}


@pytest.fixture
def drafted(evaluation, personas):
    """南京 self-assessed every criterion (full points, an explanation) with one evidence file,
    and has not submitted."""
    city = evaluate(evaluation).city(NANJING)
    save_assessment(
        personas.nanjing_reporter,
        evaluation,
        NANJING,
        {c.key: Entry(str(c.points), DRAFT) for c in city.criteria},
    )
    return add_evidence(
        personas.nanjing_reporter, evaluation, NANJING, "leading_group", FILE, io.BytesIO(PDF)
    )


def endpoints(evaluation_id: str, evidence: int, client) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """Every GET URL of the evaluation pages and API, filled with 南京's ids (PDFs aside:
    they print what the city result page shows)."""
    from django.urls import get_resolver

    values = {"evaluation": evaluation_id, "evaluation_id": evaluation_id, "org": NANJING}
    values |= {"criterion": "leading_group", "evidence": str(evidence), "evidence_id": str(evidence)}
    resolver = get_resolver().url_patterns
    pages = next(p for p in resolver if str(p.pattern) == "evaluations/")
    for pattern in pages.url_patterns:
        route = str(pattern.pattern)
        if route.endswith((".pdf", "new/", "publish/", "withdraw/", "submit/", "reopen/", "remove/")):
            continue
        yield "/evaluations/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: values[m.group(1)], route)
    schema = client.get("/api/openapi.json").json()
    for path, operations in schema["paths"].items():
        if path.startswith("/api/evaluations/{evaluation_id}") and "get" in operations:
            yield re.sub(r"\{(\w+)\}", lambda m: values[m.group(1)], path)


def text_of(response) -> str:  # type: ignore[no-untyped-def]
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):  # a workbook: every part of it
        archive = zipfile.ZipFile(io.BytesIO(body))
        return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
    return body.decode("utf-8", "replace")


def self_scores(client, evaluation_id: str) -> list[object]:  # type: ignore[no-untyped-def]
    document = client.get(f"/api/evaluations/{evaluation_id}/score").json()
    city = next(c for c in document["cities"] if c["org"] == NANJING)
    return [c["self"] for c in city["criteria"]]


def test_no_expert_reads_a_draft_anywhere_and_the_others_do(drafted, evaluation, personas, client_for):
    seen: dict[str, set[str]] = {}
    tried = 0
    for name, reads in READS_DRAFTS.items():
        client = client_for(getattr(personas, name))
        for url in endpoints(evaluation.pk, drafted.pk, client):
            response = client.get(url)
            assert response.status_code < 500, (name, url)
            text = text_of(response)
            tried += 1
            if DRAFT in text or FILE in text or "%PDF-1.4" in text:
                seen.setdefault(name, set()).add(url)
            if not reads:
                assert DRAFT not in text and FILE not in text, f"{name} reads 南京's draft at {url}"
                if re.search(r"evidence/\d+/?$", url):  # the file itself
                    assert response.status_code == 403, url
        if reads:
            assert f"/evaluations/{evaluation.pk}/orgs/{NANJING}/" in seen.get(name, set()), name
    assert tried >= 6 * 12
    assert "expert" not in seen
    # the scores too: the expert's results have no self-score for 南京, the province's have them
    assert set(self_scores(client_for(personas.expert), evaluation.pk)) == {None}
    assert None not in self_scores(client_for(personas.province_admin), evaluation.pk)


def test_once_submitted_the_expert_reads_it(drafted, evaluation, personas, client_for):
    submit_assessment(personas.nanjing_leader, evaluation, NANJING)
    client = client_for(personas.expert)
    assert DRAFT in client.get(f"/evaluations/{evaluation.pk}/orgs/{NANJING}/").content.decode()
    api = client.get(f"/api/evaluations/{evaluation.pk}/orgs/{NANJING}/self-assessment").json()
    assert {c["explanation"] for c in api["criteria"]} == {DRAFT}
    assert client.get(f"/evaluations/{evaluation.pk}/evidence/{drafted.pk}/").status_code == 200
    assert None not in self_scores(client, evaluation.pk)
    assert DRAFT in client.get(f"/evaluations/{evaluation.pk}/orgs/{NANJING}/review/").content.decode()


def test_the_draft_refusal_says_why(drafted, evaluation, personas, client_for):
    client = client_for(personas.expert)
    page = client.get(f"/evaluations/{evaluation.pk}/orgs/{NANJING}/")
    assert page.status_code == 403
    api = client.get(f"/api/evaluations/{evaluation.pk}/orgs/{NANJING}/self-assessment")
    assert api.status_code == 403 and api.json()["detail"] == "该市自评尚未上报：审核专家在上报后才能查看"
    # the expert's scoring page opens, showing the automatic working only
    review = client.get(f"/evaluations/{evaluation.pk}/orgs/{NANJING}/review/")
    assert review.status_code == 200 and DRAFT not in review.content.decode()


def test_after_publication_every_city_reads_the_provinces_ranking(drafted, evaluation, personas, client_for):
    """The draft rule hides a draft from those who read the city; a city reading the published
    ranking reads no other city, so its totals are the province's (南京's draft counted)."""
    from kaoping.evaluation.reviews import publish

    publish(personas.province_admin, evaluation)

    def totals(user) -> dict[str, object]:  # type: ignore[no-untyped-def]
        document = client_for(user).get(f"/api/evaluations/{evaluation.pk}/score").json()
        return {c["org"]: c["total"] for c in document["cities"]}

    province = totals(personas.province_admin)
    assert totals(personas.suzhou_reporter) == province == totals(personas.nanjing_reporter)
    assert totals(personas.expert)[NANJING] != province[NANJING]  # the expert: as not self-assessed
