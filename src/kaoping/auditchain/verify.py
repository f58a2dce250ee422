"""``kaoping audit verify``: walk the chain from its last cut and report, each at its position
in the sequence, every entry whose row was changed or removed, every row inserted beside the
chain, every MAC that does not hold under the key (the chain recomputed without it), and a tail
shorter than the last anchor says. Each entry is checked under the key the chain's rotations
say it must have (``keys.Schedule``); the report says which key covered which range."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from django.db import models

from kaoping.auditchain.anchor import Anchor, last_anchor
from kaoping.auditchain.chain import chained_models
from kaoping.auditchain.keys import ROTATION, KeyRange, Schedule
from kaoping.auditchain.models import Cut, Link
from kaoping.auditchain.seal import GENESIS, content, digest, key, key_id, link_mac, mac, ring

BATCH = 5000
CHANGED, REMOVED, INSERTED, FORGED, TRUNCATED = "changed", "removed", "inserted", "forged", "truncated"
UNKEYED = "unkeyed"  # sealed with a key not configured: the MACs could not be checked


@dataclass(frozen=True)
class Problem:
    kind: str  # CHANGED, REMOVED, INSERTED, FORGED, TRUNCATED, UNKEYED
    position: int  # the sequence number it concerns (INSERTED: the entry it follows)
    text: str  # in Chinese, for the operator and the 审计管理员


@dataclass
class Report:
    start: int = 0  # the last entry archived (0: none)
    entries: int = 0
    head: int = 0
    anchor: Anchor | None = None
    problems: list[Problem] = field(default_factory=list)
    keys: list[KeyRange] = field(default_factory=list)  # which key covered which range

    @property
    def intact(self) -> bool:
        return not self.problems


def start_of_chain(report: Report) -> tuple[int, str]:
    """(sequence, MAC) the walk starts after: the last cut, whose own seal must hold."""
    cut = Cut.objects.order_by("-seq").first()
    if cut is None:
        return 0, GENESIS
    secret = ring().get(cut.key or key_id(key()))
    if secret is None:
        text = (
            f"第 {cut.seq} 条处的归档记录由密钥（编号 {cut.key}）校验，该密钥未配置（KAOPING_AUDIT_KEYS_OLD）"
        )
        report.problems.append(Problem(UNKEYED, cut.seq, text))
    elif cut.seal != cut_seal(secret, cut):
        text = f"第 {cut.seq} 条处的归档记录校验码不符：归档记录被伪造或修改"
        report.problems.append(Problem(FORGED, cut.seq, text))
    return cut.seq, cut.mac


def cut_seal(secret: bytes, cut: Cut) -> str:
    return mac(secret, "cut", cut.seq, cut.mac, cut.first, cut.archive, cut.sha256)


def _batches(after: int) -> Iterator[list[Link]]:
    while True:
        links = list(Link.objects.filter(seq__gt=after).order_by("seq")[:BATCH])
        if not links:
            return
        yield links
        after = links[-1].seq


def _rows(links: list[Link], kinds: dict[str, type[models.Model]]) -> dict[tuple[str, int], models.Model]:
    wanted: dict[str, list[int]] = {}
    for link in links:
        wanted.setdefault(link.kind, []).append(link.row)
    found: dict[tuple[str, int], models.Model] = {}
    for kind, ids in wanted.items():
        model = kinds.get(kind)
        if model is not None:
            found.update(((kind, pk), row) for pk, row in model._default_manager.in_bulk(ids).items())
    return found


def _name(kinds: dict[str, type[models.Model]], kind: str) -> str:
    model = kinds.get(kind)
    return str(model._meta.verbose_name) if model is not None else kind


def _check(
    link: Link, row: models.Model | None, previous: str | None, secret: bytes | None, name: str
) -> Problem | None:
    """What is wrong with one entry, given the MAC stored in the one before it (None: that one
    was removed) and its key (None: not configured) — without either, only the row's content
    can be checked."""
    where = f"第 {link.seq} 条审计记录（{name}，编号 {link.row}）"
    if row is None:
        return Problem(REMOVED, link.seq, f"{where}已被删除")
    forged = (
        previous is not None
        and secret is not None
        and link.mac != link_mac(secret, link.seq, link.kind, link.row, link.digest, previous)
    )
    if forged:
        return Problem(FORGED, link.seq, f"{where}的校验码不符：审计链自此被改写（不是用本系统的密钥计算的）")
    if digest(content(row)) != link.digest:
        return Problem(CHANGED, link.seq, f"{where}的内容在记入后被修改")
    return None


def _keyed(schedule: Schedule, link: Link, row: models.Model | None, report: Report) -> bytes | None:
    """The key of ``link`` by the schedule (a rotation's row moves it on); a link naming another
    key is reported."""
    rotation = (
        (str(getattr(row, "old", "")), str(getattr(row, "new", "")))
        if link.kind == ROTATION and row
        else None
    )
    secret, wrong = schedule.step(link.seq, link.key, rotation)
    if wrong:
        report.problems.append(Problem(FORGED, link.seq, f"第 {link.seq} 条审计记录{wrong}"))
    return secret


def walk(report: Report) -> dict[str, set[int]]:
    """Check every entry after the start; returns the rows the chain seals, by kind."""
    kinds, sealed, schedule = chained_models(), dict[str, set[int]](), Schedule()
    expected, previous = start_of_chain(report)
    report.start = expected
    for links in _batches(expected):
        rows = _rows(links, kinds)
        for link in links:
            gap = link.seq != expected + 1
            if gap:
                more = f"至第 {link.seq - 1} 条" if link.seq - 1 > expected + 1 else ""
                gone = f"第 {expected + 1} 条{more}"
                report.problems.append(Problem(REMOVED, expected + 1, f"{gone}审计记录已被删除（序号中断）"))
            row = rows.get((link.kind, link.row))
            secret = _keyed(schedule, link, row, report)
            problem = _check(link, row, None if gap else previous, secret, _name(kinds, link.kind))
            if problem is not None:
                report.problems.append(problem)
            sealed.setdefault(link.kind, set()).add(link.row)
            expected, previous = link.seq, link.mac
            report.entries += 1
    report.head = expected
    report.keys = schedule.ranges
    for unknown in schedule.unconfigured():
        text = f"第 {unknown.first} 至 {unknown.last} 条由密钥（编号 {unknown.key}）封存，该密钥未配置"
        text += "（KAOPING_AUDIT_KEYS_OLD）：这些条目的校验码无法核对"
        report.problems.append(Problem(UNKEYED, unknown.first, text))
    return sealed


def unsealed(report: Report, sealed: dict[str, set[int]]) -> None:
    """Rows of the audit tables that no entry seals: inserted beside the chain."""
    for kind, model in chained_models().items():
        mine = sealed.get(kind, set())
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True).iterator():
            if pk in mine:
                continue
            before = Link.objects.filter(kind=kind, row__lt=pk).order_by("-row").values_list("seq", flat=True)
            after = before.first() or report.start
            name = model._meta.verbose_name
            text = f"{name}（编号 {pk}）不在审计链中：在第 {after} 条之后插入，未经本系统记入"
            report.problems.append(Problem(INSERTED, after, text))


def against_anchor(report: Report, anchor: Anchor | None) -> None:
    """The tail against the last anchor written outside the database."""
    report.anchor = anchor
    if anchor is None or anchor.seq <= report.start:
        return
    if report.head < anchor.seq:
        lost = anchor.seq - report.head
        text = f"审计链在第 {report.head} 条结束，但 {anchor.at} 的锚点记到第 {anchor.seq} 条："
        text += f"末尾 {lost} 条已被删除"
        report.problems.append(Problem(TRUNCATED, report.head + 1, text))
        return
    stored = Link.objects.filter(seq=anchor.seq).values_list("mac", flat=True).first()
    if stored is not None and stored != anchor.mac:
        text = f"第 {anchor.seq} 条的校验码与 {anchor.at} 的锚点不符：审计链在锚定之后被改写"
        report.problems.append(Problem(FORGED, anchor.seq, text))


def verify(anchor_source: str | None = None) -> Report:
    """The whole check; problems sorted by position, the first is where the chain first breaks."""
    report = Report()
    sealed = walk(report)
    unsealed(report, sealed)
    against_anchor(report, last_anchor(anchor_source))
    report.problems.sort(key=lambda p: p.position)
    return report
