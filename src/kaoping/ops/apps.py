from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Production operations: accounts at scale, login log, password policy, hardening, backups."""

    name = "kaoping.ops"
    label = "ops"
    verbose_name = "运维与安全"
