"""The server the hostile-input harness attacks: ``kaoping serve`` (gunicorn, 2 sync workers,
never recycled) on a fresh PostgreSQL database with the demo and the read-scope sentinels,
and the personas it is attacked as (a logged-in session and a personal token each).

What the server's own records say afterwards: gunicorn's log (every worker booted, none
killed, timed out or exited) and each worker's peak memory (``VmHWM`` in /proc)."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from http.cookiejar import DefaultCookiePolicy
from pathlib import Path

import requests
from tests.ops import livepg

WORKERS = 2
PASSWORD = "kaoping-demo-2015"  # the demo's (kaoping.demo.build.DEMO_PASSWORD)
PROVINCE, MINISTRY, NJ, SZ, WX = "320000", "000000", "320100", "320500", "320200"
# persona → (demo login, the organisation it is held at); None: not logged in
PERSONAS: dict[str, tuple[str, str] | None] = {
    "province_admin": ("sheng_admin", PROVINCE),
    "nanjing_filler": ("nanjing_tianbao", NJ),
    "suzhou_filler": ("suzhou_tianbao", SZ),
    "reviewer": ("sheng_shenhe", PROVINCE),
    "expert": ("zhuanjia", PROVINCE),
    "anonymous": None,
}
USERNAMES = {login[0] for login in PERSONAS.values() if login}
# Not attacked: Django's admin (its own forms), the API's own pages (the API is attacked
# through its schema), and logging out (the persona would lose its session for the run).
SKIP_PAGES = ("admin:", "api:", "logout")
# gunicorn's words for a worker that did not survive (its log, gunicorn 22-27)
DEATHS = re.compile(
    r"WORKER TIMEOUT|was sent SIG|exited with code|Worker exiting|Shutting down|Booting worker"
)

# One process prepares the server's database: migrate, the demo, the sentinels, the personas'
# tokens (a Django start-up each would cost seconds of CI).
PREPARE = """
import json
import time
from django.core.management import call_command
started = time.monotonic()
call_command("migrate", interactive=False, verbosity=0)
migrated = time.monotonic()
call_command("demo", stdout=open("/dev/null", "w"), stderr=open("/dev/null", "w"))
built = time.monotonic()
from types import SimpleNamespace
from dataclasses import asdict
from kaoping.collection.models import Campaign
from kaoping.orgs.models import Organisation, User
from tests.shell.test_read_scope import plant
demo = SimpleNamespace(campaign=Campaign.objects.get(pk="demo-2015"),
                       evaluation=Campaign.objects.get(pk="demo-eval-2015"))
world = asdict(plant(demo))
world["orgs"] = {c: [n, p or ""] for c, n, p in Organisation.objects.values_list("code", "name", "parent_id")}
world["users"] = dict(User.objects.values_list("username", "pk"))
from kaoping.collection.campaigns import survey_for
from kaoping.evaluation.campaigns import rubric_for
survey, rubric = survey_for(demo.campaign), rubric_for(demo.evaluation)
world["words"] = {
    "table": sorted(t.id for t in survey.tables),
    "column": sorted({c.key for t in survey.tables for c in t.columns}),
    "rule": sorted(r.id for r in survey.rules),
    "criterion": sorted(c.key for _, _, c in rubric.criteria()),
    "metric": sorted(rubric.metrics),
}
from kaoping.orgs.tokens import create_token
made = {n: create_token(User.objects.get(username=n), "hostile") for n in USERNAMES}
world["tokens"] = {n: [t.pk, secret] for n, (t, secret) in made.items()}
planted = time.monotonic() - built
world["seconds"] = {"migrate": migrated - started, "demo": built - migrated, "plant": planted}
print(json.dumps(world, ensure_ascii=False))
"""


class _NoCookies(DefaultCookiePolicy):
    """The harness sends each persona's cookies itself: no answer may change them."""

    def set_ok(self, cookie, request) -> bool:  # type: ignore[no-untyped-def]
        return False


def pooled() -> requests.Session:
    """A keep-alive connection pool that keeps no cookies."""
    session = requests.Session()
    session.cookies.set_policy(_NoCookies())
    return session


@dataclass
class Persona:
    name: str
    username: str | None
    home: str | None
    token: str = ""
    token_id: int = 0
    cookies: dict[str, str] = field(default_factory=dict)  # sessionid and csrftoken

    @property
    def csrf(self) -> str:
        return self.cookies.get("csrftoken", "")


def log_in(base: str, persona: Persona) -> None:
    """The persona's session and CSRF cookies, from the login page as a browser gets them."""
    session = requests.Session()
    session.get(base + "/accounts/login/", timeout=30)
    if persona.username is not None:
        form = {
            "username": persona.username,
            "password": PASSWORD,
            "csrfmiddlewaretoken": session.cookies["csrftoken"],
        }
        answer = session.post(base + "/accounts/login/", data=form, allow_redirects=False, timeout=30)
        assert answer.status_code == 302, f"{persona.username} could not log in: {answer.status_code}"
    persona.cookies = dict(session.cookies)


def personas(world: dict, base: str) -> dict[str, Persona]:  # type: ignore[type-arg]
    """Each persona logged in, with the token ``prepare`` made for it."""
    found = {
        name: Persona(name, login[0] if login else None, login[1] if login else None)
        for name, login in PERSONAS.items()
    }
    for persona in found.values():
        if persona.username:
            persona.token_id, persona.token = world["tokens"][persona.username]
        log_in(base, persona)
    return found


def prepare(env: dict[str, str]) -> dict:  # type: ignore[type-arg]
    """The server's database migrated, with the demo, the read-scope sentinels
    (tests/shell/test_read_scope.py) and a token per persona; returns the world: every
    organisation (code → name, parent), user id, sentinel and token."""
    root = str(Path(__file__).resolve().parents[2])
    code = f"USERNAMES = {sorted(USERNAMES)!r}\n" + PREPARE
    return dict(json.loads(livepg.python({**env, "PYTHONPATH": env["PYTHONPATH"] + ":" + root}, code)))


def worker_pids(master: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            out.append(int(stat.parent.name))
    return sorted(out)


def cpu_seconds(pid: int) -> float:
    """User and system CPU time the process has used."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def peak_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MB."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmHWM for {pid}")


def deaths(log: str) -> list[str]:
    """gunicorn's lines about workers after the first boots: each is a death or a restart."""
    lines = [line for line in log.splitlines() if DEATHS.search(line)]
    booted = [line for line in lines if "Booting worker" in line]
    return [line for line in lines if line not in booted[:WORKERS]]
