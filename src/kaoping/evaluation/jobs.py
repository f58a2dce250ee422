"""The evaluation's exports as background jobs (docs/spec.md §14): the results workbook and a
city's PDF report.

What a viewer's file holds depends on the data and on what the viewer may see: 审核专家 do not
see a city's self-assessment before it is submitted (``visibility.hidden_drafts``), the
province's people and the city itself do. So the job's parameters carry the cities hidden from
the asker (``hidden``), the key names them with the data's version
(``stamp.evaluation_stamp``), and the build scores with exactly those cities hidden: two viewers
who see differently never share a job or a file. Looking at a job (its page, its file) is
allowed to whoever may ask for the export and sees no more of it than was built — every city
hidden from the viewer is hidden in the file.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404

from kaoping.collection.models import Campaign
from kaoping.downloads import PDF, XLSX
from kaoping.evaluation import visibility
from kaoping.evaluation.campaigns import evaluation_of
from kaoping.evaluation.documents import assessment_rows
from kaoping.evaluation.exports import results_workbook
from kaoping.evaluation.models import Evaluation
from kaoping.evaluation.scoring import evaluate
from kaoping.evaluation.stamp import evaluation_stamp
from kaoping.jobs.kinds import JobKind, Order, Output, Params, Progress
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor

NOT_YOURS = "这份文件按其他查看权限生成，请从本人的页面重新生成"


def params_for(actor: Actor, evaluation: str, org: str | None = None) -> Params:
    """What the page, the API or the CLI asks for on ``actor``'s behalf: the export, and the
    cities whose drafts ``actor`` may not see."""
    campaign = visibility.evaluation_or_404(actor, evaluation)
    hidden = sorted(visibility.hidden_drafts(actor, campaign))
    return {"evaluation": campaign.pk, "hidden": hidden, **({"org": org} if org is not None else {})}


@dataclass(frozen=True)
class Asked:
    campaign: Campaign
    state: Evaluation
    hidden: frozenset[str]  # what the file leaves out

    @property
    def seen(self) -> str:
        """The visibility the key names (a digest: no city codes in the key)."""
        return hashlib.sha256(",".join(sorted(self.hidden)).encode()).hexdigest()[:12]


def _asked(actor: Actor, params: Params) -> Asked:
    campaign = visibility.evaluation_or_404(actor, str(params.get("evaluation", "")))
    raw: Any = params.get("hidden", [])
    if not isinstance(raw, list) or not all(isinstance(code, str) for code in raw):
        raise Http404("没有这种导出")
    hidden = frozenset(raw)
    if not visibility.hidden_drafts(actor, campaign) <= hidden:  # the file would show more
        raise PermissionDenied(NOT_YOURS)
    return Asked(campaign, evaluation_of(campaign), hidden)


def _results(actor: Actor, params: Params) -> Asked:
    asked = _asked(actor, params)
    if not visibility.sees_province(actor, asked.campaign):
        org = asked.campaign.org
        raise PermissionDenied(access.refusal(Action.READ, org.name, org.level))
    return asked


def results_order(actor: Actor, params: Params) -> Order:
    asked = _results(actor, params)
    stamp = evaluation_stamp(asked.campaign, asked.state)
    return Order(
        key=f"eval_results:{asked.campaign.pk}:{asked.seen}:{stamp}",
        label=f"{asked.campaign.title} · 考评结果 Excel",
    )


def results_build(actor: Actor, params: Params, progress: Progress) -> Output:
    asked = _results(actor, params)
    progress.start(2, "正在计分")
    result = evaluate(asked.campaign, asked.hidden, asked.state)
    progress.advance("正在生成工作簿")
    content = results_workbook(asked.campaign, result)
    progress.advance("已生成")
    return Output(content=content, filename=f"{asked.campaign.pk}-results.xlsx", content_type=XLSX)


def _city(actor: Actor, params: Params) -> tuple[Asked, str]:
    asked = _asked(actor, params)
    org = str(params.get("org", ""))
    visibility.city_or_404(asked.campaign, org)
    visibility.require_city_result(actor, asked.campaign, org)
    return asked, org


def city_order(actor: Actor, params: Params) -> Order:
    asked, org = _city(actor, params)
    name = visibility.city_or_404(asked.campaign, org).name
    stamp = evaluation_stamp(asked.campaign, asked.state)
    return Order(
        key=f"eval_city_pdf:{asked.campaign.pk}:{org}:{asked.seen}:{stamp}",
        label=f"{asked.campaign.title} · {name} · 考评结果 PDF 报告",
    )


def city_build(actor: Actor, params: Params, progress: Progress) -> Output:
    from kaoping.evaluation.report import render_report  # WeasyPrint loads pango when imported

    asked, org = _city(actor, params)
    progress.start(2, "正在计分")
    result = evaluate(asked.campaign, asked.hidden, asked.state)
    city = result.city(org)
    context = {
        "campaign": asked.campaign,
        "city": visibility.city_or_404(asked.campaign, org),
        "result": city,
        "rows": assessment_rows(asked.campaign, org, city, hidden=org in asked.hidden),
        "subtotals": [(cat, city.shown_subtotal(cat.key)) for cat in result.rubric.categories],
        "state": asked.state,
        "count": len(result.cities),
    }
    progress.advance("正在排版")
    content = render_report(context)
    progress.advance("已生成")
    return Output(content=content, filename=f"{asked.campaign.pk}-{org}.pdf", content_type=PDF)


def check_results(actor: Actor, params: Params) -> None:
    _results(actor, params)


def check_city(actor: Actor, params: Params) -> None:
    _city(actor, params)


RESULTS = JobKind("eval_results", check=check_results, order=results_order, build=results_build)
CITY_PDF = JobKind("eval_city_pdf", check=check_city, order=city_order, build=city_build)
