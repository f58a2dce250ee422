"""``kaoping workflow`` (docs/spec.md §10.10): JSON on stdout, messages on stderr, exit codes 0/1/2/3."""

from __future__ import annotations

import json

import pytest

from kaoping.cli import main
from kaoping.workflow.models import APPROVED, IN_PROGRESS, LOCKED, RETURNED, SUBMITTED, Transition

from .conftest import NJ, save, status

ORG = ("--campaign", "demo-2015", "--org", NJ, "--format", "json")


@pytest.fixture(autouse=True)
def keep_test_connection(monkeypatch):  # type: ignore[no-untyped-def]
    # A management command closes the connections when it ends; the test's transaction must survive.
    monkeypatch.setattr("django.db.connections.close_all", lambda: None)


def run(capsys, *argv: str) -> tuple[int, dict, str]:  # type: ignore[no-untyped-def]
    code = main(["workflow", *argv])
    out = capsys.readouterr()
    return code, json.loads(out.out) if out.out else {}, out.err


def test_the_command_line_takes_a_city_through_the_workflow(demo, capsys):
    code, state, _ = run(capsys, "status", *ORG)
    assert (code, state["status"], state["org"]) == (0, IN_PROGRESS, NJ)

    code, state, _ = run(capsys, "submit", *ORG)
    assert (code, state["status"]) == (0, SUBMITTED)
    code, state, _ = run(
        capsys, "return", *ORG, "--reason", "请核实", "--comment", f"T09:{NJ}:staff=人数偏少"
    )
    assert (code, state["status"], state["reason"]) == (0, RETURNED, "请核实")
    assert [(c["table"], c["row"], c["column"], c["text"]) for c in state["comments"]] == [
        ("T09", NJ, "staff", "人数偏少")
    ]
    assert run(capsys, "submit", *ORG)[0] == 0
    assert run(capsys, "approve", *ORG, "--text", "无误")[1]["status"] == APPROVED
    assert run(capsys, "lock", *ORG)[1]["status"] == LOCKED
    code, state, _ = run(capsys, "unlock", *ORG, "--reason", "更正")
    assert (code, state["status"]) == (0, IN_PROGRESS)
    assert state["history"][0]["actor"].startswith("cli:")  # audited as cli:<os user>
    assert Transition.objects.filter(submission__org_id=NJ, action="unlock", text="更正").count() == 1
    unlocked = Transition.objects.get(submission__org_id=NJ, action="unlock")
    with pytest.raises(ValueError, match="报送记录只能追加，不能修改"):
        unlocked.save()


def test_a_refused_transition_exits_3_and_says_why(demo, capsys):
    code, document, err = run(capsys, "approve", *ORG)
    assert code == 3
    assert document == {"refused": "当前状态为填报中，不能审核通过"}
    assert "当前状态为填报中，不能审核通过" in err
    assert status(demo.campaign, NJ) == IN_PROGRESS
    assert run(capsys, "status", "--campaign", "demo-2015", "--org", "999999")[0] == 3
    assert run(capsys, "status", "--campaign", "nope", "--org", NJ)[0] == 3


def test_a_submit_blocked_by_an_error_exits_1_with_the_finding(campaign, nanjing_reporter, capsys):
    save(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "20"})  # 是否开通 left blank
    code, document, err = run(capsys, "submit", "--campaign", campaign.id, "--org", NJ, "--format", "json")
    assert code == 1
    assert document["refused"].startswith("不能上报：错误（须修改）")
    assert ("T09", NJ, "opened", "V09-OPEN") in [
        (f["table"], f["row"], f["column"], f["rule"]) for f in document["findings"]
    ]
    assert "是否开通12333" in err
    assert status(campaign, NJ) == IN_PROGRESS


def test_a_malformed_comment_is_wrong_usage(demo, capsys):
    run(capsys, "submit", *ORG)
    code, document, err = run(capsys, "return", *ORG, "--reason", "请核实", "--comment", "T09 人数偏少")
    assert (code, document) == (2, {})
    assert "表:行:列=意见" in err
    assert status(demo.campaign, NJ) == SUBMITTED


def test_a_reason_or_comment_beyond_2000_is_refused_naming_the_bound(demo, capsys):
    """docs/spec.md §5.3: the command line, like the pages and the API, stores no over-long text."""
    assert run(capsys, "submit", *ORG)[0] == 0
    code, document, _ = run(capsys, "return", *ORG, "--reason", "退" * 2001)
    assert (code, document) == (3, {"refused": "退回原因过长：最多 2000 个字，填写了 2001 个字"})
    code, document, _ = run(
        capsys, "return", *ORG, "--reason", "请核实", "--comment", f"T09:{NJ}:staff=" + "意" * 2001
    )
    assert (code, document) == (3, {"refused": "意见过长：最多 2000 个字，填写了 2001 个字"})
    assert status(demo.campaign, NJ) == SUBMITTED
