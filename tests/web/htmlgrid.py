"""Read back what the pages rendered: header cells with their spans, rows, inputs."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass
class Th:
    text: str
    rowspan: int
    colspan: int


@dataclass
class Grid:
    header: list[list[Th]] = field(default_factory=list)
    rows: list[str] = field(default_factory=list)  # data-row keys of the body rows


class _Parser(HTMLParser):
    def __init__(self, testid: str) -> None:
        super().__init__()
        self.testid = testid
        self.grid = Grid()
        self.depth = 0  # >0 while inside the wanted table
        self.part = ""
        self.th: Th | None = None
        self.skip = 0  # inside <span class="unit"> of a header

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            if self.depth or a.get("data-testid") == self.testid:
                self.depth += 1
            return
        if not self.depth:
            return
        if tag in ("thead", "tbody"):
            self.part = tag
        elif tag == "tr" and self.part == "thead":
            self.grid.header.append([])
        elif tag == "tr" and self.part == "tbody" and a.get("data-row"):
            self.grid.rows.append(a["data-row"] or "")
        elif tag == "th" and self.part == "thead":
            self.th = Th("", int(a.get("rowspan") or 1), int(a.get("colspan") or 1))
        elif tag == "span" and self.th is not None and "unit" in (a.get("class") or ""):
            self.skip += 1

    def handle_endtag(self, tag: str) -> None:
        if not self.depth:
            return
        if tag == "table":
            self.depth -= 1
        elif tag == "th" and self.th is not None:
            self.th.text = self.th.text.strip()
            self.grid.header[-1].append(self.th)
            self.th = None
        elif tag == "span" and self.skip:
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if self.th is not None and not self.skip:
            self.th.text += data


def read_grid(html: str, testid: str = "grid-main") -> Grid:
    parser = _Parser(testid)
    parser.feed(html)
    return parser.grid


def spans(grid: Grid) -> list[list[tuple[str, int, int]]]:
    return [[(th.text, th.rowspan, th.colspan) for th in row] for row in grid.header]
