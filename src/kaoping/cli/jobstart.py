"""What a command that asks for a background job does (``kaoping reminders send``,
``kaoping recompute``): start it as ``cli:<os user>``, then print it — or, with ``--wait``, show
its progress until it is done, as ``kaoping jobs wait``."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from django.http import Http404

from kaoping.cli.base import ProductCommand, cli_actor
from kaoping.jobs import queue
from kaoping.jobs.kinds import JobRefused, Params
from kaoping.jobs.status import describe
from kaoping.limits import limiter


def start_job(
    command: ProductCommand, kind: str, params: Params, options: dict[str, Any], refusal: str
) -> None:
    """``refusal``: what to say when the job is refused without a reason of its own."""
    try:
        job = queue.start(cli_actor(), kind, params)
    except (JobRefused, PermissionDenied, Http404, limiter.Busy) as error:
        raise command.refuse(str(error) or refusal) from error
    if options["wait"]:
        out, err = command.stdout, command.stderr
        call_command("jobs", "wait", str(job.pk), format=options["format"], stdout=out, stderr=err)
        return
    if options["format"] == "json":
        command.emit_json(describe(job))
    else:
        command.stdout.write(
            f"{job.pk}  {job.get_status_display()}  {job.label}（kaoping jobs wait {job.pk} 查看进度）"
        )
