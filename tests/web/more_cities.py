"""27 more cities for Jiangsu, with data like the demo's: the query-count pins' second province.

Each new city mirrors a demo city (the first mirrors 南京, the second 无锡, … round the 13):
its magnitudes, the survey tables it has filled (a clean city all of them, a partial one the
same few, 盐城's mirror with 盐城's hard error in 表9, 徐州's with the explained 表12 warning),
its base figures, its two accounts and, in the evaluation, the same self-assessment, evidence
and expert scores. The demo (``build_demo``) must be in the database already.
"""

from __future__ import annotations

import io

import pytest

from kaoping.collection.campaigns import set_base_figures
from kaoping.collection.models import Campaign
from kaoping.collection.services import (
    add_list_row,
    findings_for,
    save_explanation,
    save_table,
    table_version,
)
from kaoping.demo import data, ensure_user
from kaoping.demo.build import (
    DEMO_CAMPAIGN,
    EXPLAINED_CITY,
    EXPLAINED_RULE,
    EXPLANATION,
    PARTIAL_TABLES,
    WITH_ERROR_TABLES,
)
from kaoping.demo.evaluation import DEMO_EVALUATION, DRAFT, REPORTED, SUBMITTED, pdf_bytes
from kaoping.demo.figures import CITIES, CLEAN, PROVINCE, WITH_ERROR
from kaoping.evaluation.assess import Entry, save_assessment, submit_assessment
from kaoping.evaluation.evidence import add_evidence
from kaoping.evaluation.reviews import Review, save_reviews
from kaoping.evaluation.scoring import evaluate
from kaoping.orgs.actors import cli_actor
from kaoping.orgs.models import Organisation, User
from kaoping.orgs.roles import Role

FULL = ("T03", "T05", "T07", "T08", "T09", "T10", "T11", "T12", "T13")


def new_codes(count: int) -> list[str]:
    """321400, 321500, …: codes Jiangsu does not use."""
    return [f"32{14 + i:02d}00" for i in range(count)]


def add_cities(monkeypatch: pytest.MonkeyPatch, count: int = 27) -> list[str]:
    """Add ``count`` cities to the province, to both demo campaigns, with data."""
    demo_codes = list(CITIES)
    mirrors = {code: demo_codes[i % len(demo_codes)] for i, code in enumerate(new_codes(count))}
    _organisations(mirrors)
    for code, mirror in mirrors.items():
        pinyin, population, insured, counties = CITIES[mirror]
        monkeypatch.setitem(CITIES, code, (f"{pinyin}{code}", population, insured, counties))
    survey = Campaign.objects.get(pk=DEMO_CAMPAIGN)
    evaluation = Campaign.objects.get(pk=DEMO_EVALUATION)
    for campaign in (survey, evaluation):
        campaign.members = [*campaign.members, *mirrors]
        campaign.save(update_fields=["members"])
    set_base_figures(
        cli_actor(),
        survey,
        {
            c: {"population": CITIES[c][1], "insured_urban": CITIES[c][2], "counties": CITIES[c][3]}
            for c in mirrors
        },
    )
    for code, mirror in mirrors.items():
        _survey(survey, code, mirror, demo_codes.index(mirror))
        ensure_user(f"{CITIES[code][0]}_tianbao", "填报员", Role.CITY_REPORTER, code)
        ensure_user(f"{CITIES[code][0]}_fuze", "负责人", Role.CITY_LEADER, code)
    _evaluation(evaluation, mirrors)
    assert Organisation.objects.filter(parent_id=PROVINCE, level="city").count() == 13 + count
    return list(mirrors)


def _organisations(mirrors: dict[str, str]) -> None:
    last = max(Organisation.objects.filter(parent_id=PROVINCE).values_list("position", flat=True))
    found = Organisation.objects.in_bulk(list(mirrors.values()))
    for n, (code, mirror) in enumerate(mirrors.items(), start=1):
        like = found[mirror]
        Organisation.objects.create(
            code=code,
            name=f"{like.name}{n}号",
            level="city",
            parent_id=PROVINCE,
            region=like.region,
            kind=like.kind,
            counties=like.counties,
            position=last + n,
        )


def _tables(mirror: str) -> tuple[str, ...]:
    if mirror in CLEAN:
        return FULL
    if mirror == WITH_ERROR:
        return WITH_ERROR_TABLES
    return PARTIAL_TABLES.get(mirror, ())


def _survey(survey: Campaign, code: str, mirror: str, index: int) -> None:
    name = f"{code}市"
    cells = data.city_tables(code, name, index)
    if mirror == WITH_ERROR:  # V09-STAFF, as 盐城
        cells["T09"][(code, "consultants")] = str(int(cells["T09"][(code, "staff")]) + 5)
    if mirror == EXPLAINED_CITY:  # V12-STAFF, a warning answered below, as 徐州
        cells["T12"][(code, "city_staff")] = str(int(cells["T12"][(code, "city_quota")]) + 2)
    for table in _tables(mirror):
        if table == "T07":
            key = add_list_row(cli_actor(), survey, code, "T07", "systems", channel="cli").key
            _save(survey, code, table, {(key, col): text for col, text in data.city_system(name).items()})
        else:
            _save(survey, code, table, cells[table])
    if mirror == EXPLAINED_CITY:
        for f in findings_for(survey, code):
            if f.rule == EXPLAINED_RULE:
                save_explanation(cli_actor(), survey, code, f.rule, f.table, f.row, f.column, EXPLANATION)


def _save(survey: Campaign, code: str, table: str, cells: dict[tuple[str, str], str]) -> None:
    save_table(cli_actor(), survey, code, table, cells, table_version(survey, code, table), channel="cli")


def _evaluation(campaign: Campaign, mirrors: dict[str, str]) -> None:
    """Self-assessments (the submitted cities' mirrors submit), evidence and the expert's scores."""
    actor = cli_actor()
    assessed = {code: mirror for code, mirror in mirrors.items() if mirror in (*SUBMITTED, DRAFT)}
    for code, mirror in assessed.items():
        save_assessment(actor, campaign, code, {}, REPORTED[mirror])
    reported = evaluate(campaign)
    for code, mirror in assessed.items():
        entries = {
            c.key: Entry(str(c.auto if c.auto is not None else c.points), "自评：见佐证材料")
            for c in reported.city(code).criteria
            if mirror in SUBMITTED or c.category == "management"
        }
        save_assessment(actor, campaign, code, entries)
        add_evidence(actor, campaign, code, "network_coverage", "说明.pdf", io.BytesIO(pdf_bytes(code)))
        if mirror in SUBMITTED:
            submit_assessment(actor, campaign, code)
    expert = User.objects.get(username="zhuanjia")
    result = evaluate(campaign)
    for code, mirror in assessed.items():
        if mirror not in SUBMITTED:
            continue
        reviews = {
            c.key: Review(str(c.auto if c.auto is not None else c.self_score), "")
            for c in result.city(code).criteria
            if c.auto is not None or c.self_score is not None
        }
        save_reviews(expert, campaign, code, reviews)
