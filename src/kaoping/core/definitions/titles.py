"""A definition version as officials name it: "规划重点任务实施情况调查表 2015（第1版）", not
``survey-2015@1`` (docs/spec.md §9.8). Read from the main file's top-level ``title`` without
loading the whole definition, so that lists of campaigns stay cheap."""

from __future__ import annotations

import re

MAIN_FILES = ("survey.yaml", "rubric.yaml")
_TITLE = re.compile(r"^title:\s*(.+?)\s*$", re.MULTILINE)
_YEAR = re.compile(r"-(\d{4})$")


def definition_title(ref: str, files: dict[str, str]) -> str:
    """``ref`` is ``<id>@<version>``; ``files`` the definition's texts by file name."""
    ident, _, version = ref.partition("@")
    main = next((files[name] for name in MAIN_FILES if name in files), "")
    found = _TITLE.search(main)
    title = found.group(1).strip("'\"") if found else ident
    year = _YEAR.search(ident)
    if found and year and year.group(1) not in title:
        title = f"{title} {year.group(1)}"
    return f"{title}（第{version}版）" if version else title
