"""A section's header tree laid out as merged rectangles, as the paper tables print it.

Same reading of the tree as the entry pages: a group spans its leaves and its children sit
on the next row; a leaf reaches down to the last header row; a group with its own value
column (``Parent{own} › children``) prints the group's label on the own column, reaching
down, and a 其中 cell over the other children.
"""

from __future__ import annotations

from dataclasses import dataclass

from kaoping.core.definitions.model import Column, HeaderGroup, HeaderNode

OF_WHICH = "其中"


@dataclass(frozen=True)
class HeaderBox:
    """One header cell, relative to the header block: rows and columns from 0."""

    row: int
    col: int
    rowspan: int
    colspan: int
    label: str


def depth(nodes: tuple[HeaderNode, ...]) -> int:
    return max((_depth(n) for n in nodes), default=1)


def header_boxes(nodes: tuple[HeaderNode, ...], total_depth: int) -> list[HeaderBox]:
    """Boxes for the value columns, with columns numbered from 0 in leaf order."""
    out: list[HeaderBox] = []
    col = 0
    for node in nodes:
        col = _place(node, 0, col, total_depth, out)
    return out


def leaf_label(column: Column, above: tuple[str, ...] = ()) -> str:
    """A leaf's label with its unit, unless the printed label already names it."""
    if not column.unit:
        return column.label
    marks = (f"（{column.unit}）", f"({column.unit})")
    if any(m in label for label in (column.label, *above) for m in marks):
        return column.label
    return f"{column.label}（{column.unit}）"


def _own_split(group: HeaderGroup) -> tuple[Column | None, tuple[HeaderNode, ...]]:
    first = group.children[0]
    if group.own is not None and isinstance(first, Column) and first.key == group.own:
        return first, group.children[1:]
    return None, group.children


def _width(node: HeaderNode) -> int:
    return 1 if isinstance(node, Column) else sum(_width(c) for c in node.children)


def _depth(node: HeaderNode) -> int:
    if isinstance(node, Column):
        return 1
    own, rest = _own_split(node)
    if own is not None:
        return 1 + max((_depth(c) for c in rest), default=0)
    return 1 + max(_depth(c) for c in node.children)


def _place(node: HeaderNode, level: int, col: int, total: int, out: list[HeaderBox]) -> int:
    """Place ``node`` at (level, col); return the next free column."""
    if isinstance(node, Column):
        out.append(HeaderBox(level, col, total - level, 1, leaf_label(node)))
        return col + 1
    own, rest = _own_split(node)
    if own is None:
        out.append(HeaderBox(level, col, 1, _width(node), node.label))
        for child in node.children:
            col = _place(child, level + 1, col, total, out)
        return col
    out.append(HeaderBox(level, col, total - level, 1, leaf_label(own, (node.label,))))
    col += 1
    if rest:
        out.append(HeaderBox(level, col, 1, sum(_width(c) for c in rest), OF_WHICH))
        for child in rest:
            col = _place(child, level + 1, col, total, out)
    return col
