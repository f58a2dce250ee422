from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "kaoping.jobs"
    verbose_name = "后台任务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from kaoping.jobs import kinds, periodic, queue, selftest

        kinds.register(selftest.SELFTEST)
        periodic.register("jobs.purge", every_seconds=3600)(queue.purge_expired)
