"""An evaluation's settings changes (考评设置) in words for the audit page (``orgs.configlog``):
each target by its label (南京市 3 元/人·年), the reviewers by name (masked as the viewer must
see them), the rule for differing reviewers — only what changed, never the stored JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from kaoping.collection.configwords import UNCHANGED, campaign_titles
from kaoping.collection.models import Campaign
from kaoping.evaluation.campaigns import rubric_for
from kaoping.orgs.actors import Actor
from kaoping.orgs.configlog import ConfigWords
from kaoping.orgs.models import ConfigChange, Organisation
from kaoping.orgs.who import person_names

RULES = {"average": "各专家平均", "chief": "主审专家决定"}


def _loaded(text: str) -> dict[str, Any]:
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def _target(spec: Mapping[str, Any], names: Mapping[str, str]) -> str:
    parts = [f"统一 {spec['value']}"] if spec.get("value") is not None else []
    for group in ("by_region", "by_city"):
        parts += [
            f"{names.get(k, k if group == 'by_region' else '已撤销的单位')} {v}"
            for k, v in spec.get(group, {}).items()
        ]
    if spec.get("note") or spec.get("expr"):
        parts.append(f"按公式（{spec.get('note') or '公式'}）")
    return "、".join(parts) or "未设"


class _Speaker:
    """Says one campaign's settings: labels of its rubric, names of units and people."""

    def __init__(
        self, campaign: Campaign | None, names: Mapping[str, str], people: Mapping[str, str]
    ) -> None:
        rubric = rubric_for(campaign) if campaign is not None else None
        self.labels = {k: t.label for k, t in rubric.targets.items()} if rubric else {}
        self.names, self.people = names, people

    def facts(self, settings: Mapping[str, Any]) -> dict[str, str]:
        """(heading → words) for each part of the settings."""
        rule = RULES.get(str(settings.get("review_rule") or "average"), "各专家平均")
        chief = settings.get("chief")
        out = {"评审规则": rule + (f"（{self.people.get(chief, '已删除的账号')}）" if chief else "")}
        for key, spec in dict(settings.get("targets") or {}).items():
            out[f"目标值 {self.labels.get(key, '已删除的目标')}"] = _target(spec, self.names)
        for city, experts in dict(settings.get("reviewers") or {}).items():
            who = "、".join(self.people.get(u, "已删除的账号") for u in experts) or "无"
            out[f"审核专家 {self.names.get(city, '已撤销的单位')}"] = who
        return out


def settings_words(entries: Sequence[ConfigChange], viewer: Actor) -> dict[int, ConfigWords]:
    titles = campaign_titles(entries)
    campaigns = Campaign.objects.filter(id__in=titles).select_related("snapshot").in_bulk()
    loaded = {e.pk: (_loaded(e.old), _loaded(e.new)) for e in entries}
    codes, users = set(), set()
    for old, new in loaded.values():
        for s in (old, new):
            codes |= set(dict(s.get("reviewers") or {}))
            users |= {u for us in dict(s.get("reviewers") or {}).values() for u in us}
            users |= {s["chief"]} if s.get("chief") else set()
            for spec in dict(s.get("targets") or {}).values():
                codes |= set(spec.get("by_city", {}))
    names = dict(Organisation.objects.filter(code__in=codes).values_list("code", "name"))
    people = person_names(users, viewer)
    out = {}
    for entry in entries:
        speaker = _Speaker(campaigns.get(entry.key), names, people)
        old, new = (speaker.facts(s) for s in loaded[entry.pk])
        changed = [h for h in sorted({*old, *new}) if old.get(h) != new.get(h)]
        before = "；".join(f"{h}：{old.get(h, '未设')}" for h in changed) or UNCHANGED
        after = "；".join(f"{h}：{new.get(h, '未设')}" for h in changed) or UNCHANGED
        out[entry.pk] = ConfigWords(titles.get(entry.key, ""), before, after)
    return out
