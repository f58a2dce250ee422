"""The reviewer's workbench page (docs/spec.md §13.4) and its actions: accept or reject a 说明,
flag a value for follow-up (from the list or from any cell of a unit's table page), mark the
list as read. The list comes from ``workbench``; every
action from ``verdicts``, which checks REVIEW at the unit."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kaoping.collection.campaigns import campaigns_query, survey_for
from kaoping.collection.models import Campaign
from kaoping.core.definitions.model import Survey
from kaoping.core.findings import KIND_LABELS, FindingKind
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.orgs.who import who_labels
from kaoping.pages.outcome import act
from kaoping.pages.page import open_page
from kaoping.workflow import verdicts
from kaoping.workflow.services import WorkflowError
from kaoping.workflow.workbench import STATES, Bench, Filters, Unit, reviewed_units, workbench

FILTERS = ("table", "rule", "kind", "org", "state", "new", "follow_up")


def filters_of(params: QueryDict) -> Filters:
    def one(name: str) -> str:
        return params.get(name, "")[:40]

    yes = ("1", "true")
    return Filters(
        one("table"), one("rule"), one("kind"), one("org"), one("state"), one("new") in yes,
        one("follow_up") in yes,
    )  # fmt: skip


def _campaign(user: object, campaign: str) -> Campaign:
    found = get_object_or_404(campaigns_query(), pk=campaign)
    access.require(user, Action.READ, found.org_id)  # type: ignore[arg-type]  # a signed-in User
    return found


@login_required
@require_safe
def page(request: SignedInRequest, campaign: str) -> HttpResponse:
    found = _campaign(request.user, campaign)
    bench = workbench(request.user, found, filters_of(request.GET))
    survey = survey_for(found)
    context = {
        "campaign": found,
        "bench": bench,
        "filters": {k: request.GET.get(k, "") for k in FILTERS},
        "tables": [(t.id, t.label) for t in survey.tables],
        "rules": _rules(survey, bench),
        "kinds": [(k.value, label) for k, label in KIND_LABELS.items()],
        "states": list(STATES.items()),
        "here": request.get_full_path(),
        "who": who_labels(
            [*(f.follow_up.actor for f in bench.flags), *(c.actor for c in bench.changed)], request.user
        ),
    }
    return render(request, "workflow/workbench.html", context)


def _rules(survey: Survey, bench: Bench) -> list[tuple[str, str]]:
    """The checks found in the list, named by their description or measure (officials never
    read rule ids); a check without either by its first message."""
    described = {r.id: r.description for r in survey.rules}
    quality = survey.quality
    described |= {q.id: f"{q.label}（{KIND_LABELS[FindingKind.OUTLIER]}）" for q in quality.outliers}
    described |= {q.id: f"{q.label}（{KIND_LABELS[FindingKind.CHANGE]}）" for q in quality.changes}
    found = {e.finding.rule: described.get(e.finding.rule) or e.finding.message[:40] for e in bench.entries}
    return sorted(found.items(), key=lambda item: item[1])


def _unit(request: SignedInRequest, found: Campaign) -> Unit:
    code = request.POST.get("org", "")
    unit = next((u for u in reviewed_units(request.user, found) if u.code == code), None)
    if unit is None:
        raise Http404(_("This organisation is not one you review in this campaign."))
    return unit


def _back(request: SignedInRequest, campaign: str) -> str:
    back = reverse("workflow:workbench", kwargs={"campaign": campaign})
    kept = {k: request.POST.get(f"f_{k}", "") for k in FILTERS}
    query = urlencode({k: v for k, v in kept.items() if v})
    return f"{back}?{query}" if query else back


@login_required
@require_POST
def decide(request: SignedInRequest, campaign: str) -> HttpResponse:
    found = _campaign(request.user, campaign)
    then = _back(request, campaign)
    if request.POST.get("action") == "read":
        return act(
            request,
            lambda: verdicts.mark_read(request.user, found),
            _("Marked as read."),
            then,
            WorkflowError,
        )
    unit = _unit(request, found)
    post = request.POST
    where = {
        "table": post.get("table", "")[:10],
        "row": post.get("row", "")[:60],
        "column": post.get("column", "")[:60],
    }
    warning = verdicts.Warning(unit.campaign, unit.code, rule=post.get("rule", "")[:30], **where)
    place = verdicts.Place(unit.campaign, unit.code, **where)
    actions = {
        "accept": (lambda: verdicts.accept(request.user, warning), _("The explanation is accepted.")),
        "reject": (
            lambda: verdicts.reject(request.user, warning, post.get("comment", "")),
            _("The explanation is rejected and the unit returned with your comment on the cell."),
        ),
        "flag": (
            lambda: verdicts.flag(request.user, place, post.get("note", "")),
            _("Flagged for follow-up."),
        ),
        "unflag": (lambda: verdicts.unflag(request.user, place), _("Follow-up flag removed.")),
    }
    chosen = actions.get(post.get("action", ""))
    if chosen is None:
        raise Http404(_("No such action."))
    return act(request, chosen[0], chosen[1], then, WorkflowError)


@login_required
@require_POST
def follow_up(request: SignedInRequest, campaign: str, org: str) -> HttpResponse:
    """Flag a value of a unit's table page for follow-up (需跟进), or clear the flag: the unit's
    reviewer only (``verdicts`` asks REVIEW at the unit; a filler or an outsider is refused)."""
    page = open_page(request.user, campaign, org)
    post = request.POST
    table = post.get("table", "")[:10]
    row, _sep, column = post.get("cell", "").partition(":")
    place = verdicts.Place(page.campaign, page.org.code, table, row[:60], column[:60])
    on_table = any(t.id == table for t in page.survey.tables)
    kwargs = {"campaign": campaign, "org": org}
    back = (
        reverse("web:table", kwargs={**kwargs, "table": table})
        if on_table
        else reverse("web:overview", kwargs=kwargs)
    )
    if post.get("action") == "clear":
        return act(
            request,
            lambda: verdicts.unflag(request.user, place),
            _("Follow-up flag removed."),
            back,
            WorkflowError,
        )
    return act(
        request,
        lambda: verdicts.flag(request.user, place, post.get("note", "")),
        _("Flagged for follow-up."),
        back,
        WorkflowError,
    )
