"""A template older than the data: cells somebody changed after it was downloaded.

The caller (who has the audit log) tells the reader, for the template's table versions,
which cells changed since and what each held at download time (``LaterEdit``). For such a
cell the reader compares the workbook's value with that earlier value:

- the same: the file did not touch the cell; the newer value stays (not a change);
- different from both the earlier and the current value: a ``Conflict`` — by default the
  current value stays; the file's value is saved only when the user chose to overwrite it.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from datetime import datetime

from kaoping.core.definitions.model import Severity
from kaoping.core.findings import Finding
from kaoping.core.instance import CellKey

RULE = "X-CONFLICT"


@dataclass(frozen=True)
class LaterEdit:
    """A cell changed after the template was downloaded, per the audit log."""

    before: str | None  # stored text when the template was downloaded (None: blank)
    who: str  # who changed it last
    when: datetime  # when it was changed last
    version: int  # the table version of that last change


# The template's table versions and the time it was written (ISO 8601, "" if unknown) →
# the cells changed since, by cell (other units' cells included, by time).
LaterEdits = Callable[[Mapping[str, int], str], Mapping[CellKey, LaterEdit]]
# Which conflicts the file's value wins: all (True), none (False), or those tokens.
Overwrite = bool | Collection[str]


@dataclass(frozen=True)
class Conflict:
    """A cell the workbook changed that somebody else changed too after the download."""

    key: CellKey
    cell: str  # "表9!H7"
    table_label: str
    row_label: str
    column_label: str
    mine: str  # the workbook's value, as shown on pages ("" blank)
    current: str  # the value stored now, as shown on pages
    edit: LaterEdit
    overwritten: bool  # the file's value is saved (the user chose so)

    @property
    def token(self) -> str:
        """Names this conflict with the version it was seen at: a later edit is a new conflict."""
        return token(self.key, self.edit.version)

    @property
    def message(self) -> str:
        mine, current = self.mine or "空", self.current or "空"
        when = self.edit.when.strftime("%Y-%m-%d %H:%M")
        outcome = "已用文件中的值覆盖" if self.overwritten else "保留当前值"
        return (
            f"{self.cell}：下载模板后，{self.edit.who} 于 {when} 修改了此格（当前值 {current}），"
            f"文件中为 {mine}；{outcome}"
        )

    def finding(self) -> Finding:
        return Finding(
            table=self.key[0],
            table_label=self.table_label,
            row=self.key[1],
            row_label=self.row_label,
            column=self.key[2],
            column_label=self.column_label,
            severity=Severity.WARNING,
            rule=RULE,
            message=self.message,
            sheet=self.cell.split("!")[0],
            cell=self.cell,
        )

    def as_json(self) -> dict[str, object]:
        return {
            "table": self.key[0],
            "row": self.key[1],
            "column": self.key[2],
            "cell": self.cell,
            "file_value": self.mine,
            "current_value": self.current,
            "changed_by": self.edit.who,
            "changed_at": self.edit.when.isoformat(),
            "overwritten": self.overwritten,
        }


def token(key: CellKey, version: int) -> str:
    return "|".join((*key, str(version)))


def overwrites(choice: Overwrite, conflict_token: str) -> bool:
    if isinstance(choice, bool):
        return choice
    return conflict_token in choice
