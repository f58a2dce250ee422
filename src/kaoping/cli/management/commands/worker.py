"""``kaoping worker [--nice N] [--interval S] [--until-idle]``: run background jobs.

Any number of workers on any number of machines share the queue in the database
(docs/deploy.md, 后台任务进程). A worker lowers its own CPU priority (``--nice``, 10 by default)
so that the web server's pages come first on a shared machine. Before its first look at the
queue it warms what jobs read (``JobKind.warm``: the open surveys' definitions and templates).
TERM/INT stop it after the job it is running; a worker killed outright loses its job's lease and
another worker runs the job again.
"""

from __future__ import annotations

import logging
import os
from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import ProductCommand
from kaoping.jobs.kinds import warm_all
from kaoping.jobs.worker import JobWorker


class Command(ProductCommand):
    help = "运行后台任务进程（全套 PDF、导出、批量导入、重算、定时工作）"
    # Django's system checks (models, URLs, templates, admin) run with ``migrate`` and the
    # development server; a deployed web server (gunicorn) does not run them either. At every
    # worker start they cost ~0.6 s of CPU before the first job, for nothing the worker uses.
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--nice", type=int, default=10, help="降低 CPU 优先级（默认 10；0 不降）")
        parser.add_argument("--interval", type=float, default=1.0, help="队列为空时多久看一次（秒）")
        parser.add_argument("--id", default="", help="进程标识（默认随机；多台机器时须各不相同）")
        parser.add_argument("--until-idle", action="store_true", help="队列中没有任务时退出")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["nice"] > 0:
            os.nice(options["nice"])
        logging.getLogger("kaoping.jobs").setLevel(logging.INFO)
        worker = JobWorker(
            interval=max(0.0, options["interval"]), worker_id=options["id"], until_idle=options["until_idle"]
        )
        worker.configure_signals()
        warm_all()  # a long-running process: what the first job would read, read before any job
        worker.run()
