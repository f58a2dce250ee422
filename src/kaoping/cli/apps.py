from django.apps import AppConfig


class CliConfig(AppConfig):
    """The top layer: every ``kaoping`` command lives in ``kaoping.cli.management.commands``."""

    name = "kaoping.cli"
    label = "cli"
    verbose_name = "命令行"
