"""The product's URLs plus one page that fails, for the server-error tests."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.urls import path

from kaoping.urls import handler500
from kaoping.urls import urlpatterns as product


def boom(request: HttpRequest) -> HttpResponse:
    raise RuntimeError("boom-7741: a bug in a view")


urlpatterns = [path("boom/", boom), *product]
__all__ = ["handler500", "urlpatterns"]
