"""Each transition of the workflow and each refusal, with the powers of docs/spec.md §2.6.

The demo campaign has every city's rows filled without a finding; 南京's 上报 is its
市负责人's, the province's 省审核员 returns or approves it, the 省管理员 unlocks it.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from kaoping.collection.models import Value
from kaoping.collection.services import SaveRefused, save_explanation
from kaoping.workflow import services
from kaoping.workflow.models import (
    APPROVED,
    IN_PROGRESS,
    LOCKED,
    NOT_STARTED,
    RETURNED,
    SUBMITTED,
    CellComment,
    Transition,
)
from kaoping.workflow.services import CommentDraft, WorkflowError

from .conftest import NJ, SZ, save, status


def test_the_first_edit_starts_filling_and_is_recorded(campaign, nanjing_reporter):
    assert status(campaign, NJ) == NOT_STARTED
    save(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "20"})
    assert status(campaign, NJ) == IN_PROGRESS
    entry = Transition.objects.get(submission__org_id=NJ)
    assert (entry.action, entry.old, entry.new, entry.actor) == (
        "edit",
        NOT_STARTED,
        IN_PROGRESS,
        "p_nanjing_tianbao",
    )


def test_submit_with_an_error_is_refused_naming_the_cell(campaign, nanjing_reporter, nanjing_leader):
    save(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "20"})  # 是否开通 left blank: V09-OPEN
    with pytest.raises(WorkflowError) as refused:
        services.submit(nanjing_leader, campaign, NJ)
    assert "错误（须修改）" in refused.value.message and "表9" in refused.value.message
    assert "是否开通12333" in refused.value.message
    assert status(campaign, NJ) == IN_PROGRESS


def test_a_reporter_cannot_submit_only_the_city_leader_can(demo, nanjing_reporter, nanjing_leader):
    with pytest.raises(PermissionDenied) as refused:
        services.submit(nanjing_reporter, demo.campaign, NJ)
    assert "市负责人" in str(refused.value)
    services.submit(nanjing_leader, demo.campaign, NJ)
    assert status(demo.campaign, NJ) == SUBMITTED


def _unbalance_calls(campaign, user) -> None:  # type: ignore[no-untyped-def]
    """来电总量 no longer equals 人工 + 自助 + 放弃: the V09-BAL warning, with no 备注."""
    calls = int(Value.objects.get(campaign=campaign, row=NJ, column="calls").text)
    save(user, campaign, NJ, "T09", {(NJ, "calls"): str(calls + 100), (NJ, "remark"): ""})


def test_a_failing_warning_needs_its_explanation_and_then_a_submission_note(demo, nanjing_leader):
    campaign = demo.campaign
    _unbalance_calls(campaign, nanjing_leader)
    with pytest.raises(WorkflowError) as refused:
        services.submit(nanjing_leader, campaign, NJ, note="数据属实")
    assert "提示未填写说明" in refused.value.message
    assert "与来电总量" in refused.value.message
    # a 备注 is an ordinary remark, not the 说明 (docs/spec.md §5.1): still refused
    save(nanjing_leader, campaign, NJ, "T09", {(NJ, "remark"): "100个来电转接省级平台"})
    with pytest.raises(WorkflowError) as refused:
        services.submit(nanjing_leader, campaign, NJ, note="数据属实")
    assert "提示未填写说明" in refused.value.message
    save_explanation(nanjing_leader, campaign, NJ, "V09-BAL", "T09", NJ, "calls", "100个来电转接省级平台")
    with pytest.raises(WorkflowError) as refused:
        services.submit(nanjing_leader, campaign, NJ)
    assert "需填写上报说明（强制上报）" in refused.value.message
    submission = services.submit(nanjing_leader, campaign, NJ, note="转接量单列，数据属实")
    assert (submission.status, submission.note) == (SUBMITTED, "转接量单列，数据属实")


def test_editing_a_submitted_form_is_refused_with_the_reason(demo, nanjing_leader, nanjing_reporter):
    campaign = demo.campaign
    before = Value.objects.get(campaign=campaign, row=NJ, column="staff").text
    services.submit(nanjing_leader, campaign, NJ)
    with pytest.raises(SaveRefused) as refused:
        save(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "999"})
    assert refused.value.message == "已上报，等待省审核员审核，不能修改；如需修改，请省审核员退回"
    with pytest.raises(SaveRefused):
        save_explanation(nanjing_reporter, campaign, NJ, "V09-BAL", "T09", NJ, "calls", "说明")
    assert Value.objects.get(campaign=campaign, row=NJ, column="staff").text == before


def test_return_with_reason_and_cell_comment_then_edit_resubmit_approve_lock(
    demo, nanjing_leader, nanjing_reporter, province_reviewer
):
    campaign = demo.campaign
    services.submit(nanjing_leader, campaign, NJ)
    with pytest.raises(WorkflowError, match="退回须填写原因"):
        services.return_submission(province_reviewer, campaign, NJ, "  ")
    services.add_comment(
        province_reviewer, campaign, NJ, CommentDraft("T09", NJ, "staff", "人数偏少，请核实")
    )
    services.return_submission(province_reviewer, campaign, NJ, "表9 工作人员数需核实")
    assert status(campaign, NJ) == RETURNED
    comment = CellComment.objects.get(submission__org_id=NJ)
    assert (comment.column, comment.text, comment.transition.action) == (
        "staff",
        "人数偏少，请核实",
        "return",
    )
    assert [c.text for c in services.comments_for(nanjing_reporter, campaign, NJ, "T09")] == [
        "人数偏少，请核实"
    ]

    save(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "45"})
    assert status(campaign, NJ) == IN_PROGRESS
    services.submit(nanjing_leader, campaign, NJ)
    services.approve(province_reviewer, campaign, NJ)
    assert status(campaign, NJ) == APPROVED
    with pytest.raises(SaveRefused, match="已审核通过，不能修改；如需修改，请省管理员解锁"):
        save(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "46"})
    services.lock(province_reviewer, campaign, NJ)
    with pytest.raises(SaveRefused, match=r"已锁定（审核通过后锁定），不能修改；可由省管理员解锁"):
        save(nanjing_reporter, campaign, NJ, "T09", {(NJ, "staff"): "46"})
    actions = [t.action for t in services.history(nanjing_reporter, campaign, NJ)]
    assert actions[:6] == ["lock", "approve", "submit", "edit", "return", "submit"]


def test_nobody_approves_their_own_submission(demo, personas, province_reviewer):
    from kaoping.orgs.models import RoleAssignment
    from kaoping.orgs.roles import Role

    campaign = demo.campaign
    both = personas.nanjing_leader  # also given the province reviewer's role
    RoleAssignment.objects.create(user=both, role=Role.PROVINCE_REVIEWER.value, org_id="320000")
    services.submit(both, campaign, NJ)
    with pytest.raises(PermissionDenied, match="不能审核本人上报的数据"):
        services.approve(both, campaign, NJ)
    services.approve(province_reviewer, campaign, NJ)  # another reviewer may
    assert status(campaign, NJ) == APPROVED


def test_a_city_approves_neither_another_city_nor_the_province(demo, nanjing_leader, personas):
    campaign = demo.campaign
    services.submit(nanjing_leader, campaign, NJ)
    with pytest.raises(PermissionDenied, match="省审核员"):
        services.approve(personas.suzhou_reporter, campaign, NJ)
    with pytest.raises(PermissionDenied, match="部审核员"):
        services.approve(nanjing_leader, campaign, "320000")
    with pytest.raises(PermissionDenied):
        services.return_submission(nanjing_leader, campaign, NJ, "自己退回")
    assert status(campaign, NJ) == SUBMITTED


def test_a_city_cannot_read_another_citys_returned_comments(
    demo, nanjing_leader, province_reviewer, suzhou_reporter
):
    campaign = demo.campaign
    services.submit(nanjing_leader, campaign, NJ)
    services.return_submission(
        province_reviewer, campaign, NJ, "请核实", [CommentDraft("T09", NJ, "staff", "南京的意见")]
    )
    with pytest.raises(PermissionDenied):
        services.comments_for(suzhou_reporter, campaign, NJ)
    with pytest.raises(PermissionDenied):
        services.history(suzhou_reporter, campaign, NJ)
    assert services.comments_for(suzhou_reporter, campaign, SZ) == []


def test_drafted_comments_stay_with_the_reviewer_until_the_return(demo, nanjing_leader, province_reviewer):
    campaign = demo.campaign
    services.submit(nanjing_leader, campaign, NJ)
    services.add_comment(province_reviewer, campaign, NJ, CommentDraft("T09", NJ, "staff", "草稿"))
    assert services.comments_for(nanjing_leader, campaign, NJ) == []
    assert len(services.comments_for(province_reviewer, campaign, NJ)) == 1


def test_approving_is_only_from_submitted(demo, province_reviewer):
    with pytest.raises(WorkflowError, match="当前状态为填报中，不能审核通过"):
        services.approve(province_reviewer, demo.campaign, NJ)


def test_unlocking_is_the_province_administrators_and_is_audited(
    demo, nanjing_leader, province_reviewer, province_admin
):
    campaign = demo.campaign
    services.submit(nanjing_leader, campaign, NJ)
    services.approve(province_reviewer, campaign, NJ)
    services.lock(province_reviewer, campaign, NJ)
    with pytest.raises(PermissionDenied, match="需要省管理员"):
        services.unlock(province_reviewer, campaign, NJ, "改数")
    with pytest.raises(PermissionDenied):
        services.unlock(nanjing_leader, campaign, NJ, "改数")
    with pytest.raises(WorkflowError, match="解锁须填写原因"):
        services.unlock(province_admin, campaign, NJ, "")
    services.unlock(province_admin, campaign, NJ, "人数统计口径调整")
    assert status(campaign, NJ) == IN_PROGRESS
    entry = Transition.objects.filter(submission__org_id=NJ).first()
    assert (entry.action, entry.old, entry.text, entry.actor) == (
        "unlock",
        LOCKED,
        "人数统计口径调整",
        "p_sheng_admin",
    )


def test_submitting_outside_the_fill_window_is_refused(demo, nanjing_leader):
    campaign = demo.campaign
    campaign.closes, campaign.lock_at_deadline = date(2015, 8, 1), True
    campaign.save()
    with pytest.raises(WorkflowError, match="不在填报期内"):
        services.submit(nanjing_leader, campaign, NJ)
