"""The task list: the home page after login."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render

from kaoping.collection.tasks import tasks_for
from kaoping.orgs.actors import SignedInRequest
from kaoping.pages.status import status_badge


@login_required
def task_list(request: SignedInRequest) -> HttpResponse:
    tasks = [(task, status_badge(task.status)) for task in tasks_for(request.user)]
    return render(request, "kaoping/tasks.html", {"tasks": tasks})
