"""Read hostile files in a child process, so that a regression (calamine aborting the process
on a 17-billion-cell allocation) fails a test instead of killing pytest.

``probe(files)`` runs ``python workbook_probe.py <reader> <paths…>`` and returns, per file,
what the reader said and how far the child's peak memory (RSS) grew while reading it.
Readers: ``core`` (``read_workbook`` of a Nanjing template; the files are Nanjing's),
``accounts`` (the accounts sheet).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent  # tests/
SRC = HERE.parent / "src"


@dataclass(frozen=True)
class Probed:
    exit_code: int
    results: list[dict[str, object]]  # per file: refused (or None), seconds, rss_growth_mb


def probe(reader: str, files: list[Path], timeout: float = 120) -> Probed:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(SRC), str(HERE), str(HERE / "core")])}
    done = subprocess.run(
        [sys.executable, str(Path(__file__)), reader, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return Probed(done.returncode, lines)


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _core_reader() -> object:
    from workbook_helpers import META, NANJING, SURVEY, empty, template

    from kaoping.core.workbook.reader import read_workbook

    stored = empty()

    def read(content: bytes) -> str | None:
        return read_workbook(content, SURVEY, stored, org=NANJING, meta=META).refused

    assert read(template(stored, NANJING)[0]) is None  # caches warmed on a clean template
    return read


def _accounts_reader() -> object:
    from kaoping.ops.sheet import SheetError, read_sheet

    def read(content: bytes) -> str | None:
        try:
            read_sheet(content, "accounts.xlsx")
        except SheetError as error:
            return str(error)
        return None

    return read


def main(reader: str, paths: list[str]) -> None:
    read = {"core": _core_reader, "accounts": _accounts_reader}[reader]()
    for path in paths:
        content = Path(path).read_bytes()
        before, start = _peak_mb(), time.perf_counter()
        refused = read(content)  # type: ignore[operator]
        seconds = time.perf_counter() - start
        out = {"file": path, "refused": refused, "seconds": seconds, "rss_growth_mb": _peak_mb() - before}
        print(json.dumps(out, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
