"""Which organisation a workbook names, read from its document properties alone.

A bulk upload groups its files by organisation before any worker opens them (one
organisation's files in one job, docs/architecture.md). Opening every file in full for that
— the sheets' parts, the shared strings, the ``_meta`` sheet — cost the upload's request
~1.2 ms a file; the platform's templates also carry the organisation as the custom document
property ``kaoping_org`` (``writer``), one small part of the zip, which Excel, WPS and
LibreOffice keep when they save. This is a hint for grouping only: the import reads the
``_meta`` sheet and is the authority. A file whose property is missing or unreadable gives
None, and the caller opens it in full.
"""

from __future__ import annotations

import re

from kaoping.core.workbook.safety import Limits, Refused, check_file

PART = "docProps/custom.xml"
MAX_PART = 64 * 1024  # ours is ~1 KB
_ORG = re.compile(rb'name="kaoping_org"[^>]*>\s*<vt:lpwstr>([0-9A-Za-z_.-]{1,40})</vt:lpwstr>')


def org_hint(content: bytes, limits: Limits | None = None) -> str | None:
    """The organisation code the file's properties name; None when they name none (or the
    file is refused: its import says why)."""
    try:
        archive = check_file(content, limits or Limits())
        if not archive.has(PART) or archive.entries[PART.lower()].file_size > MAX_PART:
            return None
        found = _ORG.search(archive.read(PART))
    except Refused:
        return None
    return found.group(1).decode() if found else None
