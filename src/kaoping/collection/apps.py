from django.apps import AppConfig


class CollectionConfig(AppConfig):
    name = "kaoping.collection"
    label = "collection"
    verbose_name = "调查填报"

    def ready(self) -> None:
        from kaoping.collection import summaries
        from kaoping.collection.services import WRITE_LISTENERS

        if summaries.refresh_on_write not in WRITE_LISTENERS:
            WRITE_LISTENERS.append(summaries.refresh_on_write)
