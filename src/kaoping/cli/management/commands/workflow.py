"""``kaoping workflow status|submit|return|approve|lock|unlock|attach --campaign ID --org CODE``.

The same services as the 报送与审核 page and the API, acting as ``cli:<os user>`` with full
rights (docs/spec.md §2.7). ``--format json`` prints the state document of ``GET …/workflow`` (status,
history, comments, attachments); a refusal prints ``{"refused": reason}`` (a refused 上报 adds
``blockers`` and the blocking ``findings``). Exit 0 done, 1 上报 blocked by findings, 2 wrong
usage, 3 refused (state, reason missing, unknown campaign or organisation, file not accepted).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.management.base import CommandParser, DjangoHelpFormatter

from kaoping.cli.base import (
    EXIT_FINDINGS,
    EXIT_REFUSED,
    ProductCommand,
    cli_actor,
    survey_campaign,
)
from kaoping.collection.models import Campaign
from kaoping.orgs.actors import Actor
from kaoping.workflow import services
from kaoping.workflow.attachments import add_attachment
from kaoping.workflow.documents import state_json, submit_refusal_json
from kaoping.workflow.services import CommentDraft, WorkflowError

EPILOG = """示例：
  kaoping workflow status --campaign demo-2015 --org 320100 --format json
  kaoping workflow submit --campaign demo-2015 --org 320100 [--note 上报说明]
  kaoping workflow return --campaign demo-2015 --org 320100 --reason 请核实 \\
      --comment T09:320100:staff=人数偏少
  kaoping workflow approve --campaign demo-2015 --org 320100
  kaoping workflow lock --campaign demo-2015 --org 320100
  kaoping workflow unlock --campaign demo-2015 --org 320100 --reason 更正来电数
  kaoping workflow attach 表1盖章.pdf --campaign demo-2015 --org 320000
退出码：0 完成；1 有错误或未说明的提示，不能上报；2 用法错误；3 被拒绝（状态不允许、缺少原因等）。"""


class HelpWithExamples(DjangoHelpFormatter, argparse.RawDescriptionHelpFormatter):
    """Django's help layout, the examples kept line by line."""


def parse_comment(text: str) -> CommentDraft:
    """``表:行:列=意见`` (行、列可省略：``T09=意见``、``T09:320100=意见``)."""
    place, sep, said = text.partition("=")
    if not sep or not said.strip() or not place:
        raise ValueError(text)
    table, _, rest = place.partition(":")
    row, _, column = rest.partition(":")
    return CommentDraft(table, row, column, said)


class Command(ProductCommand):
    help = "报送与审核：查看状态、上报、退回、审核通过、锁定、解锁、上传附件"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.epilog, parser.formatter_class = EPILOG, HelpWithExamples
        sub = parser.add_subparsers(dest="action", required=True)
        self._org_args(sub.add_parser("status", help="报送状态与操作记录"))
        submit = self._org_args(sub.add_parser("submit", help="上报（市负责人 / 省审核员的操作）"))
        submit.add_argument("--note", default="", help="上报说明（有已说明的提示时必填，即强制上报）")
        returning = self._org_args(sub.add_parser("return", help="退回，须填写原因"))
        returning.add_argument("--reason", required=True, help="退回原因")
        returning.add_argument(
            "--comment",
            action="append",
            default=[],
            metavar="表:行:列=意见",
            help="单元格意见，可多次给出，如 T09:320100:staff=人数偏少",
        )
        approve = self._org_args(sub.add_parser("approve", help="审核通过"))
        approve.add_argument("--text", default="", help="审核意见")
        locking = self._org_args(sub.add_parser("lock", help="锁定已审核的数据"))
        locking.add_argument("--reason", default="审核通过后锁定", help="锁定原因")
        unlocking = self._org_args(sub.add_parser("unlock", help="解锁，须填写原因"))
        unlocking.add_argument("--reason", required=True, help="解锁原因")
        attach = self._org_args(sub.add_parser("attach", help="上传加盖公章的表1扫描件（PDF、PNG、JPEG）"))
        attach.add_argument("file")

    def _org_args(self, parser: CommandParser) -> CommandParser:
        parser.add_argument("--campaign", required=True, help="任务编号，如 demo-2015")
        parser.add_argument("--org", required=True, help="单位代码，如 320100")
        self.add_format(parser)
        return parser

    def handle(self, *args: Any, **options: Any) -> None:
        campaign = survey_campaign(self, options["campaign"])
        org, action = options["org"], options["action"]
        try:
            self._move(action, options)(cli_actor(), campaign, org)
        except (WorkflowError, PermissionDenied) as error:
            self._refused(campaign, org, action, options, getattr(error, "message", str(error)))
        self._print(state_json(cli_actor(), campaign, org), options["format"])

    def _move(self, action: str, options: dict[str, Any]) -> Callable[[Any, Any, str], object]:
        moves: dict[str, Callable[[Any, Any, str], object]] = {
            "status": lambda u, c, o: services.check_member(c, o),
            "submit": lambda u, c, o: services.submit(u, c, o, options.get("note", "")),
            "return": lambda u, c, o: services.return_submission(
                u, c, o, options["reason"], self._comments(options)
            ),
            "approve": lambda u, c, o: services.approve(u, c, o, options.get("text", "")),
            "lock": lambda u, c, o: services.lock(u, c, o, options.get("reason", "")),
            "unlock": lambda u, c, o: services.unlock(u, c, o, options["reason"]),
            "attach": lambda u, c, o: self._attach(u, c, o, Path(options["file"])),
        }
        return moves[action]

    def _comments(self, options: dict[str, Any]) -> list[CommentDraft]:
        try:
            return [parse_comment(text) for text in options["comment"]]
        except ValueError as bad:
            raise self.usage(f"--comment {bad} 格式应为 表:行:列=意见，如 T09:320100:staff=人数偏少") from bad

    def _attach(self, user: Actor, campaign: Campaign, org: str, path: Path) -> None:
        if not path.is_file():
            raise WorkflowError(f"文件 {path} 不存在")
        with path.open("rb") as stream:
            add_attachment(user, campaign, org, path.name, stream)

    def _refused(
        self, campaign: Campaign, org: str, action: str, options: dict[str, Any], message: str
    ) -> None:
        document: dict[str, Any] = {"refused": message}
        code = EXIT_REFUSED
        if action == "submit":
            refusal = submit_refusal_json(campaign, org, message, options.get("note", ""))
            document.update(blockers=refusal["blockers"], findings=refusal["findings"])
            code = EXIT_FINDINGS if refusal["findings"] else EXIT_REFUSED
        if options["format"] == "json":
            self.emit_json(document)
        for line in document.get("blockers") or [message]:
            self.stderr.write(line)
        raise SystemExit(code)

    def _print(self, state: dict[str, Any], fmt: str) -> None:
        if fmt == "json":
            self.emit_json(state)
            return
        self.stdout.write(f"{state['org']} {state['status_label']}（{state['status']}）{state['reason']}")
        for entry in state["history"]:
            self.stdout.write(
                f"{entry['at']}\t{entry['action_label']}\t{entry['old']}→{entry['new']}\t"
                f"{entry['actor']}\t{entry['text']}"
            )
