from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Read-only views over a campaign: indicators, dashboards, printable tables and PDF."""

    name = "kaoping.reports"
    label = "reports"
    verbose_name = "报表与测算"

    def ready(self) -> None:
        from kaoping.jobs.kinds import register
        from kaoping.reports.jobs import SURVEY_PDF
        from kaoping.reports.recompute import RECOMPUTE

        register(SURVEY_PDF)
        register(RECOMPUTE)
