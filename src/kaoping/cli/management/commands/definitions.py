"""``kaoping definitions check [PATH ...]`` and ``kaoping definitions dump ID[@VERSION]``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import CommandParser

from kaoping.cli.base import EXIT_FINDINGS, ProductCommand
from kaoping.collection.campaigns import definitions_root
from kaoping.core.definitions.dump import dump_survey
from kaoping.core.definitions.loader import DefinitionError, check_paths, find_definition, load_survey


class Command(ProductCommand):
    help = "检查或导出调查表定义"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        check = sub.add_parser("check", help="检查定义文件")
        check.add_argument("paths", nargs="*", help="定义目录或 survey.yaml（默认：全部定义）")
        self.add_format(check)
        dump = sub.add_parser("dump", help="导出定义结构")
        dump.add_argument("ref", help="如 survey-2015 或 survey-2015@1")
        self.add_format(dump)

    def handle(self, *args: Any, **options: Any) -> None:
        if options["action"] == "check":
            self._check(options)
        else:
            self._dump(options)

    def _check(self, options: dict[str, Any]) -> None:
        root = definitions_root()
        # Default: every survey definition under the definitions directory.
        paths = [Path(p) for p in options["paths"]] or sorted(p.parent for p in root.rglob("survey.yaml"))
        problems = check_paths(paths)
        if options["format"] == "json":
            self.emit_json({"problems": [str(p) for p in problems], "ok": not problems})
        else:
            for problem in problems:
                self.stdout.write(str(problem))
            if not problems:
                self.stderr.write(f"定义检查通过：{len(paths)} 个")
        if problems:
            raise SystemExit(EXIT_FINDINGS)

    def _dump(self, options: dict[str, Any]) -> None:
        try:
            survey = load_survey(find_definition(definitions_root(), options["ref"]))
        except DefinitionError as exc:
            for problem in exc.problems:
                self.stderr.write(str(problem))
            raise self.refuse(f"无法载入定义 {options['ref']}") from exc
        self.emit_json(dump_survey(survey))
