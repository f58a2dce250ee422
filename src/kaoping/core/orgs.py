"""The organisation tree (GB/T 2260 codes), as plain data."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml

LEVELS = ("ministry", "province", "city", "county")


@dataclass(frozen=True)
class Org:
    code: str  # GB/T 2260 six digits; the ministry root is "000000"
    name: str
    level: str  # one of LEVELS
    parent: str | None = None
    region: str | None = None  # 苏南 / 苏中 / 苏北 where one applies


class OrgTree:
    """Read-only tree of organisations, ordered as loaded (the official order)."""

    def __init__(self, orgs: Iterable[Org]) -> None:
        self._by_code: dict[str, Org] = {}
        for org in orgs:
            if org.code in self._by_code:
                raise ValueError(f"组织代码重复：{org.code}")
            self._by_code[org.code] = org
        for org in self._by_code.values():
            if org.parent is not None and org.parent not in self._by_code:
                raise ValueError(f"组织 {org.code} 的上级 {org.parent} 不存在")

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Org]:
        return iter(self._by_code.values())

    def get(self, code: str) -> Org:
        return self._by_code[code]

    def children(self, code: str) -> list[Org]:
        return [o for o in self._by_code.values() if o.parent == code]

    def cities(self, province: str) -> list[Org]:
        return [o for o in self.children(province) if o.level == "city"]

    def ancestors(self, code: str) -> list[str]:
        out: list[str] = []
        org = self._by_code[code]
        while org.parent is not None:
            out.append(org.parent)
            org = self._by_code[org.parent]
        return out

    def in_subtree(self, code: str, root: str) -> bool:
        return code == root or root in self.ancestors(code)


def load_tree(directory: Path) -> OrgTree:
    """Load every ``*.yaml`` in ``directory`` (``definitions/orgs``), in file-name order.

    Each file: ``{orgs: [{code, name, level, parent?, region?}, ...]}``.
    """
    orgs: list[Org] = []
    for path in sorted(directory.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        for item in data.get("orgs", []):
            orgs.append(
                Org(
                    code=str(item["code"]),
                    name=item["name"],
                    level=item["level"],
                    parent=str(item["parent"]) if item.get("parent") else None,
                    region=item.get("region"),
                )
            )
    return OrgTree(orgs)
