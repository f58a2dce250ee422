"""The bare endpoint of bench/deadline_surge.py: behind the same authentication, middleware and
access check as a table save, it inserts one row. Registered only with KAOPING_BENCH_ENDPOINTS=1."""

from __future__ import annotations

from ninja import Router, Schema

from kaoping.ops.models import BenchInsert
from kaoping.orgs.access import Action, require
from kaoping.orgs.actors import SignedInRequest

router = Router(tags=["bench"])


class BenchIn(Schema):
    n: int


class BenchOut(Schema):
    id: int


@router.post("/bench/orgs/{org}/insert", response={200: BenchOut}, summary="压测：插入一行（仅压测环境）")
def bench_insert(request: SignedInRequest, org: str, body: BenchIn) -> dict[str, int]:
    require(request.user, Action.FILL, org)
    row = BenchInsert.objects.create(org_id=org, actor=request.user.get_username(), n=body.n)
    return {"id": row.pk}
