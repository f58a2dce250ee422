"""The 苏州 outsider reaches none of 南京's evaluation data through any URL: every named
pattern of the evaluation app (from the URL resolver) and every API operation under
/evaluations/ (from the OpenAPI schema), filled with 南京's ids, read and written. A
sentinel in 南京's self-assessment must never appear, and nothing stored may change.
"""

from __future__ import annotations

import io
import json
import re

import pytest
from django.test import Client
from django.urls import URLPattern, get_resolver, reverse

from kaoping.evaluation.assess import Entry, save_assessment
from kaoping.evaluation.evidence import add_evidence
from kaoping.evaluation.models import (
    Evaluation,
    EvaluationLog,
    Evidence,
    ReportedMetric,
    ReviewScore,
    SelfAssessment,
    Submission,
)
from kaoping.evaluation.reviews import publish

NJ = "320100"
SENTINEL = "NJ-EVAL-SENTINEL-5521"
EVALUATION = "demo-eval-2015"


def evaluation_patterns() -> list[tuple[str, tuple[str, ...]]]:
    resolver = next(p for p in get_resolver().url_patterns if getattr(p, "namespace", None) == "evaluation")
    return [
        (f"evaluation:{p.name}", tuple(p.pattern.regex.groupindex))
        for p in resolver.url_patterns
        if isinstance(p, URLPattern)
    ]


@pytest.fixture
def ids(demo, personas) -> dict[str, str]:
    campaign = demo.evaluation
    Submission.objects.filter(campaign=campaign, org=NJ).delete()  # editable again for the sentinel
    save_assessment(personas.nanjing_reporter, campaign, NJ, {"leading_group": Entry("2", SENTINEL)})
    evidence = add_evidence(
        personas.nanjing_reporter,
        campaign,
        NJ,
        "leading_group",
        f"{SENTINEL}.pdf",
        io.BytesIO(b"%PDF-1.4 " + SENTINEL.encode()),
    )
    return {
        "evaluation": EVALUATION,
        "evaluation_id": EVALUATION,
        "org": NJ,
        "criterion": "leading_group",
        "evidence": str(evidence.pk),
        "evidence_id": str(evidence.pk),
    }


def state() -> tuple:
    return (
        sorted(SelfAssessment.objects.values_list("org_id", "criterion", "score", "explanation")),
        sorted(ReportedMetric.objects.values_list("org_id", "metric", "text")),
        sorted(Evidence.objects.values_list("org_id", "criterion", "stored")),
        sorted(ReviewScore.objects.values_list("org_id", "criterion", "reviewer_id", "score")),
        sorted(Submission.objects.values_list("org_id", "submitted_by")),
        sorted(Evaluation.objects.values_list("campaign_id", "published_at", "settings")),
        EvaluationLog.objects.count(),
    )


def body_of(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def outsider(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_enumeration_covers_every_evaluation_page(ids):
    names = {name.removeprefix("evaluation:") for name, _ in evaluation_patterns()}
    assert {
        "assess",
        "submit",
        "upload",
        "review",
        "evidence",
        "remove_evidence",
        "results",
        "city",
        "explain",
        "publish",
        "export",
        "settings",
        "reopen",
    } <= names


def test_the_outsider_reads_and_writes_nothing_of_nanjing_through_any_page(
    ids, suzhou_reporter, province_admin
):
    before = state()
    checked = 0
    for name, params in evaluation_patterns():
        url = reverse(name, kwargs={p: ids[p] for p in params})
        for method in ("get", "post"):
            response = getattr(outsider(suzhou_reporter), method)(
                url, {"score:leading_group": "0", "explanation:leading_group": "x", "reason": "x"}
            )
            assert SENTINEL not in body_of(response), f"{method} {name}"
            if "org" in params or "evidence" in params:
                assert response.status_code in (403, 404, 405), (
                    f"{method} {name} {url}: {response.status_code}"
                )
                checked += 1
            elif method == "post":
                # campaign-wide actions (publish, settings) are the province's
                assert response.status_code in (403, 404, 405), (
                    f"{method} {name} {url}: {response.status_code}"
                )
    assert checked >= 16
    assert state() == before
    # after publication the outsider still reads none of 南京's pages
    publish(province_admin, Evaluation.objects.get(pk=EVALUATION).campaign)
    for name, params in evaluation_patterns():
        if "org" in params or "evidence" in params:
            response = outsider(suzhou_reporter).get(reverse(name, kwargs={p: ids[p] for p in params}))
            assert response.status_code in (403, 404, 405), name
            assert SENTINEL not in body_of(response)


def test_every_evaluation_api_operation_refuses_the_outsider(ids, suzhou_reporter):
    before = state()
    client = outsider(suzhou_reporter)
    schema = client.get("/api/openapi.json").json()
    operations = [(m, p) for p, ops in schema["paths"].items() if "/evaluations/" in p for m in ops]
    assert len(operations) >= 9
    for method, path in operations:
        url = re.sub(r"\{(\w+)\}", lambda m: ids[m.group(1)], path)
        body = {
            "criteria": {"leading_group": {"score": "0", "explanation": "x", "reason": "x"}},
            "reported": {},
        }
        response = (
            client.get(url)
            if method == "get"
            else getattr(client, method)(url, json.dumps(body), content_type="application/json")
        )
        text = body_of(response)
        assert SENTINEL not in text, f"{method} {url}"
        if NJ in url or "evidence" in path or method != "get":
            assert response.status_code in (403, 404, 422), (
                f"{method} {url}: {response.status_code} {text[:200]}"
            )
        if response.status_code == 403:
            assert "需要" in json.loads(text)["detail"] or "尚未发布" in json.loads(text)["detail"]
    assert state() == before


def test_nanjing_itself_sees_its_sentinel(ids, nanjing_reporter):
    """The checks above are meaningful: the same requests as 南京 show the data."""
    client = outsider(nanjing_reporter)
    assert SENTINEL in client.get(f"/evaluations/{EVALUATION}/orgs/{NJ}/").content.decode()
    assert SENTINEL in client.get(f"/api/evaluations/{EVALUATION}/orgs/{NJ}/self-assessment").content.decode()
    assert SENTINEL in body_of(client.get(f"/evaluations/{EVALUATION}/evidence/{ids['evidence']}/"))
