"""The targets part of the evaluation settings form (docs/scoring.md, "Targets"): for each
target of the rubric, how the province sets it — the rubric's default, one value for all,
a value per region group, or a formula over one of the named base figures (常住人口 …) —
and, optionally, a value for single cities, which wins. Never typed as JSON.

Fields of target ``k``: ``k-mode``, ``k-value``, ``k-region-<i>``, ``k-base``, ``k-factor``,
``k-city-<code>``. ``to_json`` gives the ``targets`` part of the settings JSON."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kaoping.core.orgs import Org
from kaoping.core.rubric.model import BASE_FIGURES, Rubric, TargetSpec
from kaoping.core.scoring.numbers import fmt, unusable

DEFAULT, VALUE, REGION, FORMULA, KEEP = "default", "value", "region", "formula", "keep"
_FORMULA = re.compile(r"^\s*([a-z_]+)\s*\*\s*(\d+(?:\.\d+)?)\s*$")


def number_field(label: str, placeholder: str = "") -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        widget=forms.NumberInput(attrs={"step": "any", "placeholder": placeholder}),
    )


def regions_of(rubric: Rubric, cities: list[Org]) -> list[str]:
    """The region groups a target may be set for: the rubric's, then the cities'."""
    names = [r for spec in rubric.targets.values() for r in spec.by_region]
    names += [c.region for c in cities if c.region]
    return list(dict.fromkeys(names))


def used_by(rubric: Rubric, key: str) -> list[str]:
    """The criteria (or parts) scored against target ``key``, as the rubric names them."""
    out = []
    for _cat, _item, criterion in rubric.criteria():
        for part in criterion.scored_parts():
            params = part.method.params
            if key in (params.target, getattr(params, "unit_target", None)):
                out.append(
                    criterion.label if part.key == criterion.key else f"{criterion.label}·{part.label}"
                )
    return list(dict.fromkeys(out))


def default_words(spec: TargetSpec) -> str:
    """The rubric's default in words: 苏南 15，苏中 10 / 常住人口（万人）× 60% / 100."""
    if spec.by_region:
        return "，".join(f"{region} {fmt(v)}" for region, v in spec.by_region.items())
    if spec.expr is not None:
        return spec.note or spec.expr
    return fmt(spec.value) if spec.value is not None else "—"


@dataclass(frozen=True)
class TargetRow:
    """One target as the template lays it out."""

    key: str
    label: str
    unit: str
    used_by: list[str]
    default: str
    mode: forms.BoundField
    value: forms.BoundField
    regions: list[forms.BoundField]
    base: forms.BoundField
    factor: forms.BoundField
    cities: list[forms.BoundField]
    open_cities: bool
    errors: list[str]


def initial_of(override: dict[str, Any], regions: list[str]) -> tuple[str, dict[str, Any]]:
    """The mode and initial values of one target's stored override."""
    if "value" in override:
        return VALUE, {"value": override["value"]}
    if override.get("by_region"):
        given = override["by_region"]
        return REGION, {f"region-{i}": given.get(r) for i, r in enumerate(regions)}
    if "expr" in override:
        match = _FORMULA.match(override["expr"])
        if match and match[1] in BASE_FIGURES:
            return FORMULA, {"base": match[1], "factor": match[2]}
        return KEEP, {}
    return DEFAULT, {}


def mode_choices(spec: TargetSpec, keep: str) -> list[tuple[str, str]]:
    choices = [
        (DEFAULT, _("Rubric default: %(rule)s") % {"rule": default_words(spec)}),
        (VALUE, _("One value for all cities")),
        (REGION, _("A value per region group")),
        (FORMULA, _("A base figure times a factor")),
    ]
    if keep:
        choices.append((KEEP, _("Keep the formula set on the command line: %(rule)s") % {"rule": keep}))
    return choices


def base_choices() -> list[tuple[str, str]]:
    return [("", "—")] + [(k, f"{label}（{unit}）") for k, (label, unit) in BASE_FIGURES.items()]


BASE_LABEL = gettext_lazy("Base figure")
FACTOR_LABEL = gettext_lazy("Factor")
VALUE_LABEL = gettext_lazy("Target value")


class TargetFields:
    """Adds the fields of every target to ``form`` and reads them back."""

    def __init__(
        self,
        form: forms.Form,
        rubric: Rubric,
        cities: list[Org],
        current: dict[str, Any],
        placeholders: dict[str, dict[str, str]],  # target → city → the target without a city value
    ) -> None:
        self.form, self.rubric, self.cities = form, rubric, cities
        self.current = current
        self.regions = regions_of(rubric, cities)
        for key, spec in rubric.targets.items():
            self._add(key, spec, dict(current.get(key, {})), placeholders.get(key, {}))

    def _add(self, key: str, spec: TargetSpec, override: dict[str, Any], shown: dict[str, str]) -> None:
        fields, initial = self.form.fields, self.form.initial
        mode, values = initial_of(override, self.regions)
        keep = (override.get("note") or override.get("expr", "")) if mode == KEEP else ""
        fields[f"{key}-mode"] = forms.ChoiceField(
            label=spec.label, choices=mode_choices(spec, keep), widget=forms.RadioSelect, required=False
        )
        fields[f"{key}-value"] = number_field(str(VALUE_LABEL))
        for i, region in enumerate(self.regions):
            default = spec.by_region.get(region)
            fields[f"{key}-region-{i}"] = number_field(region, fmt(default) if default is not None else "")
        fields[f"{key}-base"] = forms.ChoiceField(label=BASE_LABEL, choices=base_choices(), required=False)
        fields[f"{key}-factor"] = number_field(str(FACTOR_LABEL))
        by_city = override.get("by_city", {})
        for city in self.cities:
            fields[f"{key}-city-{city.code}"] = number_field(city.name, shown.get(city.code, ""))
            initial[f"{key}-city-{city.code}"] = by_city.get(city.code)
        initial[f"{key}-mode"] = mode
        initial.update({f"{key}-{name}": v for name, v in values.items()})

    def rows(self) -> list[TargetRow]:
        form = self.form
        out = []
        for key, spec in self.rubric.targets.items():
            override = self.current.get(key, {})
            mode = form[f"{key}-mode"]
            cities = [form[f"{key}-city-{c.code}"] for c in self.cities]
            out.append(
                TargetRow(
                    key=key,
                    label=spec.label,
                    unit=spec.unit,
                    used_by=used_by(self.rubric, key),
                    default=default_words(spec),
                    mode=mode,
                    value=form[f"{key}-value"],
                    regions=[form[f"{key}-region-{i}"] for i in range(len(self.regions))],
                    base=form[f"{key}-base"],
                    factor=form[f"{key}-factor"],
                    cities=cities,
                    open_cities=bool(override.get("by_city")) or any(c.errors for c in cities),
                    errors=self._errors(key),
                )
            )
        return out

    def _errors(self, key: str) -> list[str]:
        """Every problem of target ``key``, each naming the field: 南京市：…"""
        form = self.form
        if not form.is_bound:
            return []
        out = []
        for name, field in form.fields.items():
            if name.startswith(f"{key}-") and name in form.errors and name != f"{key}-mode":
                out += [f"{field.label}：{e}" for e in form.errors[name]]
        return out + [str(e) for e in form.errors.get(f"{key}-mode", ())]

    def clean(self, data: dict[str, Any]) -> None:
        """Adds an error to the target's mode for what its chosen way lacks."""
        for key in self.rubric.targets:
            for problem in self._lacks(key, data):
                self.form.add_error(f"{key}-mode", problem)
            for name in self._numbers(key):
                value = data.get(name)
                why = unusable(value) if isinstance(value, Decimal) else None
                if why is not None:
                    self.form.add_error(name, _("The value %(why)s") % {"why": why})
        problems = [
            _("%(target)s (criterion %(criteria)s): %(problem)s")
            % {
                "target": spec.label,
                "criteria": "、".join(used_by(self.rubric, key)) or "—",
                "problem": problem,
            }
            for key, spec in self.rubric.targets.items()
            for problem in self._errors(key)
        ]
        for problem in problems:
            self.form.add_error(None, problem)

    def _numbers(self, key: str) -> list[str]:
        names = [f"{key}-value", f"{key}-factor"] + [f"{key}-region-{i}" for i in range(len(self.regions))]
        return names + [f"{key}-city-{c.code}" for c in self.cities]

    def _lacks(self, key: str, data: dict[str, Any]) -> list[str]:
        mode = data.get(f"{key}-mode")
        if mode == VALUE and data.get(f"{key}-value") is None and f"{key}-value" not in self.form.errors:
            return [_("enter the value for all cities")]
        if mode == REGION:
            return [
                _("enter the value of %(region)s") % {"region": region}
                for i, region in enumerate(self.regions)
                if data.get(f"{key}-region-{i}") is None and f"{key}-region-{i}" not in self.form.errors
            ]
        lacking = not data.get(f"{key}-base") or data.get(f"{key}-factor") is None
        if mode == FORMULA and lacking and f"{key}-factor" not in self.form.errors:
            return [_("choose a base figure and enter the factor")]
        return []

    def to_json(self, data: dict[str, Any]) -> dict[str, Any]:
        """The ``targets`` of the settings JSON (docs/scoring.md): only what differs from the rubric."""
        out = {}
        for key in self.rubric.targets:
            target = self._way(key, data)
            by_city = {
                c.code: str(data[f"{key}-city-{c.code}"])
                for c in self.cities
                if data.get(f"{key}-city-{c.code}") is not None
            }
            if by_city:
                target["by_city"] = by_city
            if target:
                out[key] = target
        return out

    def _way(self, key: str, data: dict[str, Any]) -> dict[str, Any]:
        mode = data.get(f"{key}-mode")
        if mode == VALUE:
            return {"value": str(data[f"{key}-value"])}
        if mode == REGION:
            return {"by_region": {r: str(data[f"{key}-region-{i}"]) for i, r in enumerate(self.regions)}}
        if mode == FORMULA:
            base, factor = data[f"{key}-base"], data[f"{key}-factor"]
            label, unit = BASE_FIGURES[base]
            return {"expr": f"{base} * {factor:f}", "note": f"{label}（{unit}）× {fmt(factor, 6)}"}
        if mode == KEEP or not mode:  # not posted: as stored
            kept = self.current.get(key, {})
            return {k: v for k, v in kept.items() if k != "by_city"}
        return {}
