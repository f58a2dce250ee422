"""Report pages of a campaign, mounted at ``reports/`` by the root URLconf."""

from django.urls import URLPattern, path

from kaoping.reports import adhoc_views, national_views, views

app_name = "reports"

BASE = "c/<slug:campaign>/<str:org>/"
NATIONAL = BASE + "national/"

urlpatterns: list[URLPattern] = [
    path(BASE + "indicators/", views.indicators, name="indicators"),
    path(BASE + "dashboard/", views.dashboard, name="dashboard"),
    path(BASE + "print/", views.print_survey, name="print"),
    path(BASE + "print/<str:table>/", views.print_table, name="print_table"),
    path(BASE + "pdf/", views.pdf_survey, name="pdf"),
    path(BASE + "pdf/<str:table>/", views.pdf_table, name="pdf_table"),
    path(BASE + "summary/", adhoc_views.summary, name="adhoc"),
    path(BASE + "summary/xlsx/", adhoc_views.summary_xlsx, name="adhoc_xlsx"),
    path(NATIONAL, national_views.dashboard, name="national"),
    path(NATIONAL + "indicators/", national_views.indicators, name="national_indicators"),
    path(NATIONAL + "indicators/print/", national_views.indicators_print, name="national_print"),
    path(NATIONAL + "indicators/pdf/", national_views.indicators_pdf, name="national_pdf"),
    path(NATIONAL + "compare/", national_views.compare, name="national_compare"),
    path(NATIONAL + "tables/<str:table>/", national_views.table, name="national_table"),
    path(NATIONAL + "workbook/", national_views.workbook, name="national_workbook"),
    path(NATIONAL + "recompute/", national_views.recompute, name="national_recompute"),
]
