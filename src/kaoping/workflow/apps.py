from django.apps import AppConfig


class WorkflowConfig(AppConfig):
    name = "kaoping.workflow"
    label = "workflow"
    verbose_name = "报送审核"

    def ready(self) -> None:
        # Plug the submission states into every write of the collection app.
        from django.conf import settings

        from kaoping.collection import services, summaries
        from kaoping.jobs import periodic
        from kaoping.workflow import reminders, states

        if states.edit_guard not in services.WRITE_GUARDS:
            services.WRITE_GUARDS.append(states.edit_guard)
        if states.mark_edited not in services.WRITE_LISTENERS:
            services.WRITE_LISTENERS.append(states.mark_edited)
        # The scheduler tick (kaoping.jobs.periodic): issue the reminders due today, send what is
        # queued (docs/spec.md §14.3); one worker a period, whatever how many run.
        periodic.register("reminders.send", every_seconds=settings.REMINDER_TICK_SECONDS)(
            reminders.send_due_reminders
        )
        from kaoping.jobs.kinds import register
        from kaoping.workflow.reminderjobs import REMINDERS

        register(REMINDERS)
        if states.submitted_provinces not in summaries.SUBMITTED_READERS:
            summaries.SUBMITTED_READERS.append(states.submitted_provinces)
