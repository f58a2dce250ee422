"""The audit of configuration changes: one ``ConfigChange`` per act (a campaign opened, base
figures or an evaluation's settings changed, the organisation tree, security policy), sealed into
the audit chain; and how an entry reads in words (docs/spec.md §12: no technical keys in front of
officials).

An entry stores what the act recorded (a campaign's id, figures as ``320100 population=850``,
settings as JSON); the app that records a subject registers how to say it (``register_words``,
from its ``AppConfig.ready``), so the audit pages never learn another app's keys."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from kaoping.orgs.actors import Actor, actor_name, actor_user
from kaoping.orgs.models import ConfigChange


@dataclass(frozen=True)
class ConfigWords:
    """One entry in words: what was changed (a campaign's title, a unit's name), before, after."""

    target: str
    old: str
    new: str


# subject → how its entries read: (entries of that subject, viewer) → {entry id: words}
Describer = Callable[[Sequence[ConfigChange], Actor], dict[int, ConfigWords]]
_DESCRIBERS: dict[str, Describer] = {}


def register_words(subject: str, describer: Describer) -> None:
    _DESCRIBERS[subject] = describer


def in_words(entries: Sequence[ConfigChange], viewer: Actor) -> dict[int, ConfigWords]:
    """Each entry's words, by id: its subject's describer, or the stored texts (already words)."""
    out = {e.pk: ConfigWords(e.org.name if e.org_id and e.org else "", e.old, e.new) for e in entries}
    by_subject: dict[str, list[ConfigChange]] = {}
    for entry in entries:
        by_subject.setdefault(entry.subject, []).append(entry)
    for subject, group in by_subject.items():
        describer = _DESCRIBERS.get(subject)
        if describer is not None:
            out.update(describer(group, viewer))
    return out


def record_config(
    actor: Actor, subject: str, key: str, org: str | None, old: str = "", new: str = ""
) -> ConfigChange:
    """Append who changed ``subject`` (in words) of ``key`` at ``org``, from ``old`` to ``new``."""
    return ConfigChange.objects.create(
        subject=subject,
        key=key,
        org_id=org,
        old=old,
        new=new,
        user=actor_user(actor),
        actor=actor_name(actor),
    )
