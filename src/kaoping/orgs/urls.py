from django.urls import path

from kaoping.orgs import views

app_name = "orgs"

urlpatterns = [
    path("tokens/", views.tokens_page, name="tokens"),
    path("tokens/<int:token_id>/revoke/", views.revoke_page, name="revoke_token"),
]
