"""The cell to check first (docs/spec.md §10.5): a sum's cell the unit changed last, else
its total; for one group or the other, the first empty cell of the group the unit started."""

from __future__ import annotations

from workbook_helpers import META, NANJING, SURVEY, fill, sample, template

from kaoping.core.rules.engine import validate
from kaoping.core.rules.suspect import with_suspects
from kaoping.core.workbook import read_workbook

CALLS = ("T09", NANJING, "calls")
ANSWERED = ("T09", NANJING, "answered")


def balance(recent: dict) -> tuple[str, str] | None:  # type: ignore[type-arg]
    data = sample()
    data.values[ANSWERED] = data.values[ANSWERED] + 1  # type: ignore[operator]
    (finding,) = [f for f in validate(SURVEY, data, tables={"T09"}) if f.rule == "V09-BAL"]
    assert (finding.row, finding.column) == (NANJING, "calls")  # the anchor never moves
    (found,) = with_suspects(SURVEY, data, [finding], recent)
    return found.suspect


def test_a_balance_names_the_cell_changed_last_else_the_total() -> None:
    assert balance({}) == (NANJING, "calls")
    assert balance({ANSWERED: 7, CALLS: 3}) == (NANJING, "answered")
    assert balance({CALLS: 9, ANSWERED: 7}) == (NANJING, "calls")


def test_one_group_or_the_other_names_the_first_empty_cell_of_the_group_started() -> None:
    data = sample()
    row = [k for k in data.values if k[0] == "T12" and k[1] == NANJING]
    for key in row:
        del data.values[key]
    # neither group: the first cell of the first (a centre's name)
    (none,) = [f for f in validate(SURVEY, data, tables={"T12"}) if f.rule == "V12-ONE" and f.row == NANJING]
    assert with_suspects(SURVEY, data, [none], {})[0].suspect == (NANJING, "city_centre_name")
    # both started, the department last: its first empty cell, 信息化工作人员数
    data.values[("T12", NANJING, "city_centre_name")] = "南京市人社信息中心"
    data.values[("T12", NANJING, "dept")] = "信息处"
    (both,) = [f for f in validate(SURVEY, data, tables={"T12"}) if f.rule == "V12-ONE" and f.row == NANJING]
    recent = {("T12", NANJING, "city_centre_name"): 1, ("T12", NANJING, "dept"): 2}
    assert with_suspects(SURVEY, data, [both], recent)[0].suspect == (NANJING, "dept_staff")
    assert with_suspects(SURVEY, data, [both], recent)[0].as_json()["suspect"] == {
        "row": NANJING,
        "column": "dept_staff",
    }


def test_an_import_names_the_cell_the_file_changed() -> None:
    stored = sample()
    content, layout = template(stored, NANJING)
    located = layout.locate(ANSWERED)
    assert located is not None
    sheet, r, c = located
    typed = fill(content, {(sheet.name, r, c): int(stored.values[ANSWERED]) + 1})  # type: ignore[call-overload]
    result = read_workbook(typed, SURVEY, stored, org=NANJING, meta=META)
    (finding,) = [f for f in result.findings if f.rule == "V09-BAL"]
    assert finding.suspect == (NANJING, "answered") and finding.column == "calls"
    # the workbook's cell of it, beside the finding's own (the anchor at 来电总量)
    assert finding.as_json()["suspect"] == {"row": NANJING, "column": "answered", "cell": sheet.address(r, c)}
    assert finding.cell != sheet.address(r, c)
    # a rule that names no cells has no suspect
    assert all(f.suspect is None for f in result.findings if f.rule != "V09-BAL")
