"""The archive files ``kaoping audit archive`` writes, read back: ``verify_archive`` checks one
file (each entry's digest, its MAC under the key the chain's rotations say, the sequence, the
continuity with the file before, the cut the database keeps); ``reveal`` writes a copy with the
personal data opened, for the 审计管理员 (the command records who did it).

Personal data — the fields a model marks ``ENCRYPTED`` (an account change's old and new names,
phones, e-mail addresses) — is written as the database stores it: SM4-GCM with its key id
(``sm4gcm$<key id>$…``); the header lists those fields by kind. The digest covers the plain text,
so checking a file needs the data key too (a retired one in ``KAOPING_DATA_KEYS_RETIRED``)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import connection, models

from kaoping.auditchain.chain import chained_models
from kaoping.auditchain.keys import ROTATION, Schedule
from kaoping.auditchain.models import Cut
from kaoping.auditchain.seal import digest, dumps, file_sha256, key, key_id, link_mac

FORMAT = "kaoping-audit-archive/1"


def encrypted_names(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if getattr(f, "ENCRYPTED", False)]


def hidden(model: type[models.Model], attname: str, value: Any) -> Any:
    """``value`` as the database stores it (encrypted; the empty text stays empty)."""
    field: Any = model._meta.get_field(attname)
    return field.get_db_prep_value(value, connection) if value else value


def _opened(model: type[models.Model], attname: str, value: Any) -> Any:
    field: Any = model._meta.get_field(attname)
    return field.from_db_value(value, None, connection) if isinstance(value, str) else value


def _open(kind: str, values: dict[str, Any], encrypted: dict[str, list[str]]) -> dict[str, Any]:
    names = encrypted.get(kind, [])
    model = chained_models().get(kind) if names else None
    if model is None:
        return values
    return {n: (_opened(model, n, v) if n in names else v) for n, v in values.items()}


def plain_content(entry: dict[str, Any], encrypted: dict[str, list[str]]) -> bytes:
    """The content the entry's digest was computed over (the personal data decrypted)."""
    if entry["kind"] not in encrypted:
        return str(entry["content"]).encode("utf-8")
    pairs = json.loads(entry["content"])
    opened = _open(entry["kind"], dict(pairs), encrypted)
    return dumps([[name, opened[name]] for name, _value in pairs])


def _problem(
    entry: dict[str, Any], seq: int, previous: str, schedule: Schedule, header: dict[str, Any]
) -> str:
    try:
        sealed = plain_content(entry, header.get("encrypted", {}))
    except Exception:  # kaoping.orgs.secret.Undecryptable, a layer above: no data key opens it
        return f"第 {seq} 条的个人信息无法解密：数据密钥未配置，或内容被修改"
    if digest(sealed) != entry["digest"]:
        return f"第 {seq} 条的内容被修改"
    values = dict(json.loads(sealed))
    rotation = (str(values.get("old")), str(values.get("new"))) if entry["kind"] == ROTATION else None
    claimed = entry.get("key") or key_id(key())  # files written before key ids: the current key
    secret, wrong = schedule.step(seq, claimed, rotation)
    if wrong:
        return f"第 {seq} 条{wrong}"
    if secret is None:
        return f"第 {seq} 条由未配置的密钥（编号 {schedule.expected}）封存：校验码无法核对"
    if link_mac(secret, seq, entry["kind"], entry["row"], entry["digest"], previous) != entry["mac"]:
        return f"第 {seq} 条的校验码不符"
    return ""


def verify_archive(path: Path, previous: str | None = None) -> list[str]:
    """Problems of one archive file (empty: intact): each entry's digest and MAC, the sequence,
    the header's continuity with ``previous`` (the MAC the file must follow) and its cut."""
    data = path.read_bytes()
    lines = data.decode("utf-8").splitlines()
    header, problems, schedule = json.loads(lines[0]), [], Schedule()
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
        elif problem := _problem(entry, seq, mac, schedule, header):
            problems.append(f"{path.name}：{problem}")
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


def reveal(path: Path, target: Path) -> tuple[int, int]:
    """Write ``target``: ``path`` with the personal data decrypted (content and record); returns
    the first and last entry. The copy is for reading: it holds personal data in clear."""
    lines = path.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])
    if header.get("format") != FORMAT:
        raise ValueError(f"{path.name} 不是审计归档文件")
    encrypted = header.get("encrypted", {})
    out = [json.dumps({**header, "revealed": True}, ensure_ascii=False)]
    for line in lines[1:]:
        entry = json.loads(line)
        entry["content"] = plain_content(entry, encrypted).decode("utf-8")
        entry["record"] = _open(entry["kind"], entry["record"], encrypted)
        out.append(json.dumps(entry, ensure_ascii=False))
    with target.open("x", encoding="utf-8") as written:  # never over an existing file
        written.write("\n".join(out) + "\n")
    return int(header["first"]), int(header["last"])
