"""``kaoping jobs list|show ID|wait ID [-o FILE]|start KIND [--param k=v …] [--wait] [-o FILE]``.

``wait`` shows the job's progress on standard error until it is done, then writes its file
(``-o``); exit 0 done, 3 failed. ``start`` asks for a job as the server's command line, e.g.
``kaoping jobs start survey_pdf --param campaign=demo-2015 --param org=320000 --wait -o all.pdf``;
``kaoping jobs start selftest --wait`` checks that workers are running.
"""

from __future__ import annotations

import sys
import time
import uuid
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandParser
from django.http import Http404

from kaoping.cli.base import ProductCommand, cli_actor
from kaoping.jobs import queue
from kaoping.jobs.kinds import KINDS, JobRefused
from kaoping.jobs.models import Job
from kaoping.jobs.status import describe
from kaoping.limits import limiter


class Command(ProductCommand):
    help = "后台任务：列出、查看、等待（显示进度）、启动"

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_format(parser)
        parser.add_argument("action", choices=["list", "show", "wait", "start"])
        parser.add_argument("target", nargs="?", default="", help="任务编号（show、wait）或任务类型（start）")
        parser.add_argument("--param", action="append", default=[], help="start 的参数 key=value")
        parser.add_argument("--wait", action="store_true", help="start 后等待完成")
        parser.add_argument("-o", "--output", default="", help="完成后写入结果文件")
        parser.add_argument("--timeout", type=float, default=0, help="最多等待多少秒（0：不限）")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "list":
            jobs = Job.objects.order_by("-created_at")[:50]
            if options["format"] == "json":
                self.emit_json([describe(job) for job in jobs])
            for job in jobs if options["format"] == "text" else []:
                self.stdout.write(f"{job.pk}  {job.get_status_display()}  {job.percent:3d}%  {job.label}")
            return
        job = self.started(options) if action == "start" else self.job(options["target"])
        if action == "wait" or options["wait"]:
            job = self.follow(job, options["timeout"])
            self.write_result(job, options["output"])
        if options["format"] == "json":
            self.emit_json(describe(job))
        else:
            self.stdout.write(f"{job.pk}  {job.get_status_display()}  {job.percent}%  {job.message}")
        if job.status == Job.FAILED:
            raise self.refuse(f"任务失败：{job.error}")

    def job(self, target: str) -> Job:
        try:
            found = Job.objects.filter(pk=uuid.UUID(target)).first()
        except ValueError:
            found = None
        if found is None:
            raise self.refuse(f"后台任务 {target} 不存在")
        return found

    def started(self, options: dict[str, Any]) -> Job:
        if options["target"] not in KINDS:
            raise self.usage(f"任务类型应为：{'、'.join(sorted(KINDS))}")
        params = dict(p.split("=", 1) for p in options["param"] if "=" in p)
        try:
            return queue.start(cli_actor(), options["target"], params)
        except (JobRefused, PermissionDenied, Http404, limiter.Busy) as error:
            raise self.refuse(str(error) or "无权启动该任务") from error

    def follow(self, job: Job, timeout: float) -> Job:
        """Show a progress bar on standard error until the job is done or failed."""
        began, shown = time.monotonic(), ""
        while True:
            job.refresh_from_db()
            bar = "#" * (job.percent // 5)
            line = f"\r[{bar:<20}] {job.percent:3d}% {job.message[:40]:<40}"
            if line != shown:
                sys.stderr.write(line)
                sys.stderr.flush()
                shown = line
            if job.finished:
                sys.stderr.write("\n")
                return job
            if timeout and time.monotonic() - began > timeout:
                sys.stderr.write("\n")
                raise self.refuse(f"等待超时（{timeout:g} 秒）：任务仍为{job.get_status_display()}")
            time.sleep(0.5)

    def write_result(self, job: Job, output: str) -> None:
        path = queue.result_file(job)
        if output and job.status == Job.DONE and path is not None:
            Path(output).write_bytes(path.read_bytes())
            self.stderr.write(f"已写入 {output}（{path.stat().st_size} 字节）")
