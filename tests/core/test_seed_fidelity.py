"""The survey definition says what seed 001 says, field by field.

The seed (docs/sources/survey-2015-seed.txt) is a flattened Word export: a table starts at
a line ``表N  title``; a cell is a tab-led line, continued by untabbed lines (a cell may
hold blank lines); a blank line followed by a new tab-led line starts a new table row.
This test parses that structure and compares it with the loaded definition: titles,
header labels row by row (merged groups included), fixed row labels in order, "——"
cells, 填写说明 texts, and every code column's (letter, meaning) pairs read from the
填写说明 lists. The only differences allowed are listed below, each with its reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from kaoping.core.definitions.loader import load_survey
from kaoping.core.definitions.model import Column, HeaderGroup, HeaderNode, Row, Section, Survey

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "docs" / "sources" / "survey-2015-seed.txt"
DEFINITION = ROOT / "definitions" / "survey-2015" / "v1"

# --- the exceptions, each one deliberate --------------------------------------------------

# Columns the seed does not print. Explanation texts for （请说明） codes (docs/spec.md §3.5: "needs
# an explanation text"), 表2's explicit "no DR" answer (its 填写说明 4 says to
# write 无 in any blank instead), and 表7's go-live date (docs/spec.md §16.4: 进展情况 is 表6's
# 是否上线, with 表6's 上线日期).
ADDED_COLUMNS = {
    "T02": {"location_note", "location_dr_note", "no_dr"},
    "T03": {"other_note"},
    "T06": {"scope_note"},
    "T07": {"progress_date", "scope_note"},
    "T08": {"channel_note", "services_note", "city_services_note"},
    "T10": {"functions_note", "auth_note"},
    "T12": {"nature_note", "city_nature_note"},
}
# docs/spec.md §16.1: the item after 8.9 is printed "8.1"; it is 8.10.
SEED_NUMBER = {("T14", "stat_plan_province"): "8.1"}
# docs/spec.md §16.1: 表8's 其他 is printed as a second "h"; it is "l".
SEED_CODE_LETTER = {("T08", "服务内容", "其他（请说明）"): "h"}
# 表12 part 1 prints its field as “该机构的性质”; the 填写说明 list is headed “机构性质”.
# 表8's “服务内容” list (各渠道的服务内容) is also what part 2's four channel columns hold.
CODE_LIST_ALIASES = {
    ("T12", "机构性质"): {"nature"},
    ("T08", "服务内容"): {
        "portal_services",
        "business_site_services",
        "gov_site_services",
        "mobile_services",
    },
}
# 表7 prints no code lists: 业务范围 is "filled as in 表6" (its 填写说明 4); 进展情况 is answered
# as 表6's 是否上线, 是/否 (the same 填写说明 4; docs/spec.md §16.4), so it has no codes.
CODES_FROM_TABLE = {("T07", "scope"): "T06"}
CODES_NOT_IN_SEED: set[tuple[str, str]] = set()
# The seed merges 表14's 序号 and 项目 headers into one cell printed 项目.
PRINTED_ROW_HEADER = {("T14", "main"): ["项目"]}
# Where a section starts in the seed when its title is not printed above it.
SECTION_START = {("T02", "dr"): "二、容灾建设", ("T02", "dr_none"): None}
# 属性 is one merged cell over an indicator's sub-rows; the definition repeats it.
MERGED_FIXED = {("T01", "attribute")}
# Sections whose rows the seed prints as placeholders (地市1—××市, blank numbered rows):
# their rows come from the organisation tree or are added by the user, never transcribed.
PLACEHOLDER_SECTIONS = {
    ("T03", "main"): ["cities"],
    ("T05", "main"): ["cities", "total"],
    ("T06", "systems"): [],
    ("T07", "systems"): [],
    ("T08", "channels"): [],
    ("T08", "cities"): ["province", "cities"],
    ("T09", "main"): ["province", "cities", "total"],
    ("T10", "main"): ["province", "cities", "total"],
    ("T11", "main"): ["province", "cities", "total"],
    ("T12", "cities"): ["cities"],
    ("T13", "main"): ["cities", "province", "total"],
}
# The seed's 合计 row of 表10 also prints —— under 地市名称 (序号 holds 合计).
TOTAL_ROW_HEADER_NA = {"T10": 1}
# 表13's 全省合计 leaves 是否能够满足 blank; the total row is computed (nobody fills it) and a
# code cannot be summed, so the definition marks those two cells not applicable.
TOTAL_NA_NOT_PRINTED = {"T13": {"enough_build", "enough_ops"}}


# --- parsing the seed ---------------------------------------------------------------------

_TITLE = re.compile(r"^(附)?表\s*(\d+)\s*(\S.*)$")


@dataclass
class SeedTable:
    label: str  # as printed, e.g. "附表6"
    title: str
    rows: list[list[str]] = field(default_factory=list)  # raw cell texts

    def cells(self, index: int) -> list[str]:
        """The non-empty, normalised cells of a row."""
        return [c for c in (norm(x) for x in self.rows[index]) if c]

    def find(self, first_cell: str) -> int:
        return next(i for i in range(len(self.rows)) if self.cells(i)[:1] == [norm(first_cell)])

    def instructions(self) -> str | None:
        for row in self.rows:
            for cell in row:
                head = cell.strip()
                if head.startswith(("填写说明：", "填表说明：")):
                    return head.split("：", 1)[1]
        return None


def parse_seed(text: str) -> dict[str, SeedTable]:
    tables: dict[str, SeedTable] = {}
    current: SeedTable | None = None
    row: list[str] | None = None
    after_blank = False
    for line in text.splitlines():
        title = None if line.startswith("\t") else _TITLE.match(line)
        if title:
            current = SeedTable(
                label=f"{title.group(1) or ''}表{title.group(2)}", title=title.group(3).strip()
            )
            tables[f"T{int(title.group(2)):02d}"] = current
            row, after_blank = None, False
        elif current is None:
            continue
        elif line.startswith("\t"):
            if row is None or after_blank:
                row = []
                current.rows.append(row)
            row.append(line[1:])
            after_blank = False
        elif not line.strip():
            after_blank = True
        elif row is not None:  # an untabbed line continues the last cell
            row[-1] += "\n" + line
            after_blank = False
    return tables


def norm(text: str) -> str:
    """Layout differences only: whitespace (justification, line breaks) and half-width brackets."""
    return re.sub(r"\s+", "", text).replace("(", "（").replace(")", "）")


_CODE_LIST = re.compile(r"“([^”]+)”，?按以下代码填写(?:，可多选)?：(.*?)(?:。|$)", re.M)
_CODE = re.compile(r"([a-z])[.．]\s*(.+?)\s*(?=[；;]|\s[a-z][.．]|$)")


def code_lists(instructions: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each ``“label”，按以下代码填写：a.…；b.…`` of a 填写说明 as (label, [(letter, meaning)])."""
    out = []
    for match in _CODE_LIST.finditer(instructions):
        pairs = [(m.group(1), m.group(2).strip()) for m in _CODE.finditer(match.group(2))]
        out.append((match.group(1), pairs))
    return out


# --- fixtures -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed() -> dict[str, SeedTable]:
    return parse_seed(SEED.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def survey() -> Survey:
    return load_survey(DEFINITION)


TABLE_IDS = [f"T{n:02d}" for n in range(1, 15)]


def test_the_seed_parses_into_fourteen_tables(seed: dict[str, SeedTable]) -> None:
    assert sorted(seed) == TABLE_IDS
    # 表9's header: one row per header level, multi-line cells joined.
    assert seed["T09"].cells(1) == [
        "总人数",
        "咨询员人数",
        "座席数",
        "来电总量（个）",
        "人工接听量",
        "自动语音量",
        "放弃量",
    ]


@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_title_and_label(table_id: str, seed: dict[str, SeedTable], survey: Survey) -> None:
    table, printed = survey.table(table_id), seed[table_id]
    assert table.title == printed.title
    assert printed.label in (table.label, "附" + table.label)


@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_instructions_verbatim(table_id: str, seed: dict[str, SeedTable], survey: Survey) -> None:
    printed = seed[table_id].instructions()
    assert norm(survey.table(table_id).instructions) == norm(printed or "")


def test_survey_instructions_verbatim(survey: Survey) -> None:
    lines = SEED.read_text(encoding="utf-8").splitlines()
    assert lines[0] == survey.title
    assert lines[1] == "填写说明："
    assert norm(survey.instructions) == norm("".join(lines[2:5]))


def test_table1_footer_is_the_seal_block(seed: dict[str, SeedTable], survey: Survey) -> None:
    block = next(c for row in seed["T01"].rows for c in row if c.startswith("填报单位"))
    assert norm(survey.table("T01").footer or "") == norm(block)


# --- headers ------------------------------------------------------------------------------


@dataclass
class _Node:
    label: str
    depth: int
    position: int  # index of its first leaf, left to right
    group: bool


def _header_nodes(section: Section, table_id: str) -> list[_Node]:
    skip = ADDED_COLUMNS.get(table_id, set())
    row_header = PRINTED_ROW_HEADER.get((table_id, section.key), list(section.row_header))
    nodes = [_Node(label, 0, i - len(row_header), False) for i, label in enumerate(row_header)]
    counter = [0]

    def walk(items: tuple[HeaderNode, ...], depth: int) -> None:
        for item in items:
            if isinstance(item, HeaderGroup):
                nodes.append(_Node(item.label, depth, counter[0], True))
                walk(item.children, depth + 1)
            elif not item.own and item.key not in skip:  # the own column is the group's cell
                nodes.append(_Node(item.label, depth, counter[0], False))
                counter[0] += 1
            elif item.own:
                counter[0] += 1

    walk(section.header, 0)
    return sorted(nodes, key=lambda n: (n.position, n.depth))


def _match_header(nodes: list[_Node], printed: SeedTable, start: int) -> int:
    """Match the seed's header rows from ``start``; returns the first row after the header.

    A group is printed in the row of its depth; a column in the row of its depth or below
    (a vertically merged cell). Each seed row must be exactly the nodes placed in it, in
    left-to-right order.
    """
    pending = list(nodes)
    depth, index = 0, start
    while pending:
        assert index < len(printed.rows), f"表头未找到：{[n.label for n in pending]}"
        cells = printed.cells(index)
        index += 1
        if not cells:
            continue
        placed: list[_Node] = []
        for node in [n for n in pending if n.depth <= depth]:
            if len(placed) < len(cells) and norm(node.label) == cells[len(placed)]:
                placed.append(node)
            else:
                assert not (node.group and node.depth == depth), (
                    f"第 {depth + 1} 行表头缺少“{node.label}”：{cells}"
                )
        assert [norm(n.label) for n in placed] == cells, f"第 {depth + 1} 行表头不符"
        pending = [n for n in pending if n not in placed]
        depth += 1
    return index


def _section_start(printed: SeedTable, table_id: str, section: Section) -> int:
    title = SECTION_START.get((table_id, section.key), section.title)
    return printed.find(title) + 1 if title else 0


GRID_AND_LIST = [
    (t, s)
    for t, sections in {
        "T01": ["main"],
        "T02": ["dr"],
        "T03": ["main"],
        "T04": ["main"],
        "T05": ["main"],
        "T06": ["systems"],
        "T07": ["systems"],
        "T08": ["channels", "cities"],
        "T09": ["main"],
        "T10": ["main"],
        "T11": ["main"],
        "T12": ["cities"],
        "T13": ["main"],
        "T14": ["main"],
    }.items()
    for s in sections
]


@pytest.mark.parametrize(("table_id", "section_key"), GRID_AND_LIST)
def test_header_rows_as_printed(
    table_id: str, section_key: str, seed: dict[str, SeedTable], survey: Survey
) -> None:
    section = survey.table(table_id).section(section_key)
    printed = seed[table_id]
    _match_header(_header_nodes(section, table_id), printed, _section_start(printed, table_id, section))


def test_every_grid_and_list_section_is_compared(survey: Survey) -> None:
    sections = {(t.id, s.key) for t in survey.tables for s in t.sections if s.kind.value != "form"}
    assert sections == set(GRID_AND_LIST)


# --- fixed rows ---------------------------------------------------------------------------


def _expected_cells(table_id: str, section: Section, row: Row, previous: Row | None) -> list[str]:
    same_run = previous is not None and previous.number == row.number
    cells = []
    if not same_run:
        cells.append(SEED_NUMBER.get((table_id, row.key), row.number))
    if not (same_run and previous is not None and previous.label == row.label):
        cells.append(row.label)
    if row.sub_label:
        cells.append(row.sub_label)
    for column in section.columns:
        if column.key in row.fixed and not (same_run and (table_id, column.key) in MERGED_FIXED):
            cells.append(row.fixed[column.key])
        if column.key in row.na_columns:
            cells.append("——")
    return [norm(c) for c in cells if c]


FIXED_ROW_SECTIONS = [("T01", "main"), ("T02", "dr"), ("T04", "main"), ("T14", "main")]


@pytest.mark.parametrize(("table_id", "section_key"), FIXED_ROW_SECTIONS)
def test_fixed_rows_in_order(
    table_id: str, section_key: str, seed: dict[str, SeedTable], survey: Survey
) -> None:
    section = survey.table(table_id).section(section_key)
    printed = seed[table_id]
    index = _match_header(
        _header_nodes(section, table_id), printed, _section_start(printed, table_id, section)
    )
    previous: Row | None = None
    for row in section.fixed_rows:
        while not printed.cells(index):
            index += 1
        assert printed.cells(index) == _expected_cells(table_id, section, row, previous), row.key
        previous, index = row, index + 1


def test_fixed_row_sections_are_all_compared(survey: Survey) -> None:
    with_rows = {(t.id, s.key) for t in survey.tables for s in t.sections if s.fixed_rows}
    assert with_rows == set(FIXED_ROW_SECTIONS)


def test_table4_ends_with_group_17_total(seed: dict[str, SeedTable], survey: Survey) -> None:
    printed = seed["T04"]
    assert printed.cells(printed.find("17")) == ["17", "合计"]
    section = survey.table("T04").section("main")
    assert [k.value for k in section.org_rows] == ["total"]


@pytest.mark.parametrize(("table_id", "section_key"), sorted(PLACEHOLDER_SECTIONS))
def test_placeholder_rows_are_not_transcribed(table_id: str, section_key: str, survey: Survey) -> None:
    section = survey.table(table_id).section(section_key)
    assert section.fixed_rows == ()
    assert [k.value for k in section.org_rows] == PLACEHOLDER_SECTIONS[(table_id, section_key)]


@pytest.mark.parametrize("table_id", ["T09", "T10", "T13"])
def test_total_row_not_applicable_cells(table_id: str, seed: dict[str, SeedTable], survey: Survey) -> None:
    printed = seed[table_id]
    total = next(i for i in range(len(printed.rows)) if printed.cells(i)[:1] in (["合计"], ["全省合计"]))
    section = survey.table(table_id).sections[0]
    unprinted = ADDED_COLUMNS.get(table_id, set()) | TOTAL_NA_NOT_PRINTED.get(table_id, set())
    na = [c.key for c in section.columns if "total" in c.na_rows and c.key not in unprinted]
    assert printed.cells(total).count("——") == len(na) + TOTAL_ROW_HEADER_NA.get(table_id, 0)


# --- code lists ---------------------------------------------------------------------------


def _code_columns(survey: Survey, table_id: str, label: str) -> list[Column]:
    """Columns a 填写说明 code list is about: labelled so, or under a header so labelled."""
    table = survey.table(table_id)
    aliases = CODE_LIST_ALIASES.get((table_id, label), set())
    return [
        c
        for c in table.columns
        if c.type.value in ("code", "codes") and (c.label == label or label in c.header or c.key in aliases)
    ]


@pytest.mark.parametrize("table_id", TABLE_IDS)
def test_code_lists_match_the_instructions(table_id: str, seed: dict[str, SeedTable], survey: Survey) -> None:
    printed = code_lists(seed[table_id].instructions() or "")
    covered: set[str] = set()
    for label, pairs in printed:
        columns = _code_columns(survey, table_id, label)
        assert columns, f"{table_id}: no code column for “{label}”"
        for column in columns:
            seen = [(SEED_CODE_LETTER.get((table_id, label, c.label), c.code), c.label) for c in column.codes]
            assert seen == pairs, f"{table_id}.{column.key}"
            covered.add(column.key)
    for (tid, key), source in CODES_FROM_TABLE.items():
        if tid == table_id:
            assert survey.table(table_id).column(key).codes == survey.table(source).column(key).codes
            covered.add(key)
    code_columns = {c.key for c in survey.table(table_id).columns if c.type.value in ("code", "codes")}
    not_printed = {key for (tid, key) in CODES_NOT_IN_SEED if tid == table_id}
    assert code_columns - not_printed == covered


def test_code_list_parser_reads_letters_and_meanings() -> None:
    text = "4. “需求满足情况”，按以下代码填写：a.能够满足  b.不能满足  c.不好判断 。"
    assert code_lists(text) == [("需求满足情况", [("a", "能够满足"), ("b", "不能满足"), ("c", "不好判断")])]


# --- forms --------------------------------------------------------------------------------

FORM_TEXT = {
    ("T02", "dc"): "一、省级（生产）数据中心建设",
    ("T05", "library"): "省级社会保障卡持卡人员基础信息库建设情况",
    ("T06", "transition"): None,
    ("T10", "remarks"): None,
    ("T12", "province_centre"): "一、省厅情况",
    ("T12", "duties"): "三、省、市人社部门对省集中建设的任务分工",
}


@pytest.mark.parametrize(("table_id", "section_key"), sorted(FORM_TEXT))
def test_form_fields_are_printed_in_their_part(
    table_id: str, section_key: str, seed: dict[str, SeedTable], survey: Survey
) -> None:
    """Forms are printed as sentences with blanks: each field's label is in the part's text."""
    section = survey.table(table_id).section(section_key)
    printed = seed[table_id]
    title = FORM_TEXT[(table_id, section_key)]
    start = printed.find(title) if title else 0
    text = "".join(
        norm(c) for row in printed.rows[start:] for c in row if not c.startswith(("填写说明", "填表说明"))
    )
    if title:
        assert norm(section.title or "") == norm(title)
    for column in section.columns:
        if column.key not in ADDED_COLUMNS.get(table_id, set()):
            assert norm(column.label) in text, column.key
