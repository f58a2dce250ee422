"""Administrator pages: accounts of one's subtree, bulk import, password reset, the login log."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from kaoping.downloads import XLSX, file_response
from kaoping.ops import accounts, auditexport, sso
from kaoping.ops.sample import accounts_sample
from kaoping.ops.sheet import SheetError, read_sheet
from kaoping.ops.twofactor_views import TwoStepLoginView
from kaoping.orgs import secret
from kaoping.orgs.access import Action, orgs_for, restrict
from kaoping.orgs.actors import SignedInRequest
from kaoping.orgs.models import LoginEvent, Organisation, User


class LockoutAuthenticationForm(AuthenticationForm):
    """Says plainly that the account is locked, and until when, instead of "wrong password"."""

    locked_message = ""

    def clean(self) -> dict[str, Any]:
        try:
            return super().clean()
        except ValidationError:
            if not settings.LOCAL_PASSWORDS:
                self.locked_message = PASSWORDS_OFF
                raise ValidationError(PASSWORDS_OFF, code="passwords_off") from None
            until = getattr(self.request, "kaoping_locked_until", None)
            if until is not None:
                when = timezone.localtime(until).strftime("%H:%M")
                self.locked_message = (
                    f"登录失败次数过多，该账号在此地址已锁定，请于 {when} 后再试或联系管理员"
                )
                raise ValidationError(self.locked_message, code="locked") from None
            raise


PASSWORDS_OFF = "本系统已停用用户名密码登录，请使用统一身份认证登录"
# ``sso``: the unified sign-on button and whether the local form is offered (kaoping.ops.sso);
# someone with a second factor gives the code before signing in (kaoping.ops.twofactor_views).
login_view = TwoStepLoginView.as_view(
    authentication_form=LockoutAuthenticationForm, extra_context={"sso": sso.login_offer}
)


def require_manager(request: SignedInRequest, action: Action = Action.LIST_ACCOUNTS) -> None:
    accounts.require_manager(request.user, action)


@login_required
def accounts_page(request: SignedInRequest) -> HttpResponse:
    require_manager(request)
    users = accounts.managed_users(request.user)
    query = request.GET.get("q", "").strip()
    if query:  # names are encrypted (kaoping.orgs.secret): matched in Python, not by the database
        named = secret.matching(users.values_list("pk", "name"), query)
        users = users.filter(Q(username__icontains=query) | Q(org__name__icontains=query) | Q(pk__in=named))
    page = Paginator(users, 50).get_page(request.GET.get("page"))
    return render(request, "ops/accounts.html", {"page": page, "query": query})


@login_required
def import_page(request: SignedInRequest) -> HttpResponse:
    require_manager(request, Action.MANAGE_ACCOUNTS)
    context: dict[str, Any] = {}
    if request.method == "POST":
        upload = request.FILES.get("sheet")
        if upload is None:
            context["errors"] = ["请选择要导入的文件（xlsx 或 csv）"]
        else:
            try:
                rows = read_sheet(upload.read(), upload.name or "")
            except SheetError as exc:
                context["errors"] = [str(exc)]
            else:
                result = accounts.import_accounts(request.user, rows)
                context["errors"], context["created"] = result.errors, result.created
    response = render(request, "ops/import.html", context)
    response.headers["Cache-Control"] = "no-store"  # one-time passwords must not be cached
    return response


@login_required
@require_POST
def reset_page(request: SignedInRequest, user_id: int) -> HttpResponse:
    require_manager(request, Action.MANAGE_ACCOUNTS)
    target = get_object_or_404(accounts.managed_users(request.user), pk=user_id)
    password = accounts.reset_password(request.user, target)
    response = render(request, "ops/reset.html", {"target": target, "password": password})
    response.headers["Cache-Control"] = "no-store"
    return response


@login_required
def logins_page(request: SignedInRequest) -> HttpResponse:
    require_manager(request, Action.READ_AUDIT)
    events = LoginEvent.objects.select_related("user__org").order_by("-at", "-id")
    codes = orgs_for(request.user, Action.READ_AUDIT)
    if codes is not None:
        # Events are filed by username (a failure has no user); unknown names: the ministry only.
        users = User.objects.order_by()
        managed = restrict(users, request.user, Action.READ_AUDIT, ("roles__org", "org")).values("username")
        scope = Q(username__in=managed)
        if Organisation.objects.filter(code__in=codes, level="ministry").exists():
            scope |= ~Q(username__in=User.objects.values("username"))
        events = events.filter(scope)
    kind = request.GET.get("kind", "")
    if kind in dict(LoginEvent.KIND_CHOICES):
        events = events.filter(kind=kind)
    query = request.GET.get("q", "").strip()
    if query:
        events = events.filter(username__icontains=query)
    if request.GET.get("format") == "csv":
        return auditexport.logins_csv(events)
    page = Paginator(events, 100).get_page(request.GET.get("page"))
    context = {"page": page, "kinds": LoginEvent.KIND_CHOICES, "kind": kind, "query": query}
    return render(request, "ops/logins.html", context)


@login_required
def sample_view(request: SignedInRequest) -> HttpResponse:
    """The sample accounts sheet (xlsx) with the columns the import reads."""
    require_manager(request, Action.MANAGE_ACCOUNTS)
    return file_response(accounts_sample(request.user.org), "账号导入样例.xlsx", XLSX)
