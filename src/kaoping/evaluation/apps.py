from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "kaoping.evaluation"
    label = "evaluation"
    verbose_name = "考评"
