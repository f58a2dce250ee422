from django.urls import path

from kaoping.evaluation import views, views_assess, views_manage

app_name = "evaluation"

urlpatterns = [
    path("", views.evaluation_list, name="list"),
    path("new/", views_manage.open_page, name="open"),
    path("<slug:evaluation>/", views.home, name="home"),
    path("<slug:evaluation>/settings/", views_manage.settings_page, name="settings"),
    path("<slug:evaluation>/orgs/<str:org>/", views_assess.assess, name="assess"),
    path("<slug:evaluation>/orgs/<str:org>/submit/", views_assess.submit, name="submit"),
    path("<slug:evaluation>/orgs/<str:org>/reopen/", views_assess.reopen, name="reopen"),
    path(
        "<slug:evaluation>/orgs/<str:org>/criteria/<slug:criterion>/evidence/",
        views_assess.upload,
        name="upload",
    ),
    path("<slug:evaluation>/orgs/<str:org>/review/", views.review, name="review"),
    path("<slug:evaluation>/evidence/<int:evidence>/", views_assess.evidence_file, name="evidence"),
    path("<slug:evaluation>/evidence/<int:evidence>/remove/", views_assess.remove, name="remove_evidence"),
    path("<slug:evaluation>/publish/", views_manage.publish_view, name="publish"),
    path("<slug:evaluation>/withdraw/", views_manage.withdraw_view, name="withdraw"),
    path("<slug:evaluation>/results/", views.results, name="results"),
    path("<slug:evaluation>/results.xlsx", views.export, name="export"),
    path("<slug:evaluation>/results/<str:org>/", views.city_result, name="city"),
    path("<slug:evaluation>/results/<str:org>/report.pdf", views.city_pdf, name="city_pdf"),
    path("<slug:evaluation>/results/<str:org>/<slug:criterion>/", views.explain, name="explain"),
]
