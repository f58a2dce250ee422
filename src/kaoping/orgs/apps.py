from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "kaoping.orgs"
    label = "orgs"
    verbose_name = "组织与用户"

    def ready(self) -> None:
        from kaoping.orgs import signals  # noqa: F401  (connects the login log)
