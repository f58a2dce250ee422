"""The workflow pages, mounted at /w/ by the root URLconf."""

from django.urls import URLPattern, URLResolver, path

from kaoping.workflow import inbox, views, workbench_views

app_name = "workflow"

ORG = "c/<slug:campaign>/<str:org>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("c/<slug:campaign>/progress/", views.progress, name="progress"),
    path("c/<slug:campaign>/remind-late", views.remind_late, name="remind_late"),
    path("c/<slug:campaign>/reminders/", inbox.log_page, name="reminder_log"),
    path("c/<slug:campaign>/workbench/", workbench_views.page, name="workbench"),
    path("c/<slug:campaign>/workbench/decide", workbench_views.decide, name="workbench_decide"),
    path(ORG, views.submission_page, name="submission"),
    path(ORG + "submit", views.submit, name="submit"),
    path(ORG + "return", views.return_, name="return"),
    path(ORG + "approve", views.approve, name="approve"),
    path(ORG + "lock", views.lock, name="lock"),
    path(ORG + "unlock", views.unlock, name="unlock"),
    path(ORG + "comment", views.comment, name="comment"),
    path(ORG + "follow-up", workbench_views.follow_up, name="follow_up"),
    path(ORG + "attach", views.attach, name="attach"),
    path(ORG + "attachments/<str:attachment>", views.attachment, name="attachment"),
    path(ORG + "remind", views.remind, name="remind"),
    path(ORG + "extend", views.extend, name="extend"),
    path("reminders/<str:reminder>/dismiss", views.dismiss, name="dismiss"),
    path("notifications/", inbox.notifications_page, name="notifications"),
    path("notifications/read", inbox.read, name="read"),
    path("settings/", inbox.settings_page, name="settings"),
]
