"""The demo built once per run (tests/demo_once.py): every test gets it fresh and whole.

The second test runs after the first (file order) and finds what the first deleted back;
``test_demo.py::test_running_the_demo_twice_changes_nothing`` shows the copy is the whole
demo (building it again on the copy changes nothing).
"""

from __future__ import annotations

from kaoping.collection.models import AuditEntry, Campaign, Value
from kaoping.orgs.models import Organisation, User
from kaoping.orgs.sync import sync_report


def test_a_test_may_spoil_the_demo(demo):
    assert Value.objects.filter(campaign=demo.campaign).count() == 436
    Value.objects.all().delete()
    AuditEntry.objects.all().delete()
    demo.campaign.title = "改过的标题"
    demo.campaign.save()


def test_the_next_test_gets_it_fresh(demo):
    assert Value.objects.filter(campaign=demo.campaign).count() == 436
    assert AuditEntry.objects.filter(campaign=demo.campaign).count() == 439
    assert Campaign.objects.get(pk="demo-2015").title == "2015 规划中期评估：规划重点任务实施情况调查"
    assert demo.campaign.title == "2015 规划中期评估：规划重点任务实施情况调查"


def test_a_test_without_the_demo_starts_from_an_empty_database(db):
    assert not Campaign.objects.exists()
    assert not Organisation.objects.exists()
    assert not User.objects.exists()


def test_the_organisation_tree_is_what_a_sync_writes(org_tree):
    tree, report = sync_report()
    assert report.unchanged and not report.added
    assert {o.code: o for o in org_tree} == {o.code: o for o in tree}
    assert not Campaign.objects.exists()  # the tree alone, not the demo


def test_the_demo_comes_first_whatever_order_the_fixtures_are_named_in(personas, demo):
    # the personas are created after the demo's rows went in with the keys they were built with
    demo_users = User.objects.exclude(username__startswith="p_")
    assert max(u.pk for u in demo_users) < min(u.pk for u in personas.all().values())
    assert demo_users.count() == len(demo.logins) == 32
