"""Django settings, read from environment variables (typed helpers, ``*_FILE`` secrets).

SQLite under ``var/`` by default (one laptop); PostgreSQL by ``KAOPING_DATABASE_URL``.
A production deployment (a database URL given, debug off) fails loudly without a secret key.
"""

from __future__ import annotations

import os
import secrets
import string
import sys
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

from kaoping.orgs.addresses import parse_networks

# Django's generic classes (ModelAdmin[Campaign], …) subscriptable at runtime, as mypy checks them.
django_stubs_ext.monkeypatch()

PACKAGE_DIR = Path(__file__).resolve().parent
_repo = PACKAGE_DIR.parents[1]
# Installed as a package (not a checkout): the working directory is the home.
HOME_DIR = _repo if (_repo / "pyproject.toml").exists() else Path.cwd()


def env_str(name: str, default: str | None = None) -> str | None:
    """A string setting; ``NAME_FILE`` (a path) wins over ``NAME`` for secrets."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    value = os.environ.get(name)
    return value if value not in (None, "") else default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = env_str(name)  # or NAME_FILE: items one a line or comma-separated (old keys)
    if not value:
        return default
    return [item.strip() for item in value.replace("\n", ",").split(",") if item.strip()]


TESTING = "pytest" in sys.modules or os.environ.get("KAOPING_TESTING") == "1"
DEBUG = env_bool("KAOPING_DEBUG")
DATABASE_URL = env_str("KAOPING_DATABASE_URL")
VAR_DIR = Path(env_str("KAOPING_VAR_DIR", str(HOME_DIR / "var")) or "var")
DEFINITIONS_DIR = Path(env_str("KAOPING_DEFINITIONS_DIR", str(HOME_DIR / "definitions")) or "definitions")


def _deployment_secret(name: str, dev_only: str, kept_in: str, fresh: str) -> str:
    """``name`` from the environment (or ``name``_FILE); in development and tests ``dev_only``;
    a production deployment (a database URL) without it refuses to start; the embedded
    single-machine mode keeps ``fresh`` (random) in the file ``kept_in`` beside the SQLite database."""
    key = env_str(name)
    if key:
        return key
    if DEBUG or TESTING:
        return dev_only
    if DATABASE_URL:
        raise ImproperlyConfigured(f"生产部署必须设置 {name} 或 {name}_FILE")
    path = VAR_DIR / kept_in
    if not path.exists():
        VAR_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(fresh, encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


SECRET_KEY = _deployment_secret(
    "KAOPING_SECRET_KEY", "kaoping-dev-only-insecure-secret-key", "secret_key", secrets.token_urlsafe(50)
)
SECRET_KEY_FALLBACKS = env_list("KAOPING_SECRET_KEY_FALLBACKS", [])  # sessions, recovery codes still valid
# The SM4 key of personal data at rest (kaoping.orgs.secret; docs/deploy.md, 个人信息加密).
# The all-zero key is for DEVELOPMENT AND TESTS ONLY: never for real people's data.
DATA_KEY = _deployment_secret("KAOPING_DATA_KEY", "0" * 32, "data_key", secrets.token_hex(16))
DATA_KEYS_RETIRED = env_list("KAOPING_DATA_KEYS_RETIRED", [])  # still decrypt, during a rotation
if any(len(k) != 32 or not all(c in string.hexdigits for c in k) for k in [DATA_KEY, *DATA_KEYS_RETIRED]):
    raise ImproperlyConfigured("KAOPING_DATA_KEY 须为 32 位十六进制数（SM4 密钥：openssl rand -hex 16）")
ALLOWED_HOSTS = env_list("KAOPING_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("KAOPING_CSRF_TRUSTED_ORIGINS", [])

if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "kaoping.sqlite",  # Django's, its writers taking turns (kaoping/sqlite/base.py)
            "NAME": env_str("KAOPING_SQLITE_FILE") or str(VAR_DIR / "kaoping.sqlite3"),
            # WAL: readers (the pages) do not wait for a writer (a worker's import), and a commit
            # is an append without a sync of the main file (synchronous=NORMAL: durable at each
            # checkpoint; a power cut loses at most the last commits, never the file's integrity)
            "OPTIONS": {
                "timeout": 20,
                "transaction_mode": "IMMEDIATE",
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
            # Tests use a file, not shared-cache memory: threads (live server, concurrent saves)
            # then lock and wait as in production instead of failing with "table is locked".
            "TEST": {"NAME": str(VAR_DIR / f"test-{os.getpid()}.sqlite3")},
        }
    }

INSTALLED_APPS = [
    # First, so that its registration/ templates (login, password change) win over the admin's.
    "kaoping.web",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "ninja",
    "kaoping.auditchain",
    "django_otp",  # two-factor sign-in (kaoping.ops.twofactor): TOTP and one-time recovery codes
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "kaoping.orgs",
    "kaoping.collection",
    "kaoping.ops",
    "kaoping.limits",
    "django_tasks",
    "django_tasks_db",
    "kaoping.jobs",
    "kaoping.reports",
    "kaoping.workflow",
    "kaoping.evaluation",
    "kaoping.transfer",
    "kaoping.cli",  # the top layer: every management command of the product
]

MIDDLEWARE = [
    "kaoping.ops.requestid.RequestIdMiddleware",  # first: every answer and log line has the id
    "django.middleware.security.SecurityMiddleware",
    "kaoping.ops.staticfiles.StaticFilesMiddleware",  # WhiteNoise, its finders walked once a process
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "kaoping.ops.nulbytes.RefuseNulBytesMiddleware",
    "kaoping.ops.formbody.RefuseUnreadableFormsMiddleware",  # reads request.POST first, refusing unreadable
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): signed in with a second factor
    "kaoping.ops.middleware.IdleTimeoutMiddleware",  # the security policy's idle minutes
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "kaoping.ops.middleware.SecurityHeadersMiddleware",
    "kaoping.ops.middleware.PasswordChangeRequiredMiddleware",
    "kaoping.ops.secondfactor.SecondFactorRequiredMiddleware",  # after the password change
]

ROOT_URLCONF = "kaoping.urls"
WSGI_APPLICATION = "kaoping.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "kaoping.ops.context.ops_nav",
            ],
        },
    },
]

AUTH_USER_MODEL = "orgs.User"
# 等保 2.0 level 3: length, character classes, history, expiry (kaoping.ops.passwords).
PASSWORD_MIN_LENGTH = int(env_str("KAOPING_PASSWORD_MIN_LENGTH", "10") or "10")
PASSWORD_MAX_AGE_DAYS = int(env_str("KAOPING_PASSWORD_MAX_AGE_DAYS", "90") or "90")
PASSWORD_HISTORY = int(env_str("KAOPING_PASSWORD_HISTORY", "5") or "5")
PASSWORD_CLASSES = int(env_str("KAOPING_PASSWORD_CLASSES", "3") or "3")  # of upper, lower, digit, symbol
AUTH_PASSWORD_VALIDATORS = [
    # length and classes: the policy in force (kaoping.ops.policy; these settings are its floor)
    {"NAME": "kaoping.ops.passwords.PolicyLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "kaoping.ops.passwords.CharacterClassValidator"},
    {"NAME": "kaoping.ops.passwords.HistoryValidator", "OPTIONS": {"keep": PASSWORD_HISTORY}},
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
if TESTING:
    # Fast hashing keeps the persona fixtures cheap.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Lock-out: LOCKOUT_FAILURES failed logins per username and address lock it for LOCKOUT_MINUTES.
AUTHENTICATION_BACKENDS = ["kaoping.ops.lockout.LockoutBackend"]
LOCKOUT_FAILURES = int(env_str("KAOPING_LOCKOUT_FAILURES", "5") or "5")
LOCKOUT_MINUTES = int(env_str("KAOPING_LOCKOUT_MINUTES", "15") or "15")
# The proxies (nginx) whose X-Forwarded-For names the client for the lock-out and the login log;
# addresses or CIDR networks, comma-separated. None by default: the header is then ignored.
TRUSTED_PROXIES = env_list("KAOPING_TRUSTED_PROXIES", [])
try:
    parse_networks(TRUSTED_PROXIES)
except ValueError as error:
    raise ImproperlyConfigured(f"KAOPING_TRUSTED_PROXIES：{error}") from None
# Unified sign-on (docs/deploy.md, 统一身份认证): OpenID Connect beside the local login, on
# when the provider's discovery document is given. An identity is the account whose
# OIDC_MATCH_FIELD (username, or external_id: 统一身份认证标识) equals its OIDC_CLAIM; none is
# created unless OIDC_CREATE_USERS. LOCAL_PASSWORDS off refuses the local login form.
OIDC_DISCOVERY_URL = env_str("KAOPING_OIDC_DISCOVERY_URL", "") or ""
OIDC_CLIENT_ID = env_str("KAOPING_OIDC_CLIENT_ID", "") or ""
OIDC_CLIENT_SECRET = env_str("KAOPING_OIDC_CLIENT_SECRET", "") or ""
OIDC_SCOPES = env_str("KAOPING_OIDC_SCOPES", "openid profile") or "openid profile"
OIDC_CLAIM = env_str("KAOPING_OIDC_CLAIM", "preferred_username") or "preferred_username"
OIDC_MATCH_FIELD = env_str("KAOPING_OIDC_MATCH_FIELD", "username") or "username"
OIDC_CREATE_USERS = env_bool("KAOPING_OIDC_CREATE_USERS", False)
LOCAL_PASSWORDS = env_bool("KAOPING_LOCAL_PASSWORDS", True)
if OIDC_MATCH_FIELD not in ("username", "external_id"):
    raise ImproperlyConfigured("KAOPING_OIDC_MATCH_FIELD 只能是 username 或 external_id")
if OIDC_DISCOVERY_URL and not OIDC_CLIENT_ID:
    raise ImproperlyConfigured("配置了 KAOPING_OIDC_DISCOVERY_URL 时必须设置 KAOPING_OIDC_CLIENT_ID")
if not LOCAL_PASSWORDS and not OIDC_DISCOVERY_URL:
    raise ImproperlyConfigured(
        "KAOPING_LOCAL_PASSWORDS 关闭时必须配置统一身份认证（KAOPING_OIDC_DISCOVERY_URL）"
    )
# 等保 level 3 (docs/deploy.md, 等保三级对照): every administrator (部管理员, 省管理员, the three
# of 三员) signs in with a second factor — on unless the deployment says otherwise; only the
# laptop demo (make run) sets KAOPING_REQUIRE_2FA=0, and check-deploy fails while it is off.
REQUIRE_TWO_FACTOR = env_bool("KAOPING_REQUIRE_2FA", True)
OTP_TOTP_ISSUER = "人社信息化考评"  # the name an authenticator app shows beside the code
# 三员分立 (系统管理员, 安全管理员, 审计管理员; kaoping.orgs.access.GRANTS_SEPARATED): on for a
# 等保 deployment; off (the ordinary powers) on a laptop, for the demo and by default.
SEPARATION_OF_DUTIES = env_bool("KAOPING_SEPARATION_OF_DUTIES", False)
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("KAOPING_STATIC_ROOT", str(VAR_DIR / "staticfiles")) or "staticfiles")
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # WhiteNoise warns about a missing one
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
# Serve straight from the app directories, so `make run` needs no collectstatic step.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # the grid's JavaScript sends the token in a header
X_FRAME_OPTIONS = "DENY"
# Hardening (kaoping.ops): a production deployment (database URL, debug off) sends cookies over
# HTTPS only; the embedded laptop mode serves plain http on loopback, so it may not.
PRODUCTION = bool(DATABASE_URL) and not DEBUG
SECURE_COOKIES = env_bool("KAOPING_SECURE_COOKIES", PRODUCTION)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
# Idle expiry after these minutes; renewed at most once a minute (ops.middleware.IdleTimeoutMiddleware).
SESSION_COOKIE_AGE = 60 * int(env_str("KAOPING_SESSION_IDLE_MINUTES", "30") or "30")
SESSION_SAVE_EVERY_REQUEST = False
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind nginx terminating TLS: trust its X-Forwarded-Proto (set KAOPING_BEHIND_PROXY=1).
if env_bool("KAOPING_BEHIND_PROXY"):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("KAOPING_SSL_REDIRECT", False)
SECURE_HSTS_SECONDS = int(env_str("KAOPING_HSTS_SECONDS", "0") or "0")
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("KAOPING_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("KAOPING_HSTS_PRELOAD", False)
# Uploaded files (evidence, sealed forms) live outside the static root (shared storage when
# several app servers run) and are served only through views that check permissions.
UPLOAD_DIR = Path(env_str("KAOPING_UPLOAD_DIR", str(VAR_DIR / "uploads")) or "uploads")
MEDIA_ROOT = UPLOAD_DIR
# Heavy work (PDFs, exports, bulk imports, result workbooks; kaoping.limits.limiter): at most
# HEAVY_PER_USER at once per user and HEAVY_TOTAL in all — by default one fewer than the
# server's worker processes (KAOPING_WORKERS, as ``kaoping serve`` counts them), so that one
# always serves pages. A slot whose worker died frees itself after HEAVY_LEASE_SECONDS.
SERVE_WORKERS = int(env_str("KAOPING_WORKERS", "0") or "0") or 2 * (os.cpu_count() or 1) + 1
HEAVY_PER_USER = int(env_str("KAOPING_HEAVY_PER_USER", "1") or "1")
HEAVY_TOTAL = int(env_str("KAOPING_HEAVY_TOTAL", "0") or "0") or max(1, SERVE_WORKERS - 1)
HEAVY_LEASE_SECONDS = int(env_str("KAOPING_HEAVY_LEASE_SECONDS", "0") or "0") or (
    int(env_str("KAOPING_TIMEOUT", "120") or "120") + 30
)
HEAVY_RETRY_AFTER = int(env_str("KAOPING_HEAVY_RETRY_AFTER", "10") or "10")
# Background jobs (kaoping.jobs; docs/architecture.md, 后台任务): Django's tasks API with the
# database backend — the queue is a table, so the embedded default needs no other service and
# any number of ``kaoping worker`` processes on any machine share it. A worker holds a running
# job's lease for JOBS_LEASE_SECONDS and renews it; a job whose lease expired (its worker died)
# is queued again, at most JOBS_MAX_ATTEMPTS times. Results (files) live under JOBS_DIR, in the
# shared upload directory, and expire after JOBS_RESULT_SECONDS. The periodic work registry
# is looked at every JOBS_TICK_SECONDS.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
JOBS_DIR = UPLOAD_DIR / "jobs"
JOBS_LEASE_SECONDS = int(env_str("KAOPING_JOBS_LEASE_SECONDS", "30") or "30")
JOBS_MAX_ATTEMPTS = int(env_str("KAOPING_JOBS_MAX_ATTEMPTS", "5") or "5")
JOBS_RESULT_SECONDS = int(env_str("KAOPING_JOBS_RESULT_SECONDS", "86400") or "86400")
JOBS_TICK_SECONDS = int(env_str("KAOPING_JOBS_TICK_SECONDS", "10") or "10")
# A bulk import runs as jobs of at most this many workbooks each (several workers share it).
KAOPING_BULK_CHUNK = int(env_str("KAOPING_BULK_CHUNK", "40") or "40")
# The bare insert endpoint of bench/deadline_surge.py exists only when this is set.
BENCH_ENDPOINTS = env_bool("KAOPING_BENCH_ENDPOINTS")

# The tamper-evident audit chain (docs/architecture.md "The audit chain", docs/deploy.md 审计). The key
# of its HMAC-SM3; unset, a public development key (this line) is used and ``check-deploy`` refuses.
AUDIT_KEY_DEVELOPMENT = "kaoping-DEVELOPMENT-ONLY-audit-key-never-in-production"
AUDIT_KEY_SET = env_str("KAOPING_AUDIT_KEY") is not None
AUDIT_KEY = env_str("KAOPING_AUDIT_KEY") or AUDIT_KEY_DEVELOPMENT
AUDIT_KEYS_OLD = env_list("KAOPING_AUDIT_KEYS_OLD", [])  # keys before ``audit rotate-key``: still verify
# Where ``kaoping audit anchor`` appends the chain's head: a file, or "syslog".
AUDIT_ANCHOR = env_str("KAOPING_AUDIT_ANCHOR", str(VAR_DIR / "audit-anchors.log")) or "syslog"
AUDIT_ANCHOR_SECONDS = int(env_str("KAOPING_AUDIT_ANCHOR_SECONDS", "3600") or "3600")
AUDIT_KEEP_DAYS = 180  # GB/T 22239-2019 level 3: kept at least six months; not configurable
# Only the benchmark may switch the chain off (to measure what it costs): never in production.
AUDIT_CHAIN = not (BENCH_ENDPOINTS and env_bool("KAOPING_BENCH_UNCHAINED"))
# "portable": no PostgreSQL-specific statement (kaoping.dialect), for PostgreSQL-derived databases.
SQL_DIALECT = env_str("KAOPING_SQL_DIALECT", "native") or "native"

# Reminders (docs/spec.md §14.3, docs/deploy.md 催报): scheduled this many days before a unit's
# deadline, then the day after it and every REMIND_OVERDUE_EVERY_DAYS days while it is overdue.
REMIND_BEFORE_DAYS = [int(d) for d in env_list("KAOPING_REMIND_BEFORE_DAYS", ["3", "1"])]
REMIND_OVERDUE_EVERY_DAYS = int(env_str("KAOPING_REMIND_OVERDUE_EVERY_DAYS", "3") or "3")
REMINDER_TICK_SECONDS = int(
    env_str("KAOPING_REMINDER_TICK_SECONDS", "300") or "300"
)  # how often workers send
REMINDER_MAX_TRIES = int(env_str("KAOPING_REMINDER_MAX_TRIES", "4") or "4")
REMINDER_RETRY_MINUTES = int(env_str("KAOPING_REMINDER_RETRY_MINUTES", "10") or "10")
REMINDER_SIGNATURE = env_str("KAOPING_REMINDER_SIGNATURE", "人社信息化考评与规划评估平台") or ""
# E-mail through an SMTP server (none set: reminders are not e-mailed).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env_str("KAOPING_SMTP_HOST", "") or ""
EMAIL_PORT = int(env_str("KAOPING_SMTP_PORT", "25") or "25")
EMAIL_HOST_USER = env_str("KAOPING_SMTP_USER", "") or ""
EMAIL_HOST_PASSWORD = env_str("KAOPING_SMTP_PASSWORD", "") or ""
EMAIL_USE_TLS = env_bool("KAOPING_SMTP_STARTTLS")
EMAIL_USE_SSL = env_bool("KAOPING_SMTP_SSL")
EMAIL_TIMEOUT = int(env_str("KAOPING_SMTP_TIMEOUT", "20") or "20")
DEFAULT_FROM_EMAIL = env_str("KAOPING_MAIL_FROM", "kaoping@localhost") or "kaoping@localhost"
# SMS through the department's gateway (none set: reminders are not sent by SMS).
SMS_URL = env_str("KAOPING_SMS_URL", "") or ""
SMS_TEMPLATE_ID = env_str("KAOPING_SMS_TEMPLATE_ID", "") or ""
SMS_SIGN_NAME = env_str("KAOPING_SMS_SIGN_NAME", "") or ""
SMS_TOKEN = env_str("KAOPING_SMS_TOKEN", "") or ""
SMS_TIMEOUT = int(env_str("KAOPING_SMS_TIMEOUT", "10") or "10")

# Logs go to standard error (gunicorn/systemd keep them: journalctl -u kaoping) and to
# LOG_DIR/kaoping.log; every line carries the request id the 500 page shows (docs/deploy.md, 日志).
# django.request logs every server error with its traceback, DEBUG or not.
LOG_DIR = Path(env_str("KAOPING_LOG_DIR", str(VAR_DIR / "log")) or "log")
LOG_DIR.mkdir(parents=True, exist_ok=True)
_LOG_HANDLERS = ["console", "file"]
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "kaoping.ops.requestid.RequestIdFilter"}},
    "formatters": {
        "line": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "line", "filters": ["request_id"]},
        "file": {
            # WatchedFileHandler reopens the file after logrotate moves it
            "class": "logging.handlers.WatchedFileHandler",
            "filename": str(LOG_DIR / "kaoping.log"),
            "encoding": "utf-8",
            "formatter": "line",
            "filters": ["request_id"],
        },
    },
    "loggers": {
        "kaoping": {"handlers": _LOG_HANDLERS, "level": env_str("KAOPING_LOG_LEVEL", "INFO")},
        "django.request": {"handlers": _LOG_HANDLERS, "level": "ERROR", "propagate": False},
        "django.security": {"handlers": _LOG_HANDLERS, "level": "WARNING", "propagate": False},
    },
}

# Evidence files: outside the web root, served only through the evaluation's view.
EVIDENCE_DIR = Path(env_str("KAOPING_EVIDENCE_DIR", str(VAR_DIR / "uploads" / "evidence")) or "evidence")
EVIDENCE_MAX_BYTES = int(env_str("KAOPING_EVIDENCE_MAX_BYTES", str(10 * 1024 * 1024)) or 0)
