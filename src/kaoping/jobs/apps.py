from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "kaoping.jobs"
    verbose_name = "后台任务"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.conf import settings

        from kaoping.auditchain.anchor import anchor_now
        from kaoping.jobs import kinds, periodic, queue, selftest

        kinds.register(selftest.SELFTEST)
        periodic.register("jobs.purge", every_seconds=3600)(queue.purge_expired)
        # The audit chain's head, written outside the database (docs/deploy.md 审计).
        periodic.register("audit.anchor", every_seconds=settings.AUDIT_ANCHOR_SECONDS)(anchor_now)
