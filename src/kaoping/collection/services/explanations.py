"""The 说明 an organisation writes to answer a warning (提示性 rule)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied

from kaoping.collection.campaigns import survey_for
from kaoping.collection.cells import CellIndex
from kaoping.collection.models import Campaign, Explanation
from kaoping.collection.services.reading import load_survey_data
from kaoping.collection.services.writing import SaveRefused, edit_refusal
from kaoping.core import texts
from kaoping.core.instance import TOTAL_ROW
from kaoping.orgs import access
from kaoping.orgs.access import Action
from kaoping.orgs.actors import Actor, actor_name, actor_user


def save_explanation(
    user: Actor,
    campaign: Campaign,
    org_code: str,
    rule: str,
    table: str,
    row: str | None,
    column: str | None,
    text: str,
) -> Explanation | None:
    """Write (or, with a blank text, withdraw) the 说明 answering a warning of a rule of the
    survey; the text is bounded (``texts.EXPLANATION``), docs/spec.md §5.3."""
    access.require(user, Action.FILL, org_code)
    reason = edit_refusal(campaign, org_code) or _refusal(campaign, rule, table, row, column, text)
    if reason:
        raise SaveRefused(reason)
    if row:
        # The warning must be about a row this organisation fills (never another city's).
        index = CellIndex(survey_for(campaign), load_survey_data(campaign))
        # a 合计 row is the province's (its warnings: a national outlier, a change of the total)
        owner = index.owner(table, row) or (campaign.org_id if row == TOTAL_ROW else None)
        if owner != org_code:
            raise PermissionDenied(access.refusal(Action.FILL, org_code))
    elif org_code != campaign.org_id:
        raise PermissionDenied(access.refusal(Action.FILL, campaign.org_id))  # table-wide: the province's
    key: dict[str, Any] = {
        "campaign": campaign,
        "rule": rule,
        "table": table,
        "row": row or "",
        "column": column or "",
    }
    text = text.strip()
    if not text:
        Explanation.objects.filter(**key, org_id=org_code).delete()
        return None
    existing = Explanation.objects.filter(**key).first()
    if existing is not None and existing.org_id != org_code:
        raise PermissionDenied(access.refusal(Action.FILL, org_code))
    explanation, _ = Explanation.objects.update_or_create(
        **key,
        defaults={"org_id": org_code, "text": text, "user": actor_user(user), "actor": actor_name(user)},
    )
    return explanation


def _refusal(
    campaign: Campaign, rule: str, table: str, row: str | None, column: str | None, text: str
) -> str | None:
    """Why this 说明 cannot be stored: a rule (of the catalogue or of quality.yaml) the survey
    does not have for the table, an over-long row or column key, or a text beyond its bound
    (or not storable)."""
    for key, what in ((row, "行"), (column, "栏目")):
        if key and (len(key) > texts.KEY or texts.unencodable(key)):
            return f"说明所指的{what}不存在"
    known = survey_for(campaign).rule_table(rule) == table
    if not known:  # the rule's id is not echoed: officials never read rule ids (docs/spec.md §9.8)
        return "说明所答的审核规则不存在（或不属于此表），不能保存"
    return texts.refusal(text.strip(), texts.EXPLANATION, "说明")
