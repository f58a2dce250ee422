"""Background jobs with progress (docs/spec.md §14; docs/architecture.md, Background jobs).

Django's tasks API (the ``django-tasks`` backport of DEP 14) with the ``django-tasks-db``
database backend is the queue; what it lacks for dependable work is added here and only here
(``kaoping.jobs.queue``): a lease with a heartbeat and a reaper that queues again the job of a
worker that died, progress (done/total and a message), idempotence by what a job builds (its
key), results in the shared upload directory that expire, and a scheduler tick for periodic
work (``kaoping.jobs.periodic``). Apps register what they build as a ``JobKind``
(``kaoping.jobs.kinds``) in their ``AppConfig.ready``.
"""
