"""The form with which a 省管理员 opens a campaign, and the base-figures grid."""

from __future__ import annotations

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kaoping.collection.campaigns import BASE_FIGURE_KEYS, definitions_root, visible_campaigns
from kaoping.collection.figures import read_figure
from kaoping.core.definitions.titles import definition_title
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor
from kaoping.orgs.models import Organisation

FIGURE_LABELS = {
    "population": _("Resident population (10k)"),
    "insured_urban": _("Urban insured (10k)"),
    "counties": _("County-level units"),
}


DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def definition_choices() -> list[tuple[str, str]]:
    """Every survey definition version on disk, newest first, named by its title (docs/spec.md §9.8)."""
    out = []
    for survey_file in sorted(definitions_root().glob("*/v*/survey.yaml"), reverse=True):
        version = survey_file.parent.name.removeprefix("v")
        if version.isdigit():
            ref = f"{survey_file.parent.parent.name}@{version}"
            out.append((ref, definition_title(ref, {"survey.yaml": survey_file.read_text(encoding="utf-8")})))
    return out


class OrgOptions(forms.Select):
    """A select whose options name their campaign's organisation (``data-org``)."""

    def __init__(self, option_orgs: dict[str, str], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.option_orgs = option_orgs

    def create_option(self, name: str, value: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(name, value, *args, **kwargs)
        org = self.option_orgs.get(str(value))
        if org is not None:
            option["attrs"]["data-org"] = org
        return option


class OpenCampaignForm(forms.Form):
    id = forms.SlugField(label=_("Campaign id"), max_length=60, help_text=_("e.g. js-2015"))
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    definition = forms.ChoiceField(label=_("Definition"))
    org = forms.ChoiceField(label=_("Organisation"))
    reference_date = forms.DateField(label=_("Reference date"), required=False, widget=DATE)
    forecast_date = forms.DateField(label=_("Forecast date"), required=False, widget=DATE)
    opens = forms.DateField(label=_("Fill window opens"), widget=DATE)
    closes = forms.DateField(label=_("Fill window closes"), widget=DATE)
    lock_at_deadline = forms.BooleanField(
        label=_("Lock entry at the deadline"),
        required=False,
        help_text=_("Unticked: after the closing day a unit may still fill and submit, marked late."),
    )
    copy_from = forms.ChoiceField(label=_("Start from the values of"), required=False)
    baseline = forms.ChoiceField(
        label=_("Baseline campaign"),
        required=False,
        help_text=_("An earlier round compared cell by cell; a large swing needs an explanation."),
    )
    provinces = forms.MultipleChoiceField(
        label=_("Provincial units"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "province-choice"}),
        help_text=_("For a national campaign: none ticked means every provincial unit."),
    )

    def __init__(self, user: Actor, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        openable = Organisation.objects.filter(level__in=("ministry", "province")).order_by(
            "position", "code"
        )
        orgs = list(access.restrict(openable, user, Action.OPEN_CAMPAIGN, "code"))
        cast(forms.ChoiceField, self.fields["org"]).choices = [
            (
                o.code,
                _("Nationwide (provincial units below)")
                if o.level == "ministry"
                else f"{o.name}（{o.code}）",
            )
            for o in orgs
        ]
        ministry = [o.code for o in orgs if o.level == "ministry"]
        if ministry:
            units = [o for o in orgs if o.level == "province" and o.parent_id in ministry and o.active]
            cast(forms.MultipleChoiceField, self.fields["provinces"]).choices = [
                (o.code, o.name) for o in units
            ]
        else:
            del self.fields["provinces"]
        cast(forms.ChoiceField, self.fields["definition"]).choices = definition_choices()
        # only the chosen organisation's own campaigns can seed a new one (campaigns.open_campaign):
        # national ones for the ministry, a province's own for it; the page shows those of the
        # organisation chosen (kaoping/js/copyfrom.js), clean() refuses any other
        openable_codes = {o.code for o in orgs}
        earlier = [c for c in visible_campaigns(user) if c.org_id in openable_codes]
        self.campaign_orgs = {c.id: c.org_id for c in earlier}
        copy_from = cast(forms.ChoiceField, self.fields["copy_from"])
        copy_from.choices = [("", "—"), *((c.id, f"{c.title}（{c.id}）") for c in earlier)]
        copy_from.widget = OrgOptions(self.campaign_orgs, choices=copy_from.choices)
        baseline = cast(forms.ChoiceField, self.fields["baseline"])
        surveys = [c for c in earlier if c.kind == "survey"]
        baseline.choices = [("", "—"), *((c.id, f"{c.title}（{c.id}）") for c in surveys)]
        baseline.widget = OrgOptions(self.campaign_orgs, choices=baseline.choices)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("opens") and data.get("closes") and data["closes"] < data["opens"]:
            self.add_error("closes", _("The window closes before it opens."))
        for field in ("copy_from", "baseline"):
            chosen = data.get(field)
            if chosen and self.campaign_orgs.get(chosen) != data.get("org"):
                self.add_error(field, _("Choose a campaign of the same organisation."))
        return data


class FigureField(forms.CharField):
    """One base figure, read and bounded as everywhere else (``figures.read_figure``)."""

    def __init__(self, key: str, **kwargs: Any) -> None:
        super().__init__(required=False, max_length=60, **kwargs)
        self.key = key

    def clean(self, value: Any) -> Decimal | None:
        figure, problem = read_figure(self.key, super().clean(value))
        if problem:
            raise forms.ValidationError(problem)
        return figure


class BaseFiguresForm(forms.Form):
    """One row per city: 常住人口, 城镇参保人数 (万人, 2 decimals) and 县级单位数."""

    def __init__(
        self,
        cities: list[Organisation],
        initial_figures: dict[str, dict[str, Decimal]],
        *args: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cities = cities
        for city in cities:
            for key in BASE_FIGURE_KEYS:
                self.fields[f"{city.code}-{key}"] = FigureField(
                    key,
                    label=f"{city.name} {FIGURE_LABELS[key]}",
                    initial=initial_figures.get(city.code, {}).get(key),
                    widget=forms.TextInput(attrs={"inputmode": "decimal"}),
                )

    def rows(self) -> list[tuple[Organisation, list[forms.BoundField]]]:
        return [(c, [self[f"{c.code}-{k}"] for k in BASE_FIGURE_KEYS]) for c in self.cities]

    def figures(self) -> dict[str, dict[str, Decimal]]:
        out: dict[str, dict[str, Decimal]] = {}
        for city in self.cities:
            for key in BASE_FIGURE_KEYS:
                value = self.cleaned_data.get(f"{city.code}-{key}")
                if value is not None:
                    out.setdefault(city.code, {})[key] = value
        return out
