"""``kaoping serve``: the production server (gunicorn, workers from the CPU count, WhiteNoise static).

Every setting comes from the environment (see docs/deploy.md); the bind address from
``KAOPING_BIND`` (default 127.0.0.1:8000, behind nginx) and the worker count from
``KAOPING_WORKERS`` (default 2 × CPUs + 1); a worker is recycled after ``KAOPING_MAX_REQUESTS``
requests (default 2000, 0 never).
"""

from __future__ import annotations

import os
from typing import Any

from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand, CommandError, CommandParser


def default_workers() -> int:
    return 2 * (os.cpu_count() or 1) + 1


class Command(BaseCommand):
    help = "运行生产服务器（gunicorn）；配置全部来自环境变量"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--bind", default=os.environ.get("KAOPING_BIND", "127.0.0.1:8000"))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("KAOPING_WORKERS", 0)) or default_workers()
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("KAOPING_THREADS", 1)))
        parser.add_argument("--timeout", type=int, default=int(os.environ.get("KAOPING_TIMEOUT", 120)))
        parser.add_argument(  # recycle a worker after this many requests (memory); 0: never
            "--max-requests", type=int, default=int(os.environ.get("KAOPING_MAX_REQUESTS", 2000))
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        from kaoping.ops.deploycheck import problems

        fatal = [p for p in problems() if p.fatal]
        if fatal:
            raise CommandError("生产配置不安全，拒绝启动：\n" + "\n".join(f"  - {p.message}" for p in fatal))
        if settings.DEBUG:
            self.stderr.write("警告：KAOPING_DEBUG 已开启，不应用于生产环境")
        config = {
            "bind": options["bind"],
            "workers": options["workers"],
            "threads": options["threads"],
            "timeout": options["timeout"],
            "graceful_timeout": 30,
            "max_requests": options["max_requests"],  # recycle workers now and then (memory)
            "max_requests_jitter": options["max_requests"] // 10,
            "accesslog": "-",
            "errorlog": "-",
            "forwarded_allow_ips": os.environ.get("KAOPING_FORWARDED_ALLOW_IPS", "127.0.0.1"),
        }
        from kaoping.wsgi import application

        class Server(BaseApplication):  # type: ignore[misc]  # gunicorn has no types: its base is Any
            def load_config(self) -> None:
                for key, value in config.items():
                    self.cfg.set(key, value)

            def load(self) -> WSGIHandler:
                return application

        self.stderr.write(f"kaoping serve：{config['bind']}，{config['workers']} 个工作进程")
        Server().run()
