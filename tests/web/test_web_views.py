"""The pages through the test client, with the personas of tests/conftest.py.

南京 填报员 fills 南京's rows; 苏州 填报员 is the outsider for 南京's data; 省管理员 fills the
provincial rows and reads every city's.
"""

from __future__ import annotations

from datetime import date

import pytest
from htmlgrid import read_grid

from kaoping.collection.models import AuditEntry, Value
from kaoping.collection.services import add_list_row, remove_list_row, save_table, table_version

NANJING, SUZHOU, PROVINCE = "320100", "320500", "320000"


def url(campaign, org=NANJING, table=None, tail=""):
    base = f"/c/{campaign.pk}/{org}/"
    return base + (f"{table}/" if table else "") + tail


@pytest.fixture
def nanjing(client_for, nanjing_reporter):
    return client_for(nanjing_reporter)


def test_anonymous_users_are_sent_to_the_login_page(client_for, campaign):
    response = client_for(None).get(url(campaign, table="T09"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_login_page_speaks_chinese_first(client_for, db):
    html = client_for(None).get("/accounts/login/").content.decode()
    assert "登录" in html and "用户名" in html and "密码" in html


def test_the_language_switch_gives_english(client_for, nanjing_reporter, campaign):
    client = client_for(nanjing_reporter)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert "My tasks" in html and "我的任务" not in html


def test_task_list_shows_the_campaign_window_status_and_an_open_fill_button(nanjing, campaign):
    html = nanjing.get("/").content.decode()
    assert campaign.title in html
    assert "2015-07-01" in html and "2099-12-31" in html
    assert "未填报" in html  # nothing saved yet
    assert f'href="{url(campaign)}"' in html
    assert 'aria-disabled="true"' not in html


def test_fill_button_is_closed_outside_the_window(nanjing, campaign):
    campaign.closes, campaign.lock_at_deadline = date(2015, 12, 31), True  # entry locks at the deadline
    campaign.save()
    html = nanjing.get("/").content.decode()
    assert 'aria-disabled="true"' in html


def test_city_overview_lists_only_the_tables_holding_its_rows(nanjing, campaign):
    html = nanjing.get(url(campaign)).content.decode()
    for table in ("T03", "T05", "T09", "T10", "T11", "T13"):
        assert f"/{NANJING}/{table}/" in html
    for table in ("T01", "T02", "T04", "T14"):  # filled by the province alone
        assert f"/{NANJING}/{table}/" not in html


def test_province_overview_lists_all_14_tables(client_for, province_admin, campaign):
    html = client_for(province_admin).get(url(campaign, PROVINCE)).content.decode()
    assert all(f"/{PROVINCE}/T{n:02d}/" in html for n in range(1, 15))


def test_city_table_page_shows_its_own_row_editable_and_no_other_city(nanjing, campaign):
    html = nanjing.get(url(campaign, table="T09")).content.decode()
    assert read_grid(html).rows == [NANJING]
    assert f'name="v:{NANJING}:calls"' in html
    assert "苏州" not in html


def test_province_page_shows_city_rows_read_only_and_its_own_row_editable(
    client_for, province_admin, campaign
):
    html = client_for(province_admin).get(url(campaign, PROVINCE, "T09")).content.decode()
    rows = read_grid(html).rows
    assert rows[0] == "province" and NANJING in rows and SUZHOU in rows and rows[-1] == "total"
    assert 'name="v:province:calls"' in html
    assert f'name="v:{NANJING}:calls"' not in html


SESSION_AND_LOGIN = ("django_session", "orgs_user", "ops_", "SAVEPOINT")


def queries(client, path: str) -> int:
    """The page's own queries: not the session, the logged-in user or the login middleware."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return sum(1 for q in captured.captured_queries if not any(t in q["sql"] for t in SESSION_AND_LOGIN))


# 10 queries whatever the table's size: campaign, organisation, the user's roles, the org tree's
# freshness check (the tree is kept per process and read again only after it changed; it also
# gives the instance's orgs), list rows, values, explanations, table version; the top bar's org
# and roles. A feature that needs more raises this on purpose; an N+1 shows up at once.
# The workflow adds 5: the edit guard, the submission, its comments, the reminder banner and the
# top bar's count of unread notifications.
PAGE_QUERIES = 15


def test_table_page_query_count_is_pinned(nanjing, campaign):
    save_table(nanjing_user(campaign), campaign, NANJING, "T09", {(NANJING, "calls"): "100"}, 0)
    assert queries(nanjing, url(campaign, table="T09")) == PAGE_QUERIES


def test_the_org_tree_is_read_again_only_after_it_changed(client_for, province_admin, campaign):
    from kaoping.orgs.access import org_tree
    from kaoping.orgs.models import Organisation

    client = client_for(province_admin)
    org_tree()  # as any earlier request of the process would have
    assert queries(client, url(campaign, PROVINCE, "T09")) == PAGE_QUERIES
    nanjing = Organisation.objects.get(code=NANJING)
    nanjing.name = "南京市（新）"
    nanjing.save()
    # the freshness check sees the change: the tree is read once more, then kept again
    assert queries(client, url(campaign, PROVINCE, "T09")) == PAGE_QUERIES + 1
    assert "南京市（新）" in client.get(url(campaign, PROVINCE, "T09")).content.decode()
    assert queries(client, url(campaign, PROVINCE, "T09")) == PAGE_QUERIES


def test_query_count_does_not_grow_with_rows(
    client_for, province_admin, campaign, django_assert_max_num_queries
):
    from kaoping.orgs.access import org_tree

    client = client_for(province_admin)
    org_tree()  # warm, as the process is after its first request (the fixtures synced the tree)
    assert queries(client, url(campaign, PROVINCE, "T04")) == PAGE_QUERIES  # 43 fixed rows
    assert queries(client, url(campaign, PROVINCE, "T13")) == PAGE_QUERIES  # 13 cities, 省本级, 合计
    with django_assert_max_num_queries(PAGE_QUERIES + 8):  # + session, user, login middleware
        client.get(url(campaign, PROVINCE, "T10"))


def nanjing_user(campaign):
    from kaoping.orgs.models import User

    return User.objects.get(username="p_nanjing_tianbao")


def test_saving_stores_values_and_the_history_shows_them(nanjing, campaign):
    form = {"base_version": "0", f"v:{NANJING}:opened": "true", f"v:{NANJING}:calls": "263851"}
    response = nanjing.post(url(campaign, table="T09", tail="save"), form)
    assert response.status_code == 302
    stored = dict(Value.objects.filter(campaign=campaign, row=NANJING).values_list("column", "text"))
    assert stored == {"opened": "true", "calls": "263851"}
    assert table_version(campaign, NANJING, "T09") == 1
    history = nanjing.get(url(campaign, table="T09", tail="history") + f"?row={NANJING}&column=calls")
    html = history.content.decode()
    assert "263851" in html and "南京填报员（南京市 市填报员）" in html and "页面" in html
    assert "是否开通12333咨询服务电话" not in html.split("<tbody>")[1]  # one cell only


def test_bad_input_is_kept_and_shown_with_its_error(nanjing, campaign):
    form = {"base_version": "0", f"v:{NANJING}:calls": "很多"}
    nanjing.post(url(campaign, table="T09", tail="save"), form)
    html = nanjing.get(url(campaign, table="T09")).content.decode()
    assert 'value="很多"' in html
    assert "V-TYPE" in html


def test_a_stale_save_shows_the_conflict_view_and_saves_nothing(
    nanjing, client_for, nanjing_leader, campaign
):
    leader = client_for(nanjing_leader)
    leader.post(url(campaign, table="T09", tail="save"), {"base_version": "0", f"v:{NANJING}:calls": "500"})
    mine = {"base_version": "0", f"v:{NANJING}:calls": "263851"}
    response = nanjing.post(url(campaign, table="T09", tail="save"), mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "来电总量（个）" in html and "500" in html and "263851" in html
    # a colleague's name masked: only the person and the unit's account administrators see it
    assert "南***人（南京市 市负责人）" in html
    assert Value.objects.get(campaign=campaign, row=NANJING, column="calls").text == "500"
    # the conflict view carries the user's values onto the current version
    assert 'name="base_version" value="1"' in html
    assert f'name="v:{NANJING}:calls" value="263851"' in html
    again = nanjing.post(
        url(campaign, table="T09", tail="save"), {"base_version": "1", f"v:{NANJING}:calls": "263851"}
    )
    assert again.status_code == 302
    assert Value.objects.get(campaign=campaign, row=NANJING, column="calls").text == "263851"


def test_a_list_row_removed_meanwhile_is_named_in_the_conflict_view(nanjing, nanjing_leader, campaign):
    leader = nanjing_leader
    gone = add_list_row(leader, campaign, NANJING, "T07", "systems").key
    kept = add_list_row(leader, campaign, NANJING, "T07", "systems").key
    names = {(gone, "name"): "南京市就业信息系统", (kept, "name"): "南京市社保信息系统"}
    save_table(leader, campaign, NANJING, "T07", names, table_version(campaign, NANJING, "T07"))
    opened = table_version(campaign, NANJING, "T07")
    remove_list_row(leader, campaign, NANJING, "T07", gone)  # the leader removes one meanwhile
    mine = {"base_version": str(opened), f"v:{kept}:progress": "true"}
    response = nanjing.post(url(campaign, table="T07", tail="save"), mine)
    assert response.status_code == 409
    html = response.content.decode()
    assert "<td>南京市就业信息系统</td>" in html and f"<td>{gone}</td>" not in html


def test_check_answers_with_the_message_at_the_cell_without_saving(nanjing, campaign):
    form = {
        "base_version": "0",
        f"v:{NANJING}:opened": "true",
        f"v:{NANJING}:calls": "263851",
        f"v:{NANJING}:answered": "85582",
        f"v:{NANJING}:voice": "154917",
        f"v:{NANJING}:abandoned": "20000",  # 85582 + 154917 + 20000 = 260499 ≠ 263851
    }
    html = nanjing.post(
        url(campaign, table="T09", tail="check"), form, HTTP_HX_REQUEST="true"
    ).content.decode()
    cell = html.split(f'id="m__{NANJING}__calls"')[1].split("</div></div>")[0]
    assert "V09-BAL" in cell and "260499" in cell and "263851" in cell
    assert 'id="summary" class="panel summary" data-testid="summary" hx-swap-oob="true"' in html
    assert not Value.objects.filter(campaign=campaign).exists()
    # the same numbers balanced: no message
    form[f"v:{NANJING}:abandoned"] = "23352"
    html = nanjing.post(url(campaign, table="T09", tail="check"), form).content.decode()
    assert "V09-BAL" not in html


def test_a_warning_is_answered_with_an_explanation(nanjing, campaign):
    values = {
        "opened": "true",
        "calls": "263851",
        "answered": "85582",
        "voice": "154917",
        "abandoned": "20000",
    }
    save_table(
        nanjing_user(campaign), campaign, NANJING, "T09", {(NANJING, k): v for k, v in values.items()}, 0
    )
    html = nanjing.get(url(campaign, table="T09")).content.decode()
    assert 'name="rule" value="V09-BAL"' in html
    explain = {"rule": "V09-BAL", "row": NANJING, "column": "calls", "text": "含转接省平台的来电"}
    response = nanjing.post(url(campaign, table="T09", tail="explain"), explain, HTTP_HX_REQUEST="true")
    assert "已说明" in response.content.decode() and "含转接省平台的来电" in response.content.decode()


def test_list_rows_are_added_and_removed_for_the_citys_own_block(nanjing, campaign):
    response = nanjing.post(
        url(campaign, table="T07", tail="rows/add"), {"base_version": "0", "section": "systems"}
    )
    assert response.status_code == 302
    html = nanjing.get(url(campaign, table="T07")).content.decode()
    rows = read_grid(html, "grid-systems").rows
    assert len(rows) == 1
    assert "南京市" in html  # the block is headed by the city
    version = table_version(campaign, NANJING, "T07")
    response = nanjing.post(
        url(campaign, table="T07", tail="rows/remove"), {"base_version": str(version), "row": rows[0]}
    )
    assert response.status_code == 302
    assert read_grid(nanjing.get(url(campaign, table="T07")).content.decode(), "grid-systems").rows == []
    assert AuditEntry.objects.filter(campaign=campaign, table="T07", column="").count() == 2


def test_history_of_a_table_lists_who_when_old_new_and_channel(nanjing, campaign):
    user = nanjing_user(campaign)
    save_table(user, campaign, NANJING, "T09", {(NANJING, "seats"): "12"}, 0)
    save_table(user, campaign, NANJING, "T09", {(NANJING, "seats"): "14"}, 1, channel="api")
    html = nanjing.get(url(campaign, table="T09", tail="history")).content.decode()
    body = html.split("<tbody>")[1]
    assert body.index("14") < body.index("接口") < body.index("页面")  # newest first
    assert "座席数" in body and "南京市" in body


def test_history_names_the_person_with_unit_and_role_and_the_command_line_plainly(nanjing, campaign):
    from kaoping.orgs.actors import CliActor

    save_table(nanjing_user(campaign), campaign, NANJING, "T09", {(NANJING, "seats"): "12"}, 0)
    save_table(
        CliActor(username="cli:root"), campaign, NANJING, "T09", {(NANJING, "seats"): "14"}, 1, channel="cli"
    )
    body = nanjing.get(url(campaign, table="T09", tail="history")).content.decode().split("<tbody>")[1]
    assert "南京填报员（南京市 市填报员）" in body
    assert "服务器命令行（操作系统用户 root）" in body
    assert "p_nanjing_tianbao" not in body and "cli:root" not in body


def test_outside_the_window_the_page_says_why_and_a_save_is_refused_keeping_the_input(nanjing, campaign):
    campaign.closes, campaign.lock_at_deadline = date(2015, 12, 31), True  # entry locks at the deadline
    campaign.save()
    html = nanjing.get(url(campaign, table="T09")).content.decode()
    assert 'data-testid="readonly"' in html and "不在填报期" in html and "2015-12-31" in html
    assert f'name="v:{NANJING}:calls"' not in html  # nothing to type into
    response = nanjing.post(
        url(campaign, table="T09", tail="save"), {"base_version": "0", f"v:{NANJING}:calls": "7"}
    )
    assert response.status_code == 400
    assert "不在填报期内" in response.content.decode()
    assert not Value.objects.filter(campaign=campaign).exists()


def test_a_reviewer_reads_but_is_told_the_role_cannot_fill(client_for, province_reviewer, campaign):
    html = client_for(province_reviewer).get(url(campaign, PROVINCE, "T09")).content.decode()
    assert "不能填报" in html
    assert 'name="v:province:calls"' not in html


def test_codes_show_their_letters_and_meanings_and_a_spec_box_for_qing_shuo_ming(nanjing, campaign):
    save_table(nanjing_user(campaign), campaign, NANJING, "T03", {(NANJING, "primary_operator"): "f"}, 0)
    html = nanjing.get(url(campaign, table="T03")).content.decode()
    assert "a. 移动" in html and "f. 其他（请说明）" in html
    assert '<option value="f" selected>' in html
    assert 'name="v:320100:other_note"' in html  # the explanation field of 其他（请说明）


def test_several_codes_are_posted_as_checkboxes_and_saved_in_list_order(nanjing, campaign):
    form = {"base_version": "0", f"v:{NANJING}:functions": ["", "c", "a"]}
    assert nanjing.post(url(campaign, table="T10", tail="save"), form).status_code == 302
    assert Value.objects.get(campaign=campaign, row=NANJING, column="functions").text == "a,c"
    html = nanjing.get(url(campaign, table="T10")).content.decode()
    assert f'name="v:{NANJING}:functions" value="a" data-code checked' in html
    assert f'name="v:{NANJING}:functions" value="b" data-code>' in html


def test_the_explanation_box_of_a_single_code_column_sits_in_its_cell_and_opens_for_qing_shuo_ming(
    nanjing, campaign
):
    cell = 'data-col="functions" data-orig='

    def functions_cell():
        html = nanjing.get(url(campaign, table="T10")).content.decode()
        return html.split(cell)[1].split("</td>")[0]

    assert 'data-spec-codes="g"' in functions_cell()
    assert '<div class="spec" hidden>' in functions_cell()  # nothing needing 请说明 chosen yet
    save_table(nanjing_user(campaign), campaign, NANJING, "T10", {(NANJING, "functions"): "a,g"}, 0)
    inside = functions_cell()
    assert '<div class="spec">' in inside and f'name="v:{NANJING}:functions_note"' in inside


def test_a_submitted_form_says_in_the_save_bar_why_it_is_closed(demo, client_for, nanjing_leader):
    from kaoping.workflow import services

    services.submit(nanjing_leader, demo.campaign, NANJING)  # 南京 is clean in the demo
    html = client_for(nanjing_leader).get(url(demo.campaign, table="T09")).content.decode()
    assert 'data-testid="save"' not in html
    readonly = html.split('data-testid="readonly">')[1].split("</span>")[0]
    assert "上报" in readonly  # the workflow's reason, not an empty "只读："


def test_password_change_uses_the_platforms_pages_not_the_admins(nanjing):
    html = nanjing.get("/accounts/password_change/").content.decode()
    assert "kaoping/css/kaoping.css" in html and "修改密码" in html
    assert "Django" not in html


def test_a_citys_row_keeps_its_number_of_the_full_table(client_for, suzhou_reporter, campaign):
    # 表13 lists the 13 cities first: 苏州 is the fifth, on its own page as on the province's
    html = client_for(suzhou_reporter).get(url(campaign, SUZHOU, "T13")).content.decode()
    assert '<td class="no">5</td>' in html
