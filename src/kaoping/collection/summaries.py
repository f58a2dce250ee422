"""Each provincial campaign's national summary, stored (docs/spec.md §11.4).

A province's campaign inside a national one keeps one ``StoredSummary``: its row in every
table's national view and its 表1 facts (``core.national.summary``). ``refresh`` recomputes
it — on every write of the campaign's data (a listener in ``WRITE_LISTENERS``) and when the
province submits — so the ministry's pages read 32 stored rows in one query instead of
recomputing 32 provinces per request. ``stored`` reads them, computing (once) any a bulk load
left out.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

from kaoping.collection.campaigns import survey_for
from kaoping.collection.models import Campaign, StoredSummary
from kaoping.collection.services.reading import load_survey_data
from kaoping.core import collector
from kaoping.core.national.summary import ProvinceSummary, province_summary
from kaoping.core.orgs import OrgTree
from kaoping.orgs.actors import Actor

# Registered by kaoping.workflow at startup (the collection app never imports it): given
# provincial campaigns, the ids of those whose province has submitted to the ministry.
SubmittedReader = Callable[[list[Campaign]], set[str]]
SUBMITTED_READERS: list[SubmittedReader] = []


def submitted(campaigns: list[Campaign]) -> set[str]:
    """The ids of the campaigns whose province's submission counts nationally (one query)."""
    out: set[str] = set()
    for reader in SUBMITTED_READERS:
        out |= reader(campaigns)
    return out


def in_national(campaign: Campaign) -> bool:
    """A province's campaign opened as part of a national one."""
    return campaign.parent_id is not None


def refresh(campaign: Campaign, tree: OrgTree | None = None) -> ProvinceSummary:
    """Recompute and store the campaign's summary from its values (the cyclic garbage collector
    paused while they are read and computed: ``core.collector``, docs/reports.md)."""
    with collector.paused():
        summary = province_summary(survey_for(campaign), load_survey_data(campaign, tree))
    StoredSummary.objects.update_or_create(campaign=campaign, defaults={"data": summary.as_json()})
    return summary


def refresh_on_write(user: Actor, campaign: Campaign, org_code: str) -> None:
    """Registered in ``WRITE_LISTENERS``: a write in a national campaign's province refreshes it."""
    if in_national(campaign):
        refresh(campaign)


def stored(campaigns: Iterable[Campaign], tree: OrgTree | None = None) -> dict[str, ProvinceSummary]:
    """Campaign id → its summary (see ``stored_versions``)."""
    return stored_versions(campaigns, tree)[0]


Version = tuple[str, datetime | None]  # (campaign id, computed_at); None: computed, not read


def stored_versions(
    campaigns: Iterable[Campaign], tree: OrgTree | None = None
) -> tuple[dict[str, ProvinceSummary], tuple[Version, ...]]:
    """Campaign id → its summary, and the stored versions read (in ``campaigns``' order).

    One query reads the stored versions; the JSON of a version not yet built in this process
    is read by a second (the pages' warm path transfers and parses no JSON); a summary a bulk
    load left out is computed once and stored (its version None)."""
    wanted = list(campaigns)
    rows = StoredSummary.objects.filter(campaign__in=wanted).values_list("campaign_id", "computed_at")
    read: dict[str, datetime] = dict(rows)
    built = {pk: _READ.get((pk, at)) for pk, at in read.items()}  # one read each: no race with a clear
    found = {pk: summary for pk, summary in built.items() if summary is not None}
    versions: dict[str, datetime | None] = dict(read)
    unread = [pk for pk in read if pk not in found]
    if unread:
        fresh = StoredSummary.objects.filter(campaign__in=unread)
        for campaign_id, at, data in fresh.values_list("campaign_id", "computed_at", "data"):
            versions[campaign_id] = at
            found[campaign_id] = _read(campaign_id, at, data)
    for campaign in wanted:
        if campaign.pk not in found:
            found[campaign.pk] = refresh(campaign, tree)
            versions[campaign.pk] = None  # computed now: no stored version read
    return found, tuple((c.pk, versions[c.pk]) for c in wanted)


_READ: dict[tuple[str, datetime], ProvinceSummary] = {}  # (campaign, computed_at) → its summary
_READ_AT_MOST = 512


def _read(campaign_id: str, computed_at: datetime, data: Mapping[str, object]) -> ProvinceSummary:
    """The stored summary as the core's object, built once per stored version in this process:
    the national pages read all 32 on every request and building them cost a fifth of a
    page's time (bench/national_pages.py). A new save changes ``computed_at``, so a stale
    entry is never read."""
    key = (campaign_id, computed_at)
    found = _READ.get(key)
    if found is None:
        if len(_READ) >= _READ_AT_MOST:
            _READ.clear()
        found = _READ[key] = ProvinceSummary.from_json(data)
    return found
