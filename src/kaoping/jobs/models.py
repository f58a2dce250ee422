"""The jobs' tables: one row per thing being built (``Job``, keyed by what it builds) and one
row per periodic function (``PeriodicRun``: the last period it ran in)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Job(models.Model):
    """One piece of background work and its progress. ``key`` names what it builds (the kind,
    its parameters and the version of the data it reads): asking again for the same key gives
    this job, never a second one. ``attempt`` counts the runs; a worker writes progress and
    the result only while its attempt is the current one and it holds the lease."""

    QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
    STATUSES = [(QUEUED, "排队中"), (RUNNING, "进行中"), (DONE, "已完成"), (FAILED, "失败")]

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    key = models.CharField(max_length=255, unique=True)
    kind = models.CharField(max_length=40)
    params = models.JSONField(default=dict)
    label = models.CharField(max_length=200)  # what the user reads: "江苏省 全套报表 PDF"
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    holder = models.CharField(max_length=160)  # the limiter's holder: "user:42"
    status = models.CharField(max_length=10, choices=STATUSES, default=QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)  # the django-tasks result id
    attempt = models.PositiveIntegerField(default=0)
    worker = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True)
    slot = models.CharField(max_length=32, blank=True)  # the heavy-work limiter's lease it holds
    result_path = models.CharField(max_length=300, blank=True)  # under JOBS_DIR
    result_name = models.CharField(max_length=200, blank=True)
    result_type = models.CharField(max_length=100, blank=True)
    summary = models.JSONField(default=dict)  # what a job without a file reports (counts)
    error = models.TextField(blank=True)  # what the user reads when it failed
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True)
    finished_at = models.DateTimeField(null=True)
    expires_at = models.DateTimeField(null=True)

    class Meta:
        indexes = [
            models.Index(fields=["status", "lease_until"]),
            models.Index(fields=["holder", "status"]),
            models.Index(fields=["expires_at"]),
        ]

    @property
    def finished(self) -> bool:
        return self.status in (self.DONE, self.FAILED)

    @property
    def percent(self) -> int:
        if self.status == self.DONE:
            return 100
        return min(99, self.done * 100 // self.total) if self.total else 0


class PeriodicRun(models.Model):
    """A periodic function's last period: a worker runs it only after moving ``period``
    forward with one conditional UPDATE, so at most one worker runs each period."""

    name = models.CharField(max_length=80, primary_key=True)
    period = models.BigIntegerField(default=-1)
    started_at = models.DateTimeField(null=True)
    worker = models.CharField(max_length=64, blank=True)
    error = models.TextField(blank=True)
