"""Pydantic models of the raw rubric YAML: shape only, extra keys refused.

Sums, method names and parameters, metric and target references and expressions are
checked by ``checks.py`` once the shape is known to be right.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field


def _text(value: object) -> object:
    """YAML reads ``12333`` or ``1`` as numbers; labels and 序号 are printed text."""
    return str(value) if isinstance(value, int | float) and not isinstance(value, bool) else value


Text = Annotated[str, BeforeValidator(_text)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class RawTarget(Strict):
    label: str
    unit: str = ""
    value: Decimal | None = None
    by_region: dict[str, Decimal] = Field(default_factory=dict)
    by_city: dict[Text, Decimal] = Field(default_factory=dict)
    expr: str | None = None
    note: str | None = None


class RawMetric(Strict):
    label: str
    unit: str = ""
    kind: Literal["number", "bool", "list"] = "number"
    survey: str | None = None
    source: str | None = None
    reported: bool = False
    max: Decimal | None = None  # the largest value; the rubric's metric_max when absent


class RawPart(Strict):
    key: str
    label: Text
    points: Decimal
    method: dict[str, Any]


class RawCriterion(Strict):
    key: str
    number: Text = ""
    label: Text
    points: Decimal
    method: dict[str, Any] | None = None
    parts: list[RawPart] = Field(default_factory=list)


class RawItem(Strict):
    key: str
    label: Text
    points: Decimal
    focus: str
    indicators: list[str] = Field(default_factory=list)
    criteria: list[RawCriterion]
    shows: list[str] = Field(default_factory=list)


class RawCategory(Strict):
    key: str
    number: Text = ""
    label: Text
    points: Decimal
    items: list[RawItem]


class RawRubric(Strict):
    id: str
    version: int
    title: str
    source: str = ""
    metric_max: Decimal | None = None  # every metric's largest value unless it says otherwise
    targets: dict[str, RawTarget] = Field(default_factory=dict)
    metrics: dict[str, RawMetric] = Field(default_factory=dict)
    categories: list[RawCategory]
