"""A real kaoping server (gunicorn, ``kaoping serve``) on a fresh PostgreSQL database, for the
fault, conformance and load tests. Loopback only; the database is dropped afterwards."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/test"


def admin_url() -> str:
    return (
        os.environ.get("KAOPING_DATABASE_URL") or os.environ.get("KAOPING_TEST_POSTGRES_URL") or DEFAULT_URL
    )


def url_for(name: str) -> str:
    parts = urlsplit(admin_url())
    return urlunsplit(parts._replace(path=f"/{name}"))


def connect(name: str) -> psycopg.Connection[Any]:
    return psycopg.connect(url_for(name), autocommit=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def fresh_database(name: str) -> Iterator[str]:
    admin = connect("postgres")
    admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.execute(f"CREATE DATABASE {name}")
    try:
        yield url_for(name)
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        admin.close()


def environment(url: str, var_dir: Path, **extra: str) -> dict[str, str]:
    # Nothing of the test run's own: KAOPING_* settings, nor the browser tests' async switch
    # (tests/e2e/conftest.py), which check-deploy rightly refuses in a deployment.
    base = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("KAOPING_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return {
        **base,
        "PYTHONPATH": str(SRC),
        "KAOPING_DATABASE_URL": url,
        "KAOPING_SECRET_KEY": "live-test-secret-" + "q7w8e9r0" * 8,
        "KAOPING_DATA_KEY": "0" * 32,  # the test process's development key: both read the same rows
        "KAOPING_VAR_DIR": str(var_dir),
        "KAOPING_SECURE_COOKIES": "0",  # plain http on loopback
        "KAOPING_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Stated, as in the suite (tests/conftest.py): administrators sign in with the password
        # alone; the deploy guide's test turns the deployment's default (two factors) back on.
        "KAOPING_REQUIRE_2FA": "0",
        **extra,
    }


def kaoping(env: dict[str, str], *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "kaoping.cli", *args], env=env, capture_output=True, text=True, check=check
    )


def prepare(env: dict[str, str]) -> None:
    """Migrate and load the demo (campaign demo-2015, its users and data)."""
    kaoping(env, "migrate", "--no-input", "-v0")
    kaoping(env, "demo")


def python(env: dict[str, str], code: str) -> str:
    """Run ``code`` with Django set up; its stdout."""
    done = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup()\n{code}"],
        env={**env, "DJANGO_SETTINGS_MODULE": "kaoping.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def tokens(env: dict[str, str], usernames: list[str]) -> dict[str, str]:
    code = (
        "import json\nfrom kaoping.orgs.models import User\nfrom kaoping.orgs.tokens import create_token\n"
        f"names = {usernames!r}\n"
        "print(json.dumps({n: create_token(User.objects.get(username=n), 'test')[1] for n in names}))"
    )
    return dict(json.loads(python(env, code)))


class Server:
    """``kaoping serve`` in its own process group; ``kill()`` sends SIGKILL to all of it."""

    def __init__(
        self, env: dict[str, str], workers: int = 1, threads: int = 1, log: Path | None = None
    ) -> None:
        """``log``: gunicorn's own log (and the app's) goes to this file instead of a pipe."""
        self.port = free_port()
        self.log = log.open("ab") if log else None
        self.base = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "kaoping.cli",
                "serve",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(workers),
                "--threads",
                str(threads),
            ],
            env={**env, "KAOPING_TIMEOUT": "30"},
            stdout=subprocess.DEVNULL,
            stderr=self.log or subprocess.PIPE,
            start_new_session=True,
        )
        self.wait_ready()

    def wait_ready(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    "server exited: " + (self.process.stderr.read().decode() if self.process.stderr else "")
                )  # with ``log``, its reason is in that file
            try:
                with urllib.request.urlopen(self.base + "/accounts/login/", timeout=2) as response:
                    if response.status == 200:
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        with suppress(ProcessLookupError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            self.kill()
        if self.log:
            self.log.close()


def request(
    base: str, method: str, path: str, token: str, body: Any = None, timeout: float = 30
) -> tuple[int, Any]:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(base + path, data=data, method=method)
    req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"null")
