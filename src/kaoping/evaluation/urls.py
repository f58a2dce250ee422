from django.urls import path

from kaoping.evaluation import views

app_name = "evaluation"

urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("new/", views.open_page, name="open"),
    path("<slug:evaluation>/", views.home, name="home"),
    path("<slug:evaluation>/settings/", views.settings_page, name="settings"),
    path("<slug:evaluation>/orgs/<str:org>/", views.assess, name="assess"),
    path("<slug:evaluation>/orgs/<str:org>/submit/", views.submit, name="submit"),
    path("<slug:evaluation>/orgs/<str:org>/reopen/", views.reopen, name="reopen"),
    path("<slug:evaluation>/orgs/<str:org>/criteria/<slug:criterion>/evidence/", views.upload, name="upload"),
    path("<slug:evaluation>/orgs/<str:org>/review/", views.review, name="review"),
    path("<slug:evaluation>/evidence/<int:evidence>/", views.evidence_file, name="evidence"),
    path("<slug:evaluation>/evidence/<int:evidence>/remove/", views.remove, name="remove_evidence"),
    path("<slug:evaluation>/publish/", views.publish_view, name="publish"),
    path("<slug:evaluation>/withdraw/", views.withdraw_view, name="withdraw"),
    path("<slug:evaluation>/results/", views.results, name="results"),
    path("<slug:evaluation>/results.xlsx", views.export, name="export"),
    path("<slug:evaluation>/results/<str:org>/", views.city_result, name="city"),
    path("<slug:evaluation>/results/<str:org>/report.pdf", views.city_pdf, name="city_pdf"),
    path("<slug:evaluation>/results/<str:org>/<slug:criterion>/", views.explain, name="explain"),
]
