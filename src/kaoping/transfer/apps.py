from django.apps import AppConfig


class TransferConfig(AppConfig):
    """Excel templates out, filled workbooks in, bulk imports and exports (issue 3)."""

    name = "kaoping.transfer"
    label = "transfer"
    verbose_name = "Excel 导入导出"

    def ready(self) -> None:
        from kaoping.jobs.kinds import register
        from kaoping.transfer.bulkjobs import BULK
        from kaoping.transfer.jobs import EXPORT, IMPORT

        register(BULK)
        register(EXPORT)
        register(IMPORT)
