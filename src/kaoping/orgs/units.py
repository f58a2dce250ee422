"""The organisation page's changes (docs/spec.md §12): add a unit below one, rename a unit,
deactivate or reactivate it — never delete. Whoever may ``Action.MANAGE_ORGS`` at a unit adds
below it and changes the units below it (not the unit itself: a province's administrator renames
its cities, not the province). Each change is one ``ConfigChange`` (subject 组织, in words) and
marks the unit ``maintained_locally``, so ``kaoping orgs sync`` leaves it alone (``sync.py``).

A campaign keeps the set of organisations it was opened with (``Campaign.members``): a unit
deactivated while a campaign is open stays in that campaign, with its data; a unit added later
joins the campaigns opened after it."""

from __future__ import annotations

import re

from django.db import transaction

from kaoping.orgs.access import Action, can
from kaoping.orgs.actors import Actor
from kaoping.orgs.configlog import record_config
from kaoping.orgs.models import Organisation

SUBJECT = "组织"
CHILD_LEVEL = {"ministry": "province", "province": "city"}  # what may be added below a unit
CODE = re.compile(r"[0-9]{6}")
NAME_MAX = 100
KIND_MAX = 20


class UnitRefused(Exception):
    """A change the page refuses, said in Chinese (nothing was changed)."""


def may_change(actor: Actor, unit: Organisation) -> bool:
    """Whether ``actor`` may rename or (de)activate ``unit``: it manages the unit's parent."""
    return unit.parent_id is not None and can(actor, Action.MANAGE_ORGS, unit.parent_id)


def may_add_below(actor: Actor, unit: Organisation) -> bool:
    return unit.level in CHILD_LEVEL and unit.active and can(actor, Action.MANAGE_ORGS, unit.code)


def _name(text: str) -> str:
    name = " ".join(text.split())
    if not name:
        raise UnitRefused("请填写名称")
    if len(name) > NAME_MAX:
        raise UnitRefused(f"名称不能超过 {NAME_MAX} 个字")
    return name


def _counties(text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        raise UnitRefused("县级单位数请填写整数")
    return int(text)


@transaction.atomic
def add_unit(
    actor: Actor, parent: Organisation, code: str, name: str, kind: str = "", counties: str = ""
) -> Organisation:
    """Add a unit below ``parent`` (a province's 省直辖县级 unit, the ministry's new province)."""
    if not may_add_below(actor, parent):
        raise UnitRefused("无权在此单位下新增单位")
    code = code.strip()
    if not CODE.fullmatch(code):
        raise UnitRefused("代码须为 6 位数字（行政区划代码）")
    if Organisation.objects.filter(code=code).exists():
        raise UnitRefused("该代码已被使用（单位不会被删除，已停用的单位也占用其代码）")
    name, kind = _name(name), " ".join(kind.split())[:KIND_MAX]
    last = Organisation.objects.filter(parent=parent).order_by("-position").values_list("position", flat=True)
    unit = Organisation.objects.create(
        code=code,
        name=name,
        level=CHILD_LEVEL[parent.level],
        parent=parent,
        region=parent.region,
        kind=kind,
        counties=_counties(counties),
        position=(last.first() or parent.position) + 1,
        maintained_locally=True,
    )
    detail = f"{name}（{kind}）" if kind else name
    record_config(actor, SUBJECT, code, code, "", f"新增 {detail}，隶属 {parent.name}")
    return unit


@transaction.atomic
def rename_unit(actor: Actor, unit: Organisation, name: str) -> bool:
    """Rename ``unit``; False when the name is the same (nothing recorded)."""
    if not may_change(actor, unit):
        raise UnitRefused("无权更改此单位")
    name = _name(name)
    if name == unit.name:
        return False
    old, unit.name, unit.maintained_locally = unit.name, name, True
    unit.save(update_fields=["name", "maintained_locally", "updated"])
    record_config(actor, SUBJECT, unit.code, unit.code, f"名称 {old}", f"名称 {name}")
    return True


@transaction.atomic
def set_active(actor: Actor, unit: Organisation, active: bool) -> bool:
    """Deactivate or reactivate ``unit`` (never delete); False when it already is so."""
    if not may_change(actor, unit):
        raise UnitRefused("无权更改此单位")
    if unit.active == active:
        return False
    unit.active, unit.maintained_locally = active, True
    unit.save(update_fields=["active", "maintained_locally", "updated"])
    words = ("停用", "现行") if active else ("现行", "停用（保留其数据，不删除）")
    record_config(actor, SUBJECT, unit.code, unit.code, *words)
    return True
