"""``kaoping demo --national``: the national campaign over every provincial unit with generated
data (docs/spec.md §9, §11), on top of the Jiangsu demo.

Deterministic from the seed: each province's values come from its own seeded draws, so a
reduced run (a few provinces, as the tests build) gives those provinces the same values as the
full one. Idempotent: a province's campaign that already holds data or a workflow state is
left as it is. Jiangsu's campaign starts as a copy of ``demo-2015`` (its cities' data, 说明,
history and states), so the ministry sees the province the detailed demo walks through.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction

from kaoping.collection import summaries
from kaoping.collection.campaigns import CampaignSpec
from kaoping.collection.models import Campaign
from kaoping.collection.national import ministry_code, national_children, open_national_campaign
from kaoping.core.orgs import OrgTree
from kaoping.demo.national import states
from kaoping.demo.national.accounts import ensure_accounts, province_people
from kaoping.demo.national.copy import JIANGSU, copy_jiangsu
from kaoping.demo.national.generate import ProvinceData, generate_province
from kaoping.demo.national.store import store_provinces
from kaoping.orgs import access
from kaoping.orgs.actors import cli_actor
from kaoping.workflow.models import Reminder, Submission

NATIONAL_DEMO = "demo-national-2015"
DEFAULT_SEED = 2015


@dataclass
class NationalResult:
    campaign: Campaign
    seed: int
    provinces: list[str] = field(default_factory=list)  # the provinces filled by this run
    cells: int = 0


@transaction.atomic
def build_national_demo(
    password_hash: str, seed: int = DEFAULT_SEED, provinces: Sequence[str] | None = None
) -> NationalResult:
    """Open (or complete) the national demo campaign and fill the provinces' campaigns that are
    still empty; ``provinces``: only these provincial units (default: all)."""
    spec = CampaignSpec(
        id=NATIONAL_DEMO,
        org=ministry_code(),
        definition="survey-2015@1",
        opens=date(2015, 7, 1),
        closes=date(2099, 12, 31),
        title="2015 全国规划中期评估调查",
        reference_date=date(2015, 6, 30),
        forecast_date=date(2015, 12, 31),
    )
    national = open_national_campaign(cli_actor(), spec, provinces)
    result = NationalResult(campaign=national, seed=seed)
    tree = access.org_tree()
    empty = [child for child in national_children(national) if _untouched(child)]
    generated: list[tuple[Campaign, ProvinceData]] = []
    flow = states.Flow()
    people = []
    for child in empty:
        result.provinces.append(child.org_id)
        if child.org_id == JIANGSU:
            copy_jiangsu(child)
        elif child.org_id == states.NOT_STARTED_PROVINCE:
            Reminder.objects.bulk_create([states.remind_not_started(child)])
        else:
            data = _generate(seed, tree, child)
            generated.append((child, data))
            person = province_people(child.org_id, list(child.members))
            people.append(person)
            states.plan_province(flow, child, person, explained=bool(data.explanations))
    ensure_accounts(people, password_hash)
    result.cells = store_provinces(generated)
    states.write(flow)
    summaries.stored(national_children(national), tree)  # the ministry's first page computes none
    return result


def _untouched(child: Campaign) -> bool:
    """A province's campaign the demo has not filled yet: no value, no state, no reminder."""
    return not (
        child.values.exists()
        or Submission.objects.filter(campaign=child).exists()
        or Reminder.objects.filter(campaign=child).exists()
    )


def _generate(seed: int, tree: OrgTree, child: Campaign) -> ProvinceData:
    cities = [tree.get(code) for code in child.members if code in tree]
    return generate_province(seed, tree.get(child.org_id), cities)
