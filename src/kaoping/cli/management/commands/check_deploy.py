"""``kaoping check-deploy``: report what is unsafe (Django's deploy checks plus the product's own,
of the settings and of what the database holds: demo accounts, a superuser under 三员分立).

Exit 0 when nothing is unsafe, 1 otherwise; ``--format json`` prints ``[{"key", "message",
"fatal"}]``.
"""

from __future__ import annotations

import json
import sys
from typing import Any

from django.core import checks
from django.core.management.base import BaseCommand, CommandParser

from kaoping.demo import DEMO_PASSWORD
from kaoping.ops.deploycheck import Problem, data_problems, problems


def django_deploy_problems() -> list[Problem]:
    found = checks.run_checks(include_deployment_checks=True)
    return [
        Problem(f"django:{m.id}", f"{m.msg}{'（' + m.hint + '）' if m.hint else ''}", m.level >= checks.ERROR)
        for m in found
        if m.level >= checks.WARNING
    ]


class Command(BaseCommand):
    help = "检查生产部署中不安全的配置"
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args: Any, **options: Any) -> None:
        found = problems() + data_problems(DEMO_PASSWORD) + django_deploy_problems()
        if options["format"] == "json":
            doc = [{"key": p.key, "message": p.message, "fatal": p.fatal} for p in found]
            self.stdout.write(json.dumps(doc, ensure_ascii=False, indent=2))
        elif not found:
            self.stdout.write("未发现不安全的配置")
        else:
            for p in found:
                self.stdout.write(f"{'严重' if p.fatal else '警告'}  {p.key}: {p.message}")
        sys.exit(1 if found else 0)
