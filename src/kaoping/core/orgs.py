"""The organisation tree (GB/T 2260 codes), as plain data.

The tree is ministry → provincial units → city-level units (docs/definitions.md, "组织树"):
the 31 provinces and 新疆生产建设兵团 (660000, the product's own code), and below each its
prefecture-level units, units directly under the province (省直辖县级), a municipality's
districts and counties, or 兵团's 师. County-level units are not organisations: a city carries
their number (``counties``, the default of the 县级单位数 base figure).

An organisation whose division was abolished or whose code changed stays in the tree,
inactive, linked to its ``successor``: campaigns opened with it keep it.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

LEVELS = ("ministry", "province", "city", "county")
ROOT = "000000"


@dataclass(frozen=True)
class Org:
    code: str  # GB/T 2260 six digits; the ministry root is "000000"
    name: str
    level: str  # one of LEVELS
    parent: str | None = None
    region: str | None = None  # 苏南 / 苏中 / 苏北 where one applies
    kind: str | None = None  # 地级市 / 地区 / 自治州 / 盟 / 市辖区 / 县 / 师 …; 省 / 自治区 / 直辖市 / 兵团
    counties: int | None = None  # 县级单位数 of a city-level unit (the base figure's default)
    active: bool = True
    successor: str | None = None  # the organisation that took over an inactive one


class OrgTree:
    """Read-only tree of organisations, ordered as loaded (the official order).

    Iteration, ``get`` and ``ancestors`` include inactive organisations; ``children`` and
    ``cities`` give the active ones unless asked otherwise."""

    def __init__(self, orgs: Iterable[Org]) -> None:
        self._by_code: dict[str, Org] = {}
        self._children: dict[str, list[Org]] = {}
        self._below: dict[str, frozenset[str]] = {}
        for org in orgs:
            if org.code in self._by_code:
                raise ValueError(f"组织代码重复：{org.code}")
            self._by_code[org.code] = org
        for org in self._by_code.values():
            if org.parent is not None:
                if org.parent not in self._by_code:
                    raise ValueError(f"组织 {org.code} 的上级 {org.parent} 不存在")
                self._children.setdefault(org.parent, []).append(org)
            if org.successor is not None and org.successor not in self._by_code:
                raise ValueError(f"组织 {org.code} 的承继单位 {org.successor} 不存在")

    def __contains__(self, code: object) -> bool:
        return code in self._by_code

    def __iter__(self) -> Iterator[Org]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> Org:
        return self._by_code[code]

    def children(self, code: str, inactive: bool = False) -> list[Org]:
        found = self._children.get(code, [])
        return list(found) if inactive else [o for o in found if o.active]

    def cities(self, province: str, inactive: bool = False) -> list[Org]:
        return [o for o in self.children(province, inactive) if o.level == "city"]

    def provinces(self) -> list[Org]:
        """The active provincial units, in the official order."""
        return [o for o in self.children(ROOT) if o.level == "province"]

    def ancestors(self, code: str) -> list[str]:
        out: list[str] = []
        org = self._by_code[code]
        while org.parent is not None:
            out.append(org.parent)
            org = self._by_code[org.parent]
        return out

    def in_subtree(self, code: str, root: str) -> bool:
        return code == root or root in self.ancestors(code)

    def below(self, root: str) -> frozenset[str]:
        """Every organisation strictly below ``root`` (inactive ones too); computed once."""
        found = self._below.get(root)
        if found is None:
            out: set[str] = set()
            stack = [root]
            while stack:
                for child in self._children.get(stack.pop(), []):
                    out.add(child.code)
                    stack.append(child.code)
            found = self._below[root] = frozenset(out)
        return found

    def current(self, code: str) -> Org:
        """The organisation now standing for ``code``: itself, or the last of its successors."""
        org = self._by_code[code]
        seen = {code}
        while org.successor is not None and org.successor not in seen:
            seen.add(org.successor)
            org = self._by_code[org.successor]
        return org


def load_tree(directory: Path) -> OrgTree:
    """Load every ``*.yaml`` in ``directory`` (``definitions/orgs``), in file-name order
    (format: docs/definitions.md, "组织树")."""
    from kaoping.core.orgfile import load_org_files

    return load_org_files(directory).tree
