from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "kaoping.workflow"
    label = "workflow"
    verbose_name = "报送审核"

    def ready(self) -> None:
        # Plug the submission states into every write of the collection app.
        from kaoping.collection import services
        from kaoping.workflow import states

        if states.edit_guard not in services.WRITE_GUARDS:
            services.WRITE_GUARDS.append(states.edit_guard)
        if states.mark_edited not in services.WRITE_LISTENERS:
            services.WRITE_LISTENERS.append(states.mark_edited)
