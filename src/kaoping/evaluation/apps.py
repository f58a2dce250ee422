from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "kaoping.evaluation"
    label = "evaluation"
    verbose_name = "考评"

    def ready(self) -> None:
        from kaoping.evaluation.configwords import settings_words
        from kaoping.evaluation.jobs import CITY_PDF, RESULTS
        from kaoping.jobs.kinds import register
        from kaoping.orgs.configlog import register_words

        register_words("考评设置", settings_words)
        register(RESULTS)
        register(CITY_PDF)
