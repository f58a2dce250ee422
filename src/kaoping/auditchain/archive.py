"""``kaoping audit archive --before DATE -o FILE``: move the chain's entries older than DATE
(and the audit rows they seal) out of the database into one file, never entries younger than
``AUDIT_KEEP_DAYS`` (180). The cut is a prefix of the chain: the file records the MAC the first
archived entry follows and the last one's, the database keeps a sealed ``Cut``, so ``verify``
goes on from the cut, and ``verify --archive`` checks the files and their continuity.

The file is JSON lines: a header, then one line per entry with the sealed content as its digest
was computed (and every column of the row, to read it later) — but personal data encrypted, as
stored (``archived``: verified with the data key, read through ``kaoping audit reveal``)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from kaoping.auditchain.archived import FORMAT, archive_mac, encrypted_names, hidden, verify_archive
from kaoping.auditchain.chain import chained_models, lock
from kaoping.auditchain.models import Cut, Link
from kaoping.auditchain.seal import GENESIS, canonical, content, dumps, file_sha256, key, key_id
from kaoping.auditchain.verify import cut_seal

__all__ = ["ArchiveRefused", "Archived", "archive", "archive_mac", "verify_archive"]


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
    names, model = encrypted_names(type(row)), type(row)
    record = {f.attname: canonical(f, getattr(row, f.attname)) for f in row._meta.concrete_fields}
    return {n: (hidden(model, n, v) if n in names else v) for n, v in record.items()}


def _content(row: models.Model) -> str:
    """The sealed content, personal data encrypted."""
    names, model = encrypted_names(type(row)), type(row)
    if not names:
        return content(row).decode("utf-8")
    pairs = json.loads(content(row))
    return dumps([[n, hidden(model, n, v) if n in names else v] for n, v in pairs]).decode("utf-8")


def _encrypted() -> dict[str, list[str]]:
    """The encrypted fields of each kind (the header says them, for verify and reveal)."""
    found = {kind: encrypted_names(model) for kind, model in chained_models().items()}
    return {kind: names for kind, names in found.items() if names}


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
        entry.update(key=link.key, at=link.at.isoformat(), content=_content(row), record=_record(row))
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
        header.update(encrypted=_encrypted())
        data = "\n".join([json.dumps(header, ensure_ascii=False), *_lines(links)]) + "\n"
        target.write_text(data, encoding="utf-8")
        made = Cut(seq=links[-1].seq, mac=links[-1].mac, first=start + 1, archive=target.name)
        made.sha256, made.at, made.key = file_sha256(data.encode("utf-8")), timezone.now(), key_id(key())
        made.seal = cut_seal(key(), made)
        made.save(force_insert=True)
        _remove(links)
    return Archived(start + 1, links[-1].seq, target)
