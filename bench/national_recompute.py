"""Benchmark: recompute every plan indicator and consolidated total of a national survey.

Synthetic national data — 32 provincial units (31 provinces and the 兵团) with their
prefecture-level cities' rows (Jiangsu's 13 real cities; elsewhere the real number of
prefecture-level divisions, municipalities with their districts: 439 units in all) — is
written into PostgreSQL, in a schema created for the run and dropped at the end
(``KAOPING_DATABASE_URL``, default postgres://postgres@127.0.0.1:5432/test). Magnitudes
follow docs/spec.md §15.2: 常住人口 per province as in 2014 (Jiangsu 7,960 万), card holders about 65 %
of residents (8.84 亿 nationally at end 2015), a 12333 half-year of about 800 calls per 万
residents answered 32 % by people (宁夏 Q3 2020: 85,582 of 263,851).

Timed (medians of nine runs in one process, the two workloads taking turns):

- kaoping: read the raw values back with one query per table (no cached result), parse
  them by column type, and for each of the 32 provinces compute every consolidated total
  (``computed_values``) and every 表1 indicator (``compute_indicators``) — the same code
  the pages run on each save;
- DuckDB: a fresh in-memory connection reads the same values from a Parquet export and
  computes the same sums (every total column of every province, the city counts and sums
  behind 发卡地市比例, 持卡人数 and 地市级 12333) in SQL. The two are checked to agree.

Targets: kaoping ≤ 1 s and ≤ 5× DuckDB. Run: ``make bench`` (installs the bench extra) or
``.venv/bin/python bench/national_recompute.py``.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from kaoping.core import values as coltypes  # noqa: E402
from kaoping.core.definitions.loader import load_survey  # noqa: E402
from kaoping.core.definitions.model import Column, Survey  # noqa: E402
from kaoping.core.indicators.evaluate import compute_indicators  # noqa: E402
from kaoping.core.instance import ListRow, SurveyData  # noqa: E402
from kaoping.core.orgs import Org, load_tree  # noqa: E402
from kaoping.core.rules.compute import computed_values  # noqa: E402
from kaoping.core.rules.context import Layout  # noqa: E402
from kaoping.core.workbook.sample import sample_data  # noqa: E402

SCHEMA = "kaoping_bench_national"
D = Decimal
# (GB/T 2260 code, name, prefecture-level units (districts for municipalities), 常住人口 2014 万人)
PROVINCES = [
    ("110000", "北京市", 16, 2152), ("120000", "天津市", 16, 1517), ("130000", "河北省", 11, 7384),
    ("140000", "山西省", 11, 3648), ("150000", "内蒙古自治区", 12, 2505), ("210000", "辽宁省", 14, 4391),
    ("220000", "吉林省", 9, 2752), ("230000", "黑龙江省", 13, 3833), ("310000", "上海市", 16, 2426),
    ("320000", "江苏省", 13, 7960), ("330000", "浙江省", 11, 5508), ("340000", "安徽省", 16, 6083),
    ("350000", "福建省", 9, 3806), ("360000", "江西省", 11, 4542), ("370000", "山东省", 17, 9789),
    ("410000", "河南省", 18, 9436), ("420000", "湖北省", 17, 5816), ("430000", "湖南省", 14, 6737),
    ("440000", "广东省", 21, 10724), ("450000", "广西壮族自治区", 14, 4754), ("460000", "海南省", 4, 903),
    ("500000", "重庆市", 38, 2991), ("510000", "四川省", 21, 8140), ("520000", "贵州省", 9, 3508),
    ("530000", "云南省", 16, 4714), ("540000", "西藏自治区", 7, 318), ("610000", "陕西省", 10, 3775),
    ("620000", "甘肃省", 14, 2591), ("630000", "青海省", 8, 583), ("640000", "宁夏回族自治区", 5, 662),
    ("650000", "新疆维吾尔自治区", 14, 2298), ("660000", "新疆生产建设兵团", 14, 270),
]  # fmt: skip


def interleaved(first: Callable[[], object], second: Callable[[], object], times: int) -> tuple[float, float]:
    """Medians (ms) of two workloads run turn about, so a busy machine slows both alike."""
    a, b = [], []
    for _ in range(times):
        for run, samples in ((first, a), (second, b)):
            start = time.perf_counter()
            run()
            samples.append(time.perf_counter() - start)
    return statistics.median(a) * 1000, statistics.median(b) * 1000


def orgs(code: str, name: str, units: int) -> tuple[Org, list[Org]]:
    province = Org(code=code, name=name, level="province", parent="000000")
    if code == "320000":
        return province, load_tree(ROOT / "definitions" / "orgs").cities(code)
    cities = [
        Org(code=f"{code[:2]}{i:02d}00", name=f"{name}第{i}市", level="city", parent=code)
        for i in range(1, units + 1)
    ]
    return province, cities


def money(value: float) -> Decimal:
    return D(str(value)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def province_data(
    survey: Survey, code: str, name: str, units: int, population: int, rng: random.Random
) -> SurveyData:
    """A complete province (the workbook sample) with its cities at docs/spec.md §15.1 magnitudes."""
    province, cities = orgs(code, name, units)
    data = sample_data(survey, province, cities)
    v = data.values
    shares = [rng.uniform(0.5, 1.5) for _ in cities]
    for city, share in zip(cities, shares, strict=True):
        pop = population * share / sum(shares)
        holders = money(pop * rng.uniform(0.55, 0.75))
        v[("T05", city.code, "holders")] = holders
        v[("T05", city.code, "urban_worker")] = money(float(holders) * 0.45)
        v[("T05", city.code, "urban_resident")] = money(float(holders) * 0.2)
        v[("T05", city.code, "rural")] = holders - money(float(holders) * 0.45) - money(float(holders) * 0.2)
        v[("T05", city.code, "financial")] = money(float(holders) * 0.8)
        calls = int(pop * rng.uniform(600, 1000))
        answered, voice = int(calls * 0.324), int(calls * 0.587)
        v[("T09", city.code, "calls")] = calls
        v[("T09", city.code, "answered")] = answered
        v[("T09", city.code, "voice")] = voice
        v[("T09", city.code, "abandoned")] = calls - answered - voice
        v[("T09", city.code, "opened")] = rng.random() > 0.05
        v[("T10", city.code, "deployed")] = int(pop * rng.uniform(1, 3))
        v[("T13", city.code, "funds")] = money(pop * rng.uniform(3, 8))
    v[("T14", "population", "qty")] = D(population)
    return data


def rows_to_store(survey: Survey, data: SurveyData, code: str) -> list[tuple[str, str, str, str, str]]:
    out = []
    for (table, row, column), value in data.values.items():
        col = column_lookup(survey)(table, row, column)
        if col is not None and value is not None:
            out.append((code, table, row, column, coltypes.to_text(col, value)))
    return out


_LOOKUPS: dict[int, Callable[[str, str, str], Column | None]] = {}


def column_lookup(survey: Survey) -> Callable[[str, str, str], Column | None]:
    """(table, row, column) → the column as it applies on that row (overrides on fixed rows)."""
    if id(survey) in _LOOKUPS:
        return _LOOKUPS[id(survey)]
    plain = {(t.id, c.key): c for t in survey.tables for c in t.columns}
    fixed = {
        (t.id, r.key, c.key): coltypes.column_for_row(c, r)
        for t in survey.tables
        for s in t.sections
        for r in s.fixed_rows
        for c in s.columns
        if r.overrides
    }

    def lookup(table: str, row: str, column: str) -> Column | None:
        return fixed.get((table, row, column)) or plain.get((table, column))

    _LOOKUPS[id(survey)] = lookup
    return lookup


def write_postgres(conn: object, rows: list[tuple[str, ...]], lists: list[tuple[str, ...]]) -> None:
    cur = conn.cursor()  # type: ignore[attr-defined]
    cur.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
    cur.execute(f"CREATE SCHEMA {SCHEMA}")
    cur.execute(
        f"CREATE TABLE {SCHEMA}.value (province text, tbl text, row text, col text, text text,"
        " PRIMARY KEY (province, tbl, row, col))"
    )
    cur.execute(
        f"CREATE TABLE {SCHEMA}.list_row"
        " (province text, tbl text, section text, key text, org text, position int)"
    )
    with cur.copy(f"COPY {SCHEMA}.value FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    with cur.copy(f"COPY {SCHEMA}.list_row FROM STDIN") as copy:
        for row in lists:
            copy.write_row(row)
    cur.execute(f"CREATE INDEX ON {SCHEMA}.value (tbl)")
    cur.execute(f"ANALYZE {SCHEMA}.value")
    conn.commit()  # type: ignore[attr-defined]


def recompute(conn: object, survey: Survey, provinces: dict[str, tuple[Org, list[Org]]]) -> dict[str, object]:
    """Everything from the raw values: one query per table, then the core per province."""
    lookup = column_lookup(survey)
    datas = {code: SurveyData(province=p, cities=list(c)) for code, (p, c) in provinces.items()}
    cur = conn.cursor()  # type: ignore[attr-defined]
    cur.execute(f"SELECT province, tbl, section, key, org, position FROM {SCHEMA}.list_row")
    for province, table, section, key, org, position in cur.fetchall():
        datas[province].list_rows.append(ListRow(key, table, section, org, position))
    for table in survey.tables:
        tid = table.id
        plain = {c.key: c for c in table.columns}
        fixed = {
            (r.key, c.key): lookup(tid, r.key, c.key)
            for s in table.sections
            for r in s.fixed_rows
            for c in s.columns
        }
        cur.execute(f"SELECT province, row, col, text FROM {SCHEMA}.value WHERE tbl = %s", (tid,))
        for province, row, column, text in cur.fetchall():
            col = fixed.get((row, column)) or plain.get(column)
            if col is not None:
                datas[province].values[(tid, row, column)] = coltypes.from_text(col, text)
    out: dict[str, object] = {}
    for code, data in datas.items():
        layout = Layout.build(survey, data)
        totals = computed_values(survey, data, layout)
        out[code] = (totals, compute_indicators(survey, data, totals, layout))
    return out


def total_columns(survey: Survey) -> list[tuple[str, str]]:
    return [(t.id, c) for t in survey.tables for s in t.sections for c in sorted(s.total_columns)]


def duckdb_sums(parquet: Path, totals: list[tuple[str, str]]) -> tuple[dict, dict]:
    import duckdb

    con = duckdb.connect()  # fresh, in memory
    wanted = ", ".join(f"('{t}', '{c}')" for t, c in totals)
    con.execute(f"CREATE TEMP TABLE wanted(tbl VARCHAR, col VARCHAR); INSERT INTO wanted VALUES {wanted}")
    sums = con.execute(
        f"""SELECT v.province, v.tbl, v.col, SUM(TRY_CAST(v.text AS DECIMAL(18, 2)))
            FROM read_parquet('{parquet}') v JOIN wanted w ON v.tbl = w.tbl AND v.col = w.col
            WHERE v.row <> 'total' GROUP BY ALL"""
    ).fetchall()
    cities = con.execute(
        f"""SELECT province,
              COUNT(*) FILTER (WHERE tbl = 'T05' AND col = 'holders' AND TRY_CAST(text AS DECIMAL) > 0),
              SUM(TRY_CAST(text AS DECIMAL(18, 2))) FILTER (WHERE tbl = 'T05' AND col = 'holders'),
              COUNT(*) FILTER (WHERE tbl = 'T09' AND col = 'opened' AND text = 'true')
            FROM read_parquet('{parquet}') WHERE row NOT IN ('total', 'province') GROUP BY province"""
    ).fetchall()
    con.close()
    return (
        {(p, t, c): s for p, t, c, s in sums},
        {p: (issuing, holders, opened) for p, issuing, holders, opened in cities},
    )


def check(ours: dict[str, object], sums: dict, cities: dict, totals: list[tuple[str, str]]) -> None:
    """Both engines agree on every total and on the inputs of three city-based indicators."""
    for province, (computed, results) in ours.items():  # type: ignore[misc]
        for table, column in totals:
            mine = computed.get((table, "total", column))
            theirs = sums.get((province, table, column))
            if mine is not None or theirs is not None:
                assert theirs is not None and D(mine) == D(theirs), (province, table, column, mine, theirs)
        by = {(r.indicator, r.date): r for r in results}
        inputs = {i.key: i.value for i in by[("card_cities", "2015-12")].inputs}
        issuing, holders, opened = cities[province]
        assert inputs["issuing"] == issuing, (province, inputs, issuing)
        held = {i.key: i.value for i in by[("card_holders", "2015-12")].inputs}
        assert D(next(iter(held.values()))) == D(holders), (province, held, holders)
        hot = {i.key: i.value for i in by[("hotline_city", "2015-06")].inputs}
        assert hot["opened"] == opened if "opened" in hot else opened in hot.values(), (province, hot, opened)


def main() -> None:
    import psycopg

    url = os.environ.get("KAOPING_DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/test"
    if not url.startswith("postgres"):
        url = "postgres://postgres@127.0.0.1:5432/test"
    survey = load_survey(ROOT / "definitions" / "survey-2015" / "v1")
    rng = random.Random(2015)
    provinces: dict[str, tuple[Org, list[Org]]] = {}
    rows: list[tuple[str, ...]] = []
    lists: list[tuple[str, ...]] = []
    for code, name, units, population in PROVINCES:
        data = province_data(survey, code, name, units, population, rng)
        provinces[code] = (data.province, list(data.cities))
        rows += rows_to_store(survey, data, code)
        lists += [(code, r.table, r.section, r.key, r.org, str(r.position)) for r in data.list_rows]
    cities_total = sum(len(c) for _, c in provinces.values())
    totals = total_columns(survey)
    with psycopg.connect(url) as conn:
        write_postgres(conn, rows, lists)
        try:
            ours = recompute(conn, survey, provinces)
            with tempfile.TemporaryDirectory() as tmp:
                parquet = Path(tmp) / "values.parquet"
                export_parquet(conn, parquet)
                sums, cities = duckdb_sums(parquet, totals)
                check(ours, sums, cities, totals)
                kaoping_ms, duck_ms = interleaved(
                    lambda: recompute(conn, survey, provinces), lambda: duckdb_sums(parquet, totals), 9
                )
                size = parquet.stat().st_size
        finally:
            conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            conn.commit()
    indicators = sum(len(r) for _, r in ours.values())  # type: ignore[misc]
    derived = sum(1 for _, rs in ours.values() for r in rs if r.derived is not None)  # type: ignore[misc]
    print(
        f"national data: {len(PROVINCES)} provinces, {cities_total} cities, {len(rows)} values (PostgreSQL)"
    )
    print(
        f"recomputed: {indicators} indicator results ({derived} derived), the totals of {len(totals)} columns"
    )
    print(f"kaoping (one query per table + core per province): {kaoping_ms:8.1f} ms  (target <= 1000 ms)")
    print(f"DuckDB (fresh connection, Parquet {size / 1024:.0f} KB, SQL sums):   {duck_ms:8.1f} ms")
    print(f"ratio kaoping / DuckDB: {kaoping_ms / duck_ms:.1f}x  (target <= 5x); both agree on every total")


def export_parquet(conn: object, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    cur = conn.cursor()  # type: ignore[attr-defined]
    cur.execute(f"SELECT province, tbl, row, col, text FROM {SCHEMA}.value")
    columns = list(zip(*cur.fetchall(), strict=True))
    names = ["province", "tbl", "row", "col", "text"]
    pq.write_table(pa.table({n: list(c) for n, c in zip(names, columns, strict=True)}), path)


if __name__ == "__main__":
    main()
