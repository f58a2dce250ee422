"""The ministry's view of a national campaign, read from the provinces' stored summaries.

``nation(campaign)`` gathers what every ministry page needs in a fixed number of queries,
whatever the number of provinces: the provinces' campaigns (one query), which of them have
submitted (one), their stored summaries (one; a summary a bulk load left out is computed
once and stored). Nothing is recomputed per request (docs/spec.md §11.4).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from functools import cached_property
from typing import TypeVar

from django.http import Http404

from kaoping.collection import summaries
from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import Campaign
from kaoping.collection.national import is_national, national_children
from kaoping.collection.summaries import Version
from kaoping.core.definitions.model import Survey
from kaoping.core.national.coverage import Coverage, NationalTable, Province, national_table
from kaoping.core.national.summary import ProvinceSummary
from kaoping.core.national.table1 import NationalIndicator, national_indicators
from kaoping.core.national.workbook import national_workbook
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor

NOT_NATIONAL = "全国汇总只适用于部信息中心开启的全国任务"
T = TypeVar("T")
_BUILT: dict[tuple[Hashable, Hashable], object] = {}  # (what, Nation.key) → an immutable result
_BUILT_AT_MOST = 64


def cached(what: Hashable, nation_key: Hashable | None, build: Callable[[], T]) -> T:
    """``build()`` once per (what, ``Nation.key``) in this process; ``build`` must return an
    immutable value (tuples of frozen dataclasses, text) since every reader with that key
    shares it. Nothing is cached when the nation's key is None."""
    if nation_key is None:
        return build()
    key = (what, nation_key)
    found = _BUILT.get(key)  # read once: another thread may clear the table meanwhile
    if found is None:
        if len(_BUILT) >= _BUILT_AT_MOST:
            _BUILT.clear()
        found = _BUILT[key] = build()
    return found  # type: ignore[return-value]


@dataclass
class Nation:
    campaign: Campaign  # the national campaign
    survey: Survey
    children: dict[str, Campaign]  # province code → the province's campaign, in the tree's order
    coverage: Coverage
    summaries: list[ProvinceSummary]  # the included (submitted) provinces, in order
    versions: tuple[Version, ...] = ()  # the stored summaries read, in order

    @cached_property
    def key(self) -> Hashable | None:
        """What every figure of the nation depends on: the campaign's definition, the provinces
        the reader sees and those included, and the stored version of each summary read. Two
        readers with different rights see different provinces, hence different keys; None when a
        summary was computed rather than read (nothing is cached then)."""
        if any(at is None for _pk, at in self.versions):
            return None
        return (self.campaign.pk, self.campaign.snapshot_id, self.coverage, self.versions)

    @cached_property
    def indicators(self) -> list[NationalIndicator]:
        """The national 表1, built once per ``key`` in the process (its results are frozen)."""
        return list(
            cached(
                "indicators",
                self.key,
                lambda: tuple(national_indicators(self.survey, self.summaries, self.coverage)),
            )
        )

    def table(self, table_id: str) -> NationalTable:
        if table_id not in {t.id for t in self.survey.tables}:
            raise Http404("没有这张表")
        return national_table(self.survey, table_id, self.summaries, self.coverage)

    def tables(self) -> list[NationalTable]:
        return [self.table(t.id) for t in self.survey.tables]

    def child(self, code: str) -> Campaign | None:
        return self.children.get(code)


def require_national(campaign: Campaign) -> None:
    if not is_national(campaign):
        raise Http404(NOT_NATIONAL)


def nation(campaign: Campaign, user: Actor, only: frozenset[str] | None = None) -> Nation:
    """The national campaign's provinces ``user`` may read (all of them for the ministry's
    roles) — of them only the codes ``only`` names, when given (a job builds with the provinces
    its asker saw) — their coverage and stored summaries (see the module's docstring)."""
    require_national(campaign)
    every = list(national_children(campaign).select_related("org"))
    readable = set(access.allowed(user, Action.READ, [c.org_id for c in every]))
    if only is not None:
        readable &= only
    children = [c for c in every if c.org_id in readable]  # the list in hand, no IN of the tree
    done = summaries.submitted(children)
    included = [c for c in children if c.pk in done]
    stored, versions = summaries.stored_versions(included)
    expected = tuple(Province(c.org_id, c.org.name) for c in children)
    coverage = Coverage(expected, frozenset(c.org_id for c in included))
    return Nation(
        campaign=campaign,
        survey=survey_for(campaign),
        children={c.org_id: c for c in children},
        coverage=coverage,
        summaries=[stored[c.pk] for c in included],
        versions=versions,
    )


def national_workbook_bytes(found: Nation) -> bytes:
    """The national 表1 and a sheet per table with a row per included province."""
    return national_workbook(found.campaign.title, found.indicators, found.tables())
