"""Excel pages of a campaign, mounted at ``transfer/`` by the root URLconf."""

from django.urls import URLPattern, path

from kaoping.transfer import bulkpages, figurepages, views

app_name = "transfer"

BASE = "c/<slug:campaign>/<str:org>/"

urlpatterns: list[URLPattern] = [
    path(BASE + "template/", views.template, name="template"),
    path(BASE + "upload/", views.upload, name="upload"),
    path(BASE + "upload/<uuid:upload_id>/confirm/", views.confirm, name="confirm"),
    path(BASE + "exports/", views.exports_page, name="exports"),
    path(BASE + "exports/<str:kind>/", views.export, name="export"),
    path(BASE + "bulk/", bulkpages.bulk_page, name="bulk"),
    path(BASE + "bulk/<str:batch>/", bulkpages.batch_page, name="bulk_batch"),
    path(BASE + "bulk/<str:batch>/status/", bulkpages.batch_status, name="bulk_status"),
    path("figures/<slug:campaign>/template/", figurepages.figures_template, name="figures_template"),
    path("figures/<slug:campaign>/upload/", figurepages.figures_upload, name="figures_upload"),
]
