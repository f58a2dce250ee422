"""Root URLs: the pages (``kaoping.web``), accounts, the JSON API and the admin.

Of Django's account views only logging in and out and changing one's password are mounted:
there is no e-mail, and a forgotten password is reset by an administrator (``ops``)."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from kaoping.api.api import api
from kaoping.ops import sso_views, twofactor_views
from kaoping.ops import views as ops_views

handler400 = "kaoping.ops.errors.bad_request"  # Chinese (Django's own is English), JSON under /api/
handler404 = "kaoping.ops.errors.not_found"  # Django's, once an unreadable posted form is settled
handler500 = "kaoping.ops.errors.server_error"  # Chinese, with the request id of the log lines

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("accounts/login/", ops_views.login_view, name="login"),  # with the lock-out message
    path("accounts/logout/", sso_views.logout, name="logout"),  # and at the provider after unified sign-on
    path("accounts/oidc/login/", sso_views.oidc_login, name="oidc_login"),
    path("accounts/oidc/callback/", sso_views.oidc_callback, name="oidc_callback"),
    path("accounts/otp/", twofactor_views.verify_page, name="otp_verify"),  # the second step
    path("accounts/otp/enrol/", twofactor_views.enrol_page, name="otp_enrol"),
    path("accounts/security/", twofactor_views.settings_page, name="otp_settings"),
    path("accounts/password_change/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password_change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("ops/", include("kaoping.ops.urls")),
    path("accounts/", include("kaoping.orgs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("campaigns/", include("kaoping.collection.urls")),
    path("w/", include("kaoping.workflow.urls")),
    path("evaluations/", include("kaoping.evaluation.urls")),
    path("reports/", include("kaoping.reports.urls")),
    path("transfer/", include("kaoping.transfer.urls")),
    path("jobs/", include("kaoping.jobs.urls")),
    path("", include("kaoping.web.urls")),
]
