"""Benchmark: how fast, and in how little memory, hostile workbooks are refused (issue 10,
finding 1: a 26 KB template with one far cell used to abort the process).

Each file is read by ``read_workbook`` in a child process of its own (a regression must not
take this benchmark down with it), after a clean import of 南京's template in the same child;
printed: the refusal's time, the ratio to that clean import, and how far the child's peak
memory (RSS) grew while refusing. Targets: under 1 s and 100 MB for any file under the size
limit. Run: ``.venv/bin/python bench/hostile_workbooks.py`` (or ``make bench``).
"""

from __future__ import annotations

import json
import random
import resource
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "src"), str(ROOT / "tests"), str(ROOT / "tests" / "core")]

from workbook_helpers import META, NANJING, SURVEY, empty, template  # noqa: E402

from kaoping.core.workbook.bounds import workbook_bounds  # noqa: E402
from kaoping.core.workbook.reader import read_workbook  # noqa: E402
from workbook_hostile import (  # noqa: E402
    declared_size,
    edit_sheet,
    far_cell,
    far_cells_without_refs,
    parts_of,
    zipped,
)


def _strings(content: bytes, count: int) -> bytes:
    rng = random.Random(10)
    parts = parts_of(content)
    items = "".join(
        f"<si><t>{''.join(rng.choices('甲乙丙丁戊己庚辛壬癸', k=4))}</t></si>" for _ in range(count)
    )
    parts["xl/sharedStrings.xml"] = f"<sst>{items}</sst>".encode()
    return zipped(parts)


def _many_cells(content: bytes) -> bytes:
    """Every cell of 表9's bound filled, up to the size limit: the most a sheet may hold."""
    rows = "".join(
        f'<row r="{r}">' + "".join(f'<c r="{chr(65 + c)}{r}"><v>{r}</v></c>' for c in range(22)) + "</row>"
        for r in range(15, 65)
    )
    return edit_sheet(content, "表9", rows.encode(), dimension="")


HOSTILE: dict[str, Callable[[bytes], bytes]] = {
    "_meta: no dimension, XFD1048576": lambda c: far_cell(c, "_meta"),
    "表9: no dimension, XFD1048576": lambda c: far_cell(c, "表9"),
    "表9: no dimension, ZZ30000": lambda c: far_cell(c, "表9", "ZZ30000"),
    "表9: dimension A1:B2, XFD1048576": lambda c: far_cell(c, "表9", dimension="A1:B2"),
    "表9: cells without r at row 1048576": lambda c: far_cells_without_refs(c, "表9", 1048576, 3),
    "shared strings: one more than any template": lambda c: _strings(
        c, workbook_bounds(SURVEY, empty()).strings + 1
    ),
    "a part declaring 2 GB": lambda c: declared_size(c, "xl/worksheets/sheet5.xml", 2**31),
    "表9 filled to its bound (accepted)": _many_cells,
}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child(name: str) -> None:
    clean, _ = template(empty(), NANJING)
    content = HOSTILE[name](clean)
    stored = empty()
    start = time.perf_counter()
    assert read_workbook(clean, SURVEY, stored, org=NANJING, meta=META).refused is None
    clean_s = time.perf_counter() - start
    before, start = _peak_mb(), time.perf_counter()
    refused = read_workbook(content, SURVEY, stored, org=NANJING, meta=META).refused
    seconds = time.perf_counter() - start
    out = {"seconds": seconds, "clean": clean_s, "rss": _peak_mb() - before, "size": len(content)}
    print(json.dumps({**out, "refused": refused}, ensure_ascii=False))


def main() -> None:
    print(f"{'file':44s} {'size':>7s} {'time':>9s} {'÷ clean':>8s} {'RSS +':>8s}  answer")
    for name in HOSTILE:
        done = subprocess.run(
            [sys.executable, __file__, name], capture_output=True, text=True, check=False, timeout=300
        )
        if done.returncode != 0:
            print(f"{name:44s} the reading process died (exit {done.returncode})")
            continue
        r = json.loads(done.stdout.strip().splitlines()[-1])
        answer = (r["refused"] or "accepted")[:48]
        ratio = r["seconds"] / r["clean"]
        print(
            f"{name:44s} {r['size'] / 1024:5.0f}KB {r['seconds'] * 1000:7.1f}ms "
            f"{ratio:7.2f}x {r['rss']:6.1f}MB  {answer}"
        )
    print("targets: under 1 s and under 100 MB of memory growth for every file under the size limit")


if __name__ == "__main__":
    if len(sys.argv) > 1:
        child(sys.argv[1])
    else:
        main()
