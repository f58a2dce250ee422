"""Query counts of the heavy pages as 省管理员, pinned exactly and flat in the number of cities.

Each pin is the page's whole request (the session read and its save, the signed-in user, the
top bar), counted on a warm process (the page opened once first: the definition caches and
the organisation tree are per process, read again only when they change). The same numbers
hold with the demo's 13 cities and with 27 more (``more_cities``): a query per city would
show at once. A feature that needs one more query raises its pin on purpose.

Every page pays 8: the session, the user, its roles, the org tree's freshness, the top bar's
organisation and roles and its count of unread notifications, and the reminder banner. (The
session is saved — an update inside a savepoint, 3 more — only when its idle time is renewed,
at most once a minute: the counted request, right after the warm one, does not.) Then, per page:

- 报送进度 (12): the campaign, the survey's list rows, values and 说明, the cities, what each
  organisation filled (one aggregate), the submissions, the last edit and the last reminder
  per organisation (two aggregates), the deadline extensions; for the data-quality findings
  (docs/spec.md §13) the base figures and the baseline campaign's data stamp (its values are
  read once per process while the stamp stays).
- the evaluation's home (21): the campaign, its evaluation (settings and linked survey), the
  cities (for the rows and again for scoring, and those the user may unlock, through
  restrict), self-scores and reviews per city (two
  aggregates), the submissions (their dates, the drafts hidden from experts, and the cities
  scoring ranks: 未自评 is not ranked), reported
  metrics, the survey's tree check, list rows, values and 说明, self-scores, expert scores, and
  both campaigns' base figures, and the experts' names in full where the viewer may see them
  (docs/spec.md §9.6: their roles and their names, two).
- the results (16): as the home, without the per-city counts, the submission dates and the
  second read of the cities.
- the province's overview (10): the campaign, the organisation, the survey's list rows, values
  and 说明 (read once for the rows and the 汇总 lines), the form's workflow state and submission,
  its deadline extension, and for the data-quality findings the base figures and the baseline's
  data stamp.
- 我的任务 (9): the campaigns, the survey's list rows, values and 说明, what the province filled
  (one aggregate), its deadline extension, its submission, and for the data-quality findings
  the base figures and the baseline's data stamp.
"""

from __future__ import annotations

from more_cities import add_cities
from tests.conftest import count_queries

from kaoping.collection.models import Campaign
from kaoping.orgs.models import User

PINS = {
    "/w/c/demo-2015/progress/": 20,  # 报送进度
    "/evaluations/demo-eval-2015/": 29,  # the evaluation's home
    "/evaluations/demo-eval-2015/results/": 24,  # 考评结果
    "/c/demo-2015/320000/": 18,  # the province's overview
    "/": 18,  # 我的任务 (one more per task: is the unit's form open to edits, for the 填报 button)
}


# 省审核员's workbench (docs/spec.md §13.4), 10 beyond the 8: the campaign, the units'
# submissions, the table versions and the base figures of the campaign and its baseline (the
# rules run again only when they changed: warm, they do not), the 说明 with their authors, the
# verdicts, the last change per row (one aggregate), the reviewer's mark, the follow-up flags,
# the approvals (one aggregate; the changes after them are one more query once a unit has been
# approved).
REVIEWER_PINS = {"/w/c/demo-2015/workbench/": 18}


def test_heavy_pages_take_the_same_queries_with_13_and_with_40_cities(
    demo, client_for, django_assert_num_queries, monkeypatch, settings, tmp_path
):
    settings.EVIDENCE_DIR = tmp_path  # the extra cities' evidence
    assert len(Campaign.objects.get(pk="demo-2015").members) == 13
    client = client_for(User.objects.get(username="sheng_admin"))
    reviewer = client_for(User.objects.get(username="sheng_shenhe"))
    count_queries(client, PINS, django_assert_num_queries)
    count_queries(reviewer, REVIEWER_PINS, django_assert_num_queries)
    added = add_cities(monkeypatch)
    assert len(added) == 27
    count_queries(client, PINS, django_assert_num_queries)
    count_queries(reviewer, REVIEWER_PINS, django_assert_num_queries)
    assert "南京市27号" in reviewer.get("/w/c/demo-2015/workbench/").content.decode()
    # the pages did list the 40 cities
    progress = client.get("/w/c/demo-2015/progress/").content.decode()
    results = client.get("/evaluations/demo-eval-2015/results/").content.decode()
    home = client.get("/evaluations/demo-eval-2015/").content.decode()
    for name in ("南京市", "宿迁市", "南京市1号", "宿迁市13号", "南京市14号", "无锡市15号", "南京市27号"):
        assert name in progress and name in results and name in home, name
