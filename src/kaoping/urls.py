"""Root URLs: the pages (``kaoping.web``), accounts, the JSON API and the admin."""

from django.contrib import admin
from django.urls import include, path

from kaoping.api.api import api
from kaoping.ops import views as ops_views

urlpatterns = [
    path("api/", api.urls),
    path("admin/", admin.site.urls),
    path("accounts/login/", ops_views.login_view, name="kaoping_login"),  # lock-out message
    path("accounts/", include("django.contrib.auth.urls")),
    path("ops/", include("kaoping.ops.urls")),
    path("accounts/", include("kaoping.orgs.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("campaigns/", include("kaoping.collection.urls")),
    path("w/", include("kaoping.workflow.urls")),
    path("evaluations/", include("kaoping.evaluation.urls")),
    path("reports/", include("kaoping.reports.urls")),
    path("transfer/", include("kaoping.transfer.urls")),
    path("", include("kaoping.web.urls")),
]
