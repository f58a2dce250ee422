"""A section's header tree laid out as the paper tables print it: rows of merged cells.

The one layout behind the entry pages, the printed tables and the Excel templates; each
only maps the cells to its own output. The definition keeps the merged multi-level header
as a tree of ``HeaderGroup`` and ``Column`` nodes; the seed's Word tables print it so:

- the row-header columns (序号, 地市名称 …) span every header row;
- a group spans its leaves, and its children sit on the next row;
- a leaf reaches down to the last header row;
- a group with its own value column (``Parent{own} › children``) prints the group's label
  on the own column, reaching down, beside a 其中 cell spanning the other children.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from kaoping.core.definitions.model import Column, HeaderGroup, HeaderNode, Section

OF_WHICH = "其中"

HeaderKind = Literal["row", "group", "leaf", "own", "of_which"]


@dataclass(frozen=True)
class HeaderCell:
    """One merged header cell; rows and columns count from 0 at the header's top left."""

    label: str
    rowspan: int
    colspan: int
    depth: int  # the header row the cell starts on
    col: int  # the first grid column it covers, row-header columns included
    column: str | None = None  # the value column's key, for leaf and own cells
    unit: str | None = None  # to show beside the label: None when a label printed names it
    kind: HeaderKind = "leaf"


def header_grid(
    section: Section,
    *,
    hidden: Iterable[str] = (),
    row_header: tuple[str, ...] | None = None,
    sub_label: bool = False,
    of_which: str = OF_WHICH,
) -> list[list[HeaderCell]]:
    """The header rows of ``section``, top to bottom, each cell once in the row it starts on.

    ``hidden`` names columns not drawn as grid columns (the explanation text of a （请说明）
    code, shown inside the code's cell); a group left without a visible leaf disappears.
    ``row_header`` overrides ``section.row_header``; with ``sub_label`` the last row-header
    cell also spans the sub-label column (表1 指标 over 省级/地市级).
    """
    nodes = _prune(section.header, frozenset(hidden))
    layout = _Layout(max((_depth(n) for n in nodes), default=1), of_which)
    labels = section.row_header if row_header is None else row_header
    for i, label in enumerate(labels):
        wide = sub_label and i == len(labels) - 1
        layout.add(0, label, layout.depth, 2 if wide else 1, "row")
    for node in nodes:
        layout.place(node, 0, ())
    return layout.rows


def leaf_columns(section: Section, hidden: Iterable[str] = ()) -> list[Column]:
    """The visible value columns in display order (the order of the header's leaves)."""
    skip = frozenset(hidden)
    return [c for c in section.columns if c.key not in skip]


def names_unit(unit: str, labels: Iterable[str]) -> bool:
    """Whether a printed label already carries the unit: 带宽（M）, 投入总额（万元）."""
    marks = (f"（{unit}）", f"({unit})")
    return any(m in label for label in labels for m in marks)


@dataclass
class _Layout:
    depth: int
    of_which: str
    rows: list[list[HeaderCell]] = field(default_factory=list)
    col: int = 0  # the next grid column without a cell

    def __post_init__(self) -> None:
        self.rows = [[] for _ in range(self.depth)]

    def add(self, level: int, label: str, rowspan: int, colspan: int, kind: HeaderKind) -> None:
        """A cell over columns not yet covered; the next one starts after it."""
        self.rows[level].append(HeaderCell(label, rowspan, colspan, level, self.col, kind=kind))
        self.col += colspan

    def span(self, level: int, label: str, width: int, kind: HeaderKind) -> None:
        """A one-row cell over the cells the next rows place beneath it."""
        self.rows[level].append(HeaderCell(label, 1, width, level, self.col, kind=kind))

    def value(self, column: Column, label: str, level: int, above: tuple[str, ...], kind: HeaderKind) -> None:
        unit = column.unit if column.unit and not names_unit(column.unit, (label, *above)) else None
        cell = HeaderCell(label, self.depth - level, 1, level, self.col, column.key, unit, kind)
        self.rows[level].append(cell)
        self.col += 1

    def place(self, node: HeaderNode, level: int, above: tuple[str, ...]) -> None:
        if isinstance(node, Column):
            self.value(node, node.label, level, above, "leaf")
            return
        own, rest = _own_split(node)
        if own is None:
            self.span(level, node.label, _width(rest), "group")
        else:
            self.value(own, node.label, level, (own.label, *above), "own")
            if rest:
                self.span(level, self.of_which, _width(rest), "of_which")
        for child in rest:
            self.place(child, level + 1, (*above, node.label))


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


def _width(nodes: tuple[HeaderNode, ...]) -> int:
    return sum(1 if isinstance(n, Column) else _width(n.children) for n in nodes)


def _depth(node: HeaderNode) -> int:
    if isinstance(node, Column):
        return 1
    own, rest = _own_split(node)
    if own is not None:  # the own column beside a 其中 cell over the rest: one level for that cell
        return 1 + max((_depth(c) for c in rest), default=0)
    return 1 + max(_depth(c) for c in node.children)
