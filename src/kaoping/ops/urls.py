from django.urls import path

from kaoping.ops import views

app_name = "ops"

urlpatterns = [
    path("accounts/", views.accounts_page, name="accounts"),
    path("accounts/import/", views.import_page, name="import"),
    path("accounts/import/sample.xlsx", views.sample_view, name="sample"),
    path("accounts/<int:user_id>/reset/", views.reset_page, name="reset"),
    path("logins/", views.logins_page, name="logins"),
]
