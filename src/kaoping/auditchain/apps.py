from django.apps import AppConfig


class AuditChainConfig(AppConfig):
    name = "kaoping.auditchain"
    label = "auditchain"
    verbose_name = "审计链"
    default_auto_field = "django.db.models.BigAutoField"
