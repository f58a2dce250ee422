"""Who sees and does what in an evaluation, on top of ``kaoping.orgs.access``.

- The province's people (anyone who reads the campaign's province: 省管理员, 省审核员,
  审核专家, 只读 at the province, the ministry) see every city's self-assessment and
  evidence, and the results at any time.
- A city reads only its own self-assessment and evidence (READ covers its own subtree);
  before publication it sees no result at all — not even its own — and after publication
  the ranking and its own explanation pages.
- 审核专家 score the cities assigned to them (all cities when none is assigned), and see a
  city's self-assessment (self-scores, explanations, reported metrics, evidence) only once
  it is submitted: experts score what was submitted (``Action.READ_DRAFT``, which every
  other role that reads a city holds).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kaoping.collection.models import Campaign
from kaoping.core.scoring.targets import CampaignSettings
from kaoping.evaluation.models import Evaluation, Submission
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import Organisation

NOT_PUBLISHED = "考评结果尚未发布：发布前地市只能查看本市的自评"
NOT_SUBMITTED = "该市自评尚未上报：审核专家在上报后才能查看"


def evaluation_or_404(user: Actor, campaign_id: str) -> Campaign:
    """An evaluation campaign the user can see (its province, or one of its cities)."""
    found = Campaign.objects.filter(pk=campaign_id, kind="evaluation")
    campaign = found.select_related("org", "snapshot").first()  # the pages show the rubric's title
    if campaign is None or not (sees_province(user, campaign) or own_cities(user, campaign)):
        raise Http404(f"考评任务 {campaign_id} 不存在或无权查看")
    return campaign


def city_or_404(campaign: Campaign, org: str) -> Organisation:
    found = Organisation.objects.filter(code=org).first() if org in campaign.members else None
    if found is None:
        raise Http404(f"{org} 不是本次考评的地市")
    return found


def sees_province(user: Actor, campaign: Campaign) -> bool:
    return access.can(user, Action.READ, campaign.org_id)


def own_cities(user: Actor, campaign: Campaign) -> list[str]:
    """The campaign's cities the user reads (a city user: its own)."""
    return access.allowed(user, Action.READ, campaign.members)


def published(campaign: Campaign) -> bool:
    return Evaluation.objects.filter(campaign=campaign, published_at__isnull=False).exists()


def require_assessment_read(user: Actor, campaign: Campaign, org: str) -> None:
    """A city's self-assessment and evidence: the city itself and the province's people;
    审核专家 once it is submitted."""
    access.require(user, Action.READ, org)
    if org in hidden_drafts(user, campaign):
        raise PermissionDenied(NOT_SUBMITTED)


def hidden_drafts(user: Actor, campaign: Campaign) -> frozenset[str]:
    """The cities whose self-assessment ``user`` reads but may not see yet: not submitted, and
    the user holds no right to read drafts there (审核专家). Pages, the API and exports leave
    these cities' self-scores, explanations, reported metrics and evidence out. (A city user
    reads no other city: its published ranking is the province's, drafts counted as they are.)"""
    if access.is_cli(user):
        return frozenset()
    cities = Organisation.objects.filter(parent_id=campaign.org_id, level="city")
    submitted = Submission.objects.filter(campaign=campaign).values("org_id")
    drafts = access.restrict(cities, user, Action.READ, "code").exclude(code__in=submitted)
    readable = access.restrict(cities, user, Action.READ_DRAFT, "code").values("code")
    return frozenset(drafts.exclude(code__in=readable).values_list("code", flat=True))


def require_results(user: Actor, campaign: Campaign) -> None:
    """The ranking: the province's people always; the cities once published."""
    if sees_province(user, campaign):
        return
    if not own_cities(user, campaign):
        access.require(user, Action.READ, campaign.org_id)
    if not published(campaign):
        raise PermissionDenied(NOT_PUBLISHED)


def require_city_result(user: Actor, campaign: Campaign, org: str) -> None:
    """One city's scores and explanations: the province's people; the city once published."""
    if sees_province(user, campaign):
        return
    access.require(user, Action.READ, org)
    if not published(campaign):
        raise PermissionDenied(NOT_PUBLISHED)


def may_score(user: Actor, settings: CampaignSettings, org: str) -> bool:
    if not access.can(user, Action.SCORE, org):
        return False
    assigned = settings.reviewers.get(org, ())
    return access.is_cli(user) or not assigned or user.username in assigned


def require_score(user: Actor, settings: CampaignSettings, org: str) -> None:
    access.require(user, Action.SCORE, org)
    if not may_score(user, settings, org):
        raise PermissionDenied("无权评分：本市未分配给您评审（需要分配到本市的审核专家）")


def scorable_cities(user: Actor, campaign: Campaign, settings: CampaignSettings) -> list[str]:
    """The cities the user may score: where the role allows it, and assigned (or none assigned)."""
    return [
        code
        for code in access.allowed(user, Action.SCORE, campaign.members)
        if may_score(user, settings, code)
    ]
