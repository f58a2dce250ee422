"""Report pages of a campaign, mounted at ``reports/`` by the root URLconf."""

from django.urls import URLPattern, path

from kaoping.reports import views

app_name = "reports"

BASE = "c/<slug:campaign>/<str:org>/"

urlpatterns: list[URLPattern] = [
    path(BASE + "indicators/", views.indicators, name="indicators"),
    path(BASE + "dashboard/", views.dashboard, name="dashboard"),
    path(BASE + "print/", views.print_survey, name="print"),
    path(BASE + "print/<str:table>/", views.print_table, name="print_table"),
    path(BASE + "pdf/", views.pdf_survey, name="pdf"),
    path(BASE + "pdf/<str:table>/", views.pdf_table, name="pdf_table"),
]
