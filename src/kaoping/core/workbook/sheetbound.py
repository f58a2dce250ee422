"""What a sheet may hold (``Bound``), what a scan of it found (``SheetScan``), and the
refusals both scans (``scanquick``, ``scanexact``) give, naming the sheet."""

from __future__ import annotations

from dataclasses import dataclass, field

from kaoping.core.workbook.safety import Refused
from kaoping.core.workbook.sheetxml import cell_name, parse_ref


class Irregular(Exception):
    """The quick scan cannot vouch for this sheet: the exact scan reads it."""


@dataclass(frozen=True)
class Bound:
    """How much of a sheet may be read: ``rows`` × ``cols`` from A1 and ``merges`` merged
    ranges; ``label`` is how a refusal names the sheet (表9)."""

    label: str
    rows: int
    cols: int
    merges: int

    @property
    def cells(self) -> int:
        return self.rows * self.cols

    @property
    def area(self) -> str:
        return f"A1:{cell_name(self.rows - 1, self.cols - 1)}"

    def refuse(self, what: str) -> Refused:
        return Refused(
            f"工作表“{self.label}”{what}，超出模板的范围（该表最多 {self.rows} 行、{self.cols} 列，"
            f"即 {self.area}）：文件未导入，请在原模板的表格内填写后再上传"
        )

    def damaged(self, what: str) -> Refused:
        return Refused(f"工作表“{self.label}”已损坏（{what}），文件未导入：请用 Excel/WPS 重新保存后再上传")


@dataclass
class SheetScan:
    """What the reader will find: its grid is ``rows`` × ``cols`` from A1 at most; the
    cells holding a formula."""

    rows: int = 0
    cols: int = 0
    formulas: set[tuple[int, int]] = field(default_factory=set)


def check_range(bound: Bound, ref: bytes | None, what: str) -> None:
    """A declared range ("A1:L45") within the bound; ``Refused`` if not, or not a range."""
    corners = [parse_ref(part) for part in (ref or b"").split(b":")]
    if ref is None or len(corners) > 2 or None in corners:
        raise bound.damaged(f"范围“{shown(ref or b'')}”无效")
    for found in corners:
        assert found is not None
        if found[0] >= bound.rows or found[1] >= bound.cols:
            raise bound.refuse(f"{what} {shown(ref)}")


def check_merges(bound: Bound, merges: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
    """Merged ranges (as calamine read them, 0-based) within the bound."""
    rows, cols = bound.rows, bound.cols
    for (r1, c1), (r2, c2) in merges:
        if r1 >= rows or r2 >= rows or c1 >= cols or c2 >= cols:
            span = f"{cell_name(r1, c1)}:{cell_name(r2, c2)}"
            raise bound.refuse(f"的合并单元格 {span}")


def shown(raw: bytes) -> str:
    """A reference from the file, as a message may quote it."""
    return raw[:20].decode("ascii", "replace")
