"""The rubric YAML against seed 000 (docs/sources/rubric-jiangsu-seed.txt), compared
field by field after parsing the seed's flattened table — not by substring search.

The seed is a Word table flattened to text: every cell starts on a line beginning with a
tab and may continue over the following lines; each row has six cells (序, 工作分类,
工作项目, 工作要点, 相关指标, 评分标准). A row whose 序 and 工作分类 are empty continues the
category above. The only differences allowed are the corrections of docs/spec.md §16.1, listed below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest

from kaoping.core.rubric.loader import load_rubric
from kaoping.core.rubric.model import Rubric

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "docs" / "sources" / "rubric-jiangsu-seed.txt"
RUBRIC = ROOT / "definitions" / "rubric-jiangsu" / "v1"
HEADER = ["序", "工作分类", "工作项目", "工作要点", "相关指标", "评分标准"]

# docs/spec.md §16.1: the seed's typos, as (seed text, our text), applied to the parsed seed fields.
TEXT_CORRECTIONS = [
    ("城镇民社会保险", "城镇居民社会保险"),
    ("加快发卡放进度", "加快发放进度"),
    ("扩大发卡放人群", "扩大发放人群"),
]
LABEL_CORRECTIONS = {"网  站": "网站"}
# docs/spec.md §7.1: 人员保障数资金保障数 is two metrics printed together.
INDICATOR_SPLITS = {"人员保障数资金保障数": ["人员保障数", "资金保障数"]}
# docs/spec.md §16.1: the 应用系统 header printed again, without points, where the table continues on
# a new page — one category (handled in ``parse_seed`` by merging same-numbered headers).


@dataclass
class SeedItem:
    label: str
    points: Decimal
    focus: str
    indicators: list[str]
    criteria: list[tuple[str, str, Decimal]]  # (number, label, points)


@dataclass
class SeedCategory:
    number: str
    label: str
    points: Decimal | None
    items: list[SeedItem] = field(default_factory=list)


def cells(text: str) -> list[str]:
    out: list[str] = []
    for line in text.splitlines():
        if line.startswith("\t"):
            out.append(line[1:])
        elif out:
            out[-1] += "\n" + line
    return out


def label_and_points(cell: str) -> tuple[str, Decimal | None]:
    flat = " ".join(part.strip() for part in cell.split("\n") if part.strip())
    match = re.fullmatch(r"(.*?)\s*（(\d+)分）", flat)
    if match is None:
        return flat, None
    return match[1].strip(), Decimal(match[2])


def criteria(cell: str) -> list[tuple[str, str, Decimal]]:
    out = []
    for line in cell.split("\n"):
        if not line.strip():
            continue
        match = re.fullmatch(r"\s*(\d+)、\s*(.*?)（(\d+)分）\s*", line)
        assert match is not None, f"unparsed criterion line: {line!r}"
        out.append((match[1], match[2], Decimal(match[3])))
    return out


def parse_seed() -> list[SeedCategory]:
    found = cells(SEED.read_text(encoding="utf-8"))
    start = found.index("序")
    assert [c.strip() for c in found[start : start + 6]] == HEADER
    body = found[start + 6 :]
    assert len(body) % 6 == 0, len(body)
    categories: list[SeedCategory] = []
    for i in range(0, len(body), 6):
        number, category, item, focus, indicators, scoring = body[i : i + 6]
        if number.strip():
            label, points = label_and_points(category)
            if categories and categories[-1].number == number.strip():
                # The repeated header on a new page: same number and label, no points.
                assert (label, points) == (categories[-1].label, None)
            else:
                categories.append(SeedCategory(number.strip(), label, points))
        item_label, item_points = label_and_points(item)
        assert item_points is not None
        categories[-1].items.append(
            SeedItem(
                label=item_label,
                points=item_points,
                focus=focus.strip(),
                indicators=[indicators.strip()] if indicators.strip() else [],
                criteria=criteria(scoring),
            )
        )
    return categories


def corrected(categories: list[SeedCategory]) -> list[SeedCategory]:
    for category in categories:
        for item in category.items:
            item.label = LABEL_CORRECTIONS.get(item.label, item.label)
            for wrong, right in TEXT_CORRECTIONS:
                item.focus = item.focus.replace(wrong, right)
            item.indicators = [m for i in item.indicators for m in INDICATOR_SPLITS.get(i, [i])]
    return categories


@pytest.fixture(scope="module")
def seed() -> list[SeedCategory]:
    return corrected(parse_seed())


@pytest.fixture(scope="module")
def rubric() -> Rubric:
    return load_rubric(RUBRIC)


def test_seed_parses_to_six_categories_nineteen_items_thirty_four_criteria(seed: list[SeedCategory]) -> None:
    assert [(c.number, c.label, c.points) for c in seed] == [
        ("1", "管理机制", 17),
        ("2", "基础平台", 20),
        ("3", "应用系统", 23),
        ("4", "社会保障卡", 15),
        ("5", "资源开发", 10),
        ("6", "公共服务", 15),
    ]
    assert sum(len(c.items) for c in seed) == 19
    assert sum(len(i.criteria) for c in seed for i in c.items) == 34


def test_categories_match_the_seed(seed: list[SeedCategory], rubric: Rubric) -> None:
    assert [(c.number, c.label, c.points) for c in rubric.categories] == [
        (s.number, s.label, s.points) for s in seed
    ]


def test_items_match_the_seed(seed: list[SeedCategory], rubric: Rubric) -> None:
    ours = [(i.label, i.points, i.focus, list(i.indicators)) for c in rubric.categories for i in c.items]
    theirs = [(i.label, i.points, i.focus, i.indicators) for c in seed for i in c.items]
    assert ours == theirs


def test_criteria_match_the_seed(seed: list[SeedCategory], rubric: Rubric) -> None:
    ours = [[(k.number, k.label, k.points) for k in i.criteria] for c in rubric.categories for i in c.items]
    theirs = [i.criteria for c in seed for i in c.items]
    assert ours == theirs


def test_the_corrections_are_real_differences_from_the_seed() -> None:
    # Each listed correction must change something in the raw seed, or it is not needed.
    raw = parse_seed()
    focuses = [i.focus for c in raw for i in c.items]
    for wrong, _ in TEXT_CORRECTIONS:
        assert any(wrong in f for f in focuses), wrong
    assert "网  站" in [i.label for c in raw for i in c.items]
    assert ["人员保障数资金保障数"] in [i.indicators for c in raw for i in c.items]
    assert sum(1 for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip() == "应用系统") == 2
