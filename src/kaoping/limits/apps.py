from django.apps import AppConfig


class LimitsConfig(AppConfig):
    name = "kaoping.limits"
    verbose_name = "重任务限流"
    default_auto_field = "django.db.models.BigAutoField"
