"""Template helpers of the pages."""

from __future__ import annotations

from typing import Any

from django import template

from kaoping.orgs import access

register = template.Library()


@register.simple_tag
def user_roles(user: Any) -> list[tuple[str, str]]:
    """(role label, organisation name) pairs for the top bar."""
    return access.roles_of(user)


@register.filter
def has_code(cell: Any, letter: str) -> bool:
    """Is code ``letter`` among the cell's chosen codes?"""
    return letter in cell.chosen
