"""docs/deploy.md's first deployment, run literally: the commands of its 首次部署 block on an
empty PostgreSQL database, then a real ``kaoping serve`` (gunicorn) behind a pretend TLS proxy,
where the first 部管理员 and a city user log in with their one-time passwords, change them and
find the campaign the block opened; the 部管理员 binds an authenticator first (two factors are
the deployment's default), the code computed from the secret the page shows as text.
Loopback only; the database is dropped afterwards."""

from __future__ import annotations

import csv
import http.client
import os
import re
import secrets
import shlex
import signal
import subprocess
import sys
import time
import urllib.parse
from contextlib import suppress
from pathlib import Path

import pytest
from tests.ops import livepg

pytestmark = pytest.mark.postgres_only

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "deploy.md"
HEADING = "#### 首次部署"
ACCOUNTS = "组织代码,角色,姓名,手机号,用户名\n320100,市填报员,王某,13900000001,nanjing_tianbao\n"


def guide_commands() -> list[str]:
    """The lines of the first fenced block after the 首次部署 heading, comments removed."""
    text = GUIDE.read_text(encoding="utf-8")
    block = re.search(r"```bash\n(.*?)```", text[text.index(HEADING) :], re.S)
    assert block is not None, "docs/deploy.md: no command block under 首次部署"
    lines = [re.sub(r"\s+#.*$", "", line).strip() for line in block.group(1).splitlines()]
    return [line for line in lines if line]


class Browser:
    """A person's browser behind the TLS proxy: it sends X-Forwarded-Proto and keeps the
    Secure cookies itself (the server sees HTTPS, the loopback stays plain HTTP)."""

    def __init__(self, port: int) -> None:
        self.port, self.cookies = port, {}

    def request(self, method: str, path: str, form: dict[str, str] | None = None) -> tuple[int, str, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {
            "X-Forwarded-Proto": "https",
            "X-Forwarded-For": "203.0.113.7",
            "Referer": f"https://127.0.0.1:{self.port}{path}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if form is not None:
            form = {**form, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urllib.parse.urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        text = response.read().decode("utf-8", "replace")
        conn.close()
        return response.status, response.getheader("Location") or "", text

    def log_in(self, username: str, password: str, new_password: str) -> str:
        self.request("GET", "/accounts/login/")
        credentials = {"username": username, "password": password}
        status, location, _ = self.request("POST", "/accounts/login/", credentials)
        assert status == 302, f"{username}: login refused"
        status, location, _ = self.request("GET", "/")
        assert (status, location) == (302, "/accounts/password_change/"), "must change the one-time password"
        form = {"old_password": password, "new_password1": new_password, "new_password2": new_password}
        status, location, _ = self.request("POST", "/accounts/password_change/", form)
        assert status == 302 and "done" in location, f"{username}: password change refused"
        status, location, home = self.request("GET", "/")
        if location.startswith("/accounts/otp/enrol/"):
            self.enrol()
            status, _, home = self.request("GET", "/")
        assert status == 200
        return home

    def enrol(self) -> None:
        """Bind an authenticator: type the secret shown as text into one (django-otp's TOTP)."""
        from base64 import b32decode

        from django_otp.oath import totp

        status, _, page = self.request("GET", "/accounts/otp/enrol/")
        found = re.search(r'data-testid="otp-secret">([A-Z2-7 ]+)<', page)
        assert status == 200 and found, "no secret on the enrolment page"
        secret = found[1].replace(" ", "")
        key = b32decode(secret + "=" * (-len(secret) % 8))
        status, _, done = self.request("POST", "/accounts/otp/enrol/", {"code": str(totp(key)).zfill(6)})
        assert status == 200 and "recovery-codes" in done, "enrolment refused"


def environment(url: str, tmp: Path, port: int) -> dict[str, str]:
    key, audit_key = tmp / "secret_key", tmp / "audit_key"
    for path in (key, audit_key):
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    (tmp / "uploads").mkdir(mode=0o750)
    return livepg.environment(
        url,
        tmp / "var",
        KAOPING_SECRET_KEY="",
        KAOPING_SECRET_KEY_FILE=str(key),
        KAOPING_AUDIT_KEY_FILE=str(audit_key),
        KAOPING_REQUIRE_2FA="",  # the deployment's default: two factors for administrators
        KAOPING_SECURE_COOKIES="1",
        KAOPING_ALLOWED_HOSTS="127.0.0.1",
        KAOPING_CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}",
        KAOPING_UPLOAD_DIR=str(tmp / "uploads"),
        KAOPING_STATIC_ROOT=str(tmp / "static"),
        KAOPING_BEHIND_PROXY="1",
        KAOPING_TRUSTED_PROXIES="127.0.0.1",
        KAOPING_HSTS_SECONDS="31536000",
        KAOPING_HSTS_INCLUDE_SUBDOMAINS="1",
        KAOPING_HSTS_PRELOAD="1",
        KAOPING_SSL_REDIRECT="1",
        KAOPING_BIND=f"127.0.0.1:{port}",
        KAOPING_WORKERS="2",
        KAOPING_TIMEOUT="30",
    )


def start_server(argv: list[str], env: dict[str, str], tmp: Path, port: int) -> subprocess.Popen[bytes]:
    server = subprocess.Popen(
        argv, env=env, cwd=tmp, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(
                "kaoping serve exited: " + (server.stderr.read().decode() if server.stderr else "")
            )
        with suppress(OSError):
            if Browser(port).request("GET", "/accounts/login/")[0] == 200:
                return server
        time.sleep(0.2)
    raise AssertionError("kaoping serve did not start")


def test_the_first_deployment_section_works_as_written(tmp_path: Path) -> None:
    commands = guide_commands()
    assert commands[0] == "kaoping migrate" and commands[-1] == "kaoping serve"
    port = livepg.free_port()
    (tmp_path / "账号.csv").write_text(ACCOUNTS, encoding="utf-8")
    server = None
    outputs: dict[str, str] = {}
    with livepg.fresh_database(f"kaoping_deploy_{os.getpid()}") as url:
        env = environment(url, tmp_path, port)
        try:
            for line in commands:
                words = shlex.split(line)
                assert words[0] == "kaoping", f"not a kaoping command: {line}"
                argv = [sys.executable, "-m", "kaoping.cli", *words[1:]]
                if words[1] == "serve":
                    server = start_server(argv, env, tmp_path, port)
                    continue
                done = subprocess.run(argv, env=env, cwd=tmp_path, capture_output=True, text=True)
                assert done.returncode == 0, f"{line}\n{done.stdout}\n{done.stderr}"
                outputs[words[1]] = done.stdout
            admin_password = outputs["setup"].split("一次性密码：")[1].split()[0]
            admin_home = Browser(port).log_in("bu_admin", admin_password, "Bu-admin-2026-new")
            assert "js-2026" in admin_home
            with (tmp_path / "一次性密码.csv").open(encoding="utf-8-sig") as handle:
                rows = {r["用户名"]: r["一次性密码"] for r in csv.DictReader(handle)}
            assert oct((tmp_path / "一次性密码.csv").stat().st_mode & 0o777) == "0o600"
            city_home = Browser(port).log_in("nanjing_tianbao", rows["nanjing_tianbao"], "Nanjing-2026-new")
            assert "js-2026" in city_home and "南京市" in city_home
        finally:
            if server is not None:
                with suppress(ProcessLookupError):
                    os.killpg(server.pid, signal.SIGTERM)
                server.wait(timeout=30)
