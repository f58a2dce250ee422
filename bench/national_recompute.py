"""Benchmark: the full national recomputation of a national survey, from the raw values.

Generated national data on the real tree (definitions/orgs: 32 provincial units — 31 provinces
and the 兵团 — with every city-level unit: prefecture-level units, 省直辖县级 units, a
municipality's districts, 兵团's 师) is written into PostgreSQL, in a schema created for the
run and dropped at the end
(``KAOPING_DATABASE_URL``, default postgres://postgres@127.0.0.1:5432/test). Magnitudes
follow docs/spec.md §15.2: 常住人口 per province as in 2014 (Jiangsu 7,960 万), card holders about 65 %
of residents (8.84 亿 nationally at end 2015), a 12333 half-year of about 800 calls per 万
residents answered 32 % by people (宁夏 Q3 2020: 85,582 of 263,851).

Timed (medians of nine runs in one process, the two workloads taking turns):

- kaoping: read the raw values back with one query (no cached result), parse them by
  column type (``readers.reader``), compute each of the 32 provinces' summary (``province_summary``: every
  consolidated total, every 表1 indicator, its row of every table's national view — what a
  save stores) and then the nation (the national 表1 and every table by province) — a full
  national recomputation;
- DuckDB: a fresh in-memory connection reads the same values from a Parquet export and
  computes the same sums in SQL (every total column of every province and of the nation, the
  card holders behind 持卡人数). The two are checked to agree.

Targets: kaoping ≤ 1 s and ≤ 3× DuckDB. Run: ``make bench`` (installs the bench extra) or
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

from kaoping.core import collector  # noqa: E402
from kaoping.core import values as coltypes  # noqa: E402
from kaoping.core.definitions.loader import load_survey  # noqa: E402
from kaoping.core.definitions.model import Column, Survey  # noqa: E402
from kaoping.core.instance import ListRow, SurveyData  # noqa: E402
from kaoping.core.national.coverage import Coverage, Province, national_table  # noqa: E402
from kaoping.core.national.summary import ProvinceSummary, province_summary  # noqa: E402
from kaoping.core.national.table1 import national_indicators  # noqa: E402
from kaoping.core.orgs import Org, OrgTree, load_tree  # noqa: E402
from kaoping.core.readers import Reader, reader  # noqa: E402
from kaoping.core.workbook.sample import sample_data  # noqa: E402

SCHEMA = "kaoping_bench_national"
D = Decimal
TREE: OrgTree = load_tree(ROOT / "definitions" / "orgs")
# (GB/T 2260 code, name, prefecture-level units (districts for municipalities), 常住人口 2014 万人);
# the city-level units themselves come from the tree
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
    ("650000", "新疆维吾尔自治区", 14, 2028), ("660000", "新疆生产建设兵团", 14, 270),
]  # fmt: skip


def interleaved(
    first: Callable[[], object], second: Callable[[], object], times: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Medians (ms) of two workloads run turn about, so a busy machine slows both alike: the
    wall-clock time of each, and this process's CPU time (all its threads: DuckDB's too),
    which a machine shared with other work does not inflate."""
    walls: tuple[list[float], list[float]] = ([], [])
    cpus: tuple[list[float], list[float]] = ([], [])
    for _ in range(times):
        for i, run in enumerate((first, second)):
            start, cpu = time.perf_counter(), time.process_time()
            run()
            walls[i].append(time.perf_counter() - start)
            cpus[i].append(time.process_time() - cpu)
    wall = (statistics.median(walls[0]) * 1000, statistics.median(walls[1]) * 1000)
    return wall, (statistics.median(cpus[0]) * 1000, statistics.median(cpus[1]) * 1000)


def orgs(code: str) -> tuple[Org, list[Org]]:
    """The province and its active city-level units, from the real tree."""
    return TREE.get(code), TREE.cities(code)


def money(value: float) -> Decimal:
    return D(str(value)).quantize(D("0.01"), rounding=ROUND_HALF_UP)


def province_data(
    survey: Survey, code: str, name: str, units: int, population: int, rng: random.Random
) -> SurveyData:
    """A complete province (the workbook sample) with its cities at docs/spec.md §15.1 magnitudes."""
    province, cities = orgs(code)
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
    """Everything from the raw values: each province's summary (``province_summaries``), the nation."""
    summaries = province_summaries(conn, survey, provinces)
    coverage = Coverage(tuple(Province(s.code, s.name) for s in summaries), frozenset(provinces))
    return {
        "summaries": summaries,
        "indicators": national_indicators(survey, summaries, coverage),
        "tables": [national_table(survey, t.id, summaries, coverage) for t in survey.tables],
    }


def province_summaries(
    conn: object, survey: Survey, provinces: dict[str, tuple[Org, list[Org]]]
) -> list[ProvinceSummary]:
    """One query for the list rows and one for the values (as ``load_survey_data`` reads a
    campaign), then each province's summary — with the cyclic garbage collector paused, as
    the product's save and recomputation pay it (``collection.summaries.refresh``): the values
    are freed before it runs again."""
    with collector.paused():
        return _summaries(conn, survey, provinces)


def _summaries(
    conn: object, survey: Survey, provinces: dict[str, tuple[Org, list[Org]]]
) -> list[ProvinceSummary]:
    datas = {code: SurveyData(province=p, cities=list(c)) for code, (p, c) in provinces.items()}
    same, fixed, plain, rows = readers(survey, provinces)  # rows: the list rows' keys join it below
    cur = conn.cursor()  # type: ignore[attr-defined]
    cur.execute(f"SELECT province, tbl, section, key, org, position FROM {SCHEMA}.list_row")
    for province, table, section, key, org, position in cur.fetchall():
        datas[province].list_rows.append(ListRow(rows.setdefault(key, key), table, section, org, position))
    values = {code: data.values for code, data in datas.items()}
    cur.execute(f"SELECT province, tbl, row, col, text FROM {SCHEMA}.value")
    for province, table, row, column, text in cur.fetchall():
        found = same.get((table, column)) or fixed.get((table, row, column)) or plain.get((table, column))
        if found is not None:
            read, table_id, column_key = found
            values[province][(table_id, rows.get(row, row), column_key)] = read(text)
    return [province_summary(survey, data) for data in datas.values()]


Found = tuple[Reader, str, str]  # the column's reader, the table's and the column's keys as defined
ByColumn = dict[tuple[str, str], Found]
Readers = tuple[ByColumn, dict[tuple[str, str, str], Found], ByColumn, dict[str, str]]
_READERS: dict[int, Readers] = {}


def readers(survey: Survey, provinces: dict[str, tuple[Org, list[Org]]]) -> Readers:
    """Each column's reader of stored text (``readers.reader``) with the definition's own key
    texts: by (table, column) for the columns read alike on every row, else by (table, row,
    column) on the fixed rows (their overrides) — worked out once per definition. The values
    are then stored under the definition's and the tree's text objects, which every later
    look-up compares by identity instead of by content. Rows: each known row key's text."""
    if id(survey) not in _READERS:
        lookup = column_lookup(survey)
        fixed = {
            (t.id, r.key, c.key): (reader(lookup(t.id, r.key, c.key) or c), t.id, c.key)
            for t in survey.tables
            for s in t.sections
            for r in s.fixed_rows
            for c in s.columns
        }
        plain = {(t.id, c.key): (reader(c), t.id, c.key) for t in survey.tables for c in t.columns}
        differ = {(t, c) for (t, _row, c), found in fixed.items() if found[0] is not plain[(t, c)][0]}
        same = {key: found for key, found in plain.items() if key not in differ}
        rows = {r.key: r.key for t in survey.tables for s in t.sections for r in s.fixed_rows}
        _READERS[id(survey)] = (same, fixed, plain, rows)
    same, fixed, plain, rows = _READERS[id(survey)]
    orgs = {o.code: o.code for p, cities in provinces.values() for o in (p, *cities)}
    return same, fixed, plain, {**rows, **orgs}


def total_columns(survey: Survey) -> list[tuple[str, str, str]]:
    """(table, section, column) of every column summed into a 合计 row."""
    return [(t.id, s.key, c) for t in survey.tables for s in t.sections for c in sorted(s.total_columns)]


def duckdb_sums(parquet: Path, totals: list[tuple[str, str, str]]) -> tuple[dict, dict]:
    import duckdb

    con = duckdb.connect()  # fresh, in memory
    wanted = ", ".join(f"('{t}', '{c}')" for t, _s, c in totals)
    con.execute(f"CREATE TEMP TABLE wanted(tbl VARCHAR, col VARCHAR); INSERT INTO wanted VALUES {wanted}")
    sums = con.execute(
        f"""SELECT v.province, v.tbl, v.col, SUM(TRY_CAST(v.text AS DECIMAL(18, 2)))
            FROM read_parquet('{parquet}') v JOIN wanted w ON v.tbl = w.tbl AND v.col = w.col
            WHERE v.row <> 'total' GROUP BY ALL"""
    ).fetchall()
    nation = con.execute(
        f"""SELECT v.tbl, v.col, SUM(TRY_CAST(v.text AS DECIMAL(18, 2)))
            FROM read_parquet('{parquet}') v JOIN wanted w ON v.tbl = w.tbl AND v.col = w.col
            WHERE v.row <> 'total' GROUP BY ALL"""
    ).fetchall()
    con.close()
    return {(p, t, c): s for p, t, c, s in sums}, {(t, c): s for t, c, s in nation}


def check(ours: dict[str, object], sums: dict, nation: dict, totals: list[tuple[str, str, str]]) -> None:
    """Both engines agree on every province's totals, the nation's totals and 持卡人数."""
    summaries: list[ProvinceSummary] = ours["summaries"]  # type: ignore[assignment]
    for summary in summaries:
        for table, section, column in totals:
            mine = summary.tables[table].get(f"{section}.{column}")
            theirs = sums.get((summary.code, table, column))
            if mine is not None or theirs is not None:
                assert theirs is not None and D(str(mine)) == D(theirs), (
                    summary.code,
                    table,
                    column,
                    mine,
                    theirs,
                )
        held = summary.facts("card_holders", "2015-12").inputs["holders"]
        assert held == D(sums[(summary.code, "T05", "holders")]), (summary.code, held)
    tables = {t.table: t for t in ours["tables"]}  # type: ignore[attr-defined]
    for table, section, column in totals:
        mine = tables[table].totals.get(f"{section}.{column}")
        assert (mine is None and nation.get((table, column)) is None) or D(mine) == D(nation[(table, column)])
    holders = next(r for r in ours["indicators"] if r.indicator == "card_holders" and r.date == "2015-12")  # type: ignore[attr-defined]
    assert holders.inputs[0][2] == D(nation[("T05", "holders")])


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
                sums, nation = duckdb_sums(parquet, totals)
                check(ours, sums, nation, totals)
                (kaoping_ms, duck_ms), (kaoping_cpu, duck_cpu) = interleaved(
                    lambda: recompute(conn, survey, provinces), lambda: duckdb_sums(parquet, totals), 9
                )
                size = parquet.stat().st_size
                stored_ms = from_stored(survey, ours["summaries"])  # type: ignore[arg-type]
        finally:
            conn.execute(f"DROP SCHEMA IF EXISTS {SCHEMA} CASCADE")
            conn.commit()
    summaries: list[ProvinceSummary] = ours["summaries"]  # type: ignore[assignment]
    indicators = sum(len(s.indicators) for s in summaries)
    derived = sum(1 for s in summaries for f in s.indicators.values() if f.derived is not None)
    print(
        f"national data: {len(PROVINCES)} provinces, {cities_total} cities, {len(rows)} values (PostgreSQL)"
    )
    print(
        f"recomputed: {indicators} indicator results ({derived} derived),"
        f" the totals of {len(totals)} columns, the national 表1 and {len(survey.tables)} tables by province"
    )
    print(
        f"kaoping (one query for the values, each province's summary, the nation): {kaoping_ms:8.1f} ms"
        "  (target <= 1000 ms)"
    )
    print(f"DuckDB (fresh connection, Parquet {size / 1024:.0f} KB, SQL sums):   {duck_ms:8.1f} ms")
    print(f"ratio kaoping / DuckDB: {kaoping_ms / duck_ms:.1f}x  (target <= 3x); both agree on every total")
    print(
        f"CPU time of this process: kaoping {kaoping_cpu:.1f} ms, DuckDB {duck_cpu:.1f} ms"
        f" ({kaoping_cpu / duck_cpu:.1f}x; the wall-clock figures above include waiting for a busy machine)"
    )
    print(
        f"the nation from the 32 stored summaries (what the ministry's pages do): {stored_ms:.1f} ms"
        f"  ({stored_ms / duck_ms:.2f}x DuckDB)"
    )


def from_stored(survey: Survey, summaries: list[ProvinceSummary]) -> float:
    """Median (ms) of the nation from the provinces' stored JSON: parse, national 表1, all tables."""
    import json

    stored = [json.dumps(s.as_json()) for s in summaries]
    samples = []
    for _ in range(9):
        start = time.perf_counter()
        read = [ProvinceSummary.from_json(json.loads(text)) for text in stored]
        coverage = Coverage(tuple(Province(s.code, s.name) for s in read), frozenset(s.code for s in read))
        national_indicators(survey, read, coverage)
        for table in survey.tables:
            national_table(survey, table.id, read, coverage)
        samples.append(time.perf_counter() - start)
    return statistics.median(samples) * 1000


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
