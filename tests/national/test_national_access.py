"""Who sees what of a national campaign (docs/spec.md §11.8, §2.6), through the one access
path: 部审核员 reads every province and writes nothing; a province's people see their own
province's campaign and nothing of another's — not even its name."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied

from kaoping.collection.services import save_table
from kaoping.workflow import reminders, services

from .conftest import JS, JS_CAMPAIGN, NATIONAL, ZJ, ZJ_CAMPAIGN

NJ = "320100"


def test_the_ministry_reviewer_reads_every_province_and_writes_none(jiangsu, ministry_reviewer, client_for):
    client = client_for(ministry_reviewer)
    progress = client.get(f"/w/c/{NATIONAL}/progress/").content.decode()
    assert all(name in progress for name in ("江苏省", "浙江省", "安徽省"))
    for campaign, org in ((JS_CAMPAIGN, JS), (ZJ_CAMPAIGN, ZJ), (JS_CAMPAIGN, NJ)):
        assert client.get(f"/c/{campaign}/{org}/").status_code == 200
        assert client.get(f"/c/{campaign}/{org}/T09/").status_code == 200
        assert client.get(f"/w/c/{campaign}/progress/").status_code == 200
    # a province's data is in its own campaign, not under the national one's address
    assert client.get(f"/c/{NATIONAL}/{JS}/T09/").status_code == 404
    assert client.post(f"/w/c/{NATIONAL}/{ZJ}/remind").status_code == 404
    with pytest.raises(PermissionDenied, match="无权填报"):
        save_table(ministry_reviewer, jiangsu, JS, "T09", {("province", "staff"): "1"}, 1)
    saved = client.post(f"/c/{JS_CAMPAIGN}/{JS}/T09/save", {"base_version": "1", "v:province:staff": "1"})
    assert saved.status_code == 403
    with pytest.raises(PermissionDenied, match="无权上报"):
        services.submit(ministry_reviewer, jiangsu, JS)
    with pytest.raises(PermissionDenied, match="无权审核"):
        services.approve(ministry_reviewer, jiangsu, NJ)  # a city is its province's to review
    body = {"id": "x-2016", "definition": "survey-2015@1", "org": "000000"}
    body |= {"opens": "2016-07-01", "closes": "2016-09-30"}
    opened = client.post("/api/campaigns", data=json.dumps(body), content_type="application/json")
    assert opened.status_code == 403


@pytest.mark.parametrize(
    ("user", "own", "other", "other_name"),
    [
        ("province_admin", JS_CAMPAIGN, ZJ_CAMPAIGN, "浙江"),
        ("zhejiang_admin", ZJ_CAMPAIGN, JS_CAMPAIGN, "江苏"),
    ],
)
def test_a_province_sees_nothing_of_another_province(
    national, request, client_for, user, own, other, other_name
):
    client = client_for(request.getfixturevalue(user))
    other_org = other.rsplit("-", 1)[1]
    own_org = own.rsplit("-", 1)[1]
    assert client.get(f"/c/{own}/{own_org}/").status_code == 200
    for path in (
        f"/c/{other}/{other_org}/",
        f"/c/{other}/{other_org}/T09/",
        f"/w/c/{other}/{other_org}/",
        f"/w/c/{other}/progress/",
        f"/w/c/{NATIONAL}/progress/",  # the provinces' progress is the ministry's
        f"/c/{NATIONAL}/{other_org}/",
    ):
        response = client.get(path)
        assert response.status_code in (403, 404), path
        assert other_name not in response.content.decode(), path
        assert "安徽" not in response.content.decode(), path
    listed = {c["id"] for c in client.get("/api/campaigns").json()}
    assert own in listed and other not in listed
    assert client.get(f"/api/campaigns/{other}").status_code == 404
    tasks = client.get("/").content.decode()
    assert own in tasks and other not in tasks and other_name not in tasks
    assert f"/w/c/{NATIONAL}/progress/" not in tasks  # the national task is the ministry's
    with pytest.raises(PermissionDenied):
        reminders.remind(request.getfixturevalue(user), national.children.get(pk=other), other_org)


def test_a_province_reviewer_cannot_review_another_province_or_itself(
    jiangsu, province_reviewer, zhejiang_admin
):
    from .test_national_workflow import submit_jiangsu

    submit_jiangsu(jiangsu, province_reviewer)
    with pytest.raises(PermissionDenied, match="部审核员"):
        services.approve(province_reviewer, jiangsu, JS)
    with pytest.raises(PermissionDenied, match="不属于本单位"):
        services.return_submission(zhejiang_admin, jiangsu, JS, "不行")
