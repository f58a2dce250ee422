"""The pages. Included by the root URLconf at ""; accounts and i18n are mounted there."""

from django.urls import URLPattern, URLResolver, path

from kaoping.web.views import checks, compare, entry, history, lists, overview, tasks

app_name = "web"

TABLE = "c/<slug:campaign>/<str:org>/<str:table>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", tasks.task_list, name="tasks"),
    path("c/<slug:campaign>/<str:org>/", overview.overview, name="overview"),
    path(TABLE, entry.table_page, name="table"),
    path(TABLE + "save", entry.save, name="save"),
    path(TABLE + "check", checks.check, name="check"),
    path(TABLE + "explain", checks.explain, name="explain"),
    path(TABLE + "rows/add", lists.add_row, name="add_row"),
    path(TABLE + "rows/remove", lists.remove_row, name="remove_row"),
    path(TABLE + "history", history.history, name="history"),
    path(TABLE + "compare", compare.compare, name="compare"),
    path(TABLE + "compare.xlsx", compare.compare_workbook, name="compare_workbook"),
]
