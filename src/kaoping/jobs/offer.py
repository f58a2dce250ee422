"""A page address that names a job's result (``…/pdf/``, ``…/exports/workbook/``): a GET never
starts heavy work. It leads to the job already building or built from the same data (its page:
the bar, or the file), else to a page saying what would be built with a button that POSTs to
the same address — the POST starts it. Old links and bookmarks (GET) keep working."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from kaoping.jobs import queue
from kaoping.jobs.kinds import Params
from kaoping.limits import limiter
from kaoping.limits.heavy import busy_response
from kaoping.orgs.actors import SignedInRequest


def offer(request: SignedInRequest, kind: str, params: Params) -> HttpResponse:
    if request.method == "POST":
        try:
            job = queue.start(request.user, kind, params)
        except limiter.Busy as busy:
            return busy_response(request, busy)
        return redirect("jobs:job", job=job.pk)
    order, existing = queue.find(request.user, kind, params)
    if existing is not None:
        return redirect("jobs:job", job=existing.pk)
    return render(request, "jobs/offer.html", {"label": order.label, "action": request.get_full_path()})
