"""The hidden ``_meta`` sheet: which definition, campaign and organisation a template is for.

Rows of ``key | value`` (all strings): format, layout, definition, version, campaign, org,
fingerprint, downloaded; one ``table_version | table | version`` row per table the
organisation fills (its version when the template was written, so an upload can tell which
cells changed since); then one ``list | table | section | block org | row key`` row per list
row, so the reader rebuilds exactly the layout the writer used. Templates written before
the version rows existed still import; the reader just knows nothing of later edits.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from kaoping.core.definitions.model import Survey
from kaoping.core.instance import SurveyData
from kaoping.core.workbook.bounded import BoundedBook
from kaoping.core.workbook.bounds import workbook_bounds
from kaoping.core.workbook.layout import WorkbookLayout
from kaoping.core.workbook.safety import Limits, Refused

META_SHEET = "_meta"
LISTS_SHEET = "_lists"
FORMAT = "kaoping-workbook"


@dataclass(frozen=True)
class WorkbookMeta:
    """What the caller knows about the campaign (the core knows only the definition)."""

    campaign: str  # campaign id, e.g. "demo-2015"
    unit_name: str = ""  # 填报单位 printed on 表1, e.g. "江苏省人力资源和社会保障厅"
    title: str = ""  # shown in the document properties
    # When set, the template records it and, per table the organisation fills, that table's
    # version when the data written was read (absent from ``table_versions``: 0, never saved).
    downloaded_at: str = ""  # ISO 8601 local time
    table_versions: Mapping[str, int] = field(default_factory=dict)


@dataclass
class MetaRecord:
    """What a workbook's ``_meta`` sheet says."""

    values: dict[str, str] = field(default_factory=dict)
    list_keys: dict[tuple[str, str, str], list[str]] = field(default_factory=dict)
    table_versions: dict[str, int] = field(default_factory=dict)

    def get(self, key: str) -> str:
        return self.values.get(key, "")

    @property
    def versioned(self) -> bool:
        """Whether the template says which table versions its values are (newer templates do)."""
        return bool(self.table_versions or self.get("downloaded"))


Template = tuple[BoundedBook, MetaRecord]  # a workbook as ``open_template`` opened it


def open_template(content: bytes, survey: Survey, data: SurveyData, limits: Limits | None = None) -> Template:
    """A filled template of ``survey`` for the organisations of ``data``, opened within the
    bounds any such template has, and what its ``_meta`` sheet says (``Refused`` if not)."""
    bounds = workbook_bounds(survey, data)
    book = BoundedBook(content, strings=bounds.strings, limits=limits)
    if META_SHEET not in book.names:
        raise Refused("文件中没有模板标识（_meta 工作表）：请使用本平台下载的模板填写")
    return book, parse_meta(book.sheet(META_SHEET, bounds.meta).grid)


def meta_rows(layout: WorkbookLayout, meta: WorkbookMeta) -> list[list[str]]:
    survey = layout.survey
    rows = [
        ["format", FORMAT],
        ["layout", "1"],
        ["definition", survey.id],
        ["version", str(survey.version)],
        ["campaign", meta.campaign],
        ["org", layout.org or ""],
        ["fingerprint", layout.fingerprint],
    ]
    if meta.downloaded_at:
        rows.append(["downloaded", meta.downloaded_at])
        rows.extend(
            ["table_version", s.table.id, str(meta.table_versions.get(s.table.id, 0))] for s in layout.sheets
        )
    for (table, section, block), keys in sorted(layout.list_keys.items()):
        rows.extend(["list", table, section, block, key] for key in keys)
    return rows


def parse_meta(rows: Sequence[Sequence[object]]) -> MetaRecord:
    record = MetaRecord()
    for row in rows:
        cells = [_text(x) for x in row]
        if not cells or not cells[0]:
            continue
        if cells[0] == "list" and len(cells) >= 5:
            record.list_keys.setdefault((cells[1], cells[2], cells[3]), []).append(cells[4])
        elif cells[0] == "table_version" and len(cells) >= 3 and cells[2].isascii() and cells[2].isdigit():
            record.table_versions[cells[1]] = int(cells[2])
        elif len(cells) >= 2:
            record.values[cells[0]] = cells[1]
    return record


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()
