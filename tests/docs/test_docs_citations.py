"""The project carries what it cites.

Code, tests, definitions and docs cite the product specification as ``docs/spec.md §N.M``;
this test fails when a file cites the brief the project started from instead (the bare
word ``SPEC``, its ``SPEC.md``), the architecture notes outside the repository
(``ARCHITECTURE.md`` in capitals; ours is ``docs/architecture.md``) or anything under
``../shared``; when a ``docs/spec.md §`` citation or an ``#s…`` link names a section the
spec does not have; when a page template or a translation shows a reference to the spec
to officials; and when README does not link a document of docs/.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SPEC = ROOT / "docs" / "spec.md"
THIS = Path(__file__).resolve()

SCANNED_DIRS = ("src", "tests", "docs", "definitions", "bench", "scripts", ".ci")
SCANNED_TOP = ("README.md", "Makefile", "pyproject.toml", "conftest.py", "manage.py", "package.json")
SKIPPED_PARTS = {"node_modules", "vendor", "__pycache__", ".venv", "var", ".git", "screenshots"}
BINARY_SUFFIXES = {".png", ".jpg", ".jpeg", ".pdf", ".xlsx", ".xls", ".zip", ".mo", ".ico", ".woff", ".woff2"}

# "SPEC" as a word of its own: not V-SPEC (a rule id), not an identifier such as SPEC_COLUMN.
BARE_SPEC = re.compile(r"(?<![\w-])SPEC(?![\w-])")
OUTSIDE = re.compile(r"ARCHITECTURE\.md|\.\./shared|/work/shared|shared/(?:SPEC|ARCHITECTURE|seeds)")
SECTION = r"(\d+(?:\.\d+)*|A\b)"  # 4.9, 16, or the appendix A
CITATION = re.compile(r"docs/spec\.md\s*§\s*" + SECTION)
SPEC_LINK = re.compile(r"spec\.md#s" + SECTION)
ANCHOR = re.compile(r'<a id="(s[0-9A-Z][0-9.]*)"></a>')
HEADING = re.compile(r"^#{2,4} (?:Appendix )?([0-9A-Z][0-9.]*)[. ]", re.MULTILINE)


def text_files() -> Iterator[Path]:
    for name in SCANNED_TOP:
        if (ROOT / name).is_file():
            yield ROOT / name
    for folder in SCANNED_DIRS:
        for path in sorted((ROOT / folder).rglob("*")):
            rel = path.relative_to(ROOT)
            if not path.is_file() or path.resolve() == THIS or SKIPPED_PARTS & set(rel.parts):
                continue
            if path.suffix.lower() not in BINARY_SUFFIXES:
                yield path


def lines_of(path: Path) -> Iterator[tuple[int, str]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return
    yield from enumerate(text.splitlines(), start=1)


def spec_sections() -> set[str]:
    text = SPEC.read_text(encoding="utf-8")
    anchors = {a.removeprefix("s") for a in ANCHOR.findall(text)}
    headings = {h.rstrip(".") for h in HEADING.findall(text)}
    mismatched = anchors ^ headings
    assert not mismatched, f"a heading without its anchor, or an anchor without its heading: {mismatched}"
    return anchors


def test_nothing_cites_a_document_outside_the_repository() -> None:
    found = [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in text_files()
        for number, line in lines_of(path)
        if BARE_SPEC.search(line) or OUTSIDE.search(line)
    ]
    assert not found, "cite docs/spec.md §N.M or docs/architecture.md instead:\n" + "\n".join(found)


def test_every_spec_citation_names_an_existing_section() -> None:
    sections = spec_sections()
    assert {"1", "4.9", "10.5", "16.1", "A"} <= sections
    cited = 0
    broken: list[str] = []
    for path in text_files():
        for number, line in lines_of(path):
            for section in CITATION.findall(line) + SPEC_LINK.findall(line):
                cited += 1
                if section not in sections:
                    broken.append(f"{path.relative_to(ROOT)}:{number}: §{section}")
    assert not broken, "no such section in docs/spec.md:\n" + "\n".join(broken)
    assert cited >= 50  # the code does cite the spec; a broken pattern would find none


def test_the_spec_links_only_to_its_own_sections() -> None:
    sections = spec_sections()
    links = re.findall(r"\]\(#s([0-9A-Z][0-9.]*)\)", SPEC.read_text(encoding="utf-8"))
    assert links
    assert not [link for link in links if link not in sections]


def test_officials_never_see_a_reference_to_the_spec() -> None:
    shown = [
        path
        for path in (ROOT / "src").rglob("*")
        if path.is_file()
        and (path.suffix in {".html", ".txt", ".po"} or "templates" in path.parts)
        and re.search(r"spec\.md|§\s*\d", path.read_text(encoding="utf-8", errors="replace"))
    ]
    assert not shown, [str(p.relative_to(ROOT)) for p in shown]


def test_readme_links_every_document() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    documents = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "docs").glob("*.md"))
    assert "docs/spec.md" in documents
    assert not [doc for doc in documents if f"]({doc})" not in readme]
    assert "](docs/sources/)" in readme
