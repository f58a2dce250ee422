"""Turn a section's header tree into the rows of an HTML ``<thead>``.

Pure Python: no Django. The paper tables have merged multi-level headers; the definition
keeps them as a tree of ``HeaderGroup`` and ``Column`` nodes. This module lays that tree out
as rows of cells with ``rowspan``/``colspan``, like the Word tables of the seed:

- the row-header columns (序号, 地市名称 …) span every header row;
- a group spans its leaves, and its children sit on the next row;
- a leaf reaches down to the last header row;
- a group with its own value column (``Parent{own} › children``) prints as the seed does:
  the own column carries the group's label and reaches down, and a cell labelled
  ``of_which`` (其中) spans the children beside it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from kaoping.core.definitions.model import Column, HeaderGroup, HeaderNode, Section


@dataclass(frozen=True)
class HeaderCell:
    label: str
    colspan: int = 1
    rowspan: int = 1
    column: str | None = None  # the column key for a leaf; None for groups and row headers
    unit: str | None = None  # shown under the label when the label does not already name it
    kind: str = "leaf"  # row | group | leaf | own | of_which


def header_rows(
    section: Section,
    *,
    hidden: Iterable[str] = (),
    of_which: str = "其中",
    row_header: tuple[str, ...] | None = None,
) -> list[list[HeaderCell]]:
    """The header rows of ``section``, top to bottom.

    ``hidden`` names columns not drawn as grid columns (e.g. the explanation text of a
    （请说明） code, shown inside the code's cell); a group left without a visible leaf
    disappears. ``row_header`` overrides ``section.row_header``.
    """
    nodes = _prune(section.header, frozenset(hidden))
    depth = max((_depth(n) for n in nodes), default=1)
    rows: list[list[HeaderCell]] = [[] for _ in range(depth)]
    for label in section.row_header if row_header is None else row_header:
        rows[0].append(HeaderCell(label=label, rowspan=depth, kind="row"))
    for node in nodes:
        _place(node, 0, depth, rows, of_which, ())
    return rows


def leaf_columns(section: Section, hidden: Iterable[str] = ()) -> list[Column]:
    """The visible leaf columns in display order (the order of the header's leaves)."""
    out: list[Column] = []
    _collect(_prune(section.header, frozenset(hidden)), out)
    return out


def _collect(nodes: tuple[HeaderNode, ...], out: list[Column]) -> None:
    for node in nodes:
        if isinstance(node, Column):
            out.append(node)
        else:
            _collect(node.children, out)


def _prune(nodes: tuple[HeaderNode, ...], hidden: frozenset[str]) -> tuple[HeaderNode, ...]:
    out: list[HeaderNode] = []
    for node in nodes:
        if isinstance(node, Column):
            if node.key not in hidden:
                out.append(node)
            continue
        children = _prune(node.children, hidden)
        if children:
            own = node.own if node.own is not None and node.own not in hidden else None
            out.append(HeaderGroup(label=node.label, children=children, own=own))
    return tuple(out)


def _own_split(group: HeaderGroup) -> tuple[Column | None, tuple[HeaderNode, ...]]:
    """The group's own value column (placed first by the loader) and the other children."""
    first = group.children[0]
    if group.own is not None and isinstance(first, Column) and first.key == group.own:
        return first, group.children[1:]
    return None, group.children


def _width(node: HeaderNode) -> int:
    if isinstance(node, Column):
        return 1
    return sum(_width(c) for c in node.children)


def _depth(node: HeaderNode) -> int:
    if isinstance(node, Column):
        return 1
    own, rest = _own_split(node)
    if own is not None:
        # own column beside an "of which" cell over the rest: one level for that cell
        return 1 + max((_depth(c) for c in rest), default=0)
    return 1 + max(_depth(c) for c in node.children)


def _place(
    node: HeaderNode,
    level: int,
    depth: int,
    rows: list[list[HeaderCell]],
    of_which: str,
    above: tuple[str, ...],
) -> None:
    if isinstance(node, Column):
        unit = _unit_to_show(node, above)
        rows[level].append(HeaderCell(node.label, 1, depth - level, node.key, unit, "leaf"))
        return
    own, rest = _own_split(node)
    if own is None:
        rows[level].append(HeaderCell(node.label, _width(node), 1, kind="group"))
        for child in node.children:
            _place(child, level + 1, depth, rows, of_which, (*above, node.label))
        return
    unit = _unit_to_show(own, above)
    rows[level].append(HeaderCell(node.label, 1, depth - level, own.key, unit, "own"))
    if not rest:
        return
    rows[level].append(HeaderCell(of_which, sum(_width(c) for c in rest), 1, kind="of_which"))
    for child in rest:
        _place(child, level + 1, depth, rows, of_which, (*above, node.label))


def _unit_to_show(column: Column, above: tuple[str, ...]) -> str | None:
    """Units the printed labels already carry (带宽（M）, 投入总额（万元）) are not repeated."""
    if not column.unit:
        return None
    marks = (f"（{column.unit}）", f"({column.unit})")
    if any(m in label for label in (column.label, *above) for m in marks):
        return None
    return column.unit
