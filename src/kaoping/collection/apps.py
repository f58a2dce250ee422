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
        from kaoping.collection import configwords
        from kaoping.orgs.configlog import register_words

        register_words("开启任务", configwords.opened_words)
        register_words("测算基数", configwords.figures_words)
