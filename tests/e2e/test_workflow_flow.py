"""The review workflow in a real browser: 南京's 市负责人 fills and submits; the 省审核员
returns it with a reason and a cell comment; 南京 fixes and resubmits; the province approves
and locks; the locked form refuses an edit and says why; 报送进度 reflects every step, and a
催报 reminder reaches 苏州 as a banner."""

from __future__ import annotations

from playwright.sync_api import expect

NJ, SZ = "320100", "320500"
PASSWORD = "persona-pass-2015"  # tests/conftest.py personas


def progress_status(page, base: str, org: str):  # type: ignore[no-untyped-def]
    page.goto(f"{base}/w/c/demo-2015/progress/")
    return page.locator(f"tr[data-org='{org}'] td:nth-child(2)")


def test_city_submits_province_returns_city_fixes_province_approves_and_locks(
    new_page, log_in, live_server, demo, personas, photo
):
    base = live_server.url
    city, province = new_page(), new_page(1500, 900)
    questions: list[str] = []  # 上报 asks first (docs/spec.md §8.4); the city says yes

    def answer(dialog) -> None:  # type: ignore[no-untyped-def]
        questions.append(dialog.message)
        dialog.accept()

    city.on("dialog", answer)
    log_in(city, "p_nanjing_fuze", PASSWORD)
    log_in(province, "p_sheng_shenhe", PASSWORD)

    # 南京 fills its row of 表9 and submits.
    city.goto(f"{base}/c/demo-2015/{NJ}/T09/")
    city.fill(f"input[name='v:{NJ}:staff']", "30")
    city.click("[data-testid=save]")
    expect(city.locator(".messages")).to_contain_text("已保存")
    city.goto(f"{base}/w/c/demo-2015/{NJ}/")
    expect(city.locator("[data-testid=wf-status]")).to_have_text("填报中")
    photo(city, "workflow-city-before-submit")
    city.click("[data-testid=wf-submit-button]")
    expect(city.locator(".messages")).to_contain_text("已上报")
    expect(city.locator("[data-testid=wf-status]")).to_have_text("已上报")
    assert questions == ["确定上报至上级吗？上报后数据不能修改，如需修改须由省审核员退回。"]
    expect(progress_status(province, base, NJ)).to_have_text("已上报")

    # The province comments on a cell and returns the submission with a reason.
    province.goto(f"{base}/c/demo-2015/{NJ}/T09/")
    expect(province.locator("[data-testid=wf-notice]")).to_contain_text("等待省审核员审核")
    province.select_option("[data-testid=wf-comment-form] select[name=cell]", f"{NJ}:staff")
    province.fill("[data-testid=wf-comment-form] input[name=text]", "总人数30人与座席数不符，请核实")
    province.click("[data-testid=wf-comment-form] button")
    expect(province.locator("[data-testid=wf-comments]")).to_contain_text("草稿，随退回发送")
    province.goto(f"{base}/w/c/demo-2015/{NJ}/")
    province.fill("[data-testid=wf-review] textarea[name=reason]", "表9人员数据需核实后重报")
    photo(province, "workflow-province-review")
    province.click("[data-testid=wf-return]")
    expect(province.locator("[data-testid=wf-status]")).to_have_text("已退回")
    expect(progress_status(province, base, NJ)).to_have_text("已退回")

    # 南京 reads the reason on its task list (已退回 alone, never beside 已完成) and the
    # comment at the cell's table, fixes it and resubmits.
    city.goto(f"{base}/")
    expect(city.locator("[data-testid=wf-task-status]")).to_have_text("已退回")
    expect(city.locator("[data-testid=wf-task-reason]")).to_have_text("退回原因：表9人员数据需核实后重报")
    expect(city.locator("[data-testid=task-status]")).to_have_count(0)
    photo(city, "workflow-city-returned-tasks")
    city.goto(f"{base}/c/demo-2015/{NJ}/")
    expect(city.locator("[data-testid=wf-overview]")).to_contain_text("退回原因：表9人员数据需核实后重报")
    city.goto(f"{base}/c/demo-2015/{NJ}/T09/")
    comments = city.locator("[data-testid=wf-comments]")
    expect(comments).to_contain_text("南京市 · 总人数")
    expect(comments).to_contain_text("总人数30人与座席数不符，请核实")
    photo(city, "workflow-city-returned-table")
    city.fill(f"input[name='v:{NJ}:staff']", "45")
    city.click("[data-testid=save]")
    expect(city.locator(".messages")).to_contain_text("已保存")
    city.goto(f"{base}/w/c/demo-2015/{NJ}/")
    expect(city.locator("[data-testid=wf-status]")).to_have_text("填报中")
    expect(progress_status(province, base, NJ)).to_have_text("填报中")
    city.goto(f"{base}/w/c/demo-2015/{NJ}/")
    city.click("[data-testid=wf-submit-button]")
    expect(city.locator("[data-testid=wf-status]")).to_have_text("已上报")

    # The province approves and locks.
    province.goto(f"{base}/w/c/demo-2015/{NJ}/")
    province.click("[data-testid=wf-approve]")
    expect(province.locator("[data-testid=wf-status]")).to_have_text("已审核")
    expect(progress_status(province, base, NJ)).to_have_text("已审核")
    province.goto(f"{base}/w/c/demo-2015/{NJ}/")
    province.click("[data-testid=wf-lock-button]")
    expect(province.locator("[data-testid=wf-status]")).to_have_text("已锁定")
    history = province.locator("[data-testid=wf-history]")
    for action in ("锁定", "审核通过", "上报", "退回", "修改数据"):
        expect(history).to_contain_text(action)
    photo(province, "workflow-locked-history")
    expect(progress_status(province, base, NJ)).to_have_text("已锁定")

    # The locked form is read-only, says why and who can unlock; a forced save is refused.
    city.goto(f"{base}/c/demo-2015/{NJ}/T09/")
    notice = city.locator("[data-testid=wf-notice]")
    expect(notice).to_contain_text("已锁定（审核通过后锁定），不能修改；可由省管理员解锁")
    expect(city.locator("[data-testid=save]")).to_have_count(0)
    expect(city.locator(f"input[name='v:{NJ}:staff']")).to_have_count(0)
    photo(city, "workflow-city-locked-table")
    token = city.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value")
    refused = city.request.post(
        f"{base}/c/demo-2015/{NJ}/T09/save",
        form={"csrfmiddlewaretoken": token or "", "base_version": "3", f"v:{NJ}:staff": "99"},
        headers={"Referer": f"{base}/c/demo-2015/{NJ}/T09/"},
    )
    assert refused.status == 400
    assert "已锁定（审核通过后锁定），不能修改；可由省管理员解锁" in refused.text()


def test_the_province_reminds_a_late_city_and_its_user_sees_the_banner(
    new_page, log_in, live_server, demo, personas, photo, worker
):
    base = live_server.url
    province = new_page(1500, 900)
    log_in(province, "p_sheng_shenhe", PASSWORD)
    province.goto(f"{base}/w/c/demo-2015/progress/")
    expect(province.locator("[data-testid=progress]")).to_contain_text("苏州市")
    photo(province, "workflow-progress")
    province.click(f"[data-testid=remind-{SZ}]")  # a background job: its page, then the result
    province.wait_for_url("**/jobs/*/")
    expect(province.locator("[data-testid=job-result]")).to_contain_text("已催报 1 个单位", timeout=60_000)
    expect(province.locator("[data-testid=job-state]")).to_have_text("已完成")
    photo(province, "reminder-job")

    city = new_page()
    log_in(city, "p_suzhou_tianbao", PASSWORD)
    banner = city.locator("[data-testid=reminders]")
    expect(banner).to_contain_text("苏州市")
    expect(banner).to_contain_text("前完成《")
    photo(city, "workflow-reminder-banner")
    banner.locator("button").click()
    expect(city.locator("[data-testid=reminders]")).to_have_count(0)


def test_the_province_sees_its_consolidation_and_what_its_submission_waits_for(
    new_page, log_in, live_server, demo, personas, photo
):
    base = live_server.url
    page = new_page(1400, 900)
    log_in(page, "p_sheng_shenhe", PASSWORD)
    page.goto(f"{base}/c/demo-2015/320000/")
    lines = page.locator("[data-testid=wf-consolidation]")
    expect(lines).to_contain_text("表9 12333电话咨询服务情况表：汇总 14 个单位")
    photo(page, "workflow-province-overview")
    page.goto(f"{base}/c/demo-2015/320000/T05/")
    expect(page.locator("[data-testid=wf-consolidation]")).to_contain_text("汇总 13 个单位")
    page.goto(f"{base}/w/c/demo-2015/320000/")
    blockers = page.locator("[data-testid=wf-blockers]")
    expect(blockers).to_contain_text("以下地市尚未审核通过")
    expect(blockers).to_contain_text("须上传加盖公章的表1扫描件")
    expect(page.locator("[data-testid=wf-submit-button]")).to_be_disabled()  # not clickable under them
    photo(page, "workflow-province-submission")
