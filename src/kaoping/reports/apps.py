from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """Read-only views over a campaign: indicators, dashboards, printable tables and PDF."""

    name = "kaoping.reports"
    label = "reports"
    verbose_name = "报表与测算"

    def ready(self) -> None:
        from kaoping.jobs.kinds import register
        from kaoping.reports.jobs import SURVEY_PDF
        from kaoping.reports.national_jobs import NATIONAL_PDF, NATIONAL_WORKBOOK
        from kaoping.reports.recompute import RECOMPUTE

        register(SURVEY_PDF)
        register(RECOMPUTE)
        register(NATIONAL_PDF)
        register(NATIONAL_WORKBOOK)
