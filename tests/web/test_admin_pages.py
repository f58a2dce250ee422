"""The administrative pages look and read like the rest (issue 12): each shows breadcrumbs
back to 我的任务 (or 考评), a help text in Chinese, and the API 令牌 page is reachable from
the top bar of every page."""

from __future__ import annotations

import re
from datetime import date

import pytest
from tests.conftest import PROVINCE

from kaoping.evaluation.campaigns import EvaluationSpec, open_evaluation


def text_of(html: str, testid: str) -> list[str]:
    match = re.search(rf'<div class="crumbs" data-testid="{testid}">(.*?)</div>', html, re.S)
    assert match, f"no {testid}"
    return re.sub(r"<[^>]+>|\s+", " ", match[1]).split()


@pytest.mark.parametrize(
    ("path", "crumbs", "hint"),
    [
        ("/campaigns/new/", ["我的任务", "›", "开启任务"], "固定副本"),
        ("/campaigns/test-2015/base-figures/", ["我的任务", "›", "{title}", "›", "测算基数"], "持卡人数目标"),
        ("/accounts/tokens/", ["我的任务", "›", "个人", "API", "令牌"], "Authorization: Bearer"),
        ("/ops/accounts/", ["我的任务", "›", "账号管理"], "一次性密码只显示一次"),
        ("/ops/accounts/import/", ["我的任务", "›", "账号管理", "›", "批量导入账号"], "组织代码"),
        ("/ops/logins/", ["我的任务", "›", "账号管理", "›", "登录日志"], "锁定 15 分钟"),
        ("/evaluations/new/", ["考评", "›", "开启考评"], "考评标准"),
    ],
)
def test_each_admin_page_has_crumbs_help_and_the_tokens_link(
    campaign, personas, client_for, path, crumbs, hint
):
    response = client_for(personas.province_admin).get(path)
    html = response.content.decode()
    assert response.status_code == 200
    expected = [w for part in crumbs for w in part.format(title=campaign.title).split()]
    assert text_of(html, "crumbs") == expected
    title = re.search(r"<title>(.*?)</title>", html, re.S)
    assert title and "<" not in title[1] and "人社信息化考评与规划评估平台" in title[1]
    assert re.search(r'<p class="hint">[^<]*' + re.escape(hint), html)
    assert re.search(r'<a href="/accounts/tokens/" data-testid="tokens-link">API 令牌</a>', html)


def test_the_settings_page_has_crumbs_to_its_evaluation(campaign, personas, client_for):
    spec = EvaluationSpec("eval-crumbs", PROVINCE, campaign.pk, date(2015, 9, 1), date(2099, 1, 1))
    evaluation = open_evaluation(personas.province_admin, spec)
    html = client_for(personas.province_admin).get("/evaluations/eval-crumbs/settings/").content.decode()
    assert text_of(html, "crumbs") == ["考评", "›", *evaluation.title.split(), "›", "目标与评审专家"]
    assert "结果发布前均可修改" in html


def test_a_city_reporter_reaches_the_tokens_page_from_the_top_bar(personas, client_for):
    client = client_for(personas.nanjing_reporter)
    html = client.get("/").content.decode()
    assert 'data-testid="tokens-link"' in html
    assert "个人 API 令牌" in client.get("/accounts/tokens/").content.decode()
