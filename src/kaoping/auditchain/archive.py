"""``kaoping audit archive --before DATE -o FILE``: move the chain's entries older than DATE
(and the audit rows they seal) out of the database into one file, never entries younger than
``AUDIT_KEEP_DAYS`` (180). The cut is a prefix of the chain: the file records the MAC the first
archived entry follows and the last one's, the database keeps a sealed ``Cut``, so ``verify``
goes on from the cut, and ``verify --archive`` checks the files and their continuity.

The file is JSON lines: a header, then one line per entry with the sealed content exactly as
its digest was computed (and every column of the row, to read it later)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from kaoping.auditchain.chain import chained_models, lock
from kaoping.auditchain.models import Cut, Link
from kaoping.auditchain.seal import GENESIS, canonical, content, digest, file_sha256, key, link_mac
from kaoping.auditchain.verify import cut_seal

FORMAT = "kaoping-audit-archive/1"


class ArchiveRefused(Exception):
    """Nothing was archived; the message says why, in Chinese."""


@dataclass(frozen=True)
class Archived:
    first: int
    last: int
    path: Path


def earliest_allowed(today: dt.date) -> dt.date:
    return today - dt.timedelta(days=settings.AUDIT_KEEP_DAYS)


def _record(row: models.Model) -> dict[str, Any]:
    return {f.attname: canonical(f, getattr(row, f.attname)) for f in row._meta.concrete_fields}


def _lines(links: list[Link]) -> list[str]:
    kinds, out = chained_models(), []
    rows: dict[tuple[str, int], models.Model] = {}
    for kind, model in kinds.items():
        ids = [link.row for link in links if link.kind == kind]
        rows.update(((kind, pk), r) for pk, r in model._default_manager.in_bulk(ids).items())
    for link in links:
        row = rows.get((link.kind, link.row))
        if row is None:
            raise ArchiveRefused(f"第 {link.seq} 条审计记录所指的记录已不存在：先运行 kaoping audit verify")
        entry = {"seq": link.seq, "kind": link.kind, "row": link.row, "digest": link.digest, "mac": link.mac}
        entry.update(at=link.at.isoformat(), content=content(row).decode("utf-8"), record=_record(row))
        out.append(json.dumps(entry, ensure_ascii=False))
    return out


def _remove(links: list[Link]) -> None:
    for kind, model in chained_models().items():
        ids = [link.row for link in links if link.kind == kind]
        for start in range(0, len(ids), 1000):
            model._base_manager.filter(pk__in=ids[start : start + 1000]).delete()
    Link.objects.filter(seq__lte=links[-1].seq).delete()


def archive(before: dt.date, target: Path, today: dt.date | None = None) -> Archived:
    """Archive every entry appended before ``before`` (Asia/Shanghai midnight) into ``target``."""
    today = today or timezone.localdate()
    if before > earliest_allowed(today):
        keep, latest = settings.AUDIT_KEEP_DAYS, earliest_allowed(today)
        raise ArchiveRefused(f"审计记录至少保留 {keep} 天：只能归档 {latest} 及以前的记录")
    if target.exists():
        raise ArchiveRefused(f"文件 {target} 已存在：请换一个文件名")
    cutoff = dt.datetime.combine(before, dt.time(), timezone.get_current_timezone())
    with transaction.atomic():
        lock()  # no entry is appended meanwhile
        cut = Cut.objects.order_by("-seq").first()
        start, previous = (cut.seq, cut.mac) if cut else (0, GENESIS)
        younger = Link.objects.filter(at__gte=cutoff).order_by("seq").values_list("seq", flat=True).first()
        older = Link.objects.filter(seq__gt=start, **({"seq__lt": younger} if younger else {}))
        links = list(older.order_by("seq"))
        if not links:
            raise ArchiveRefused(f"{before} 以前没有尚未归档的审计记录")
        header = {"format": FORMAT, "first": start + 1, "last": links[-1].seq, "previous": previous}
        header.update(mac=links[-1].mac, before=before.isoformat(), created=timezone.now().isoformat())
        data = "\n".join([json.dumps(header, ensure_ascii=False), *_lines(links)]) + "\n"
        target.write_text(data, encoding="utf-8")
        made = Cut(seq=links[-1].seq, mac=links[-1].mac, first=start + 1, archive=target.name)
        made.sha256, made.at = file_sha256(data.encode("utf-8")), timezone.now()
        made.seal = cut_seal(key(), made)
        made.save(force_insert=True)
        _remove(links)
    return Archived(start + 1, links[-1].seq, target)


def verify_archive(path: Path, previous: str | None = None) -> list[str]:
    """Problems of one archive file (empty: intact): each entry's digest and MAC, the sequence,
    the header's continuity with ``previous`` (the MAC the file must follow) and its cut."""
    data = path.read_bytes()
    lines = data.decode("utf-8").splitlines()
    header, problems, secret = json.loads(lines[0]), [], key()
    if header.get("format") != FORMAT:
        return [f"{path.name}：不是审计归档文件"]
    mac, seq = header["previous"], header["first"] - 1
    if previous is not None and mac != previous:
        problems.append(f"{path.name}：与前一个归档不衔接（第 {header['first']} 条之前的校验码不符）")
    for line in lines[1:]:
        entry = json.loads(line)
        seq += 1
        if entry["seq"] != seq:
            problems.append(f"{path.name}：第 {seq} 条缺失")
            seq = entry["seq"]
        elif digest(entry["content"].encode("utf-8")) != entry["digest"]:
            problems.append(f"{path.name}：第 {seq} 条的内容被修改")
        elif link_mac(secret, seq, entry["kind"], entry["row"], entry["digest"], mac) != entry["mac"]:
            problems.append(f"{path.name}：第 {seq} 条的校验码不符")
        mac = entry["mac"]
    if seq != header["last"] or mac != header["mac"]:
        problems.append(f"{path.name}：文件在第 {seq} 条处结束，与文件头（第 {header['last']} 条）不符")
    cut = Cut.objects.filter(seq=header["last"]).first()
    if cut is not None and cut.sha256 != file_sha256(data):
        problems.append(f"{path.name}：文件与数据库中的归档记录（摘要）不符")
    return problems


def archive_mac(path: Path) -> str:
    """The MAC of the last entry an archive file holds (the next file or cut follows it)."""
    with path.open(encoding="utf-8") as lines:
        return str(json.loads(lines.readline())["mac"])
