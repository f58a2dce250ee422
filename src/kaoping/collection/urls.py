from django.urls import path

from kaoping.collection import views

app_name = "collection"

urlpatterns = [
    path("new/", views.open_campaign_page, name="open"),
    path("<slug:campaign>/base-figures/", views.base_figures_page, name="base_figures"),
]
