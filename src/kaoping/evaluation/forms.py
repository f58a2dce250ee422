"""The province's evaluation settings form: review rule, chief, reviewers per city and the
targets, each set in the form (``targetform``), never typed as JSON (docs/scoring.md)."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from kaoping.collection.models import Campaign
from kaoping.core.orgs import Org
from kaoping.core.rubric.model import Rubric
from kaoping.evaluation.targetform import TargetFields, TargetRow
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import Organisation, User


def experts_of(campaign: Campaign) -> list[User]:
    return list(access.assignable_scorers(campaign.org_id))


class SettingsForm(forms.Form):
    review_rule = forms.ChoiceField(
        label=_("Rule for differing reviewers"),
        choices=[("average", _("Average of the reviewers")), ("chief", _("The chief reviewer decides"))],
        widget=forms.RadioSelect,
    )
    chief = forms.ChoiceField(label=_("Chief reviewer"), required=False)

    def __init__(
        self,
        rubric: Rubric,
        cities: list[Org],
        campaign: Campaign,
        current: dict[str, Any],
        data: QueryDict | None = None,
        defaults: dict[str, dict[str, str]] | None = None,  # target → city → its target without a city value
    ) -> None:
        super().__init__(data)
        self.rubric, self.cities = rubric, cities
        self.experts = experts_of(campaign)
        choices = [("", "—")] + [(u.username, u.display_name) for u in self.experts]
        cast(forms.ChoiceField, self.fields["chief"]).choices = choices
        self.initial = {
            "review_rule": current.get("review_rule", "average"),
            "chief": current.get("chief") or "",
        }
        self.targets = TargetFields(self, rubric, cities, dict(current.get("targets", {})), defaults or {})
        reviewers = current.get("reviewers", {})
        for city in cities:
            self.fields[f"reviewers:{city.code}"] = forms.MultipleChoiceField(
                label=city.name,
                required=False,
                choices=[(u.username, u.display_name) for u in self.experts],
                widget=forms.CheckboxSelectMultiple,
            )
            self.initial[f"reviewers:{city.code}"] = reviewers.get(city.code, [])

    def city_rows(self) -> list[tuple[Org, forms.BoundField]]:
        return [(c, self[f"reviewers:{c.code}"]) for c in self.cities]

    def target_rows(self) -> list[TargetRow]:
        return self.targets.rows()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("review_rule") == "chief" and not data.get("chief"):
            self.add_error("chief", _("Choose the chief reviewer when the chief reviewer decides."))
        self.targets.clean(data)
        return data

    def settings_json(self) -> dict[str, Any]:
        data = self.cleaned_data
        reviewers = {
            c.code: list(data[f"reviewers:{c.code}"]) for c in self.cities if data.get(f"reviewers:{c.code}")
        }
        return {
            "targets": self.targets.to_json(data),
            "review_rule": data["review_rule"],
            "chief": data.get("chief") or None,
            "reviewers": reviewers,
        }


class OpenForm(forms.Form):
    id = forms.SlugField(label=_("Campaign id"), max_length=60)
    title = forms.CharField(
        label=_("Evaluation title"),
        max_length=200,
        required=False,
        help_text=_("Leave blank to use the rubric's title."),
    )
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
    rubric: Rubric, cities: list[Org], figures: dict[str, dict[str, Decimal]], current: dict[str, Any]
) -> dict[str, dict[str, str]]:
    """Each target's value for each city without a value of its own, as the rubric and the
    province's current way give it (shown as the placeholder of the city's field)."""
    from kaoping.core.scoring.numbers import fmt
    from kaoping.core.scoring.settings import settings_from_json
    from kaoping.core.scoring.targets import effective_target, resolve_target

    try:
        overrides = settings_from_json({"targets": current.get("targets", {})}, rubric).targets
    except ValueError:
        overrides = {}
    out: dict[str, dict[str, str]] = {}
    for key, default in rubric.targets.items():
        override = overrides.get(key)
        spec = replace(effective_target(default, override), by_city={})
        for city in cities:
            value = resolve_target(spec, city, figures.get(city.code, {})).value
            if isinstance(value, Decimal):
                out.setdefault(key, {})[city.code] = fmt(value)
    return out
