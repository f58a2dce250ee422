"""Request and response shapes of the API (docs/spec.md §10)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, TypeAlias

from django.http import HttpResponse
from ninja import Schema
from pydantic import Field

from kaoping.orgs.roles import ROLE_LABELS

# What an operation returns: its JSON body (status 200), or a response with a status of its own
# (201 created, 409 conflict, 422 refused).
Answer: TypeAlias = dict[str, object] | HttpResponse


class Error(Schema):
    detail: str


class Busy(Schema):
    """429: the heavy-work limiter has no slot now; the ``Retry-After`` header says how long to wait."""

    detail: str
    retry_after: int


class CampaignOut(Schema):
    id: str
    kind: str
    definition: str
    org: str
    status: str
    opens: str
    closes: str
    parent: str | None = None
    baseline: str | None = None  # 基期任务 (docs/spec.md §13)


class SuspectOut(Schema):
    row: str
    column: str
    cell: str | None = None  # imports: where it is in the workbook ("表9!J7")


class FindingOut(Schema):
    table: str
    table_label: str
    row: str | None
    row_label: str | None
    column: str | None
    column_label: str | None
    severity: str
    rule: str
    message: str
    explained: bool
    kind: str = "rule"  # rule | outlier | change (docs/spec.md §10.5, §13)
    suspect: SuspectOut | None = None  # a sum's or group's cell to check first (docs/spec.md §10.5)


class FindingsOut(Schema):
    findings: list[FindingOut]
    can_submit: bool


class OrgFindingOut(FindingOut):
    org: str  # the unit whose finding it is (docs/spec.md §10.5)


class CampaignFindingsOut(Schema):
    findings: list[OrgFindingOut]


class RowOut(Schema):
    key: str
    label: str
    section: str
    editable: bool


class TableOut(Schema):
    campaign: str
    org: str
    table: str
    version: int
    rows: list[RowOut]
    values: dict[str, dict[str, str]]


class TableIn(Schema):
    base_version: int
    values: dict[str, dict[str, str | None]]


class SaveOut(Schema):
    version: int
    changed: int
    findings: list[FindingOut]


class ConflictCellOut(Schema):
    row: str
    column: str
    base: str | None
    current: str | None
    mine: str | None
    who: str
    when: str


class ConflictOut(Schema):
    detail: str
    version: int
    conflicts: list[ConflictCellOut]


class RefusedCellOut(Schema):
    row: str
    column: str
    reason: str


class RefusedOut(Schema):
    detail: str
    cells: list[RefusedCellOut]


class HistoryOut(Schema):
    row: str
    column: str
    old: str | None
    new: str | None
    who: str
    at: str
    channel: str
    note: str


class ExplanationIn(Schema):
    rule: str
    row: str | None = None
    column: str | None = None
    text: str


class CampaignIn(Schema):
    id: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$")
    definition: str = Field(max_length=100)
    org: str = Field(pattern=r"^\d{6}$")  # GB/T 2260
    opens: date
    closes: date
    title: str | None = None
    reference_date: date | None = None
    forecast_date: date | None = None
    copy_from: str | None = None
    baseline: str | None = Field(None, max_length=60)  # 基期任务 (docs/spec.md §13)
    # A national campaign (org: the ministry): the provincial units taking part; null: all.
    provinces: list[Annotated[str, Field(pattern=r"^\d{6}$")]] | None = Field(None, max_length=64)


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created: str
    last_used: str | None
    revoked: str | None


class NewTokenOut(Schema):
    id: int
    name: str
    token: str


class HeldRoleOut(Schema):
    role: str  # key: city_reporter …
    label: str  # 市填报员 …
    org: str
    org_name: str


class AccountOut(Schema):
    id: int
    username: str
    name: str
    org: str | None
    org_name: str | None
    phone: str
    email: str
    active: bool
    roles: list[HeldRoleOut]
    last_login: str | None


class AccountIn(Schema):
    username: str = Field(max_length=150)
    name: str = Field(max_length=50)
    org: str = Field(max_length=12)
    roles: list[str] = Field(max_length=len(ROLE_LABELS))  # keys or Chinese labels
    phone: str = Field(max_length=30)
    email: str = Field(default="", max_length=254)


class NewAccountOut(Schema):
    account: AccountOut
    password: str  # the one-time password: shown once, to be changed at the first login


class RolesIn(Schema):
    roles: list[str] = Field(
        max_length=len(ROLE_LABELS)
    )  # the roles at the person's unit, replacing those held there


class DetailsIn(Schema):
    """The person's 姓名, 手机号 and 电子邮箱; a field left out keeps its value ("" clears the e-mail)."""

    name: str | None = Field(default=None, max_length=50)
    phone: str | None = Field(default=None, max_length=30)
    email: str | None = Field(default=None, max_length=254)


class PasswordOut(Schema):
    username: str
    password: str


class AccountChangeOut(Schema):
    at: str
    username: str
    org: str | None
    kind: str  # create | roles | disable | enable | reset
    kind_label: str
    old: str
    new: str
    actor: str
    channel: str


def file_download(description: str, *content_types: str) -> dict[str, Any]:
    """``openapi_extra`` of an operation answering 200 with a file of one of ``content_types``."""
    content = {kind: {"schema": {"type": "string", "format": "binary"}} for kind in content_types}
    return {"responses": {200: {"description": description, "content": content}}}
