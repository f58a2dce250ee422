"""The audit of configuration changes: one ``ConfigChange`` per act (a campaign opened, base
figures or an evaluation's settings changed, security policy), sealed into the audit chain."""

from __future__ import annotations

from kaoping.orgs.actors import Actor, actor_name, actor_user
from kaoping.orgs.models import ConfigChange


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
