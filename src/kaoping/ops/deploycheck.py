"""What is unsafe about this deployment: Django's ``check --deploy`` plus the product's own checks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings


@dataclass(frozen=True)
class Problem:
    key: str
    message: str
    fatal: bool = False  # ``kaoping serve`` refuses to start


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
    except ValueError:
        return False
    return True


def _secret_problems() -> list[Problem]:
    key = settings.SECRET_KEY
    if key.startswith("kaoping-dev-only") or key.startswith("django-insecure"):
        return [
            Problem("secret", "SECRET_KEY 是开发用的固定值；请用 KAOPING_SECRET_KEY_FILE 提供随机密钥", True)
        ]
    if len(key) < 50 or len(set(key)) < 5:
        return [Problem("secret", "SECRET_KEY 太短或太简单（至少 50 个随机字符）", True)]
    return []


def problems() -> list[Problem]:
    """The product's own checks (the ones Django does not make)."""
    found: list[Problem] = []
    if settings.DEBUG:
        found.append(Problem("debug", "DEBUG 已开启（KAOPING_DEBUG）：出错时会向用户暴露代码和配置", True))
    found += _secret_problems()
    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        found.append(
            Problem("database", f"数据库为 {engine}：生产环境请用 PostgreSQL（KAOPING_DATABASE_URL）")
        )
    if not settings.SESSION_COOKIE_SECURE or not settings.CSRF_COOKIE_SECURE:
        found.append(Problem("cookies", "Cookie 未设为仅 HTTPS 发送（KAOPING_SECURE_COOKIES）"))
    if "*" in settings.ALLOWED_HOSTS:
        found.append(Problem("hosts", "ALLOWED_HOSTS 含 *：请列出实际域名（KAOPING_ALLOWED_HOSTS）", True))
    upload = Path(settings.UPLOAD_DIR)
    for name in ("UPLOAD_DIR", "EVIDENCE_DIR"):
        folder = getattr(settings, name, None)
        if folder is not None and _inside(Path(folder), Path(settings.STATIC_ROOT)):
            found.append(
                Problem("uploads", f"{name}（{folder}）位于静态文件目录内，上传文件可被直接访问", True)
            )
    if upload.exists() and upload.stat().st_mode & 0o002:
        found.append(Problem("uploads", f"上传目录 {upload} 对所有用户可写"))
    if settings.PASSWORD_HASHERS[0].rsplit(".", 1)[-1] != "Argon2PasswordHasher":
        found.append(Problem("hashing", "密码摘要算法不是 Argon2"))
    if settings.PASSWORD_MIN_LENGTH < 8:
        found.append(Problem("passwords", "密码最短长度低于 8（等保三级）"))
    if settings.SESSION_COOKIE_AGE > 8 * 3600:
        found.append(Problem("session", "会话空闲超时超过 8 小时"))
    if not getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.SECURE_SSL_REDIRECT:
        found.append(
            Problem(
                "https", "未声明 HTTPS：在 nginx 后请设 KAOPING_BEHIND_PROXY=1，否则设 KAOPING_SSL_REDIRECT=1"
            )
        )
    if getattr(settings, "SECURE_PROXY_SSL_HEADER", None) and not settings.TRUSTED_PROXIES:
        found.append(
            Problem(
                "proxies",
                "在 nginx 后但未设 KAOPING_TRUSTED_PROXIES：登录日志与失败锁定只看到代理的地址，"
                "一人输错密码会把经同一代理登录的所有人锁定",
            )
        )
    if getattr(settings, "BENCH_ENDPOINTS", False):
        found.append(Problem("bench", "KAOPING_BENCH_ENDPOINTS 已开启：压测端点不应出现在生产环境"))
    return found + _security_problems()


def _security_problems() -> list[Problem]:
    """等保三级 (docs/deploy.md, 等保三级对照): two factors, the audit key."""
    found: list[Problem] = []
    if not settings.REQUIRE_TWO_FACTOR:
        found.append(
            Problem(
                "two_factor",
                "管理员未强制双因素认证（KAOPING_REQUIRE_2FA=0，仅供单机演示）：等保三级要求管理员以两种鉴别方式登录",
            )
        )
    key = str(settings.AUDIT_KEY)
    if not settings.AUDIT_KEY_SET or key == settings.AUDIT_KEY_DEVELOPMENT:  # kaoping.auditchain's key
        found.append(
            Problem(
                "audit_key",
                "未设置审计密钥（KAOPING_AUDIT_KEY_FILE 或 KAOPING_AUDIT_KEY）：审计记录无法防篡改校验",
            )
        )
    elif len(key) < 32 or len(set(key)) < 5:
        found.append(Problem("audit_key", "审计密钥太短或太简单（至少 32 个随机字符）"))
    return found


def data_problems(demo_password: str) -> list[Problem]:
    """What the database holds that a deployment must not: the demo's accounts (their published
    password), and under 三员分立 any Django superuser."""
    from django.contrib.auth.hashers import check_password
    from django.db.models import Count

    from kaoping.orgs.access import separated
    from kaoping.orgs.models import User

    found: list[Problem] = []
    active = User.objects.filter(is_active=True)
    # The demo gives its hundreds of accounts one hash of one password: try only shared hashes.
    shared = active.values("password").annotate(n=Count("id")).filter(n__gt=1).values_list("password", "n")
    demo = sum(n for password, n in shared if check_password(demo_password, password))
    if demo:
        found.append(
            Problem(
                "demo",
                f"库中有 {demo} 个使用公开演示密码的账号：演示数据不得用于生产，请恢复演示前的备份",
                True,
            )
        )
    found += _chain_key_problems()
    if separated() and User.objects.filter(is_superuser=True).exists():
        names = "、".join(User.objects.filter(is_superuser=True).values_list("username", flat=True)[:5])
        found.append(
            Problem(
                "superuser", f"三员分立时不应有 Django 超级用户（{names}）：请停用或取消其超级用户身份", True
            )
        )
    return found


def _chain_key_problems() -> list[Problem]:
    """The audit chain's key (its last entry's) configured nowhere: the key was changed without
    the rotation's steps (docs/deploy.md §11a, 审计密钥轮换); the next entry would rotate it."""
    from kaoping.auditchain.chain import tip
    from kaoping.auditchain.seal import ring

    kid = tip()[2]
    if not kid or kid in ring():
        return []
    text = f"审计链当前使用的密钥（编号 {kid}）未配置：更换审计密钥时须把旧密钥写入 KAOPING_AUDIT_KEYS_OLD"
    return [
        Problem("audit_key_old", text + "，再执行 kaoping audit rotate-key，否则此前的记录无法核对", True)
    ]
