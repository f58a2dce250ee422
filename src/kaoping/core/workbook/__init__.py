"""Excel templates out (XlsxWriter) and filled workbooks in (python-calamine).

- ``write_workbook(survey, data, org=…, meta=…) -> bytes``: an organisation's template;
- ``read_workbook(content, survey, data, org=…, meta=…) -> ImportResult``: changes, the
  merged survey and located findings, or a refusal; never raises on bad input.
"""

from kaoping.core.workbook.layout import WorkbookLayout, build_layout
from kaoping.core.workbook.meta import WorkbookMeta
from kaoping.core.workbook.reader import ImportResult, read_workbook
from kaoping.core.workbook.safety import Limits
from kaoping.core.workbook.writer import write_workbook

__all__ = [
    "ImportResult",
    "Limits",
    "WorkbookLayout",
    "WorkbookMeta",
    "build_layout",
    "read_workbook",
    "write_workbook",
]
