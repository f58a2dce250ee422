"""``{{ entry.actor|who:who }}``: a stored actor name shown as a person, unit and role."""

from __future__ import annotations

from django import template

from kaoping.orgs.who import who_label

register = template.Library()


@register.filter(name="who")
def who_filter(name: str, labels: dict[str, str] | None) -> str:
    return who_label(str(name or ""), labels)
