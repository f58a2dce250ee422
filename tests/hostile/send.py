"""Sending the drawn inputs over a few keep-alive connections while more are drawn, and
judging each answer: no 5xx (nor a dropped connection), and nothing in it that names what
the persona may not read unless the request carried it."""

from __future__ import annotations

import io
import re
import threading
import time
import zipfile
from collections import Counter
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import requests

from .live import pooled
from .targets import Input, multipart
from .workbooks import Templates

THREADS = 4  # two workers busy and two requests queued behind them
IN_FLIGHT = 200  # drawn but not yet answered
SLOW = 2.0
LOG_LINE = re.compile(r"^(\d{4}-\d\d-\d\d |\[\d{4}-)")  # a new line of the log, not a traceback's


@dataclass
class Failure:
    what: str  # "500", "connection", "leak"
    family: str
    target: str
    persona: str
    example: str  # the first request of its kind, and what went wrong
    request_id: str = ""
    count: int = 1
    first: Input | None = None  # the whole request, to replay it


@dataclass
class Scope:
    """What one persona may not be shown: a pattern over those texts, and each text's owner."""

    owners: dict[str, str]
    pattern: re.Pattern[str] | None = None

    def __post_init__(self) -> None:
        if self.owners:
            longest_first = sorted(self.owners, key=len, reverse=True)
            self.pattern = re.compile("|".join(map(re.escape, longest_first)))

    def leaks(self, text: str, inp: Input, allowed: set[str]) -> set[str]:
        """What ``text`` shows of it, unless the request carried it or it is public there."""
        if self.pattern is None:
            return set()
        found = set(self.pattern.findall(text))
        if not found:
            return found
        sent = inp.sent()
        return {t for t in found if t not in sent and t not in allowed}


def text_of(response: requests.Response) -> str:
    body = response.content
    if body.startswith(b"PK"):
        try:
            with zipfile.ZipFile(io.BytesIO(body)) as archive:
                return "".join(archive.read(n).decode("utf-8", "replace") for n in archive.namelist())
        except zipfile.BadZipFile:
            pass
    return body.decode("utf-8", "replace")


@dataclass(repr=False)  # what it holds is large: pytest would print it all on a failure
class Sender:
    base: str
    templates: Templates
    scopes: dict[str, Scope]  # persona → what it may not read
    allowed: list[tuple[re.Pattern[str], set[str]]]  # URL → owners or texts that are public there
    pending: list[tuple[re.Pattern[str], str]]  # KNOWN_PENDING: (pattern over the traceback, owner)
    log: Path  # the server's log: a 5xx's traceback is found there by its request id
    counts: Counter[tuple[str, str, str]] = field(default_factory=Counter)  # (family, target, persona)
    workbooks: int = 0
    statuses: Counter[tuple[str, int]] = field(default_factory=Counter)  # (family, status)
    seconds: Counter[str] = field(default_factory=Counter)  # target → time its answers took
    slow: list[tuple[float, str]] = field(default_factory=list)  # answers over SLOW seconds
    excused: Counter[str] = field(default_factory=Counter)
    failures: dict[tuple[str, str, str, str], Failure] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pool = ThreadPoolExecutor(THREADS)
        self.slots = threading.BoundedSemaphore(IN_FLIGHT)
        self.local = threading.local()
        self.lock = threading.Lock()
        self.futures: list[Future[None]] = []

    def submit(self, inp: Input) -> None:
        self.slots.acquire()
        self.futures.append(self.pool.submit(self._guarded, inp))

    def drain(self) -> None:
        for future in self.futures:
            future.result()
        self.futures.clear()

    def _guarded(self, inp: Input) -> None:
        try:
            self._send(inp)
        finally:
            self.slots.release()

    def _session(self) -> requests.Session:
        session = getattr(self.local, "session", None)
        if session is None:
            session = self.local.session = pooled()
        return session

    def _send(self, inp: Input) -> None:
        body = inp.body
        if inp.recipe is not None:
            content = self.templates.build(inp.recipe)
            parts = [(n, content if f is not None and not v else v, f) for n, v, f in inp.parts]
            body = multipart(parts)
        started = time.perf_counter()
        try:
            response = self._session().request(
                inp.method,
                self.base + inp.url,
                data=body,
                headers=inp.headers,
                timeout=90,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            self._fail("connection", inp, f"{type(exc).__name__}: {exc}")
            return
        finally:
            with self.lock:
                self.counts[(inp.family, inp.target, inp.persona)] += 1
                self.workbooks += inp.recipe is not None
        self._judge(inp, response, time.perf_counter() - started)

    def _judge(self, inp: Input, response: requests.Response, took: float) -> None:
        rid = response.headers.get("X-Request-ID", "")
        with self.lock:
            self.statuses[(inp.family, response.status_code)] += 1
            self.seconds[inp.target] += took
            if took > SLOW:
                self.slow.append((took, f"{inp.method} {inp.url[:150]} {inp.body!r:.150}"))
        if response.status_code >= 500:
            owner = self._pending(rid)
            if owner is None:
                self._fail(str(response.status_code), inp, response.text[:300], rid)
            else:
                with self.lock:
                    self.excused[owner] += 1
            return
        path = inp.url.split("?", 1)[0]
        allowed = set().union(*(texts for pattern, texts in self.allowed if pattern.search(path)))
        found = self.scopes[inp.persona].leaks(text_of(response), inp, allowed)
        if found:
            self._fail("leak", inp, f"{response.status_code} shows {sorted(found)[:5]}", rid)

    def traceback(self, rid: str) -> str:
        """The log lines of request ``rid``: its error and traceback."""
        lines = self.log.read_text(errors="replace").splitlines()
        start = next((i for i, line in enumerate(lines) if f"[{rid}]" in line and "ERROR" in line), None)
        if not rid or start is None:
            return ""
        end = next((i for i in range(start + 1, len(lines)) if LOG_LINE.match(lines[i])), len(lines))
        return "\n".join(lines[start:end])

    def _pending(self, rid: str) -> str | None:
        if not self.pending:
            return None
        found = self.traceback(rid)
        return next((owner for pattern, owner in self.pending if pattern.search(found)), None)

    def _fail(self, what: str, inp: Input, detail: str, rid: str = "") -> None:
        key = (what, inp.family, inp.target, inp.persona)
        example = f"{inp.method} {inp.url[:300]} → {detail}\n  headers {inp.headers!r:.300}"
        example += f"\n  body {inp.body!r:.300}"
        if inp.recipe is not None:
            example += f"\n  workbook {inp.recipe.how} {inp.recipe.args!r:.200}"
        with self.lock:
            if key in self.failures:
                self.failures[key].count += 1
            else:
                self.failures[key] = Failure(
                    what, inp.family, inp.target, inp.persona, example, rid, first=inp
                )
