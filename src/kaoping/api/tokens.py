"""Personal API tokens of the signed-in user: list, create (the secret is shown once), revoke."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from ninja import Router
from ninja.security import SessionAuth

from kaoping.api.schemas import Error, NewTokenOut, TokenIn, TokenOut
from kaoping.orgs.actors import SignedInRequest
from kaoping.orgs.models import ApiToken
from kaoping.orgs.tokens import create_token, revoke_token

# Only a browser session may mint tokens: a leaked token cannot breed more.
router = Router(tags=["个人令牌"], auth=SessionAuth())


def _out(token: ApiToken) -> dict[str, object]:
    return {
        "id": token.pk,
        "name": token.name,
        "prefix": token.prefix,
        "created": token.created.isoformat(),
        "last_used": token.last_used.isoformat() if token.last_used else None,
        "revoked": token.revoked.isoformat() if token.revoked else None,
    }


@router.get("/tokens", response=list[TokenOut], summary="我的令牌")
def list_tokens(request: SignedInRequest) -> list[dict[str, object]]:
    return [_out(t) for t in ApiToken.objects.filter(user=request.user)]


@router.post("/tokens", response={201: NewTokenOut}, summary="新建令牌（只显示一次）")
def new_token(request: SignedInRequest, body: TokenIn) -> HttpResponse:
    try:
        token, raw = create_token(request.user, body.name.strip() or "未命名")
    except ValueError as refused:
        return JsonResponse({"detail": str(refused)}, status=422, json_dumps_params={"ensure_ascii": False})
    return JsonResponse({"id": token.pk, "name": token.name, "token": raw}, status=201)


@router.delete("/tokens/{token_id}", response={200: TokenOut, 404: Error}, summary="吊销令牌")
def delete_token(request: SignedInRequest, token_id: int) -> dict[str, object]:
    token = ApiToken.objects.filter(user=request.user, pk=token_id).first()
    if token is None:
        raise Http404("令牌不存在")
    revoke_token(token)
    return _out(token)
