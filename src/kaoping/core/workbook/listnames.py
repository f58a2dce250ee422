"""List rows matched by name: importing the same workbook twice changes nothing.

A template lists the list rows stored when it was written (by key) and offers blank rows
under them. A system typed into a blank row and imported is stored as a new row; importing
the same file again must find that row, not add it a second time. So a filled blank row is
matched to a stored row of the same unit's block that the template did not list, by its
name (the section's ``label_column``) normalised as rule V07-DUP normalises (``norm``:
spaces and punctuation removed, full/half width and case folded; docs/spec.md §9.3).

Two rows of one block with the same name are a finding (X-DUP), never merged: two rows of
the file, or one row of the file and several stored rows it could be.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kaoping.core.instance import SurveyData
from kaoping.core.rules.functions import normalise
from kaoping.core.workbook.layoutmodel import RowSlot, SheetLayout

Block = tuple[str, str]  # (section, block organisation)


@dataclass
class ListNames:
    """The names met in one sheet's lists so far, and the stored rows the template did not list."""

    sheet: SheetLayout
    data: SurveyData
    seen: dict[Block, dict[str, str]] = field(default_factory=dict)  # name → where first met
    _unlisted: dict[Block, dict[str, list[str]]] = field(default_factory=dict)  # name → keys

    def block(self, row: RowSlot) -> Block:
        return row.section.key, row.block_org or self.data.province.code

    def meet(self, row: RowSlot, name: str, where: str) -> str | None:
        """Record ``name`` met at ``where``; the place of an earlier row of the block with
        the same name, if any (the first stays recorded)."""
        names = self.seen.setdefault(self.block(row), {})
        earlier = names.get(normalise(name))
        if earlier is None:
            names[normalise(name)] = where
        return earlier

    def stored(self, row: RowSlot, name: str) -> list[str]:
        """Keys of the stored rows of the block, not in the template, named ``name``."""
        block = self.block(row)
        if block not in self._unlisted:
            self._unlisted[block] = self._index(row, block)
        return self._unlisted[block].get(normalise(name), [])

    def _index(self, row: RowSlot, block: Block) -> dict[str, list[str]]:
        section, org = block
        table = self.sheet.table.id
        listed = {
            r.row.key for p in self.sheet.sections for r in p.rows if r.row.kind == "list" and not r.spare
        }
        column = row.section.label_column
        out: dict[str, list[str]] = {}
        for stored in self.data.rows_of_list(table, section, org):
            name = self.data.get(table, stored.key, column) if column else None
            if stored.key in listed or name is None:
                continue
            out.setdefault(normalise(str(name)), []).append(stored.key)
        return out
