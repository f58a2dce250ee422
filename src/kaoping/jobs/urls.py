"""A background job's page, status and download, mounted at ``jobs/``."""

from django.urls import URLPattern, path

from kaoping.jobs import views

app_name = "jobs"

urlpatterns: list[URLPattern] = [
    path("<uuid:job>/", views.job_page, name="job"),
    path("<uuid:job>/status/", views.job_status, name="status"),
    path("<uuid:job>/download/", views.download, name="download"),
]
