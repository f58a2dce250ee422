"""The collection's configuration changes in words for the audit page (``orgs.configlog``):
开启任务 names its campaign; 测算基数 lists the figures that changed as 南京市 常住人口（万人）850,
never ``320100 population=850``."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation

from kaoping.collection.figures import COLUMNS
from kaoping.collection.models import Campaign
from kaoping.orgs.actors import Actor
from kaoping.orgs.configlog import ConfigWords
from kaoping.orgs.models import ConfigChange, Organisation

UNCHANGED = "无变化"
SNAPSHOT_REF = re.compile(r"[\w.-]+@\d+")


def campaign_titles(entries: Sequence[ConfigChange]) -> dict[str, str]:
    """The campaigns' titles by id (an entry's key); a campaign since deleted reads 已删除的任务."""
    keys = {e.key for e in entries if e.key}
    found = dict(Campaign.objects.filter(id__in=keys).values_list("id", "title"))
    return {key: found.get(key, "已删除的任务") for key in keys}


def _number(text: str) -> str:
    """850.50 → 850.5, 200.00 → 200: as a person writes it (the stored scale is no change)."""
    try:
        value = Decimal(text)
    except (InvalidOperation, ValueError):
        return text
    if not value.is_finite():
        return text
    return str(int(value)) if value == value.to_integral_value() else format(value.normalize(), "f")


def parse_figures(text: str) -> dict[tuple[str, str], str]:
    """``320100 population=850 counties=11; 320200 …`` → {(org, key): value, as written}."""
    out: dict[tuple[str, str], str] = {}
    for part in text.split(";"):
        words = part.split()
        for pair in words[1:]:
            key, _, value = pair.partition("=")
            out[(words[0], key)] = _number(value)
    return out


def _figure(names: dict[str, str], org: str, key: str, value: str | None) -> str:
    column = COLUMNS.get(key)
    label = column.label if column is not None else "测算基数"
    return f"{names.get(org, '已撤销的单位')} {label} {value if value is not None else '（空）'}"


def figures_words(entries: Sequence[ConfigChange], viewer: Actor) -> dict[int, ConfigWords]:
    titles = campaign_titles(entries)
    parsed = {e.pk: (parse_figures(e.old), parse_figures(e.new)) for e in entries}
    orgs = {org for old, new in parsed.values() for org, _key in (*old, *new)}
    names = dict(Organisation.objects.filter(code__in=orgs).values_list("code", "name"))
    out = {}
    for entry in entries:
        old, new = parsed[entry.pk]
        changed = [k for k in sorted(new) if old.get(k) != new[k]]
        before = "；".join(_figure(names, *k, old.get(k)) for k in changed) or UNCHANGED
        after = "；".join(_figure(names, *k, new[k]) for k in changed) or UNCHANGED
        out[entry.pk] = ConfigWords(titles.get(entry.key, ""), before, after)
    return out


def opened_text(text: str) -> str:
    """``标题，survey-2015@1，2015-07-01 至 2099-12-31`` as 标题，填报期 2015-07-01 至 2099-12-31:
    the definition's version is a technical key."""
    parts = text.split("，")
    if len(parts) >= 3 and SNAPSHOT_REF.fullmatch(parts[-2]):
        return "，".join(parts[:-2]) + f"，填报期 {parts[-1]}"
    return text


def opened_words(entries: Sequence[ConfigChange], viewer: Actor) -> dict[int, ConfigWords]:
    titles = campaign_titles(entries)
    return {e.pk: ConfigWords(titles.get(e.key, ""), e.old, opened_text(e.new)) for e in entries}
