from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "kaoping.collection"
    label = "collection"
    verbose_name = "调查填报"
