from django.apps import AppConfig


class WebConfig(AppConfig):
    """The HTML pages: templates, static files, template tags and the locale catalogues."""

    name = "kaoping.web"
    label = "web"
    verbose_name = "页面"
