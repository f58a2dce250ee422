"""Text columns are held to the max_length their definition declares (else 500), checked by
the loader in Chinese; a value beyond it, or one holding a lone surrogate, is refused with the
bound in the reason (docs/definitions.md, docs/spec.md §5.3)."""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.core.test_definition_loader import main_columns, only_problem, texts, valid

from kaoping.core import texts as bounds
from kaoping.core.definitions.loader import load_survey, load_survey_from_texts
from kaoping.core.definitions.model import Column, ColumnType
from kaoping.core.values import Refused, parse

ROOT = Path(__file__).resolve().parents[2]
NAME = Column("name", "系统名称", ColumnType.TEXT, max_length=200)
NOTE = Column("note", "备注", ColumnType.TEXT)
SITE = Column("address", "访问网址", ColumnType.URL)


def test_system_names_hold_200_and_other_texts_500() -> None:
    assert parse(NAME, " " + "系" * 200 + " ") == "系" * 200
    refused = parse(NAME, "系" * 100_000)
    assert isinstance(refused, Refused) and refused.reason == "文字过长：最多 200 个字，填写了 100000 个字"
    assert parse(NOTE, "备" * 500) == "备" * 500
    assert isinstance(parse(NOTE, "备" * 501), Refused) and isinstance(parse(SITE, "h" * 501), Refused)


@pytest.mark.parametrize("text", ["\ud800", "系统\udfff名称"])
def test_a_lone_surrogate_is_refused(text: str) -> None:
    refused = parse(NAME, text)
    assert isinstance(refused, Refused) and "无法保存的字符" in refused.reason


def test_the_survey_declares_its_names_and_long_descriptions() -> None:
    survey = load_survey(ROOT / "definitions" / "survey-2015" / "v1")
    assert survey.table("T06").column("name").max_length == 200
    assert survey.table("T07").column("name").max_length == 200
    assert survey.table("T12").column("duties").max_length == 2000
    assert survey.table("T09").column("remark").max_length == 500


def test_a_declared_max_length_is_loaded() -> None:
    d = valid()
    main_columns(d).append({"key": "memo", "label": "备注", "type": "text", "max_length": 80})
    table = load_survey_from_texts(texts(d)).table("T01")
    assert (table.column("memo").max_length, table.column("memo").type) == (80, ColumnType.TEXT)


@pytest.mark.parametrize(
    ("column", "declared", "said"),
    [
        (0, 0, f"最大长度（max_length）应为 1 至 {bounds.COLUMN_CEILING} 之间的整数，此处为 0"),
        (0, 2001, f"最大长度（max_length）应为 1 至 {bounds.COLUMN_CEILING} 之间的整数，此处为 2001"),
        (1, 10, "只有文字和网址列可以声明最大长度（max_length），此列类型为"),
    ],
)
def test_a_max_length_beyond_the_ceiling_or_on_a_number_column_is_refused(
    column: int, declared: int, said: str
) -> None:
    d = valid()
    main_columns(d).append({"key": "memo", "label": "备注", "type": "text"})
    main_columns(d)[-1 if column == 0 else column]["max_length"] = declared
    problem = only_problem(d)
    expected = "memo" if column == 0 else main_columns(d)[column]["key"]
    assert problem.key == expected and problem.message.startswith(said)
