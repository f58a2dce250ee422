"""Read ``definitions/orgs/*.yaml`` into an ``OrgTree``, checking every entry.

Each file: ``{source?: {...}, orgs: [{code, name, level, parent?, region?, kind?, counties?}],
retired?: [{code, successor?, date?, note?}]}`` (docs/definitions.md, "组织树"). Files are read
in name order; a parent comes before its children. A problem names the file and the code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from kaoping.core import yamltext
from kaoping.core.orgs import LEVELS, Org, OrgTree

CODE = re.compile(r"^\d{6}$")
ORG_KEYS = {"code", "name", "level", "parent", "region", "kind", "counties"}
RETIRED_KEYS = {"code", "name", "successor", "date", "note"}


class OrgFileError(ValueError):
    """A definition file of the tree is wrong (message in Chinese: file, code, problem)."""


@dataclass(frozen=True)
class Retirement:
    """A division that no longer exists: its organisation is kept, inactive, linked to ``successor``."""

    code: str
    successor: str | None = None
    note: str = ""


@dataclass
class OrgFiles:
    tree: OrgTree
    retired: list[Retirement] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)  # file name → its ``source``


def load_org_files(directory: Path) -> OrgFiles:
    orgs: list[Org] = []
    retired: list[Retirement] = []
    sources: dict[str, dict[str, Any]] = {}
    for path in sorted(directory.glob("*.yaml")):
        data = _read(path)
        if isinstance(data.get("source"), dict):
            sources[path.name] = data["source"]
        orgs.extend(_org(path.name, item) for item in _list(path.name, data, "orgs"))
        retired.extend(_retired(path.name, item) for item in _list(path.name, data, "retired"))
    try:
        tree = OrgTree(orgs)
    except ValueError as exc:
        raise OrgFileError(f"{directory}: {exc}") from exc
    for item in retired:
        if item.code in tree:
            raise OrgFileError(f"{directory}: 组织 {item.code} 既在现行名单中又列为已撤销")
        if item.successor is not None and item.successor not in tree:
            raise OrgFileError(f"{directory}: 已撤销的 {item.code} 的承继单位 {item.successor} 不在名单中")
    return OrgFiles(tree=tree, retired=retired, sources=sources)


def _read(path: Path) -> dict[str, Any]:
    try:
        data = yamltext.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise OrgFileError(f"{path.name}: 无法读取：{exc}") from exc
    if not isinstance(data, dict):
        raise OrgFileError(f"{path.name}: 文件应是一个映射（orgs: [...]）")
    return data


def _list(name: str, data: dict[str, Any], key: str) -> list[dict[str, Any]]:
    items = data.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise OrgFileError(f"{name}: {key} 应是映射的列表")
    return items


def _code(name: str, item: dict[str, Any], key: str, where: str) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    text = str(value)
    if not CODE.match(text):
        raise OrgFileError(f"{name}: {where}: {key} 应是六位数字代码，而不是 {value!r}")
    return text


def _org(name: str, item: dict[str, Any]) -> Org:
    where = str(item.get("code", "?"))
    unknown = set(item) - ORG_KEYS
    if unknown:
        raise OrgFileError(f"{name}: {where}: 未知的键 {', '.join(sorted(unknown))}")
    code = _code(name, item, "code", where)
    if code is None or not item.get("name"):
        raise OrgFileError(f"{name}: {where}: 缺少 code 或 name")
    level = item.get("level")
    if level not in LEVELS:
        raise OrgFileError(f"{name}: {code}: level 应是 {'/'.join(LEVELS)} 之一，而不是 {level!r}")
    counties = item.get("counties")
    if counties is not None and (type(counties) is not int or counties < 0):
        raise OrgFileError(f"{name}: {code}: counties（县级单位数）应是非负整数，而不是 {counties!r}")
    return Org(
        code=code,
        name=str(item["name"]),
        level=level,
        parent=_code(name, item, "parent", code),
        region=item.get("region") or None,
        kind=item.get("kind") or None,
        counties=counties,
    )


def _retired(name: str, item: dict[str, Any]) -> Retirement:
    where = str(item.get("code", "?"))
    unknown = set(item) - RETIRED_KEYS
    if unknown:
        raise OrgFileError(f"{name}: retired {where}: 未知的键 {', '.join(sorted(unknown))}")
    code = _code(name, item, "code", where)
    if code is None:
        raise OrgFileError(f"{name}: retired: 缺少 code")
    return Retirement(
        code=code, successor=_code(name, item, "successor", code), note=str(item.get("note", ""))
    )
