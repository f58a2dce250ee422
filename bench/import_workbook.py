"""Benchmark: the dry-run import of workbooks (read, map, validate) against pandas.read_excel.

Prints, as medians of several runs in one process:

- the dry-run import of a full 14-table province workbook (every table filled: the sample
  survey of ``kaoping.core.workbook.sample``), warm (the organisation's layout already built,
  as in a server importing a campaign's files) and cold (layout built for the file);
- ``pandas.read_excel(path, sheet_name=None)`` on the same file (pandas' openpyxl engine,
  the engine pandas uses by default for .xlsx) — the baseline; target ratio ≤ 0.25;
- batch dry runs of 13 city workbooks (Jiangsu's cities) and of 333 (the 13 cycled; every
  file read, mapped and validated in full; also with the layout cache cleared before each
  file, as if all 333 were different organisations).

The committed import (saving to the database) is not part of the core and is not measured.
Run: ``.venv/bin/python bench/import_workbook.py`` (or ``make bench``).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kaoping.core.definitions.loader import load_survey  # noqa: E402
from kaoping.core.instance import SurveyData  # noqa: E402
from kaoping.core.orgs import load_tree  # noqa: E402
from kaoping.core.workbook.layout import clear_layout_cache  # noqa: E402
from kaoping.core.workbook.meta import WorkbookMeta  # noqa: E402
from kaoping.core.workbook.reader import read_workbook  # noqa: E402
from kaoping.core.workbook.sample import sample_data  # noqa: E402
from kaoping.core.workbook.writer import write_workbook  # noqa: E402

META = WorkbookMeta(campaign="bench-2015")


def median_ms(run: Callable[[], object], times: int) -> float:
    samples = []
    for _ in range(times):
        start = time.perf_counter()
        run()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


def main() -> None:
    survey = load_survey(ROOT / "definitions" / "survey-2015" / "v1")
    tree = load_tree(ROOT / "definitions" / "orgs")
    province, cities = tree.get("320000"), tree.cities("320000")
    full = sample_data(survey, province, cities)
    stored = SurveyData(province=province, cities=list(cities))  # an empty campaign
    content = write_workbook(survey, full, org=None, meta=META)

    def dry_run(data: bytes = content, org: str | None = None) -> None:
        result = read_workbook(data, survey, stored, org=org, meta=META)
        assert result.refused is None and result.changes, result.refused

    dry_run()
    warm = median_ms(dry_run, 21)

    def cold() -> None:
        clear_layout_cache()
        dry_run()

    cold_ms = median_ms(cold, 11)

    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "province.xlsx"
        path.write_bytes(content)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            pd.read_excel(path, sheet_name=None, engine="openpyxl")
            pandas_ms = median_ms(lambda: pd.read_excel(path, sheet_name=None, engine="openpyxl"), 9)

    print(f"province workbook: 14 sheets, {len(content) / 1024:.0f} KB, {len(full.values)} values")
    print(f"dry-run import (read, map, validate), warm layout: {warm:8.1f} ms")
    print(f"dry-run import, layout built for the file (cold):  {cold_ms:8.1f} ms")
    print(f"pandas.read_excel(path, sheet_name=None):          {pandas_ms:8.1f} ms")
    ratios = f"warm / pandas: {warm / pandas_ms:.2f}x   cold / pandas: {cold_ms / pandas_ms:.2f}x"
    print(f"ratio {ratios}   (target <= 0.25x)")

    city_files = []
    for city in cities:
        mine = SurveyData(province=province, cities=list(cities))
        mine.values = dict(full.values)
        mine.list_rows = list(full.list_rows)
        city_files.append((city.code, write_workbook(survey, mine, org=city.code, meta=META)))

    def batch(count: int, cold_each: bool) -> float:
        start = time.perf_counter()
        for i in range(count):
            code, data = city_files[i % len(city_files)]
            if cold_each:
                clear_layout_cache()
            dry_run(data, code)
        return time.perf_counter() - start

    batch(13, False)
    print(f"batch dry run, 13 city workbooks:  {batch(13, False) * 1000:8.0f} ms")
    print(f"batch dry run, 333 city workbooks: {batch(333, False):8.2f} s (13 layouts reused)")
    print(f"batch dry run, 333 city workbooks: {batch(333, True):8.2f} s (layout built for every file)")
    print("committed import: not measured here (the database save is the Django shell's)")


if __name__ == "__main__":
    main()
