"""What a job builds, registered by the app that knows how (``register`` in its
``AppConfig.ready``), and what a build is handed (``Progress``) and returns (``Output``).

A kind has three functions:

- ``check(actor, params)`` — may this actor ask for it (and see it)? Raises ``PermissionDenied``
  or ``Http404`` as the page would; runs in the request, for every look at the job too.
- ``order(actor, params)`` — what exactly it builds: the key (kind, parameters and the version of
  the data read, so that new data is a new job and the same data the same job), the label the
  user reads and the result's file name.
- ``build(actor, params, progress)`` — the work, in a worker: reports progress, returns an
  ``Output``; raises ``JobRefused`` with a message for the user when it cannot be done.

and may have a fourth, ``warm()``: what a worker reads once when it starts (definitions, their
compiled rules and layouts), so that the first job after a start does not pay for it.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from kaoping.orgs.actors import Actor

log = logging.getLogger("kaoping.jobs")

Params = dict[str, Any]


class JobRefused(Exception):
    """The job cannot be done, for a reason the user can read (Chinese)."""


@dataclass(frozen=True)
class Order:
    key: str  # what it builds, data version included; at most 200 characters
    label: str  # "江苏省 全套报表 PDF"


@dataclass(frozen=True)
class Output:
    content: bytes | None = None  # the file, if the job builds one
    filename: str = ""
    content_type: str = ""
    summary: dict[str, Any] = field(default_factory=dict)  # counts a job without a file reports


class Progress(Protocol):
    def start(self, total: int, message: str = "") -> None: ...

    def advance(self, message: str = "", steps: int = 1) -> None: ...


@dataclass(frozen=True)
class JobKind:
    name: str
    check: Callable[[Actor, Params], None]
    order: Callable[[Actor, Params], Order]
    build: Callable[[Actor, Params, Progress], Output]
    warm: Callable[[], None] | None = None


KINDS: dict[str, JobKind] = {}


def register(kind: JobKind) -> JobKind:
    KINDS[kind.name] = kind
    return kind


def warm_all() -> None:
    """Each kind's ``warm``, at a worker's start. A warm-up that fails is logged and skipped: the
    job reads the same when it runs, and says there what is wrong."""
    for kind in KINDS.values():
        if kind.warm is None:
            continue
        try:
            kind.warm()
        except Exception:
            log.exception("warming %s failed", kind.name)


def kind_of(name: str) -> JobKind:
    try:
        return KINDS[name]
    except KeyError as error:
        raise JobRefused(f"未知的任务类型：{name}") from error
