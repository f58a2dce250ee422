from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "kaoping.orgs"
    label = "orgs"
    verbose_name = "组织与用户"
