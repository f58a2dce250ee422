"""The national demo (issue 13 item 7, docs/spec.md §9 and §11): generated data for every
provincial unit that is deterministic, plausible (magnitudes, no two rows alike), passes the
survey's rules, and a workflow with provinces submitted, approved, returned and late.

The generator is pure: its checks run over all 31 generated provinces without a database. The
database test builds a reduced national demo (six provinces, one in each state) on the demo."""

from __future__ import annotations

import io
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from kaoping.cli import main
from kaoping.collection.cells import CellIndex
from kaoping.collection.models import Campaign, Explanation, Value
from kaoping.collection.national import national_children
from kaoping.collection.services import findings_by_org
from kaoping.core import values as coltypes
from kaoping.core.definitions.loader import load_survey
from kaoping.core.definitions.model import Severity, Survey
from kaoping.core.instance import ListRow, SurveyData
from kaoping.core.orgs import OrgTree, load_tree
from kaoping.core.rules import engine
from kaoping.demo.build import demo_password_hash
from kaoping.demo.national import states
from kaoping.demo.national.build import NATIONAL_DEMO, NationalResult, build_national_demo
from kaoping.demo.national.generate import ProvinceData, generate_province
from kaoping.demo.national.logins import national_summary
from kaoping.demo.national.magnitudes import PROVINCES, WEST
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.models import User
from kaoping.workflow.models import (
    APPROVED,
    IN_PROGRESS,
    LOCKED,
    RETURNED,
    SUBMITTED,
    CellComment,
    Reminder,
    Submission,
)
from kaoping.workflow.services import submit_check

SEED = 2015
JIANGSU = "320000"
NUMERIC = {  # city tables whose rows are counts and amounts, with the column every such row has
    "T05": "holders", "T09": "staff", "T10": "deployed", "T11": "systems", "T13": "funds",
}  # fmt: skip


@pytest.fixture(scope="module")
def tree() -> OrgTree:
    return load_tree(Path(settings.DEFINITIONS_DIR) / "orgs")


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(Path(settings.DEFINITIONS_DIR) / "survey-2015" / "v1")


@pytest.fixture(scope="module")
def generated(tree: OrgTree) -> dict[str, ProvinceData]:
    """Every province the full demo generates (Jiangsu is the Jiangsu demo's, 西藏 has not started)."""
    skipped = {JIANGSU, states.NOT_STARTED_PROVINCE}
    return {
        code: generate_province(SEED, tree.get(code), tree.cities(code))
        for code in PROVINCES
        if code not in skipped
    }


def cells(data: ProvinceData) -> dict[tuple[str, str, str], str]:
    return {(c.table, c.row, c.column): c.text for c in data.cells}


def test_the_same_seed_gives_the_same_values_and_another_seed_others(tree, generated):
    henan = tree.get("410000")
    again = generate_province(SEED, henan, tree.cities("410000"))
    assert cells(again) == cells(generated["410000"])
    assert again.list_rows == generated["410000"].list_rows
    other = cells(generate_province(SEED + 1, henan, tree.cities("410000")))
    assert other.keys() & cells(again).keys()
    assert sum(other[k] != v for k, v in cells(again).items() if k in other) > 100


def test_no_two_cities_or_provinces_have_the_same_row(generated):
    for table, column in NUMERIC.items():
        rows = Counter()
        for data in generated.values():
            by_row: dict[str, list[tuple[str, str]]] = {}
            for c in data.cells:
                if c.table == table:
                    by_row.setdefault(c.row, []).append((c.column, c.text))
            rows.update(tuple(sorted(row)) for row in by_row.values() if column in dict(row))
        repeated = [row for row, n in rows.items() if n > 1]
        assert not repeated, f"{table}: {repeated[:2]}"
    populations = Counter(cells(d)[("T14", "population", "qty")] for d in generated.values())
    assert max(populations.values()) == 1
    t14 = Counter(
        tuple(sorted((k, v) for k, v in cells(d).items() if k[0] == "T14")) for d in generated.values()
    )
    assert max(t14.values()) == 1


def test_card_holders_are_about_65_percent_of_residents_and_lower_in_the_west(generated):
    holders = {
        code: sum(Decimal(c.text) for c in d.cells if c.column == "holders") for code, d in generated.items()
    }
    people = {code: d.province.unit.population for code, d in generated.items()}
    for code, held in holders.items():
        assert Decimal("0.30") < held / people[code] < Decimal("0.90"), code
        assert people[code] == PROVINCES[code].population  # the cities add up to the province
    west = [code for code in holders if PROVINCES[code].region == WEST]
    assert sum(1 for code in west if holders[code] / people[code] < Decimal("0.5")) >= 3
    share = sum(holders.values()) / sum(people.values())
    assert Decimal("0.60") < share < Decimal("0.70")
    calls = {
        code: sum(int(c.text) for c in d.cells if c.table == "T09" and c.column == "calls")
        for code, d in generated.items()
    }
    per_wan = {code: calls[code] / people[code] for code in calls}
    assert all(150 < n < 1500 for n in per_wan.values()), per_wan  # 12333 calls per 万 residents, half a year


def test_no_hard_error_and_every_warning_explained(tree, survey, generated):
    for code, data in generated.items():
        found = engine.validate(survey, survey_data(tree, survey, data))
        assert not [f for f in found if f.severity is Severity.ERROR], code
        assert all(f.explained for f in found), code
    notes = [e for d in generated.values() for e in d.explanations]
    assert 5 <= len(notes) <= 60  # a few warnings with their 说明, as in a real survey


def survey_data(tree: OrgTree, survey: Survey, data: ProvinceData) -> SurveyData:
    province = tree.get(data.province.code)
    out = SurveyData(province=province, cities=tree.cities(province.code))
    out.list_rows = [ListRow(r.key, r.table, r.section, r.owner, r.position) for r in data.list_rows]
    index = CellIndex(survey, out)
    for c in data.cells:
        column = index.column(c.table, c.row, c.column)
        assert column is not None, c
        out.values[(c.table, c.row, c.column)] = coltypes.parse(column, c.text)
    out.explanations = {(e.rule, e.table, e.row, e.column): e.text for e in data.explanations}
    return out


REDUCED = ["110000", JIANGSU, "410000", "460000", "540000", "630000"]


def test_a_reduced_national_demo_has_every_state_and_passes_its_rules(demo, tree, capsys):
    out = io.StringIO()
    call_command("demo", "--national", "--provinces", ",".join(REDUCED), "--format", "json", stdout=out)
    printed = json.loads(out.getvalue())
    assert printed["national"]["id"] == NATIONAL_DEMO
    assert {"bu_shenhe", "bu_admin", "henan_shenhe", "hainan_shenhe"} <= {
        x["username"] for x in printed["logins"]
    }
    result = NationalResult(campaign=Campaign.objects.get(pk=NATIONAL_DEMO), seed=SEED)
    children = {c.org_id: c for c in national_children(result.campaign)}
    status = {code: _status(children[code], code) for code in REDUCED}
    assert status == {
        "110000": APPROVED, JIANGSU: IN_PROGRESS, "410000": RETURNED, "460000": IN_PROGRESS,
        "540000": None, "630000": SUBMITTED,
    }  # fmt: skip
    for code in ("110000", "410000", "630000"):  # submitted: every city consolidated, nothing blocking
        assert set(
            Submission.objects.filter(campaign=children[code])
            .exclude(org_id=code)
            .values_list("status", flat=True)
        ) == {LOCKED}
        assert submit_check(children[code], code).blockers == []
        findings = [f for found in findings_by_org(children[code]).values() for f in found]
        assert not [f for f in findings if f.severity is Severity.ERROR]
    hainan = Counter(
        Submission.objects.filter(campaign=children["460000"])
        .exclude(org_id="460000")
        .values_list("status", flat=True)
    )
    assert hainan[APPROVED] and hainan[SUBMITTED] and hainan[IN_PROGRESS]
    returned = CellComment.objects.filter(submission__campaign=children["410000"])
    assert {(c.table, c.row, c.column) for c in returned} == {
        ("T01", "card_holders", "dec"),
        ("T14", "population", "qty"),
    }
    assert all(c.transition is not None and c.transition.action == "return" for c in returned)
    assert Reminder.objects.filter(campaign=children["540000"], org_id="540000").exists()
    assert not Value.objects.filter(campaign=children["540000"]).exists()
    # Jiangsu carries the Jiangsu demo: the same cells, 说明 and cities, 南京 approved, 无锡 waiting
    source = Campaign.objects.get(pk="demo-2015")
    assert _texts(children[JIANGSU]) == _texts(source)
    assert (
        Explanation.objects.filter(campaign=children[JIANGSU]).count()
        == Explanation.objects.filter(campaign=source).count()
    )
    assert (
        _status(children[JIANGSU], "320100") == APPROVED and _status(children[JIANGSU], "320200") == SUBMITTED
    )
    # the stored values are the generator's, canonical
    henan = generate_province(SEED, tree.get("410000"), tree.cities("410000"))
    stored = _texts(children["410000"])
    assert stored.keys() == {(c.table, c.row, c.column) for c in henan.cells}
    assert stored[("T14", "population", "qty")] == "9436"  # canonical, as a save stores it
    # the 部审核员 has provinces to review, and may
    reviewer = User.objects.get(username="bu_shenhe")
    waiting = Submission.objects.filter(
        campaign__parent=result.campaign, org__level="province", status=SUBMITTED
    )
    assert [s.org_id for s in waiting] == ["630000"] and access.can(reviewer, Action.REVIEW, "630000")
    assert "已上报 1，已审核 1，已退回 1，填报中 2，未填报 1" in national_summary(result)
    assert "bu_shenhe 待审核 1 个省级单位" in national_summary(result)
    again = build_national_demo(demo_password_hash(), seed=SEED, provinces=REDUCED)  # idempotent
    assert again.provinces == [] and _texts(children["410000"]) == stored
    capsys.readouterr()
    # the last step: the command line closes the database connection when it ends
    assert main(["demo", "--national", "--provinces", "999999"]) == 2  # not a provincial unit: wrong usage
    assert "不是现行的省级单位：999999" in capsys.readouterr().err


def _status(campaign: Campaign, org: str) -> str | None:
    return Submission.objects.filter(campaign=campaign, org_id=org).values_list("status", flat=True).first()


def _texts(campaign: Campaign) -> dict[tuple[str, str, str], str]:
    return {
        (t, r, c): x
        for t, r, c, x in Value.objects.filter(campaign=campaign).values_list(
            "table", "row", "column", "text"
        )
    }
