"""Statuses as the shell names them (Chinese constants) → a CSS class and a translated label."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kaoping.collection.tasks import DONE, HAS_ERRORS, IN_PROGRESS, NOT_STARTED


@dataclass(frozen=True)
class Badge:
    css: str
    label: str


BADGES = {
    NOT_STARTED: ("empty", _("Not started")),
    IN_PROGRESS: ("progress", _("In progress")),
    HAS_ERRORS: ("errors", _("Has errors")),
    DONE: ("done", _("Complete")),
}


def status_badge(status: str) -> Badge:
    css, label = BADGES.get(status, ("empty", status))
    return Badge(css, str(label))
