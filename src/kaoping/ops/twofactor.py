"""Two-factor sign-in (docs/deploy.md, 等保三级对照) with django-otp: a code from any
authenticator app (TOTP, ``otp_totp``) or one of ten one-time recovery codes (``otp_static``).

Who must: every administrator (``ADMIN_ROLES``) and any superuser, while the deployment
requires it (``REQUIRE_TWO_FACTOR``); anyone else may enrol. Someone who has enrolled is asked
for a code at every sign-in. Enrolling, switching off one's own and resetting someone's are
account changes (``AccountChange``); resetting someone's is the 安全管理员's act
(``Action.MANAGE_SECURITY``).
"""

from __future__ import annotations

import re
from base64 import b32encode
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kaoping.ops import changes, policy, recovery
from kaoping.orgs.access import Action, held_roles, may_manage_user
from kaoping.orgs.actors import Actor, CliActor
from kaoping.orgs.models import User
from kaoping.orgs.roles import ADMIN_ROLES

RECOVERY_CODES = 10
TOTP_NAME, RECOVERY_NAME = "authenticator", "recovery"
ON, OFF = "已启用双因素认证", "未启用双因素认证"
_DIGITS = re.compile(r"^[0-9]{6}$")


def required(user: User) -> bool:
    """Whether ``user`` must sign in with a second factor: an administrator in a deployment that
    requires it, everyone once the security policy says so (``kaoping.ops.policy``)."""
    if policy.effective().two_factor_all:
        return True
    if not settings.REQUIRE_TWO_FACTOR:
        return False
    return user.is_superuser or bool(held_roles(user) & ADMIN_ROLES)


def anyone_required() -> bool:
    """Whether anyone at all must give a second factor (the middleware's shortcut)."""
    return bool(settings.REQUIRE_TWO_FACTOR) or policy.effective().two_factor_all


def enrolled(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def verified(user: object) -> bool:
    """django-otp's mark (``OTPMiddleware``): signed in with a second factor in this session."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified and is_verified())


def pending_device(user: User) -> TOTPDevice:
    """The authenticator being enrolled (one unconfirmed device, kept until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)


def secret_text(device: TOTPDevice) -> str:
    """The secret as an authenticator app takes it typed in: base32, in groups of four."""
    text = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def qr_svg(device: TOTPDevice) -> str:
    """The enrolment address (otpauth://) as an inline SVG QR code."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    image.save(buffer)
    svg = buffer.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]  # without the XML declaration


def normalise(code: str) -> str:
    """Digits and letters only (spaces, dashes and anything else a person or a script sends
    dropped): what a code or a recovery code can hold."""
    return re.sub(r"[^0-9a-z]", "", (code or "").lower())[:32]


def verify(user: User, code: str) -> Device | None:
    """The device that accepts ``code`` (six digits: the authenticator; otherwise a recovery
    code, used up); None when none does. django-otp throttles each device after failures."""
    code = normalise(code)
    if not code:
        return None
    devices: list[Device]
    if _DIGITS.match(code):
        devices = list(TOTPDevice.objects.filter(user=user, confirmed=True))
    else:
        devices = list(StaticDevice.objects.filter(user=user, confirmed=True))
    for device in devices:
        with transaction.atomic():
            if _accepts(device, code):
                return device
    return None


def _accepts(device: Device, code: str) -> bool:
    if isinstance(device, StaticDevice):
        return recovery.use(device, code)  # the codes are stored hashed
    return bool(device.verify_token(code))


def remaining_codes(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def new_recovery_codes(user: User) -> list[str]:
    """Ten fresh one-time recovery codes; earlier ones stop working. Shown once, stored hashed
    (``kaoping.ops.recovery``)."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
        tokens = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        recovery.store(device, tokens)
    return tokens


def confirm(user: User, device: TOTPDevice, code: str) -> list[str] | None:
    """Finish enrolment with a code the app shows: the device is confirmed and ten recovery
    codes made (returned, to show once). None when the code is wrong."""
    if device.user_id != user.pk or device.confirmed or not _DIGITS.match(normalise(code)):
        return None
    if not device.verify_token(normalise(code)):
        return None
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = new_recovery_codes(user)
        changes.record(user, user, "otp_on", OFF, ON, "page")
    return codes


def switch_off(user: User) -> bool:
    """One's own second factor off — only for someone not required to have one."""
    if required(user):
        raise PermissionDenied("管理员必须使用双因素认证，不能停用")
    with transaction.atomic():
        found = _delete_devices(user)
        if found:
            changes.record(user, user, "otp_off", ON, OFF, "page")
    return found


def reset(actor: Actor, target: User, channel: str) -> bool:
    """The 安全管理员 (``Action.MANAGE_SECURITY``) removes ``target``'s second factor, e.g. after
    a lost phone; the person enrols again at the next sign-in. Audited; False when there was none."""
    if not may_manage_user(actor, target, Action.MANAGE_SECURITY):
        raise PermissionDenied("无权重置双因素认证：该账号不属于您管理的组织")
    if not isinstance(actor, CliActor) and actor.pk == target.pk:
        raise PermissionDenied("不能重置自己的双因素认证：请由其他安全管理员办理")
    with transaction.atomic():
        found = _delete_devices(target)
        if found:
            changes.record(actor, target, "otp_reset", ON, OFF + "（下次登录时重新绑定）", channel)
    return found


def _delete_devices(user: User) -> bool:
    found = enrolled(user)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return found
