from django.urls import path

from kaoping.ops import config_views, org_views, people_views, policy_views, twofactor_views, views

app_name = "ops"

urlpatterns = [
    path("accounts/", views.accounts_page, name="accounts"),
    path("accounts/new/", people_views.create_page, name="create"),
    path("accounts/changes/", people_views.changes_page, name="changes"),
    path("accounts/import/", views.import_page, name="import"),
    path("accounts/import/sample.xlsx", views.sample_view, name="sample"),
    path("accounts/<int:user_id>/", people_views.account_page, name="account"),
    path("accounts/<int:user_id>/reset/", views.reset_page, name="reset"),
    path("accounts/<int:user_id>/disable/", people_views.disable_view, name="disable"),
    path("accounts/<int:user_id>/enable/", people_views.enable_view, name="enable"),
    path("accounts/<int:user_id>/details/", people_views.details_view, name="details"),
    path("accounts/<int:user_id>/otp-reset/", twofactor_views.reset_view, name="otp_reset"),
    path("accounts/<int:user_id>/unlock/", twofactor_views.unlock_view, name="unlock"),
    path("logins/", views.logins_page, name="logins"),
    path("config/", config_views.config_page, name="config"),
    path("orgs/", org_views.orgs_page, name="orgs"),
    path("orgs/<str:org_code>/", org_views.org_page, name="org"),
    path("security/", policy_views.policy_page, name="policy"),
]
