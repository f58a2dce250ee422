"""A job that only counts: ``kaoping jobs selftest`` checks that workers are running and
reporting progress (a deployment check), and the queue's tests kill workers in the middle of
it. Each build appends one line to ``JOBS_DIR/selftest.log`` (its tag, the worker's process),
so a test can count how often a job was really built. Only the command line may start it.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from django.conf import settings
from django.core.exceptions import PermissionDenied

from kaoping.jobs.kinds import JobKind, Order, Output, Params, Progress
from kaoping.orgs.actors import Actor


def check(actor: Actor, params: Params) -> None:
    if actor.pk is not None:  # a signed-in user: this is the server's own check
        raise PermissionDenied


def order(actor: Actor, params: Params) -> Order:
    return Order(key=f"selftest:{params.get('tag', '')}", label=f"自检任务 {params.get('tag', '')}")


def build(actor: Actor, params: Params, progress: Progress) -> Output:
    steps, delay = int(params.get("steps", 5)), float(params.get("delay", 0.1))
    progress.start(steps, "自检开始")
    for step in range(1, steps + 1):
        time.sleep(delay)
        progress.advance(f"第 {step} 步，共 {steps} 步")
    tag = str(params.get("tag", ""))
    log = Path(settings.JOBS_DIR) / "selftest.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("a", encoding="utf-8") as out:
        out.write(f"{tag} {os.getpid()}\n")
    return Output(content=f"{tag}\n".encode(), filename=f"selftest-{tag}.txt", content_type="text/plain")


SELFTEST = JobKind("selftest", check=check, order=order, build=build)
