"""The province's evaluation settings form: review rule, chief, reviewers per city, each
city's 持卡人数 target, and the other targets as JSON (docs/scoring.md)."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kaoping.collection.models import Campaign
from kaoping.core.orgs import Org
from kaoping.core.rubric.model import Rubric
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import Organisation, User

CITY_TARGET = "card_holders"  # the target the province sets city by city


def experts_of(campaign: Campaign) -> list[User]:
    return list(access.assignable_scorers(campaign.org_id))


class SettingsForm(forms.Form):
    review_rule = forms.ChoiceField(
        label=_("Rule for differing reviewers"),
        choices=[("average", _("Average of the reviewers")), ("chief", _("The chief reviewer decides"))],
        widget=forms.RadioSelect,
    )
    chief = forms.ChoiceField(label=_("Chief reviewer"), required=False)
    targets = forms.CharField(
        label=_("Other targets (JSON)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80, "spellcheck": "false"}),
    )

    def __init__(
        self,
        rubric: Rubric,
        cities: list[Org],
        campaign: Campaign,
        current: dict[str, Any],
        data: QueryDict | None = None,
        defaults: dict[str, str] | None = None,  # city → the default target, as a placeholder
    ) -> None:
        super().__init__(data)
        self.rubric, self.cities = rubric, cities
        self.experts = experts_of(campaign)
        choices = [("", "—")] + [(u.username, u.display_name) for u in self.experts]
        cast(forms.ChoiceField, self.fields["chief"]).choices = choices
        targets = dict(current.get("targets", {}))
        by_city = dict(targets.get(CITY_TARGET, {}).get("by_city", {}))
        rest = {k: v for k, v in targets.items() if k != CITY_TARGET}
        if CITY_TARGET in targets:
            other = {k: v for k, v in targets[CITY_TARGET].items() if k != "by_city"}
            if other:
                rest[CITY_TARGET] = other
        self.initial = {
            "review_rule": current.get("review_rule", "average"),
            "chief": current.get("chief") or "",
            "targets": json.dumps(rest, ensure_ascii=False, indent=2) if rest else "",
        }
        reviewers = current.get("reviewers", {})
        for city in cities:
            self.fields[f"target:{city.code}"] = forms.DecimalField(
                label=city.name,
                required=False,
                min_value=Decimal(0),
                decimal_places=2,
                max_digits=12,
                widget=forms.NumberInput(
                    attrs={"placeholder": (defaults or {}).get(city.code, ""), "step": "0.01"}
                ),
            )
            self.initial[f"target:{city.code}"] = by_city.get(city.code)
            self.fields[f"reviewers:{city.code}"] = forms.MultipleChoiceField(
                label=city.name,
                required=False,
                choices=[(u.username, u.display_name) for u in self.experts],
                widget=forms.CheckboxSelectMultiple,
            )
            self.initial[f"reviewers:{city.code}"] = reviewers.get(city.code, [])

    def city_rows(self) -> list[tuple[Org, forms.BoundField, forms.BoundField]]:
        return [(c, self[f"target:{c.code}"], self[f"reviewers:{c.code}"]) for c in self.cities]

    def target_label(self) -> str:
        spec = self.rubric.targets.get(CITY_TARGET)
        return f"{spec.label}（{spec.unit}）" if spec else CITY_TARGET

    def clean_targets(self) -> dict[str, Any]:
        text = self.cleaned_data.get("targets", "").strip()
        if not text:
            return {}
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise forms.ValidationError(_("Not valid JSON: %(error)s") % {"error": exc.msg}) from None
        if not isinstance(value, dict):
            raise forms.ValidationError(_("The targets must be a JSON object."))
        return value

    def settings_json(self) -> dict[str, Any]:
        data = self.cleaned_data
        targets = dict(data["targets"])
        by_city = {
            c.code: str(data[f"target:{c.code}"])
            for c in self.cities
            if data.get(f"target:{c.code}") is not None
        }
        if by_city:
            targets[CITY_TARGET] = {**targets.get(CITY_TARGET, {}), "by_city": by_city}
        reviewers = {
            c.code: list(data[f"reviewers:{c.code}"]) for c in self.cities if data.get(f"reviewers:{c.code}")
        }
        return {
            "targets": targets,
            "review_rule": data["review_rule"],
            "chief": data.get("chief") or None,
            "reviewers": reviewers,
        }


class OpenForm(forms.Form):
    id = forms.SlugField(label=_("Campaign id"), max_length=60)
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    org = forms.ChoiceField(label=_("Province"))
    survey = forms.ChoiceField(label=_("Linked survey campaign"), required=False)
    opens = forms.DateField(label=_("Self-assessment from"), widget=forms.DateInput(attrs={"type": "date"}))
    closes = forms.DateField(label=_("Self-assessment until"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, user: Actor, data: QueryDict | None = None) -> None:
        super().__init__(data)
        everywhere = Organisation.objects.filter(level="province").order_by("position", "code")
        provinces = access.restrict(everywhere, user, Action.OPEN_CAMPAIGN, "code")
        cast(forms.ChoiceField, self.fields["org"]).choices = [(o.code, o.name) for o in provinces]
        surveys = Campaign.objects.filter(kind="survey", org__in=provinces).order_by("-opens", "id")
        cast(forms.ChoiceField, self.fields["survey"]).choices = [("", "—")] + [
            (c.pk, f"{c.title}（{c.pk}）") for c in surveys
        ]


def default_targets(
    rubric: Rubric, cities: list[Org], figures: dict[str, dict[str, Decimal]]
) -> dict[str, str]:
    """Each city's default 持卡人数 target from the rubric's rule (shown as a placeholder)."""
    from kaoping.core.scoring.numbers import fmt
    from kaoping.core.scoring.targets import resolve_target

    spec = rubric.targets.get(CITY_TARGET)
    if spec is None:
        return {}
    out = {}
    for city in cities:
        value = resolve_target(spec, city, figures.get(city.code, {})).value
        if isinstance(value, Decimal):
            out[city.code] = fmt(value)
    return out


def target_defaults(rubric: Rubric) -> list[tuple[str, str, str]]:
    """(key, label with unit, the default in words) for every target of the rubric."""
    from kaoping.core.scoring.numbers import fmt

    rows = []
    for key, spec in rubric.targets.items():
        if spec.by_region:
            rule = "，".join(f"{region} {fmt(v)}" for region, v in spec.by_region.items())
        elif spec.expr is not None:
            rule = f"{spec.note or spec.expr}（{spec.expr}）"
        else:
            rule = fmt(spec.value) if spec.value is not None else "—"
        rows.append((key, f"{spec.label}（{spec.unit}）" if spec.unit else spec.label, rule))
    return rows
