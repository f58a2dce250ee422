"""Pydantic models of the raw definition YAML (docs/definitions.md).

They only check shape: which keys exist and what kind of value each holds. Extra keys are
refused so that a misspelt key (``na_row``) is reported instead of silently ignored.
Cross-references (unknown columns, duplicate keys, …) are checked by ``checks.py``.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Discriminator, Field, Tag


def _iso(value: object) -> object:
    """YAML reads ``2015-06-30`` as a date; keep every date as its ISO text."""
    return value.isoformat() if isinstance(value, date) else value


def _text(value: object) -> object:
    """YAML reads ``100`` or ``1.1`` as numbers; labels and numbers are printed text."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


IsoDate = Annotated[str, BeforeValidator(_iso)]
Text = Annotated[str, BeforeValidator(_text)]


MAX_LIST_ROWS = 1000  # the most rows per unit a list section may declare
DEFAULT_LIST_ROWS = 200


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RawCode(Strict):
    code: str
    label: str


class RawColumn(Strict):
    key: str
    label: Text
    type: str
    unit: str | None = None
    decimals: int | None = None
    codes: list[RawCode] | str | None = None  # inline list, or the name of a shared list
    spec_column: str | None = None
    computed: str | None = None
    date: IsoDate | None = None
    na_rows: list[str] = Field(default_factory=list)
    help: str | None = None
    max_length: int | None = None
    # bounds (docs/definitions.md): numbers' largest magnitude, dates' range; checked by build.py
    max: int | float | str | None = None
    earliest: IsoDate | None = None
    latest: IsoDate | None = None


class RawGroup(Strict):
    """A merged header; with ``key`` and ``type`` it also has its own value column."""

    group: Text
    columns: list[Node]
    key: str | None = None
    type: str | None = None
    unit: str | None = None
    decimals: int | None = None
    date: IsoDate | None = None
    na_rows: list[str] = Field(default_factory=list)
    help: str | None = None
    max: int | float | str | None = None


class RawRow(Strict):
    key: str
    label: Text
    number: Text = ""
    sub_label: str | None = None
    fixed: dict[str, Text] = Field(default_factory=dict)
    na: list[str] = Field(default_factory=list)
    overrides: dict[str, dict[str, str | int]] = Field(default_factory=dict)


class RawSection(Strict):
    key: str
    kind: Literal["grid", "list", "form"]
    title: str | None = None
    row_header: list[str] = Field(default_factory=lambda: ["序号"])
    org_rows: list[str] = Field(default_factory=list)
    filled_by: Literal["province", "cities", "rows"] = "province"
    total_columns: list[str] = Field(default_factory=list)
    columns: list[Node] = Field(default_factory=list)
    fields: list[Node] = Field(default_factory=list)  # form sections
    rows: list[RawRow] = Field(default_factory=list)
    label_column: str | None = None
    # list sections: how many rows one unit may add (per block of 表7, so that no unit can
    # fill the list for the others), bounded so that a layout stays small; definitions
    # snapshotted before it was declared get DEFAULT_LIST_ROWS
    max_rows: int = Field(default=DEFAULT_LIST_ROWS, ge=1, le=MAX_LIST_ROWS)
    blocks: list[str] = Field(default_factory=list)
    total_label: str = "合计"


class RawTable(Strict):
    id: str
    label: str
    title: str
    instructions: str = ""
    date: IsoDate | None = None
    period: tuple[IsoDate, IsoDate] | None = None
    footer: str | None = None
    sections: list[RawSection]


class RawSurvey(Strict):
    id: str
    version: int
    title: str
    reference_date: date | None = None
    forecast_date: date | None = None
    instructions: str = ""
    code_lists: dict[str, list[RawCode]] = Field(default_factory=dict)
    tables: list[str]
    rules: str | None = None
    indicators: str | None = None  # indicators.yaml (kaoping.core.indicators.definition)
    quality: str | None = None  # quality.yaml (kaoping.core.quality.definition)


class RawRule(Strict):
    id: str
    table: str
    check: str
    message: str
    section: str | None = None
    scope: str = "row"
    severity: str = "E"
    blank: str = "skip"
    when: str | None = None
    column: str | None = None
    row: str | None = None
    description: str = ""
    suspects: list[str] = Field(default_factory=list)
    suspect_groups: list[list[str]] = Field(default_factory=list)


class RawRules(Strict):
    rules: list[RawRule] = Field(default_factory=list)


def _node_kind(value: object) -> str:
    """A header node with ``group:`` is a group, anything else a column (clearer errors)."""
    if isinstance(value, dict):
        return "group" if "group" in value else "column"
    return "group" if isinstance(value, RawGroup) else "column"


Node = Annotated[
    Annotated[RawColumn, Tag("column")] | Annotated[RawGroup, Tag("group")],
    Discriminator(_node_kind),
]

RawGroup.model_rebuild()
RawSection.model_rebuild()
