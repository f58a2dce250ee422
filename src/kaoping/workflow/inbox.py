"""The pages of what reaches people (docs/spec.md §14.3–14.4): each person's notifications and
their contact settings, and a campaign's 催报记录 (the delivery log) for the level above."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kaoping.collection.models import Campaign
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import SignedInRequest
from kaoping.orgs.who import who_labels
from kaoping.pages.ids import small_int
from kaoping.workflow.delivery import email_enabled, sms_enabled
from kaoping.workflow.models import ContactPreference
from kaoping.workflow.notifications import PAGE, mark_read, notifications_for
from kaoping.workflow.outreach import reminder_log, shown
from kaoping.workflow.reminders import mobile

LOG_PAGE = 300  # the newest reminders shown in a campaign's log


@login_required
def notifications_page(request: SignedInRequest) -> HttpResponse:
    found = list(notifications_for(request.user)[:PAGE])
    return render(request, "workflow/notifications.html", {"notifications": found})


@login_required
@require_POST
def read(request: SignedInRequest) -> HttpResponse:
    """Mark one notification read (``id``), or all of them; then follow its link if asked."""
    raw = request.POST.get("id")
    if raw is None:
        mark_read(request.user)
    else:
        pk = small_int(raw)
        mark_read(request.user, [pk] if pk is not None else [])
    target = request.POST.get("next", "")
    if target.startswith("/") and not target.startswith("//"):
        return redirect(target)
    return redirect("workflow:notifications")


@login_required
def settings_page(request: SignedInRequest) -> HttpResponse:
    """The person's contacts (kept by the account administrators) and what they receive."""
    if request.method == "POST":
        chosen = {"email": request.POST.get("email") == "on", "sms": request.POST.get("sms") == "on"}
        ContactPreference.objects.update_or_create(user=request.user, defaults=chosen)
        messages.success(request, _("Notification settings saved."))
        return redirect("workflow:settings")
    pref = ContactPreference.objects.filter(user=request.user).first() or ContactPreference(user=request.user)
    context = {
        "pref": pref,
        "phone": mobile(request.user.phone),
        "email_on": email_enabled(),
        "sms_on": sms_enabled(),
    }
    return render(request, "workflow/settings.html", context)


@login_required
def log_page(request: SignedInRequest, campaign: str) -> HttpResponse:
    """催报记录: each reminder of the campaign, to whom it went and how each delivery fared."""
    found = get_object_or_404(Campaign.objects.select_related("org"), pk=campaign, kind="survey")
    access.require(request.user, Action.READ, found.org_id)
    rows = reminder_log(request.user, found, LOG_PAGE)
    log = [(r, [(d, *shown(request.user, d)) for d in r.deliveries.all()]) for r in rows]
    who = who_labels((r.sender for r, _ in log), request.user)
    return render(request, "workflow/reminder_log.html", {"campaign": found, "log": log, "who": who})
