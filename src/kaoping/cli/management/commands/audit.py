"""``kaoping audit verify|anchor|archive|reveal|rotate-key|grants`` — the tamper-evident audit
chain (docs/deploy.md 审计, docs/architecture.md "The audit chain").

- ``verify [--anchor FILE] [--archive FILE …]``: exit 0 intact, 1 with the problems found,
  each at its position in the chain (the first is where it first breaks), and which key
  covered which range;
- ``anchor [--to FILE|syslog]``: append the head to the anchor file (or syslog);
- ``archive --before DATE -o FILE``: entries older than DATE (at least 180 days) to FILE, the
  personal data in it encrypted as stored;
- ``reveal --archive FILE -o FILE``: a copy of an archive file with the personal data decrypted,
  for the 审计管理员 to read; recorded as a configuration change by the operator;
- ``rotate-key``: the current ``KAOPING_AUDIT_KEY`` seals the chain from a new entry on (the old
  key in ``KAOPING_AUDIT_KEYS_OLD``);
- ``grants --role NAME``: the SQL that lets the application's PostgreSQL role only read and
  append to the audit tables.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import CommandError, CommandParser

from kaoping.auditchain.anchor import anchor_now
from kaoping.auditchain.archive import ArchiveRefused, archive, archive_mac, verify_archive
from kaoping.auditchain.archived import reveal
from kaoping.auditchain.chain import head
from kaoping.auditchain.grants import BadRole, grant_sql
from kaoping.auditchain.keys import RotationRefused, rotate
from kaoping.auditchain.verify import Report, verify
from kaoping.cli.base import EXIT_FINDINGS, ProductCommand, cli_actor
from kaoping.orgs.configlog import record_config

SHOWN = 20  # problems printed in text; the JSON lists them all


class Command(ProductCommand):
    help = (
        "审计链：校验（verify）、锚定（anchor）、归档（archive）、解密查阅归档（reveal）、"
        "更换密钥（rotate-key）、数据库授权语句（grants）"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        self.add_format(parser)
        parser.add_argument(
            "action", choices=["verify", "anchor", "archive", "reveal", "rotate-key", "grants"]
        )
        parser.add_argument("--anchor", default=None, help="verify：锚点文件（默认为 KAOPING_AUDIT_ANCHOR）")
        parser.add_argument(
            "--archive",
            nargs="*",
            default=[],
            help="verify：一并校验的归档文件，按时间顺序；reveal：要解密查阅的归档文件",
        )
        parser.add_argument("--to", default=None, help="anchor：写入的文件或 syslog（默认同上）")
        parser.add_argument("--before", default="", help="archive：归档此日期（YYYY-MM-DD）以前的记录")
        parser.add_argument("-o", "--output", default="", help="archive：归档文件；reveal：解密后的副本")
        parser.add_argument("--role", default="", help="grants：应用程序使用的数据库角色")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if action == "grants":
            try:
                self.stdout.write("\n".join(grant_sql(options["role"])))
            except BadRole as refused:
                raise self.usage(str(refused)) from None
        elif action == "anchor":
            made = anchor_now(target=options["to"])
            self.stdout.write(f"已锚定：第 {made.seq} 条（{made.at}）")
        elif action == "archive":
            self.archive(options["before"], options["output"])
        elif action == "reveal":
            self.reveal(options["archive"], options["output"])
        elif action == "rotate-key":
            self.rotate()
        else:
            self.verify(options)

    def archive(self, before: str, output: str) -> None:
        if not before or not output:
            raise self.usage("archive 需要 --before YYYY-MM-DD 和 -o 文件")
        try:
            done = archive(dt.date.fromisoformat(before), Path(output))
        except ValueError:
            raise self.usage(f"日期 {before!r} 不是 YYYY-MM-DD") from None
        except ArchiveRefused as refused:
            raise self.refuse(str(refused)) from None
        self.stdout.write(f"已归档第 {done.first} 至 {done.last} 条审计记录到 {done.path}")

    def rotate(self) -> None:
        try:
            made = rotate(cli_actor().username)
        except RotationRefused as refused:
            raise self.refuse(str(refused)) from None
        seq = head()[0]  # the rotation's entry: its words for the configuration changes' page
        record_config(cli_actor(), "审计密钥轮换", "", None, "", f"自审计链第 {seq} 条起使用新密钥")
        self.stdout.write(f"已更换审计密钥：自第 {seq} 条（本次轮换）起用密钥 {made.new}，此前为 {made.old}")

    def reveal(self, sources: list[str], output: str) -> None:
        """The archive with personal data in clear, for reading; who did it goes into the audit."""
        if len(sources) != 1 or not output:
            raise self.usage("reveal 需要 --archive 归档文件 和 -o 解密后的副本")
        source, target = Path(sources[0]), Path(output)
        try:
            first, last = reveal(source, target)
        except FileExistsError:
            raise self.refuse(f"文件 {target} 已存在：请换一个文件名") from None
        except (OSError, ValueError) as refused:
            raise self.refuse(f"无法读取归档文件 {source}：{refused}") from None
        done = f"归档文件 {source.name} 第 {first} 至 {last} 条，解密副本 {target}"
        record_config(cli_actor(), "审计归档解密查阅", source.name, None, "", done)
        self.stdout.write(f"已将 {source} {done}（含个人信息明文，阅后请销毁）")

    def verify(self, options: dict[str, Any]) -> None:
        report = verify(options["anchor"])
        archived = self.archives(options["archive"])
        if options["format"] == "json":
            self.emit_json(_document(report, archived))
        else:
            self.stdout.write(_text(report, archived))
        if report.problems or archived:
            raise self.findings("审计链校验未通过")

    def archives(self, paths: list[str]) -> list[str]:
        """The archive files' problems, each checked to follow the one before it."""
        problems: list[str] = []
        previous: str | None = None
        for name in paths:
            problems += verify_archive(Path(name), previous)
            previous = archive_mac(Path(name))
        return problems

    def findings(self, message: str) -> CommandError:
        return CommandError(message, returncode=EXIT_FINDINGS)


def _document(report: Report, archived: list[str]) -> dict[str, object]:
    anchor = report.anchor
    return {
        "intact": report.intact and not archived,
        "start": report.start,
        "entries": report.entries,
        "head": report.head,
        "anchor": None if anchor is None else {"seq": anchor.seq, "at": anchor.at},
        "keys": [
            {"key": k.key, "first": k.first, "last": k.last, "configured": k.configured} for k in report.keys
        ],
        "problems": [{"kind": p.kind, "position": p.position, "text": p.text} for p in report.problems],
        "archives": archived,
    }


def _text(report: Report, archived: list[str]) -> str:
    anchor = report.anchor
    anchored = f"；最近锚点：第 {anchor.seq} 条（{anchor.at}）" if anchor else "；没有锚点"
    since = f"（第 {report.start} 条及以前已归档）" if report.start else ""
    lines = [f"审计链共 {report.entries} 条{since}，至第 {report.head} 条{anchored}"]
    for k in report.keys:
        lines.append(
            f"密钥 {k.key}：第 {k.first} 至 {k.last} 条{'' if k.configured else '（未配置，无法核对）'}"
        )
    if report.intact and not archived:
        lines.append("校验通过：没有发现修改、删除、插入或改写。")
    for problem in report.problems[:SHOWN]:
        lines.append(f"第 {problem.position} 条：{problem.text}")
    if len(report.problems) > SHOWN:
        lines.append(f"……另有 {len(report.problems) - SHOWN} 处（--format json 列出全部）")
    lines += archived
    return "\n".join(lines)
