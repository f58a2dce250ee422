"""Typed, immutable objects of a survey definition.

The loader (``loader.py``) turns the versioned YAML under ``definitions/`` into these
objects after checking them. Everything else — rules, the web pages, the workbooks — reads
only these objects, never the YAML. Nothing here knows about Django.

Addressing: within one survey instance (a province and its cities) a cell is
``(table_id, row_key, column_key)``. Row keys are unique within a table across all its
sections: organisation rows use the GB/T 2260 code, ``province`` or ``total``; fixed rows
use the YAML key; list rows use a stable id given when the row is created; a form
section's single row uses the section key. Column keys are unique within a table too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from kaoping.core.indicators.model import IndicatorSet
from kaoping.core.quality.model import QualitySet

SPEC_SUFFIX = "（请说明）"
SPEC_TAIL = "请说明）"  # also "（…，请说明）"


class ColumnType(StrEnum):
    """Every kind of cell. The registry in ``kaoping.core.values`` parses and checks each."""

    INT = "int"  # integer count
    DECIMAL = "decimal"  # fixed decimals (``Column.decimals``)
    PERCENT = "percent"  # 0–100, fixed decimals
    MONEY = "money"  # 万元, 2 decimals
    PEOPLE = "people"  # 万人, 2 decimals
    AREA = "area"  # m²
    BANDWIDTH = "bandwidth"  # M
    DATE = "date"
    BOOL = "bool"  # 是 / 否
    CODE = "code"  # one letter of ``Column.codes``
    CODES = "codes"  # several letters, no repeats
    TEXT = "text"
    URL = "url"
    FIXED = "fixed"  # read-only content given by the definition (表1 规划目标, 属性)


NUMERIC_TYPES = frozenset(
    {
        ColumnType.INT,
        ColumnType.DECIMAL,
        ColumnType.PERCENT,
        ColumnType.MONEY,
        ColumnType.PEOPLE,
        ColumnType.AREA,
        ColumnType.BANDWIDTH,
    }
)

# Bounds that hold where a definition declares none, so that no column is unbounded
# (docs/spec.md §3.3). A definition may declare a tighter ``max`` or date range, never a
# looser one than the ceilings (checked by the loader).
MAX_INTEGER_DIGITS = 15  # digits before the point of any number
MAX_DECIMALS = 6  # digits after it
NUMBER_CEILING = Decimal(10**MAX_INTEGER_DIGITS - 1)  # 999,999,999,999,999
DEFAULT_MAX = {ColumnType.PERCENT: Decimal(1000)}  # V-RATE reports 100–1000; any other: the ceiling
Day = date  # ``Column.date`` (a field) hides the type inside the class
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_FLOOR = date(1900, 1, 1)  # the widest range a definition may declare
DATE_CEILING = date(2999, 12, 31)


class SectionKind(StrEnum):
    GRID = "grid"  # rows × columns: fixed rows and/or organisation rows
    LIST = "list"  # rows added and removed by the user (表6, 表7, 表8 part 1)
    FORM = "form"  # labelled fields, stored as one row keyed by the section key


class OrgRowKind(StrEnum):
    """Which organisation rows a grid section has, in the order listed in the YAML."""

    PROVINCE = "province"  # 省本级, key ``province``
    CITIES = "cities"  # one row per city of the tree, key = GB/T 2260 code
    TOTAL = "total"  # computed 合计, key ``total``


class Severity(StrEnum):
    ERROR = "error"  # E 强制性: blocks 上报
    WARNING = "warning"  # W 提示性: needs a 说明


class RuleScope(StrEnum):
    ROW = "row"  # evaluated once per data row of the section (never the total row)
    CELL = "cell"  # evaluated once, on the cell ``(row, column)``
    TABLE = "table"  # evaluated once for the whole table; finding has row/column None


class BlankPolicy(StrEnum):
    SKIP = "skip"  # a blank operand makes the rule not apply (the default)
    ZERO = "zero"  # blank numeric operands count as 0


@dataclass(frozen=True)
class Code:
    code: str  # the letter, e.g. "a"
    label: str  # the meaning, e.g. "已建" or "其他（请说明）"

    @property
    def needs_spec(self) -> bool:
        """A code whose meaning ends in （请说明） needs an explanation text.

        表2's c reads "其他（包括外包第三方机房情况，请说明）": a parenthesis that ends in 请说明
        asks for the explanation just the same.
        """
        return self.label.endswith(SPEC_SUFFIX) or self.label.endswith(SPEC_TAIL)

    @property
    def display(self) -> str:
        return f"{self.code}.{self.label}"


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    type: ColumnType
    header: tuple[str, ...] = ()  # labels of the enclosing header groups, outermost first
    unit: str | None = None
    decimals: int = 0
    codes: tuple[Code, ...] = ()
    spec_column: str | None = None  # column holding the explanation for （请说明） codes
    computed: str | None = None  # expression over the row (e.g. 表4 coverage); never typed
    date: str | None = None  # the time point the column is about, e.g. "2015-06-30"
    na_rows: frozenset[str] = frozenset()  # rows where the cell is "——"
    own: bool = False  # the parent group's own value column (``Parent{own}``)
    help: str | None = None  # short hint shown beside the input
    max_length: int | None = None  # for text
    maximum: Decimal | None = None  # numbers: the largest magnitude (YAML ``max``)
    earliest: str | None = None  # dates: the range, ISO (YAML ``earliest``/``latest``)
    latest: str | None = None

    @property
    def path(self) -> str:
        """The column named as the paper prints it, its header groups first: "预计2015年底未联网
        单位情况 › 单位数量" (docs/spec.md §10.5)."""
        return " › ".join((*self.header, self.label))

    def code(self, letter: str) -> Code | None:
        return self._by_letter.get(letter)

    @cached_property
    def _by_letter(self) -> dict[str, Code]:
        """Each code by its letter (the first of a letter given twice), looked up, not searched:
        every code shown or checked asks."""
        out: dict[str, Code] = {}
        for c in self.codes:
            out.setdefault(c.code, c)
        return out

    @property
    def is_numeric(self) -> bool:
        return self.type in NUMERIC_TYPES

    @property
    def is_input(self) -> bool:
        return self.type is not ColumnType.FIXED and self.computed is None

    @property
    def bound(self) -> Decimal:
        """The largest magnitude a number in this column may have: declared, or the type's."""
        return self.maximum if self.maximum is not None else DEFAULT_MAX.get(self.type, NUMBER_CEILING)

    @property
    def date_range(self) -> tuple[Day, Day]:
        """The first and last date this column accepts: declared, or 1990-01-01…2100-12-31."""
        first = Day.fromisoformat(self.earliest) if self.earliest else EARLIEST_DATE
        last = Day.fromisoformat(self.latest) if self.latest else LATEST_DATE
        return first, last


@dataclass(frozen=True)
class HeaderGroup:
    """A merged header cell spanning ``children`` (columns or nested groups)."""

    label: str
    children: tuple[HeaderNode, ...]
    own: str | None = None  # key of the group's own value column, placed first


HeaderNode = Column | HeaderGroup


@dataclass(frozen=True, init=False)
class Row:
    key: str
    label: str
    number: str = ""  # 序号 as printed; consecutive rows with the same number merge
    sub_label: str | None = None  # e.g. 表1 "省级" / "地市级"
    fixed: dict[str, str] = field(default_factory=dict)  # FIXED column values
    overrides: dict[str, dict[str, object]] = field(default_factory=dict)  # col → type/unit/decimals
    na_columns: frozenset[str] = frozenset()  # columns that are "——" on this row
    org: str | None = None  # owning organisation code, for organisation and list rows
    kind: str = "fixed"  # fixed | province | city | total | list | form

    def __init__(
        self,
        key: str,
        label: str,
        number: str = "",
        sub_label: str | None = None,
        fixed: dict[str, str] | None = None,
        overrides: dict[str, dict[str, object]] | None = None,
        na_columns: frozenset[str] = frozenset(),
        org: str | None = None,
        kind: str = "fixed",
    ) -> None:
        """The fields set at once, not each through ``object.__setattr__`` as a frozen dataclass's
        own ``__init__`` does (a list row is made for every summary); None: a new {}."""
        self.__dict__.update(
            key=key, label=label, number=number, sub_label=sub_label,
            fixed={} if fixed is None else fixed, overrides={} if overrides is None else overrides,
            na_columns=na_columns, org=org, kind=kind,
        )  # fmt: skip


@dataclass(frozen=True)
class Section:
    key: str
    kind: SectionKind
    title: str | None = None  # e.g. "一、省级（生产）数据中心建设"
    header: tuple[HeaderNode, ...] = ()  # column tree as printed
    row_header: tuple[str, ...] = ("序号",)  # labels of the row-header columns
    fixed_rows: tuple[Row, ...] = ()
    org_rows: tuple[OrgRowKind, ...] = ()
    total_columns: frozenset[str] = frozenset()  # columns summed into the total row
    list_blocks: tuple[OrgRowKind, ...] = ()  # 表7: a block of list rows per org
    label_column: str | None = None  # list rows are labelled by this column's value
    max_rows: int = 200  # list sections: rows per unit (per block where there are blocks)
    filled_by: str = "province"  # province | cities | rows (each org row by its org)
    total_label: str = "合计"  # 表13 prints 全省合计

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        """The leaf columns in order (worked out once: every read of a survey asks for them)."""
        return tuple(_leaves(self.header))

    @cached_property
    def input_keys(self) -> tuple[str, ...]:
        """The keys of the columns people fill (never fixed or computed ones)."""
        return tuple(c.key for c in self.columns if c.is_input)


def _leaves(nodes: tuple[HeaderNode, ...]) -> list[Column]:
    out: list[Column] = []
    for node in nodes:
        if isinstance(node, Column):
            out.append(node)
        else:
            out.extend(_leaves(node.children))
    return out


@dataclass(frozen=True)
class Rule:
    id: str  # e.g. "V05-PART"
    table: str  # "T05"
    severity: Severity
    scope: RuleScope
    check: str  # expression that must be true
    message: str  # Chinese template; ``{expr}`` parts are evaluated, ``{row}`` is the row label
    section: str | None = None
    column: str | None = None  # the cell the finding points at
    row: str | None = None  # for CELL scope
    when: str | None = None  # precondition expression
    blank: BlankPolicy = BlankPolicy.SKIP
    description: str = ""  # the rule as administrators read it ("01 ≥ 02 + 03 + 04")
    # A sum or balance: its cells, the total first — the suspect is the one the unit changed
    # last, else the total. One group or the other: the groups' cells — the suspect is the
    # first empty cell of the group the unit started (docs/spec.md §10.5).
    suspects: tuple[str, ...] = ()
    suspect_groups: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Table:
    id: str  # "T01"
    label: str  # "表1"
    title: str  # "规划发展目标完成情况表"
    sections: tuple[Section, ...]
    instructions: str = ""  # 填写说明, verbatim
    date: str | None = None  # reference date, ISO
    period: tuple[str, str] | None = None  # (start, end), ISO
    footer: str | None = None  # e.g. 表1's 填报单位（公章）block

    @property
    def heading(self) -> str:
        """The table as its title reads: "表9 12333电话咨询服务情况表" (docs/spec.md §10.5)."""
        return f"{self.label} {self.title}"

    def section(self, key: str) -> Section:
        return next(s for s in self.sections if s.key == key)

    @cached_property
    def columns(self) -> tuple[Column, ...]:
        return tuple(c for s in self.sections for c in s.columns)

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)


@dataclass(frozen=True)
class Survey:
    id: str  # "survey-2015"
    version: int
    title: str
    tables: tuple[Table, ...]
    rules: tuple[Rule, ...] = ()
    instructions: str = ""
    reference_date: date | None = None
    forecast_date: date | None = None
    source: str = ""  # the directory it was loaded from, for messages
    indicators: IndicatorSet | None = None  # 表1's plan indicators (indicators.yaml)
    quality: QualitySet = field(default_factory=QualitySet)  # quality.yaml (docs/spec.md §13)

    @property
    def ref(self) -> str:
        return f"{self.id}@{self.version}"

    def table(self, table_id: str) -> Table:
        return next(t for t in self.tables if t.id == table_id)

    def rule_table(self, rule_id: str) -> str | None:
        """The table of a rule of the catalogue or of quality.yaml (a 说明 answers either)."""
        q = self.quality
        ids = [(r.id, r.table) for r in self.rules] + [(r.id, r.table) for r in q.outliers]
        ids += [(r.id, r.table) for r in q.periods] + [(r.id, r.table) for r in q.changes]
        return next((table for found, table in ids if found == rule_id), None)
